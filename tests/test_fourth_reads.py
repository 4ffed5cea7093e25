"""What the fourth round of lawyers' reads found (issue 12) in the clauses every deal shares, checked on the
generated text: a safeguard the partners add does not silently take back what the clean-team clause allows,
each partner may use what the other makes alone for the alliance, funding and payments are not counted twice,
and a civil law's right to end a co-ownership does not undo the joint-development rules."""
from __future__ import annotations

import pytest
from helpers import ALL_DEALS, build_text, clause


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    built = {name: build_text(tmp_path_factory.mktemp(name), ALL_DEALS[name])
             for name in ("example", "technology-france-sweden", "supplier-english")}
    built["technology-german"] = build_text(tmp_path_factory.mktemp("technology-german"),
                                            ALL_DEALS["technology-france-sweden"],
                                            {"disputes.governing_law": "the laws of Germany"})
    return built


def test_the_partners_safeguards_do_not_take_back_what_the_clean_team_clause_lets_engineers_see(texts):
    competition = clause(texts["example"], "Competition law and the clean team")[1]
    assert "Nor does it include technical information about how the Partners' products connect" in competition
    assert "The Partners shall also observe the following safeguards, which they have agreed; none of them " \
           "restricts the information that this clause allows to be shared with people outside the Clean Team:" \
           in competition


def test_each_partner_may_use_what_the_other_creates_alone_for_the_alliance(texts):
    ip = clause(texts["example"], "Intellectual property")[1]
    assert "a non-exclusive, non-transferable licence, free of charge, to use its Background IP and what it " \
           "creates alone for the Alliance during the Term" in ip
    assert "gives no right to sell, supply or sublicense what it covers to anyone" in ip
    # a technology deal licenses its developments in its own clause
    tech = clause(texts["technology-france-sweden"], "Intellectual property")[1]
    assert "creates alone for the Alliance during the Term" not in tech
    assert "sublicense the Background IP to anyone" in tech


def test_a_payment_in_the_schedule_does_not_count_towards_a_commitments_funding(texts):
    commitments = clause(texts["example"], "Commitments and deliverables")[1]
    assert "spends the funding itself and no money passes between the Partners because of it. A payment set out " \
           "in Schedule 3 is separate from that funding and does not count towards it, unless Schedule 3 says " \
           "that it does." in commitments
    assert "Unless Schedule 3 provides otherwise" not in commitments


def test_an_introduced_customers_group_company_is_an_affiliate(texts):
    fees = clause(texts["example"], "Referral fees")[1]
    assert "a contract that an Affiliate of it signs for the need named counts as signed by the Introduced " \
           "Customer" in fees
    assert "controlling, controlled by" not in fees


@pytest.mark.parametrize("deal, right", [
    ("technology-france-sweden", "neither Partner may exercise the right under section 6 of the Swedish "
                                 "Co-ownership Act (1904:48 s.1) to apply for the sale of co-owned property."),
    ("technology-german", "neither Partner may exercise the right under section 749 of the German Civil Code to "
                          "demand that a co-ownership by shares (Bruchteilsgemeinschaft) be ended."),
])
def test_a_civil_laws_right_to_end_a_co_ownership_is_excluded_by_name(texts, deal, right):
    developments = clause(texts[deal], "Ownership of developments")[1]
    assert right in developments


def test_customers_of_a_licensees_distributors_get_the_same_protective_terms(texts):
    licences = clause(texts["technology-france-sweden"], "Technology licences")[1]
    assert "may grant its customers, including those who buy from its distributors, the right to use" in licences
    assert "and shall require its distributors to pass those terms on to each customer they supply." in licences


def test_a_civil_law_draft_speaks_of_non_contractual_claims_not_tort(texts):
    swiss, english = texts["example"], texts["supplier-english"]
    assert "and any non-contractual claim." in swiss and "in tort" not in swiss
    assert "whether contractual or non-contractual, is governed by" in swiss
    assert "and any claim in tort or otherwise outside contract." in english
    assert "whether in contract, in tort or otherwise, is governed by" in english
