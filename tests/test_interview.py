"""The interview engine, driven by scripted answers (questionary patched out at its one call site)."""
from __future__ import annotations

import copy
import datetime as dt
import os
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from scripted_user import User, example_data, plain

from agreement_builder.answers import dump_yaml, load_answers, parse_yaml
from agreement_builder.cli import interview_commands, main
from agreement_builder.errors import AgreementBuilderError
from agreement_builder.interview import prompts
from agreement_builder.interview import walker as interview
from agreement_builder.resources import example_text
from agreement_builder.terms.model import Terms


@pytest.fixture
def fake_build(monkeypatch):
    """pipeline.build replaced by a recorder: the engine's part is calling it with the saved file and folder."""
    from agreement_builder.versions.publish import BuildResult
    calls = []

    def build(answers, out_dir, **options):
        calls.append((load_answers(answers).terms, Path(out_dir)))
        return BuildResult(Path(out_dir), "created", 1, ["agreement.docx"])

    monkeypatch.setattr("agreement_builder.pipeline.build", build)
    return calls


def run(monkeypatch, user: User, file: Path, **options):
    monkeypatch.setattr(prompts, "_ask", user)
    return interview.run_interview(file, **options)


def assert_check_accepts(file: Path) -> None:
    loaded = load_answers(file)
    assert not loaded.errors and not loaded.missing, [p.render() for p in loaded.errors + loaded.missing]
    result = CliRunner().invoke(main, ["check", str(file)])
    assert result.exit_code == 0, result.output


def typing_gives(monkeypatch, file: Path, target: dict) -> User:
    """A user who types `target` from scratch ends with exactly it, accepted by check, nothing asked twice."""
    user = User(target)
    run(monkeypatch, user, file)
    assert plain(load_answers(file).data) == target
    assert_check_accepts(file)
    assert_nothing_asked_twice(user)
    return user


def assert_nothing_asked_twice(user: User) -> None:
    counts = Counter((s["path"], s["kind"]) for s in user.asked if s["kind"] not in ("add_another", "review",
                                                                                   "records_menu"))
    assert [key for key, n in counts.items() if n > 1] == []


# --------------------------------------------------------------------------- whole interviews


def test_example_deal_typed_from_scratch_gives_the_example(monkeypatch, tmp_path):
    file = tmp_path / "deal.yaml"
    user = typing_gives(monkeypatch, file, example_data())
    # every condition that holds in the example was asked
    for path in ("trust.competitor_safeguards", "trust.customer_data_rules", "disputes.arbitration_rules",
                 "money.flows[0].percentage", "money.flows[0].of_what", "money.flows[1].amount",
                 "alliance.first_opportunity.currency", "commitments[2].funding_currency",
                 "partners[0].departments[0].contact.title", "partners[0].backup_contact.name",
                 "money.revenue_splits[0].shares[0].percentage", "code_of_conduct.principles"):
        assert path in user.answered_paths(), path
    assert "money.flows[1].percentage" not in user.answered_paths()  # a fixed fee has no percentage
    assert "commitments[0].funding_currency" not in user.answered_paths()  # no funding, no currency


def test_questions_are_phrased_per_partner(monkeypatch, tmp_path):
    user = User(example_data())
    run(monkeypatch, user, tmp_path / "deal.yaml")
    messages = {s["path"]: s["message"] for s in user.asked}
    assert messages["goals[0].description"] == "What does Larkspur want from this alliance?"
    assert messages["goals[1].description"] == "What does Tidewater want from this alliance?"
    assert messages["goals[2].description"] == "What do Larkspur and Tidewater want to achieve together?"
    assert messages["partners[0].legal_name"] == "What is the first partner's registered legal name?"
    assert messages["partners[1].signatory.name"] == "Who signs the agreement for Tidewater?"
    assert messages["money.flows[0].description"] == "What does Tidewater pay Larkspur for?"
    assert messages["money.revenue_splits[0].shares[0].percentage"] == \
        "What percentage of this revenue does Larkspur receive?"
    # worded for what was chosen before: the example goes to arbitration
    assert messages["disputes.venue"].startswith("Where does the arbitration sit? (city, country")


# --------------------------------------------------------------------------- fewer keystrokes


def _spec(user: User, path: str, kind: str | None = None) -> dict:
    return next(s for s in user.asked if s["path"] == path and (kind is None or s["kind"] == kind))


def test_the_sponsor_is_offered_the_signatory_and_the_backup_nobody(monkeypatch, tmp_path):
    target = example_data()
    user = User(target)
    run(monkeypatch, user, tmp_path / "deal.yaml")
    sponsor = _spec(user, "partners[0].executive_sponsor.name")
    assert sponsor["default"] == target["partners"][0]["signatory"]["name"] == "Dr. Miriam Okafor"
    assert _spec(user, "partners[0].executive_sponsor.title")["default"] == "Managing Director"
    # the backup is by definition someone else than the alliance manager: no name is put in their mouth
    assert _spec(user, "partners[0].backup_contact.name")["default"] == ""


def test_answers_that_earlier_ones_already_imply_are_suggested(monkeypatch, tmp_path):
    user = User(example_data())
    run(monkeypatch, user, tmp_path / "deal.yaml")
    offered = {s["path"]: s.get("default") for s in user.asked}
    # the legal form the registered name ends with, and the country the registered address ends with
    assert offered["partners[0].entity_type"] == "limited liability company (GmbH)"
    assert offered["partners[1].entity_type"] == "private company limited by shares"
    assert offered["partners[0].jurisdiction"] == "Germany"
    assert offered["partners[1].jurisdiction"] == "Ireland"
    assert offered["alliance.name"] == "Larkspur–Tidewater Alliance"
    # the two roles the interview already named are the usual first rungs of the ladder
    assert offered["governance.escalation_path[0].level"] == "alliance managers"
    assert offered["governance.escalation_path[1].level"] == "executive sponsors"
    # a referral fee reads the same in most alliances; a fixed fee is too particular to guess
    assert offered["money.flows[0].description"] == "Referral fee for customers Larkspur introduces to Tidewater"
    assert offered["money.flows[0].trigger"] == "the referred customer signs a contract with Tidewater"
    assert offered["money.flows[1].description"] == offered["money.flows[1].trigger"] == ""
    # the seat's own arbitration institution, and its country's law
    assert offered["disputes.arbitration_rules"] == "Swiss Rules of International Arbitration of the Swiss Arbitration Centre"
    assert offered["disputes.governing_law"] == "the substantive law of Switzerland"


