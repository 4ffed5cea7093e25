"""Review forms that come back: goal ratings and status, deliverables, improvement steps, in the health report."""
from __future__ import annotations

import datetime as dt
import json

from health_forms import fill_form
from helpers import assert_reported, run

from agreement_builder.health.controls import read_controls
from agreement_builder.health.figures import health_figures
from agreement_builder.health.report import collect_forms, report_html
from agreement_builder.rvu.forms import write_forms


def goals(terms, rating: str) -> dict[str, str]:
    return {f"goal-{n}:rating": rating for n in range(1, len(terms.goals) + 1)}


def test_every_answer_place_of_a_review_form_is_a_tagged_box(example_terms, tmp_path):
    (short, long, *_) = write_forms(example_terms, tmp_path, period="Y1-Q1")
    boxes = read_controls(short)
    assert boxes["form:reference"] == "Y1-Q1/larkspur/short"
    assert {"value:received", "value:given", "steps-ours-4:when", "steps-theirs-1:step", "goal-3:rating",
            "goal-3:status", "deliverable-1-1:delivered", "deliverable-2-1:notes", "metric-3:value"} <= set(boxes)
    themes = {tag for tag in read_controls(long) if tag.startswith("value-received:")}
    assert "value-received:less-duplicated-effort" in themes and len(themes) == 8


def test_goals_deliverables_and_steps_in_the_report(example_file, example_terms, tmp_path):
    forms = {p.name: p for p in write_forms(example_terms, tmp_path / "rvu", period="Y1-Q1")}
    fill_form(forms["Y1-Q1-larkspur-short.docx"], {
        **goals(example_terms, "4"), "goal-1:status": "7 of 12 signed\n& two <pending>",
        "deliverable-1-1:delivered": "No, slipped to March", "deliverable-1-1:notes": "waiting on certification",
        "deliverable-2-1:delivered": "yes", "steps-ours-1:step": "Share the pipeline sheet weekly",
        "steps-ours-1:who": "Jonas", "steps-ours-1:when": "from 1 May",
        "steps-theirs-1:step": "Name a second sales engineer"})
    fill_form(forms["Y1-Q1-tidewater-short.docx"], {**goals(example_terms, "2"),
                                                    "deliverable-1-1:delivered": "no"})
    collected = collect_forms(example_terms, [tmp_path])
    assert len(collected.forms) == 2 and len(collected.blank) == 4  # the long forms nobody filled in
    figures = health_figures(example_terms, collected.forms, today=dt.date(2027, 6, 1))
    assert figures["review_periods"] == ["Y1-Q1"]
    goal = figures["goals"][0]["periods"][0]
    assert goal["scores"] == {"larkspur": 4, "tidewater": 2} and goal["gap"] == 2
    assert goal["status"]["larkspur"] == ["7 of 12 signed\n& two <pending>"]
    states = {d["tag"]: d["state"] for d in figures["deliverables"]}
    assert states["deliverable-1-1"] == "overdue" and states["deliverable-2-1"] == "delivered"
    # due since, with no form saying they arrived: overdue too; due later and not written about: not listed
    assert {tag for tag, state in states.items() if state == "overdue"} == {
        "deliverable-1-1", "deliverable-1-2", "deliverable-3-1"}
    assert [r["delivered"] for r in figures["deliverables"][0]["reports"]] == [False, False]
    steps = [(s["kind"], s["step"], s["who"]) for s in figures["steps"]]
    assert steps == [("will_take", "Share the pipeline sheet weekly", "Jonas"),
                     ("asks_other", "Name a second sales engineer", "")]
    page = report_html(example_terms, figures)
    assert "overdue, carried forward" in page and "Share the pipeline sheet weekly" in page
    assert "7 of 12 signed\n&amp; two &lt;pending&gt;" in page


def test_a_goal_rating_out_of_range_names_the_box(example_file, example_terms, tmp_path):
    (short, *_) = write_forms(example_terms, tmp_path / "rvu", period="Y1-Q1")
    fill_form(short, {**goals(example_terms, "3"), "goal-2:rating": "6"})
    result = run("report", example_file, tmp_path / "rvu", "--json")
    assert_reported(result)
    assert short.name in result.output and "goal-2:rating" in result.output


def test_an_unclear_delivered_answer_names_the_box(example_file, example_terms, tmp_path):
    (short, *_) = write_forms(example_terms, tmp_path / "rvu", period="Y1-Q1")
    fill_form(short, {**goals(example_terms, "3"), "deliverable-2-1:delivered": "mostly"})
    result = run("report", example_file, tmp_path / "rvu", "--json")
    assert_reported(result)
    assert "deliverable-2-1:delivered" in result.output and "yes or no" in result.output
    ok = run("report", example_file, tmp_path / "rvu", "--json", "--skip-bad")
    assert ok.exit_code == 0 and json.loads(ok.stdout)["skipped"][0]["file"].endswith(short.name)
