"""The provisions of issue 12 that a deal's terms ask for, checked on the generated text: withholding tax and
late interest on every payment, insurance, non-solicitation of employees, exclusivity, a non-compete, terms for
the customers of a joint offering, the date line and the definitions index."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import edit_answers, run

from agreement_builder.document.docx_text import document_text
from agreement_builder.resources import package_file

DEALS = Path(__file__).parent / "deals"
EXAMPLE = package_file("example.yaml")
ALL_DEALS = [EXAMPLE, *sorted(DEALS.glob("*.yaml"))]
IDS = [deal.stem for deal in ALL_DEALS]
# The test deals that pay something between the partners (the technology deal's royalty included).
PAYING = ["example", "co-marketing-ontario", "co-selling-competitors-swiss", "referral-one-way", "supplier-english",
          "technology-france-sweden"]


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
    return {deal.stem: _build(tmp_path_factory.mktemp(deal.stem), deal) for deal in ALL_DEALS}


def clause(text: str, title: str) -> tuple[str, str]:
    """The number and the text of the clause headed `title`."""
    match = re.search(rf"^(\d+)\t{re.escape(title)}\n(.*?)(?=^\d+\t\S|^Signatures$|\Z)", text, re.M | re.S)
    assert match, f"no clause headed {title!r}"
    return match[1], match[2]


# --------------------------------------------------------------------------- withholding tax and late interest


@pytest.mark.parametrize("deal", IDS)
def test_tax_withheld_is_deducted_with_the_receipts_by_default(texts, deal):
    _, body = clause(texts[deal], "Invoicing and payments")
    if "If the law requires the paying Partner to deduct or withhold tax" not in body:
        assert deal not in PAYING, "a deal with payments has no withholding rule"
        return
    assert "pays the other Partner the rest, which settles the payment in full" in body
    assert "sends the other Partner the official receipt or other evidence of the payment" in body
    assert "certificates of residence and forms that the relief requires" in body
    assert "increases the payment" not in body
    # The royalty clause no longer has a withholding rule of its own that could contradict this one.
    assert texts[deal].count("withhold tax") == 1


def test_a_gross_up_when_the_terms_ask_for_it(tmp_path):
    text = _build(tmp_path, DEALS / "technology-france-sweden.yaml", {"money.withholding": "gross_up"})
    _, body = clause(text, "Invoicing and payments")
    assert "increases the payment so that the other Partner, after the deduction, receives the amount it would " \
           "have received if no deduction had been required" in body
    assert "refund of, or a credit against its own taxes for, a tax for which a payment to it was increased" in body
    assert "which settles the payment in full" not in body


@pytest.mark.parametrize("deal", IDS)
def test_late_interest_at_the_rate_the_terms_state(texts, deal):
    text = texts[deal]
    assert "statutory rate" not in text and "the law that governs this Agreement" not in text
    _, body = clause(text, "Invoicing and payments")
    if deal in PAYING:
        assert "A late payment carries simple interest at 8% a year, accruing daily on the amount overdue" in body


def test_a_late_interest_rate_of_the_terms_own_or_none(tmp_path):
    text = _build(tmp_path / "rate", EXAMPLE, {"money.late_interest_percent": 4.5})
    assert "carries simple interest at 4.5% a year" in clause(text, "Invoicing and payments")[1]
    text = _build(tmp_path / "none", EXAMPLE, {"money.late_interest_percent": 0})
    body = clause(text, "Invoicing and payments")[1]
    assert "A late payment carries no interest." in body and "simple interest" not in body
