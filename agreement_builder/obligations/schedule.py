"""What is due when, and for whom: the dated obligations of one alliance, in date order.

Each date is taken from where the documents take it, so the calendar says what
the agreement and the review forms say:

- review periods, their due dates and the years' last periods from terms/periods.py
  (the agreement's schedule of reviews and every review form), and who sends a
  form from rvu/forms.py's plan of forms;
- health survey periods and who answers from health/periods.py and health/survey.py;
- executive review periods from terms/periods.py, on the executive cadence;
- the end of the initial term from the model (alliance.end_of_initial_term).

The rest is counted here from the terms, as the clauses state it: the launch
period (governance.md), the notice before the end of the term and the renewal
(term-and-renewal.md), confidentiality and non-solicitation after the term
(confidentiality-*.md; non-solicitation.md, when the agreement has that clause and it
outlasts the term),
and the quarterly statements of payments (invoicing-and-payments.md,
co-marketing-costs.md). Dates after the term are counted from the end of the
initial term: a renewal moves them, and the descriptions say so.

Each obligation's key says what it is ("rvu/larkspur/sales/Y1-Q1",
"deliverable/tidewater/launch-webinar-for-existing-tidewater-customers"), never
its date or its place in a list: the calendar's event UIDs are made from it,
so a rebuild with changed terms updates an event instead of adding another.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from dateutil.relativedelta import relativedelta
from slugify import slugify

from .. import formatting
from ..resources import package_file
from ..safe_text import clean_terms
from ..safe_yaml import load_yaml
from ..terms.model import Partner, PaymentBasis, Terms
from ..terms.periods import ReviewPeriod, annual_review_periods, executive_review_periods, review_periods
from ..terms.values import AllianceKind, CampaignCosts

WORDS_FILE = "obligations.yaml"
# Payments the payer calculates from its own figures, and so reports in a quarterly statement
# (the `calculated` list of clauses/invoicing-and-payments.md).
_REPORTED_BASES = (PaymentBasis.REFERRAL_FEE, PaymentBasis.RESALE_MARGIN, PaymentBasis.ROYALTY)


@cache
def words() -> dict:
    """data/obligations.yaml, read once."""
    return load_yaml(package_file(WORDS_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Repeat:
    """A meeting held again and again: `every` is a governance meeting cadence ("weekly")."""

    every: str
    until: dt.date

    def rule(self, start: dt.date) -> dict[str, Any]:
        """The recurrence (RFC 5545 RRULE parts, lower case) of a series that starts on `start`.

        A monthly series from the 29th, 30th or 31st falls on the last day of a shorter month, as the
        terms' months are counted everywhere else, instead of skipping that month as a bare rule would.
        """
        every = words()["every"][self.every]
        rule = {"freq": every["freq"], "interval": every["interval"], "until": self.until}
        if every["freq"] == "MONTHLY" and start.day > 28:
            rule |= {"bymonthday": list(range(28, start.day + 1)), "bysetpos": -1}
        return rule


@dataclass(frozen=True)
class Obligation:
    kind: str  # a key of obligations.yaml `kinds`
    key: str  # what it is, e.g. "rvu/larkspur/sales/Y1-Q1": the source of its calendar UID
    date: dt.date  # the day it is due (a meeting: its first day)
    summary: str
    description: str
    who: str  # who must act
    reminder_days: int
    repeat: Repeat | None = None


def obligations(terms: Terms) -> list[Obligation]:
    """Every dated obligation of the terms, by date (and by key on the same day)."""
    terms, _warnings = clean_terms(terms)  # the text the documents carry (control characters removed)
    found = [*_review_forms(terms), *_health_surveys(terms), *_executive_reviews(terms), *_deliverables(terms),
             *_term_dates(terms), *_after_the_term(terms), *_statements(terms), *_meetings(terms)]
    return sorted(found, key=lambda o: (o.date, o.key))


def _make(kind: str, key: str, on: dt.date, who: str, repeat: Repeat | None = None, /, **values: Any) -> Obligation:
    entry = words()["kinds"][kind]
    shown = {name: formatting.date(v) if isinstance(v, dt.date) else v for name, v in values.items()}
    return Obligation(kind, key, on, entry["summary"].format(**shown), entry["description"].format(**shown),
                      who, int(entry["reminder_days"]), repeat)


def _both(terms: Terms) -> str:
    first, second = (p.short_name for p in terms.partners)
    return words()["both_partners"].format(first=first, second=second)


def _period_values(period: ReviewPeriod) -> dict[str, Any]:
    return {"period": period.label, "start": period.start, "end": period.end, "due": period.due}


# --------------------------------------------------------------------------- forms and reviews


def _senders(specs) -> list[tuple[Partner, Any, Partner]]:
    """(partner, department or None, recipient) once each: a partner's short and long forms are due together."""
    seen: dict[tuple, tuple] = {}
    for spec in specs:
        department = spec.department
        seen.setdefault((spec.sender.key, department.key if department else None),
                        (spec.sender, department, spec.recipient))
    return list(seen.values())


