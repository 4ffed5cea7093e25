"""What the last round of lawyers' reads found (issue 12), checked on the generated text of the example (Swiss law),
the test deals and the example under German law: customers keep what they bought after the term, no fee is paid
twice, the law's own concepts replace the English ones, and sanctions, insolvency, notices and assignment read as
a lawyer of each law expects."""
from __future__ import annotations

import re

import pytest
from helpers import ALL_DEALS, DELETE, GERMAN, build_text, clause


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    built = {name: build_text(tmp_path_factory.mktemp(name), deal) for name, deal in ALL_DEALS.items()}
    built["german"] = build_text(tmp_path_factory.mktemp("german"), ALL_DEALS["example"], GERMAN)
    return built


def _numbered(text: str, number_words: str) -> str:
    """The paragraph that starts with these words after its number."""
    return next(line for line in text.splitlines() if re.match(rf"[\d.()a-z]+\t{re.escape(number_words)}", line))


# --------------------------------------------------------------------------- after the term


def test_customers_keep_the_products_they_bought_until_their_contract_ends(texts):
    text = texts["example"]
    ip = clause(text, "Intellectual property")[1]
    # the same contracts as the payments that continue after the term (a Joint Opportunity signed in the
    # Transition Period included)
    assert "for each customer contract signed before the end of the Term, or during the Transition Period for a Joint Opportunity registered before the end of the Term, until that " \
           "contract ends or is first renewed after the end of the Term" in ip
    assert "for as long as that contract continues under this Agreement" not in ip
    survival = clause(text, "Survival")[1]
    assert re.search(r"clause \d+ \(Intellectual property\), as far as it concerns ownership of rights, what each Partner "
                     r"may do after the Term with the materials the Partners created together, the licences it "
                     r"grants for the Transition Period and for performing customer contracts after it, and the supply of products to customers under contracts signed before the end of the Term, or during the "
                     r"Transition Period for a Joint Opportunity registered before the end of the Term;", survival)
    assert re.search(r"clause \d+ \(Customer terms and support\), as far as it concerns customer contracts signed before "
                     r"the end of the Term, or during the Transition Period", survival)
    exit_ = clause(text, "Consequences of termination")[1]
    assert "customer contract signed before the end of the Term, or during the Transition Period for a Joint Opportunity registered before the end of the Term, until the Partners have agreed" in exit_
    assert "transferred or ended in an orderly way or, failing that agreement, until the contract ends or is first " \
           "renewed after the end of the Term" in exit_
    warranties = clause(text, "Warranties and indemnity")[1]
    assert "or the other Partner's supply of the Indemnifying Partner's products to customers, and their use by " \
           "those customers, as clause 5 allows, infringes" in warranties


def test_no_referral_fee_on_revenue_the_partners_already_share(texts):
    fees = clause(texts["example"], "Referral fees")[1]
    shared = re.search(r"excluding expenses passed on at cost, products of third parties resold at cost, revenue "
                       r"that is Shared Revenue under clause (\d+) \(on which the referring Partner is paid its share "
                       r"instead\) and value added tax", fees)  # the taxes last: nothing after them reads as a tax
    assert shared
    assert clause(texts["example"], "Revenue sharing")[0] == shared[1]


def test_customer_data_is_returned_by_the_earlier_of_the_exit_and_the_schedules_time(texts):
    exit_ = clause(texts["example"], "Consequences of termination")[1]
    assert re.search(r"Where Schedule \d requires Customer Data to be deleted sooner, that earlier time applies, except "
                     r"to what a Partner needs for an obligation or a right that this Agreement continues after the "
                     r"Transition Period", exit_)
    assert "lost or, if it is won, until 30 days after the customer contract ends" in texts["example"]


# --------------------------------------------------------------------------- the law's own concepts


@pytest.mark.parametrize("deal, form", [("example", "einfache Gesellschaft"), ("german", "Gesellschaft bürgerlichen"),
                                        ("technology-france-sweden", "enkelt bolag")])
def test_where_a_shared_purpose_can_make_a_partnership_its_rules_are_displaced(texts, deal, form):
    general = clause(texts[deal], "General provisions")[1]
    assert form in general
    assert "This Agreement is a contract of its own kind. If the rules on such a partnership were nevertheless " \
           "found to apply to the Alliance, this Agreement displaces every one of them that the law allows the " \
           "Partners to displace: the Partners hold no property jointly, except what this Agreement expressly makes " \
           "theirs jointly, which they hold as co-owners in equal shares and not as partners," in general


def test_no_displacement_where_the_law_implies_no_partnership(texts):
    assert "contract of its own kind" not in texts["supplier-english"]


def test_a_swiss_change_is_signed_by_hand_or_with_a_qualified_electronic_signature(texts):
    general = clause(texts["example"], "General provisions")[1]
    assert "made in writing and signed by an authorised representative of each Partner by hand or with a qualified " \
           "electronic signature under the Swiss Federal Act on Electronic Signatures (ZertES) or Regulation (EU) No " \
           "910/2014 (eIDAS), which the Partners agree satisfies the written form they have reserved (article 16 of " \
           "the Swiss Code of Obligations), except that the Goals" in general
    changes = re.search(r"^(\d+\.\d+)\tA change to this Agreement is valid only", general, re.M)[1]
    assert f"including by electronic signature (a change to it, only as clause {changes} provides)" in general
    assert "qualified electronic signature" not in texts["supplier-english"]


@pytest.mark.parametrize("deal", ["example", "german", "technology-france-sweden"])
def test_a_civil_law_draft_has_no_injunction_test_or_inconvenient_forum(texts, deal):
    text = texts[deal]
    assert "without having to show special damage" not in text and "inconvenient forum" not in text
    assert "Besides damages, the Discloser may claim performance of this clause, and ask a competent court" in text
    # its own paragraph, not run into the one after it
    assert re.search(r"^\d+\.\d+\tWhat happens to Confidential Information when the Alliance ends", text, re.M)


def test_a_common_law_draft_keeps_them(texts):
    text = texts["supplier-english"]
    assert "on the ground that they are an inconvenient forum" in text


@pytest.mark.parametrize("deal, named", [
    ("example", ["(Insolvenzverfahren)", "has an examiner appointed to it under Part 10 of the Companies Act 2014"]),
    ("technology-france-sweden", ["(sauvegarde)", "(redressement judiciaire)", "(konkurs)",
                                  "(företagsrekonstruktion)"]),
    ("co-selling-competitors-swiss", ["(Konkurs)", "(Nachlassstundung)"]),
])
def test_insolvency_names_the_proceedings_of_each_partners_country(texts, deal, named):
    insolvency = _numbered(clause(texts[deal], "Termination for cause")[1], "becomes insolvent")
    for words in named:
        assert words in insolvency, words
    assert "as far as the law that governs that event allows" in clause(texts[deal], "Termination for cause")[1]


