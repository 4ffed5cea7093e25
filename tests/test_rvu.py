"""Relationship Value Update forms: which are written, what they hold, how they fail."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from helpers import terms_with

from agreement_builder import formatting
from agreement_builder.answers import load_terms
from agreement_builder.cli import main
from agreement_builder.document.docx_text import document_text
from agreement_builder.errors import AgreementBuilderError, OutputError, RenderError
from agreement_builder.resources import package_file
from agreement_builder.rvu.forms import write_forms
from agreement_builder.terms.model import FormLength
from agreement_builder.terms.periods import find_period, review_periods

THEMES = ["Core competency", "Synergies", "Cost reduction", "Less duplicated effort", "Innovations",
          "New markets", "Competitive situations overcome", "Other benefits"]
SECTIONS = ["1  Value {me} has received from the alliance", "2  Value we believe {you} has received",
            "3  Improvement steps {me} will take", "4  Improvement steps we would like {you} to take",
            "5  Progress on the alliance's goals", "6  Commitments due in this period", "Sign-off"]


# --------------------------------------------------------------------------- reading forms back


def lines(path: Path) -> list[str]:
    """The form as text, in reading order: one line per paragraph, one per table row (cells joined by |)."""
    out = []
    doc = Document(path)
    for block in doc.iter_inner_content():
        if hasattr(block, "rows"):
            out += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            out.append(block.text)
    out += [p.text for p in doc.sections[0].footer.paragraphs]
    return out


def table_after(path: Path, heading_start: str) -> list[list[str]] | None:
    """Rows (as cell texts) of the first table after the heading starting `heading_start`, if one comes before the next heading."""
    seen = False
    for block in Document(path).iter_inner_content():
        if hasattr(block, "rows"):
            if seen:
                return [[cell.text for cell in row.cells] for row in block.rows]
        elif block.style.name == "Heading 1":
            if seen:
                return None
            seen = block.text.startswith(heading_start)
    return None


def with_reviews(terms, **changes):
    return terms_with(terms, {f"reviews.{name}": value for name, value in changes.items()})


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """The example's Y1-Q1 forms, written once for the tests that only read them."""
    terms = load_terms(package_file("example.yaml"))
    return write_forms(terms, tmp_path_factory.mktemp("forms") / "rvu", period="Y1-Q1")


# --------------------------------------------------------------------------- which forms


def test_each_partner_and_department_gets_its_forms(forms):
    assert [p.name for p in forms] == [
        "Y1-Q1-larkspur-short.docx", "Y1-Q1-larkspur-long.docx",
        "Y1-Q1-larkspur-sales-long.docx", "Y1-Q1-larkspur-product-long.docx",
        "Y1-Q1-tidewater-short.docx", "Y1-Q1-tidewater-long.docx",
    ]
    assert all(p.is_file() for p in forms)
    assert sorted(p.name for p in forms[0].parent.iterdir()) == sorted(p.name for p in forms)  # no temp files left


@pytest.mark.parametrize("length, per_department, expected", [
    ("short", True, ["larkspur-short", "larkspur-sales-short", "larkspur-product-short", "tidewater-short"]),
    ("long", True, ["larkspur-long", "larkspur-sales-long", "larkspur-product-long", "tidewater-long"]),
    ("both", False, ["larkspur-short", "larkspur-long", "tidewater-short", "tidewater-long"]),
])
def test_form_length_and_departments_choose_the_forms(example_terms, tmp_path, length, per_department, expected):
    terms = with_reviews(example_terms, form_length=FormLength(length), per_department=per_department)
    written = write_forms(terms, tmp_path / "rvu", period="Y1-Q2")
    assert [p.name for p in written] == [f"Y1-Q2-{name}.docx" for name in expected]


def test_one_department_only(example_terms, tmp_path):
    written = write_forms(example_terms, tmp_path, period="Y1-Q1", department="Sales")
    assert [p.name for p in written] == ["Y1-Q1-larkspur-sales-long.docx"]


def test_unknown_department_is_refused(example_terms, tmp_path):
    with pytest.raises(AgreementBuilderError) as caught:
        write_forms(example_terms, tmp_path, period="Y1-Q1", department="finance")
    assert caught.value.field == "--department"
    assert "sales, product" in caught.value.hint
    assert not tmp_path.joinpath("Y1-Q1-larkspur-short.docx").exists()


