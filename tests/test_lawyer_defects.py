"""The defects a commercial lawyer found in the generated agreement (issue 12), each checked on the generated
text of the example and the test deals: what survives the term, the Recovery Plan exit, the exit periods,
information shared under light confidentiality, change of control, sub-clause references, grammar that
must survive any field value, insolvency, arbitral nominations and the last review."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ALL_DEALS, build_text, clause, clause_text, run, terms_with

from agreement_builder.answers import load_terms
from agreement_builder.document.agreement import plan_agreement
from agreement_builder.resources import package_file
from agreement_builder.terms.periods import review_periods

DEALS = Path(__file__).parent / "deals"
EXAMPLE = package_file("example.yaml")


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    return {name: build_text(tmp_path_factory.mktemp(name), deal) for name, deal in ALL_DEALS.items()}


def numbers(deal: str) -> dict[str, str]:
    """Clause id -> number, as the document numbers the clauses of this deal."""
    return plan_agreement(load_terms(ALL_DEALS[deal])).numbers


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
    text = build_text(tmp_path, EXAMPLE, {"reviews.due_days_after_period": 0})
    terms = terms_with(load_terms(EXAMPLE), {"reviews.due_days_after_period": 0})
    by_id = plan_agreement(terms).numbers
    assert review_periods(terms)[-1].due <= terms.alliance.end_of_initial_term
    assert f"clause {by_id['relationship-value-updates']} " not in clause_text(text, by_id["survival"])


# --------------------------------------------------------------------------- 7. sub-clause references


def _paragraph(text: str, number: str) -> str:
    """The paragraph numbered `number` ("7.5", or "25.1(c)" for an item of 25.1)."""
    sub = re.fullmatch(r"(\d+\.\d+)(?:\(([a-z]+)\))?", number)
    assert sub, number
    match = re.search(rf"^{re.escape(sub[1])}\t(.*?)(?=^\d+\.\d+\t|^\d+\t|\Z)", text, re.M | re.S)
    assert match, f"no paragraph {sub[1]}"
    if not sub[2]:
        return match[1].split("\n", 1)[0]
    item = re.search(rf"^\({sub[2]}\)\t(.*)$", match[1], re.M)
    assert item, f"no item ({sub[2]}) in {sub[1]}"
    return item[1]


CITED = {  # words before a sub-clause reference -> how the cited paragraph begins
    "the escalation path in clause": "A problem that the people dealing with it cannot resolve shall be escalated",
    "insolvency events described in clause": "becomes insolvent",
    "Goals may be updated as clause": "The Executive Sponsors may together update the Goals",
    "the Goals as clause": "The Executive Sponsors may together update the Goals",
    "registered under clause": "A “Joint Opportunity” is a sales opportunity",
}


@pytest.mark.parametrize("deal", ALL_DEALS)
def test_every_sub_clause_reference_points_to_the_paragraph_that_holds_the_rule(texts, deal):
    text = texts[deal]
    found = re.findall(r"clause (\d+\.\d+(?:\([a-z]+\))?)", text)
    assert found, "no sub-clause reference at all"
    for number in found:
        _paragraph(text, number)  # exists
    for number in re.findall(r"as clause (\d+\.\d+) requires", text):
        assert "shall tell the other Partner about any problem" in _paragraph(text, number), number
    for before, begins in CITED.items():
        for number in re.findall(rf"{before} (\d+\.\d+(?:\([a-z]+\))?)", text):
            assert _paragraph(text, number).startswith(begins), (before, number)
    for number in re.findall(r"statements under clause (\d+\.\d+)", text):
        assert "the paying Partner shall send the other a statement" in _paragraph(text, number)
    for number in re.findall(r"every other change is made as clause (\d+\.\d+) provides", text):
        assert _paragraph(text, number).startswith("A change to this Agreement is valid only"), number


def test_the_escrow_cites_the_insolvency_item_of_termination_for_cause(texts):
    text = texts["technology-france-sweden"]
    by_id = numbers("technology-france-sweden")
    cited = re.search(r"insolvency events described in clause (\d+\.\d+\([a-z]\))", text)
    assert cited and cited[1].startswith(by_id["termination-for-cause"] + ".")
    assert _paragraph(text, cited[1]).startswith("becomes insolvent")


def test_a_sub_clause_reference_is_a_word_field_to_a_bookmark_on_that_paragraph(tmp_path):
    import zipfile

    build_text(tmp_path, EXAMPLE)
    xml = zipfile.ZipFile(tmp_path / "out" / "agreement.docx").read("word/document.xml").decode()
    assert "REF _Ref_communication_escalation \\w \\h" in xml
    bookmarked = re.search(r'w:name="_Ref_communication_escalation"/>(.*?)</w:p>', xml, re.S)
    assert bookmarked and "A problem that the people dealing with it cannot resolve" in bookmarked[1]


def test_lint_reports_a_sub_clause_anchor_that_does_not_resolve(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "cites.md").write_text(
        "---\nid: cites\ntitle: Cites\norder: 5000\nrefers: [communication]\n---\n"
        'See {{ ref("communication", "no-such-anchor") }} and text with <<misplaced>> inside.\n',
        encoding="utf-8")
    result = run("clauses", "lint", "--clauses", folder)
    assert result.exit_code == 1, result.output
    assert "cites.md: body: ref('communication', 'no-such-anchor') refers to no sub-clause of 'communication'" \
           in result.output
    assert "cites.md: body: <<misplaced>> is not a sub-clause anchor" in result.output
    (folder / "cites.md").write_text(
        "---\nid: cites\ntitle: Cites\norder: 5000\nrefers: [communication]\n---\n"
        'See {{ ref("communication", "escalation") }}.\n', encoding="utf-8")
    assert run("clauses", "lint", "--clauses", folder).exit_code == 0


# --------------------------------------------------------------------------- 3. the Recovery Plan exit


@pytest.mark.parametrize("deal", ALL_DEALS)
def test_only_the_partner_not_in_default_may_leave_after_the_escalation_has_run(texts, deal):
    text = texts[deal]
    body = clause_text(text, numbers(deal)["underperformance"])
    assert "Either Partner may end this Agreement" not in body
    assert "A Partner may end this Agreement under this clause, by notice to the other that takes effect no earlier " \
           "than 30 days after it is given, only if it is not itself in default and:" in body
    escalation = re.search(r"the question has then gone up every level of the escalation path in clause (\d+\.\d+) "
                           r"without a Recovery Plan being agreed", body)
    assert escalation, body
    assert _paragraph(text, escalation[1]).startswith("A problem that the people dealing with it cannot resolve "
                                                      "shall be escalated along the following path")
    assert "the other Partner fails to make a change it undertook in a Recovery Plan" in body
    assert "A Partner is in default for this purpose while it has not made, by the date set for it, a change it " \
           "undertook in a Recovery Plan" in body


# --------------------------------------------------------------------------- 9. insolvency


@pytest.mark.parametrize("deal", ALL_DEALS)
def test_ending_for_insolvency_only_as_far_as_the_law_allows(texts, deal):
    body = clause_text(texts[deal], numbers(deal)["termination-for-cause"])
    item = re.search(r"^\([a-z]\)\tbecomes insolvent.*$", body, re.M)
    assert item, body
    assert re.search(r"under the law of any country, in each case as far as the law that governs that event "
                     r"allows this Agreement to be ended because of it(; or|\.)$", item[0]), item[0]


# --------------------------------------------------------------------------- 4. exit periods


def _days(phrase: str) -> int:
    return int(re.match(r"(\d+) days?", phrase)[1])


@pytest.mark.parametrize("deal", ALL_DEALS)
def test_the_exit_periods_fit_together(texts, deal):
    text = texts[deal]
    by_id = numbers(deal)
    exit_ = clause_text(text, by_id["exit"])
    transition = re.search(r"During the (\d+ days?) after the end of the Term \(the “Transition Period”\)", exit_)
    returned = re.search(r"Within (\d+ days?) after the end of the (Term|Transition Period), each Partner shall "
                         r"return to the other, or destroy, the other's Confidential Information", exit_)
    assert transition and returned, exit_
    # Information is returned only once the transition that still uses it is over, and what a duty that outlasts
    # the transition needs is returned once that duty is done.
    assert returned[2] == "Transition Period"
    assert _days(returned[1]) + _days(transition[1]) > _days(transition[1])
    assert "Information that a Partner needs to perform an obligation, or to exercise a right, that this Agreement " \
           "continues after the Transition Period is returned or destroyed in the same way within " \
           f"{returned[1]} after that obligation has been performed or that right has ended." in exit_
    if "reporting-and-audit" in by_id and "records of those figures" in text:
        audit = clause_text(text, by_id["reporting-and-audit"])
        # Fees and shares run on contracts after the Term: the records outlast them, and the audit the records.
        assert "for the Term and for two years after it ends" not in audit
        assert "for the Term, for as long afterwards as Calculated Payments continue to be earned, and then until " \
               "two years after the last Calculated Payment that those records concern has been paid." in audit
        assert re.search(rf"The right to an audit in clause {by_id['reporting-and-audit']}\.\d+ lasts for as long as those records must be "
                         r"kept\.", audit)
        interval = re.search(r"audited, once in any period of (\d+) months", audit)
        assert interval and int(interval[1]) <= 24  # the two years after the last payment hold one audit at least


# --------------------------------------------------------------------------- 5. information shared, light or strict


def _claims(text: str, by_id: dict[str, str]) -> tuple[str, str]:
    return clause_text(text, by_id["information-sharing"]), clause_text(text, by_id["confidentiality"])


@pytest.mark.parametrize("level", ["light", "strict"])
@pytest.mark.parametrize("deal", ["example", "co-marketing-ontario"])
def test_what_the_information_sharing_clause_says_of_confidentiality_is_true(tmp_path, deal, level):
    changes = {"trust.confidentiality_level": level}
    text = build_text(tmp_path, ALL_DEALS[deal], changes)
    terms = terms_with(load_terms(ALL_DEALS[deal]), changes)
    by_id = plan_agreement(terms).numbers
    by_id["confidentiality"] = by_id[f"confidentiality-{level}"]
    sharing, confidentiality = _claims(text, by_id)
    listed = f"{by_id['information-sharing']}.1"
    assert _paragraph(text, listed).startswith("To make the Alliance work, each Partner shall share")
    if level == "strict":
        assert f"Information shared under this clause is protected as Confidential Information under clause " \
               f"{by_id['confidentiality']}" in sharing
        assert "whether or not it is marked as confidential" in _paragraph(text, f"{by_id['confidentiality']}.1")
    else:
        assert "Information shared under this clause is protected" not in sharing
        unmarked = re.search(rf"The information listed in clause {re.escape(listed)} is Confidential Information of the "
                             r"Partner that shares it, whether or not it is marked as confidential, as clause "
                             r"(\d+\.\d+) provides", sharing)
        assert unmarked, sharing
        assert _paragraph(text, unmarked[1]).startswith(
            "Whether or not it is marked or identified as confidential, the following is Confidential Information of "
            f"the Partner that makes it available: the information listed in clause {listed} that a Partner shares "
            "under that clause")


# --------------------------------------------------------------------------- 6. change of control


def _cause(text: str, deal: str, changes: dict | None = None) -> str:
    terms = load_terms(ALL_DEALS[deal]) if not changes else terms_with(load_terms(ALL_DEALS[deal]), changes)
    return clause_text(text, plan_agreement(terms).numbers["termination-for-cause"])


def test_change_of_control_is_a_reason_only_when_the_terms_choose_it(texts, tmp_path):
    chosen = _cause(texts["example"], "example")  # the example sets change_of_control_months: 3
    assert "undergoes a Change of Control by which a Competitor of the Partner giving notice gains Control of it, " \
           "provided that the notice is given within 3 months after that Partner learns of the Change of Control." in chosen
    assert "A “Change of Control” of a Partner happens when a person, or persons acting together, who did not " \
           "have Control of it gain Control of it" in chosen
    # Control, Affiliate and Competitor are defined once, in the definitions clause, for every clause that uses them
    # (the group transfer of the general provisions as well as this reason).
    definitions = clause(texts["example"], "Definitions and interpretation")[1]
    for definition in ("“Control” of a company is the power to direct its management and policies",
                       "anyone who holds more than half of a company's voting rights has Control of it",
                       "an “Affiliate” of a person is a company under its Control, a person that has Control of it, or "
                       "a company under the Control of the same person",
                       "a “Competitor” of a Partner is a person, other than the other Partner, that itself or through a "
                       "company under its Control carries on a business that competes with a material part of that "
                       "Partner's business;"):
        assert definition in definitions, definition
        assert definition not in chosen
    general = clause(texts["referral-one-way"], "General provisions")[1]  # partners that do not compete
    assert "to an Affiliate of it, provided that the Affiliate is able to perform this Agreement and is not a " \
           "Competitor of the other Partner;" in general
    assert "“Competitor” of a Partner is" in texts["referral-one-way"]
    # A deal whose answers never mention it (as older files that relied on a default of 3 months): no such right.
    left_out = _cause(texts["co-selling-competitors-swiss"], "co-selling-competitors-swiss")
    assert "Change of Control" not in left_out and "control of a competitor" not in left_out
    assert "asks for it to be remedied; or\n" in left_out
    assert re.search(r"^\(c\)\tbecomes insolvent.*ended because of it\.$", left_out, re.M)
    changes = {"termination.change_of_control_months": 6}
    text = build_text(tmp_path, ALL_DEALS["co-selling-competitors-swiss"], changes)
    assert "within 6 months after that Partner learns of the Change of Control." in _cause(
        text, "co-selling-competitors-swiss", changes)


def test_an_anchor_joined_to_the_line_before_is_reported_by_lint(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "joined.md").write_text(
        "---\nid: joined\ntitle: Joined\norder: 5000\n---\nFirst:\n- one;{% if true %} or{% endif %}\n"
        "- <<two>> two.\n", encoding="utf-8")
    result = run("clauses", "lint", "--clauses", folder)
    assert "joined.md: body: with the example deal, a <<…>> anchor is left inside a paragraph" in result.output


# --------------------------------------------------------------------------- 8. grammar whatever the fields hold


@pytest.mark.parametrize(("territory", "sentence"), [
    ("worldwide", "The Alliance operates worldwide (the “Territory”)."),
    ("United States and Canada", "The Alliance operates in the United States and Canada (the “Territory”)."),
    ("the EEA", "The Alliance operates in the EEA (the “Territory”)."),
    ("European Economic Area", "The Alliance operates in the European Economic Area (the “Territory”)."),
    ("Germany", "The Alliance operates in Germany (the “Territory”)."),
])
def test_the_territory_reads_right_whatever_it_is(tmp_path, territory, sentence):
    text = build_text(tmp_path, EXAMPLE, {"alliance.territory": territory})
    assert sentence in text
    assert "in worldwide" not in text and "in the the" not in text.casefold()
    assert "within the Territory" in text


@pytest.mark.parametrize("deal", ALL_DEALS)
def test_one_defined_working_day(texts, deal):
    text = texts[deal]
    definitions = clause_text(text, numbers(deal)["definitions"])
    assert "a “Working Day” is a day other than a Saturday, a Sunday or a public holiday at the place where the act " \
           "concerned is to be done" in definitions
    assert "ends on the next Working Day" in definitions
    assert "business day" not in text.casefold()
    assert "working day" not in text  # lower case: every use is the defined term
    uses = re.findall(r"Working Days?\b", text)
    assert len(uses) > 2, uses  # defined, used in the definition, and used in the clauses or the terms' own text


# --------------------------------------------------------------------------- 10. arbitral nominations


@pytest.mark.parametrize("arbitrators", ["one", "three"])
def test_partners_nominate_and_the_institution_appoints(tmp_path, arbitrators):
    changes = {"disputes.final_forum": "arbitration", "disputes.arbitrators": arbitrators,
               "disputes.arbitration_rules": "Swiss Rules of International Arbitration", "disputes.venue": "Geneva"}
    text = build_text(tmp_path, EXAMPLE, changes)
    body = clause_text(text, plan_agreement(terms_with(load_terms(EXAMPLE), changes)).numbers["disputes-arbitration"])
    assert "appoints one" not in body and "choose the third" not in body
    if arbitrators == "three":  # the rules decide who appoints or confirms: the ICC confirms, the SCC appoints
        assert "The tribunal consists of three arbitrators. Each Partner nominates one, and the two so nominated " \
               "together nominate the third, who presides. Each arbitrator is appointed or confirmed as those rules " \
               "provide, and an arbitrator not nominated within the time they allow is appointed under them." in body
    else:
        assert "The tribunal consists of a sole arbitrator, whom the Partners may nominate jointly. The arbitrator is " \
               "appointed or confirmed as those rules provide and, failing a joint nomination within the time they " \
               "allow, is appointed under them." in body
    assert "Judgment on it may be entered" not in body and "carry it out without delay" in body


def test_non_solicitation_between_competitors_is_not_listed_as_surviving(tmp_path):
    # Between competitors the clause binds during the Term only; survival must not say otherwise.
    terms = load_terms(EXAMPLE)
    assert terms.trust.partners_compete
    plan = plan_agreement(terms)
    text = build_text(tmp_path, EXAMPLE, {})
    survival = clause_text(text, plan.numbers["survival"])
    assert f"clause {plan.numbers['non-solicitation']} (Non-solicitation)" not in survival
    assert "During the Term, and not after it ends" in clause_text(text, plan.numbers["non-solicitation"])


def test_the_partner_that_contracts_with_customers_may_supply_the_others_products(tmp_path):
    # The background licence alone gave no right to sell, while the contracting partner sells the other's products.
    plan = plan_agreement(load_terms(EXAMPLE))
    ip = clause_text(build_text(tmp_path, EXAMPLE, {}), plan.numbers["intellectual-property"])
    assert ("gives no right to sell, supply or sublicense what it covers to anyone, except that Tidewater, as the "
            f"Partner that contracts with the customers of the joint offering under clause {plan.numbers['customer-terms']}, "
            "may supply to those customers the products of Larkspur") in ip
    referral = Path(__file__).parent / "deals" / "referral-one-way.yaml"
    number = plan_agreement(load_terms(referral)).numbers["intellectual-property"]
    assert "to anyone, except that" not in clause_text(build_text(tmp_path / "referral", referral, {}), number)


@pytest.mark.parametrize("deal", ALL_DEALS.values(),
                         ids=lambda p: p.stem)
def test_no_clause_points_by_position(tmp_path, deal):
    # "the paragraph above" or "the last sub-clause" breaks when a lawyer inserts a paragraph: cite by number
    text = build_text(tmp_path, deal, {})
    for words in ("the paragraph above", "the next paragraph", "the last sub-clause", "the previous paragraph"):
        assert words not in text, words


def test_no_sell_off_after_a_termination_for_bribery_or_sanctions(tmp_path):
    deal = ALL_DEALS["technology-france-sweden"]
    numbers = plan_agreement(load_terms(deal)).numbers
    text = build_text(tmp_path, deal, {})
    # an ending for the Licensee's insolvency, under the same clause as its breach, says which way it goes
    assert (f"There is no Sell-off Period if the Licensor ends this Agreement under clause "
            f"{numbers['termination-for-cause']} (whether for the Licensee's breach or for its insolvency), clause "
            f"{numbers['anti-bribery']} or clause {numbers['sanctions']}:") in text


def test_the_funding_column_is_left_out_when_nobody_funds_anything(tmp_path):
    referral = build_text(tmp_path / "r", Path(__file__).parent / "deals" / "referral-one-way.yaml", {})
    assert "Partner | Kind | Description | Deliverables and deadlines\n" in referral
    assert "What each Partner contributes and the deliverables it undertakes." in referral
    example = build_text(tmp_path / "e", EXAMPLE, {})  # the example funds a campaign: the column stays
    assert "Partner | Kind | Description | Deliverables and deadlines | Funding\n" in example


def test_in_writing_includes_email_but_a_change_needs_a_signed_document(tmp_path):
    numbers = plan_agreement(load_terms(EXAMPLE)).numbers
    text = build_text(tmp_path, EXAMPLE, {})
    found = re.search(r"“in writing” includes email, except where this Agreement requires a document signed for a "
                      rf"Partner, as it does for a change to this Agreement under clause {numbers['general-provisions']}"
                      r"\.\d+;", text)
    assert found

