"""What the fourth round of lawyers' reads found (issue 12) in the clauses every deal shares, checked on the
generated text: a safeguard the partners add does not silently take back what the clean-team clause allows,
each partner may use what the other makes alone for the alliance, funding and payments are not counted twice,
and a civil law's right to end a co-ownership does not undo the joint-development rules."""
from __future__ import annotations

import pytest
from helpers import ALL_DEALS, GERMAN, build_text, clause


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    built = {name: build_text(tmp_path_factory.mktemp(name), ALL_DEALS[name])
             for name in ("example", "technology-france-sweden", "supplier-english")}
    built["technology-german"] = build_text(tmp_path_factory.mktemp("technology-german"),
                                            ALL_DEALS["technology-france-sweden"],
                                            {"disputes.governing_law": "the laws of Germany"})
    built["german"] = build_text(tmp_path_factory.mktemp("german"), ALL_DEALS["example"], GERMAN)
    return built


def test_the_partners_safeguards_say_how_they_stand_to_the_clean_team_clause(texts):
    competition = clause(texts["example"], "Competition law and the clean team")[1]
    assert "Nor does it include technical information about how the Partners' products connect" in competition
    # the partners' own safeguards narrow it (the Stockholm read: they are there to narrow it), and say so
    assert "The Partners shall also observe the following safeguards, which they have agreed in addition to the " \
           "rest of this clause; where a safeguard limits the sharing of information more narrowly than the rest " \
           "of this clause, the safeguard prevails, subject only to what the paragraph after them says about the " \
           "statements and records needed for payments:" in competition


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


def test_lint_reports_a_paragraph_whose_closing_tag_drops_its_line_break(tmp_path):
    from helpers import run

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "runs-on.md").write_text(
        "---\nid: runs-on\ntitle: Runs on\norder: 5000\n---\nFirst paragraph{% if true %}, with more{% endif %}\n\n"
        "Second paragraph{% if true %}, kept apart{% endif +%}\n\nThird paragraph.\n", encoding="utf-8")
    result = run("clauses", "lint", "--clauses", folder)
    assert "runs-on.md: body line 1: the paragraph ends in a block tag, which drops its line break" in result.output
    assert "body line 3" not in result.output  # `+%}` keeps the break


@pytest.mark.parametrize("deal", ["example", "technology-france-sweden"])
def test_amounts_in_another_currency_are_converted_at_a_stated_rate(texts, deal):
    text = clause(texts[deal], "Invoicing and payments")[1]
    assert "An amount that the paying Partner invoices or receives in a currency other than EUR is converted into " \
           "EUR at the rate that the European Central Bank publishes as its euro foreign exchange reference rate " \
           "for the other currency for the last day of the period the statement covers on which it publishes one, " \
           "and the statement shows each rate used." in text


def test_a_disputed_amount_found_due_carries_interest_from_when_it_was_due(texts):
    payments = clause(texts["example"], "Invoicing and payments")[1]
    assert "An amount found due carries the interest below from the day after it would have been payable had it " \
           "not been disputed." in payments


def test_the_strategic_review_of_each_renewal_term_comes_before_the_notice_deadline(texts):
    reviews = texts["example"]
    assert "In the last year of each Renewal Term, it is likewise held after the Relationship Value Updates for the " \
           "last Review Period whose updates are due before that time runs out." in reviews


def test_set_off_through_a_statement_is_an_exception_to_paying_in_full(texts):
    general = clause(texts["example"], "General provisions")[1]
    assert "Otherwise, and except where a statement of referral fees sets off a fee to be repaid against the next " \
           "fees payable, each Partner pays the amounts due" in general
    # a deal without referral fees has no such statement (the London and Stockholm reads)
    for deal in ("supplier-english", "technology-france-sweden"):
        assert "Otherwise, each Partner pays the amounts due" in clause(texts[deal], "General provisions")[1]