def test_forms_that_would_share_a_name_are_refused(example_terms, tmp_path):
    # Partner "acme" with department "sales" and partner "acme-sales" would both write acme-sales-long.
    first = example_terms.partners[0].model_copy(update={"key": "acme"})
    second = example_terms.partners[1].model_copy(update={"key": "acme-sales"})
    terms = example_terms.model_copy(update={"partners": [first, second]})
    with pytest.raises(OutputError, match="Y1-Q1-acme-sales-long.docx"):
        write_forms(terms, tmp_path, period="Y1-Q1")
    assert list(tmp_path.glob("*.docx")) == []


# --------------------------------------------------------------------------- periods


def test_default_period_is_the_one_in_progress(example_terms, tmp_path):
    written = write_forms(example_terms, tmp_path, today=dt.date(2027, 5, 10))
    assert {p.name.split("-larkspur")[0].split("-tidewater")[0] for p in written} == {"Y1-Q2"}


@pytest.mark.parametrize("label", ["Y3-Q1", "Y1-Q5", "Y1-H1", "last quarter"])
def test_unknown_period_is_refused_with_the_valid_labels(example_terms, tmp_path, label):
    with pytest.raises(AgreementBuilderError) as caught:
        write_forms(example_terms, tmp_path / "rvu", period=label)
    assert "Y1-Q1" in caught.value.hint and "Y2-Q4" in caught.value.hint
    assert not (tmp_path / "rvu").exists()


def test_after_the_term_a_period_must_be_named(example_terms, tmp_path):
    with pytest.raises(AgreementBuilderError, match="no current review period"):
        write_forms(example_terms, tmp_path, today=dt.date(2030, 1, 1))


# --------------------------------------------------------------------------- what a form holds


def test_header_names_alliance_sender_recipient_period_and_due_date(example_terms, forms):
    period = find_period(example_terms, "Y1-Q1")
    text = "\n".join(lines(forms[0]))  # Larkspur's short form, to Tidewater
    assert "Larkspur–Tidewater Retail Insight Alliance" in text
    assert "From | Larkspur Analytics GmbH (Larkspur)" in text
    assert "To | Tidewater Software Ltd (Tidewater)" in text
    assert "For the attention of | Niamh Byrne, Alliances Director" in text
    assert f"Review period | Y1-Q1: {formatting.date(period.start)} to {formatting.date(period.end)}" in text
    assert f"Send by | {formatting.date(period.due)}" in text
    department = "\n".join(lines(forms[2]))
    assert "From | Larkspur Analytics GmbH (Larkspur) – Sales" in department
    assert "Completed by | Felix Braun, Sales Director" in department
    reverse = "\n".join(lines(forms[4]))
    assert "From | Tidewater Software Ltd (Tidewater)" in reverse and "To | Larkspur Analytics GmbH" in reverse


@pytest.mark.parametrize("index, me, you", [(0, "Larkspur", "Tidewater"), (1, "Larkspur", "Tidewater"),
                                            (2, "Larkspur", "Tidewater"), (5, "Tidewater", "Larkspur")])
def test_every_section_is_there(forms, index, me, you):
    headings = [p.text for p in Document(forms[index]).paragraphs if p.style.name == "Heading 1"]
    for section in SECTIONS:
        assert section.format(me=me, you=you) in headings


def test_long_form_breaks_both_value_sections_into_the_eight_themes(forms):
    for form in forms:
        theme_cells = [line.split("\n")[0] for line in lines(form)]
        counts = {theme: theme_cells.count(theme) for theme in THEMES}
        expected = 2 if form.name.endswith("-long.docx") else 0
        assert counts == dict.fromkeys(THEMES, expected), form.name
    value_table = table_after(forms[1], "1  Value Larkspur")
    assert [row[0].split("\n")[0] for row in value_table[1:]] == THEMES
    assert all(row[1] == "" for row in value_table[1:])  # room to write


