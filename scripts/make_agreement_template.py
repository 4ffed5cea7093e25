"""Make agreement_builder/data/templates/agreement.docx, the house-style template.

Run once after changing the house style, and commit the .docx it writes:

    python scripts/make_agreement_template.py

The template holds everything a firm may want to restyle in Word: fonts,
paragraph styles, page size and margins, the header (a docxtpl template:
alliance name, "Draft", version and date, or a status) and the footer (Page X of Y). It
also holds the clause numbering: one multi-level list (1 / 1.1 / (a)) linked
to the styles "Heading 1", "Clause Level 2" and "Clause Level 3", so a lawyer
who inserts a clause in Word gets the rest renumbered. The agreement builder
only applies these styles; it never formats text itself.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "agreement_builder" / "data" / "templates" / "agreement.docx"

FONT = "Arial"
INK = RGBColor(0x1F, 0x1F, 0x1F)
ACCENT = RGBColor(0x1B, 0x36, 0x5D)  # dark navy for titles and table heads
NUMBERING_ID = 90  # the clause list's w:numId (and w:abstractNumId)

# (level, number format, text, style id, left indent cm, hanging cm)
LEVELS = [
    (0, "decimal", "%1", "Heading1", 1.25, 1.25),
    (1, "decimal", "%1.%2", "ClauseLevel2", 1.25, 1.25),
    (2, "lowerLetter", "(%3)", "ClauseLevel3", 2.5, 1.25),
]


def twips(cm: float) -> int:
    return int(round(cm * 567))


def numbering_xml() -> str:
    levels = []
    for level in range(9):
        if level < len(LEVELS):
            _, fmt, text, style, left, hanging = LEVELS[level]
            style_xml = f'<w:pStyle w:val="{style}"/>'
        else:  # unused deeper levels, present because Word expects nine
            fmt, text, style_xml, left, hanging = "lowerRoman", f"(%{level + 1})", "", 2.5 + 1.25 * (level - 2), 1.25
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{style_xml}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{twips(left)}"/></w:tabs>'
            f'<w:ind w:left="{twips(left)}" w:hanging="{twips(hanging)}"/></w:pPr></w:lvl>')
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUMBERING_ID}">'
            f'<w:multiLevelType w:val="multilevel"/><w:name w:val="Agreement Clauses"/>{"".join(levels)}'
            f'</w:abstractNum>')


def add_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    for old in numbering.findall(qn("w:abstractNum")) + numbering.findall(qn("w:num")):
        numbering.remove(old)
    numbering.append(parse_xml(numbering_xml()))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{NUMBERING_ID}">'
                               f'<w:abstractNumId w:val="{NUMBERING_ID}"/></w:num>'))


def link_numbering(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    ilvl = f'<w:ilvl w:val="{level}"/>' if level else ""
    ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}>{ilvl}<w:numId w:val="{NUMBERING_ID}"/></w:numPr>'))


def outline_level(style, level: int) -> None:
    """Shown in Word's navigation pane without being numbered."""
    ppr = style.element.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>'))


def paragraph_style(document, name: str, base: str = "Normal", *, size: float | None = None, bold: bool | None = None,
                    before: float = 0, after: float = 6, colour: RGBColor | None = None, keep_next: bool = False,
                    align=None, caps: bool = False):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles[base]
    style.quick_style = True
    font = style.font
    font.name = FONT
    fonts = style.element.rPr.find(qn("w:rFonts"))
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the house font
    font.size = Pt(size) if size else None
    font.bold = bold
    font.italic = False
    font.all_caps = caps
    font.color.rgb = colour or INK
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.keep_with_next = keep_next
    if align is not None:
        fmt.alignment = align
    return style


def compatibility(document) -> None:
    """Justified lines ending in a line break (addresses) are not stretched."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = parse_xml(f'<w:compat {nsdecls("w")}/>')
        settings.append(compat)
    compat.insert(0, parse_xml(f'<w:doNotExpandShiftReturn {nsdecls("w")}/>'))


def field_runs(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin/instruction/separate/result/end runs."""
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{shown}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def make() -> Path:
    document = Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)

    normal = paragraph_style(document, "Normal", size=10.5, after=6)
    normal.paragraph_format.line_spacing = 1.15
    paragraph_style(document, "Heading 1", size=10.5, bold=True, before=14, after=6, keep_next=True, caps=True)
    paragraph_style(document, "Clause Level 2", after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph_style(document, "Clause Level 3", after=4, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    plain = paragraph_style(document, "Clause Text", after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    plain.paragraph_format.left_indent = Cm(1.25)
    unnumbered = paragraph_style(document, "Heading Unnumbered", size=10.5, bold=True, before=14, after=6,
                                 keep_next=True, caps=True)
    outline_level(unnumbered, 0)
    schedule = paragraph_style(document, "Schedule Title", size=12, bold=True, after=4, keep_next=True,
                               colour=ACCENT, align=WD_ALIGN_PARAGRAPH.CENTER)
    schedule.paragraph_format.page_break_before = True
    outline_level(schedule, 0)
    paragraph_style(document, "Schedule Subtitle", size=11, bold=True, after=12, keep_next=True,
                    colour=ACCENT, align=WD_ALIGN_PARAGRAPH.CENTER, caps=True)
    paragraph_style(document, "Title", size=24, bold=True, before=36, after=12, colour=ACCENT,
                    align=WD_ALIGN_PARAGRAPH.CENTER, caps=True)
    paragraph_style(document, "Subtitle", size=14, after=6, colour=ACCENT, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(document, "Cover Text", size=10.5, after=4, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(document, "Cover Heading", size=10.5, bold=True, before=16, after=6, colour=ACCENT,
                    keep_next=True, caps=True)
    paragraph_style(document, "Table Text", size=9, after=2).paragraph_format.line_spacing = 1.0
    paragraph_style(document, "Table Heading", "Table Text", size=9, bold=True, after=2,
                    colour=RGBColor(0xFF, 0xFF, 0xFF))
    paragraph_style(document, "Signature Text", after=10).paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        style = paragraph_style(document, name, size=8, after=0, colour=RGBColor(0x55, 0x55, 0x55))
        tabs = style.element.pPr.find(qn("w:tabs"))
        if tabs is not None:  # the default centre/right stops would fight the header's own
            style.element.pPr.remove(tabs)
    compatibility(document)

    add_numbering(document)
    link_numbering(document.styles["Heading 1"], 0)
    link_numbering(document.styles["Clause Level 2"], 1)
    link_numbering(document.styles["Clause Level 3"], 2)

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.different_first_page_header_footer = True  # the cover page stays clean

    # The header is a docxtpl template: the builder fills in these names.
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    width = section.page_width - section.left_margin - section.right_margin
    header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    # `status` replaces "Draft vN" once the agreement is a conformed copy or an amended and restated one.
    header.add_run("{{ alliance_name }}\t{% if status %}{{ status }}{% else %}Draft{% if version %} {{ version }}"
                   "{% endif %}{% endif %} · {{ date }}")

    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    field_runs(footer, "PAGE", "1")
    footer.add_run(" of ")
    field_runs(footer, "NUMPAGES", "1")

    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.core_properties.title = "Alliance agreement"
    document.core_properties.author = "agreement-builder"
    document.save(OUT)
    return OUT


if __name__ == "__main__":
    print(make(), file=sys.stderr)