def test_german_standard_terms_law_gets_no_non_reliance_confirmation(texts):
    confirmation = "it has not relied on any statement that is not set out in it"
    assert confirmation not in texts["german"]
    assert confirmation in texts["example"] and confirmation in texts["supplier-english"]


def test_a_bracketed_term_in_another_language_decides_the_meaning(texts):
    assert "where a term in another language follows English words in brackets, the bracketed term decides what " \
           "those words mean." in texts["german"]
    assert "(Kardinalpflicht)" in texts["german"]


def test_a_us_dollar_deal_has_one_conversion_rule_from_a_central_bank(tmp_path):
    text = build_text(tmp_path, ALL_DEALS["referral-one-way"])
    assert "the central bank issuing USD publishes for the other currency or, if it publishes none, that the " \
           "central bank issuing the other currency publishes against USD" in text
    assert "uses in its own accounts" not in text  # the fee clause's own rule, which contradicted it, is gone
    assert "the bracketed term decides" not in text  # a common-law draft brackets no terms of another language


@pytest.mark.parametrize("deal, owed", [("example", True), ("german", True), ("supplier-english", False),
                                        ("technology-france-sweden", False)])
def test_no_goodwill_indemnity_for_the_customers_a_partner_brought(texts, deal, owed):
    exit_ = clause(texts[deal], "Consequences of termination")[1]
    assert ("neither Partner owes the other any indemnity or compensation for customers, clientele or goodwill "
            "that the other brought to it through the Alliance, as far as the law allows" in exit_) == owed


def test_the_licence_lasts_as_long_as_the_duty_to_perform_customer_contracts(texts):
    text = texts["german"]
    assert "during the Term and any Transition Period, and after them for as long as the other must keep performing " \
           "its part of a customer contract under clause" in clause(text, "Intellectual property")[1]
    assert "the licences it grants for the Transition Period and for performing customer contracts after it, and the " \
           "supply of products" in clause(text, "Survival")[1]


def test_no_waiver_of_the_right_to_withhold_performance(texts):
    text = texts["german"]
    right = "any right the governing law gives a Partner to withhold its own performance while the other fails to " \
            "pay or perform what is undisputed or finally decided"
    assert f"This does not limit {right}." in text
    assert f"while a Dispute is being resolved, without prejudice to {right}." in text
    # a common law has no general right to withhold performance to preserve (the City read)
    assert "withhold its own performance" not in texts["supplier-english"]


def test_a_suppliers_licences_work_after_the_term_despite_confidentiality(texts):
    ip = clause(texts["supplier-english"], "Intellectual property")[1]
    assert "except that that clause does not restrict the use and disclosure that the licences in this clause and in " \
           "clause" in ip
    assert "as long as everyone to whom the licensee discloses Confidential Information under them is bound to keep " \
           "it confidential." in ip
    assert "except that that clause does not restrict" not in texts["example"]


def test_the_buyers_delay_in_approving_first_articles_extends_the_suppliers_deadlines(texts):
    assert "A delay in approval caused by the Buyer extends, by the length of that delay, the time for the deliveries it " \
           "holds up and any deadline of the Supplier, in this Agreement or in a Schedule, that depends on that approval." \
           in texts["supplier-english"]


def test_a_last_order_after_termination_has_its_own_price_and_delivery_window(texts):
    exit_ = clause(texts["supplier-english"], "Consequences of termination")[1]
    assert "except that the Supplier shall confirm it at the prices in force at the end of the Term and deliver it in " \
           "instalments over up to 12 months after the Transition Period ends;" in exit_


def test_an_internal_licence_lasts_while_its_holder_owes_support_after_the_term(texts):
    licences = clause(texts["technology-france-sweden"], "Technology licences")[1]
    assert "A licence to use internally also continues after the Term, for support only, for as long as the Licensee " \
           "must still maintain and support, under this clause, technology that it licenses to the other Partner." \
           in licences
