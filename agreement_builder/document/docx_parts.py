"""Small python-docx building blocks the agreement is made of.

python-docx has no API for fields, bookmarks or table shading; these helpers
write the few WordprocessingML elements needed, and nothing else.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from lxml.etree import LxmlError, SubElement

from ..errors import RenderError


def open_template(path: Path, *, field: str | None = None, hint: str = "save it from Word as a .docx file",
                  data: bytes | None = None, kind: type[DocxTemplate] = DocxTemplate) -> DocxTemplate:
    """A Word template, opened now: a file that is not a .docx is reported, not a traceback.

    docxtpl opens its file lazily, at render time; opening it here keeps the
    error next to the file it is about. `data`: the file's bytes, already read
    (`path` then only names it in messages); `kind`: a DocxTemplate subclass.
    """
    try:
        template = kind(io.BytesIO(data) if data is not None else str(path))
        template.init_docx()
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError, LxmlError) as exc:
        raise RenderError(f"is not a Word document ({exc})", file=path, field=field, hint=hint) from None
    return template


_T, _BR, _TAB, _R = qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:r")
_SPACE = qn("xml:space")
_PIECES = re.compile(r"(\r\n|\r|\n|\t)")


def add_text(paragraph: Paragraph | CT_P, text: str, *, bold: bool = False) -> None:
    """A run of `text` at the end of a paragraph (python-docx's or its w:p element): newlines
    become line breaks, tabs become tabs.

    Built with lxml directly (what python-docx's run.text does, without its
    per-element lookups): the agreement has a few thousand runs.
    """
    run = SubElement(paragraph._p if isinstance(paragraph, Paragraph) else paragraph, _R)
    if bold:
        SubElement(SubElement(run, qn("w:rPr")), qn("w:b"))
    for piece in _PIECES.split(text):
        if not piece:
            continue
        if piece == "\t":
            SubElement(run, _TAB)
        elif piece in ("\n", "\r", "\r\n"):
            SubElement(run, _BR)
        else:
            t = SubElement(run, _T)
            t.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                t.set(_SPACE, "preserve")


_PPR, _PSTYLE, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")


def set_style(p: CT_P, style_id: str) -> None:
    """The paragraph style of a w:p, as python-docx's `p.get_or_add_pPr().style = style_id` sets it.

    Written directly: python-docx looks up its schema's element order on every
    call, which was a fifth of the agreement's time. pPr is a paragraph's first
    child and pStyle the first of pPr's, so each goes in front when it is new.
    """
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = p.makeelement(_PPR)  # what OxmlElement makes, without its per-call namespace parsing
        p.insert(0, ppr)
    pstyle = ppr.find(_PSTYLE)
    if pstyle is None:
        pstyle = ppr.makeelement(_PSTYLE)
        ppr.insert(0, pstyle)
    pstyle.set(_VAL, style_id)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (REF, PAGE...) whose cached result is `shown`.

    Word recalculates the result; LibreOffice and python-docx show the cached
    one, so it must already be right.
    """
    def fld_char(kind: str):
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    paragraph._p.append(fld_char("begin"))
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run.append(instr)
    paragraph._p.append(instr_run)
    paragraph._p.append(fld_char("separate"))
    paragraph.add_run(shown)
    paragraph._p.append(fld_char("end"))


_BOOKMARK_CHARS = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(key: str) -> str:
    """A hidden Word bookmark name (leading underscore, at most 40 characters)."""
    name = "_Ref_" + _BOOKMARK_CHARS.sub("_", key)
    # Word cuts names at 40 characters; a long sub-clause key keeps a digest of the whole so two stay apart.
    return name if len(name) <= 40 else name[:31] + "_" + hashlib.sha1(key.encode()).hexdigest()[:8]


class Bookmarks:
    """Hands out bookmark ids, unique within one document."""

    def __init__(self):
        self._next = 100

    def wrap(self, paragraph: Paragraph, name: str) -> None:
        """Bookmark the whole content of `paragraph` (after its properties)."""
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._next))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._next))
        self._next += 1
        p = paragraph._p
        ppr = p.find(qn("w:pPr"))
        p.insert(0 if ppr is None else 1, start)
        p.append(end)


def shade(cell: _Cell | CT_Tc, fill: str) -> None:
    """Fill a table cell (python-docx's, or its w:tc element) with a colour."""
    tcpr = (cell._tc if isinstance(cell, _Cell) else cell).get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def repeat_header(table: Table) -> None:
    """The first row repeats at the top of every page the table runs onto."""
    trpr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def no_borders(table: Table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tblpr.append(borders)
