"""The governing law decides the draft's conventions: paper, spelling, dates, courts, taxes (issue 13).

One deal per supported law: the example with that law, its courts seated at one of the law's cities.
"""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from docx.shared import Inches, Mm
from helpers import assert_reported, clause, edit_answers, run, terms_with

from agreement_builder.answers import load_terms
from agreement_builder.document.docx_text import document_text
from agreement_builder.document.page_setup import PAPER
from agreement_builder.pipeline import agreement_bytes
from agreement_builder.resources import package_file
from agreement_builder.rvu.forms import plan_forms, render_form
from agreement_builder.terms.governing_law import profile_for, profiles
from agreement_builder.terms.periods import find_period

# Words the example's clauses use in one spelling or the other (none of them typed by the partners).
SPELLING = {
    "gb": ["authorised", "organisation", "defence", "behaviour"],
    "us": ["authorized", "organization", "defense", "behavior"],
}
COUNTRY_NAMES = {"US": "USA", "CA": "Canada", "GB": "United Kingdom", "IE": "Ireland", "DE": "Germany",
                 "CH": "Switzerland", "FR": "France", "NL": "Netherlands", "SE": "Sweden", "SG": "Singapore",
                 "AU": "Australia"}


def _deal(example_terms, key: str):
    profile = profiles()[key]
    venue = f"{profile.seats[0].title()}, {COUNTRY_NAMES[profile.country]}"
    terms = terms_with(example_terms, {"disputes.governing_law": key, "disputes.final_forum": "courts",
                                       "disputes.venue": venue, "disputes.arbitration_rules": None})
    return terms, venue


@pytest.fixture(scope="module")
def built(request) -> dict:
    """Each supported law's agreement, as a python-docx document and its text."""
    example = load_terms(package_file("example.yaml"))
    documents = {}
    for key in profiles():
        terms, venue = _deal(example, key)
        data, _ = agreement_bytes(terms, today=dt.date(2026, 12, 1))
        document = Document(io.BytesIO(data))
        documents[key] = (document, document_text(data), venue)
    return documents


