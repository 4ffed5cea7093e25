"""The relationship health loop: surveys out, forms back, the report with the gap between the partners."""
from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from health_forms import fill_form
from helpers import assert_reported, edit_answers, run, terms_with
from lxml import html as lxml_html

from agreement_builder.document.docx_text import document_text
from agreement_builder.health.controls import read_controls
from agreement_builder.health.figures import health_figures
from agreement_builder.health.report import collect_forms, report_html
from agreement_builder.health.survey import placeholders, survey_items, write_surveys

TYPED = 'Told <them> & "early"\nsecond line\tafter a tab 🚀 {{ 7*7 }} שלום'


def all_scores(terms, score: str, **overrides: str) -> dict[str, str]:
    answers = {f"{item.tag}:score": score for item in survey_items(terms)}
    answers.update(overrides)
    return answers


@pytest.fixture
def surveys(example_terms, tmp_path):
    """The example's surveys for Y1-H1: Larkspur (and its two departments) and Tidewater."""
    return {path.name: path for path in write_surveys(example_terms, tmp_path / "out", period="Y1-H1")}


def fill_period(terms, folder: Path, period: str, larkspur: str, tidewater: str, **overrides: str) -> None:
    """Every survey of `period` filled: behaviour 1 scored `larkspur` / `tidewater`, everything else 4."""
    for path in write_surveys(terms, folder, period=period):
        mine = larkspur if "-larkspur" in path.name else tidewater
        fill_form(path, all_scores(terms, "4", **{"behaviour-1:score": mine}, **overrides))


# --------------------------------------------------------------------------- the surveys


def test_a_survey_per_partner_and_department_with_every_behaviour(example_terms, surveys):
    assert sorted(surveys) == ["Y1-H1-larkspur-product-survey.docx", "Y1-H1-larkspur-sales-survey.docx",
                               "Y1-H1-larkspur-survey.docx", "Y1-H1-tidewater-survey.docx"]
    behaviours = example_terms.health.behaviours
    assert len(behaviours) == 6
    for name, path in surveys.items():
        text = document_text(path)
        assert "{{" not in text and "{%" not in text
        for behaviour in behaviours:
            assert behaviour in text, f"{name} lacks {behaviour!r}"
        boxes = read_controls(path, placeholders=placeholders())
        assert {f"behaviour-{n}:score" for n in range(1, 7)} <= set(boxes)
        assert {f"{item.tag}:comment" for item in survey_items(example_terms)} <= set(boxes)
        assert all(value == "" for tag, value in boxes.items() if not tag.startswith("form:"))
    sales = read_controls(surveys["Y1-H1-larkspur-sales-survey.docx"])
    assert sales["form:reference"] == "Y1-H1/larkspur/sales/survey"
    assert sales["form:alliance"] == example_terms.alliance.name


def test_no_department_surveys_when_the_terms_say_so(example_terms, tmp_path):
    terms = terms_with(example_terms, {"health.by_department": False})
    names = [p.name for p in write_surveys(terms, tmp_path, period="Y1-H2")]
    assert names == ["Y1-H2-larkspur-survey.docx", "Y1-H2-tidewater-survey.docx"]


def test_a_yearly_survey_is_labelled_by_year(example_terms, tmp_path):
    terms = terms_with(example_terms, {"health.survey_cadence": "annual"})
    assert write_surveys(terms, tmp_path, period="y2")[0].name == "Y2-larkspur-survey.docx"


def test_a_survey_already_there_is_not_replaced_without_force(example_file, tmp_path):
    out = tmp_path / "packet"
    assert run("survey", example_file, "-o", out, "--period", "Y1-H1").exit_code == 0
    again = run("survey", example_file, "-o", out, "--period", "Y1-H1")
    assert_reported(again)
    assert "Y1-H1-larkspur-survey.docx" in again.output and "--force" in again.output
    assert run("survey", example_file, "-o", out, "--period", "Y1-H1", "--force").exit_code == 0


def test_terms_without_health_build_and_survey_names_the_section(example_file, tmp_path):
    from helpers import DELETE

    edit_answers(example_file, {"health": DELETE})
    assert run("check", example_file).exit_code == 0
    result = run("survey", example_file, "-o", tmp_path / "out")
    assert_reported(result)
    assert "health" in result.output and "behaviours" in result.output


