"""Build the relationship health survey template with python-docx, in the review forms' house style.

    python scripts/make_health_template.py     # rewrites agreement_builder/data/templates/health-survey.docx

Like the review forms (scripts/make_rvu_templates.py, whose helpers this uses),
the .docx is committed, rendered with docxtpl, and may be restyled in Word.
Every Jinja tag reads a value that `agreement_builder/health/survey.py` puts in
the context; every answer box is a content control made by
`agreement_builder/health/controls.py`, so `report` can read it back.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_rvu_templates import (  # noqa: E402  (the sibling script's helpers)
    HEADER_FILL,
    HINT,
    LABEL_FILL,
    OUT,
    box,
    heading,
    keep_together,
    loop_row,
    note,
    row_props,
    set_widths,
    setup,
    table,
    write,
)

from agreement_builder.document.docx_parts import shade  # noqa: E402
from agreement_builder.health.controls import control_xml  # noqa: E402

NAME = "health-survey.docx"
SCORE = "{{ placeholders.score }}"
TEXT = "{{ placeholders.text }}"


def masthead(doc) -> None:
    doc.add_paragraph("Relationship Health Survey", style="Title")
    sub = doc.add_paragraph()
    sub.paragraph_format.space_after = Pt(6)
    run = sub.add_run("{{ alliance_name }}")
    run.font.size, run.bold = Pt(12), True
    sub.add_run("  ·  survey {{ period.label }}").font.color.rgb = HINT

    widths = [4.0, 13.4]
    t = table(doc, widths)
    rows = [
        ("Answered by", "{{ sender.legal_name }} ({{ sender.name }}){{ sender.unit_suffix }}"),
        ("Completed by", "{{ signer.name }}, {{ signer.title }}"),
        ("About working with", "{{ recipient.legal_name }} ({{ recipient.name }})"),
        ("Survey period", "{{ period.label }}: {{ period.start }} to {{ period.end }}"),
        ("Send by", "{{ period.due }}"),
    ]
    for label, value in rows:
        row = t.add_row()
        row_props(row)
        shade(row.cells[0], LABEL_FILL)
        write(row.cells[0], label, bold=True)
        write(row.cells[1], value, size=10, bold=label in ("Survey period", "Send by"))
    row = t.add_row()
    row_props(row)
    shade(row.cells[0], LABEL_FILL)
    write(row.cells[0], "Form reference", bold=True)
    for index, (tag, value) in enumerate((("form:reference", "{{ reference }}"), ("form:alliance", "{{ alliance_name }}"))):
        paragraph = row.cells[1].add_paragraph() if index else row.cells[1].paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph._p.append(parse_xml(control_xml(tag, value, filled=True)))
    write(row.cells[1], "Leave the reference and the alliance's name as they are: they tell agreement-builder "
                        "whose answers these are.", italic=True, size=8, color=HINT, new_paragraph=True)
    set_widths(t, widths)
    note(doc, "{{ sender.name }}'s people who work on the alliance rate how often each statement was true of the "
              "relationship with {{ recipient.name }} during the survey period, from 1 to 5: "
              "{% for word in scale %}{{ loop.index }} {{ word }}{% if not loop.last %}, {% endif %}{% endfor %}. "
              "Type the score in its grey box and add an example in the comment: what happened, when, and who was "
              "involved. {{ recipient.name }} answers the same survey about {{ sender.name }}; the alliance "
              "managers compare the two and talk first about the statements where the scores differ most.")


def rating_table(doc, loop: str, first_column: str, label_tags: list[tuple[str, bool]]) -> None:
    widths = [7.6, 1.4, 8.4]
    t = table(doc, widths, header=[first_column, "1–5", "Comment or example"])
    loop_row(t, loop)
    row = t.add_row()
    row_props(row, min_height_cm=1.2)
    shade(row.cells[1], HEADER_FILL)
    for index, (text, small_heading) in enumerate(label_tags):
        if small_heading:
            write(row.cells[0], text, bold=True, size=8, color=HINT, new_paragraph=index > 0)
        else:
            write(row.cells[0], text, size=9, new_paragraph=index > 0)
    box(row.cells[1], "{{ item.tag }}:score", SCORE)
    box(row.cells[2], "{{ item.tag }}:comment", TEXT, multiline=True)
    loop_row(t, "{%tr endfor %}")
    set_widths(t, widths)


def open_question(doc, prompt: str, tag: str) -> None:
    widths = [17.4]
    t = table(doc, widths)
    row = t.add_row()
    row_props(row, min_height_cm=2.6)
    write(row.cells[0], prompt, italic=True, size=8.5, color=HINT)
    box(row.cells[0], tag, TEXT, multiline=True, new_paragraph=True)
    set_widths(t, widths)


def sign_off(doc) -> None:
    heading(doc, "Sign-off")
    widths = [4.6, 4.6, 5.0, 3.2]
    t = table(doc, widths, header=["Name", "Title", "Signature", "Date"])
    row = t.add_row()
    row_props(row, min_height_cm=1.3)
    write(row.cells[0], "{{ signer.name }}")
    write(row.cells[1], "{{ signer.title }}")
    set_widths(t, widths)
    keep_together(t)


def survey() -> Document:
    doc = Document()
    setup(doc)
    footer = doc.sections[0].footer.paragraphs[0]
    for run in footer.runs:
        if "Relationship Value Update" in run.text:
            run.text = ("{{ alliance_name }} · Relationship Health Survey {{ period.label }} · "
                        "{{ sender.name }}{{ sender.unit_suffix }} about {{ recipient.name }} · page ")
    masthead(doc)
    heading(doc, "1  The behaviours we agreed")
    note(doc, "The behaviours both partners agreed, when they made the alliance, are signs of a healthy "
              "relationship.")
    rating_table(doc, "{%tr for item in behaviours %}", "Behaviour",
                 [("{{ item.number }}. {{ item.text }}", False)])
    heading(doc, "2  Trust, communication and value")
    note(doc, "The same statements in every alliance's survey, so the partners can compare one period with "
              "the next.")
    rating_table(doc, "{%tr for item in items %}", "Statement",
                 [("{{ item.group }}", True), ("{{ item.text }}", False)])
    heading(doc, "3  Between the reviews")
    open_question(doc, "What should {{ recipient.name }} start, stop or keep doing? Say it here as you would "
                       "say it over coffee; a quick word between the formal reviews is part of the deal.",
                  "general:message")
    open_question(doc, "What will {{ sender.name }} do for {{ recipient.name }} in the next period before asking "
                       "for anything in return?", "general:give")
    sign_off(doc)
    return doc


def main(out: Path = OUT) -> int:
    out.mkdir(parents=True, exist_ok=True)
    doc = survey()
    core = doc.core_properties
    core.title, core.author, core.comments = "Relationship Health Survey", "agreement-builder", ""
    doc.save(out / NAME)
    print(f"wrote {out / NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
