"""The defects a commercial lawyer found in the generated agreement (issue 12), each checked on the generated
text of the example and the test deals: what survives the term, the Recovery Plan exit, the exit periods,
information shared under light confidentiality, change of control, sub-clause references, grammar that
must survive any field value, insolvency, arbitral nominations and the last review."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import edit_answers, run, terms_with

from agreement_builder.answers import load_terms
from agreement_builder.document.agreement import plan_agreement
from agreement_builder.document.docx_text import document_text
from agreement_builder.resources import package_file
from agreement_builder.terms.periods import review_periods

DEALS = Path(__file__).parent / "deals"
EXAMPLE = package_file("example.yaml")
ALL_DEALS = {deal.stem: deal for deal in [EXAMPLE, *sorted(DEALS.glob("*.yaml"))]}


def _build(folder: Path, deal: Path, changes: dict | None = None) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "deal.yaml"
    file.write_text(deal.read_text(encoding="utf-8"), encoding="utf-8")
    if changes:
        edit_answers(file, changes)
    result = run("build", file, "-o", folder / "out")
    assert result.exit_code == 0, result.output
    return document_text(folder / "out" / "agreement.docx")


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    return {name: _build(tmp_path_factory.mktemp(name), deal) for name, deal in ALL_DEALS.items()}


def numbers(deal: str) -> dict[str, str]:
    """Clause id -> number, as the document numbers the clauses of this deal."""
    return plan_agreement(load_terms(ALL_DEALS[deal])).numbers


def clause_text(text: str, number: str) -> str:
    """The text of clause `number`, from its heading to the next clause or the signatures."""
    match = re.search(rf"^{number}\t[^\n]*\n(.*?)(?=^\d+\t\S|^Signatures$|\Z)", text, re.M | re.S)
    assert match, f"no clause {number}"
    return match[1]


# --------------------------------------------------------------------------- 2. survival


@pytest.mark.parametrize("deal", ALL_DEALS)
def test_survival_names_every_clause_that_must_outlive_the_term(texts, deal):
    by_id = numbers(deal)
    survival = clause_text(texts[deal], by_id["survival"])
    listed = set(re.findall(r"^\([a-z]+\)\tclause (\d+) ", survival, re.M))
    must = ["definitions", "confidentiality-strict", "confidentiality-light", "competing-partners", "customer-data",
            "invoicing-and-payments", "revenue-sharing", "warranties", "liability", "exit", "dispute-escalation",
            "mediation", "disputes-courts", "disputes-arbitration", "governing-law", "notices",
            "general-provisions", "referral-fees"]
    for clause_id in must:
        if clause_id in by_id:
            assert by_id[clause_id] in listed, clause_id
    terms = load_terms(ALL_DEALS[deal])
    if any(f.percentage is not None or f.basis in ("referral_fee", "resale_margin", "royalty")
           for f in terms.money.flows) or terms.money.revenue_splits:
        assert by_id["reporting-and-audit"] in listed
    assert by_id["termination-for-cause"] not in listed and by_id["term-and-renewal"] not in listed


# --------------------------------------------------------------------------- 11. the last review


@pytest.mark.parametrize("deal", ALL_DEALS)
def test_the_last_review_is_due_within_the_term_or_survives_it(texts, deal):
    terms = load_terms(ALL_DEALS[deal])
    by_id = numbers(deal)
    survival = clause_text(texts[deal], by_id["survival"])
    last = review_periods(terms)[-1]
    survives = f"clause {by_id['relationship-value-updates']} (Relationship Value Updates), as far as it concerns " \
               "the Relationship Value Updates for the last Review Period of the Term" in survival
    assert last.due <= terms.alliance.end_of_initial_term or survives
    if last.due > terms.alliance.end_of_initial_term:
        assert "for the last Review Period of the Term are due in the same way, although the Term has by then " \
               "ended" in clause_text(texts[deal], by_id["relationship-value-updates"])


def test_a_review_due_on_the_last_day_of_its_period_needs_no_survival(tmp_path):
    text = _build(tmp_path, EXAMPLE, {"reviews.due_days_after_period": 0})
    terms = terms_with(load_terms(EXAMPLE), {"reviews.due_days_after_period": 0})
    by_id = plan_agreement(terms).numbers
    assert review_periods(terms)[-1].due <= terms.alliance.end_of_initial_term
    assert f"clause {by_id['relationship-value-updates']} " not in clause_text(text, by_id["survival"])