def test_german_warranties_are_promises_not_guarantees(texts):
    warranties = clause(texts["german"], "Warranties and indemnity")[1]
    assert "the warranties this Agreement gives are contractual promises, not guarantees" in warranties


# --------------------------------------------------------------------------- sanctions, bribery, competition


@pytest.mark.parametrize("deal, named", [("example", "the United States, Switzerland or any other country"),
                                         ("referral-one-way", "the United States, Canada or any other country"),
                                         ("supplier-english", "the United States or any other country")])
def test_sanctions_of_the_partners_and_the_laws_countries_are_named(texts, deal, named):
    sanctions = clause(texts[deal], "Sanctions and export control")[1]
    assert f"imposed, administered or enforced by the United Nations, the European Union, the United Kingdom, {named}, " \
           "as far as they apply to a Partner" in sanctions
    assert "forbids it to comply with, or to declare that it will comply with, the sanctions or boycotts of another " \
           "country (such as the blocking and anti-boycott rules of the European Union, its member states, the " \
           "United Kingdom, the United States or Canada)" in sanctions


def test_the_competition_laws_of_irish_and_austrian_partners_are_named(texts):
    assert "Ireland's Competition Act 2002" in clause(texts["example"], "Competition law and the clean team")[1]


# --------------------------------------------------------------------------- forum, notices, assignment


def test_a_partner_from_outside_the_us_appoints_a_process_agent_under_a_us_law(texts):
    courts = clause(texts["referral-one-way"], "Jurisdiction")[1]
    # only the Ontario partner: the Delaware LLC with its office in Manhattan needs no agent
    assert "A Partner that is organized outside the United States shall, within 30 days after the Effective " \
           "Date, appoint an agent in New York to receive service of process" in courts


def test_notices_on_a_day_off_take_effect_on_the_next_working_day(texts):
    notices = clause(texts["example"], "Notices")[1]
    assert "outside normal business hours on a Working Day at the place of receipt, or on a day that is not a " \
           "Working Day there, at the start of the next Working Day there" in notices
    assert "That copy is a courtesy: a notice given as this clause requires is valid without it." in notices


@pytest.mark.parametrize("deal", list(ALL_DEALS))
def test_a_transfer_in_breach_is_void(texts, deal):
    assert "An assignment or transfer made in breach of this clause is void." in \
           clause(texts[deal], "General provisions")[1]


# --------------------------------------------------------------------------- cover, schedules, first opportunity


def test_the_cover_and_schedules_state_the_payment_term_as_the_clause_does(texts):
    text = texts["example"]
    number = clause(text, "Invoicing and payments")[0]
    assert f"Each is invoiced, and payable after a correct invoice is received, as clause {number} provides." in text
    assert "payable within 30 days after a correct invoice is received" in text
    assert "the clause on invoicing and payments" not in text
    assert "If a clause conflicts with a Schedule or with the summary of key terms on the cover page, the clause " \
           "prevails; that summary is for ease of reference only." in text


def test_a_technology_partners_first_deal_is_not_valued_in_front_of_a_competitor(texts):
    background = clause(texts["technology-france-sweden"], "Background")[1]
    assert "estimated value" not in background
    assert "Each Partner supports it as its Commitments provide." in background
    assert "with an estimated value of" in clause(texts["example"], "Background")[1]  # a joint sale: shared anyway


def test_data_used_to_train_the_joint_models_is_held_as_joint_controllers(texts):
    personal = clause(texts["technology-france-sweden"], "Personal data in development and testing")[1]
    joint = re.search(r"Except for processing of which the Partners are joint controllers under clause (\d+\.\d+),",
                      personal)
    assert joint
    assert re.search(rf"^{re.escape(joint[1])}\tWhere the Partners decide together why and how some Development Data "
                     r"is processed, such as to train or test the joint models", personal, re.M)
    assert "(such as Article 26 of the EU General Data Protection Regulation requires)" in personal
    assert "the Providing Partner gives the people whose data it provided the information the law requires" in personal


# --------------------------------------------------------------------------- smaller points of the same reads


def test_a_us_exclusion_names_the_damages_it_excludes_in_capitals(texts):
    liability = clause(texts["referral-one-way"], "Liability")[1]
    assert "NEITHER PARTNER IS LIABLE TO THE OTHER FOR ANY CONSEQUENTIAL, INCIDENTAL, INDIRECT, SPECIAL, EXEMPLARY OR " \
           "PUNITIVE DAMAGES" in liability
    assert "indirect or consequential loss" not in liability
    assert "Neither Partner is liable to the other for any indirect or consequential loss" in \
           clause(texts["supplier-english"], "Liability")[1]


def test_german_officers_may_rely_on_their_limits_and_set_off_takes_decided_claims(texts):
    general = clause(texts["german"], "General provisions")[1]
    number = clause(texts["german"], "Liability")[0]
    assert "has no right to enforce any of its terms, except that the officers, employees, representatives and " \
           f"vicarious agents of a Partner may rely on the limits of their personal liability in clause {number}." \
           in general
    assert "has no right to enforce any of its terms." in clause(texts["example"], "General provisions")[1]
    assert "does not dispute in good faith or that a court has finally decided" in general


def test_security_survives_with_the_support_owed_after_the_term(texts):
    survival = clause(texts["technology-france-sweden"], "Survival")[1]
    assert re.search(r"clause \d+ \(Security\), as far as it concerns the security fixes owed with the maintenance "
                     r"and support that continue after the end of the Term;", survival)


def test_schedule_1_speaks_of_shared_goals_only_when_there_are_some(texts):
    assert "The Goals each Partner pursues through the Alliance, and the Goals they pursue together." in \
           texts["example"]
    one_way = texts["referral-one-way"]
    assert "The Goals each Partner pursues through the Alliance.\n" in one_way
    assert "the goals they pursue together" not in one_way


@pytest.mark.parametrize("deal", list(ALL_DEALS))
def test_the_library_quotes_its_words_with_curly_quotes(texts, deal):
    for words in ("“including”", "“in writing”"):
        assert words in clause(texts[deal], "Definitions and interpretation")[1]
    assert not re.search(r'"(including|in writing|Controller|controller|processor)"', texts[deal])


def test_the_processor_terms_cite_their_own_sub_clause(texts):
    data = clause(texts["example"], "Customer data")[1]
    cited = re.search(r"that Partner is the other's processor for that processing, and clause (\d+\.\d+), with", data)
    assert cited and re.search(rf"^{re.escape(cited[1])}\tWhere Schedule \d says that a Partner processes", data, re.M)
    assert "this paragraph" not in data


# --------------------------------------------------------------------------- the second reads