def test_improvement_sections_have_empty_rows_to_fill(forms):
    for heading in ("3  Improvement", "4  Improvement"):
        rows = table_after(forms[0], heading)
        assert rows[0] == ["Step", "Who", "By when"]
        assert len(rows) >= 4 and all(cell == "" for row in rows[1:] for cell in row)


def test_one_goal_row_per_goal_with_metric_and_target(example_terms, forms):
    for form in forms:
        rows = table_after(form, "5  Progress")
        assert rows[0][-2:] == ["Status at period end", "1–5"]
        assert len(rows) - 1 == len(example_terms.goals)
        for row, goal in zip(rows[1:], example_terms.goals):
            assert row[:5] == [goal.description, example_terms.owner_name(goal.owner), goal.metric,
                               goal.target, goal.timeframe]
            assert row[5:] == ["", ""]  # status and rating are for the partner to fill


def test_golden_text_of_a_long_form(forms, golden):
    (long_form,) = [p for p in forms if p.name == "Y1-Q1-larkspur-long.docx"]
    golden("rvu-long.txt", document_text(long_form))


def due_in(terms, period) -> list[str]:
    """Descriptions of the deliverables due in `period`, worked out independently of rvu_context."""
    due = [(d.deadline, d.description) for c in terms.commitments for d in c.deliverables
           if period.start <= d.deadline <= period.end]
    return [description for _, description in sorted(due, key=lambda item: item[0])]


def test_commitments_due_in_the_period_and_nothing_else(example_terms, tmp_path):
    all_deliverables = {d.description for c in example_terms.commitments for d in c.deliverables}
    empty_periods = 0
    for period in review_periods(example_terms):
        # One form per period keeps this quick; every form carries the same commitments section.
        form = write_forms(example_terms, tmp_path / period.label, period=period.label, department="sales")[0]
        expected = due_in(example_terms, period)
        rows = table_after(form, "6  Commitments")
        text = "\n".join(lines(form))
        if expected:
            assert [row[2] for row in rows[1:]] == expected, period.label
            assert all(row[3] for row in rows[1:])  # each with its deadline
        else:
            empty_periods += 1
            assert rows is None and "No deliverable in the agreement falls due" in text
        for other in all_deliverables - set(expected):
            assert other not in text, (period.label, other)
    assert 0 < empty_periods < len(review_periods(example_terms))  # the example exercises both cases


def test_success_metrics_listed(example_terms, forms):
    rows = table_after(forms[0], "7  Success metrics")
    assert [row[0] for row in rows[1:]] == example_terms.reviews.success_metrics


def test_signature_line_names_who_completes_the_form(forms):
    assert table_after(forms[0], "Sign-off") == [["Name", "Title", "Signature", "Date"],
                                                 ["Jonas Weber", "Head of Partnerships", "", ""]]


def test_no_template_tag_survives(forms):
    for form in forms:
        text = "\n".join(lines(form))
        assert "{{" not in text and "{%" not in text and "}}" not in text, form.name


# --------------------------------------------------------------------------- user text, exactly


TRICKY = [
    'Smith & Sons <b>"quoted"</b> \'single\'',
    "{{ 7*7 }} and {% if x %}y{% endif %} and {# note #}",
    "docxtpl's own escapes {_{ }_} {_% %_} and {_{_{",
    "two\nlines\tand a tab",
    "emoji 🤝🏽 and العربية and עברית",
]


def test_user_text_comes_out_exactly_as_typed(example_terms, tmp_path):
    goals = [example_terms.goals[0].model_copy(update={"description": text, "metric": text + " m",
                                                       "target": text + " t"}) for text in TRICKY]
    alliance = example_terms.alliance.model_copy(update={"name": TRICKY[0] + " " + TRICKY[1]})
    terms = example_terms.model_copy(update={"goals": goals, "alliance": alliance})
    for form in write_forms(terms, tmp_path, period="Y1-Q1"):
        rows = table_after(form, "5  Progress")
        assert [row[0] for row in rows[1:]] == TRICKY
        assert [row[2] for row in rows[1:]] == [text + " m" for text in TRICKY]
        assert [row[3] for row in rows[1:]] == [text + " t" for text in TRICKY]
        assert Document(form).paragraphs[1].text.startswith(alliance.name)


