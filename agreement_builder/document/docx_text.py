"""The text of a .docx as a reader sees it, list numbers included ("12.3 ...").

python-docx gives paragraph text without the numbers Word draws from its
list definitions; this module works the numbers out from numbering.xml and
the styles they are linked to, the way Word does, so a golden file or a
summary of changes can say "clause 12.3".
"""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def _roman(n: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter past z: aa, bb, ...
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS = {
    "decimal": str,
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class _Numbering:
    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str]]] = {}  # numId -> ilvl -> (format, text)
        self.by_style: dict[str, tuple[str, int]] = {}  # style id -> (numId, ilvl)
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {}
        for node in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                levels[int(lvl.get(qn("w:ilvl")))] = (fmt.get(qn("w:val")) if fmt is not None else "decimal",
                                                     text.get(qn("w:val")) if text is not None else "")
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})
        for style in document.styles.element.findall(qn("w:style")):
            numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None and numpr.find(qn("w:numId")) is not None:
                ilvl = numpr.find(qn("w:ilvl"))
                self.by_style[style.get(qn("w:styleId"))] = (numpr.find(qn("w:numId")).get(qn("w:val")),
                                                             int(ilvl.get(qn("w:val"))) if ilvl is not None else 0)

    def label(self, paragraph: Paragraph) -> str:
        ppr = paragraph._p.pPr
        style_id = ppr.style if ppr is not None else None
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is not None and numpr.find(qn("w:numId")) is not None:
            ilvl = numpr.find(qn("w:ilvl"))
            num_id, level = numpr.find(qn("w:numId")).get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        elif style_id in self.by_style:
            num_id, level = self.by_style[style_id]
        else:
            return ""
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        text = levels[level][1]
        for n in range(level + 1, 0, -1):
            fmt = levels.get(n - 1, ("decimal", ""))[0]
            text = text.replace(f"%{n}", _FORMATS.get(fmt, str)(max(counters[n - 1], 1)))
        return text


def _open(source: Path | bytes | object):
    if isinstance(source, (bytes, bytearray)):
        return Document(io.BytesIO(source))
    if isinstance(source, (str, Path)):
        return Document(str(source))
    return source


def paragraph_numbers(source: Path | bytes | object) -> list[tuple[Paragraph, str]]:
    """Every top-level paragraph with the list number Word shows for it ("" if none)."""
    document = _open(source)
    numbering = _Numbering(document)
    return [(p, numbering.label(p)) for p in document.paragraphs]


def document_text(source: Path | bytes | object) -> str:
    """One line per paragraph (number, a tab, the text); table rows as cells joined by " | "."""
    document = _open(source)
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            label = numbering.label(block)
            lines.append(f"{label}\t{block.text}" if label else block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines) + "\n"
