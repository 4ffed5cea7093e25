"""Drafting that follows the governing law and where the partners are: German liability graded by fault and
German courts named as German practice names them; under a US law the status warranty, insolvency events,
notices, spelling and "Section" of a US agreement; Canadian sales taxes when a partner is Canadian."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import build_text, edit_answers, run

from agreement_builder.document.docx_text import document_text
from agreement_builder.versions import publish
from agreement_builder.versions.redline import RedlineUnavailable

DEALS = Path(__file__).parent / "deals"
NEW_YORK = DEALS / "referral-one-way.yaml"  # a Delaware LLC and an Ontario corporation under New York law
SWISS = DEALS / "co-selling-competitors-swiss.yaml"  # two Swiss companies under Swiss law
GERMAN = {"disputes.governing_law": "germany", "disputes.venue": "Frankfurt am Main, Germany",
          "disputes.final_forum": "courts"}


def _text(tmp_path: Path, deal: Path, changes: dict | None = None) -> str:
    return build_text(tmp_path, deal, changes, sections_as_clauses=False)


def _paragraph(text: str, words: str) -> str:
    return next(line for line in text.splitlines() if words in line)


@pytest.fixture(scope="module")
def new_york(tmp_path_factory) -> str:
    return _text(tmp_path_factory.mktemp("new-york"), NEW_YORK)


@pytest.fixture(scope="module")
def german(tmp_path_factory) -> str:
    return _text(tmp_path_factory.mktemp("german"), SWISS, GERMAN)


@pytest.fixture(scope="module")
def swiss(tmp_path_factory) -> str:
    return _text(tmp_path_factory.mktemp("swiss"), SWISS)


# ---------------------------------------------------------------------------- Germany


def test_german_liability_is_graded_by_fault_as_german_standard_terms_require(german):
    assert "Each Partner is liable without limitation:" in german
    for case in ("intentionally or by gross negligence", "injury to life, body or health",
                 "German Product Liability Act (Produkthaftungsgesetz)", "under a guarantee it has given"):
        assert case in german
    # The unlimited cases come first, so a reader cannot take the material-obligation rule to narrow them.
    simple = _paragraph(german, "provides, a Partner is liable for loss caused by simple negligence only where it "
                                "breaches a material obligation")
    assert re.match(r"\d+\.2\tExcept as clause \d+\.1 provides,", simple)
    assert "possible in the first place and on whose performance the other Partner regularly relies" in simple
    assert "(Kardinalpflicht)" in simple and "loss typical of an agreement of this kind that was foreseeable" in simple
    assert "Otherwise, neither Partner is liable for loss caused by simple negligence." in simple
    cap = _paragraph(german, "In addition, each Partner's total liability to the other under clause ")
    assert re.search(r"under clause \d+\.2 for all claims", cap)
    assert "The Partners have set that limit" not in german  # a recital cannot make a cap cover the typical loss
    # The English exclusions a German court would strike down are gone.
    assert "indirect or consequential loss" not in german
    assert "wilful misconduct" not in german


def test_other_laws_keep_the_cap_and_the_excluded_losses(swiss):
    assert "Neither Partner is liable to the other for any loss of profit, revenue, business" in swiss
    assert "Kardinalpflicht" not in swiss and "Produkthaftungsgesetz" not in swiss


def test_german_courts_are_named_as_german_practice_names_them(german, swiss):
    jurisdiction = _paragraph(german, "Exclusive jurisdiction to decide any Dispute")
    assert "lies with the Landgericht (Regional Court) Frankfurt am Main or, where the value in dispute is too low " \
           "for the Landgericht, the Amtsgericht (Local Court) Frankfurt am Main." in jurisdiction
    # The chamber for commercial matters sits in German and needs a registered merchant as defendant; the
    # Commercial Chambers of section 184a GVG hear disputes in English.
    assert ("A Partner that brings a Dispute before a court that has a Commercial Chamber that hears disputes in "
            "English (section 184a of the German Courts Constitution Act (GVG)) shall bring it before that chamber, "
            "and the Partners agree that the proceedings are to be conducted in English.") in german
    assert "Kammer für Handelssachen" not in german and "184a" not in swiss
    # A civil-law court knows no "inconvenient forum", and no injunction test to waive.
    assert "inconvenient forum" not in jurisdiction
    assert "without having to show special damage" not in german
    assert "Besides damages, the Discloser may claim performance of this clause, and ask a competent court for " \
           "interim measures to stop or prevent a breach." in german
    assert "Damages alone may not be an adequate remedy" not in german  # performance is the first remedy


def test_the_cover_names_the_law_not_its_key(german):
    assert "Governing law and disputes | the laws of the Federal Republic of Germany; disputes go finally to the " \
           "Landgericht (Regional Court) Frankfurt am Main" in german
    assert "| germany;" not in german


# ---------------------------------------------------------------------------- US and Canadian partners, US law


def test_us_and_canadian_entities_warrant_their_status_in_us_words(new_york, swiss):
    assert "it is duly organized, validly existing and in good standing under the laws of the jurisdiction of its " \
           "organization;" in new_york
    assert "does not breach its organizational documents," in new_york
    assert "duly incorporated" not in new_york and "constitutional documents" not in new_york
    assert "it is duly incorporated and validly existing" in swiss


def test_a_mixed_deal_asks_good_standing_only_where_the_concept_applies(tmp_path):
    text = _text(tmp_path, NEW_YORK, {"partners.1.jurisdiction": "Germany",
                                      "partners.1.address": "Schützenstraße 14\n10117 Berlin\nGermany"})
    assert "duly organized, validly existing and, where that concept applies, in good standing" in text


def test_insolvency_events_name_the_us_and_canadian_proceedings(new_york, swiss):
    insolvency = _paragraph(new_york, "becomes insolvent")
    for event in ("assignment for the benefit of its creditors", "receiver, receiver-manager, trustee",
                  "commences a voluntary case under the United States Bankruptcy Code or has an involuntary case "
                  "commenced against it under that Code that is not dismissed within 60 days",
                  "Bankruptcy and Insolvency Act (Canada)", "Companies' Creditors Arrangement Act (Canada)",
                  "as far as the law that governs that event allows"):
        assert event in insolvency
    assert "Bankruptcy Code" not in swiss and "has an administrator, receiver, liquidator" in swiss


def test_a_us_only_deal_names_no_canadian_proceedings(tmp_path):
    text = _text(tmp_path, NEW_YORK, {"partners.1.jurisdiction": "New York",
                                      "partners.1.address": "1 Main Street\nBuffalo, NY 14202\nUnited States"})
    insolvency = _paragraph(text, "becomes insolvent")
    assert "United States Bankruptcy Code" in insolvency and "Canada" not in insolvency
    assert "receiver-manager" not in insolvency
    assert "goods and services tax" not in text


def test_notices_go_by_certified_mail_and_strikes_are_labor_disputes(new_york, swiss):
    assert "by hand, by courier, by certified mail, return receipt requested (or registered airmail to an address " \
           "outside the United States) or by email" in new_york
    assert "registered post" not in new_york and "by registered post" in swiss
    assert "labor disputes not involving its own staff" in new_york
    assert "industrial action not involving its own staff" in swiss
    for british in ("towards", "acknowledgement", "labour"):
        assert not re.search(rf"\b{british}\b", new_york, re.IGNORECASE), british


def test_a_us_agreement_numbers_sections_not_clauses(new_york, swiss):
    assert not re.search(r"\bclauses?\b", new_york, re.IGNORECASE), re.findall(r".{40}\bclause.{20}", new_york)[:3]
    assert re.search(r"“Alliance”: Section 1;", new_york)  # the definitions index
    assert "(a)\tSection 2 (Definitions and interpretation);" in new_york  # the survival list
    assert "a reference to a Section or a Schedule is to a Section of, or a Schedule to, this Agreement" in new_york
    assert "Nothing in this Section limits" in new_york
    assert "section 5-1401 of the New York General Obligations Law" in new_york  # a statute's section stays
    assert "“Alliance”: clause 1;" in swiss and "Section 1;" not in swiss


def test_a_us_amendment_cites_sections(tmp_path, monkeypatch):
    def unavailable(*_args, **_kwargs):
        raise RedlineUnavailable("not in this test")
    monkeypatch.setattr(publish, "make_redline", unavailable)
    _text(tmp_path, NEW_YORK)
    file = tmp_path / "deal.yaml"
    assert run("signed", tmp_path / "out", "--date", "2026-11-20").exit_code == 0
    edit_answers(file, {"money.flows.0.percentage": 12})
    assert run("build", file, "-o", tmp_path / "out").exit_code == 0
    amendment = document_text(tmp_path / "out" / "amendment-1.docx")
    assert re.search(r"\nSection \d+\.\d+(\([a-z]+\))? is deleted and replaced with:", "\n" + amendment.replace(
        "\t", "\n")), amendment
    assert not re.search(r"\bclauses?\b", amendment, re.IGNORECASE), re.findall(r".{40}\bclause.{20}", amendment)[:3]


def test_a_canadian_partner_under_a_us_law_adds_the_canadian_sales_taxes(new_york, swiss):
    assert "exclusive of sales, use, value added and similar taxes (including the Canadian goods and services tax, " \
           "harmonized sales tax and provincial sales taxes), which are added" in new_york
    assert "harmonized sales tax" not in swiss


def test_german_law_gives_no_guarantee_instead_of_excluding_statutory_warranties(german, swiss):
    assert re.search(r"neither Partner gives any guarantee \(Garantie\) about its Contributions or the results of the "
                     r"Alliance; the warranties this Agreement gives are contractual promises, not guarantees\. A Partner's "
                     r"liability for its Contributions is governed by clause \d+\.", german)
    assert "every warranty or condition that would otherwise be implied by law is excluded" not in german
    assert "liability under the governing law for defects in its Contributions (statutory warranty) is excluded" in swiss


def test_a_german_partners_insolvency_names_the_german_proceedings(tmp_path, swiss):
    text = _text(tmp_path, SWISS, {"partners.0.jurisdiction": "Germany",
                                   "partners.0.address": "Schützenstraße 14\n10117 Berlin\nGermany"})
    insolvency = _paragraph(text, "becomes insolvent")
    assert "has insolvency proceedings (Insolvenzverfahren) opened over its assets or an application to open them " \
           "rejected for lack of assets (Abweisung mangels Masse)" in insolvency
    assert "Insolvenzverfahren" not in swiss
