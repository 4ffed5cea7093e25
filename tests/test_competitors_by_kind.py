"""Competitors' clause read per kind: the Alliance Business is what the alliance actually does, price wording
only where a joint proposal is made (co-selling), and the renegotiation, reporting and laws fit the deal."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import edit_answers, run

from agreement_builder.document.docx_text import document_text

DEALS = Path(__file__).parent / "deals"
COMPETING = {"trust.partners_compete": True}
DEAL_OF_KIND = {
    "technology": "technology-france-sweden.yaml",
    "co_selling": "co-selling-competitors-swiss.yaml",
    "supplier": "supplier-english.yaml",
    "co_marketing": "co-marketing-ontario.yaml",
    "referral": "referral-one-way.yaml",
}
ALLIANCE_BUSINESS = {
    "technology": "which means the integration of the Partners' technologies with each other, the development "
                  "they carry out together under the Alliance, and the licences that this Agreement grants",
    "co_selling": "which means the joint offering of the Partners' products and services to customers",
    "supplier": "which means the supply of Products by the Supplier to the Buyer under clause",
    "co_marketing": "which means the Joint Campaigns the Partners run together under clause",
    "referral": "which means the introduction of customers by one Partner to the other under Section",  # US law
}
PRICE_WORDING = ["is agreed between the Partners only as far as a joint proposal", "a cost or a price needed for a "
                 "joint proposal", "offer, sell or market together"]


def _text(tmp_path: Path, kind: str, changes: dict | None = None) -> str:
    file = tmp_path / "deal.yaml"
    file.write_text((DEALS / DEAL_OF_KIND[kind]).read_text(encoding="utf-8"), encoding="utf-8")
    edit_answers(file, {**COMPETING, **(changes or {})})
    result = run("build", file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return document_text(tmp_path / "out" / "agreement.docx")


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    return {kind: _text(tmp_path_factory.mktemp(kind), kind) for kind in DEAL_OF_KIND}


@pytest.mark.parametrize("kind", list(DEAL_OF_KIND))
def test_the_alliance_business_is_what_the_alliance_does(texts, kind):
    assert ALLIANCE_BUSINESS[kind] in texts[kind]


@pytest.mark.parametrize("kind", [k for k in DEAL_OF_KIND if k != "co_selling"])
def test_only_co_selling_agrees_a_price_for_a_joint_proposal(texts, kind):
    for fragment in PRICE_WORDING:
        assert fragment not in texts[kind]


def test_co_selling_agrees_a_price_only_for_a_joint_proposal(texts):
    for fragment in PRICE_WORDING[:2]:
        assert fragment in texts["co_selling"]


def test_a_supplier_agrees_only_the_supply_price(texts):
    assert ("the only price agreed between the Partners is the one the Buyer pays the Supplier for Products, and "
            "the Buyer alone decides the prices at which it resells them") in texts["supplier"]


def test_only_a_finding_suspends_a_term_and_counsel_only_opens_negotiation(texts):
    text = texts["technology"]
    assert "competition counsel advising either Partner in writing finds" not in text
    assert "shall promptly agree in writing the change" not in text
    assert ("If a competent competition authority, court or arbitral tribunal finds that a term of this Agreement"
            in text)
    assert "neither Partner is obliged, from then on, to perform that term" in text
    assert "may say so by notice to the other Partner" in text
    assert re.search(r"until a change is agreed, or a finding under clause \d+\.\d+ is made, the term continues to apply",
                     text)
    assert text.count("If no change is agreed in writing within 60 days") == 1
    assert "If no such change is agreed in writing within 60 days after the finding" in text
    assert "may refer the matter for resolution as a Dispute under clause" in text


def test_withheld_information_and_safeguards_do_not_stop_the_royalty_reports_and_audit(texts):
    text = texts["technology"]
    assert ("the safeguards above prevents a Partner from giving, or the other from asking for, the statements, "
            "reports and records that this Agreement requires to calculate or check a payment, or an audit of "
            "them. They are given only to the other Partner's Clean Team or to the independent accountant") in text
    assert "Neither the list of information that each Partner keeps to itself under clause" in text


@pytest.mark.parametrize(("kind", "named", "not_named"), [
    ("technology", ["Article 101 of the Treaty on the Functioning of the European Union",
                    "Article L420-1 of the French Commercial Code", "Sweden's Competition Act (2008:579)"],
     ["Sherman Act", "Canada"]),
    ("supplier", ["Article 101 of the Treaty", "the United Kingdom's Competition Act 1998"], ["Sherman Act"]),
    ("co_marketing", ["Canada's Competition Act", "the United States' Sherman Act"], ["Treaty on the Functioning"]),
    ("co_selling", ["the Swiss Federal Act on Cartels"], ["Sherman Act", "Treaty on the Functioning"]),
])
def test_the_competition_laws_named_are_those_of_the_partners_and_the_territory(texts, kind, named, not_named):
    sentence = next(line for line in texts[kind].splitlines() if "shall comply with the competition law" in line)
    assert "including, as far as each applies, " in sentence
    for law in named:
        assert law in sentence
    for law in not_named:
        assert law not in sentence


def test_a_deal_in_countries_the_table_does_not_know_names_no_law(tmp_path):
    text = _text(tmp_path, "co_selling", {"partners.0.jurisdiction": "Japan", "partners.1.jurisdiction": "Japan",
                                          "alliance.territory": "Japan"})
    assert "shall comply with the competition law that applies to the Alliance.\n" in text
