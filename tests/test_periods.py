"""Review periods: alliance quarters and halves counted from the effective date."""
from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from helpers import terms_with
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_builder.answers import load_terms
from agreement_builder.errors import AgreementBuilderError
from agreement_builder.resources import package_file
from agreement_builder.terms.periods import current_period, find_period, review_periods

EXAMPLE = load_terms(package_file("example.yaml"))  # read-only; hypothesis tests cannot use fixtures


def with_calendar(terms, *, effective=None, months=None, cadence=None, due_days=None):
    changes = {"alliance.effective_date": effective, "alliance.initial_term_months": months,
               "reviews.cadence": cadence, "reviews.due_days_after_period": due_days}
    return terms_with(terms, {path: value for path, value in changes.items() if value is not None})


def test_quarters_of_a_two_year_term(example_terms):
    periods = review_periods(example_terms)
    assert [p.label for p in periods] == [f"Y{y}-Q{q}" for y in (1, 2) for q in (1, 2, 3, 4)]
    assert (periods[0].start, periods[0].end) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert (periods[-1].start, periods[-1].end) == (dt.date(2028, 10, 1), dt.date(2028, 12, 31))
    assert periods[0].due == dt.date(2027, 4, 15)  # 15 days after the period, as the example says


def test_alliance_quarters_not_calendar_quarters(example_terms):
    terms = with_calendar(example_terms, effective=dt.date(2027, 3, 1), months=12)
    first = review_periods(terms)[0]
    assert (first.start, first.end) == (dt.date(2027, 3, 1), dt.date(2027, 5, 31))


def test_semi_annual_halves(example_terms):
    terms = with_calendar(example_terms, cadence="semi_annual")
    periods = review_periods(terms)
    assert [p.label for p in periods] == ["Y1-H1", "Y1-H2", "Y2-H1", "Y2-H2"]
    assert periods[1].start == dt.date(2027, 7, 1)


def test_last_period_is_cut_short_by_the_term(example_terms):
    terms = with_calendar(example_terms, months=10)
    periods = review_periods(terms)
    assert [p.label for p in periods] == ["Y1-Q1", "Y1-Q2", "Y1-Q3", "Y1-Q4"]
    assert periods[-1].end == terms.end_of_initial_term == dt.date(2027, 10, 31)


def test_due_date_follows_the_setting(example_terms):
    terms = with_calendar(example_terms, due_days=0)
    assert all(p.due == p.end for p in review_periods(terms))


@settings(max_examples=60, deadline=None)
@given(effective=st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31)),
       months=st.integers(1, 72), cadence=st.sampled_from(["quarterly", "semi_annual"]))
def test_periods_tile_the_term_exactly(effective, months, cadence):
    # Month-end effective dates (31 January...) are where date arithmetic goes wrong.
    terms = with_calendar(EXAMPLE, effective=effective, months=months, cadence=cadence)
    periods = review_periods(terms)
    assert periods[0].start == effective
    assert periods[-1].end == terms.end_of_initial_term
    for before, after in zip(periods, periods[1:]):
        assert after.start == before.end + relativedelta(days=1)
    assert all(p.start <= p.end for p in periods)
    assert len({p.label for p in periods}) == len(periods)


def test_find_period_ignores_case_and_spaces(example_terms):
    assert find_period(example_terms, " y2-q3 ").label == "Y2-Q3"


@pytest.mark.parametrize("label", ["Y3-Q1", "Q1", "Y1-H1", ""])
def test_find_period_refuses_unknown_labels_and_lists_the_valid_ones(example_terms, label):
    with pytest.raises(AgreementBuilderError) as caught:
        find_period(example_terms, label)
    assert caught.value.field == "--period"
    assert "Y1-Q1" in caught.value.hint and "Y2-Q4" in caught.value.hint


@pytest.mark.parametrize("today, label", [
    (dt.date(2026, 6, 1), "Y1-Q1"),  # before the alliance starts: its first period
    (dt.date(2027, 1, 1), "Y1-Q1"),
    (dt.date(2027, 4, 1), "Y1-Q2"),
    (dt.date(2027, 6, 30), "Y1-Q2"),
    (dt.date(2028, 12, 31), "Y2-Q4"),
])
def test_current_period(example_terms, today, label):
    assert current_period(example_terms, today).label == label


def test_no_current_period_after_the_term(example_terms):
    with pytest.raises(AgreementBuilderError, match="no current review period"):
        current_period(example_terms, dt.date(2029, 1, 1))
