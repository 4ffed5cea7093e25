"""The alliance agreement as a Word document.

The house-style template (data/templates/agreement.docx, or a firm's own via
--style) supplies styles, page setup and numbering; its header is a docxtpl
template. The body is assembled here with python-docx from the clauses the
terms select: "Heading 1" / "Clause Level 2" / "Clause Level 3" paragraphs,
numbered by the template's own multi-level list, so Word renumbers when a
lawyer inserts a clause. Cross-references are REF fields to bookmarks on the
clause headings (or on an anchored sub-clause), with the right number already shown.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from lxml import etree

from .. import conventions, formatting, vocabulary
from ..conventions import drafting
from ..errors import Problem, RenderError, Severity
from ..library.anchors import key as anchor_key
from ..library.anchors import subclause_numbers
from ..library.clauses import Clause, clause_numbers, load_library, select_clauses
from ..library.definitions_index import defined_terms
from ..library.render import Block, ClauseRef, Definition, Renderer, ScheduleRef, TermUse, Text, schedules_for
from ..library.sandbox import RENDER_ERRORS, document_environment, literal_values
from ..library.templates import template_cache
from ..resources import package_file
from ..spelling import conform
from ..terms.governing_law import drafting_conventions
from ..terms.model import Terms
from .docx_parts import (
    Bookmarks,
    add_field,
    add_text,
    bookmark_name,
    no_borders,
    open_template,
    repeat_header,
    set_style,
    shade,
)
from .layout import layout
from .limits import check_word_file
from .page_setup import apply_conventions
from .tables import TableRows, cover_tables, money_line, schedule_tables

REQUIRED_STYLES = ("Heading 1", "Clause Level 2", "Clause Level 3", "Clause Text", "Heading Unnumbered",
                   "Schedule Title", "Schedule Subtitle", "Title", "Subtitle", "Cover Text", "Cover Heading",
                   "Table Text", "Table Heading", "Signature Text")
_BODY_STYLE = {"para": "Clause Level 2", "item": "Clause Level 3"}
_P, _TR, _TC, _TCPR, _TCW, _TYPE, _W = (qn(f"w:{tag}") for tag in ("p", "tr", "tc", "tcPr", "tcW", "type", "w"))


def default_style() -> Path:
    return package_file("templates", "agreement.docx")


@dataclass
class Plan:
    """What goes into the agreement: the clauses and the numbers things are referred to by."""

    clauses: list[Clause]
    numbers: dict[str, str]  # clause id -> "12"
    schedules: dict[str, str]  # schedule name -> "3"
    defined_terms: list[tuple[str, str | None]]  # the definitions index: (term, id of the clause defining it)


def plan_agreement(terms: Terms, clauses_dir: Path | None = None) -> Plan:
    library = load_library(clauses_dir)
    chosen = select_clauses(library, terms)
    numbers = clause_numbers(chosen)
    schedules = {name: str(i) for i, name in enumerate(schedules_for(terms), 1)}
    return Plan(chosen, numbers, schedules, defined_terms(chosen, terms))


@dataclass(frozen=True)
class Marking:
    """How the cover and header mark an agreement that is more than a draft: a conformed copy ("as amended by
    Amendment No. 1") or an amended and restated agreement. The words come from data/amendment.yaml."""

    title: str | None = None  # instead of the cover's title
    cover_line: str | None = None  # a line under the parties
    status: str | None = None  # instead of the cover's draft line
    header: str | None = None  # instead of "Draft vN" in the header


def render_agreement(terms: Terms, *, clauses_dir: Path | None = None, style: Path | None = None,
                     today: dt.date | None = None, version: str | None = None, marking: Marking | None = None
                     ) -> tuple[DocxTemplate, list[Problem]]:
    """The agreement for already-cleaned `terms` (see safe_text.clean_terms), ready to save, and warnings."""
    with drafting(drafting_conventions(terms.disputes.governing_law)):
        return _render_agreement(terms, clauses_dir=clauses_dir, style=style, today=today, version=version,
                                 marking=marking)


def _render_agreement(terms: Terms, *, clauses_dir: Path | None, style: Path | None, today: dt.date | None,
                      version: str | None, marking: Marking | None) -> tuple[DocxTemplate, list[Problem]]:
    plan = plan_agreement(terms, clauses_dir)
    template = open_house_template(style, {"alliance_name": terms.alliance.name, "version": version or "",
                                           "date": formatting.date(today or dt.date.today()),
                                           "status": marking.header if marking and marking.header else ""})
    writer = BodyWriter(template.docx, terms, plan)
    writer.cover(version, today or dt.date.today(), marking)
    writer.clauses()
    writer.schedules()
    return template, writer.warnings


def open_house_template(style: Path | None, header: dict) -> DocxTemplate:
    """The house-style template (or a firm's), its header filled in with `header`, its styles checked."""
    template = _open_template(style)
    cache = template_cache()
    environment = document_environment(cache)
    environment.keep = style is None  # the built-in template's header is compiled once and for all
    try:
        template.render(literal_values(header), jinja_env=environment)
        cache.save()
    except RENDER_ERRORS as exc:  # a firm's own template with a broken or unknown tag in its header
        raise RenderError(f"the template's tags cannot be filled in: {exc}", file=style or default_style(),
                          field="--style", hint="the header may use alliance_name, version, date and status"
                          ) from None
    _check_styles(template.docx, style)
    apply_conventions(template.docx, conventions.current(), paper=style is None)
    return template


def _open_template(style: Path | None) -> DocxTemplate:
    path = Path(style) if style else default_style()
    if not path.is_file():
        raise RenderError("style template not found", file=path, field="--style",
                          hint="point --style at a .docx made from the built-in template")
    if style:
        check_word_file(path, field="--style")  # a firm's file: no zip bomb gets opened
    return open_template(path, field="--style", hint="save the template from Word as a .docx file")


def _check_styles(document, style: Path | None) -> None:
    try:
        present = {s.name for s in document.styles}
    except etree.LxmlError as exc:  # python-docx reads the styles part only now
        raise RenderError(f"its styles cannot be read: {exc}", file=style or default_style(), field="--style",
                          hint="open it in Word and save it again, or start from the built-in template") from None
    missing = [name for name in REQUIRED_STYLES if name not in present]
    if missing:
        raise RenderError(f"the style template lacks the styles {', '.join(missing)}",
                          file=style or default_style(), field="--style",
                          hint="start from agreement_builder/data/templates/agreement.docx and restyle it in Word")


def _target(ref: ClauseRef) -> str:
    return f"the sub-clause {ref.anchor!r} of the clause {ref.clause_id!r}" if ref.anchor else f"the clause {ref.clause_id!r}"


class BodyWriter:
    """Writes the body of a document in the house style: paragraphs, tables, signature blocks."""

    def __init__(self, document, terms: Terms, plan: Plan):
        self.doc, self.terms, self.plan = document, terms, plan
        self.renderer = Renderer(terms, plan.defined_terms)
        self.bookmarks = Bookmarks()
        # Looking a style up by name scans every style each time; look each up once.
        self._style_ids = {s.name: s.style_id for s in document.styles}
        self._body = document.element.body
        self._end = self._body.find(qn("w:sectPr"))
        self.warnings: list[Problem] = []

    def _style(self, paragraph: Paragraph, name: str) -> Paragraph:
        set_style(paragraph._p, self._style_ids[name])
        return paragraph

    def _para(self, style: str, text: str = "") -> Paragraph:
        # What document.add_paragraph() does (a w:p before the body's final section properties),
        # without python-docx searching the whole body for them on every paragraph.
        p = OxmlElement("w:p")
        if self._end is not None:
            self._end.addprevious(p)
        else:
            self._body.append(p)
        paragraph = self._style(Paragraph(p, self.doc._body), style)
        if text:
            add_text(paragraph, text)
        return paragraph

    # ---- cover page

    def cover(self, version: str | None, today: dt.date, marking: Marking | None = None) -> None:
        text = layout()["cover"]
        terms = self.terms
        marking = marking or Marking()
        self._para("Title", marking.title or text["title"])
        add_text(self._para("Subtitle"), terms.alliance.name)
        first, second = terms.partners
        self._para("Cover Text", text["between"])
        add_text(self._para("Cover Text"), text["party_line"].format(
            legal_name=first.legal_name, short_name=first.short_name), bold=True)
        self._para("Cover Text", text["and"])
        add_text(self._para("Cover Text"), text["party_line"].format(
            legal_name=second.legal_name, short_name=second.short_name), bold=True)
        if marking.cover_line:
            add_text(self._para("Cover Text"), marking.cover_line)
        add_text(self._para("Cover Text"), marking.status or text["draft_line"].format(
            version=f" {version}" if version else "", date=formatting.date(today)))
        for heading, table in cover_tables(terms, text):
            self._para("Cover Heading", heading)
            self._table(table, air=False)
        last = self._para("Cover Text")
        line = money_line(terms, text)
        add_text(last, line)
        last.add_run().add_break(WD_BREAK.PAGE)  # no empty paragraph that could spill onto a page of its own

    # ---- clauses

    def clauses(self) -> None:
        # Every clause is rendered before any is written: a reference to a sub-clause needs its number,
        # which only the rendered clause knows.
        rendered = {clause.id: clause.render(self.renderer) for clause in self.plan.clauses
                    if clause.meta.layout != "signatures"}
        for clause in self.plan.clauses:
            if clause.numbered:
                self.plan.numbers.update(subclause_numbers(clause.id, self.plan.numbers[clause.id], rendered[clause.id]))
        for clause in self.plan.clauses:
            if clause.meta.layout == "signatures":
                self._signatures(clause)
                continue
            numbered = clause.numbered
            heading = self._para("Heading 1" if numbered else "Heading Unnumbered")
            add_text(heading, conform(clause.meta.title))
            if numbered:
                self.bookmarks.wrap(heading, bookmark_name(clause.id))
            for block in rendered[clause.id]:
                style = _BODY_STYLE[block.kind] if numbered or block.kind == "item" else "Clause Text"
                paragraph = self._para(style)
                self._runs(paragraph, block, clause)
                if numbered and block.anchor:
                    self.bookmarks.wrap(paragraph, bookmark_name(anchor_key(clause.id, block.anchor)))

    def _signatures(self, clause: Clause, *, amendment: bool = False) -> None:
        """The signature blocks side by side; `amendment`: under an amendment, which they sign instead."""
        heading = self._para("Heading Unnumbered")
        add_text(heading, conform(clause.meta.title))
        heading.paragraph_format.page_break_before = True
        table = self.doc.add_table(rows=1, cols=len(self.terms.partners))
        no_borders(table)
        for cell, partner in zip(table.rows[0].cells, self.terms.partners):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            for block in clause.render(self.renderer, signer=partner, amendment=amendment):
                self._runs(self._style(cell.add_paragraph(), "Signature Text"), block, clause)

    def _runs(self, paragraph: Paragraph, block: Block, clause: Clause) -> None:
        for run in block.runs:
            if isinstance(run, Text):
                add_text(paragraph, run.text)
            elif isinstance(run, Definition):
                add_text(paragraph, vocabulary.defined_term(run.term), bold=True)
            elif isinstance(run, TermUse):
                add_text(paragraph, run.term)
            elif isinstance(run, ClauseRef):
                number = self.plan.numbers.get(run.key)
                if number is None:
                    # A draft with a visible gap beats no draft; the warning says where it is.
                    self.warnings.append(Problem(
                        f"clauses.{clause.id}", f"refers to {_target(run)}, which is not in this "
                        "agreement", "fix the clause library (`agreement-builder clauses lint`), or refer to a "
                        "clause the same terms include", Severity.WARNING))
                    add_text(paragraph, vocabulary.words("references", "missing_clause").format(clause_id=run.key),
                             bold=True)
                    continue
                add_field(paragraph, f"REF {bookmark_name(run.key)} \\w \\h", number)
            elif isinstance(run, ScheduleRef):
                add_text(paragraph, self.plan.schedules[run.name])

    # ---- schedules

    def schedules(self) -> None:
        text = layout()["schedules"]
        for name, table in schedule_tables(self.terms, text, self.plan.numbers):
            number = self.plan.schedules[name]
            self._para("Schedule Title", text["heading"].format(number=number))
            self._para("Schedule Subtitle", text[name]["title"])
            self._para("Normal", self._numbered(table.intro or text[name]["intro"]))
            self._table(table)

    def _numbered(self, words: str) -> str:
        """Layout wording with each {clause-id} replaced by that clause's number in this agreement."""
        return re.sub(r"\{([a-z0-9-]+)\}", lambda m: self.plan.numbers.get(m[1], m[0]), words)

    def _widths(self, table, weights: list[float]) -> list[str]:
        """Fix the table's column widths; return them as a cell's w:tcW wants them (twips)."""
        section = self.doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        table.autofit = False
        widths = [int(usable * w / sum(weights)) for w in weights]
        for column, width in zip(table.columns, widths):
            column.width = width
        return [str(Emu(width).twips) for width in widths]  # what python-docx's cell.width = width writes

    def _table(self, content: TableRows, air: bool = True) -> None:
        rows = content.rows
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        if "Table Grid" in self._style_ids:
            table._tbl.tblPr.style = self._style_ids["Table Grid"]
        widths = self._widths(table, content.widths) if content.widths else None
        heading, plain = self._style_ids["Table Heading"], self._style_ids["Table Text"]
        # Filled in one pass over the rows' XML: python-docx's `table.rows[r]` lists every row
        # on each call, which made a schedule of n goals cost n² (2,000 goals: 4 million row
        # objects), and its cell objects look up the schema on every property set.
        for r, (tr, values) in enumerate(zip(table._tbl.iterchildren(_TR), rows)):
            is_heading = content.header and r == 0
            for c, (tc, value) in enumerate(zip(tr.iterchildren(_TC), values)):
                p = tc.find(_P)
                set_style(p, heading if is_heading else plain)
                add_text(p, value, bold=not content.header and c == 0)
                if is_heading:
                    shade(tc, "1B365D")
                if widths:  # python-docx's new table has a w:tcW in every cell
                    width = tc.find(_TCPR).find(_TCW)
                    width.set(_TYPE, "dxa")
                    width.set(_W, widths[c])
        if content.header:
            repeat_header(table)
        if air:
            self._para("Table Text")  # a little air after each table
