"""A co-selling alliance between competitors: the pipeline the partners must share is not Competitively
Sensitive Information, the people who see roadmaps are named, and a referral fee has the registration,
tail and fee base a referral deal gives it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import build_text, clause

from agreement_builder.answers import load_terms
from agreement_builder.terms.referrals import Referrals
from agreement_builder.terms.rules import check_deal

EXAMPLE = Path(__file__).parents[1] / "agreement_builder" / "data" / "example.yaml"






@pytest.fixture(scope="module")
def example(tmp_path_factory) -> str:
    return build_text(tmp_path_factory.mktemp("co-selling"), EXAMPLE)


def test_the_pipeline_the_partners_must_share_is_not_competitively_sensitive(example):
    competition = clause(example, "Competition law and the clean team")[1]
    assert "It does not include the information that this Agreement requires the Partners to share in order " \
           "to pursue Joint Opportunities together" in competition
    registration = re.search(r"^(\d+\.\d+)\tA “Joint Opportunity”", example, re.M).group(1)
    assert f"the registration of each Joint Opportunity under clause {registration}" in competition
    assert "remains Competitively Sensitive Information and goes only to the Clean Team" in competition


def test_roadmaps_go_only_to_the_clean_team(example):
    """Product plans are Competitively Sensitive Information between competitors: the example's own safeguard sends
    roadmaps to the Clean Team, not to an undefined "named alliance team"."""
    competition = clause(example, "Competition law and the clean team")[1]
    assert "named alliance team" not in example
    assert "business or product plans" in competition
    assert "Commercial roadmap plans for the connected features (launch pricing, target customers) are shared only with the clean team." in competition


def test_a_co_selling_referral_fee_has_registration_tail_and_fee_base(example):
    fees = clause(example, "Referral fees")[1]
    assert "(an “Introduction”)" in fees and "is an “Introduced Customer”" in fees
    assert "within 12 months after its Introduction was received (the “Referral Fee Period”), whether the " \
           "contract is signed during the Term or after it has ended" in fees
    assert "calculated on the “Referral Fee Base” of the Introduced Customer, which is what the list of payments " \
           "in clause 16 calls first-year net contract value" in fees
    assert "shall not go around the introducing Partner to avoid a referral fee" in fees
    assert "(Referral fees), as far as it concerns Introductions received before the end of the Term" in example
    assert "A referral fee is also earned after the end of the Term for an Introduced Customer" in example
    assert "signs a Tidewater contract, for an Introduced Customer as clause 15 provides." in example


def test_the_referral_terms_key_a_co_selling_referral_fee(tmp_path):
    text = build_text(tmp_path, EXAMPLE, {"referrals": {"tail_months": 6, "acceptance_days": 7,
                                                    "fee_base": "the fees of the first contract year",
                                                    "non_circumvention": False}})
    fees = clause(text, "Referral fees")[1]
    assert "within 6 months after its Introduction was received" in fees and "within 7 days" in fees
    assert "defined by the Partners as follows: the fees of the first contract year" in fees
    assert "go around" not in fees
    assert not [p for p in check_deal(load_terms(tmp_path / "deal.yaml")) if p.path == "referrals"]


def test_no_referral_fee_no_referral_clause_and_referral_terms_refused(tmp_path):
    text = build_text(tmp_path, EXAMPLE, {"money.flows": [{"payer": "larkspur", "payee": "tidewater",
                                                       "basis": "fixed_fee", "description": "Webinar costs",
                                                       "trigger": "the webinar takes place", "amount": 5000}]})
    assert "Referral Fee Period" not in text and "Introduction" not in text
    terms = load_terms(tmp_path / "deal.yaml")
    with_referrals = terms.model_copy(update={"referrals": Referrals()})
    assert any(p.path == "referrals" for p in check_deal(with_referrals))
