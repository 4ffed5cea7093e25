"""Every paragraph and table row of a generated agreement carries an identity, so a merge can find it again.

The identity is a hidden Word bookmark (`_AB` and a number) at the start of
the paragraph, or of the first cell of the row. Word and LibreOffice keep
bookmarks when they open and save a document, and move them with the text, so
a lawyer's edited copy still says which generated paragraph each of its
paragraphs came from. A paragraph the lawyer adds has none (Word never copies
a bookmark name), and one they delete takes its bookmark with it.

Identities are stable across versions: a new version takes over the number of
each paragraph of the previous generated version it matches (aligned by
text, as difflib aligns lines), and numbers the rest after the highest.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

from docx.oxml.ns import qn
from lxml import etree

PREFIX = "_AB"
FIRST_BOOKMARK_ID = 1_000_000  # above the ids the generator gives the clause headings' bookmarks
PAIRING_WINDOW = 40  # how far ahead a changed paragraph's counterpart is looked for

_P, _TR, _TBL, _TC = qn("w:p"), qn("w:tr"), qn("w:tbl"), qn("w:tc")
_START, _END, _NAME, _ID = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:name"), qn("w:id")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_FLD, _FLDTYPE, _INSTR = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")
_PPR, _PSTYLE, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_TYPE, _SECTPR, _TABS = qn("w:type"), qn("w:sectPr"), qn("w:tabs")
_DELETED = {qn("w:del"), qn("w:moveFrom")}


@dataclass(eq=False)
class Unit:
    """A paragraph of the body, or a row of a table of the body."""

    element: etree._Element
    id: str | None
    table: etree._Element | None  # the w:tbl of a row
    text: str  # what it says, with a cross-reference as its target, not its shown number

    @property
    def is_row(self) -> bool:
        return self.table is not None


def units(body: etree._Element, *, everything: bool = False) -> list[Unit]:
    """The body's paragraphs and table rows, in order (tables nested in cells stay inside their row).
    `everything`: also whatever else a lawyer's copy holds at the top level (a content control, a
    bookmark between paragraphs), as units without identity, so a merge keeps them too."""
    found = []
    for child in body:
        if child.tag == _P:
            found.append(Unit(child, identity(child), None, text_of(child)))
        elif child.tag == _TBL:
            found += [Unit(tr, identity(tr), child, text_of(tr)) for tr in child.iterchildren(_TR)]
        elif everything and child.tag != _SECTPR and isinstance(child.tag, str):
            found.append(Unit(child, None, None, text_of(child)))
    return found


def identity(element: etree._Element) -> str | None:
    for start in element.iter(_START):
        name = start.get(_NAME, "")
        if name.startswith(PREFIX) and name[len(PREFIX):].isdigit():
            return name
    return None


def text_of(element: etree._Element) -> str:
    """The text as accepted (deleted text left out), with its paragraph style and a mark between cells,
    and each field written as its instruction ("⟦REF _Ref_fees⟧", "⟦PAGE⟧") rather than the result it
    shows, so a renumbered cross-reference or a page count alone is no change."""
    parts: list[str] = []
    instruction: list[str] | None = None  # inside a field, before its separator: its instruction
    hiding = False  # past a field's separator: the result it shows
    for node in element.iter(_T, _TAB, _BR, _CR, _FLD, _INSTR, _TC, _PSTYLE):
        if any(a.tag in _DELETED for a in node.iterancestors()):
            continue
        if node.tag == _FLD:
            kind = node.get(_FLDTYPE)
            if kind == "begin":
                instruction, hiding = [], False
            elif kind in ("separate", "end") and instruction is not None:
                parts.append("⟦" + " ".join(" ".join(instruction).split()[:2]) + "⟧")
                instruction, hiding = None, kind == "separate"
            elif kind == "end":
                hiding = False
        elif node.tag == _INSTR:
            if instruction is not None:
                instruction.append(node.text or "")
        elif hiding or node.get(_TYPE) in ("page", "column") or node.getparent().tag == _TABS:
            continue  # a field's shown result, a break of layout, a tab stop: no text
        elif node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        elif node.tag == _TC:
            parts.append("¦")
        elif node.tag == _PSTYLE:
            parts.append(f"§{node.get(_VAL)}§")
        else:
            parts.append("\n")
    return "".join(parts)


def plain_text(element: etree._Element) -> str:
    """The text a reader sees (cross-references as their numbers), for messages and comments."""
    pieces = []
    for node in element.iter(_T, _TAB, _BR, _TC):
        if (any(a.tag in _DELETED for a in node.iterancestors()) or node.get(_TYPE) in ("page", "column")
                or node.getparent().tag == _TABS):
            continue
        pieces.append((node.text or "") if node.tag == _T else "\n" if node.tag == _BR else " ")
    return "".join(pieces).strip()


def number_of(name: str | None) -> int:
    return int(name[len(PREFIX):]) if name else 0


def set_identity(element: etree._Element, name: str, bookmark_id: int) -> None:
    """Put (or replace) the identity bookmark at the start of a paragraph, or of a row's first paragraph."""
    for start in list(element.iter(_START)):
        if start.get(_NAME, "").startswith(PREFIX):
            old = start.get(_ID)
            for end in list(element.iter(_END)):
                if end.get(_ID) == old:
                    end.getparent().remove(end)
            start.getparent().remove(start)
    p = element if element.tag == _P else next(element.iter(_P), None)
    if p is None:
        return
    start = p.makeelement(_START, {_ID: str(bookmark_id), _NAME: name})
    end = p.makeelement(_END, {_ID: str(bookmark_id)})
    at = 1 if len(p) and p[0].tag == _PPR else 0
    p.insert(at, end)
    p.insert(at, start)


