"""Every payment between the partners is earned on its trigger and payable a set time after an invoice that the
payee can actually send: what the payer calculates from its own figures is first shown in a quarterly
statement; a fixed fee is invoiced when it is earned; a yearly fee is earned on each anniversary for the year then ended.
The reporting the partners agreed is drafted whenever something is paid, with an audit right over what a
payment is calculated from."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import terms_with

from agreement_builder.answers import load_terms
from agreement_builder.document.docx_text import document_text
from agreement_builder.pipeline import agreement_bytes

DEALS = Path(__file__).parent / "deals"
EXAMPLE = Path(__file__).parents[1] / "agreement_builder" / "data" / "example.yaml"

STATEMENT = ("Within 15 days after the end of each calendar quarter, the paying Partner shall send the other a "
             "statement that shows each such payment earned in that quarter and how it was calculated")
INVOICED_FROM_STATEMENT = "then invoices the total the statement shows"
PAYABLE = "A payment is payable 30 days after the paying Partner receives a correct invoice for it"


def _text(terms) -> str:
    data, _ = agreement_bytes(terms)
    return document_text(data)


def _deal(name: str):
    return load_terms(EXAMPLE if name == "example" else DEALS / f"{name}.yaml")


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    names = ["referral-one-way", "technology-france-sweden", "supplier-english", "co-marketing-ontario",
             "co-selling-competitors-swiss", "example"]
    return {name: _text(_deal(name)) for name in names}


def _clause(text: str, title: str) -> str:
    start = re.search(rf"^\d+\t{title}$", text, re.M)
    assert start, title
    end = re.search(r"^\d+\t", text[start.end():], re.M)
    return text[start.start():start.end() + end.start()]


@pytest.mark.parametrize("name", ["referral-one-way", "technology-france-sweden", "supplier-english",
                                  "co-marketing-ontario", "co-selling-competitors-swiss", "example"])
def test_no_payment_falls_due_at_a_moment_the_payee_cannot_know(texts, name):
    text = texts[name]
    for vague in ("falls due", "fall due", "fell due", "When a payment falls due", "from the due date"):
        assert vague not in text
    assert PAYABLE in text
    assert "accruing daily on the amount overdue from the day after it became payable until the day it is paid" in text
    assert "Earned when" in text  # the payment schedule's column


def test_a_referral_fee_is_earned_on_signing_and_reported_before_it_is_invoiced(texts):
    text = texts["referral-one-way"]
    assert "The fee is earned when the referred customer signs a contract with Maplestone." in text
    assert "The referral fees are calculated from figures that the paying Partner keeps" in text
    assert STATEMENT in text and INVOICED_FROM_STATEMENT in text and "issues that invoice on the other's behalf." in text
    # the fee base, its adjustment and the clawback run through the statements
    assert "the fee is first shown, in the statement for the quarter in which it is earned" in text
    assert "it shows the refund or credit, and the fee paid on that amount, in its next statement" in text
    assert "within 30 days after the refund or credit" not in text


def test_a_royalty_is_earned_on_invoicing_and_its_base_is_defined(texts):
    text = texts["technology-france-sweden"]
    assert ("a royalty of 8% of the Royalty Base (the net amounts Lumière invoices for those products), which is "
            "earned when Lumière invoices a customer") in text
    assert "The royalties are calculated from figures that the paying Partner keeps" in text
    assert STATEMENT in text
    base = text[text.index("“Royalty Base”: the amounts"):]
    base = base[:base.index("\n")]
    for rule in ("less value added tax and similar taxes (including Swedish mervärdesskatt and French TVA), discounts shown on the invoice, and credit notes "
                 "issued and returns accepted",
                 "sold together with other products or services for a single price",
                 "the part the Partners agree in writing or, failing that, the part that its list price bears",
                 "under a customer contract signed during the Term (including what the Licensee supplies under it in "
                 "the Sell-off Period)",
                 "bear royalty until that contract ends or is first renewed after the end of the Term"):
        assert rule in base


def test_a_royalty_without_a_percentage_has_no_royalty_base():
    terms = terms_with(_deal("technology-france-sweden"), lambda data: data["money"]["flows"][0].update(
        percentage=None, of_what=None, amount=12))
    text = _text(terms)
    assert "Royalty Base" not in text
    assert "a royalty of EUR 12.00, which is earned when" in text and STATEMENT in text


def test_a_fixed_fee_is_invoiced_when_earned(texts):
    text = texts["supplier-english"]
    assert ("Halden pays Norda a fixed fee of GBP 48,000.00, which is earned when Halden approves the "
            "first-article inspection report.") in text
    assert "Each payment between the Partners is invoiced by the Partner entitled to it on or after the day it " \
           "is earned." in text
    assert "statement that shows each such payment" not in text


def test_a_yearly_fee_is_earned_on_each_anniversary_for_the_year_then_ended(texts):
    text = texts["supplier-english"]
    assert "each anniversary of the Effective Date is reached" not in text
    assert ("Halden pays Norda a yearly fixed fee of GBP 30,000.00 for each Contract Year, in arrears: the fee for a "
            "Contract Year is earned on the anniversary of the Effective Date that immediately follows that Contract "
            "Year or, for the Contract Year in which the Term ends, on the last day of the Term.") in text
    assert "A “Contract Year” is each period of 12 months that begins on the Effective Date" in text
    assert "the yearly fee for that Contract Year is reduced pro rata" in text and "refunds the excess" not in text
    assert ("Yearly fee for the reserved capacity | At the end of each Contract Year, on the next anniversary of the "
            "Effective Date (for the last, when the Term ends)") in text


def test_a_fee_without_an_anniversary_has_no_contract_year(texts):
    assert "Contract Year" not in texts["example"]


def test_the_supplier_reporting_is_drafted_and_says_it_is_statements_only(texts):
    reporting = _clause(texts["supplier-english"], "Reporting and audit")
    assert "The supplier sends a monthly statement of deliveries invoiced and payments received." in reporting
    assert "These reports are statements only." in reporting
    assert "The Buyer may nevertheless have the Supplier's records of the supply audited" in reporting


def test_a_supplier_payment_calculated_from_the_buyers_figures_is_audited():
    terms = terms_with(_deal("supplier-english"), lambda data: data["money"]["flows"].append(
        {"payer": "halden", "payee": "norda", "basis": "other", "description": "Volume bonus",
         "trigger": "Halden resells a module", "percentage": 2, "of_what": "Halden's resale price"}))
    text = _text(terms)
    reporting = _clause(text, "Reporting and audit")
    assert "Volume bonus, calculated from the figures of Halden." in reporting
    assert re.search(r"fixed fees and other payments of a fixed amount are not audited, and the Supplier's records of "
                     r"the supply are audited as clause \d+\.\d+ provides\.", reporting)
    assert "other payments calculated as a percentage are calculated from figures that the paying Partner keeps" \
        in text


def test_shared_campaign_costs_are_reported_and_audited(texts):
    text = texts["co-marketing-ontario"]
    reporting = _clause(text, "Reporting and audit")
    assert "Each partner sends a quarterly statement of the shared campaign costs it paid" in reporting
    assert ("each Partner's share of the Shared Costs that the other paid, calculated from the records of the "
            "Partner that paid them.") in reporting
    assert "may have those records audited" in reporting
    assert "The other Partner's share is earned when the supplier is paid, is invoiced with that statement" in text
    assert "Brightwell pays a supplier for Shared Costs" in text


def test_co_marketing_without_shared_costs_or_payments_has_no_reporting_clause(texts):
    terms = terms_with(_deal("co-marketing-ontario"), {"marketing.campaign_costs": "each_own",
                                                        "marketing.cost_shares": [],
                                                        "marketing.yearly_budget": None})
    assert "Reporting and audit" not in _text(terms)


def test_a_revenue_share_is_earned_on_payment_and_reported_each_quarter(texts):
    text = texts["co-selling-competitors-swiss"]
    assert "A share is earned when the customer pays a FieldOne invoice" in text
    assert "The shares of Shared Revenue are calculated from figures that the paying Partner keeps" in text
    assert "shows the other Partner's shares in its quarterly statements under clause" in text
    assert "after the end of the calendar month in which" not in text


def test_every_basis_together_in_the_example(texts):
    text = texts["example"]
    assert "a referral fee of 10% of first-year net contract value, which is earned when" in text
    assert "a fixed fee of EUR 5,000.00, which is earned when the launch webinar takes place" in text
    assert "The referral fees and shares of Shared Revenue are calculated from figures" in text
    assert "Every other payment between the Partners is invoiced by the Partner entitled to it" in text
    # Its referral fee has its own registration (the referral fees clause) and its fixed fee depends on no
    # opportunity: the rule for fees that depend on a Joint Opportunity has nothing to govern.
    assert "A fee that depends on a Joint Opportunity is earned only where" not in text


def test_a_resale_margin_payment_is_reported_by_the_reseller():
    terms = terms_with(_deal("example"), {"money.flows": [
        {"payer": "larkspur", "payee": "tidewater", "basis": "resale_margin", "description": "Margin",
         "trigger": "the customer pays", "percentage": 12.5, "of_what": "net licence fees"}]})
    text = _text(terms)
    assert "A fee that depends on a Joint Opportunity is earned only where" in text
    assert "less that margin, and that payment is earned when the customer pays." in text
    assert "The payments for resales and shares of Shared Revenue are calculated from figures" in text