def test_decisions_taken_in_running_the_alliance_are_not_changes_to_it(texts):
    general = clause(texts["example"], "General provisions")[1]
    assert "The decisions that this Agreement lets the Partners or their representatives take in writing while " \
           "running the Alliance, such as agreeing a new deadline for a deliverable, are made under this " \
           "Agreement and do not change it." in general  # an example every kind of deal has


def test_how_the_products_connect_is_not_competitively_sensitive(texts):
    for deal, opening in (("example", "Nor does it"), ("technology-france-sweden", "It does not")):
        competition = clause(texts[deal], "Competition law and the clean team")[1]
        assert f"{opening} include technical information about how the Partners' products connect, limited to " \
               "interfaces, data formats and the timing of the releases that affect the connection" in competition
        assert "a Partner's commercial plans for its products remain Competitively Sensitive Information." in competition


def test_a_joint_opportunity_is_registered_whoever_owns_the_customer_and_the_first_one_is_registered(texts):
    text = texts["example"]
    accounts = clause(text, "Account ownership")[1]
    assert "A Partner registers a Joint Opportunity, whether the customer is an Account of either Partner or no " \
           "one's, as follows:" in accounts
    assert "The Account Owner involves the other Partner with an Account, and an Account changes hands, as " \
           "follows:" in accounts
    registration = re.search(r"^(\d+\.\d+)\tA “Joint Opportunity” is", accounts, re.M)[1]
    assert f"It is treated as registered as their first Joint Opportunity under clause {registration} on the " \
           "Effective Date." in clause(text, "Background")[1]


def test_vat_names_the_tax_of_each_partners_country(texts):
    payments = clause(texts["technology-france-sweden"], "Invoicing and payments")[1]
    assert "exclusive of value added tax and similar taxes (including Swedish mervärdesskatt and French TVA), " \
           "which are added" in payments


def test_a_us_monthly_rate_states_its_yearly_rate(texts):
    assert "1% a month (12% a year), or the highest rate the law permits if lower" in \
           clause(texts["referral-one-way"], "Invoicing and payments")[1]


def test_sell_off_supplies_bear_royalty_under_the_contracts_they_fulfil(texts):
    licences = clause(texts["technology-france-sweden"], "Technology licences")[1]
    assert "or the Sell-off Period" not in licences
    assert "under a customer contract signed during the Term (including what the Licensee supplies under it in the " \
           "Sell-off Period)" in licences


@pytest.mark.parametrize("deal, line", [
    ("example", "the substantive law of Switzerland; disputes go finally to arbitration seated in Zurich, Switzerland "
                "under the Swiss Rules of International Arbitration"),
    ("supplier-english", "the law of England and Wales; disputes go finally to the courts of England and Wales"),
    ("referral-one-way", "the law of the State of New York; disputes go finally to the courts of the State of New York "
                         "sitting in New York County and the United States District Court for the Southern District"),
])
def test_the_cover_says_where_disputes_go_in_the_clauses_words(texts, deal, line):
    assert f"Governing law and disputes | {line}" in texts[deal]
    assert "final forum:" not in texts[deal]


def test_a_us_agreement_has_no_third_party_beneficiaries_in_its_own_words(texts):
    assert "nothing in it confers any right, benefit or remedy on any other person." in \
           clause(texts["referral-one-way"], "General provisions")[1]
    assert "has no right to enforce any of its terms under the Contracts (Rights of Third Parties) Act 1999." in \
           clause(texts["supplier-english"], "General provisions")[1]


def test_the_escalation_path_survives_with_the_disputes_clause(texts):
    survival = clause(texts["example"], "Survival")[1]
    assert re.search(r"\(Resolving disputes\), together with the escalation path in clause \d+\.\d+ that it relies on;",
                     survival)


# --------------------------------------------------------------------------- the third reads


def test_english_law_uncaps_deliberate_default_without_an_unsettled_gross_negligence(texts):
    english = clause(texts["supplier-english"], "Liability")[1]
    assert "for its deliberate default, which is" in english and "gross negligence" not in english
    assert "for loss it causes intentionally or by gross negligence;" in clause(texts["example"], "Liability")[1]


def test_a_supplier_order_must_fit_the_forecast_and_the_reserved_capacity(texts):
    supply = clause(texts["supplier-english"], "Supply terms")[1]
    assert re.search(r"stays within the latest Forecast for that month and(,| within)", supply)
    assert "for that month or," not in supply


def test_after_a_termination_for_cause_the_innocent_partner_may_cancel_the_wind_down_supply(texts):
    exit_ = clause(texts["supplier-english"], "Consequences of termination")[1]
    assert "but a Partner that ended this Agreement because of the other's breach or insolvency may instead, by " \
           "notice to the other within ten Working Days after the end of the Term, cancel the undelivered part of " \
           "those Orders" in exit_


def test_each_partner_bears_its_own_taxes_on_income(texts):
    assert "Each Partner bears its own taxes on its income and profits" in \
           clause(texts["supplier-english"], "Invoicing and payments")[1]


def test_the_transition_period_licence_survives_the_term(texts):
    assert re.search(r"clause \d+ \(Intellectual property\), as far as it concerns ownership of rights and the licences "
                     r"it grants for the Transition Period", clause(texts["technology-france-sweden"], "Survival")[1])


def test_a_customer_contract_signed_in_the_transition_period_is_performed_until_it_ends(texts):
    assert "registered before the end of the Term, until the Partners have agreed" in \
        clause(texts["example"], "Consequences of termination")[1]


def test_trade_secrets_stay_protected_under_light_confidentiality_too(texts):
    for deal in ALL_DEALS:
        assert "Trade secrets remain protected for as long as they remain trade secrets." in texts[deal], deal


def test_a_fee_promise_is_widened_only_by_a_signed_document(texts):
    fees = clause(texts["referral-one-way"], "Referral fees")[1]
    assert re.search(r"unless the Partners agree otherwise by a change to this Agreement made under clause \d+\.\d+", fees)
    assert "agree otherwise in writing" not in fees


def test_the_referral_background_reads_as_one_sentence(texts):
    assert "how introductions are registered and rewarded, how they will review the value it creates and, if it " \
           "comes to that, end it fairly." in texts["referral-one-way"]
    assert "how they will review the value" not in texts["example"]


def test_sell_off_support_copies_end_with_the_contract_as_the_royalty_does(texts):
    assert "for as long as its contracts with them made before that end require, until each such contract ends or " \
           "is first renewed, but may not supply new copies." in clause(texts["technology-france-sweden"],
                                                                       "Technology licences")[1]


def test_a_german_void_assignment_yields_to_the_commercial_code(texts):
    general = clause(texts["german"], "General provisions")[1]
    assert "An assignment or transfer made in breach of this clause is void, except as far as section 354a of the " \
           "German Commercial Code (HGB) makes the assignment of a money claim effective." in general
    assert "354a" not in texts["example"]


