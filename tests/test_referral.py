"""A referral alliance drafts as its own kind: which way referrals go, what a valid referral is, the fee
base, the tail, non-circumvention, and none of a co-selling deal's joint opportunities, revenue shares or
joint projects."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DELETE, assert_terms_defined_and_clauses_present, edit_answers, run, terms_with
from scripted_user import User, plain

from agreement_builder.answers import load_answers, load_terms
from agreement_builder.document.docx_text import document_text
from agreement_builder.interview import prompts, walker

DEALS = Path(__file__).parent / "deals"
ONE_WAY = DEALS / "referral-one-way.yaml"

# Co-selling wording that has no place in a referral agreement.
NEVER_IN_A_REFERRAL = [
    "Joint Opportunit", "shared pipeline", "Shared Revenue", "Revenue sharing", "Paying every supplier",
    "Joint Project", "perform its part of any customer contract", "open Joint Opportunities",
    "invoices the customer for every sale",
]

TWO_WAY = {
    "referrals.direction": "both",
    "money.flows": [
        {"payer": "maplestone", "payee": "harbor", "basis": "referral_fee", "description": "Referral fee to Harbor Lane",
         "trigger": "the referred customer signs a contract with Maplestone", "percentage": 10,
         "of_what": "first-year net contract value"},
        {"payer": "harbor", "payee": "maplestone", "basis": "referral_fee", "description": "Referral fee to Maplestone",
         "trigger": "the referred customer signs an advisory engagement with Harbor Lane", "amount": 2500},
    ],
}
NO_FEES = {"money.flows": [], "referrals.direction": "harbor"}


def _deal(tmp_path: Path, changes: dict | None = None) -> Path:
    file = tmp_path / "deal.yaml"
    file.write_text(ONE_WAY.read_text(encoding="utf-8"), encoding="utf-8")
    return edit_answers(file, changes) if changes else file


def _agreement_text(tmp_path: Path, changes: dict | None = None) -> str:
    file = _deal(tmp_path, changes)
    result = run("build", file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return document_text(tmp_path / "out" / "agreement.docx")


@pytest.fixture(scope="module")
def one_way(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("one-way"))


@pytest.fixture(scope="module")
def two_way(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("two-way"), TWO_WAY)


@pytest.fixture(scope="module")
def no_fees(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("no-fees"), NO_FEES)


def test_the_one_way_deal_checks_clean():
    answers = load_answers(ONE_WAY)
    assert not answers.errors and not answers.missing, answers.errors + answers.missing


@pytest.mark.parametrize("fragment", [
    "a referral alliance in which Harbor Lane introduces suitable customers to Maplestone",
    "Harbor Lane (the “Referring Partner”) may introduce to Maplestone (the “Receiving Partner”)",
    "Referrals go one way only",
    "within 10 days after receiving it",
    "the first to register wins",
    "was already a customer of the Receiving Partner",
    "is a “Referral”", "the “Referred Customer”",
    "within 12 months after its Registration was received (the “Fee Period”)",
    "after the Term has ended",
    "10% of the Fee Base of each such Referred Customer (its first-year net contract value)",
    "The “Fee Base” of a Referred Customer is",
    "shall not go around the Referring Partner",
    "is not a party to any contract between the Receiving Partner and a Referred Customer",
    "gives no promise or assurance on behalf of the Receiving Partner",
    "will receive a referral fee from the Receiving Partner",
    "Harbor Lane refers customers to Maplestone",
])
def test_a_one_way_referral_says(one_way, fragment):
    assert fragment in one_way


@pytest.mark.parametrize("fragment", NEVER_IN_A_REFERRAL)
def test_a_referral_agreement_has_no_co_selling_wording(one_way, two_way, no_fees, fragment):
    for text in (one_way, two_way, no_fees):
        assert fragment not in text


def test_a_two_way_referral(two_way):
    assert "each of them introduces suitable customers to the other" in two_way
    assert "Each Partner may introduce to the other prospective customers" in two_way
    assert "Referrals go one way only" not in two_way
    assert "Maplestone pays Harbor Lane 10% of the Fee Base" in two_way
    assert "Harbor Lane pays Maplestone USD 2,500.00 for each such Referred Customer" in two_way
    assert "each party refers" not in two_way and "each partner refers customers to the other" in two_way


def test_without_fees_nothing_follows_no_fees(no_fees):
    assert "No fees are payable between the Partners" in no_fees
    for fragment in ("Referral fees", "send the other an invoice", "Reporting and audit", "audited",
                     "Fee Base", "late payment"):
        assert fragment not in no_fees


def test_optional_clauses_follow_the_terms(tmp_path):
    text = _agreement_text(tmp_path, {"referrals.non_circumvention": False, "referrals.fee_disclosure": False,
                                      "referrals.fee_base": "the first invoice the customer pays, net of tax"})
    assert "go around" not in text and "will receive a referral fee" not in text
    assert "defined by the Partners as follows: the first invoice the customer pays, net of tax" in text


@pytest.mark.parametrize("changes", [None, TWO_WAY, NO_FEES], ids=["one-way", "two-way", "no fees"])
def test_no_placeholder_is_left_behind(tmp_path, changes):
    text = _agreement_text(tmp_path, changes)
    assert "Not applicable" not in text and "[]" not in text
    assert "None" not in text.replace("None agreed.", ""), "a value left empty is printed as None"
    lines = [line for line in text.splitlines() if line.strip()]
    for line, after in zip(lines, lines[1:] + [""]):
        if line.rstrip().endswith(("as follows:", "are:", "following payments to each other:")):
            assert re.match(r"^\(?[a-z]\)\t|^\(a\)", after) or "|" in after, f"nothing follows {line!r}"


@pytest.mark.parametrize("changes", [None, TWO_WAY, NO_FEES], ids=["one-way", "two-way", "no fees"])
def test_every_term_used_is_defined_and_every_reference_present(tmp_path, changes):
    terms = load_terms(_deal(tmp_path, changes))
    assert_terms_defined_and_clauses_present(terms)


# ---- old files, and the rules


def test_an_old_referral_file_infers_the_direction_from_the_fee(tmp_path):
    # Written before the referrals section existed: it still says who invoices and covers suppliers.
    file = _deal(tmp_path, {"referrals": DELETE, "money.customer_invoiced_by": "maplestone",
                            "money.pay_every_supplier": True})
    terms = load_terms(file)
    assert terms.referrals.direction == "harbor"
    assert terms.referrals.tail_months == 12 and terms.referrals.non_circumvention
    result = run("build", file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Paying every supplier" not in document_text(tmp_path / "out" / "agreement.docx")


def test_check_names_a_direction_it_cannot_infer(tmp_path):
    result = run("check", _deal(tmp_path, {"money.flows": [], "referrals": DELETE}))
    assert result.exit_code == 1
    assert "referrals.direction" in result.output


@pytest.mark.parametrize(("changes", "path"), [
    ({"referrals.direction": "nobody"}, "referrals.direction"),
    ({"referrals.direction": "maplestone"}, "money.flows[0].payee"),
    ({"money.revenue_splits": [{"description": "x", "trigger": "y", "collected_by": "harbor",
                                "shares": [{"partner": "harbor", "percentage": 100}]}]}, "money.revenue_splits"),
])
def test_referral_rules(tmp_path, changes, path):
    result = run("check", _deal(tmp_path, changes))
    assert result.exit_code == 1
    assert path in result.output


def test_other_kinds_refuse_referral_terms_and_need_an_invoicing_partner():
    example = load_terms(Path(__file__).parents[1] / "agreement_builder" / "data" / "example.yaml")
    from agreement_builder.terms.rules import check_deal
    # The example pays a referral fee, whose terms a co-selling deal may give (test_co_selling.py); without one it may not.
    def without_referral_fees(data: dict) -> None:
        data["money"]["flows"] = [f for f in data["money"]["flows"] if f["basis"] != "referral_fee"]
        data["referrals"] = {"tail_months": 6}
    with_referrals = terms_with(example, without_referral_fees)
    assert any(p.path == "referrals" for p in check_deal(with_referrals))
    no_invoicer = terms_with(example, {"money.customer_invoiced_by": None})
    assert any(p.path == "money.customer_invoiced_by" for p in check_deal(no_invoicer))


def test_a_dollar_amount_between_us_and_canadian_partners_offers_us_dollars(monkeypatch, tmp_path):
    # A Delaware LLC and an Ontario corporation: the currency offered follows what they type, never EUR.
    target = plain(load_answers(ONE_WAY).data)
    user = User(target, script={"alliance.first_opportunity.estimated_value": ["$150,000"]})
    monkeypatch.setattr(prompts, "_ask", user)
    walker.run_interview(tmp_path / "deal.yaml")
    offered = {s["path"]: s.get("default") for s in user.asked}
    assert offered["alliance.first_opportunity.currency"] == "USD"
    assert offered["partners[1].jurisdiction"] == "Ontario, Canada"  # read off "Toronto, ON M5H 3T4"
    assert load_answers(tmp_path / "deal.yaml").data["alliance"]["first_opportunity"]["estimated_value"] == 150000


def test_the_review_of_a_referral_deal_says_nothing_of_who_invoices_the_customer(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(prompts, "_ask", User(plain(load_answers(ONE_WAY).data)))
    monkeypatch.setenv("COLUMNS", "120"), monkeypatch.setenv("LINES", "80")  # room for the review in full
    walker.run_interview(tmp_path / "deal.yaml")
    money = next(line for line in capsys.readouterr().out.splitlines() if "[money]" in line)
    assert "Currency USD; payment within 30 days" in money and "invoiced" not in money


def test_a_referral_is_tight_where_a_lawyer_looks_for_leaks(one_way, two_way):
    # the first referral named at signing is registered and accepted then, not left to the process
    assert re.search(r"The first opportunity described in Section \d+ \(Keller Precision Components Inc\.\) is treated as "
                     r"registered by the Referring Partner and accepted by the Receiving Partner on the Effective Date",
                     one_way)
    assert "It is treated as registered and accepted as the first Referral under Section" in one_way  # New York
    assert "(for the first opportunity, no later than the date of this Agreement)" in one_way  # the fee disclosure
    assert "The first opportunity described in" not in two_way  # who introduced it is not known
    # a declined registration is explained in writing, with records on request
    assert "say in writing which of the following reasons" in one_way and "dated records" in one_way
    # a referred customer's affiliates count; the fee base cannot be shrunk, and its currency is converted
    assert "A contract that an Affiliate of a Referred Customer signs" in one_way
    assert "an “Affiliate” of a person is a company under its Control" in one_way
    assert "through its own Affiliate, a reseller" in one_way
    assert "does not include renewals or extensions of that contract" in one_way
    assert "in a currency other than USD is converted into USD at the rate" in one_way  # one rule, in the payments
    assert "shall not reduce the Fee Base by shifting value" in one_way
    assert "No fee is repaid for a refund or credit given more than 12 months after the fee was paid" in one_way