@pytest.mark.parametrize("venue, rules, law", [
    ("Paris, France", "ICC Rules of Arbitration", "the laws of France"),  # the ICC sits there
    ("London, UK", "LCIA Arbitration Rules", "the law of England and Wales"),  # the seat's city names the law
    ("New York, USA", "ICDR International Arbitration Rules", "the laws of the State of New York"),
    ("Toronto, Canada", "ADRIC Arbitration Rules", "the laws of the Province of Ontario and the federal laws of "
                                                   "Canada applicable in it"),
    ("Glasgow, UK", "LCIA Arbitration Rules", ""),  # a law the tool does not draft for: the user names it
    ("Lagos, Nigeria", "ICC Rules of Arbitration", "the laws of Nigeria"),  # the country's, from the table
    ("Springfield", "", ""),  # no country named: nothing is guessed
])
def test_the_seat_of_arbitration_suggests_rules_and_law(monkeypatch, tmp_path, venue, rules, law):
    target = example_data()
    target["disputes"]["venue"] = venue
    user = User(target)
    run(monkeypatch, user, tmp_path / "deal.yaml")
    assert _spec(user, "disputes.arbitration_rules")["default"] == rules
    assert _spec(user, "disputes.governing_law")["default"] == law


@pytest.mark.parametrize("venue, rules, law", [
    ("New York, NY, USA", "ICDR International Arbitration Rules", "the laws of the State of New York"),
    # a seat that names only the country: the law of the partner's province there
    ("Canada", "ADRIC Arbitration Rules", "the laws of the Province of Ontario and the federal laws of Canada "
                                          "applicable in it"),
])
def test_a_us_canadian_deal_is_offered_a_north_american_law_and_institution(monkeypatch, tmp_path, venue, rules,
                                                                              law):
    target = example_data()
    target["partners"][0]["address"] = "100 King Street West, Suite 5600\nToronto, ON M5X 1C9\nCanada"
    target["partners"][1]["address"] = "350 Fifth Avenue\nNew York, NY 10118\nUnited States"
    target["disputes"]["venue"] = venue
    user = User(target)
    run(monkeypatch, user, tmp_path / "deal.yaml")
    assert _spec(user, "disputes.arbitration_rules")["default"] == rules
    assert _spec(user, "disputes.governing_law")["default"] == law


def test_a_name_without_a_known_legal_form_suggests_nothing(monkeypatch, tmp_path):
    target = example_data()
    target["partners"][0].update(legal_name="Larkspur Analytics", address="Schützenstraße 14\n10117 Berlin")
    target["governance"]["escalation_path"].append({"level": "the boards", "days_to_resolve": 30})
    user = User(target)
    file = tmp_path / "deal.yaml"
    run(monkeypatch, user, file)
    assert _spec(user, "partners[0].entity_type")["default"] == ""
    assert _spec(user, "partners[0].jurisdiction")["default"] == ""
    assert _spec(user, "governance.escalation_path[2].level")["default"] == ""  # no usual third rung
    assert plain(load_answers(file).data) == target


def test_an_email_at_the_same_partner_is_suggested_and_can_be_edited(monkeypatch, tmp_path):
    target = example_data()
    target["partners"][1]["backup_contact"].update(name="Zoë Müller",
                                                   email="zoe.mueller@tidewater.example")
    user = User(target, script={"partners[0].backup_contact.email": ["a.demir@larkspur.example"]})
    file = tmp_path / "deal.yaml"
    run(monkeypatch, user, file)
    # nothing known yet at a partner: nothing is guessed
    assert _spec(user, "partners[0].alliance_manager.email")["default"] == ""
    # then firstname.lastname at the same domain, lower case and without accents; the user edited it
    assert _spec(user, "partners[0].backup_contact.email")["default"] == "aylin.demir@larkspur.example"
    assert _spec(user, "partners[1].backup_contact.email")["default"] == "zoe.muller@tidewater.example"
    data = load_answers(file).data
    assert data["partners"][0]["backup_contact"]["email"] == "a.demir@larkspur.example"
    assert data["partners"][1]["backup_contact"]["email"] == "zoe.mueller@tidewater.example"
    # an honorific is not part of an address
    assert interview.Interview(file).offers.suggested_email("Dr. Miriam Okafor", interview.Context(
        {}, ("partners", 0), None, {})) == "miriam.okafor@larkspur.example"


def test_answers_that_can_only_be_one_thing_are_filled_and_shown_not_asked(monkeypatch, tmp_path, capsys):
    target = example_data()
    target["money"]["revenue_splits"][0]["shares"][1]["percentage"] = 64.5
    user = User(target, script={"money.revenue_splits[0].shares[0].percentage": ["35.5"]})
    file = tmp_path / "deal.yaml"
    run(monkeypatch, user, file)
    out = capsys.readouterr().out
    # the last share of a split is what the first leaves of 100%; nobody pays itself, so the payee is the other
    assert "money.revenue_splits[0].shares[1].percentage" not in user.paths()
    assert not [p for p in user.paths() if p.endswith(".payee")]
    assert "Tidewater's share (the rest of 100%): 64.5%" in out
    assert "Paid to: Larkspur" in out and "Paid to: Tidewater" in out
    money = load_answers(file).data["money"]
    assert [float(s["percentage"]) for s in money["revenue_splits"][0]["shares"]] == [35.5, 64.5]
    assert [(f["payer"], f["payee"]) for f in money["flows"]] == [("tidewater", "larkspur"), ("larkspur", "tidewater")]
    assert_check_accepts(file)


def test_usual_terms_are_shown_and_accepted_with_one_yes(monkeypatch, tmp_path):
    target = example_data()
    user = User(target)
    run(monkeypatch, user, tmp_path / "deal.yaml")
    gate = _spec(user, "termination", "usual")
    assert "90 days' notice to leave without a reason" in gate["summary"]
    assert "information returned within 30 days" in gate["summary"]
    assert not [p for p in user.answered_paths() if p.startswith("termination.")]
    reviews = _spec(user, "reviews", "usual")
    assert "more than 5% underpaid" in _spec(user, "money", "usual")["summary"]  # one percent sign
    assert "Every quarter (recommended)" in reviews["summary"] and "yearly strategic review: yes" in reviews["summary"]
    assert "reviews.form_length" in user.answered_paths()  # not part of the usual rhythm: always asked


