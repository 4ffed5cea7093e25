"""Survey periods: when the health survey runs, counted from the effective date like the review periods.

Labels follow the review periods' ("Y1-Q2", "Y1-H1"), with "Y1", "Y2"... for a
yearly survey; each survey is due `reviews.due_days_after_period` days after its
period ends, the same as the review forms.
"""
from __future__ import annotations

import datetime as dt

from ..errors import AgreementBuilderError
from ..terms.behaviours import SURVEY_MONTHS
from ..terms.model import Terms
from ..terms.periods import CADENCE_LETTERS, ReviewPeriod, periods_every


def survey_periods(terms: Terms) -> list[ReviewPeriod]:
    """Every survey period of the initial term, in order (none when the terms have no `health`)."""
    if terms.health is None:
        return []
    cadence = terms.health.survey_cadence
    return periods_every(terms, SURVEY_MONTHS[cadence], CADENCE_LETTERS.get(cadence))


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
