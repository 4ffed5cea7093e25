"""Review periods for Relationship Value Updates.

Periods are counted in *alliance* time, from the effective date, not calendar
quarters: an alliance that starts on 1 March has its first quarter end on
31 May. Labels read "Y1-Q1" .. "Y2-Q4" (quarterly) or "Y1-H1", "Y1-H2"
(semi-annual). The agreement's review calendar and every RVU form take their
dates from here, so they always agree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from ..errors import AgreementBuilderError
from .behaviours import SURVEY_MONTHS, SurveyCadence
from .model import ReviewCadence, Terms

CADENCE_LETTERS = {SurveyCadence.QUARTERLY: "Q", SurveyCadence.SEMI_ANNUAL: "H"}  # a year has none


@dataclass(frozen=True)
class ReviewPeriod:
    label: str  # "Y1-Q2"
    number: int  # 1-based count of periods since the effective date
    start: dt.date
    end: dt.date  # last day of the period (inclusive)
    due: dt.date  # date each partner's form is due

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def closes_year(self) -> bool:
        """The last period of an alliance year: the annual strategic review follows its forms."""
        return self.label.endswith(("Q4", "H2"))


def review_periods(terms: Terms) -> list[ReviewPeriod]:
    """Every review period of the initial term, in order; the last may be cut short by the term's end."""
    cadence = terms.reviews.cadence
    return periods_every(terms, cadence.months, "Q" if cadence is ReviewCadence.QUARTERLY else "H")


def annual_review_periods(terms: Terms) -> list[ReviewPeriod]:
    """The periods after whose updates the yearly strategic reviews are held: each year's last, except that the
    initial term's last year has its review after the last period whose updates are due before notice about
    renewal must be given (its first period if none is), so that the review can inform that decision."""
    periods = review_periods(terms)
    last_year = _year(periods[-1])
    notice_by = terms.alliance.end_of_initial_term - relativedelta(days=terms.alliance.renewal.non_renewal_notice_days)
    final_year = [p for p in periods if _year(p) == last_year]
    in_time = [p for p in final_year if p.due < notice_by]
    final_review = in_time[-1] if in_time else final_year[0]
    return [p for p in periods if p.closes_year and _year(p) != last_year] + [final_review]


def _year(period: ReviewPeriod) -> str:
    return period.label.split("-")[0]


def executive_review_periods(terms: Terms) -> list[ReviewPeriod]:
    """The periods of the initial term in each of which the executive sponsors review the alliance once
    (governance.executive_review_cadence); `due` is as for a review period, `end` the last day to meet."""
    cadence = terms.governance.executive_review_cadence
    return periods_every(terms, SURVEY_MONTHS[cadence], CADENCE_LETTERS.get(cadence))


def periods_every(terms: Terms, months: int, letter: str | None) -> list[ReviewPeriod]:
    """The initial term cut into periods of `months` from the effective date, labelled "Y1-Q1" (letter
    "Q"), "Y1-H1" ("H") or "Y1" (no letter, a year); each due `reviews.due_days_after_period` after it ends."""
    per_year = 12 // months
    effective, term_end = terms.alliance.effective_date, terms.alliance.end_of_initial_term
    due_after = relativedelta(days=terms.reviews.due_days_after_period)
    periods: list[ReviewPeriod] = []
    while True:
        number = len(periods) + 1
        start = effective + relativedelta(months=months * (number - 1))
        if start > term_end:
            return periods
        end = min(effective + relativedelta(months=months * number, days=-1), term_end)
        year, within = divmod(number - 1, per_year)
        label = f"Y{year + 1}" + (f"-{letter}{within + 1}" if letter else "")
        periods.append(ReviewPeriod(label, number, start, end, end + due_after))


def find_period(terms: Terms, label: str) -> ReviewPeriod:
    """The period called `label` (case-insensitive), or an error listing the valid ones."""
    periods = review_periods(terms)
    for period in periods:
        if period.label.casefold() == label.strip().casefold():
            return period
    valid = ", ".join(p.label for p in periods)
    raise AgreementBuilderError(
        f"there is no review period {label!r} in the initial term", field="--period",
        hint=f"periods run from {periods[0].label} to {periods[-1].label}: {valid}")


def current_period(terms: Terms, today: dt.date) -> ReviewPeriod:
    """The period whose review comes next as of `today`: the one in progress.

    Before the alliance starts that is the first period; after the initial
    term ends there is none, and the user must name one with --period.
    """
    periods = review_periods(terms)
    if today < periods[0].start:
        return periods[0]
    for period in periods:
        if period.contains(today):
            return period
    raise AgreementBuilderError(
        f"the initial term ended on {periods[-1].end}; there is no current review period", field="--period",
        hint=f"name one with --period, from {periods[0].label} to {periods[-1].label}")