def test_declining_the_usual_terms_walks_each_question(monkeypatch, tmp_path):
    target = example_data()
    target["termination"]["transition_days"] = 120
    user = User(target)
    file = tmp_path / "deal.yaml"
    run(monkeypatch, user, file)
    asked = user.answered_paths()
    assert "termination" in asked
    for field in ("convenience_notice_days", "cause_cure_days", "underperformance.review_after_months",
                  "underperformance.cure_period_days", "transition_days", "return_information_days"):
        assert f"termination.{field}" in asked, field
    assert plain(load_answers(file).data) == target


def _lean_deal() -> dict:
    """The other side of every condition and loop: the example with every optional part said no to."""
    deal = example_data()
    first, second = deal["partners"]
    first["legal_name"] = 'Larkspur & <Söhne> "Analytics" {{ 7*7 }} 🚀'
    first["address"] = "Line one\n  indented line two\n\tand a tab"
    first["departments"] = [{"key": "ops", "name": "Operations"}]  # a department without a contact
    del second["backup_contact"]
    del second["alliance_manager"]["email"]
    deal["alliance"]["kind"] = "referral"
    deal["alliance"]["renewal"]["automatic"] = False
    del deal["alliance"]["renewal"]["renewal_term_months"]  # agreed when they renew
    deal["alliance"]["first_opportunity"] = {"description": "A pilot, value unknown yet"}
    deal["goals"] = [g for g in deal["goals"] if g["owner"] != "both"]
    for commitment in deal["commitments"]:
        commitment.pop("deliverables", None)
        commitment.pop("funding_amount", None)
        commitment.pop("funding_currency", None)
    del deal["governance"]["problem_solving_protocols"]
    del deal["governance"]["celebrate_successes"]
    deal["trust"].update(partners_compete=False, customer_data_shared=False)
    del deal["trust"]["competitor_safeguards"], deal["trust"]["customer_data_rules"], deal["trust"]["withheld_information"]
    del deal["trust"]["clean_team"], deal["data_sharing"]
    deal["money"]["flows"] = [
        {"payer": "tidewater", "payee": "larkspur", "basis": "referral_fee", "description": "Fee per referral",
         "trigger": "the referred customer signs", "amount": 750},
        {"payer": "larkspur", "payee": "tidewater", "basis": "resale_margin", "description": "Margin",
         "trigger": "the customer pays", "percentage": 12.5, "of_what": "net licence fees"},
    ]
    del deal["money"]["revenue_splits"]
    # A referral deal: the receiving partner invoices its own customers and there are no joint projects.
    del deal["money"]["customer_invoiced_by"], deal["money"]["pay_every_supplier"]
    deal["referrals"] = {"direction": "larkspur", "acceptance_days": 10, "tail_months": 12,
                         "non_circumvention": True, "fee_disclosure": False}
    deal["accounts"] = {"registration": deal["accounts"]["registration"]}  # a referral deal shares out no accounts
    deal["reviews"]["success_metrics"] = ["qualified referrals"]  # typed in, not one of the goals' metrics
    del deal["code_of_conduct"]
    del deal["termination"]["convenience_notice_days"]
    deal["disputes"].update(final_forum="courts", venue="Dublin", mediation=False)
    del deal["disputes"]["arbitration_rules"], deal["disputes"]["arbitrators"], deal["disputes"]["mediation_days"]
    return deal


def test_every_condition_and_loop_the_other_way(monkeypatch, tmp_path):
    file = tmp_path / "lean.yaml"
    user = typing_gives(monkeypatch, file, _lean_deal())
    asked = user.answered_paths()
    for path in ("trust.competitor_safeguards", "trust.customer_data_rules", "disputes.arbitration_rules",
                 "trust.clean_team", "data_sharing", "alliance.first_opportunity.currency", "money.flows[0].of_what", "money.revenue_splits",
                 "partners[1].backup_contact.name", "partners[0].departments[0].contact.title",
                 "commitments[0].funding_currency", "code_of_conduct.principles", "disputes.mediation_days",
                 "disputes.arbitrators", "alliance.renewal.renewal_term_months"):
        assert not any(p.startswith(path) for p in asked), f"{path} asked although its condition is false"
    assert "money.flows[0].amount" in asked  # blank percentage: the fixed amount is asked instead
    assert _spec(user, "disputes.venue")["message"].startswith("Which city's courts decide?")
    assert _spec(user, "alliance.renewal.non_renewal_notice_days")["message"].startswith(
        "How many days before a term ends must a partner propose renewing it?")
    # the gates said no, and nothing behind them was asked
    gates = {(s["path"], s.get("group")): s for s in user.asked if s["kind"] in ("add_first", "optional")}
    assert ("goals", "both") in gates and ("money.revenue_splits", None) not in gates  # a referral splits none
    assert ("code_of_conduct", None) in gates
    assert "commitments[0].deliverables" in user.paths("dated_lines")  # answered blank: none
    text = file.read_text(encoding="utf-8")
    assert "{{ 7*7 }} 🚀" in text and "49" not in text.split("legal_name")[1].splitlines()[0]
    assert load_answers(file).data["partners"][0]["address"] == "Line one\n  indented line two\n\tand a tab"


# --------------------------------------------------------------------------- answers checked at once


def test_bad_answers_are_asked_again_with_the_reason(monkeypatch, tmp_path, capsys):
    target = example_data()
    script = {
        "alliance.effective_date": ["2027-13-01", "next monday", "2027-01-01"],
        "money.revenue_splits[0].shares[0].percentage": ["130", "40%"],
        "partners[0].key": ["Larkspur GmbH", "larkspur"],
        "money.currency": ["euro", "xyz", "eur"],
        "partners[0].legal_name": ["   ", "Larkspur Analytics GmbH"],
        "alliance.initial_term_months": ["two years", "24"],
    }
    user = User(target, script=script)
    file = tmp_path / "deal.yaml"
    run(monkeypatch, user, file)
    out = capsys.readouterr().out
    # Each reason in a few plain words that fit one line of an 80-column terminal.
    assert "not a date; write YYYY-MM-DD, e.g. 2027-01-31" in out  # "next monday"
    assert "there is no month 13" in out
    assert "at most 100" in out
    assert "use lowercase letters, digits and hyphens, e.g. larkspur-gmbh" in out  # what the typed name makes
    assert "`" not in out
    assert "an answer is needed here" in out
    assert "ISO 4217" in out
    assert "write a whole number, e.g. 30" in out
    assert "Input should" not in out, "pydantic's own sentences do not reach the user"
    assert plain(load_answers(file).data) == target
    assert user.paths().count("alliance.effective_date") == 3
    # the prompt shows the rejected text again so the user can correct it
    retry = [s for s in user.asked if s["path"] == "alliance.effective_date"][1]
    assert retry["default"] == "2027-13-01"