def test_control_characters_are_removed_not_fatal(example_terms, tmp_path):
    goal = example_terms.goals[0].model_copy(update={"metric": "pasted\x0bfrom\x01Word"})
    terms = example_terms.model_copy(update={"goals": [goal]})
    form = write_forms(terms, tmp_path, period="Y1-Q1")[0]
    assert table_after(form, "5  Progress")[1][2] == "pastedfromWord"


# --------------------------------------------------------------------------- regenerating


def test_changing_a_goal_target_changes_that_row_in_every_form_and_nothing_else(example_file, tmp_path):
    before = write_forms(load_terms(example_file), tmp_path / "before", period="Y1-Q2")
    text = example_file.read_text(encoding="utf-8")
    assert text.count('target: "8"') == 1
    example_file.write_text(text.replace('target: "8"', 'target: "10 & rising"'), encoding="utf-8")
    after = write_forms(load_terms(example_file), tmp_path / "after", period="Y1-Q2")
    assert [p.name for p in before] == [p.name for p in after]
    for old, new in zip(before, after):
        old_lines, new_lines = lines(old), lines(new)
        changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
        assert len(old_lines) == len(new_lines)
        assert changed == [(
            "Win deals against suites that bundle forecasting | Tidewater | competitive deals won with "
            "Retail Insight | 8 | first 12 months |  | ",
            "Win deals against suites that bundle forecasting | Tidewater | competitive deals won with "
            "Retail Insight | 10 & rising | first 12 months |  | ",
        )], old.name


def _style_dir(tmp_path: Path, template: str, paragraph: str) -> Path:
    """A firm's --style-dir: the built-in `template` with `paragraph` added at its end."""
    style = tmp_path / "style"
    style.mkdir()
    document = Document(package_file("templates", template))
    document.add_paragraph(paragraph)
    document.save(style / template)
    return style


def test_a_failed_render_leaves_existing_forms_alone(example_terms, tmp_path):
    good = write_forms(example_terms, tmp_path, period="Y1-Q1")
    stamps = {p: p.read_bytes() for p in good}
    style = _style_dir(tmp_path, "rvu-long.docx", "{{ no_such_value }}")
    with pytest.raises(RenderError) as caught:
        write_forms(example_terms, tmp_path, period="Y1-Q1", style_dir=style)
    assert "no_such_value" in str(caught.value) and caught.value.file == style / "rvu-long.docx"
    assert {p: p.read_bytes() for p in good} == stamps  # not even the short forms were rewritten


def test_a_firms_own_template_is_used(example_terms, tmp_path):
    style = _style_dir(tmp_path, "rvu-short.docx", "Return to alliances@firm.example — {{ recipient.name }}")
    written = write_forms(example_terms, tmp_path / "out", period="Y1-Q1", style_dir=style)
    assert "Return to alliances@firm.example — Tidewater" in lines(written[0])
    assert "Return to alliances@firm.example" not in "\n".join(lines(written[1]))  # long forms: built-in