def mark(body: etree._Element, previous: list[Unit] | None = None) -> list[Unit]:
    """Give every paragraph and row of `body` its identity: the one of the `previous` generated version's
    paragraph it matches, or a new number after theirs. Returns the body's units."""
    found = units(body)
    previous = [u for u in previous or [] if u.id]
    taken = dict(zip(found, match(previous, found)))
    next_number = max((number_of(u.id) for u in previous), default=0) + 1
    used: set[str] = set()
    for n, unit in enumerate(found):
        name = taken.get(unit)
        if name is None or name in used:
            name, next_number = f"{PREFIX}{next_number}", next_number + 1
        used.add(name)
        set_identity(unit.element, name, FIRST_BOOKMARK_ID + n)
        unit.id = name
    return found


def match(old: list[Unit], new: list[Unit]) -> list[str | None]:
    """For each of `new`, the id of the unit of `old` it continues, or None: equal text first (difflib's
    alignment), then, inside each changed stretch, the most alike in order."""
    result: list[str | None] = [None] * len(new)
    keys_old = [_key(u) for u in old]
    keys_new = [_key(u) for u in new]
    matcher = difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                result[j1 + k] = old[i1 + k].id
        elif tag == "replace":
            for i, j in pair_alike(old[i1:i2], new[j1:j2]):
                result[j1 + j] = old[i1 + i].id
    return result


def _key(unit: Unit) -> str:
    return ("row:" if unit.is_row else "p:") + unit.text


def pair_alike(old: list[Unit], new: list[Unit]) -> Iterable[tuple[int, int]]:
    """Pairs (i, j), increasing in both, of paragraphs alike enough to be one paragraph changed. Each is
    looked for among the next few after the last pair, so a long stretch costs time in proportion."""
    start = 0
    for i, a in enumerate(old):
        best, best_j = 0.5, None
        for j in range(start, min(len(new), start + PAIRING_WINDOW)):
            b = new[j]
            if a.is_row != b.is_row:
                continue
            alike = difflib.SequenceMatcher(None, a.text, b.text, autojunk=False)
            if alike.real_quick_ratio() > best and alike.quick_ratio() > best:
                ratio = alike.ratio()
                if ratio > best:
                    best, best_j = ratio, j
        if best_j is not None:
            yield i, best_j
            start = best_j + 1