def test_the_terminal_is_given_no_validator_and_the_reason_comes_under_the_question(monkeypatch, tmp_path, capsys):
    # questionary's validator shows its refusal in the bottom toolbar, rows away from the question and cut off.
    target = example_data()
    user = User(target, script={"alliance.effective_date": ["2027-02-30", "2027-01-01"]})
    run(monkeypatch, user, tmp_path / "deal.yaml")
    assert not any("validate" in spec for spec in user.asked)
    assert "  ✗ there is no 30 February 2027" in capsys.readouterr().out


# --------------------------------------------------------------------------- saving, resuming, interrupting


def test_resume_asks_only_what_is_missing_and_keeps_comments(monkeypatch, tmp_path):
    text = example_text()
    text = text.replace("  territory: Germany, Austria, Switzerland, Ireland and the United Kingdom\n", "")
    text = text.replace("    metric: competitive deals won with Retail Insight\n", "")
    text = text.replace("  bad_news_notice_days: 5\n", "")
    text = text.replace("    backup_contact:\n      name: Tom Keane\n      title: Channel Manager\n"
                        "      email: tom.keane@tidewater.example\n", "")  # optional: not asked again
    file = tmp_path / "deal.yaml"
    file.write_text("# my own note at the top\n" + text, encoding="utf-8")
    assert sorted(p.path for p in load_answers(file).missing) == \
        ["alliance.territory", "goals[1].metric", "governance.bad_news_notice_days"]
    user = User(example_data())
    run(monkeypatch, user, file)
    assert user.answered_paths() == ["alliance.territory", "goals[1].metric", "governance.bad_news_notice_days"]
    saved = file.read_text(encoding="utf-8")
    assert saved.startswith("# my own note at the top\n# Answers file for agreement-builder")
    assert "# People leave: the backup takes over" in saved
    assert "kind: co_selling  # referral, co_marketing" in saved
    expected = example_data()
    del expected["partners"][1]["backup_contact"]
    assert plain(load_answers(file).data) == expected


def test_complete_file_goes_straight_to_the_review(monkeypatch, example_file, fake_build):
    user = User(example_data(), review=["build"])
    outcome = run(monkeypatch, user, example_file, output=Path("out"))
    assert [s["kind"] for s in user.asked] == ["review"]
    assert fake_build[0][1] == Path("out") and fake_build[0][0].alliance.name.startswith("Larkspur")
    assert outcome.built is not None


def test_interrupted_then_resumed_ends_with_the_same_answers(monkeypatch, tmp_path):
    file = tmp_path / "deal.yaml"
    first = User(example_data(), interrupt_at="trust.partners_compete")
    with pytest.raises(KeyboardInterrupt):
        run(monkeypatch, first, file)
    draft = load_answers(file)
    assert "governance" in draft.data
    # the unfinished section keeps the answers given before the interrupt
    assert plain(draft.data["trust"]) == {k: example_data()["trust"][k] for k in (
        "shared_information", "withheld_information", "confidentiality_level", "confidentiality_years")}
    assert draft.is_draft
    second = User(example_data())
    run(monkeypatch, second, file)
    assert second.answered_paths()[0] == "trust.partners_compete"  # carries on at the question it stopped at
    assert set(first.answered_paths()) & set(second.answered_paths()) == set()  # nothing asked twice
    assert plain(load_answers(file).data) == example_data()
    assert not (tmp_path / ".deal.yaml.unfinished").exists()


@pytest.mark.parametrize("stop", ["goals[1].metric", "commitments[2].deliverables",
                                  "money.revenue_splits[0].shares[0].percentage", "partners[0].departments[1].key"])
def test_interrupted_inside_a_list_carries_on_in_that_list(monkeypatch, tmp_path, stop):
    file = tmp_path / "deal.yaml"
    first = User(example_data(), interrupt_at=stop)
    with pytest.raises(KeyboardInterrupt):
        run(monkeypatch, first, file)
    assert (tmp_path / ".deal.yaml.unfinished").exists()
    second = User(example_data())
    run(monkeypatch, second, file)
    assert second.answered_paths()[0] == stop
    assert set(first.answered_paths()) & set(second.answered_paths()) == set()
    assert sorted(first.answered_paths() + second.answered_paths()) == sorted(_all_answered())
    assert plain(load_answers(file).data) == example_data()


def test_resumed_after_the_usual_terms_asks_what_the_interrupt_came_before(monkeypatch, tmp_path):
    # The usual confidentiality (accepted with one yes) answers questions further down the section than the
    # one interrupted: the optional question between them was skipped on resuming, never asked at all.
    target = _referral_target()
    target["trust"]["confidentiality_years"] = 3  # the usual, so the scripted user keeps it
    file = tmp_path / "deal.yaml"
    first = User(target, interrupt_at="trust.shared_information")
    with pytest.raises(KeyboardInterrupt):
        run(monkeypatch, first, file)
    assert "trust" in [s["path"] for s in first.asked if s["kind"] == "usual"]
    second = User(target)
    run(monkeypatch, second, file)
    assert second.answered_paths()[:2] == ["trust.shared_information", "trust.withheld_information"]
    assert set(first.answered_paths()) & set(second.answered_paths()) == set()
    assert plain(load_answers(file).data) == target


@pytest.mark.parametrize("stop", ["trust", "money.flows", "trust.withheld_information"])
def test_resumed_at_a_usual_terms_add_another_or_optional_question_nothing_is_lost(monkeypatch, tmp_path, stop):
    target = _referral_target()
    file = tmp_path / "deal.yaml"
    with pytest.raises(KeyboardInterrupt):
        run(monkeypatch, User(target, interrupt_at=stop), file)
    second = User(target)
    run(monkeypatch, second, file)
    assert second.asked[0]["path"] == stop
    assert plain(load_answers(file).data) == target


