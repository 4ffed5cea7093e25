"""Customer data shared: controller and processor roles said, and the data-sharing terms attached as a
schedule built from the answers; none of it when no customer data is shared. Old answers files build,
and `check` names the one thing it cannot infer. The interview asks for it only when data is shared."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DELETE, edit_answers, run
from scripted_user import User, plain
from test_interview import assert_check_accepts, assert_nothing_asked_twice
from test_interview import run as interview

from agreement_builder.answers import load_answers, load_terms, parse_yaml
from agreement_builder.document.docx_text import document_text
from agreement_builder.terms.data_sharing import inferred_transfers

DEAL = Path(__file__).parent / "deals" / "co-selling-competitors-swiss.yaml"
NO_DATA = {"trust.customer_data_shared": False, "data_sharing": DELETE}


def _deal(tmp_path: Path, changes: dict | None = None) -> Path:
    file = tmp_path / "deal.yaml"
    file.write_text(DEAL.read_text(encoding="utf-8"), encoding="utf-8")
    return edit_answers(file, changes) if changes else file


def _text(tmp_path: Path, changes: dict | None = None) -> str:
    result = run("build", _deal(tmp_path, changes), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return document_text(tmp_path / "out" / "agreement.docx")


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> str:
    return _text(tmp_path_factory.mktemp("shared"))


@pytest.mark.parametrize("fragment", [
    "Schedule 6 sets out which Customer Data they share",
    "no separate data sharing agreement is needed",
    "each of them is a separate controller of that data: the sharing is a disclosure from one controller "
    "to another, not processing on the other's behalf",
    "that Partner is the other's processor for that processing",
    "Article 28 of the EU General Data Protection Regulation",
    "shall tell the other within 24 hours",
    # the schedule, from the answers
    "Schedule 6\nData sharing",
    "Personal data shared | • business contact details of utilities' staff",
    "Purposes | • registering, pursuing and serving FieldOne opportunities",
    "Where Alpenrand runs first-line support for FieldOne customers that contract with Lémanique, it processes "
    "the personal data concerned as processor on behalf of Lémanique",
    "Retention | until 30 days after the opportunity",
    "No transfer is planned of personal data",
    "• access limited to the FieldOne team",
    "within 24 hours of becoming aware of it",
])
def test_shared_customer_data_has_roles_and_a_schedule(shared, fragment):
    assert fragment in shared


def test_the_agreement_no_longer_defers_to_an_agreement_to_be_signed(shared):
    assert "shall sign it before" not in shared and "data processing agreement" not in shared


def test_without_shared_data_there_is_no_clause_and_no_schedule(tmp_path):
    text = _text(tmp_path, NO_DATA)
    for fragment in ("Customer Data", "Schedule 6", "Data sharing", "controller", "processor"):
        assert fragment not in text, fragment


def test_without_processing_for_the_other_both_are_controllers_only(tmp_path):
    text = _text(tmp_path, {"data_sharing.processing": []})
    assert "is the other's processor" not in text and "as processor on behalf of" not in text
    assert "Each Partner is a separate controller of the personal data it shares" in text


def test_transfers_name_their_safeguards(tmp_path):
    text = _text(tmp_path, {"data_sharing.transfers_outside_europe": True})
    assert "may go to a country outside them, protected by: the standard contractual clauses" in text
    text = _text(tmp_path, {"data_sharing.transfers_outside_europe": True,
                            "data_sharing.transfer_safeguards": "the EU-U.S. Data Privacy Framework"})
    assert "protected by: the EU-U.S. Data Privacy Framework" in text
    assert "the safeguards prevail for that transfer" in text


# ---- old files, inference and check


def test_an_old_file_gets_the_usual_schedule(tmp_path):
    file = _deal(tmp_path, {"data_sharing": DELETE, "trust.customer_data_rules": "Deleted when the deal closes."})
    terms = load_terms(file)
    assert terms.data_sharing.transfers_outside_europe is False  # both partners are in Switzerland
    text = _text(tmp_path, {"data_sharing": DELETE, "trust.customer_data_rules": "Deleted when the deal closes."})
    assert "business contact details of the staff of customers and prospective customers" in text
    assert re.search(r"deleted or returned within the period that clause \d+\.\d+ sets for returning", text)
    assert "within 48 hours" in text
    assert "Further rules agreed | Deleted when the deal closes." in text


@pytest.mark.parametrize(("jurisdictions", "expected"), [
    (["Switzerland", "Germany"], False),
    (["Zürich, Switzerland", "England and Wales"], False),
    (["Switzerland", "Delaware"], True),
    (["Ontario", "Delaware"], False),  # no partner in Europe: no data of Europe's to send abroad
    (["Switzerland", "the moon"], None),
])
def test_transfers_are_read_from_where_the_partners_are(jurisdictions, expected):
    assert inferred_transfers(jurisdictions) is expected


def test_check_names_a_transfer_it_cannot_infer(tmp_path):
    file = _deal(tmp_path, {"data_sharing.transfers_outside_europe": DELETE,
                            "partners.1.jurisdiction": "Canton of Vaud"})
    result = run("check", file)
    assert result.exit_code == 1
    assert "data_sharing.transfers_outside_europe" in result.output


def test_data_sharing_terms_without_shared_data_are_a_warning(tmp_path):
    loaded = load_answers(_deal(tmp_path, {"trust.customer_data_shared": False}))
    assert not loaded.errors
    assert [p.path for p in loaded.warnings] == ["data_sharing"]


def test_a_processor_that_is_no_partner_is_an_error(tmp_path):
    result = run("check", _deal(tmp_path, {"data_sharing.processing.0.partner": "nobody"}))
    assert result.exit_code == 1 and "data_sharing.processing[0].partner" in result.output


# ---- the interview


def test_competitors_sharing_data_are_asked_the_trust_section_as_such(monkeypatch, tmp_path):
    target = plain(parse_yaml(DEAL.read_text(encoding="utf-8"), DEAL))
    file = tmp_path / "deal.yaml"
    user = User(target)
    interview(monkeypatch, user, file)
    written = plain(load_answers(file).data)  # fields the deal leaves to their defaults are written too
    assert (written["trust"], written["data_sharing"]) == (target["trust"], target["data_sharing"])
    assert_check_accepts(file)
    assert_nothing_asked_twice(user)
    asked = user.paths()
    for path in ("trust.clean_team", "trust.clean_team[0].name", "trust.clean_team[2].role",
                 "data_sharing.categories", "data_sharing.purposes", "data_sharing.processing",
                 "data_sharing.processing[0].partner", "data_sharing.retention",
                 "data_sharing.transfers_outside_europe", "data_sharing.security", "data_sharing.breach_notice_hours"):
        assert path in asked, path
    assert "data_sharing.transfer_safeguards" not in asked  # nothing leaves Europe


def test_no_data_sharing_questions_when_no_data_is_shared(monkeypatch, tmp_path):
    target = plain(parse_yaml(DEAL.read_text(encoding="utf-8"), DEAL))
    target["trust"].update(customer_data_shared=False, partners_compete=False)
    del target["data_sharing"], target["trust"]["clean_team"], target["trust"]["competitor_safeguards"]
    user = User(target)
    interview(monkeypatch, user, tmp_path / "deal.yaml")
    assert not [p for p in user.paths() if p.startswith(("data_sharing", "trust.clean_team"))]
