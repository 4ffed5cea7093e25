"""Survey periods: when the health survey runs, counted from the effective date like the review periods.

Labels follow the review periods' ("Y1-Q2", "Y1-H1"), with "Y1", "Y2"... for a
yearly survey; each survey is due `reviews.due_days_after_period` days after its
period ends, the same as the review forms.
"""
from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from ..errors import AgreementBuilderError
from ..terms.behaviours import SURVEY_MONTHS, SurveyCadence
from ..terms.model import Terms
from ..terms.periods import ReviewPeriod


def survey_periods(terms: Terms) -> list[ReviewPeriod]:
    """Every survey period of the initial term, in order (none when the terms have no `health`)."""
    if terms.health is None:
        return []
    cadence = terms.health.survey_cadence
    months = SURVEY_MONTHS[cadence]
    per_year = 12 // months
    letter = {SurveyCadence.QUARTERLY: "Q", SurveyCadence.SEMI_ANNUAL: "H"}.get(cadence)
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


def find_survey_period(terms: Terms, label: str) -> ReviewPeriod:
    periods = _required(terms)
    for period in periods:
        if period.label.casefold() == label.strip().casefold():
            return period
    raise AgreementBuilderError(f"there is no survey period {label!r} in the initial term", field="--period",
                                hint="survey periods: " + ", ".join(p.label for p in periods))


def current_survey_period(terms: Terms, today: dt.date) -> ReviewPeriod:
    """The survey period in progress on `today` (the first one before the alliance starts)."""
    periods = _required(terms)
    if today < periods[0].start:
        return periods[0]
    for period in periods:
        if period.contains(today):
            return period
    raise AgreementBuilderError(f"the initial term ended on {periods[-1].end}; there is no current survey period",
                                field="--period", hint=f"name one with --period, from {periods[0].label} to "
                                f"{periods[-1].label}")


def _required(terms: Terms) -> list[ReviewPeriod]:
    periods = survey_periods(terms)
    if not periods:
        raise AgreementBuilderError("the terms agree no healthy behaviours, so there is no health survey",
                                    field="health", hint="add a health section with the behaviours the partners "
                                    "agree on (see `agreement-builder example`), or run `interview --section health`")
    return periods