# --------------------------------------------------------------------------- forms that come back


def test_answer_boxes_survive_a_libreoffice_round_trip(example_terms, surveys, soffice, tmp_path):
    filled = fill_form(surveys["Y1-H1-larkspur-survey.docx"],
                       all_scores(example_terms, "3", **{"behaviour-2:comment": TYPED}), out=tmp_path / "f.docx")
    saved = tmp_path / "saved"
    subprocess.run([soffice, "--headless", "--convert-to", "docx", "--outdir", str(saved), str(filled)],
                   check=True, capture_output=True, timeout=180)
    before = read_controls(filled, placeholders=placeholders())
    after = read_controls(saved / "f.docx", placeholders=placeholders())
    # LibreOffice 7.4 (Debian 12's) runs the lines of a box together; everything else comes back exactly
    assert {tag: text.replace("\n", "") for tag, text in before.items()} == after
    assert after["behaviour-2:comment"] == TYPED.replace("\n", "")
    assert after["behaviour-3:comment"] == ""  # a box still showing its placeholder is empty
    # and the report reads the re-saved form
    form = collect_forms(example_terms, [saved]).forms[0]
    assert form.partner == "larkspur" and form.score("behaviour-1:score") == 3


# --------------------------------------------------------------------------- the report


def test_the_report_shows_both_scores_and_the_gap(example_file, example_terms, tmp_path):
    out = tmp_path / "out"
    fill_period(example_terms, out, "Y1-H1", larkspur="5", tidewater="2",
                **{"behaviour-1:comment": TYPED})
    result = run("report", example_file, out, "-o", tmp_path / "report.html", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    first = figures["items"][0]
    assert first["text"] == example_terms.health.behaviours[0]
    row = first["periods"][0]
    assert row["scores"] == {"larkspur": 5, "tidewater": 2} and row["gap"] == 3
    assert row["responses"] == {"larkspur": 3, "tidewater": 1}  # Larkspur and its two departments
    assert figures["items"][1]["periods"][0]["gap"] == 0
    assert {c["text"] for c in row["comments"]} == {TYPED}

    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    table = lxml_html.fromstring(page).xpath("//table")[0]
    cells = [c.text_content().strip() for c in table.xpath(".//tbody/tr[1]/td")]
    assert cells[1:] == ["5.0", "2.0", "3.0"]
    assert table.xpath(".//tbody/tr[1]/@class") == ["wide"]
    assert TYPED in table.xpath(".//tbody/tr[1]//span[@class='typed']/text()")  # exactly as typed, escaped
    assert "&lt;them&gt; &amp; &#34;early&#34;" in page
    assert page.count("<svg") == 2


def test_a_report_over_three_periods_shows_the_trend(example_file, example_terms, tmp_path):
    out = tmp_path / "out"
    for period, tidewater in (("Y1-H1", "2"), ("Y1-H2", "3"), ("Y2-H1", "5")):
        fill_period(example_terms, out, period, larkspur="5", tidewater=tidewater)
    result = run("report", example_file, out, "-o", tmp_path / "report.html", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["survey_periods"] == ["Y1-H1", "Y1-H2", "Y2-H1"]
    assert [p["gap"] for p in figures["items"][0]["periods"]] == [3, 2, 0]
    overall = figures["overall"]
    assert [row["period"] for row in overall] == ["Y1-H1", "Y1-H2", "Y2-H1"]
    assert overall[0]["scores"]["tidewater"] < overall[1]["scores"]["tidewater"] < overall[2]["scores"]["tidewater"]
    page = lxml_html.fromstring((tmp_path / "report.html").read_text(encoding="utf-8"))
    trend = page.xpath("//h2[starts-with(., 'Trend')]/following::table[1]")[0]
    assert [th.text for th in trend.xpath(".//thead//th")][1:] == ["Y1-H1", "Y1-H2", "Y2-H1"]
    first_behaviour = [td.text_content() for td in trend.xpath(".//tbody/tr[2]/td")]
    assert first_behaviour[1:] == ["5.0 · 2.0 (3.0)", "5.0 · 3.0 (2.0)", "5.0 · 5.0 (0.0)"]
    svg = page.xpath("//h2[starts-with(., 'Trend')]/following::figure[1]//*[local-name()='svg']")
    assert svg, "no trend chart"


def test_blank_forms_are_not_counted(example_file, example_terms, tmp_path):
    out = tmp_path / "out"
    write_surveys(example_terms, out, period="Y1-H1")
    result = run("report", example_file, out, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["survey_periods"] == []


# --------------------------------------------------------------------------- bad forms


@pytest.mark.parametrize(("answers", "field", "words"), [
    ({"behaviour-2:score": "7"}, "behaviour-2:score", "not a score from 1 to 5"),
    ({"behaviour-2:score": "four"}, "behaviour-2:score", "not a score from 1 to 5"),
    ({"trust-rely:score": ""}, "trust-rely:score", "is empty"),
    ({"form:alliance": "Another Alliance"}, "form:alliance", "Another Alliance"),
    ({"form:reference": "Y9-H1/larkspur/survey"}, "form:reference", "Y9-H1"),
    ({"form:reference": "Y1-H1/acme/survey"}, "form:reference", "acme"),
])
def test_a_bad_form_is_refused_naming_the_file_and_the_box(example_file, example_terms, surveys, tmp_path,
                                                           answers, field, words):
    folder = tmp_path / "back"
    folder.mkdir()
    bad = fill_form(surveys["Y1-H1-tidewater-survey.docx"], {**all_scores(example_terms, "4"), **answers},
                    out=folder / "Y1-H1-tidewater-survey.docx")
    if answers.get("trust-rely:score") == "":
        bad = fill_form(bad, {"trust-rely:score": " "})
    result = run("report", example_file, folder, "--json")
    assert_reported(result)
    assert str(bad) in result.output and f"{field}:" in result.output and words in result.output
    assert "How to fix:" in result.output

    skipped = run("report", example_file, folder, "--json", "--skip-bad")
    assert skipped.exit_code == 0, skipped.output
    assert json.loads(skipped.stdout)["skipped"][0]["field"] == field
    assert "skipped:" in skipped.stderr


def test_files_that_are_not_forms_are_refused(example_file, tmp_path):
    folder = tmp_path / "back"
    folder.mkdir()
    (folder / "notes.docx").write_text("not a zip")
    result = run("report", example_file, folder, "--json")
    assert_reported(result)
    assert "notes.docx" in result.output and "not a Word document" in result.output

    (folder / "notes.docx").unlink()
    assert run("build", example_file, "-o", tmp_path / "packet").exit_code == 0
    shutil.copy(tmp_path / "packet" / "agreement.docx", folder / "agreement.docx")
    result = run("report", example_file, folder, "--json")
    assert_reported(result)
    assert "agreement.docx" in result.output and "form:reference" in result.output


def test_a_crafted_form_is_refused_without_expanding_it(example_file, tmp_path):
    folder = tmp_path / "back"
    folder.mkdir()
    bomb = folder / "bomb.docx"
    entity = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(bomb, "w") as archive:
        archive.writestr("word/document.xml", entity + "<d>&b;</d>")
    result = run("report", example_file, folder, "--json")
    assert_reported(result)
    assert "bomb.docx" in result.output


def test_links_in_the_folders_are_not_followed(example_file, example_terms, tmp_path):
    outside = tmp_path / "outside"
    fill_period(example_terms, outside, "Y1-H1", larkspur="5", tidewater="2")
    folder = tmp_path / "back"
    folder.mkdir()
    (folder / "elsewhere").symlink_to(outside / "health")
    result = run("report", example_file, folder, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["forms"] == []


def test_report_needs_an_output(example_file, tmp_path):
    assert_reported(run("report", example_file, tmp_path), code=2)


def test_figures_and_page_without_any_form(example_terms):
    figures = health_figures(example_terms, [])
    assert figures["items"][0]["periods"] == [] and figures["overall"] == []
    assert "No health survey has come back yet." in report_html(example_terms, figures)


def test_a_report_file_named_json_holds_the_figures(example_file, example_terms, tmp_path):
    fill_period(example_terms, tmp_path / "out", "Y1-H1", larkspur="5", tidewater="2")
    assert run("report", example_file, tmp_path / "out", "-o", tmp_path / "report.json").exit_code == 0
    figures = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert figures["items"][0]["periods"][0]["gap"] == 3