def test_a_template_cannot_reach_python_internals(example_terms, tmp_path):
    style = _style_dir(tmp_path, "rvu-short.docx", "{{ alliance_name.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(RenderError):
        write_forms(example_terms, tmp_path / "out", period="Y1-Q1", style_dir=style)


# --------------------------------------------------------------------------- the command


def test_rvu_command_writes_only_the_forms(example_file, tmp_path):
    out = tmp_path / "packet"
    out.mkdir()
    agreement = out / "agreement.docx"
    agreement.write_bytes(b"a lawyer's edited draft")
    result = CliRunner().invoke(main, ["rvu", str(example_file), "-o", str(out), "--period", "y2-q1"])
    assert result.exit_code == 0, result.output
    written = sorted((out / "rvu").iterdir())
    assert [p.name for p in written] == sorted(f"Y2-Q1-{n}.docx" for n in (
        "larkspur-short", "larkspur-long", "larkspur-sales-long", "larkspur-product-long",
        "tidewater-short", "tidewater-long"))
    assert all(str(p) in result.stdout for p in written)
    assert agreement.read_bytes() == b"a lawyer's edited draft"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["agreement.docx", "rvu"]


@pytest.mark.parametrize("args, message", [
    (["--period", "Y9-Q1"], "there is no review period 'Y9-Q1'"),
    (["--period", "Y3-Q1"], "periods run from Y1-Q1 to Y2-Q4"),
    (["--department", "legal"], "there is no department 'legal'"),
])
def test_rvu_command_bad_input_exits_1_with_a_message(example_file, tmp_path, args, message):
    result = CliRunner().invoke(main, ["rvu", str(example_file), "-o", str(tmp_path / "out"), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert str(example_file) in result.output  # names the answers file
    assert "Traceback" not in result.output and not isinstance(result.exception, AgreementBuilderError)
    assert not (tmp_path / "out" / "rvu").exists()


def test_rvu_command_refuses_an_rvu_folder_that_is_a_file(example_file, tmp_path):
    blocker = tmp_path / "out" / "rvu"
    blocker.parent.mkdir()
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["rvu", str(example_file), "-o", str(tmp_path / "out"), "--period", "Y1-Q1"])
    assert result.exit_code == 1 and "cannot write the review forms" in result.output
    assert "Traceback" not in result.output
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_rvu_command_warns_about_removed_control_characters(example_file, tmp_path):
    text = example_file.read_text(encoding="utf-8").replace("target: \"12\"", "target: \"12\\x0b\"")
    example_file.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["rvu", str(example_file), "-o", str(tmp_path / "out"), "--period", "Y1-Q1"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "goals[0].target" in result.output


def test_rvu_command_reports_a_broken_answers_file(tmp_path):
    bad = tmp_path / "deal.yaml"
    bad.write_text("partners: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rvu", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output


# --------------------------------------------------------------------------- LibreOffice


@pytest.mark.parametrize("index", [0, 2], ids=["short", "department-long"])
def test_libreoffice_converts_the_forms(forms, to_pdf, pdf_text, index):
    text = pdf_text(to_pdf(forms[index]))
    assert "Relationship Value Update" in text and "Sign-off" in text
    assert "{{" not in text


# --------------------------------------------------------------------------- agreement and forms agree


def _day(text: str) -> dt.date:
    """A date as the documents print it: "1 Jan 2027" in tables, "1 January 2027" in forms."""
    text = text.strip().replace("Sept ", "Sep ")  # CLDR's British abbreviation; strptime knows "Sep"
    for pattern in ("%d %b %Y", "%d %B %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise AssertionError(f"not a date: {text!r}")


@pytest.mark.parametrize("cadence", ["quarterly", "semi_annual"])
def test_agreement_review_calendar_and_forms_agree_on_every_date(example_terms, tmp_path, cadence):
    from agreement_builder.pipeline import render_packet
    from agreement_builder.terms.model import ReviewCadence

    terms = with_reviews(example_terms, cadence=ReviewCadence(cadence))
    render_packet(terms, tmp_path / "packet", period="Y1-Q1" if cadence == "quarterly" else "Y1-H1")
    labels = [p.label for p in review_periods(terms)]
    # The review calendar is the table whose first column lists exactly the period labels.
    tables = [[[c.text for c in row.cells] for row in table.rows]
              for table in Document(tmp_path / "packet" / "agreement.docx").tables]
    calendar = next(rows for rows in tables if [row[0].split("\n")[0] for row in rows[1:]] == labels)
    for row in calendar[1:]:
        label = row[0].split("\n")[0]
        form = write_forms(terms, tmp_path / label, period=label, department="sales")[0]
        text = {line.split(" | ")[0]: line.split(" | ", 1)[1] for line in lines(form) if " | " in line}
        stated, dates = text["Review period"].split(": ")
        start, end = dates.split(" to ")
        assert stated == label
        assert (_day(start), _day(end), _day(text["Send by"])) == (_day(row[1]), _day(row[2]), _day(row[3])), label


def test_committed_templates_match_their_script(tmp_path):
    """The .docx templates are built by scripts/make_rvu_templates.py; a hand edit to one must go there too."""
    import importlib.util
    import zipfile

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_rvu_templates.py"
    spec = importlib.util.spec_from_file_location("make_rvu_templates", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in ("rvu-short.docx", "rvu-long.docx"):
        for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml"):
            with zipfile.ZipFile(tmp_path / name) as fresh, zipfile.ZipFile(package_file("templates", name)) as kept:
                assert fresh.read(part) == kept.read(part), f"{name} {part}: run scripts/make_rvu_templates.py"


def test_a_firms_template_that_is_not_word_is_reported(example_file, tmp_path):
    from helpers import assert_reported, run

    own = tmp_path / "own"
    own.mkdir()
    (own / "rvu-short.docx").write_text("not a Word file")
    result = run("rvu", example_file, "-o", tmp_path / "out", "--style-dir", own)
    assert_reported(result)
    assert "rvu-short.docx" in result.output and "Word" in result.output
    assert not (tmp_path / "out" / "rvu").exists() or not any((tmp_path / "out" / "rvu").iterdir())


# --------------------------------------------------------------------------- rendering fast, same result

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _table(grid: int, rows: list[str]) -> str:
    cols = "".join('<w:gridCol w:w="1000"/>' for _ in range(grid))
    return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _row(cells: int, span: int | None = None) -> str:
    first = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr></w:tc>' if span else "<w:tc/>"
    return "<w:tr>" + first + "<w:tc/>" * (cells - 1) + "</w:tr>"


@pytest.mark.parametrize("body", [
    _table(3, [_row(3), _row(3)]),  # fits: nothing to do
    _table(2, [_row(3), _row(2)]),  # a row wider than the grid
    _table(4, [_row(2), _row(3)]),  # every row narrower
    _table(3, [_row(2, span=2), _row(3)]),  # a cell spanning columns
    _table(3, []),  # no rows
    _table(2, [_row(2)]) + _table(2, [_row(1)]),  # the second table needs fixing
])
def test_table_grids_are_fixed_exactly_as_docxtpl_fixes_them(body, tmp_path):
    from docxtpl import DocxTemplate
    from lxml import etree

    from agreement_builder.rvu.forms import _FormTemplate

    xml = f"<w:body {W}>{body}</w:body>"
    ours = _FormTemplate(tmp_path / "unused.docx").fix_tables(xml)
    theirs = DocxTemplate(tmp_path / "unused.docx").fix_tables(xml)
    assert etree.tostring(ours) == etree.tostring(theirs)


def test_breaks_in_text_are_resolved_exactly_as_docxtpl_resolves_them(tmp_path):
    from docxtpl import DocxTemplate

    from agreement_builder.rvu.forms import _FormTemplate

    paragraphs = ['<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>two\nlines\tand a tab</w:t>'
                  '</w:r></w:p>', '<w:p w:rsidR="1"><w:r><w:t>plain</w:t></w:r></w:p>',
                  '<w:p><w:r><w:t xml:space="preserve">bell\a and feed\f</w:t></w:r></w:p>']
    for xml in ["".join(paragraphs), paragraphs[1], ""]:
        xml = f"<w:body {W}>{xml}</w:body>"
        assert (_FormTemplate(tmp_path / "x.docx").resolve_listing(xml)
                == DocxTemplate(tmp_path / "x.docx").resolve_listing(xml))


def test_the_forms_of_a_build_read_and_compile_each_template_once(example_terms, tmp_path, monkeypatch):
    from jinja2 import Environment

    reads, compiled = [], []
    read_bytes, compile_ = Path.read_bytes, Environment.compile
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or read_bytes(self))
    monkeypatch.setattr(Environment, "compile",
                        lambda self, source, *a, **k: compiled.append(source) or compile_(self, source, *a, **k))
    terms = with_reviews(example_terms, form_length=FormLength.BOTH, per_department=True)
    written = write_forms(terms, tmp_path, period="Y1-Q1")
    assert len(written) == 6  # two short, two long, two department forms (long)
    assert sorted(r for r in reads if r.startswith("rvu-")) == ["rvu-long.docx", "rvu-short.docx"]
    assert len(compiled) == len(set(compiled))  # no template part compiled twice


# --------------------------------------------------------------------------- the compiled templates cache


@pytest.fixture
def template_cache(tmp_path, monkeypatch):
    """An empty cache folder, and no cache kept in this process; returns the folder."""
    from agreement_builder.library import templates

    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(templates, "_CACHE", None)
    return tmp_path / "cache"


def _parts(paths: list[Path]) -> dict[str, bytes]:
    import zipfile

    parts = {}
    for path in paths:
        with zipfile.ZipFile(path) as package:
            parts.update({f"{path.name}/{name}": package.read(name) for name in package.namelist()})
    return parts


def test_the_built_in_templates_are_compiled_once_then_read_from_the_cache(example_terms, tmp_path, monkeypatch,
                                                                          template_cache):
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    from agreement_builder.library import templates

    first = _parts(write_forms(example_terms, tmp_path / "first", period="Y1-Q1"))
    assert [f.name.split("-")[0] for f in template_cache.glob("*")] == ["templates"]
    monkeypatch.setattr(templates, "_CACHE", None)  # as a new process
    work = []
    monkeypatch.setattr(Environment, "compile", lambda *a, **k: work.append("compile"))
    monkeypatch.setattr(DocxTemplate, "patch_xml", lambda *a, **k: work.append("patch"))
    again = _parts(write_forms(example_terms, tmp_path / "again", period="Y1-Q1"))
    assert work == [] and again == first


def test_a_firms_own_template_is_never_kept_in_the_cache(example_terms, tmp_path, template_cache):
    style = _style_dir(tmp_path, "rvu-short.docx", "Firm-only wording {{ recipient.name }}")
    written = write_forms(example_terms, tmp_path / "out", period="Y1-Q1", style_dir=style)
    assert "Firm-only wording Tidewater" in lines(written[0])
    [cached] = template_cache.glob("templates-*")  # the built-in long form's parts
    assert b"Firm-only" not in cached.read_bytes()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "folder open to others"])
def test_a_damaged_or_untrusted_templates_cache_is_ignored(example_terms, tmp_path, monkeypatch, template_cache,
                                                           damage):
    import os

    from agreement_builder.library import templates

    first = _parts(write_forms(example_terms, tmp_path / "first", period="Y1-Q1"))
    [cached] = template_cache.glob("templates-*")
    data = cached.read_bytes()
    if damage == "garbage":
        cached.write_bytes(data[:200] + b"\x00\xff" * 500)
    elif damage == "truncated":
        cached.write_bytes(data[: len(data) // 2])
    elif hasattr(os, "getuid"):
        os.chmod(template_cache, 0o777)
    monkeypatch.setattr(templates, "_CACHE", None)
    assert _parts(write_forms(example_terms, tmp_path / "again", period="Y1-Q1")) == first


@pytest.mark.parametrize("description", ["Grow the joint pipeline", 'Text with xmlns:w="urn:x" in it'])
def test_a_form_is_exactly_what_docxtpl_itself_makes(example_terms, tmp_path, description):
    # The forms skip or redo some of docxtpl's steps (see _FormTemplate); the result must not change.
    import io

    from docxtpl import DocxTemplate

    from agreement_builder.document.page_setup import apply_conventions
    from agreement_builder.library.sandbox import document_environment, literal_values
    from agreement_builder.rvu.context import form_context
    from agreement_builder.rvu.forms import plan_forms, render_form, template_for
    from agreement_builder.terms.governing_law import drafting_conventions

    goals = [goal.model_copy(update={"description": description}) for goal in example_terms.goals]
    terms = example_terms.model_copy(update={"goals": goals})
    period = find_period(terms, "Y1-Q1")
    for spec in plan_forms(terms)[:2]:
        theirs = DocxTemplate(str(template_for(spec.length)))
        context = literal_values(form_context(terms, period, spec))
        theirs.render(context, jinja_env=document_environment(), autoescape=True)
        # The paper and language tag of the deal's law, which the forms set after docxtpl's work.
        apply_conventions(theirs.docx, drafting_conventions(terms.disputes.governing_law))
        buffer = io.BytesIO()
        theirs.save(buffer)
        (tmp_path / "ours").mkdir(exist_ok=True)
        (tmp_path / "theirs").mkdir(exist_ok=True)
        (tmp_path / "ours" / "form.docx").write_bytes(render_form(terms, period, spec))
        (tmp_path / "theirs" / "form.docx").write_bytes(buffer.getvalue())
        assert _parts([tmp_path / "ours" / "form.docx"]) == _parts([tmp_path / "theirs" / "form.docx"])