def test_the_federal_court_in_new_york_only_where_it_has_jurisdiction(texts):
    assert "the United States District Court for the Southern District of New York (where it has subject-matter " \
           "jurisdiction), and the appellate courts from them" in clause(texts["referral-one-way"], "Jurisdiction")[1]


def test_limitation_is_suspended_while_the_partners_escalate(texts):
    disputes = clause(texts["german"], "Resolving disputes")[1]  # as German law lets them agree (section 202 BGB)
    assert "The limitation periods for the claims in a Dispute are suspended from the notice that starts the " \
           "escalation until one month after the escalation, or any mediation that follows it, has ended, in " \
           "addition to any suspension under section 203 of the German Civil Code (BGB) while the Partners " \
           "negotiate." in disputes


def test_outside_english_law_the_carve_out_is_whatever_the_law_does_not_allow_to_be_limited(texts):
    for deal in ("example", "referral-one-way", "technology-france-sweden"):
        liability = clause(texts[deal], "Liability")[1]
        assert "for any liability that the governing law does not allow to be limited or excluded." in liability, deal
        assert "personal injury caused by its negligence" not in liability, deal


# --------------------------------------------------------------------------- the supplier alliance (sup4)


def test_the_liability_cap_counts_by_the_contract_year_where_a_yearly_fee_defines_one(texts):
    supplier = clause(texts["supplier-english"], "Liability")[1]
    assert "for all claims arising out of or in connection with this Agreement whose cause arises in the same " \
           "Contract Year or, after the Term, in the same year starting on an anniversary of the Effective Date, " \
           "whether in contract" in supplier
    assert "year of this Agreement" not in texts["supplier-english"]
    for deal in ("example", "referral-one-way", "technology-france-sweden"):  # no Contract Year to count by
        assert "whose cause arises in the same year of this Agreement (each year starting on the Effective Date or " \
               "on an anniversary of it)" in clause(texts[deal], "Liability")[1], deal
        assert "Contract Year" not in texts[deal], deal


# --------------------------------------------------------------------------- the fourth reads: liability, warranties, anti-bribery, payments and taxes


def test_a_civil_law_names_the_excluded_losses_and_the_fault_it_does_not_cap(texts):
    for deal in ("example", "technology-france-sweden"):  # Swiss and Swedish law
        liability = clause(texts[deal], "Liability")[1]
        assert "Neither Partner is liable to the other for any loss of profit, revenue, business, contracts, goodwill " \
               "or anticipated savings, any loss of production or of use, any loss or corruption of data or any damage " \
               "to reputation, arising out of or in connection with this Agreement, whether the liability is " \
               "contractual, non-contractual or of any other kind." in liability, deal
        assert "That exclusion of loss of profit and revenue does not apply to" in liability, deal
        assert "for fraud, and for loss it causes intentionally or by gross negligence;" in liability, deal
        for common_law in ("indirect or consequential", "in tort", "fraudulent misrepresentation", "wilful misconduct"):
            assert common_law not in liability, (deal, common_law)
        warranties = clause(texts[deal], "Warranties and indemnity")[1]
        assert "and each Partner's liability under the governing law for defects in its Contributions (statutory " \
               "warranty) is excluded, as far as that law allows." in warranties, deal
        assert "implied by law" not in warranties, deal
    assert "Every other warranty, whether express or statutory, is excluded as clause" in \
        clause(texts["technology-france-sweden"], "Technology licences")[1]
    assert "whether the liability is contractual, non-contractual or of any other kind, is limited" in \
        clause(texts["german"], "Liability")[1]


def test_a_common_law_keeps_its_wording_and_english_law_defines_the_deliberate_default(texts):
    english = clause(texts["supplier-english"], "Liability")[1]
    assert "Neither Partner is liable to the other for any indirect or consequential loss, or for any loss of profit, " \
           "revenue, business or goodwill, arising out of or in connection with this Agreement, whether the claim " \
           "arises in contract, in tort (including negligence) or otherwise." in english
    assert "for its deliberate default, which is a breach of this Agreement that it commits, or allows to continue, " \
           "knowing that it is a breach or reckless as to whether it is one;" in english
    assert "wilful misconduct" not in english
    assert "every warranty or condition that would otherwise be implied by law is excluded" in \
        clause(texts["supplier-english"], "Warranties and indemnity")[1]
    ontario = clause(texts["co-marketing-ontario"], "Liability")[1]
    assert "for its wilful misconduct or gross negligence;" in ontario and "in tort (including negligence)" in ontario


def test_anti_bribery_names_the_laws_of_the_countries_the_territory_names(texts):
    example = clause(texts["example"], "Anti-bribery and anti-corruption")[1]  # for Germany, Austria, ... and the UK
    assert "articles 322ter ff. of the Swiss Criminal Code (Strafgesetzbuch), sections 304 to 309 of the Austrian " \
           "Criminal Code (Strafgesetzbuch) and the United Kingdom's Bribery Act 2010 (the “Anti-Corruption Laws”)." \
           in example
    assert "the United Kingdom's Bribery Act 2010" in clause(texts["german"], "Anti-bribery and anti-corruption")[1]
    english = clause(texts["supplier-english"], "Anti-bribery and anti-corruption")[1]
    assert "including the Bribery Act 2010 (the “Anti-Corruption Laws”)." in english and "UK Bribery" not in english


def test_the_taxes_name_swiss_mwst_beside_the_partners_and_the_reverse_charge_between_them(texts):
    payments = clause(texts["example"], "Invoicing and payments")[1]  # Swiss law, a German and an Irish partner
    assert "All amounts in this Agreement are exclusive of value added tax and similar taxes (including Swiss MWST and " \
           "German Umsatzsteuer), which are added where the law requires. Where the reverse-charge mechanism applies " \
           "to a supply between the Partners, the Partner receiving the supply accounts for the tax, and the Partner " \
           "making it invoices without the tax and says on its invoice that the reverse charge applies." in payments
    assert "excluding value added tax and similar taxes (including Swiss MWST and German Umsatzsteuer), and after" in \
        clause(texts["example"], "Revenue sharing")[1]
    assert "exclusive of value added tax and similar taxes (including German Umsatzsteuer), which" in texts["german"]
    swiss = clause(texts["co-selling-competitors-swiss"], "Invoicing and payments")[1]  # two Swiss partners
    assert "(including Swiss MWST)" in swiss and "reverse" not in swiss
    assert "reverse" not in clause(texts["referral-one-way"], "Invoicing and payments")[1]  # no VAT in the US


def test_the_named_partner_always_invoices_the_customer_as_the_contracting_and_collecting_clauses_assume(texts):
    for deal in ("example", "german"):
        invoicing = clause(texts[deal], "Invoicing and payments")[1]
        assert "Tidewater invoices the customer for every sale made through the Alliance. Larkspur shall not invoice " \
               "the customer for the same sale." in invoicing, deal
        assert "agree otherwise" not in invoicing, deal