def test_resumed_inside_a_payment_says_which_payment(monkeypatch, tmp_path, capsys):
    target = _referral_target()
    file = tmp_path / "deal.yaml"
    with pytest.raises(KeyboardInterrupt):
        run(monkeypatch, User(target, interrupt_at="money.flows[0].percentage"), file)
    capsys.readouterr()
    second = User(target)
    run(monkeypatch, second, file)
    out = capsys.readouterr().out
    assert second.answered_paths()[0] == "money.flows[0].percentage"
    said = out.index("Payment 1: Maplestone pays Harbor Lane: Referral fee")  # the payment so far, then its question
    assert out.index("The money trail") < said < out.index("To look at")


def _all_answered() -> list[str]:
    user = User(example_data())
    with pytest.MonkeyPatch.context() as mp, __import__("tempfile").TemporaryDirectory() as folder:
        run(mp, user, Path(folder) / "deal.yaml")
    return user.answered_paths()


def test_questionary_cancel_none_is_an_interrupt(monkeypatch, tmp_path):
    monkeypatch.setattr(prompts, "_ask", lambda spec: None)
    with pytest.raises(KeyboardInterrupt):
        interview.run_interview(tmp_path / "deal.yaml")
    assert not (tmp_path / "deal.yaml").exists()


# --------------------------------------------------------------------------- review and revising


def test_revise_a_section_from_the_review_with_current_answers_as_defaults(monkeypatch, example_file, fake_build):
    target = example_data()
    target["governance"]["bad_news_notice_days"] = 3
    user = User(target, review=["governance", "build"])
    run(monkeypatch, user, example_file)
    specs = {s["path"]: s for s in user.asked}
    assert specs["governance.bad_news_notice_days"]["default"] == "5"  # what the file said
    assert specs["governance.launch_meeting_cadence"]["default"] == "weekly"
    assert specs["governance.channels"]["default"] == "\n".join(example_data()["governance"]["channels"])
    assert load_answers(example_file).data["governance"]["bad_news_notice_days"] == 3
    assert len(fake_build) == 1
    assert all(s["path"].startswith("governance") for s in user.asked
               if s["kind"] not in ("review", "review_section"))


def terminal_size(monkeypatch, columns: int, lines: int) -> None:
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((columns, lines)))


def _review_lines(monkeypatch, file: Path, target: dict, capsys) -> tuple[list[str], dict]:
    user = User(target, review=["quit"])
    capsys.readouterr()
    run(monkeypatch, user, file)
    shown = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(shown) if line.startswith(("✓ ", "! ", "✗ ")))
    return shown[start:], next(s for s in user.asked if s["kind"] == "review")


@pytest.mark.parametrize("columns, rows", [(80, 24), (100, 30), (100, 40), (120, 60)])
@pytest.mark.parametrize("deal", ["example", "referral"])
def test_the_review_fits_the_terminal_with_its_menu(monkeypatch, tmp_path, capsys, deal, columns, rows):
    target = example_data() if deal == "example" else _referral_target()
    file = tmp_path / "deal.yaml"
    file.write_text(dump_yaml(target), encoding="utf-8")
    terminal_size(monkeypatch, columns, rows)
    shown, menu = _review_lines(monkeypatch, file, target, capsys)
    assert [c["value"] for c in menu["choices"]] == ["build", "revise", "quit"]
    # The sections, "To look at", the menu's question and entries, and the cursor's line, on one screen.
    assert len(shown) + 1 + len(menu["choices"]) + 1 <= rows, "\n".join(shown)
    assert all(len(line) < columns for line in shown)
    assert sum(line.startswith(("✓ ", "! ")) for line in shown) == 15  # every section, each with its status
    if deal == "referral":
        assert any("warning: governance.problem_solving_protocols" in line for line in shown)  # not scrolled off
        assert any("pays Harbor Lane 10%" in line for line in shown)  # the fee, not cut off
        assert "partners compete" not in "\n".join(shown)  # "partners compete: no" read as if they did
        if rows >= 60:  # in full
            assert any("partners do not compete" in line for line in shown)


def test_the_section_menu_starts_at_the_first_section_with_a_problem(monkeypatch, example_file):
    text = example_file.read_text(encoding="utf-8").replace("          percentage: 60", "          percentage: 50")
    example_file.write_text(text, encoding="utf-8")
    picked = []
    monkeypatch.setattr(prompts, "_ask", lambda spec: picked.append(spec) or spec["default"])
    assert interview.Interview(example_file).review.pick_section(load_answers(example_file)) == "money"
    assert [c["value"] for c in picked[0]["choices"]][:3] == ["partner-1", "partner-2", "alliance"]


def test_lists_can_be_changed_removed_and_added_to(monkeypatch, example_file):
    target = example_data()
    new_first = {"level": "project leads", "days_to_resolve": 7}
    added = {"level": "the boards", "days_to_resolve": 30}
    target["governance"]["escalation_path"] = [new_first, added]
    user = User(target, review=["governance", "quit"], menus=["remove:1", "add", "change:0", "keep"])
    # the added step is asked at index 1 after the removal, the change at index 0
    user.target = copy.deepcopy(target)
    run(monkeypatch, user, example_file)
    assert load_answers(example_file).data["governance"]["escalation_path"] == [new_first, added]


def test_changing_an_answer_clears_what_its_condition_ruled_out(monkeypatch, example_file):
    target = example_data()
    target["trust"].update(partners_compete=False, customer_data_shared=False)
    user = User(target, review=["trust", "quit"])
    run(monkeypatch, user, example_file)
    trust = load_answers(example_file).data["trust"]
    assert "competitor_safeguards" not in trust and "customer_data_rules" not in trust


def test_build_is_refused_while_check_finds_errors(monkeypatch, example_file, fake_build, capsys):
    text = example_file.read_text(encoding="utf-8").replace("          percentage: 60", "          percentage: 50")
    example_file.write_text(text, encoding="utf-8")
    user = User(example_data(), review=["build", "quit"])
    outcome = run(monkeypatch, user, example_file)
    out = capsys.readouterr().out
    assert "add up to 90%" in out and "Not ready to build" in out
    assert "✗ The money trail [money] (1 error)" in out  # the problem is shown against its section
    assert "To look at: ✗ money (1 error)" in out  # and named again right above the menu
    assert outcome.built is None and fake_build == []


