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
from .model import ReviewCadence, Terms


@dataclass(frozen=True)
class ReviewPeriod:
    label: str  # "Y1-Q2"
    number: int  # 1-based count of periods since the effective date
    start: dt.date
    end: dt.date  # last day of the period (inclusive)
    due: dt.date  # date each partner's form is due

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def review_periods(terms: Terms) -> list[ReviewPeriod]:
    """Every review period of the initial term, in order; the last may be cut short by the term's end."""
    cadence = terms.reviews.cadence
    months = cadence.months
    per_year = 12 // months
    letter = "Q" if cadence is ReviewCadence.QUARTERLY else "H"
    effective, term_end = terms.alliance.effective_date, terms.alliance.end_of_initial_term
    due_after = relativedelta(days=terms.reviews.due_days_after_period)
    periods = []
    number = 1
    while True:
        start = effective + relativedelta(months=months * (number - 1))
        if start > term_end:
            break
        end = min(effective + relativedelta(months=months * number, days=-1), term_end)
        year, within = divmod(number - 1, per_year)
        periods.append(ReviewPeriod(f"Y{year + 1}-{letter}{within + 1}", number, start, end, end + due_after))
        number += 1
    return periods


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