def test_the_german_civil_code_is_named_before_its_abbreviation_and_bank_charges_are_not_taxed(texts):
    german = clause(texts["german"], "Invoicing and payments")[1]
    assert "at nine percentage points a year above the base interest rate (Basiszinssatz) under section 247 of the " \
           "German Civil Code (BGB), the rate under section 288(2) BGB." in german
    first = texts["german"].index("BGB")  # the whole agreement's first use spells the code out
    assert texts["german"][first - len("German Civil Code ("):first] == "German Civil Code ("
    assert "Each Partner bears its own taxes on its income and profits, and its own bank charges." in german


@pytest.mark.parametrize("deal, kind", [("technology-france-sweden", "Technology alliance"),
                                        ("referral-one-way", "Referral alliance")])
def test_the_cover_calls_no_alliance_a_partnership(texts, deal, kind):
    # a partnership in law can arise without intent (enkelt bolag): the cover does not use the word
    assert f"Kind of alliance | {kind}" in texts[deal] and "partnership" not in texts[deal].split("\n1\t", 1)[0]


# --------------------------------------------------------------------------- disputes and general provisions (disp4)


@pytest.mark.parametrize("deal, forum", [("supplier-english", "Jurisdiction"), ("referral-one-way", "Jurisdiction"),
                                         ("example", "Arbitration")])
def test_outside_german_and_swedish_law_a_partner_protects_a_claim_by_starting_proceedings(texts, deal, forum):
    # English law knows no contractual suspension, New York voids a tolling promise made before the claim accrues
    # (GOL section 17-103) and Swiss law one made before the period starts (articles 129 and 141 CO)
    disputes = clause(texts[deal], "Resolving disputes")[1]
    assert "suspended" not in disputes and "As far as the governing law allows" not in disputes
    assert re.search(r"not stop any limitation period from running\. A Partner may therefore start proceedings under "
                     rf"clause {clause(texts[deal], forum)[0]} before the escalation (and the mediation have|has) ended "
                     r"where that is needed to stop a claim from becoming time-barred; it shall then ask for the "
                     r"proceedings to be stayed until the time at which this clause", disputes)
    if deal != "referral-one-way":  # the mediation clause lets it too
        assert re.search(r"before either of them starts proceedings under clause \d+, except as clause \d+\.4 allows\.",
                         clause(texts[deal], "Mediation")[1])


def test_under_swedish_law_the_escalation_notice_interrupts_limitation(texts):
    disputes = clause(texts["technology-france-sweden"], "Resolving disputes")[1]
    assert "The notice that starts the escalation, and each notice that moves it on, is a written demand by the " \
           "Partner giving it for the claims it describes, and interrupts the limitation of those claims under " \
           "section 5 of the Swedish Limitation Act (1981:130)." in disputes
    assert "suspended" not in disputes and "stayed" not in disputes


@pytest.mark.parametrize("deal", ["example", "german"])
def test_the_alliance_managers_may_update_the_agreed_behaviours_as_the_changes_clause_allows(texts, deal):
    text = texts[deal]
    behaviours = clause(text, "Relationship health")[0]
    assert f"The Alliance Managers may together update the Agreed Behaviours by a document signed or confirmed by " \
           f"email by both of them, which then replaces the list in clause {behaviours}.1." in text
    assert re.search(rf"They may not change it, except that the Executive Sponsors may update the Goals as clause "
                     rf"\d+\.\d+ allows, and the Alliance Managers the Agreed Behaviours as clause {behaviours}\.7 "
                     r"allows; every other change", clause(text, "Governance")[1])
    assert re.search(rf"except that the Goals may be updated as clause \d+\.\d+ allows, and the Agreed Behaviours as "
                     rf"clause {behaviours}\.7 allows\.", clause(text, "General provisions")[1])


def test_a_deal_without_agreed_behaviours_names_none_in_its_changes_clause(texts):
    assert "Agreed Behaviours" not in texts["supplier-english"]


@pytest.mark.parametrize("deal", ["supplier-english", "referral-one-way", "german", "example"])
def test_only_the_forum_the_deal_has_decides_a_set_off_or_a_dispute(texts, deal):
    text = texts[deal]
    courts = "Arbitration" not in re.findall(r"^\d+\t(Arbitration|Jurisdiction)$", text, re.M)
    general = clause(text, "General provisions")[1]
    assert "arbitral tribunal" not in general if courts else "that an arbitral tribunal has finally decided" in general
    assert ("that a court has finally decided" in general) is courts
    assert "final resolution" not in clause(text, "Resolving disputes")[1]
    civil_law = deal in ("german", "example")  # a counterclaim cannot be excluded this way: only set-off is
    assert "without set-off." in general if civil_law else "without set-off or counterclaim." in general


def test_an_unresolved_dispute_goes_to_the_forum_by_name(texts):
    assert re.search(r"has passed, either Partner may start proceedings under clause \d+\.",
                     clause(texts["referral-one-way"], "Resolving disputes")[1])
    assert re.search(r"has passed, either Partner may refer it to arbitration under clause \d+\.",
                     clause(texts["technology-france-sweden"], "Resolving disputes")[1])
    assert re.search(r"does not take part in the mediation, either Partner may start proceedings under clause \d+\.",
                     clause(texts["supplier-english"], "Mediation")[1])


@pytest.mark.parametrize("deal", ["supplier-english", "referral-one-way", "example"])
def test_an_undisputed_sum_due_is_claimed_without_waiting_for_escalation_and_mediation(texts, deal):
    text = texts[deal]
    forum = clause(text, "Arbitration" if deal == "example" else "Jurisdiction")[0]
    mediation = f" or in clause {clause(text, 'Mediation')[0]}" if deal != "referral-one-way" else ""
    assert f"Nothing in this clause{mediation} prevents a Partner from seeking urgent interim relief" in text
    assert f"or from starting proceedings under clause {forum} to recover an amount that has fallen due under this " \
           "Agreement and that the other Partner does not dispute in good faith." in clause(text, "Resolving disputes")[1]


@pytest.mark.parametrize("deal", ["supplier-english", "referral-one-way", "example"])
def test_an_email_cannot_change_the_agreement_even_with_a_signature_block(texts, deal):
    # English law can treat a name or signature block in an email as a signature (and German law lets an email
    # satisfy an agreed written form): the changes clause says it does not
    assert re.search(r"A change to this Agreement is valid only if it is made in writing and signed .*? allows\. A change "
                     r"signed through an electronic-signature platform, [^;]*; an email, or an exchange of emails, is "
                     r"not, even if it carries the sender's name or signature block\.", clause(texts[deal], "General provisions")[1])