@pytest.mark.parametrize("key", list(profiles()))
def test_each_law_sets_paper_language_and_dates(built, key):
    document, text, _ = built[key]
    profile = profiles()[key]
    width, height = (Inches(8.5), Inches(11)) if profile.paper == "letter" else (Mm(210), Mm(297))
    section = document.sections[0]
    assert abs(section.page_width - width) < Mm(1) and abs(section.page_height - height) < Mm(1)
    langs = {e.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
             for e in document.styles.element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")}
    assert langs == {profile.language}
    in_us_style = profile.locale in ("en_US", "en_CA")
    assert ("January 1, 2027" in text) == in_us_style and ("1 January 2027" in text) != in_us_style


@pytest.mark.parametrize("key", list(profiles()))
def test_each_law_takes_its_spelling_throughout(built, key):
    _, text, _ = built[key]
    spelling = profiles()[key].spelling
    other = "gb" if spelling == "us" else "us"
    for word in SPELLING[spelling]:
        assert word in text, word
    for word in SPELLING[other]:
        assert word not in text, word


@pytest.mark.parametrize("key", list(profiles()))
def test_each_law_names_its_courts_law_and_taxes(built, key):
    _, text, venue = built[key]
    profile = profiles()[key]
    courts = clause(text, "Jurisdiction")[1]
    assert f"lies with {profile.courts_for(venue)}." in courts
    assert ("TRIAL BY JURY" in courts) == profile.jury_waiver
    assert ("may be served on it by delivering it by hand or by international courier" in courts) == \
        profile.service_by_notice
    # the example's partners are German and Irish: one of them is outside every law's country
    assert ("appoint an agent in" in courts) == profile.process_agent
    law = clause(text, "Governing law")[1]
    grounds = "whether in contract, in tort or otherwise" if profile.common_law else "whether contractual or non-contractual"
    assert f"{grounds}, is governed by {profile.law}" in law  # a civil law knows no tort
    assert ("section 5-1401 of the New York General Obligations Law" in law) == (key == "new_york")
    # the law's general words, then its own country's tax (Swiss MWST) and the example's German partner's VAT, named
    taxes = re.search(r"exclusive of (.*?), which are added where the law requires", text)[1]
    assert taxes.startswith(f"{profile.sales_tax} (including ") and taxes.endswith("German Umsatzsteuer)"), taxes
    assert ("Swiss MWST" in taxes) == (key == "switzerland") and taxes.count("German Umsatzsteuer") == 1


def test_new_york_courts_are_in_manhattan_with_a_jury_waiver(built):
    _, text, _ = built["new_york"]
    courts = clause(text, "Jurisdiction")[1]
    assert ("the courts of the State of New York sitting in New York County and the United States District Court "
            "for the Southern District of New York") in courts
    assert "5-1402" not in courts  # it covers only deals of at least USD 1 million: the submission stands alone
    assert "INCLUDING ANY COUNTERCLAIM" in courts and "Service by email alone is not enough." in courts
    assert "sales, use, value added and similar taxes" in text


def test_german_courts_sit_at_the_named_seat_and_england_needs_a_process_agent(built):
    assert "Frankfurt, Germany" not in clause(built["germany"][1], "Jurisdiction")[1]  # the city, not the country
    assert "lies with the Landgericht (Regional Court) Frankfurt or" in clause(built["germany"][1], "Jurisdiction")[1]
    england = clause(built["england_and_wales"][1], "Jurisdiction")[1]
    assert "lies with the courts of England and Wales." in england
    assert "A Partner that is not incorporated or organised in England and Wales shall" in england


@pytest.mark.parametrize("text, key", [
    ("the laws of the State of New York", "new_york"), ("New York law", "new_york"),
    ("the substantive law of Switzerland", "switzerland"), ("Swiss law", "switzerland"),
    ("French law", "france"), ("the law of England and Wales", "england_and_wales"), ("English law", "england_and_wales"),
    ("the laws of New South Wales", "new_south_wales"), ("the laws of the Province of Ontario", "ontario"),
    ("Dutch law", "netherlands"), ("German law", "germany"), ("ontario", "ontario"),
    ("the laws of Northern Ireland", None), ("Scots law", None), ("the laws of Ruritania", None),
])
def test_free_text_names_its_law(text, key):
    found = profile_for(text)
    assert (found.key if found else None) == key


def test_a_free_text_law_keeps_its_words_and_takes_the_conventions(example_terms):
    terms = terms_with(example_terms, {"disputes.governing_law": "the laws of the State of New York & its courts"})
    data, _ = agreement_bytes(terms)
    text = document_text(data)
    assert "is governed by the laws of the State of New York & its courts, without regard" in text
    assert Document(io.BytesIO(data)).sections[0].page_width == Inches(8.5)


def test_check_says_when_it_cannot_tell_the_law(example_file):
    edit_answers(example_file, {"disputes.governing_law": "the laws of Ruritania"})
    result = run("check", example_file)
    assert "disputes.governing_law" in result.output and "Ruritania" in result.output
    assert "drafted neutrally" in result.output
    assert result.exit_code == 0  # a warning: the deal still builds
    edit_answers(example_file, {"disputes.governing_law": "Swiss law"})
    assert "disputes.governing_law" not in run("check", example_file).output


def test_an_unknown_law_is_drafted_neutrally(example_terms):
    terms = terms_with(example_terms, {"disputes.governing_law": "the laws of Ruritania",
                                       "disputes.final_forum": "courts", "disputes.venue": "Strelsau, Ruritania"})
    data, _ = agreement_bytes(terms)
    text = document_text(data)
    assert "lies with the courts of Strelsau." in text
    assert "is governed by the laws of Ruritania." in text
    assert "TRIAL BY JURY" not in text and "agent in" not in text
    assert Document(io.BytesIO(data)).sections[0].page_width == PAPER["a4"][0]


@pytest.mark.parametrize("key, paper, grey", [("new_york", PAPER["letter"][0], "gray boxes"),
                                              ("germany", PAPER["a4"][0], "grey boxes")])
def test_the_review_forms_follow_the_paper_and_spelling(example_terms, key, paper, grey):
    terms, _ = _deal(example_terms, key)
    spec = plan_forms(terms)[0]
    data = render_form(terms, find_period(terms, "Y1-Q1"), spec)
    assert Document(io.BytesIO(data)).sections[0].page_width == paper
    text = document_text(data)
    assert grey in text
    assert ("January" in text) and (("1, 2027" in text) == (key == "new_york"))


def test_a_bad_governing_law_is_reported(example_file):
    edit_answers(example_file, {"disputes.governing_law": ""})
    assert_reported(run("check", example_file))


@pytest.mark.parametrize("key", list(profiles()))
def test_late_interest_follows_the_law_unless_the_terms_state_a_rate(built, key):
    _, text, _ = built[key]
    interest = profiles()[key].late_interest
    line = next(line for line in text.splitlines() if "A late payment carries" in line)
    assert f"until the day it is paid, at {interest.rate}" in line
    assert ("statutory rate for late payment" not in line)
    assert (f", the rate under {interest.statute}." in line) == bool(interest.statute)
    assert (f"substantial remedy for late payment under {interest.remedy_act}" in line) == bool(interest.remedy_act)


def test_a_rate_in_the_terms_wins_over_the_law(example_terms):
    terms = terms_with(example_terms, {"money.late_interest_percent": 6, "disputes.governing_law": "germany"})
    text = document_text(agreement_bytes(terms)[0])
    assert "A late payment carries simple interest at 6% a year" in text
    assert "288(2)" not in text


@pytest.mark.parametrize("key", list(profiles()))
def test_the_sales_convention_is_excluded_only_where_it_applies_and_venue_is_american(built, key):
    _, text, _ = built[key]
    profile = profiles()[key]
    excluded = "International Sale of Goods does not apply" in clause(text, "Governing law")[1]
    assert excluded == (profile.country not in ("GB", "IE"))  # the UK and Ireland never joined it
    assert ("or an improper venue" in clause(text, "Jurisdiction")[1]) == (profile.country == "US")
    assert "wrong venue" not in text


@pytest.mark.parametrize("key", list(profiles()))
def test_the_laws_mediation_body_appoints_a_mediator_failing_agreement(built, key):
    _, text, _ = built[key]
    body = profiles()[key].mediation_body
    assert f"either of them may ask {body} to appoint one." in clause(text, "Mediation")[1]


@pytest.mark.parametrize("key", list(profiles()))
def test_the_partnership_a_shared_purpose_can_create_is_excluded_by_name(built, key):
    _, text, _ = built[key]
    form = profiles()[key].partnership_form
    sentence = next(line for line in text.splitlines() if "nothing in it creates a partnership in law" in line)
    assert (f"a partnership in law (including {form}), a joint venture" in sentence) if form else \
        "a partnership in law, a joint venture" in sentence
    assert bool(form) == (key in ("switzerland", "germany", "sweden"))


@pytest.mark.parametrize("key", list(profiles()))
def test_implied_warranties_are_disclaimed_conspicuously_under_a_us_law(built, key):
    # A disclaimer of merchantability must name it and be conspicuous (UCC 2-316); elsewhere the plain exclusion.
    _, text, _ = built[key]
    american = profiles()[key].country == "US"
    german = profiles()[key].liability_style == "german"  # gives no guarantee instead (tests/test_law_drafting.py)
    civil = not profiles()[key].common_law  # excludes statutory warranty rights instead
    assert ("IMPLIED WARRANTY OF MERCHANTABILITY, OF FITNESS FOR A PARTICULAR PURPOSE" in text) == american
    assert ("every warranty or condition that would otherwise be implied by law is excluded" in text) == (
        not american and not german and not civil)
