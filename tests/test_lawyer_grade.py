"""What a lawyer expects in any alliance agreement, checked on the generated text of the example and every
test deal: a liability cap with carve-outs, warranties and an IP indemnity, force majeure, anti-bribery,
sanctions, registration numbers and entity descriptions that fit the jurisdiction, and articles that read
right whatever names the terms hold."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ALL_DEALS, DELETE, build_text, clause, edit_answers, run, terms_with

from agreement_builder import articles
from agreement_builder.answers import load_terms
from agreement_builder.library.clauses import load_library, select_clauses
from agreement_builder.library.render import Renderer
from agreement_builder.resources import package_file

DEALS = Path(__file__).parent / "deals"
EXAMPLE = package_file("example.yaml")
IDS = list(ALL_DEALS)


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    return {name: build_text(tmp_path_factory.mktemp(name), deal) for name, deal in ALL_DEALS.items()}


# --------------------------------------------------------------------------- liability


@pytest.mark.parametrize("deal", IDS)
def test_liability_is_capped_with_the_currencys_floor(texts, deal):
    _, body = clause(texts[deal], "Liability")
    currency = {"example": "EUR", "co-marketing-ontario": "CAD", "co-selling-competitors-swiss": "CHF",
                "referral-one-way": "USD", "supplier-english": "GBP", "technology-france-sweden": "EUR"}[deal]
    floor = "75,000.00" if currency == "CAD" else "50,000.00"
    assert "total liability to the other for all claims" in body
    assert "amounts paid or payable by either Partner to the other under this Agreement in the 12 months " \
           "before the event giving rise to the first of those claims" in body
    assert f"{currency} {floor}." in body


@pytest.mark.parametrize("deal", IDS)
def test_liability_carve_outs(texts, deal):
    text = texts[deal]
    _, body = clause(text, "Liability")
    confidentiality, _ = clause(text, "Confidentiality")
    carve_outs = body[body.index("Nothing in this clause limits or excludes"):]
    carve_outs = carve_outs.replace("willful", "wilful")  # the New York deal's American spelling
    # the law's own words for deliberate wrongdoing: intent under a civil law, a defined default under English law
    civil = deal in ("example", "co-selling-competitors-swiss", "technology-france-sweden")
    wrongdoing = ("for fraud, and for loss it causes intentionally",) if civil else (
        "fraud or fraudulent misrepresentation", "deliberate default" if deal == "supplier-english" else "wilful misconduct")
    for fragment in (*wrongdoing,
                     f"for a breach of clause {confidentiality}", "infringing the other Partner's intellectual "
                     "property rights", "to pay amounts that have been earned or have fallen due under this "
                     "Agreement and are unpaid", "that the governing law does not allow to be limited or excluded"):
        assert fragment in carve_outs, fragment
    # The English formula for negligent death or injury only under English law and its family.
    assert ("death or personal injury caused by its negligence" in carve_outs) == (deal == "supplier-english")


def test_the_exclusion_of_lost_profit_does_not_swallow_the_payees_claim(texts):
    _, body = clause(texts["referral-one-way"], "Liability")
    referrals, _ = clause(texts["referral-one-way"], "Referrals")
    assert "That exclusion of loss of profit and revenue does not apply to referral fees that a Partner would " \
           "have earned under this Agreement and loses because the other Partner ends this Agreement in breach " \
           f"of it, goes around it to avoid a payment (including in any of the ways clause {referrals} forbids)" in body
    assert "such as referral fees;" in body
    _, example = clause(texts["example"], "Liability")
    assert "does not apply to referral fees, fees and shares of revenue that a Partner would have earned" in example


@pytest.mark.parametrize("deal, kept", [
    ("technology-france-sweden", "Licensor's obligations in clause"),
    ("co-marketing-ontario", "under the obligation to defend and compensate in clause"),
    ("co-marketing-ontario", "or using its Marks in a way that clause"),
])
def test_the_kinds_own_carve_outs_stay(texts, deal, kept):
    assert kept in clause(texts[deal], "Liability")[1]


def test_a_fixed_cap(tmp_path):
    text = build_text(tmp_path, EXAMPLE, {"liability": {"cap_basis": "fixed", "cap_amount": 250000}})
    _, body = clause(text, "Liability")
    assert "is limited to EUR 250,000.00 in total." in body
    assert "12 months before the event" not in body


def test_a_floor_of_the_terms_own_and_none_for_a_currency_without_one(tmp_path):
    text = build_text(tmp_path / "own", EXAMPLE, {"liability": {"floor_amount": 120000}})
    assert "(b)\tEUR 120,000.00." in clause(text, "Liability")[1]
    text = build_text(tmp_path / "none", EXAMPLE, {"money.currency": "BRL", "liability": {"cap_basis": "fees_12_months"}})
    body = clause(text, "Liability")[1]
    assert "greater of" not in body and "is limited to the total of the amounts paid or payable" in body


def test_a_fixed_cap_needs_its_amount(tmp_path):
    file = tmp_path / "deal.yaml"
    file.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    edit_answers(file, {"liability": {"cap_basis": "fixed"}})
    result = run("check", file)
    assert result.exit_code == 1 and "cap_amount" in result.output, result.output


@pytest.mark.parametrize("deal", IDS)
def test_survival_lists_liability(texts, deal):
    number, _ = clause(texts[deal], "Liability")
    _, survival = clause(texts[deal], "Survival")
    assert f"clause {number} (Liability)" in survival


# --------------------------------------------------------------------------- warranties and indemnity


@pytest.mark.parametrize("deal", IDS)
def test_each_partner_warrants_authority_compliance_and_non_infringement(texts, deal):
    number, body = clause(texts[deal], "Warranties and indemnity")
    for fragment in ("has the power and authority to enter into and perform this Agreement",
                     "Each Partner shall comply with the laws and regulations that apply to it",
                     "Each Partner warrants that, as far as it knows, its Contributions, used as this Agreement "
                     "allows, do not infringe the intellectual property rights of any third party"):
        assert fragment in body, fragment
    assert f"clause {number} (Warranties and indemnity)" in clause(texts[deal], "Survival")[1]
    assert f"under its obligation to defend the other Partner and pay for claims in clause {number}" in \
        clause(texts[deal], "Liability")[1]


@pytest.mark.parametrize("deal", IDS)
def test_the_ip_indemnity_has_defence_control_mitigation_and_exclusions(texts, deal):
    _, body = clause(texts[deal], "Warranties and indemnity")
    body = body.replace("defense", "defence")  # the New York deal's American spelling
    for fragment in ("(the “Indemnifying Partner”) shall defend the other Partner against any claim by a third party",
                     "lets the Indemnifying Partner control the defence and any settlement",
                     "takes reasonable steps to limit its loss from the claim",
                     "a change to the Contributions that the Indemnifying Partner did not make or approve",
                     "the combination of the Contributions with products, data, materials or processes"):
        assert fragment in body, fragment


@pytest.mark.parametrize("deal, covered, own", [
    ("co-marketing-ontario", "a Partner's Marks, for which clause", "Trade marks"),
    ("technology-france-sweden", "Licensed Technology, for which clause", "Technology licences"),
])
def test_what_a_kinds_own_clause_covers_is_not_warranted_twice(texts, deal, covered, own):
    number, _ = clause(texts[deal], own)
    _, body = clause(texts[deal], "Warranties and indemnity")
    assert f"do not apply to {covered} {number} gives the promises and the protection against claims" in body


@pytest.mark.parametrize("deal", ["example", "referral-one-way", "supplier-english"])
def test_other_kinds_warrant_all_they_contribute(texts, deal):
    assert "do not apply to" not in clause(texts[deal], "Warranties and indemnity")[1]


# --------------------------------------------------------------------------- force majeure, anti-bribery, sanctions

LAWS = {
    # the partners' countries' laws, then the governing law's country's (Swiss law for the example), then those of
    # the countries the territory names
    "example": ["sections 299 and 331 ff. of the German Criminal Code (Strafgesetzbuch)",
                "the Irish Criminal Justice (Corruption Offences) Act 2018",
                "articles 322ter ff. of the Swiss Criminal Code (Strafgesetzbuch)",
                "sections 304 to 309 of the Austrian Criminal Code (Strafgesetzbuch)",
                "the United Kingdom's Bribery Act 2010"],
    "co-marketing-ontario": ["the Canadian Corruption of Foreign Public Officials Act",
                             "the US Foreign Corrupt Practices Act of 1977"],
    "co-selling-competitors-swiss": ["articles 322ter ff. of the Swiss Criminal Code (Strafgesetzbuch)"],
    "referral-one-way": ["the US Foreign Corrupt Practices Act of 1977",
                         "the Canadian Corruption of Foreign Public Officials Act"],
    "supplier-english": ["the Bribery Act 2010"],  # as English law names its own act
    "technology-france-sweden": ["French Law No. 2016-1691 of 9 December 2016 (Sapin II)",
                                 "chapter 10 of the Swedish Criminal Code (Brottsbalken)",
                                 "articles 322ter ff. of the Swiss Criminal Code (Strafgesetzbuch)",
                                 "the United Kingdom's Bribery Act 2010"],
}


@pytest.mark.parametrize("deal", IDS)
def test_force_majeure(texts, deal):
    exit_number, _ = clause(texts[deal], "Consequences of termination")
    _, body = clause(texts[deal], "Force majeure")
    for fragment in ("(a “Force Majeure Event”)", "never excuses a delay or failure to pay money",
                     "shall tell the other promptly", "take all reasonable steps to limit the effect",
                     "for more than 90 days in a row, the other Partner may end this Agreement",
                     f"clause {exit_number} applies"):
        assert fragment in body, fragment


@pytest.mark.parametrize("deal", IDS)
def test_anti_bribery_names_the_laws_of_the_partners_countries(texts, deal):
    _, body = clause(texts[deal], "Anti-bribery and anti-corruption")
    laws = LAWS[deal]
    named = ", ".join(laws[:-1]) + (" and " if len(laws) > 1 else "") + laws[-1]
    assert f"with the laws against bribery and corruption that apply to it, including {named} (the " \
           "“Anti-Corruption Laws”)." in body
    for fragment in ("policies and procedures that are adequate to prevent bribery",
                     "shall tell the other in writing promptly after it learns of",
                     "may end this Agreement with immediate effect by notice"):
        assert fragment in body, fragment


def test_a_country_without_a_listed_law_gets_the_general_words(tmp_path):
    text = build_text(tmp_path, EXAMPLE, {"partners.0.jurisdiction": "Brazil", "partners.1.jurisdiction": "Japan",
                                      "partners.0.address": "Avenida Paulista 1\nSão Paulo\nBrazil",
                                      "partners.1.address": "1-1 Marunouchi\nTokyo\nJapan",
                                      "disputes.governing_law": "the laws of Brazil",
                                      "alliance.territory": "Brazil and Japan"})
    _, body = clause(text, "Anti-bribery and anti-corruption")
    assert "with the laws against bribery and corruption that apply to it (the “Anti-Corruption Laws”)." in body


@pytest.mark.parametrize("deal", IDS)
def test_sanctions_and_export_control(texts, deal):
    _, body = clause(texts[deal], "Sanctions and export control")
    for fragment in ("A “Sanctioned Person” is", "is a Sanctioned Person", "make funds, products, technology or "
                     "other economic resources available to or for the benefit of, a Sanctioned Person",
                     "shall comply with the export control laws that apply to the products, software, technology",
                     "If a Partner becomes a Sanctioned Person or breaches this clause, the other Partner may end "
                     "this Agreement with immediate effect by notice"):
        assert fragment in body, fragment
    assert ("including the Licensed Technology" in body) == (deal == "technology-france-sweden")


# --------------------------------------------------------------------------- the parties and articles


def _rendered(changes: dict, clause_id: str) -> str:
    """One clause of the example with these changes, as plain text (rendered without building a document)."""
    terms = terms_with(load_terms(EXAMPLE), changes)
    (chosen,) = [c for c in select_clauses(load_library(), terms) if c.id == clause_id]
    return "\n".join(block.plain for block in chosen.render(Renderer(terms)))


def test_registration_numbers_where_given(texts):
    text = texts["example"]
    for shown in (text[:text.index("Kind of alliance")], clause_of_parties(text)):
        # a German HRB number is unique only with its court's register
        assert "a limited liability company (GmbH) registered in Germany in the commercial register of the " \
               "Amtsgericht Charlottenburg under number HRB 212345 B" in shown
        assert "a private company limited by shares registered in Ireland under number 654321" in shown
    for deal in IDS[1:]:
        assert "under number" not in clause_of_parties(texts[deal])


def clause_of_parties(text: str) -> str:
    return text[text.index("This alliance agreement"):text.index("each a “Partner”")]


@pytest.mark.parametrize("deal, described", [
    ("referral-one-way", ["Harbor Lane Advisory LLC, a Delaware limited liability company (“Harbor Lane”), with its "
                          "principal office at:", "Maplestone Systems Inc., an Ontario corporation (“Maplestone”), "
                          "with its principal office at:"]),
    ("co-marketing-ontario", ["an Ontario corporation", "a Delaware corporation", "with its principal office at:"]),
    ("technology-france-sweden", ["a société par actions simplifiée registered in France (“Lumière”), whose "
                                  "registered office is at:", "a private limited company (aktiebolag) registered in "
                                  "Sweden (“Nordvik”), whose registered office is at:"]),
    ("supplier-english", ["a private company limited by shares registered in England and Wales (“Norda”), whose "
                          "registered office is at:"]),
])
def test_us_and_canadian_entities_have_a_principal_office_not_a_registered_address(texts, deal, described):
    parties = clause_of_parties(texts[deal])
    for fragment in described:
        assert fragment in parties, fragment
    cover = texts[deal][:texts[deal].index("Kind of alliance")]
    assert ("registered in Delaware" in cover or "registered in Ontario" in cover) is False
    if deal == "referral-one-way":
        assert "a Delaware limited liability company\nMaplestone Systems Inc. (“Maplestone”), an Ontario " \
               "corporation" in cover
        assert "whose registered address" not in parties


def test_a_registered_number_of_a_us_entity_and_a_country_read_from_the_address():
    text = _rendered({"partners.0.jurisdiction": "Delaware", "partners.0.entity_type": "LLC",
                      "partners.0.registration_number": "7654321", "partners.0.registry": None}, "parties")
    assert "Larkspur Analytics GmbH, a Delaware LLC registered under number 7654321 (Larkspur), with its " \
           "principal office at:" in text
    text = _rendered({"partners.1.jurisdiction": "the State of Nowhere", "partners.1.address": "1 Main Street\n"
                      "Boston, MA 02110\nUSA"}, "parties")
    assert "with its principal office at:" in text


def test_a_register_is_named_for_a_principal_office_too_and_not_without_a_number():
    text = _rendered({"partners.0.jurisdiction": "Delaware", "partners.0.entity_type": "LLC",
                      "partners.0.registration_number": "7654321",
                      "partners.0.registry": "the Delaware Division of Corporations"}, "parties")
    assert "a Delaware LLC registered in the Delaware Division of Corporations under number 7654321" in text
    text = _rendered({"partners.0.registration_number": None}, "parties")
    assert "Amtsgericht" not in text


def test_check_asks_for_the_register_court_of_a_german_commercial_register_number(tmp_path):
    answers = tmp_path / "deal.yaml"
    answers.write_text(Path(EXAMPLE).read_text(encoding="utf-8"), encoding="utf-8")
    edit_answers(answers, {"partners.0.registry": DELETE})
    result = run("check", answers)
    assert result.exit_code == 0
    assert "partners[0].registry: Larkspur's number HRB 212345 B names no register court" in result.output
    edit_answers(answers, {"partners.0.jurisdiction": "Austria", "partners.0.address": "Ring 1\n1010 Wien\nAustria"})
    assert "registry" not in run("check", answers).output


ENTITY_TYPES = [
    ("aktiebolag", "an aktiebolag"), ("LLC", "an LLC"), ("limited liability company", "a limited liability company"),
    ("SA", "an SA"), ("S.A.", "an S.A."), ("AG", "an AG"), ("GmbH", "a GmbH"), ("SAS", "an SAS"),
    ("unlimited company", "an unlimited company"), ("European company (SE)", "a European company (SE)"),
    ("one-person company", "a one-person company"), ("exempted company", "an exempted company"),
    ("société par actions simplifiée", "a société par actions simplifiée"), ("NV", "an NV"), ("BV", "a BV"),
    ("Aktiengesellschaft", "an Aktiengesellschaft"), ("corporation", "a corporation"),
]


@pytest.mark.parametrize("entity_type, expected", ENTITY_TYPES, ids=[e for e, _ in ENTITY_TYPES])
def test_a_or_an_before_entity_types(entity_type, expected):
    text = _rendered({"partners.1.entity_type": entity_type}, "parties")
    assert f"Tidewater Software Ltd, {expected} registered in Ireland" in text
    assert articles.indefinite(entity_type) == expected.split(" ")[0]


TERRITORIES = [
    ("worldwide", "operates worldwide (the Territory)"),
    ("Worldwide", "operates Worldwide (the Territory)"),
    ("Germany", "operates in Germany (the"),
    ("United States and Canada", "operates in the United States and Canada (the"),
    ("European Economic Area", "operates in the European Economic Area (the"),
    ("the European Economic Area", "operates in the European Economic Area (the"),
    ("United Kingdom and the European Union", "operates in the United Kingdom and the European Union (the"),
    ("Netherlands and Belgium", "operates in the Netherlands and Belgium (the"),
    ("EU", "operates in the EU (the"),
    ("Nordic countries", "operates in the Nordic countries (the"),
    ("Asia-Pacific region", "operates in the Asia-Pacific region (the"),
    ("Switzerland and Liechtenstein", "operates in Switzerland and Liechtenstein (the"),
    ("Ontario, Quebec and the Great Lakes states", "operates in Ontario, Quebec and the Great Lakes states (the"),
    ("Uruguay", "operates in Uruguay (the"),
]


@pytest.mark.parametrize("territory, expected", TERRITORIES, ids=[t for t, _ in TERRITORIES])
def test_the_before_territory_names(territory, expected):
    assert expected in _rendered({"alliance.territory": territory}, "background")


@pytest.mark.parametrize("jurisdiction, expected", [("Netherlands", "registered in the Netherlands"),
                                                    ("Sweden", "registered in Sweden")])
def test_the_before_a_jurisdiction(jurisdiction, expected):
    assert expected in _rendered({"partners.1.jurisdiction": jurisdiction}, "parties")


@pytest.mark.parametrize("deal, territory", [("referral-one-way", "in the United States and Canada"),
                                             ("supplier-english", "in the United Kingdom and the European Union"),
                                             ("technology-france-sweden", "in the European Economic Area, "),
                                             ("example", "in Germany, Austria")])
def test_the_deals_territories_read_right(texts, deal, territory):
    assert f"The Alliance operates {territory}" in texts[deal]


# --------------------------------------------------------------------------- set-off, assignment, authority to sign


@pytest.mark.parametrize("deal", IDS)
def test_set_off_assignment_to_group_companies_and_authority_to_sign(texts, deal):
    _, general = clause(texts[deal], "General provisions")
    assert "may nevertheless transfer this Agreement as a whole, by notice to the other, to an Affiliate of it" \
           in general
    assert "A Partner may set off an amount that the other Partner owes it under this Agreement" in general
    signatures = texts[deal][texts[deal].index("\nSignatures\n"):].replace("authorized", "authorised")  # NY: US
    assert signatures.count("by its authorised signatory, who confirms that they are authorised to sign this "
                            "Agreement for it.") == 2


def test_a_jurisdiction_that_names_several_subdivisions_is_no_place_and_checks_cleanly(tmp_path):
    from agreement_builder.terms.data_protection import country_code

    assert country_code("ß") is None  # casefolds to "ss", a subdivision code in more than one country
    answers = tmp_path / "deal.yaml"
    answers.write_text(Path(EXAMPLE).read_text(encoding="utf-8"), encoding="utf-8")
    edit_answers(answers, {"partners.0.jurisdiction": "ß"})
    assert run("check", answers).exit_code == 0