@pytest.mark.parametrize("deal", ["supplier-english", "referral-one-way", "german", "example"])
def test_under_a_common_law_the_other_partner_signs_the_novation_of_a_transfer_to_an_affiliate(texts, deal):
    # an English or New York contract passes to a new party only by novation, which needs the other party's signature;
    # German and Swiss law take the consent this clause gives in advance
    novation = "and for any breach committed before it. The other Partner shall promptly sign, when asked, a novation " \
               "agreement and any other document reasonably needed for such a transfer to take effect. An assignment"
    assert (novation in clause(texts[deal], "General provisions")[1]) is (deal not in ("german", "example"))


def test_announcements_and_waivers_are_sub_clauses_of_their_own(texts):
    # a condition's closing tag at the end of a paragraph used to swallow the blank line after it
    for deal in ("supplier-english", "referral-one-way", "example"):
        general = clause(texts[deal], "General provisions")[1]
        assert re.search(r"^\d+\.\d+\tNeither Partner shall make a public announcement", general, re.M), deal
        assert re.search(r"^\d+\.\d+\tA failure or delay in exercising a right", general, re.M), deal


# --------------------------------------------------------------------------- referrals, customer data, commitments, survival, notices


def test_the_data_schedule_keeps_personal_data_only_until_the_exit_clause_deadline(texts):
    checked = 0
    for deal, text in texts.items():
        returned = re.search(r"^(\d+\.\d+)\tWithin \d+ days after the end of the Transition Period, each Partner shall "
                             r"return", text, re.M)
        retention = re.search(r"personal data received from the other Partner is deleted or returned ([^,]*)", text)
        if retention:  # the standard retention: one deadline, the exit clause's
            checked += 1
            assert returned and retention[1] == f"within the period that clause {returned[1]} sets for returning " \
                                                "the other Partner’s information when the Alliance ends", deal
        assert "after the Alliance ends, unless a law requires" not in text, deal
    assert checked >= 2


def test_the_commitments_clause_names_each_kind_as_the_schedule_does(tmp_path):
    from agreement_builder.terms.values import ContributionKind

    deal = ALL_DEALS["referral-one-way"]
    kinds = list(ContributionKind)
    text = build_text(tmp_path, deal, {"commitments": [
        {"partner": "harbor", "contribution": kind.value, "description": f"Commitment {n}"}
        for n, kind in enumerate(kinds)]})
    commitments = clause(text, "Commitments and deliverables")[1]
    for n, kind in enumerate(kinds):
        named = re.search(rf"^\(\w+\)\tHarbor Lane \(([^)]*)\): Commitment {n}$", commitments, re.M)
        in_schedule = re.search(rf"^Harbor Lane \| ([^|]*) \| Commitment {n}\b", text, re.M)
        assert named and in_schedule, kind
        assert named[1] == in_schedule[1].lower(), kind
    assert "other resources" not in commitments


def test_the_partners_are_separate_controllers_except_where_one_is_the_others_processor(texts):
    data = clause(texts["example"], "Customer data")[1]  # the example makes one Partner the other's processor
    processor = re.search(r"^(\d+\.\d+)\tWhere Schedule (\d+) says that a Partner processes Customer Data on the "
                          r"other's behalf", data, re.M)
    assert processor
    assert f"\tExcept where clause {processor[1]} and Schedule {processor[2]} make a Partner the other's processor, " \
           "when one Partner passes Customer Data to the other for the Alliance" in data
    plain = clause(texts["referral-one-way"], "Customer data")[1]  # no processing: no exception
    assert "\tWhen one Partner passes Customer Data to the other for the Alliance" in plain
    assert "Except where" not in plain


def test_the_words_of_data_protection_law_are_lower_case_as_the_text_uses_them(texts):
    for deal in ("example", "german", "technology-france-sweden"):
        text = texts[deal]
        assert "“controller”, “processor”, “personal data”, “processing” and “personal data breach” have the " \
               "meanings" in text, deal
        # they take the law's meanings: not the Agreement's capitalised defined terms, so not in the index
        assert "Controller" not in text and "“processor”: clause" not in text, deal
        assert re.search(r"\bcontroller\b", text), deal


def test_the_first_referral_earns_its_fee_for_a_contract_signed_before_the_effective_date(texts):
    first = _numbered(texts["referral-one-way"], "The first opportunity described in clause")
    assert "is treated as registered by the Referring Partner and accepted by the Receiving Partner on the Effective " \
           "Date, and is a Referral from then on. A contract that this prospective customer signs with the Receiving " \
           "Partner after both Partners have signed this Agreement but before the Effective Date counts for the " \
           "referral fee as if it had been signed on the Effective Date." in first


def test_a_commitment_to_answer_referrals_sooner_is_a_first_response(texts):
    # the deal's Receiving Partner commits to answer each referral within two Working Days; it has 10 days to decide
    accept = _numbered(texts["referral-one-way"], "The Receiving Partner shall accept or decline each Registration")
    assert re.search(r"in writing within 10 days after receiving it\. A Registration that it has neither accepted nor "
                     r"declined within that time is accepted\. Any shorter time for answering an introduction that "
                     r"Schedule \d+ gives is the time for a first response to the Referring Partner; it does not "
                     r"shorten or replace the time to accept or decline\.", accept)


def test_an_amount_an_audit_finds_is_paid_on_one_clock_from_the_audit_report(texts):
    checked = 0
    for deal, text in texts.items():
        if "found by an audit" not in text and "that an audit finds" not in text:
            continue
        checked += 1
        audit = clause(text, "Reporting and audit")[1]
        assert re.search(r"shall pay it within \d+ days after the audit report\. The Partner to which it is owed invoices "
                         r"it under clause \d+ without delay, but the time for payment runs from the audit report, not "
                         r"from the invoice; interest on a late payment is due as that clause provides\.", audit), deal
        assert "provides for other payments" not in audit, deal
    assert checked >= 4


def test_the_limits_on_joint_materials_after_the_term_survive(texts):
    for deal in ("referral-one-way", "example", "co-marketing-ontario", "supplier-english"):
        text = texts[deal]
        assert "After the Term each may keep them for its own records and internal use, but neither may publish or " \
               "distribute them without the other's written consent" in clause(text, "Intellectual property")[1], deal
        assert re.search(r"clause \d+ \(Intellectual property\), as far as it concerns ownership of rights, [^;]*what each "
                         r"Partner may do after the Term with the materials the Partners created together",
                         clause(text, "Survival")[1]), deal
    assert re.search(r"clause \d+ \(Intellectual property\), as far as it concerns ownership of rights, what each Partner "
                     r"may do after the Term with the materials the Partners created together and the licenses it grants "
                     r"for the Transition Period;", clause(texts["referral-one-way"], "Survival")[1])


