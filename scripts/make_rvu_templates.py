"""Build the two Relationship Value Update templates with python-docx.

    python scripts/make_rvu_templates.py        # rewrites agreement_builder/data/templates/rvu-*.docx

The .docx files are the templates the tool ships and renders with docxtpl;
they are committed, and a firm may restyle or reword them in Word (or point
`style_dir` at its own copies). This script is how the built-in ones are
made, so a change to the form's wording or layout is a reviewable diff here.

Every Jinja tag below reads a value from the context that
`agreement_builder/rvu/context.py` builds; the names are listed there.
User text only ever arrives through those values, never through this file.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from agreement_builder import vocabulary
from agreement_builder.document.docx_parts import shade
from agreement_builder.health.controls import control_xml

OUT = Path(__file__).resolve().parent.parent / "agreement_builder" / "data" / "templates"

INK = RGBColor(0x1F, 0x2A, 0x37)
ACCENT = RGBColor(0x1D, 0x5C, 0x74)
HINT = RGBColor(0x6B, 0x72, 0x80)
HEADER_FILL = "DCE8EE"
LABEL_FILL = "F1F5F7"
FONT = "Arial"

# The eight themes the long form breaks each value section into: (theme, prompt).
# Prompts are questions a manager can answer with facts, not adjectives.
THEMES = [
    ("Core competency", "How did the alliance strengthen, or free time for, what the company does best?"),
    ("Synergies", "Where did the two sets of strengths combined achieve more than either alone?"),
    ("Cost reduction", "Which costs fell because of the alliance, and by roughly how much?"),
    ("Less duplicated effort", "Which work is no longer done twice, by both companies?"),
    ("Innovations", "New products, features, services or ways of working that came out of it."),
    ("New markets", "Customers, segments or regions reached that were out of reach before."),
    ("Competitive situations overcome", "Deals won or threats fended off together; name them."),
    ("Other benefits", "Anything else of value: reputation, skills learned, relationships, referrals."),
]
# Partners that also compete send each other these forms: no prompt may ask one competitor to tell the
# other its customers, prices or costs (competitively sensitive information), so those prompts differ.
COMPETITOR_PROMPTS = {
    "Cost reduction": "Which work became simpler or faster because of the alliance? Describe it without costs, "
                      "prices or margins.",
    "New markets": "Segments or regions the alliance's joint work reached, without naming customers.",
    "Competitive situations overcome": "Joint proposals won or lost, without naming customers or giving prices.",
}


# What an empty answer box shows; `report` reads a box still showing it as empty.
PLACEHOLDERS = vocabulary.words("health", "placeholders")


def theme_key(theme: str) -> str:
    """A theme's part of its boxes' tags: "Less duplicated effort" -> "less-duplicated-effort"."""
    return theme.lower().replace(" ", "-")


# --------------------------------------------------------------------------- low-level helpers


def box(cell, tag: str, placeholder: str = PLACEHOLDERS["text"], *, multiline: bool = False,
        new_paragraph: bool = False) -> None:
    """An answer box in `cell`: a content control tagged `tag` (agreement_builder/health/controls.py)."""
    paragraph = cell.add_paragraph() if new_paragraph else cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph._p.append(parse_xml(control_xml(tag, placeholder, multiline=multiline)))



def row_props(row, *, min_height_cm: float | None = None, header: bool = False) -> None:
    """Rows never split across pages; header rows repeat on each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    if min_height_cm:
        row.height = Cm(min_height_cm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def cell_margins(table, top=80, bottom=80, side=100) -> None:
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("left", side), ("bottom", bottom), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    # Schema order: tblCellMar comes just before tblLook (Word is strict about order).
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(mar)
    else:
        tbl_pr.append(mar)


def write(cell, text: str, *, bold=False, italic=False, size=9, color=INK, new_paragraph=False):
    paragraph = cell.add_paragraph() if new_paragraph else cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.color.rgb = color
    return paragraph


def table(doc, widths_cm: list[float], header: list[str] | None = None):
    t = doc.add_table(rows=0, cols=len(widths_cm))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    cell_margins(t)
    if header:
        row = t.add_row()
        row_props(row, header=True)
        for cell, text in zip(row.cells, header):
            shade(cell, HEADER_FILL)
            write(cell, text, bold=True, size=8.5)
    return t


def set_widths(t, widths_cm: list[float]) -> None:
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word reads those)."""
    for col, width in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in t.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def keep_together(t) -> None:
    """Keep a short table on one page: every row but the last keeps with the next."""
    for row in t.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def loop_row(t, tag: str) -> None:
    """A row holding only a docxtpl `{%tr ... %}` tag; docxtpl removes the row itself."""
    row = t.add_row()
    write(row.cells[0], tag)


def heading(doc, text: str) -> None:
    doc.add_paragraph(text, style="Heading 1")


def note(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(3)
    p.paragraph_format.space_after = Pt(4)
    run = p.add_run(text)
    run.italic = True
    run.font.size = Pt(8.5)
    run.font.color.rgb = HINT


def plain(doc, text: str) -> None:
    doc.add_paragraph(text)


def page_number_field(paragraph) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(7.5)
    run.font.color.rgb = HINT
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


# --------------------------------------------------------------------------- styles and page


def setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin, section.bottom_margin = Cm(1.6), Cm(1.6)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.font.size = Pt(10)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(4)

    title = styles["Title"]
    title.font.name, title.font.size, title.font.bold = FONT, Pt(20), True
    title.font.color.rgb = ACCENT
    title.paragraph_format.space_after = Pt(0)
    # The built-in Title carries a bottom border; a form reads cleaner without it.
    for border in title.element.xpath(".//w:pBdr"):
        border.getparent().remove(border)

    h1 = styles["Heading 1"]
    h1.font.name, h1.font.size, h1.font.bold = FONT, Pt(12.5), True
    h1.font.color.rgb = ACCENT
    h1.paragraph_format.space_before = Pt(12)
    h1.paragraph_format.space_after = Pt(4)
    h1.paragraph_format.keep_with_next = True

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = footer.add_run("{{ alliance_name }} · Relationship Value Update {{ period.label }} · "
                         "{{ sender.name }}{{ sender.unit_suffix }} to {{ recipient.name }} · page ")
    run.font.size = Pt(7.5)
    run.font.color.rgb = HINT
    page_number_field(footer)


# --------------------------------------------------------------------------- the form's parts


def masthead(doc, kind: str) -> None:
    doc.add_paragraph("Relationship Value Update", style="Title")
    sub = doc.add_paragraph()
    run = sub.add_run("{{ alliance_name }}")
    run.font.size, run.bold = Pt(12), True
    sub.add_run(f"  ·  {kind}").font.color.rgb = HINT

    t = table(doc, [4.0, 13.4])
    rows = [
        ("From", "{{ sender.legal_name }} ({{ sender.name }}){{ sender.unit_suffix }}"),
        ("Completed by", "{{ signer.name }}, {{ signer.title }}"),
        ("To", "{{ recipient.legal_name }} ({{ recipient.name }})"),
        ("For the attention of", "{{ recipient.attention }}"),
        ("Review period", "{{ period.label }}: {{ period.start }} to {{ period.end }}"),
        ("Send by", "{{ period.due }}"),
    ]
    for label, value in rows:
        row = t.add_row()
        row_props(row)
        shade(row.cells[0], LABEL_FILL)
        write(row.cells[0], label, bold=True)
        write(row.cells[1], value, size=10, bold=label in ("Review period", "Send by"))
    row = t.add_row()
    row_props(row)
    shade(row.cells[0], LABEL_FILL)
    write(row.cells[0], "Form reference", bold=True)
    for index, (tag, value) in enumerate((("form:reference", "{{ reference }}"), ("form:alliance", "{{ alliance_name }}"))):
        paragraph = row.cells[1].add_paragraph() if index else row.cells[1].paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph._p.append(parse_xml(control_xml(tag, value, filled=True)))
    write(row.cells[1], "Type your answers in the grey boxes, and leave the reference and the alliance's name as "
                        "they are: they tell agreement-builder whose answers these are.",
          italic=True, size=8, color=HINT, new_paragraph=True)
    set_widths(t, [4.0, 13.4])
    note(doc, "{{ sender.name }} completes this form about the review period above and sends it to "
              "{{ recipient.name }} by the date shown; {{ recipient.name }} sends one back. "
              "{% if competitors %}Write facts and examples about the joint work rather than impressions. "
              "You also compete: name no customers and give no prices, costs, margins or bids of your own "
              "business. Every box grows as you type.{% else %}"
              "Write facts and examples rather than impressions: figures, customer names and dates "
              "help the other side act on what you say. Every box grows as you type.{% endif %}")


def open_box(doc, prompt: str, height_cm: float, tag: str) -> None:
    t = table(doc, [17.4])
    row = t.add_row()
    row_props(row, min_height_cm=height_cm)
    write(row.cells[0], prompt, italic=True, size=8.5, color=HINT)
    box(row.cells[0], tag, multiline=True, new_paragraph=True)
    set_widths(t, [17.4])


def theme_table(doc, whose: str, prefix: str) -> None:
    t = table(doc, [5.6, 11.8], header=["Theme", f"What {whose} gained, with examples"])
    for theme, prompt in THEMES:
        row = t.add_row()
        row_props(row, min_height_cm=1.9)
        shade(row.cells[0], LABEL_FILL)
        write(row.cells[0], theme, bold=True)
        if theme in COMPETITOR_PROMPTS:
            prompt = f"{{% if competitors %}}{COMPETITOR_PROMPTS[theme]}{{% else %}}{prompt}{{% endif %}}"
        write(row.cells[0], prompt, italic=True, size=8, color=HINT, new_paragraph=True)
        box(row.cells[1], f"{prefix}:{theme_key(theme)}", multiline=True)
    set_widths(t, [5.6, 11.8])


def steps_table(doc, prefix: str, rows: int = 4) -> None:
    widths = [10.4, 3.8, 3.2]
    t = table(doc, widths, header=["Step", "Who", "By when"])
    for number in range(1, rows + 1):
        row = t.add_row()
        row_props(row, min_height_cm=1.0)
        for cell, part in zip(row.cells, ("step", "who", "when")):
            box(cell, f"{prefix}-{number}:{part}", multiline=part == "step")
    set_widths(t, widths)
    keep_together(t)


def goals_section(doc, number: int) -> None:
    heading(doc, f"{number}  Progress on the alliance's goals")
    note(doc, "The goals as the agreement sets them. Record where each one stands at the end of the "
              "period and rate it: 1 far off track, 2 behind, 3 on track, 4 ahead, 5 already met.")
    widths = [3.8, 2.0, 3.0, 2.0, 2.0, 3.6, 1.0]
    t = table(doc, widths, header=["Goal", "Owner", "Metric", "Target", "Timeframe",
                                   "Status at period end", "1–5"])
    loop_row(t, "{%tr for goal in goals %}")
    row = t.add_row()
    row_props(row, min_height_cm=1.3)
    for cell, tag in zip(row.cells, ["{{ goal.description }}", "{{ goal.owner }}", "{{ goal.metric }}",
                                     "{{ goal.target }}", "{{ goal.timeframe }}"]):
        write(cell, tag, size=8.5)
    box(row.cells[5], "goal-{{ loop.index }}:status", multiline=True)
    box(row.cells[6], "goal-{{ loop.index }}:rating", PLACEHOLDERS["score"])
    loop_row(t, "{%tr endfor %}")
    set_widths(t, widths)


def commitments_section(doc, number: int) -> None:
    heading(doc, f"{number}  Commitments due in this period")
    plain(doc, "{%p if deliverables %}")
    note(doc, "Deliverables the agreement dates between {{ period.start }} and {{ period.end }}. "
              "Say whether each arrived on time, late or not yet, and what happens next.")
    widths = [2.3, 4.6, 4.6, 2.2, 3.7]
    t = table(doc, widths, header=["Partner", "Commitment", "Deliverable", "Deadline",
                                   "Delivered? Notes"])
    loop_row(t, "{%tr for item in deliverables %}")
    row = t.add_row()
    row_props(row, min_height_cm=1.2)
    for cell, tag in zip(row.cells, ["{{ item.partner }}", "{{ item.commitment }}", "{{ item.description }}",
                                     "{{ item.deadline }}"]):
        write(cell, tag, size=8.5)
    box(row.cells[4], "{{ item.tag }}:delivered", PLACEHOLDERS["delivered"])
    box(row.cells[4], "{{ item.tag }}:notes", multiline=True, new_paragraph=True)
    loop_row(t, "{%tr endfor %}")
    set_widths(t, widths)
    plain(doc, "{%p else %}")
    note(doc, "No deliverable in the agreement falls due between {{ period.start }} and {{ period.end }}. "
              "Use the improvement sections for anything delivered early or still outstanding.")
    plain(doc, "{%p endif %}")


def metrics_section(doc, number: int) -> None:
    plain(doc, "{%p if success_metrics %}")
    heading(doc, f"{number}  Success metrics")
    note(doc, "The figures both partners agreed to report in every review.")
    widths = [6.4, 4.0, 7.0]
    t = table(doc, widths, header=["Metric", "This period", "Comment"])
    loop_row(t, "{%tr for metric in success_metrics %}")
    row = t.add_row()
    row_props(row, min_height_cm=0.9)
    write(row.cells[0], "{{ metric }}", size=8.5)
    box(row.cells[1], "metric-{{ loop.index }}:value")
    box(row.cells[2], "metric-{{ loop.index }}:comment", multiline=True)
    loop_row(t, "{%tr endfor %}")
    set_widths(t, widths)
    plain(doc, "{%p endif %}")


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


# --------------------------------------------------------------------------- the two forms


def short_form() -> Document:
    doc = Document()
    setup(doc)
    masthead(doc, "Short form")
    heading(doc, "1  Value {{ sender.name }} has received from the alliance")
    open_box(doc, "{% if competitors %}Results of the joint work, know-how, new ways of working (no customer "
                  "names, prices or costs){% else %}Results, savings, customers, know-how{% endif %}: what has "
                  "the alliance brought {{ sender.name }} this period?", 5.0, "value:received")
    heading(doc, "2  Value we believe {{ recipient.name }} has received")
    open_box(doc, "What do we think {{ recipient.name }} has gained from working with us? "
                  "It may not match their own view; that is the point of asking.", 5.0, "value:given")
    shared_sections(doc)
    return doc


def shared_sections(doc) -> None:
    """Sections 3 to 7 and the sign-off: the same in the short and the long form."""
    heading(doc, "3  Improvement steps {{ sender.name }} will take")
    steps_table(doc, "steps-ours")
    heading(doc, "4  Improvement steps we would like {{ recipient.name }} to take")
    steps_table(doc, "steps-theirs")
    goals_section(doc, 5)
    commitments_section(doc, 6)
    metrics_section(doc, 7)
    sign_off(doc)


def long_form() -> Document:
    doc = Document()
    setup(doc)
    masthead(doc, "Long form")
    heading(doc, "1  Value {{ sender.name }} has received from the alliance")
    theme_table(doc, "{{ sender.name }}", "value-received")
    heading(doc, "2  Value we believe {{ recipient.name }} has received")
    theme_table(doc, "{{ recipient.name }}", "value-given")
    shared_sections(doc)
    return doc


def main(out: Path = OUT) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, build in (("rvu-short.docx", short_form), ("rvu-long.docx", long_form)):
        doc = build()
        core = doc.core_properties
        core.title, core.author, core.comments = "Relationship Value Update", "agreement-builder", ""
        doc.save(out / name)
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
