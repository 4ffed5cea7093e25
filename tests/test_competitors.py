"""Partners that also compete: a competition-law guard and a named clean team; account ownership and
non-solicitation limited to the Alliance Business during the term; review forms that ask a competitor
for no customer names, prices or costs. None of it when the partners do not compete."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DELETE, edit_answers, run

from agreement_builder.answers import load_answers
from agreement_builder.document.docx_text import document_text

DEALS = Path(__file__).parent / "deals"
COMPETITORS = DEALS / "co-selling-competitors-swiss.yaml"
NOT_COMPETING = {"trust.partners_compete": False, "trust.competitor_safeguards": DELETE, "trust.clean_team": DELETE}

# What a review form may not ask a competitor for.
ASKS_FOR_SENSITIVE = ["figures, customer names and dates", "Which costs fell", "Customers, segments or regions reached",
                      "Results, savings, customers", "name them"]


def _deal(tmp_path: Path, changes: dict | None = None) -> Path:
    file = tmp_path / "deal.yaml"
    file.write_text(COMPETITORS.read_text(encoding="utf-8"), encoding="utf-8")
    return edit_answers(file, changes) if changes else file


def _build(tmp_path: Path, changes: dict | None = None) -> Path:
    out = tmp_path / "out"
    result = run("build", _deal(tmp_path, changes), "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def competing(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("competing"))


@pytest.fixture(scope="module")
def not_competing(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("not-competing"), NOT_COMPETING)


def _text(out: Path) -> str:
    return document_text(out / "agreement.docx")


def test_the_deal_checks_clean():
    answers = load_answers(COMPETITORS)
    assert not answers.problems, [p.render() for p in answers.problems]


@pytest.mark.parametrize("fragment", [
    "Competition law and the clean team",
    "each Partner competes there as freely as if this Agreement did not exist",
    "sets its own prices, discounts and other terms of sale for its own products and services",
    "decides which customers, markets and territories it serves, and where and with whom it competes",
    "Nothing in this Agreement obliges or allows either Partner to disclose Competitively Sensitive Information",
    "the Partners shall negotiate in good faith the change that removes the restriction",
    "Article 53 of the Agreement on the European Economic Area",  # Liechtenstein is in the territory
    "Swiss Federal Act on Cartels",
    # the clean team, by name and role, one per line
    "for Alpenrand: Reto Kälin, head of alliances",
    "for Alpenrand: Nadia Imhof, FieldOne bid manager",
    "for Lémanique: Camille Favre, alliance director",
    "is sent only to the other Partner's Clean Team",
])
def test_competitors_get_the_guard_and_the_clean_team(competing, fragment):
    assert fragment in _text(competing)


def test_the_clean_team_is_listed_one_member_per_item(competing):
    text = _text(competing)
    assert "under this clause:\n" in text and "clause:- for" not in text


def test_allocation_and_non_solicitation_cover_the_alliance_business_during_the_term(competing):
    text = _text(competing)
    assert "For the Alliance Business only, Schedule 4 names" in text
    assert "This clause applies only to the Alliance Business and only during the Term" in text
    assert "including an Account of the other, to answer any tender" in text
    assert "During the Term, and not after it ends, neither Partner shall" in text
    assert "12 months after it ends" not in text  # the answers file asks 12; between competitors it is not used
    assert "stays with, or returns to, its Account Owner" not in text  # nothing allocated after the end
    assert "each Account Owner's role under clause" in text


def test_without_competition_there_is_no_guard_and_the_usual_allocation(not_competing):
    text = _text(not_competing)
    for fragment in ("Competition law and the clean team", "Clean Team", "Competitively Sensitive Information",
                     "Alliance Business"):
        assert fragment not in text
    assert "allocates each customer segment or territory to one Partner" in text
    assert "During the Term and for 12 months after it ends" in text


def test_an_old_file_without_a_clean_team_builds_and_names_the_alliance_managers(tmp_path):
    out = _build(tmp_path, {"trust.clean_team": DELETE})
    text = _text(out)
    assert "A Partner's Clean Team is made up of its Alliance Manager and its Backup Contact" in text
    result = run("check", tmp_path / "deal.yaml")
    assert result.exit_code == 0 and "trust.clean_team" in result.output  # a warning, not an error


def test_a_partner_that_names_nobody_has_its_alliance_manager(tmp_path):
    text = _text(_build(tmp_path, {"trust.clean_team": [{"partner": "alpenrand", "name": "Reto Kälin",
                                                          "role": "head of alliances"}]}))
    assert "Until Lémanique names the members of its Clean Team, its Alliance Manager" in text
    assert "Until Alpenrand names" not in text


def test_a_clean_team_member_of_no_partner_is_an_error(tmp_path):
    result = run("check", _deal(tmp_path, {"trust.clean_team.0.partner": "nobody"}))
    assert result.exit_code == 1 and "trust.clean_team[0].partner" in result.output


# ---- the review forms


def _forms_text(out: Path) -> str:
    return "\n".join(document_text(form) for form in sorted((out / "rvu").glob("*.docx")))


def test_review_forms_ask_competitors_for_no_customer_names_prices_or_costs(competing):
    text = _forms_text(competing)
    assert text.count("Relationship Value Update") >= 4  # both partners, short and long forms
    for fragment in ASKS_FOR_SENSITIVE:
        assert fragment not in text, fragment
    assert "name no customers and give no prices, costs, margins or bids" in text
    assert "without naming customers" in text


def test_review_forms_of_partners_that_do_not_compete_ask_as_before(not_competing):
    text = _forms_text(not_competing)
    assert "figures, customer names and dates" in text and "Which costs fell" in text
    assert "name no customers" not in text
