"""Each deal rule, broken on purpose in a copy of the example, as a user would see it."""
import pytest
from helpers import DELETE, assert_reported, edit_answers, run

from agreement_builder.answers import load_answers
from agreement_builder.document.docx_text import document_text
from agreement_builder.errors import Severity

BROKEN = {
    "partner keys differ": ({"partners.1.key": "larkspur"}, "partners[1].key"),
    "goal owner names a partner": ({"goals.0.owner": "acme"}, "goals[0].owner"),
    "commitment names a partner": ({"commitments.1.partner": "tidwater"}, "commitments[1].partner"),
    "account owner names a partner": ({"accounts.segments.2.owner": "nobody"},
                                      "accounts.segments[2].owner"),
    "payer names a partner": ({"money.flows.0.payer": "acme"}, "money.flows[0].payer"),
    "payee names a partner": ({"money.flows.1.payee": "acme"}, "money.flows[1].payee"),
    "invoicing partner exists": ({"money.customer_invoiced_by": "acme"}, "money.customer_invoiced_by"),
    "payer differs from payee": ({"money.flows.0.payee": "tidewater"}, "money.flows[0].payee"),
    "revenue shares add up to 100": ({"money.revenue_splits.0.shares.0.percentage": 45},
                                     "money.revenue_splits[0].shares"),
    "deadline not before the effective date": (
        {"commitments.0.deliverables.0.deadline": "2026-12-31"},
        "commitments[0].deliverables[0].deadline"),
    "deadline not after the initial term": (
        {"commitments.2.deliverables.1.deadline": "2029-01-01"},
        "commitments[2].deliverables[1].deadline"),
    "goal has a metric": ({"goals.1.metric": "  "}, "goals[1].metric"),
    "goal has a target": ({"goals.1.target": ""}, "goals[1].target"),
    "goal has a timeframe": ({"goals.2.timeframe": ""}, "goals[2].timeframe"),
    "one owner per segment": ({"accounts.segments.1.segment": "existing tidewater customers"},
                              "accounts.segments[1].segment"),
    "notice period positive": ({"governance.bad_news_notice_days": 0}, "governance.bad_news_notice_days"),
    "cure period positive": ({"termination.cause_cure_days": -5}, "termination.cause_cure_days"),
    "flow has a price": ({"money.flows.0.percentage": DELETE}, "money.flows[0]"),
    "arbitration names rules": ({"disputes.arbitration_rules": DELETE}, "disputes.arbitration_rules"),
    "percentage at most 100": ({"money.flows.0.percentage": 130}, "money.flows[0].percentage"),
    "currency is ISO 4217": ({"money.currency": "EUO"}, "money.currency"),
    "unknown key": ({"alliance.teritory": "Mars"}, "alliance.teritory"),
    "automatic renewal says how long": ({"alliance.renewal.renewal_term_months": DELETE},
                                        "alliance.renewal.renewal_term_months"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_each_rule_blocks_with_its_field_path(name, example_file):
    change, path = BROKEN[name]
    edit_answers(example_file, change)
    result = run("check", example_file)
    assert_reported(result)
    error_lines = [line for line in result.output.splitlines() if line.startswith("error")]
    assert any(f" {path}:" in line for line in error_lines), result.output
    assert "(" in error_lines[0], "every error carries a hint"


def test_errors_point_to_their_line(example_file):
    edit_answers(example_file, {"goals.0.owner": "acme"})
    lines = example_file.read_text().splitlines()
    reported = load_answers(example_file).errors[0]
    assert lines[reported.line - 1].strip() == "- owner: acme"


def test_unknown_key_suggests_the_right_one(example_file):
    edit_answers(example_file, {"alliance.teritory": "Mars"})
    result = run("check", example_file)
    assert "did you mean 'territory'?" in result.output


def test_ten_mistakes_reported_at_once(example_file):
    mistakes = [
        {"reviews.cadance": "monthly"},  # unknown key
        {"alliance.effective_date": "2027-02-30"},  # no such date
        {"alliance.kind": "marriage"},  # not an alliance kind
        {"goals.0.owner": "acme"},  # not a partner
        {"goals.1.metric": ""},  # unmeasurable goal
        {"commitments.0.funding_currency": "EUR"},  # currency without amount
        {"governance.bad_news_notice_days": 0},  # notice not positive
        {"money.flows.0.payee": "tidewater"},  # pays itself
        {"money.revenue_splits.0.shares.1.percentage": 50},  # 90%, not 100%
        {"accounts.segments.2.segment": "Existing Tidewater customers"},  # two owners
    ]
    for mistake in mistakes:
        edit_answers(example_file, mistake)
    loaded = load_answers(example_file)
    assert len(loaded.errors) == 10, "\n".join(p.render() for p in loaded.errors)
    result = run("check", example_file)
    assert_reported(result)
    assert result.output.count("\nerror") + result.output.startswith("error") == 10


def test_warnings_do_not_block(example_file):
    edit_answers(example_file, {"alliance.first_opportunity": DELETE})
    edit_answers(example_file, {"partners.0.backup_contact": DELETE})
    loaded = load_answers(example_file)
    assert not loaded.errors and loaded.terms is not None
    assert {p.path for p in loaded.warnings} == {"alliance.first_opportunity", "partners[0].backup_contact"}
    result = run("check", example_file)
    assert result.exit_code == 0
    assert "2 warning(s)" in result.output


def test_competitors_without_safeguards_is_a_warning(example_file):
    edit_answers(example_file, {"trust.competitor_safeguards": []})
    loaded = load_answers(example_file)
    assert [p.path for p in loaded.warnings] == ["trust.competitor_safeguards"]
    assert all(p.severity is Severity.WARNING for p in loaded.problems)


@pytest.mark.parametrize("email", ["tom at maplewave", "etienne@maplewave", "a@b@c.com", "@maplewave.ca"])
def test_an_email_a_notice_cannot_reach_is_an_error(example_file, email):
    edit_answers(example_file, {"partners.0.alliance_manager.email": email})
    result = run("check", example_file)
    assert_reported(result)
    assert "partners[0].alliance_manager.email" in result.output and "not an email address" in result.output


def test_a_first_deal_closing_before_the_start_is_a_warning(example_file):
    edit_answers(example_file, {"alliance.first_opportunity.target_date": "2026-12-31"})  # starts 2027-01-01
    loaded = load_answers(example_file)
    assert not loaded.errors
    assert "alliance.first_opportunity.target_date" in [p.path for p in loaded.warnings]


def test_an_old_second_executive_ladder_is_a_warning_and_not_drafted(example_file, tmp_path):
    # Older answers files gave the executives a second round on a dispute; one escalation path serves both now.
    edit_answers(example_file, {"disputes.executive_escalation_days": 20})
    loaded = load_answers(example_file)
    assert not loaded.errors
    assert [p.path for p in loaded.warnings] == ["disputes.executive_escalation_days"]
    assert run("build", example_file, "-o", tmp_path / "out").exit_code == 0


def test_a_renewal_that_is_not_automatic_needs_no_length(example_file, tmp_path):
    edit_answers(example_file, {"alliance.renewal.automatic": False, "alliance.renewal.renewal_term_months": DELETE})
    loaded = load_answers(example_file)
    assert not loaded.errors and loaded.terms is not None
    assert run("build", example_file, "-o", tmp_path / "out").exit_code == 0
    text = document_text(tmp_path / "out" / "agreement.docx")
    assert "continues on the same terms, unless they agree otherwise, for the further period they agree (" in text
    assert "renews only if both partners agree in writing" in text
