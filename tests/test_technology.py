"""A technology alliance drafts as its own kind: who owns what each partner develops alone and together,
licences that match the money (royalty-bearing where a royalty is paid), security and an optional escrow,
and none of a co-selling deal's joint opportunities, shared pipeline or joint projects."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DELETE, assert_terms_defined_and_clauses_present, clause, edit_answers, run, terms_with

from agreement_builder.answers import load_answers, load_terms
from agreement_builder.document.docx_text import document_text
from agreement_builder.terms.rules import check_deal

DEALS = Path(__file__).parent / "deals"
DEAL = DEALS / "technology-france-sweden.yaml"
EXAMPLE = Path(__file__).parents[1] / "agreement_builder" / "data" / "example.yaml"

# Co-selling wording, and the agreement to agree, that have no place in a technology agreement.
NEVER_IN_TECHNOLOGY = [
    "Joint Opportunit", "shared pipeline", "Paying every supplier", "Joint Project",
    "perform its part of any customer contract", "invoices the customer for every sale",
    "shall be agreed in writing before the work starts", "while Lumière is still entitled to use it",
    "Within 30 days after the Effective Date, Nordvik shall deposit",
    # resale words in a licence to build the technology into products
    "to resell or to build into products", "stock of products", "licensed to resell", "only as far as the other needs it to perform its "
    "Commitments, and only during",
]

ONE_OWNER = {"technology.joint_developments": "one_partner", "technology.joint_owner": "nordvik"}
NO_ROYALTY = {"money.flows": [], "technology.escrow": DELETE, "technology.sell_off_months": 0}
RESELLER = {"technology.licences": [{"licensor": "nordvik", "technology": "the Nordlys engine", "use": "resell"}]}


def _deal(tmp_path: Path, changes: dict | None = None, source: Path = DEAL) -> Path:
    file = tmp_path / "deal.yaml"
    file.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return edit_answers(file, changes) if changes else file


def _agreement_text(tmp_path: Path, changes: dict | None = None, source: Path = DEAL) -> str:
    file = _deal(tmp_path, changes, source)
    result = run("build", file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return document_text(tmp_path / "out" / "agreement.docx")


@pytest.fixture(scope="module")
def deal(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("technology"))


@pytest.fixture(scope="module")
def one_owner(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("one-owner"), ONE_OWNER)


@pytest.fixture(scope="module")
def no_royalty(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("no-royalty"), NO_ROYALTY)


def test_the_deal_checks_clean():
    answers = load_answers(DEAL)
    assert not answers.errors and not answers.missing, answers.errors + answers.missing
    assert not answers.warnings, answers.warnings


@pytest.mark.parametrize("fragment", [
    "a technology alliance in which they connect or develop their technologies together",
    "(its “Background IP”)",
    "is a “Sole Development” of that Partner",
    "is a “Joint Development”",
    "Each Partner owns its Sole Developments",
    "Each Joint Development belongs to both Partners jointly, in equal undivided shares",
    "without the other's consent and without accounting to the other for any revenue, profit or fee",
    "These rules replace, as far as the law allows, any rules on joint ownership",
    "Nordvik licenses Lumière to reproduce it, build it into Lumière's own products",
    "This licence is royalty-bearing: Lumière pays Nordvik a royalty of 8% of the Royalty Base (the net amounts "
    "Lumière invoices",
    "Lumière licenses Nordvik to install and use it internally for the purposes of the Alliance",
    "This licence is royalty-free.",
    "applies in the Territory, and lasts for the Term and, for a licence to build into products, "
    "the Sell-off Period after it",
    "distribute the Licensed Technology as part of its products, to fulfil the orders it accepted before the end "
    "of the Term and to supply the products with the Licensed Technology inside that it had made before then",
    "There is no Sell-off Period if the Licensor ends this Agreement under clause",
    "the Licensee's licence then ends with the Term",
    "under written terms that protect the Licensor and the Licensed Technology at least as well as this Agreement",
    "for 6 months (the “Sell-off Period”)",
    "deduct or withhold tax from a payment under this Agreement",
    "tell the other Partner's Alliance Manager within 5 days",
    "shall tell the other Partner within 24 hours",
    "The “Escrow Agent” is an escrow agent that the Partners choose together in writing. If they have not chosen "
    "one within 30 days after the Effective Date, Nordvik shall propose by notice to Lumière a recognised escrow "
    "agent established in France, which is then the Escrow Agent unless Lumière rejects it for good reason",
    "Within 30 days after Nordvik first delivers its Licensed Technology to Lumière, it shall deposit with the "
    "Escrow Agent",
    "Nordvik becomes subject to any of the insolvency events described in clause",
    "Nordvik stops providing the maintenance and support of its Licensed Technology that it owes Lumière under this "
    "Agreement, and does not resume it within 30 days after Lumière gives it notice of the failure; an end of "
    "support that this Agreement allows, or that follows the lawful end of the licence, is not a Release Event",
    "Lumière pays Nordvik a royalty of 8%",
    "Each Partner contracts with its own customers and invoices them itself, including for products that contain "
    "the other's Licensed Technology;",
    "Each partner contracts with and invoices its own customers.",
    "for 6 months (the “Sell-off Period”)",
    "Royalties are also earned on products supplied during the Sell-off Period",
    "(Ownership of developments);",
    "for a Licensor's obligations in clause 7 to defend and pay infringement claims",
    "Technology licences | Nordvik to Lumière: the Nordlys speech engine",
    "(royalty-bearing)", "(royalty-free)",
])
def test_the_technology_agreement_says(deal, fragment):
    assert fragment in deal


@pytest.mark.parametrize("fragment", NEVER_IN_TECHNOLOGY)
def test_a_technology_agreement_has_no_co_selling_wording(deal, one_owner, no_royalty, fragment):
    for text in (deal, one_owner, no_royalty):
        assert fragment not in text


def test_joint_developments_owned_by_one_partner(one_owner):
    assert "Each Joint Development belongs to Nordvik. Lumière transfers to Nordvik" in one_owner
    assert "Nordvik grants Lumière a non-exclusive, worldwide, perpetual, irrevocable and royalty-free licence" \
        in one_owner
    assert "equal undivided shares" not in one_owner
    assert "owned by Nordvik, with a perpetual royalty-free licence to Lumière" in one_owner


def test_without_a_royalty_every_licence_is_royalty_free(no_royalty):
    assert "royalty-bearing" not in no_royalty and "withhold tax" not in no_royalty
    assert no_royalty.count("This licence is royalty-free.") == 2
    assert "Source-code escrow" not in no_royalty and "Sell-off Period" not in no_royalty
    assert "The licences under this clause end with the Term." in no_royalty
    assert "No fees are payable between the Partners" in no_royalty


def test_the_clean_team_is_ring_fenced_and_every_safeguard_means_something(deal):
    terms = load_terms(DEAL)
    signatories = {p.signatory.name for p in terms.partners} | {p.executive_sponsor.name for p in terms.partners}
    assert not signatories & {member.name for member in terms.trust.clean_team}
    assert "for Lumière: Léa Fontaine, legal counsel, competition and contracts (takes no part in pricing or bids)" in deal
    assert "named integration team" not in deal
    assert "shared only with the engineers working on the integration, whom each alliance manager names" in deal


def test_a_reseller_may_resell(tmp_path):
    text = _agreement_text(tmp_path, RESELLER)
    assert "Nordvik licenses Lumière to market, resell and distribute it to customers" in text
    assert "invoices them itself, including for Licensed Technology it resells;" in text
    assert "This licence is royalty-bearing" in text
    assert "A Licensee licensed to resell may grant its customers" in text
    assert "resell the Licensed Technology to fulfil the orders it accepted before the end of the Term" in text
    assert "build into products" not in text and "as part of its products, to fulfil" not in text


@pytest.mark.parametrize("changes", [None, ONE_OWNER, NO_ROYALTY], ids=["jointly owned", "one owner", "no royalty"])
def test_no_placeholder_is_left_behind(tmp_path, changes):
    text = _agreement_text(tmp_path, changes)
    assert "Not applicable" not in text and "[]" not in text and ": missing]" not in text
    assert "None" not in text.replace("None agreed.", ""), "a value left empty is printed as None"
    lines = [line for line in text.splitlines() if line.strip()]
    for line, after in zip(lines, lines[1:] + [""]):
        if line.rstrip().endswith(("as follows:", "are:", "following payments to each other:")):
            assert re.match(r"^\(?[a-z]\)\t|^\(a\)", after) or "|" in after, f"nothing follows {line!r}"


@pytest.mark.parametrize("changes", [None, ONE_OWNER, NO_ROYALTY], ids=["jointly owned", "one owner", "no royalty"])
def test_every_term_used_is_defined_and_every_reference_present(tmp_path, changes):
    terms = load_terms(_deal(tmp_path, changes))
    assert_terms_defined_and_clauses_present(terms)


# ---- old files, other kinds, and the rules


def test_an_old_technology_file_builds_with_the_usual_terms(tmp_path):
    # The example written before the technology section existed, with only its kind changed.
    file = _deal(tmp_path, {"alliance.kind": "technology"}, source=EXAMPLE)
    terms = load_terms(file)
    assert terms.technology.joint_developments.value == "joint" and terms.technology.licences == []
    result = run("build", file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = document_text(tmp_path / "out" / "agreement.docx")
    assert "Ownership of developments" in text and "Security" in text
    assert "shall be agreed in writing before the work starts" not in text
    assert "Technology licences" not in text and "Paying every supplier" not in text


def test_other_kinds_have_no_technology_clauses_and_no_agreement_to_agree(tmp_path):
    text = _agreement_text(tmp_path, source=EXAMPLE)
    for fragment in ("Ownership of developments", "Sole Development", "Technology licences", "Source-code escrow",
                     "shall be agreed in writing before the work starts"):
        assert fragment not in text
    assert "Materials that the Partners create together for the Alliance" in text


@pytest.mark.parametrize(("changes", "path"), [
    ({"technology.joint_developments": "one_partner"}, "technology.joint_owner"),
    ({"technology.joint_developments": "one_partner", "technology.joint_owner": "acme"}, "technology.joint_owner"),
    ({"technology.licences": [{"licensor": "acme", "technology": "x", "use": "embed"}]},
     "technology.licences[0].licensor"),
    ({"technology.licences": [{"licensor": "lumiere", "technology": "x", "use": "embed"}]}, "money.flows[0]"),
    ({"technology.escrow.depositor": "acme"}, "technology.escrow.depositor"),
])
def test_technology_rules(tmp_path, changes, path):
    result = run("check", _deal(tmp_path, changes))
    assert result.exit_code == 1
    assert path in result.output


@pytest.mark.parametrize(("changes", "field"), [
    ({"technology.licences": [{"licensor": "nordvik", "technology": "x", "use": "sell"}]}, "technology.licences"),
    ({"technology.security.incident_notice_hours": 0}, "technology.security.incident_notice_hours"),
    ({"technology.escrow.release_events": []}, "technology.escrow.release_events"),
])
def test_bad_technology_answers_are_named(tmp_path, changes, field):
    result = run("check", _deal(tmp_path, changes))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert field in result.output


def test_other_kinds_refuse_technology_terms_and_need_an_invoicing_partner():
    example = load_terms(EXAMPLE)
    with_technology = terms_with(example, {"technology": {"sell_off_months": 3}})
    assert any(p.path == "technology" for p in check_deal(with_technology))
    technology = load_terms(DEAL)
    assert technology.money.customer_invoiced_by is None
    assert not any(p.path == "money.customer_invoiced_by" for p in check_deal(technology))


def test_the_change_summary_speaks_of_technology_terms_in_words(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old = _deal(tmp_path / "old")
    new = _deal(tmp_path / "new", {**ONE_OWNER, "technology.licences.1.use": "resell",
                                   "technology.escrow.release_events": ["insolvency", "end_of_support",
                                                                        "uncured_breach"]})
    result = run("diff", old, new)
    assert result.exit_code == 0, result.output
    assert "owner of joint developments added: Nordvik" in result.output
    assert "escrow release event added: uncured breach of support obligations" in result.output
    assert "internal use for the alliance → resale" in result.output


# --------------------------------------------------------------------------- lawyer-grade, last round




def test_personal_data_in_test_recordings_has_data_protection_terms_without_customer_data(deal):
    # The partners exchange test data sets, recordings and logs: personal data, even with no customer data shared.
    data = clause(deal, "Personal data in development and testing")[1]
    assert "“Development Data”" in data and "“Providing Partner”" in data
    assert "The Providing Partner is the controller of its Development Data." in data
    assert "as its processor" in data and "Article 28 of the EU General Data Protection Regulation" in data
    assert "personal data breach affecting Development Data shall tell the Providing Partner" in data
    assert "delete or return the Development Data" in data and "at the end of the Term" in data
    assert "(Personal data in development and testing), until the Development Data has been deleted" in deal


def test_licensed_technology_has_the_licence_warranties_and_the_general_disclaimer(deal):
    warranties = clause(deal, "Warranties and indemnity")[1]
    licences = clause(deal, "Technology licences")[1]
    disclaimer = re.search(r"^(\d+\.\d+)\tExcept as this Agreement expressly provides", warranties, re.M).group(1)
    assert f"except that clause {disclaimer} applies to Licensed Technology as to all other Contributions" in warranties
    assert "warrants that the Licensed Technology it delivers under that licence" in licences
    # Swedish law: no implied terms or conditions, but statutory warranty rights
    assert f"Every other warranty, whether express or statutory, is excluded as clause {disclaimer} provides" in licences
    assert "for which clause 7 gives the promises and the protection against claims." not in warranties


def test_support_and_escrow_run_while_royalties_are_still_earned(deal):
    licences = clause(deal, "Technology licences")[1]
    assert "and after it for as long as royalties are still earned under it" in licences
    assert "bear royalty until that contract ends or is first renewed after the end of the Term" in licences
    escrow = clause(deal, "Source-code escrow")[1]
    assert "and the escrow, continue after the end of the Term for as long as Nordvik owes Lumière maintenance" in escrow
    assert "the maintenance and support owed while royalties are still earned" in clause(deal, "Survival")[1]


def test_a_group_transfer_works_between_competitors(tmp_path, deal):
    general = clause(deal, "General provisions")[1]
    assert "is not a Competitor of the other Partner;" not in general
    assert "is not a Competitor of the other Partner in any business other than those in which the transferring " \
           "Partner itself competes with it" in general
    assert "members of the transferring Partner's Clean Team who work for the Affiliate form its Clean Team" in general
    apart = clause(_agreement_text(tmp_path, {"trust.partners_compete": False, "trust.clean_team": DELETE}),
                    "General provisions")[1]
    assert "and is not a Competitor of the other Partner;" in apart and "Clean Team" not in apart
