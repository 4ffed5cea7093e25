"""The customer-data and confidentiality wording follows the deal: the data protection laws named follow
where the partners are (European wording only where European law applies), a referred customer that signs
becomes the receiving partner's own, campaign leads passed on are neither confidential nor deleted,
unmarked registrations, shared customer data and a buyer's drawings are still confidential, and a
disclosure the agreement requires (the referral fee) is allowed."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DELETE, edit_answers, run

from agreement_builder.document.docx_text import document_text
from agreement_builder.resources import package_file
from agreement_builder.terms.data_protection import partner_places

DEALS = Path(__file__).parent / "deals"
EUROPEAN = "EU General Data Protection Regulation"


def _text(deal: Path, tmp_path: Path, changes: dict | None = None) -> str:
    if changes:
        copy = tmp_path / deal.name
        copy.write_text(deal.read_text(encoding="utf-8"), encoding="utf-8")
        deal = edit_answers(copy, changes)
    result = run("build", deal, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return document_text(tmp_path / "out" / "agreement.docx")


@pytest.fixture(scope="module")
def referral(tmp_path_factory) -> str:
    return _text(DEALS / "referral-one-way.yaml", tmp_path_factory.mktemp("referral"))


@pytest.fixture(scope="module")
def ontario(tmp_path_factory) -> str:
    return _text(DEALS / "co-marketing-ontario.yaml", tmp_path_factory.mktemp("ontario"))


@pytest.fixture(scope="module")
def supplier(tmp_path_factory) -> str:
    return _text(DEALS / "supplier-english.yaml", tmp_path_factory.mktemp("supplier"))


@pytest.fixture(scope="module")
def swiss(tmp_path_factory) -> str:
    return _text(DEALS / "co-selling-competitors-swiss.yaml", tmp_path_factory.mktemp("swiss"))


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> str:
    return _text(package_file("example.yaml"), tmp_path_factory.mktemp("example"))


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if re.match(rf"[\d.]+\t{re.escape(start)}", line)
                or line.startswith(start))


# ---- 1. the laws named follow where the partners are


@pytest.mark.parametrize("deal", ["referral", "ontario"])
def test_a_us_canadian_deal_names_north_american_law_not_european(deal, request):
    text = request.getfixturevalue(deal)
    definition = _line(text, "“Data Protection Law” means")
    assert "the applicable US federal and state privacy laws" in definition
    assert "the Personal Information Protection and Electronic Documents Act (Canada)" in definition
    assert "Canada's anti-spam legislation (CASL) on commercial electronic messages" in definition
    assert "Quebec" not in definition  # neither partner is in Quebec
    for european in (EUROPEAN, "European Economic Area", "EEA", "Swiss", "Article 28", "supervisory authority"):
        assert european not in text
    assert "Transfers between countries | Personal data passes between the Partners" in text
    assert "Sharing Customer Data between the Partners may take it from one country to another." in text
    # each term has a meaning of its own where the law that applies does not use it (PIPEDA has no controllers)
    # (organization: the referral deal is under New York law, so in American spelling)
    assert '“controller” means the organi' in definition and "that decides why and how personal data is processed" in definition


def test_each_partner_has_its_own_laws_named(referral):
    definition = _line(referral, "“Data Protection Law” means")
    assert ("including: for Harbor Lane, the applicable US federal and state privacy laws; and for Maplestone, "
            "the Personal Information Protection and Electronic Documents Act (Canada) and Canada's anti-spam") in definition


@pytest.mark.parametrize("deal", ["referral", "ontario", "swiss", "example"])
def test_the_collecting_partner_has_the_consent_the_law_requires(deal, request):
    text = request.getfixturevalue(deal)
    assert ("shares only Customer Data that it may lawfully share with the other, having told the people concerned "
            "that their data may be shared for the Alliance and obtained from them every consent to that sharing "
            "that Data Protection Law requires;") in text
    assert "has told the people concerned, as Data Protection Law requires" not in text


def test_a_partner_in_quebec_adds_quebec_law(tmp_path):
    text = _text(DEALS / "referral-one-way.yaml", tmp_path, {
        "partners.1.jurisdiction": "Canada",
        "partners.1.address": "1000 rue De La Gauchetière Ouest\nMontréal (Québec) H3B 4W5\nCanada"})
    definition = _line(text, "“Data Protection Law” means")
    assert ("for Maplestone, the Personal Information Protection and Electronic Documents Act (Canada), Quebec's Act "
            "respecting the protection of personal information in the private sector and Canada's anti-spam") in definition


def test_a_partner_elsewhere_is_under_the_laws_that_apply_to_it(tmp_path):
    text = _text(DEALS / "referral-one-way.yaml", tmp_path, {
        "partners.1.jurisdiction": "Japan", "partners.1.address": "1-1 Marunouchi\nTokyo 100-0005\nJapan"})
    assert "for Maplestone, the data protection laws that apply to it." in _line(text, "“Data Protection Law” means")
    assert EUROPEAN not in text


@pytest.mark.parametrize("deal", ["swiss", "example"])
def test_european_partners_keep_the_european_wording(deal, request):
    text = request.getfixturevalue(deal)
    assert ("such as the EU General Data Protection Regulation, the United Kingdom's GDPR and Data Protection Act "
            "2018, and the Swiss Federal Act on Data Protection.") in _line(text, "“Data Protection Law” means")
    assert "any transfer outside the European Economic Area, the United Kingdom and Switzerland" in text
    assert ("Neither Partner shall transfer Customer Data that is subject to the data protection law of the European "
            "Economic Area, the United Kingdom or Switzerland to a country outside them") in text
    assert "Transfers between countries" not in text


def test_european_transfer_rules_apply_when_data_leaves_europe(tmp_path):
    # a US partner and a German one: both the general rule on transfers and the European one
    text = _text(DEALS / "referral-one-way.yaml", tmp_path, {
        "partners.1.jurisdiction": "Germany", "partners.1.address": "Schützenstraße 14\n10117 Berlin\nGermany",
        "data_sharing.transfers_outside_europe": True})
    assert "for Maplestone, the EU General Data Protection Regulation" in _line(text, "“Data Protection Law” means")
    assert "Sharing Customer Data between the Partners may take it from one country to another." in text
    assert "subject to the data protection law of the European Economic Area" in text
    assert "Transfers outside the EEA, the United Kingdom and Switzerland | Personal data that is subject" in text


@pytest.mark.parametrize(("jurisdiction", "address", "places"), [
    ("Delaware", "410 Park Avenue South\nNew York, NY 10016\nUnited States", ["US-DE", "US-NY"]),
    ("Canada", "1 Place Ville Marie\nMontreal, QC H3B 2C4\nCanada", ["CA-QC"]),
    ("England and Wales", "Unit 7\nSheffield S9 2RX\nUnited Kingdom", ["GB"]),
    ("Atlantis", "somewhere", []),
])
def test_where_a_partner_is(jurisdiction, address, places):
    assert partner_places(jurisdiction, address) == places


# ---- 2. a referred customer that signs is the receiving partner's own


def test_a_signed_referred_customer_is_the_receiving_partners_own(referral):
    assert ("Once a Referred Customer signs a contract with the Receiving Partner, the Customer Data about it and its "
            "staff that the Receiving Partner holds is the Receiving Partner's own customer data.") in referral
    assert ("Those limits and that duty apply to the Customer Data of prospective customers that have not signed with "
            "the Receiving Partner, such as those whose Registration was declined.") in referral
    exit_duty = _line(referral, "Within 30 days after the end of the Transition Period, each Partner shall return")
    assert "(other than that of Referred Customers that have signed with it, which Section 10 makes its own)" in exit_duty
    assert "Once a Referred Customer signs with the Receiving Partner, the personal data about it is that Partner’s own" in referral
    assert "Except as this Section provides for Referred Customers that have signed, Customer Data is also" in referral


# ---- 3. campaign leads passed on: neither confidential nor deleted, everywhere


def test_campaign_leads_are_carved_out_of_confidentiality_and_deletion_alike(ontario):
    assert "A Campaign Lead passed to the Recipient under clause 15 is not Confidential Information" in ontario
    assert "Except for Campaign Leads passed on, Customer Data is also Confidential Information" in ontario
    assert re.search(r"nor the duty in clause \d+\.\d+ to return or destroy Customer Data apply to it, and it is not "
                     r"Confidential", ontario)
    assert ("Campaign Leads passed from one Partner to the other are not deleted or returned under this rule") in ontario
    assert "(other than Campaign Leads, which it may keep using under clause 15)" in ontario
    # no sentence makes all Customer Data confidential without the exception
    assert not re.search(r"\t\s*Customer Data is also Confidential Information", ontario)


# ---- 4. what is confidential whether or not marked (light confidentiality)


def test_registrations_and_customer_data_are_confidential_unmarked(referral):
    assert ("Whether or not it is marked or identified as confidential, the following is Confidential Information of "
            "the Partner that makes it available: the information listed in Section 8.1 that a Partner shares under "
            "that Section; the information about a prospective customer in a Registration; and Customer Data, as far "
            "as Section 10 makes it Confidential Information.") in referral  # a US agreement numbers Sections


def test_a_buyers_drawings_are_confidential_unmarked(supplier):
    assert ("Whether or not it is marked or identified as confidential, the following is Confidential Information of "
            "the Partner that makes it available: the information listed in clause 8.1 that a Partner shares under that "
            "clause; and the specifications, drawings and other technical information that the Buyer gives the "
            "Supplier.") in supplier


def test_nothing_unmarked_is_added_where_nothing_calls_for_it(tmp_path):
    text = _text(DEALS / "co-marketing-ontario.yaml", tmp_path,
                 {"trust.customer_data_shared": False, "data_sharing": DELETE})
    # Only what the information-sharing clause lists (issue 12, defect 5) is protected unmarked.
    assert "the following is Confidential Information of the Partner that makes it available: the information " \
           "listed in clause 8.1 that a Partner shares under that clause.\n" in text


# ---- 5. disclosures the agreement itself requires


def test_the_fee_disclosure_the_agreement_requires_is_allowed(referral, swiss):
    referrals = re.search(r"^(\d+)\tReferrals$", referral, re.M)[1]
    assert ("The Recipient may also disclose Confidential Information, including the terms of this Agreement, as far "
            "as this Agreement requires or allows the disclosure, such as telling a prospective customer about the "
            f"referral fee as Section {referrals} requires.") in referral
    assert "as far as this Agreement requires or allows the disclosure." in swiss  # strict confidentiality too