def test_the_copy_to_the_executive_sponsor_goes_to_an_address_the_clause_gives(texts, tmp_path):
    copy = _numbered(texts["referral-one-way"], "A notice of breach, of termination or of a Dispute")
    assert "shall also be sent at the same time, for the attention of the other Partner's Executive Sponsor, to the " \
           "other Partner's postal address above. That copy is a courtesy" in copy  # the sponsors have no email
    assert "same address" not in copy
    deal = ALL_DEALS["referral-one-way"]
    one = build_text(tmp_path / "one", deal, {"partners.1.executive_sponsor.email": "rafael.ortiz@maplestone.example"})
    assert "to the other Partner's postal address above or by email, to Maplestone's Executive Sponsor at " \
           "rafael.ortiz@maplestone.example. That copy" in one
    both = build_text(tmp_path / "both", deal, {"partners.0.executive_sponsor.email": "dana@harborlane.example",
                                                "partners.1.executive_sponsor.email": "rafael.ortiz@maplestone.example"})
    assert "postal address above or by email, to Harbor Lane's Executive Sponsor at dana@harborlane.example and to " \
           "Maplestone's Executive Sponsor at rafael.ortiz@maplestone.example. That copy" in both


def test_the_last_years_strategic_review_comes_before_notice_about_renewal_is_due(texts):
    # a three-year term to 31 January 2030, with 120 days' notice: by 3 October 2029
    text = texts["technology-france-sweden"]
    marked = re.findall(r"^(Y\d-Q\d)\nAnnual strategic review \| [^|]+ \| [^|]+ \| ([^|]+) \|", text, re.M)
    assert marked == [("Y1-Q4", "15 February 2028"), ("Y2-Q4", "15 February 2029"), ("Y3-Q2", "15 August 2029")]
    assert re.search(r"In the last year of the Initial Term, the review is held instead after the Relationship Value "
                     r"Updates for the Review Period that Schedule \d+ marks for it, and before the time for notice "
                     r"under clause \d+ runs out, so that it can inform the decision whether to renew\.",
                     clause(text, "Relationship Value Updates")[1])


# --------------------------------------------------------------------------- referral fees and the data schedule (ref5)


def test_a_refund_for_the_receiving_partners_own_failure_reduces_neither_the_fee_nor_the_fee_base(texts):
    fees = clause(texts["referral-one-way"], "Referral fees")[1]
    assert "after deducting refunds, credits and discounts given to the Referred Customer on those amounts, other " \
           "than refunds and credits given because of a failure of the Receiving Partner's own products or services." in fees
    assert "own products or services, and such a refund or credit is not deducted from the Fee Base either, including " \
           "when a fee is adjusted once the Fee Base is known." in fees
    co_selling = clause(texts["example"], "Referral fees")[1]
    assert "after deducting refunds, credits and discounts given on those amounts, other than refunds and credits " \
           "given because of a failure of the paying Partner's own products or services;" in co_selling
    assert "is not deducted from the Referral Fee Base either" in co_selling


def test_a_contract_through_an_affiliate_or_intermediary_has_a_fee_base(texts):
    fees = clause(texts["referral-one-way"], "Referral fees")[1]
    assert re.search(r"The amounts invoiced to an Affiliate of the Referred Customer under a contract that counts as "
                     r"signed by the Referred Customer under clause 12\.4 are part of the Fee Base as if invoiced to the "
                     r"Referred Customer\. For a contract that counts for the referral fee under clause 12\.10 although "
                     r"the Receiving Partner made it through its own Affiliate, a reseller or another intermediary, the "
                     r"amounts that Affiliate or intermediary invoices the Referred Customer under it are part of the Fee "
                     r"Base as if the Receiving Partner had invoiced them\.", fees)
    assert "made it through its own Affiliate" in _numbered(texts["referral-one-way"], "The “Fee Base” of a Referred")
    co_selling = clause(texts["example"], "Referral fees")[1]
    assert "The amounts invoiced to an Affiliate of the Introduced Customer under a contract that counts as signed by " \
           "the Introduced Customer are part of the Referral Fee Base" in co_selling
    assert "the amounts that company or intermediary invoices the Introduced Customer under it are part of the " \
           "Referral Fee Base as if the paying Partner had invoiced them." in _numbered(
               texts["example"], "The paying Partner shall not go around")


def test_the_data_schedule_keeps_declined_prospects_data_no_longer_than_the_partners_further_rules(texts, tmp_path):
    text = texts["referral-one-way"]
    retention = re.search(r"^Retention \| (.*?)^Transfers", text, re.M | re.S).group(1)
    assert "deleted within 30 days if the referral is declined" in text  # the partners' own, shorter rule
    assert "Where the further rules agreed below set a shorter period for any personal data, that shorter period " \
           "applies to that data instead; for all other personal data the period above is the outer limit." in retention
    # the fee, its tail and audits still have what they need once the personal data has gone
    assert "The Receiving Partner may keep, for as long as clauses 12, 13 and 15 need it, a record of each " \
           "Registration that holds no personal data: the name of the prospective customer’s business, the date the " \
           "Registration was received, the need it named and, where it was declined, the reason given." in retention
    without = build_text(tmp_path, ALL_DEALS["referral-one-way"], {"trust.customer_data_rules": DELETE})
    assert "Where the further rules agreed below" not in without  # no further rules, nothing to yield to
    assert "a record of each Registration that holds no personal data" in without


def test_a_change_may_be_signed_on_an_e_signature_platform_but_not_by_email(texts):
    for deal in ("referral-one-way", "german"):
        changes = _numbered(texts[deal], "A change to this Agreement is valid only if")
        assert "A change signed through an electronic-signature platform, each signatory signing the text of the " \
               "change itself, is signed for this purpose; an email, or an exchange of emails, is not, even if it " \
               "carries the sender's name or signature block." in changes, deal
    swiss = _numbered(texts["example"], "A change to this Agreement is valid only if")
    assert "by hand or with a qualified electronic signature" in swiss  # the written form Swiss law asks for stays
    assert "is signed for this purpose if those signatures meet the form just stated; an email, or an exchange of " \
           "emails, is not" in swiss


@pytest.mark.parametrize("deal", ["referral-one-way", "example", "co-marketing-ontario", "technology-france-sweden"])
def test_the_schedules_own_wording_uses_the_defined_terms_with_their_capitals(texts, deal):
    schedules = texts[deal][texts[deal].index("\nSchedule 1\n"):]
    # only the tool's wording: the answers typed into the schedules (triggers, deliverables, rules) stay as typed
    tool = "\n".join(line for line in schedules.splitlines()
                     if not line.startswith(("Further rules agreed", "Maplestone |", "Tidewater |", "Brightwell |")))
    assert not re.search(r"\b(each|the|other|a) (partner|partners|alliance)\b|\b(referred customer|receiving partner|"
                         r"whose registration)\b", tool), deal
    assert "The Goals each Partner pursues through the Alliance" in schedules, deal
    if deal == "referral-one-way":
        assert "Once a Referred Customer signs with the Receiving Partner, the personal data about it is that Partner’s " \
               "own customer data" in schedules
        assert "such as those whose Registration was declined" in schedules