def _sender_name(partner: Partner, department) -> str:
    if department is None:
        return partner.short_name
    return words()["sender_with_department"].format(partner=partner.short_name, department=department.name)


def _sender_key(partner: Partner, department) -> str:
    return "/".join([partner.key] + ([department.key] if department else []))


def _review_forms(terms: Terms) -> list[Obligation]:
    from ..rvu.forms import plan_forms  # the forms a period needs, as `build` writes them

    senders = _senders(plan_forms(terms))
    return [_make("review_form", f"rvu/{_sender_key(partner, department)}/{period.label}", period.due,
                  _sender_name(partner, department), sender=_sender_name(partner, department),
                  recipient=recipient.short_name, **_period_values(period))
            for period in review_periods(terms) for partner, department, recipient in senders]


def _health_surveys(terms: Terms) -> list[Obligation]:
    from ..health.periods import survey_periods
    from ..health.survey import plan_surveys

    periods = survey_periods(terms)
    senders = _senders(plan_surveys(terms)) if periods else []
    return [_make("health_survey", f"health-survey/{_sender_key(partner, department)}/{period.label}", period.due,
                  _sender_name(partner, department), sender=_sender_name(partner, department),
                  recipient=recipient.short_name, **_period_values(period))
            for period in periods for partner, department, recipient in senders]


def _executive_reviews(terms: Terms) -> list[Obligation]:
    cadence = words()["executive_every"][terms.governance.executive_review_cadence.value]
    found = [_make("executive_review", f"executive-review/{period.label}", period.end, _both(terms),
                   cadence=cadence, **_period_values(period))
             for period in executive_review_periods(terms)]
    if terms.reviews.annual_strategic_review:  # as the schedule of reviews marks them (the last year's before renewal)
        found += [_make("annual_review", f"annual-review/{period.label.split('-')[0]}", period.due, _both(terms),
                        year=period.label.split("-")[0].lstrip("Y"), **_period_values(period))
                  for period in annual_review_periods(terms)]
    return found


def _deliverables(terms: Terms) -> list[Obligation]:
    found, keys = [], set()
    for commitment in terms.commitments:
        owner = terms.partner(commitment.partner).short_name
        for deliverable in commitment.deliverables:
            base = key = f"deliverable/{commitment.partner}/{slugify(deliverable.description, max_length=60) or 'item'}"
            count = 1
            while key in keys:  # the same words twice for one partner: told apart by their order alone
                count += 1
                key = f"{base}-{count}"
            keys.add(key)
            found.append(_make("deliverable", key, deliverable.deadline, owner, owner=owner,
                               deliverable=deliverable.description, deadline=deliverable.deadline,
                               commitment=commitment.description))
    return found


# --------------------------------------------------------------------------- the term


def launch_period_end(terms: Terms) -> dt.date:
    """The last day of the launch period: the first governance.launch_period_months after the effective date."""
    return terms.alliance.effective_date + relativedelta(months=terms.governance.launch_period_months, days=-1)


def _term_dates(terms: Terms) -> list[Obligation]:
    alliance, renewal = terms.alliance, terms.alliance.renewal
    end, every = terms.end_of_initial_term, words()["every"]
    launch_end = launch_period_end(terms)
    found = [
        _make("launch_end", "launch-period/end", launch_end, _both(terms), date=launch_end,
              months=formatting.months(terms.governance.launch_period_months),
              launch=every[terms.governance.launch_meeting_cadence.value]["words"],
              steady=every[terms.governance.steady_meeting_cadence.value]["words"]),
        _make("initial_term_end", "initial-term/end", end, _both(terms), date=end,
              months=formatting.months(alliance.initial_term_months)),
    ]
    # "at least N days before the end of the current term": notice given on this day still counts
    notice = end - dt.timedelta(days=renewal.non_renewal_notice_days)
    renews_on = end + dt.timedelta(days=1)
    if renewal.automatic:
        months = formatting.months(renewal.renewal_term_months)
        found += [_make("non_renewal_notice", "renewal/last-day-for-notice", notice, _both(terms), date=notice,
                        end=end, renewal=renews_on, months=months,
                        days=formatting.days(renewal.non_renewal_notice_days)),
                  _make("renewal", "renewal/date", renews_on, _both(terms), date=renews_on, notice=notice,
                        months=months)]
    else:
        found.append(_make("renewal_proposal", "renewal/last-day-for-notice", notice, _both(terms), date=notice,
                           end=end, days=formatting.days(renewal.non_renewal_notice_days)))
    return found


