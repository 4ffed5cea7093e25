"""Deal rules: checks across fields, run once every field is valid.

Each rule yields Problems with a field path and a hint. Errors block a build;
warnings are worth a look but a partner may have good reasons to ignore them.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any, Iterator

from ..errors import Problem, Severity
from ..safe_text import safe_filename
from . import kind_rules, law_rules  # noqa: F401  (register the rules of each kind of alliance and of the law)
from .covenants import covenants_problems
from .customer_terms import customer_terms_problems
from .data_protection import country_code
from .data_sharing import completed
from .model import BOTH, Terms
from .registry import RULES, rule
from .registry import blank as _blank
from .registry import error as _error
from .registry import warning as _warning
from .values import CapBasis, FinalForum


def check_deal(terms: Terms | Any, valid_sections: set[str] | None = None) -> list[Problem]:
    """Every problem the deal rules find, errors first.

    `terms` is a Terms, or any object with the valid sections as attributes;
    with `valid_sections`, only rules whose sections are all valid run.
    """
    problems = [p for check, needs in RULES
                if valid_sections is None or needs <= valid_sections
                for p in check(terms)]
    return sorted(problems, key=lambda p: p.severity is Severity.WARNING)


# --------------------------------------------------------------------------- partners


@rule("partners")
def partner_keys_differ(terms: Terms) -> Iterator[Problem]:
    first, second = terms.partners
    if first.key == second.key:
        yield _error("partners[1].key", f"both partners have the key {first.key!r}",
                     "give each partner its own short key, e.g. its name in lowercase")
    for index, partner in enumerate(terms.partners):
        seen: set[str] = set()
        for d_index, department in enumerate(partner.departments):
            if department.key in seen:
                yield _error(f"partners[{index}].departments[{d_index}].key",
                             f"department key {department.key!r} is used twice",
                             "give each department its own key")
            seen.add(department.key)


@rule("partners")
def register_is_named_where_numbers_repeat(terms: Terms) -> Iterator[Problem]:
    # A German commercial-register number (HRA, HRB) is unique only within its local court's register.
    for index, partner in enumerate(terms.partners):
        number = (partner.registration_number or "").strip().upper()
        if country_code(partner.jurisdiction) == "DE" and number.startswith("HR") and not partner.registry:
            yield _warning(f"partners[{index}].registry",
                           f"{partner.short_name}'s number {partner.registration_number} names no register court",
                           "add `registry:` with the court, e.g. `the commercial register of the Amtsgericht "
                           "Charlottenburg`, so the preamble identifies the company beyond doubt")


@rule("partners")
def review_forms_have_their_own_names(terms: Terms) -> Iterator[Problem]:
    # Form files are named from keys made safe for file names (rvu/Y1-Q1-<partner>[-<department>]-long.docx);
    # keys that differ only in what that drops ("a_b" and "a-b") would name the same file.
    seen: dict[str, str] = {}
    for index, partner in enumerate(terms.partners):
        senders = [(f"partners[{index}].key", safe_filename(partner.key))]
        senders += [(f"partners[{index}].departments[{d_index}].key",
                     f"{safe_filename(partner.key)}-{safe_filename(department.key)}")
                    for d_index, department in enumerate(partner.departments)]
        for path, name in senders:
            if name in seen:
                yield _error(path, f"its review forms would have the same file names as those of {seen[name]}",
                             "choose keys that differ by more than - or _")
            seen.setdefault(name, path)


def _partner_references(terms: Terms) -> Iterator[tuple[str, str, bool]]:
    """(path, key, may_be_both) for every place that names a partner.

    Sections that failed field validation are absent and simply skipped.
    """
    for i, goal in enumerate(getattr(terms, "goals", None) or []):
        yield f"goals[{i}].owner", goal.owner, True
    for i, commitment in enumerate(getattr(terms, "commitments", None) or []):
        yield f"commitments[{i}].partner", commitment.partner, False
    if getattr(terms, "accounts", None):
        for i, segment in enumerate(terms.accounts.segments):
            yield f"accounts.segments[{i}].owner", segment.owner, False
    for i, member in enumerate(terms.trust.clean_team if getattr(terms, "trust", None) else []):
        yield f"trust.clean_team[{i}].partner", member.partner, False
    for i, role in enumerate(terms.data_sharing.processing if getattr(terms, "data_sharing", None) else []):
        yield f"data_sharing.processing[{i}].partner", role.partner, False
    if not getattr(terms, "money", None):
        return
    if terms.money.customer_invoiced_by is not None:
        yield "money.customer_invoiced_by", terms.money.customer_invoiced_by, False
    for i, flow in enumerate(terms.money.flows):
        yield f"money.flows[{i}].payer", flow.payer, False
        yield f"money.flows[{i}].payee", flow.payee, False
    for i, split in enumerate(terms.money.revenue_splits):
        yield f"money.revenue_splits[{i}].collected_by", split.collected_by, False
        for j, share in enumerate(split.shares):
            yield f"money.revenue_splits[{i}].shares[{j}].partner", share.partner, False
    for i, share in enumerate(getattr(getattr(terms, "marketing", None), "cost_shares", None) or []):
        yield f"marketing.cost_shares[{i}].partner", share.partner, False


@rule("partners")
def references_name_a_partner(terms: Terms) -> Iterator[Problem]:
    keys = [p.key for p in terms.partners]
    for path, key, may_be_both in _partner_references(terms):
        if key in keys or (may_be_both and key == BOTH):
            continue
        allowed = " or ".join(repr(k) for k in keys + ([BOTH] if may_be_both else []))
        yield _error(path, f"{key!r} is not one of the two partners", f"use {allowed}")


# --------------------------------------------------------------------------- money


@rule("money")
def payer_is_not_payee(terms: Terms) -> Iterator[Problem]:
    for i, flow in enumerate(terms.money.flows):
        if flow.payer == flow.payee:
            yield _error(f"money.flows[{i}].payee", f"{flow.payee!r} would pay itself",
                         "a payment flows from one partner to the other")


@rule("money")
def each_flow_has_one_price(terms: Terms) -> Iterator[Problem]:
    for i, flow in enumerate(terms.money.flows):
        if flow.percentage is None and flow.amount is None:
            yield _error(f"money.flows[{i}]", "neither a percentage nor an amount is given",
                         "set `percentage` or `amount`")
        elif flow.percentage is not None and flow.amount is not None:
            yield _error(f"money.flows[{i}]", "both a percentage and an amount are given",
                         "keep one; describe any combination in `description`")
        # A referral fee is taken of the agreement's Fee Base, which `referrals.fee_base` may word instead.
        elif flow.percentage is not None and _blank(flow.of_what) and not (
                flow.basis == "referral_fee" and terms.referrals and not _blank(terms.referrals.fee_base)):
            yield _warning(f"money.flows[{i}].of_what", "the percentage does not say what it is taken of",
                           "e.g. `net first-year contract value`")


@rule("money")
def revenue_shares_add_up(terms: Terms) -> Iterator[Problem]:
    # Shares on the same trigger split one pot of revenue, so they must make exactly 100%.
    by_trigger: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
    for i, split in enumerate(terms.money.revenue_splits):
        by_trigger[split.trigger.strip().casefold()].append((i, sum((s.percentage for s in split.shares), Decimal(0))))
        partners = [s.partner for s in split.shares]
        for j, key in enumerate(partners):
            if key in partners[:j]:
                yield _error(f"money.revenue_splits[{i}].shares[{j}].partner",
                             f"{key!r} has two shares of the same revenue", "merge them into one share")
    for entries in by_trigger.values():
        total = sum((t for _, t in entries), Decimal(0))
        if total != 100:
            first = entries[0][0]
            yield _error(f"money.revenue_splits[{first}].shares",
                         f"revenue shares on this trigger add up to {total.normalize():f}%, not 100%",
                         "adjust the percentages so the partners' shares make 100%")


@rule("commitments")
def funding_has_currency(terms: Terms) -> Iterator[Problem]:
    for i, commitment in enumerate(terms.commitments):
        if commitment.funding_amount is not None and commitment.funding_currency is None:
            yield _error(f"commitments[{i}].funding_currency", "funding amount has no currency",
                         "add an ISO 4217 code such as EUR")
        if commitment.funding_amount is None and commitment.funding_currency is not None:
            yield _error(f"commitments[{i}].funding_amount", "a currency is given but no amount",
                         "add the amount, or remove the currency")


@rule("alliance")
def opportunity_closes_after_the_start(terms: Terms) -> Iterator[Problem]:
    opportunity = terms.alliance.first_opportunity
    if opportunity and opportunity.target_date and opportunity.target_date < terms.alliance.effective_date:
        yield _warning("alliance.first_opportunity.target_date",
                       f"the first deal is to close on {opportunity.target_date}, before the agreement takes effect "
                       f"on {terms.alliance.effective_date}", "move the target date, or the effective date")


@rule("alliance")
def opportunity_value_has_currency(terms: Terms) -> Iterator[Problem]:
    opportunity = terms.alliance.first_opportunity
    if opportunity and opportunity.estimated_value is not None and opportunity.currency is None:
        yield _error("alliance.first_opportunity.currency", "estimated value has no currency",
                     "add an ISO 4217 code such as EUR")


# --------------------------------------------------------------------------- dates


@rule("alliance", "commitments")
def deadlines_within_term(terms: Terms) -> Iterator[Problem]:
    start, end = terms.alliance.effective_date, terms.alliance.end_of_initial_term
    for i, commitment in enumerate(terms.commitments):
        for j, deliverable in enumerate(commitment.deliverables):
            path = f"commitments[{i}].deliverables[{j}].deadline"
            if deliverable.deadline < start:
                yield _error(path, f"deadline {deliverable.deadline} is before the effective date {start}",
                             "move the deadline, or the effective date")
            elif deliverable.deadline > end:
                yield _error(path, f"deadline {deliverable.deadline} is after the initial term ends on {end}",
                             "move the deadline into the initial term, or lengthen the term")


# --------------------------------------------------------------------------- goals and accounts


@rule("goals")
def goals_are_measurable(terms: Terms) -> Iterator[Problem]:
    for i, goal in enumerate(terms.goals):
        for field, example in (("metric", "number of qualified referrals"),
                               ("target", "40"), ("timeframe", "first 12 months")):
            if _blank(getattr(goal, field)):
                yield _error(f"goals[{i}].{field}", f"goal has no {field}",
                             f"a goal nobody can measure is a wish; e.g. {field}: {example!r}")


@rule("partners", "goals", "commitments")
def each_partner_has_a_stake(terms: Terms) -> Iterator[Problem]:
    for partner in terms.partners:
        if not any(g.owner in (partner.key, BOTH) for g in terms.goals):
            yield _warning("goals", f"no goal says what {partner.short_name} wants from the alliance",
                           f"add a goal with owner: {partner.key}")
        if not any(c.partner == partner.key for c in terms.commitments):
            yield _warning("commitments", f"{partner.short_name} commits nothing to the alliance",
                           f"add a commitment with partner: {partner.key}")


@rule("accounts")
def one_owner_per_segment(terms: Terms) -> Iterator[Problem]:
    owners: dict[str, tuple[int, str]] = {}
    for i, segment in enumerate(terms.accounts.segments):
        name = segment.segment.strip().casefold()
        if name in owners:
            first, owner = owners[name]
            what = "another owner" if owner != segment.owner else "a second time"
            yield _error(f"accounts.segments[{i}].segment",
                         f"segment {segment.segment!r} is listed {what} (first at accounts.segments[{first}])",
                         "each segment has exactly one owner: merge the entries or split the segment")
        else:
            owners[name] = (i, segment.owner)


# --------------------------------------------------------------------------- conditional answers


@rule("trust", "disputes")
def conditional_answers_given(terms: Terms) -> Iterator[Problem]:
    if terms.disputes.final_forum is FinalForum.ARBITRATION and _blank(terms.disputes.arbitration_rules):
        yield _error("disputes.arbitration_rules", "arbitration is chosen but no rules are named",
                     "e.g. `ICC Rules of Arbitration`")


@rule("alliance")
def automatic_renewal_has_a_length(terms: Terms) -> Iterator[Problem]:
    renewal = terms.alliance.renewal
    if renewal.automatic and renewal.renewal_term_months is None:
        yield _error("alliance.renewal.renewal_term_months", "the term renews automatically but for how long is not said",
                     "give the months each renewal term lasts, e.g. 12")


@rule("liability")
def a_fixed_cap_has_an_amount(terms: Terms) -> Iterator[Problem]:
    liability = terms.liability
    if liability is not None and liability.cap_basis is CapBasis.FIXED and liability.cap_amount is None:
        yield _error("liability.cap_amount", "the cap is fixed but its amount is not given",
                     "give the most each partner is liable for, e.g. 250000, or set cap_basis to fees_12_months")


rule("partners", "trust", "covenants")(covenants_problems)
rule("alliance", "partners", "money", "accounts", "technology")(customer_terms_problems)


@rule("disputes")
def one_escalation_path(terms: Terms) -> Iterator[Problem]:
    if terms.disputes.executive_escalation_days is not None:
        yield _warning("disputes.executive_escalation_days",
                       "no longer used: a dispute goes up the escalation path in governance.escalation_path",
                       "delete the line; give the executive sponsors' step its days in the escalation path")


# --------------------------------------------------------------------------- competitors and personal data


@rule("trust")
def competitors_name_a_clean_team(terms: Terms) -> Iterator[Problem]:
    if terms.trust.partners_compete and not terms.trust.clean_team:
        yield _warning("trust.clean_team", "the partners compete but no clean team is named; the alliance managers "
                       "and backup contacts form it", "name who may see the other's sensitive information, and their roles")


@rule("partners", "trust")
def data_sharing_terms_make_sense(terms: Terms) -> Iterator[Problem]:
    given = getattr(terms, "data_sharing", None)
    if not terms.trust.customer_data_shared:
        if given is not None:
            yield _warning("data_sharing", "data-sharing terms are given but not used: trust.customer_data_shared "
                           "is false", "remove the data_sharing section, or set trust.customer_data_shared: true")
        return
    sharing = completed(given, [p.jurisdiction for p in terms.partners])
    if sharing.transfers_outside_europe is None:
        yield _error("data_sharing.transfers_outside_europe", "it cannot be read from the partners' jurisdictions "
                     "whether shared personal data leaves the EEA, the UK and Switzerland",
                     "set it to true or false, or name each partner's country in its jurisdiction")


# --------------------------------------------------------------------------- warnings


@rule("alliance", "partners", "governance")
def advice(terms: Terms) -> Iterator[Problem]:
    if terms.alliance.first_opportunity is None:
        yield _warning("alliance.first_opportunity", "no first joint opportunity is named",
                       "an alliance with no deal on the table is talk: name the first deal you will pursue")
    for i, partner in enumerate(terms.partners):
        if partner.backup_contact is None:
            yield _warning(f"partners[{i}].backup_contact", f"{partner.short_name} has no backup contact",
                           "people leave: name who takes over from the alliance manager")
        elif partner.backup_contact.name.strip() == partner.alliance_manager.name.strip():
            yield _warning(f"partners[{i}].backup_contact", "the backup contact is the alliance manager",
                           "name a different person")
    if not terms.governance.problem_solving_protocols:
        yield _warning("governance.problem_solving_protocols", "no problem-solving protocol is agreed",
                       "e.g. `bring a proposed solution with every problem`")