# --------------------------------------------------------------------------- supplier alliance (fifth reads)


def test_the_forecast_shortfall_charge_is_evidenced_and_is_a_debt(texts, tmp_path):
    text = texts["supplier-english"]
    charge = _numbered(text, "If the Buyer does not order the quantities in the binding part of a Forecast")
    assert "Its invoice shall itemise those savings and recoveries, and the Supplier shall give the Buyer reasonable " \
           "evidence of them with it." in charge
    assert re.search(r"Neither clause 8\.2 nor the limits on the audit in clause 14\.4 prevents the Supplier from "
                     r"giving that evidence", charge)
    assert "is a debt due under this Agreement, not damages" in charge and "clause 17 neither excludes nor limits it" in charge
    shortfall = re.match(r"([\d.]+)\t", charge)[1]
    statement = clause(text, "Reporting and audit")[1]
    assert "Apart from the charge for quantities in the binding part of a Forecast that the Buyer does not order, no " \
           "payment under this Agreement is calculated from figures that only one Partner keeps" in statement
    assert f"itemises and supports with evidence, as clause {shortfall} provides" in statement
    assert f"as clause {shortfall} provides for quantities in a Forecast" in clause(text, "Liability")[1]
    competing = build_text(tmp_path, ALL_DEALS["supplier-english"], {"trust.partners_compete": True})
    assert re.search(r"evidence that is Competitively Sensitive Information is given only to the Buyer's Clean Team, as "
                     r"clause \d+ provides\.", competing)


def test_nothing_in_a_forecast_binds_before_the_first_articles_are_approved(texts, tmp_path):
    text = texts["supplier-english"]
    forecast = _numbered(text, "No later than 26 February 2027")
    approval = re.search(r"^([\d.]+)\tThe Buyer shall inspect and test the First Articles", text, re.M)[1]
    assert "That binding part covers only calendar months that begin after the First Articles of the Product " \
           f"concerned have first been approved, or treated as approved, under clause {approval}; no quantity in a " \
           "Forecast for an earlier month binds the Buyer." in forecast
    without = build_text(tmp_path, ALL_DEALS["supplier-english"], {"supply.first_article_approval": False})
    assert "That binding part covers" not in without and "The quantities in the first 2 months" in without


def test_the_supplier_is_free_to_sell_except_what_the_supply_and_covenant_clauses_reserve(texts, tmp_path):
    text = texts["supplier-english"]
    supply = clause(text, "Supply")[0]
    freedom = _numbered(text, "The Buyer is the Supplier's customer for the Products")
    assert f"Except as clause {supply}.4 provides for products made to the Buyer's specifications, drawings or designs, " \
           "which the Supplier supplies to no one else, nothing in this Agreement limits to whom or where the Supplier " \
           "sells its products, or to whom" in freedom
    assert "sells the Products" not in freedom
    bound = build_text(tmp_path, ALL_DEALS["supplier-english"], {"covenants": {
        "exclusivity": {"scope": "pressure-sensor modules for industrial pumps"},
        "non_compete": {"scope": "making pressure-sensor modules"}}})
    exclusivity, non_compete = clause(bound, "Exclusivity")[0], clause(bound, "Non-compete")[0]
    assert f"which the Supplier supplies to no one else, and except as clause {exclusivity} and clause {non_compete} " \
           "provide, nothing in this Agreement limits" in bound


def test_force_majeure_and_the_sanctions_release_survive_for_the_supply_after_the_term(texts):
    text = texts["supplier-english"]
    survival = clause(text, "Survival")[1]
    force_majeure, sanctions = clause(text, "Force majeure")[0], clause(text, "Sanctions and export control")[0]
    release = re.search(rf"^{sanctions}\.(\d+)\tNeither Partner is obliged to perform any obligation", text, re.M)[1]
    assert f"clause {force_majeure} (Force majeure), as far as it concerns the supply that continues after the Term;" \
           in survival
    assert f"clause {sanctions}.{release} (Sanctions and export control), as far as it concerns the supply that " \
           "continues after the Term;" in survival
    assert "(Force majeure)" not in clause(texts["example"], "Survival")[1]


def test_the_products_are_the_suppliers_contributions_for_the_ip_warranty_and_indemnity(texts):
    text = texts["supplier-english"]
    number, warranties = clause(text, "Warranties and indemnity")
    assert "For the purposes of this clause, the Products are the Supplier's Contributions, and the Buyer's use of " \
           "them as this Agreement allows includes building them into its own products and reselling them" in warranties
    indemnity = re.search(rf"^{number}\.(\d+)\tEach Partner \(the “Indemnifying Partner”\)", text, re.M)[1]
    exclusions = re.search(rf"^{number}\.(\d+)\tThe Indemnifying Partner has no obligation", text, re.M)[1]
    assert f"Neither that warranty nor the Supplier's obligations under clause {number}.{indemnity} extend to an " \
           "infringement to the extent that it arises from designs, specifications or content that the Buyer " \
           f"provided, as clause {number}.{exclusions}(d) provides for claims." in warranties
    assert "the Products are the Supplier's Contributions" not in texts["example"]


def test_the_supplier_text_calls_its_sub_clauses_clauses(texts):
    text = texts["supplier-english"]
    assert not re.search(r"\b(this|following) paragraphs?\b", text, re.I)
    approval = re.search(r"^([\d.]+)\tThe Buyer shall inspect and test the First Articles", text, re.M)[1]
    assert f"submit new First Articles as soon as it reasonably can, and clause {approval} applies to them in the " \
           "same way." in text
    assert "have the Supplier's records of the supply audited, as the rest of this clause provides." in text
    number, warranties = clause(text, "Warranties and indemnity")
    disclaimer = re.search(rf"^{number}\.(\d+)\tExcept as this Agreement expressly provides", text, re.M)[1]
    assert f"The Products are outside clause {number}.{disclaimer}: the warranty in clause" in warranties


def test_the_buyer_can_ask_for_a_specification_change_agreed_as_a_change_to_the_agreement(texts):
    text = texts["supplier-english"]
    change = _numbered(text, "The Buyer may ask the Supplier in writing to change the agreed specification")
    assert "what effect it would have on the price of the Product, its lead time and the tooling needed to make it" \
           in change
    first_articles = re.search(r"^([\d.]+)\tBefore the Supplier starts volume production", text, re.M)[1]
    changes = re.search(r"^([\d.]+)\tA change to this Agreement is valid only", text, re.M)[1]
    assert f"A changed Product needs new First Articles under clause {first_articles}" in change
    # a change of price goes by the agreement's own rule on changes, not by the alliance managers' email (City read 8)
    assert "A change takes effect only when both Partners have agreed it, with its effect on price, lead time and " \
           f"tooling, as a change to this Agreement made under clause {changes}," in change
    assert "without an amendment" not in change