def test_section_option_asks_one_section_again(monkeypatch, example_file):
    user = User(example_data())
    run(monkeypatch, user, example_file, section="partner-2")
    asked = [p for p in user.paths() if p]
    assert asked and all(p.startswith("partners[1]") for p in asked)


def test_unknown_section_names_the_choices(monkeypatch, example_file):
    with pytest.raises(AgreementBuilderError, match="partner-1, partner-2, alliance"):
        run(monkeypatch, User(example_data()), example_file, section="nonsense")


# --------------------------------------------------------------------------- the command


def test_command_without_a_terminal_points_to_the_other_commands(tmp_path):
    result = CliRunner().invoke(main, ["interview", str(tmp_path / "deal.yaml")])
    assert result.exit_code == 1
    for command in ("agreement-builder example", "agreement-builder check", "agreement-builder build"):
        assert command in result.output
    assert "Traceback" not in result.output


def test_command_interrupted_prints_how_to_resume(monkeypatch, tmp_path):
    monkeypatch.setattr(interview_commands, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(prompts, "_ask", User(example_data(), interrupt_at="alliance.name"))
    file = tmp_path / "my deal.yaml"
    result = CliRunner().invoke(main, ["interview", str(file), "-o", str(tmp_path / "out")])
    assert result.exit_code == 130
    assert f"Resume with: agreement-builder interview '{file}' -o {tmp_path / 'out'}" in result.output
    assert "saved in" in result.output and file.exists()  # both partner sections were finished


def test_the_interview_builds_versions_like_build_and_keeps_hand_edits(monkeypatch, example_file, capsys):
    out = example_file.with_name("deal-packet")
    first = run(monkeypatch, User(example_data(), review=["build"]), example_file)
    assert first.built.version == 1 and (out / "manifest.json").exists()
    # a lawyer edits the agreement by hand; the next build from the interview must not destroy that
    edited = (out / "agreement.docx").read_bytes() + b"lawyer's edit"
    (out / "agreement.docx").write_bytes(edited)
    target = example_data()
    target["governance"]["bad_news_notice_days"] = 3
    capsys.readouterr()
    second = run(monkeypatch, User(target, review=["governance", "build", "quit"]), example_file)
    out_text = capsys.readouterr().out
    assert second.built is None and "Not built:" in out_text and "edited" in out_text
    assert (out / "agreement.docx").read_bytes() == edited
    assert load_answers(example_file).data["governance"]["bad_news_notice_days"] == 3  # the answers are kept


def test_command_builds_into_the_default_folder(monkeypatch, example_file, fake_build):
    monkeypatch.setattr(interview_commands, "_stdin_is_terminal", lambda: True)
    monkeypatch.setattr(prompts, "_ask", User(example_data(), review=["build"]))
    result = CliRunner().invoke(main, ["interview", str(example_file)])
    assert result.exit_code == 0, result.output
    assert fake_build[0][1] == example_file.with_name("deal-packet")


def test_review_is_compact_with_names_and_problems_under_their_section(monkeypatch, example_file, capsys):
    text = example_file.read_text(encoding="utf-8").replace("          percentage: 60", "          percentage: 50")
    example_file.write_text(text, encoding="utf-8")
    terminal_size(monkeypatch, 120, 70)  # tall enough for every summary line in full, wrapped between words
    run(monkeypatch, User(example_data(), review=["quit"]), example_file)
    out = capsys.readouterr().out
    assert "customers invoiced by Tidewater" in out and "invoiced by tidewater" not in out
    assert "(co-selling)" in out and "co_selling" not in out
    assert "Meetings: weekly for 3 months, then monthly" in out  # the words of the menus, mid-sentence
    lines = [line for line in out.splitlines() if line.strip()]
    headers = [i for i, line in enumerate(lines) if line.startswith(("✓ ", "✗ ", "! "))]
    assert len(headers) == 15  # one per section (the partner section twice)
    for a, b in zip(headers, headers[1:]):  # at most three lines of summary (each wrapped), then the problems
        assert len([line for line in lines[a + 1:b] if "error:" not in line and "warning:" not in line
                    and not line.startswith("      ")]) <= 3
        assert all(len(line) < 120 and not line.endswith("…") for line in lines[a:b])  # wrapped, not cut
    money = next(i for i in headers if "[money]" in lines[i])
    following = headers[headers.index(money) + 1]
    assert any("add up to 90%" in line for line in lines[money:following])  # the problem sits under money


# --------------------------------------------------------------------------- dated lines (deliverables)


def _deliverables_question():
    from agreement_builder.interview.loading import load_questionnaire
    from agreement_builder.terms.model import Commitment
    from agreement_builder.terms.walk import field_at
    q = next(sub for sub in load_questionnaire().section("commitments").questions[0].questions
             if sub.field == "deliverables")
    return q, q.converter(field_at(Commitment, "deliverables"), required=False)


def test_deliverables_are_typed_one_per_line_with_their_date_first_or_last():
    _, convert = _deliverables_question()
    typed = "2027-03-31 Connector to the <Tidewater> platform & docs\n\n  Runbook agreed {{ x }} 2027-04-15  \n"
    assert convert(typed) == [
        {"description": "Connector to the <Tidewater> platform & docs", "deadline": dt.date(2027, 3, 31)},
        {"description": "Runbook agreed {{ x }}", "deadline": dt.date(2027, 4, 15)}]
    assert convert("   \n") is None  # blank: no deliverables


@pytest.mark.parametrize("typed, reason", [
    ("Connector to the platform", "line 1 has no date: write the date (YYYY-MM-DD)"),
    ("2027-03-31 Connector\n2027-13-01 Runbook", "line 2: there is no month 13"),
    ("2027-02-29 Runbook", "line 1: there is no 29 February 2027"),
    ("2027-03-31", "line 1: "),  # a date and nothing delivered
])
def test_a_deliverable_line_that_does_not_read_says_which_line_and_why(typed, reason):
    _, convert = _deliverables_question()
    with pytest.raises(ValueError) as caught:
        convert(typed)
    assert str(caught.value).startswith(reason)


def test_revising_deliverables_offers_them_as_the_lines_they_were_typed_as(monkeypatch, example_file):
    target = example_data()
    target["commitments"][0]["deliverables"][1]["deadline"] = "2027-05-15"
    user = User(target, review=["commitments", "quit"], menus=["change:0", "keep", "keep", "keep"])
    run(monkeypatch, user, example_file)
    offered = _spec(user, "commitments[0].deliverables")["default"]
    assert offered == ("2027-03-31 Production-ready connector to the Tidewater platform\n"
                       "2027-04-15 Joint support runbook agreed with Tidewater support")
    assert plain(load_answers(example_file).data["commitments"]) == target["commitments"]


def test_revising_a_section_keeps_a_part_left_out_left_out(monkeypatch, example_file):
    target = example_data()
    del target["partners"][1]["backup_contact"]
    text = example_file.read_text(encoding="utf-8").replace(
        "    backup_contact:\n      name: Tom Keane\n      title: Channel Manager\n"
        "      email: tom.keane@tidewater.example\n", "")
    example_file.write_text(text, encoding="utf-8")
    user = User(target, review=["partner-2", "quit"])
    run(monkeypatch, user, example_file)
    # the first time round a backup is suggested; revising, "no backup" is what the partner said before
    assert _spec(user, "partners[1].backup_contact", "optional")["default"] is False
    assert "backup_contact" not in load_answers(example_file).data["partners"][1]


def _converter_for(section: str, path: str, required: bool):
    from agreement_builder.interview.loading import load_questionnaire
    from agreement_builder.terms.model import Commitment
    from agreement_builder.terms.walk import field_at
    questions = load_questionnaire().section(section).questions
    if section == "commitments":
        q = next(sub for sub in questions[0].questions if sub.field == path)
        return q.converter(field_at(Commitment, path), required)
    q = next(q for q in questions if q.field == path)
    return q.converter(field_at(Terms, path), required)


@pytest.mark.parametrize("typed, stored", [("£250,000", 250000), ("1,234,567.5", Decimal("1234567.5")),
                                           ("40 000", 40000), ("no", None), ("None", None), ("", None)])
def test_amounts_are_read_the_way_people_type_them(typed, stored):
    convert = _converter_for("commitments", "funding_amount", required=False)
    assert convert(typed) == stored


@pytest.mark.parametrize("typed", ["2,5", "forty thousand", "12,34"])
def test_an_amount_that_cannot_be_read_says_what_form_is_expected(typed):
    convert = _converter_for("commitments", "funding_amount", required=False)
    with pytest.raises(ValueError, match="write the amount as a plain number, e.g. 250000"):
        convert(typed)


def test_no_is_not_an_answer_where_a_number_is_required():
    convert = _converter_for("money", "money.payment_terms_days", required=True)
    with pytest.raises(ValueError, match="an answer is needed here"):
        convert("no")


def test_a_uk_address_suggests_no_jurisdiction_since_the_uk_has_three(monkeypatch, tmp_path):
    target = example_data()
    target["partners"][1].update(address="1 Rose Street\nEdinburgh EH2 2PR\nUnited Kingdom", jurisdiction="Scotland")
    user = User(target)
    run(monkeypatch, user, tmp_path / "deal.yaml")
    assert _spec(user, "partners[1].jurisdiction")["default"] == ""
    assert _spec(user, "partners[0].jurisdiction")["default"] == "Germany"


def test_the_currency_given_last_is_offered_for_the_next_amount(monkeypatch, tmp_path):
    target = example_data()
    target["alliance"]["first_opportunity"]["currency"] = "GBP"
    target["commitments"][2]["funding_currency"] = "GBP"
    target["money"]["currency"] = "CHF"
    user = User(target)
    file = tmp_path / "deal.yaml"
    run(monkeypatch, user, file)
    assert _spec(user, "alliance.first_opportunity.currency")["default"] == "EUR"  # none given yet
    assert _spec(user, "commitments[2].funding_currency")["default"] == "GBP"
    assert _spec(user, "money.currency")["default"] == "GBP"
    assert plain(load_answers(file).data) == target


def test_a_section_answered_with_a_no_is_not_asked_again(monkeypatch, example_file):
    target = example_data()
    del target["code_of_conduct"]
    text = example_file.read_text(encoding="utf-8")
    start = text.index("# Optional: principles")
    end = text.index("# Ending it")
    example_file.write_text(text[:start] + text[end:], encoding="utf-8")
    user = User(target, review=["quit"])
    run(monkeypatch, user, example_file)
    assert [s["path"] for s in user.asked if s["kind"] != "review"] == []  # nothing missing: straight to review
    assert "code_of_conduct" not in load_answers(example_file).data


def test_a_us_address_suggests_no_jurisdiction_since_states_register_companies(monkeypatch, tmp_path):
    target = example_data()
    target["partners"][1].update(address="100 Congress Ave\nAustin, TX 78701\nUSA", jurisdiction="Texas")
    user = User(target)
    run(monkeypatch, user, tmp_path / "deal.yaml")
    assert _spec(user, "partners[1].jurisdiction")["default"] == ""


def test_a_key_another_partner_or_department_has_is_asked_again(monkeypatch, tmp_path, capsys):
    target = example_data()
    script = {"partners[1].key": ["larkspur", "tidewater"],  # the first partner's key
              "partners[0].departments[1].key": ["sales", "product"]}  # the first department's key
    user = User(target, script=script)
    file = tmp_path / "deal.yaml"
    run(monkeypatch, user, file)
    out = capsys.readouterr().out
    assert "'larkspur' is already taken here" in out and "'sales' is already taken here" in out
    assert plain(load_answers(file).data) == target
    assert user.paths().count("partners[1].key") == 2


@pytest.mark.parametrize("typed, stored", [("£250,000", "250000"), ("12.500,00 €", "12500.00"), ("1999.99", "1999.99"),
                                           ("40 000", "40000")])
def test_amounts_are_read_as_people_write_them(typed, stored):
    from agreement_builder.interview.conversions import plain_amount

    assert plain_amount(typed.replace(" ", "")) == stored


def test_an_amount_that_reads_two_ways_is_asked_back():
    from agreement_builder.interview.conversions import plain_amount

    with pytest.raises(ValueError) as caught:
        plain_amount("12.500")
    assert "12.5" in str(caught.value) and "12500" in str(caught.value)


def test_help_wraps_at_word_boundaries_to_the_terminal():
    from agreement_builder.interview.prompts import help_lines

    text = "Every clause refers to the company by this name, so pick the one people actually say in meetings."
    lines = help_lines(text, columns=60).splitlines()
    assert len(lines) == 2 and all(len(line) <= 59 and line.startswith("  ") for line in lines)
    assert " ".join(line.strip() for line in lines) == text


def _referral_target() -> dict:
    file = Path(__file__).parent / "deals" / "referral-one-way.yaml"
    target = plain(parse_yaml(file.read_text(encoding="utf-8"), file))
    target["referrals"]["direction"] = "harbor"  # asked, so written: the file leaves it to the fee
    target["reviews"].pop("per_department", None)  # not asked: neither partner lists a department
    return target


def test_a_one_way_referral_is_asked_as_a_referral(monkeypatch, tmp_path):
    user = typing_gives(monkeypatch, tmp_path / "deal.yaml", _referral_target())
    asked = user.paths()
    for path in ("referrals.direction", "referrals.acceptance_days", "referrals.tail_months",
                 "referrals.non_circumvention", "referrals.fee_disclosure"):
        assert path in asked, path
    for never in ("money.revenue_splits", "money.pay_every_supplier", "money.customer_invoiced_by",
                  "commitments[0].funding_amount", "commitments[1].funding_amount"):
        assert never not in asked, never
    by_path = {spec["path"]: spec for spec in user.asked if spec["kind"] != "add_another"}
    assert by_path["money.flows"]["default"] is True  # a referral deal usually pays a fee
    assert by_path["money.flows[0].payer"]["default"] == "maplestone"  # the partner receiving referrals


def test_a_one_way_referral_is_worded_as_one(monkeypatch, tmp_path, capsys):
    target = _referral_target()
    user = User(target)
    run(monkeypatch, user, tmp_path / "deal.yaml")
    out = capsys.readouterr().out
    specs = {(s["path"], s["kind"]): s for s in user.asked}
    assert specs["alliance.first_opportunity", "optional"]["message"] == "Is there a first referral on the table already?"
    assert specs["alliance.first_opportunity.description", "text"]["message"] == "Describe the first referral in a line."
    assert "joint" not in specs["alliance.territory", "text"]["help"]
    assert "invoices the customer" not in out and "Who pays whom, for what and when" in out
    usual = specs["termination", "usual"]
    assert "wind down the alliance" in usual["summary"] and "shared accounts" not in usual["summary"]
    assert specs["termination.transition_days", "integer"]["message"] == \
        "How many days after the end do the partners have to wind down referrals in progress?"
    # No department is listed: no per-department forms to offer, and none written into the answers.
    assert "reviews.per_department" not in specs["reviews", "usual"]["values"]
    assert ("reviews.per_department", "confirm") not in specs
    assert "department" not in specs["reviews", "usual"]["summary"]
    # The referring partner introduces customers; the receiving partner is offered no such contribution.
    assert specs["commitments[0].contribution", "select"]["default"] == "referrals"
    assert specs["commitments[1].contribution", "select"]["default"] is None


def test_a_referral_fee_base_is_asked_once(monkeypatch, tmp_path, capsys):
    target = _referral_target()
    target["referrals"]["fee_base"] = "the fees invoiced in the first 12 months, net of tax"
    del target["money"]["flows"][0]["of_what"]  # "A percentage of what?" would contradict the fee base
    file = tmp_path / "deal.yaml"
    user = typing_gives(monkeypatch, file, target)
    assert "money.flows[0].of_what" not in user.paths() and "referrals.fee_base" in user.paths()
    assert "of_what" not in capsys.readouterr().out  # and check has nothing to say about it
    assert all("of_what" not in p.path for p in load_answers(file).warnings)


def test_a_referral_deal_is_offered_light_confidentiality(monkeypatch, tmp_path):
    user = User(_referral_target())
    run(monkeypatch, user, tmp_path / "deal.yaml")
    usual = next(s for s in user.asked if s["kind"] == "usual" and s["path"] == "trust")
    assert usual["values"]["trust.confidentiality_level"] == "light"


def _technology_target() -> dict:
    file = Path(__file__).parent / "deals" / "technology-france-sweden.yaml"
    target = plain(parse_yaml(file.read_text(encoding="utf-8"), file))
    del target["technology"]["escrow"]["release_events"]  # not asked: the usual events are the default
    target["reviews"].pop("per_department", None)  # not asked: neither partner lists a department
    return target


def test_a_technology_deal_is_asked_as_one(monkeypatch, tmp_path):
    user = typing_gives(monkeypatch, tmp_path / "deal.yaml", _technology_target())
    asked = user.paths()
    for path in ("technology.joint_developments", "technology.licences[0].licensor", "technology.licences[1].use",
                 "technology.escrow", "technology.escrow.depositor", "technology.escrow.agent"):
        assert path in asked, path
    assert "technology.joint_owner" not in asked  # owned jointly: no owner to name
    for never in ("money.revenue_splits", "money.pay_every_supplier", "money.customer_invoiced_by",
                  "referrals.direction"):
        assert never not in asked, never
    by_path = {spec["path"]: spec for spec in user.asked if spec["kind"] != "add_another"}
    assert by_path["technology.licences"]["default"] is True
    assert by_path["money.flows[0].of_what"]["default"] == "the net amounts Lumière invoices for those products"


def test_other_kinds_are_asked_no_technology_question(monkeypatch, tmp_path):
    file = tmp_path / "deal.yaml"
    target = example_data()
    user = User(target)
    run(monkeypatch, user, file)
    assert not any(p.startswith("technology") for p in user.paths())
    assert plain(load_answers(file).data) == target


def test_a_kind_changed_away_from_technology_drops_its_terms(monkeypatch, tmp_path, capsys):
    file = tmp_path / "deal.yaml"
    target = _technology_target()
    file.write_text(dump_yaml(target), encoding="utf-8")
    user = User({**target, "alliance": {**target["alliance"], "kind": "co_selling"}}, review=["alliance", "quit"])
    run(monkeypatch, user, file, section="alliance")
    assert "technology" not in load_answers(file).data
    assert "[technology]" not in capsys.readouterr().out  # the review no longer lists the section