def _after_the_term(terms: Terms) -> list[Obligation]:
    end = terms.end_of_initial_term
    years = terms.trust.confidentiality_years
    confidential_until = end + relativedelta(years=years)
    found = [_make("confidentiality_end", "confidentiality/end", confidential_until, _both(terms),
                   date=confidential_until, end=end, years=formatting.years(years))]
    # Between competitors the clause binds during the term only, "and not after it ends" (non-solicitation.md).
    if _has_clause(terms, "non-solicitation") and not terms.trust.partners_compete:
        months = terms.accounts.non_solicitation_months
        until = end + relativedelta(months=months)
        found.append(_make("non_solicitation_end", "non-solicitation/end", until, _both(terms), date=until, end=end,
                           months=formatting.months(months)))
    return found


def _has_clause(terms: Terms, clause_id: str) -> bool:
    """Whether the agreement (built-in clauses) has this clause: its own `when` condition decides."""
    from ..library.clauses import load_library

    return load_library().get(clause_id).applies(terms)


# --------------------------------------------------------------------------- money


def _quarters(terms: Terms) -> list[tuple[int, int, dt.date, dt.date]]:
    """(year, quarter, first day, last day) of each calendar quarter the initial term touches."""
    effective, end = terms.alliance.effective_date, terms.end_of_initial_term
    start = dt.date(effective.year, 3 * ((effective.month - 1) // 3) + 1, 1)
    found = []
    while start <= end:
        found.append((start.year, (start.month - 1) // 3 + 1, start, start + relativedelta(months=3, days=-1)))
        start += relativedelta(months=3)
    return found


def statement_payers(terms: Terms) -> list[str]:
    """Keys of the partners that send a quarterly statement of the payments they calculate, in partner order:
    the payers of fees, margins and royalties and of any percentage, and the collectors of shared revenue."""
    money = terms.money
    payers = {f.payer for f in money.flows if f.percentage is not None or f.basis in _REPORTED_BASES}
    payers |= {split.collected_by for split in money.revenue_splits}
    return [p.key for p in terms.partners if p.key in payers]


def _statements(terms: Terms) -> list[Obligation]:
    table, found = words(), []
    shared_costs = (terms.alliance.kind is AllianceKind.CO_MARKETING and terms.marketing is not None
                    and terms.marketing.campaign_costs is CampaignCosts.SHARED)
    for year, number, start, end in _quarters(terms):
        quarter = table["quarter"].format(number=number, year=year)
        shown_start = max(start, terms.alliance.effective_date)
        due = end + dt.timedelta(days=table["statement_days"])
        for payer in statement_payers(terms):
            found.append(_make("payment_statement", f"payment-statement/{payer}/{year}-Q{number}", due,
                               terms.partner(payer).short_name, payer=terms.partner(payer).short_name,
                               payee=terms.other(payer).short_name, quarter=quarter, start=shown_start, end=end,
                               date=due))
        if shared_costs:
            due = end + dt.timedelta(days=table["shared_costs_statement_days"])
            found.append(_make("shared_costs_statement", f"shared-costs-statement/{year}-Q{number}", due,
                               _both(terms), quarter=quarter, start=shown_start, end=end, date=due))
    return found


# --------------------------------------------------------------------------- meetings


def _meetings(terms: Terms) -> list[Obligation]:
    governance, every = terms.governance, words()["every"]
    launch_end, term_end = min(launch_period_end(terms), terms.end_of_initial_term), terms.end_of_initial_term
    managers = _both(terms)
    found = [_make("launch_meetings", "meetings/launch", terms.alliance.effective_date, managers,
                   Repeat(governance.launch_meeting_cadence.value, launch_end),
                   every=every[governance.launch_meeting_cadence.value]["words"], until=launch_end)]
    if launch_end < term_end:
        found.append(_make("steady_meetings", "meetings/steady", launch_end + dt.timedelta(days=1), managers,
                           Repeat(governance.steady_meeting_cadence.value, term_end),
                           every=every[governance.steady_meeting_cadence.value]["words"], until=term_end))
    return found
