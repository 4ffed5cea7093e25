"""The merged agreement, written into the lawyer's own document.

The lawyer's copy is the container (its styles, page set-up, headers, comments
and settings stay); its body is laid anew from the merge's decisions: the
lawyer's own paragraphs and rows move into place, the new terms' ones are
brought over with their style names mapped to the lawyer's style ids (a round
trip through LibreOffice may rename ids). Rows go back into tables, the
lawyer's table where the row was theirs before; a paragraph the lawyer put
between two rows of one table follows that table. Conflicts become Word
comments, and every cross-reference shows the new version's number.
"""
from __future__ import annotations

import copy
import io
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from .. import vocabulary
from ..document.docx_text import paragraph_numbers
from .identity import Unit, identity, set_identity, text_of

if TYPE_CHECKING:
    from .merge import Conflict

AUTHOR, INITIALS = "agreement-builder", "AB"
_P, _TR, _TBL, _R, _T = qn("w:p"), qn("w:tr"), qn("w:tbl"), qn("w:r"), qn("w:t")
_SECTPR, _VAL, _ID, _PPR = qn("w:sectPr"), qn("w:val"), qn("w:id"), qn("w:pPr")
_TC, _TCPR = qn("w:tc"), qn("w:tcPr")
_STYLE_REFS = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
_BOOKMARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
_FLD, _FLDTYPE, _INSTR = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")


class MergedBody:
    def __init__(self, ours_doc, theirs_doc):
        self.doc = ours_doc
        self.body = ours_doc.element.body
        self.theirs_doc = theirs_doc
        self.items: list[tuple[etree._Element, object, etree._Element | None]] = []  # element, table key, shell
        self.comments: list[tuple[etree._Element, Conflict]] = []
        self.styles = _style_map(theirs_doc, ours_doc)
        self.table_keys: dict[int, object] = {}  # the lawyer's table -> the key its rows are grouped by
        self.next_bookmark = 1 + max((int(b.get(_ID)) for b in self.body.iter(*_BOOKMARKS)
                                      if (b.get(_ID) or "").isdigit()), default=0)

    def add_yours(self, unit: Unit, comment: Conflict | None = None) -> None:
        key = None
        if unit.is_row:
            key = self.table_keys.get(id(unit.table))
            if key is None:
                key = self.items[-1][1] if self.items and self.items[-1][1] is not None else ("yours", id(unit.table))
                self.table_keys[id(unit.table)] = key
        if unit.id and identity(unit.element) != unit.id:  # a retyped paragraph, known again by its text
            set_identity(unit.element, unit.id, self.next_bookmark)
            self.next_bookmark += 1
        self._add(unit.element, key, unit.table, comment)

    def add_new(self, unit: Unit, comment: Conflict | None = None, like: Unit | None = None) -> None:
        """A paragraph or row of the new version; `like`: the lawyer's copy of it, whose paragraph
        formatting (style, numbering, indents, as their word processor wrote them) it takes on."""
        element = unit.element
        if like is not None and element.tag == _P and like.element.tag == _P:
            theirs_ppr, ours_ppr = element.find(_PPR), like.element.find(_PPR)
            if theirs_ppr is not None:
                element.remove(theirs_ppr)
            if ours_ppr is not None:
                element.insert(0, copy.deepcopy(ours_ppr))
        self._adopt(element)
        self._add(element, ("new", id(unit.table)) if unit.is_row else None, unit.table, comment)

    def _adopt(self, element: etree._Element) -> None:
        """Content of the new version made at home in the lawyer's document: its style names mapped to the
        lawyer's style ids, its bookmarks numbered apart from theirs."""
        for node in element.iter(*_STYLE_REFS):
            node.set(_VAL, self.styles.get(node.get(_VAL), node.get(_VAL)))
        renumbered: dict[str, str] = {}
        for node in element.iter(*_BOOKMARKS):
            old = node.get(_ID)
            if old not in renumbered:
                renumbered[old], self.next_bookmark = str(self.next_bookmark), self.next_bookmark + 1
            node.set(_ID, renumbered[old])

    def add_yours_for(self, mine: Unit, new: Unit, comment: Conflict | None = None) -> None:
        """The lawyer's row standing for the new terms' row: grouped with the new table's rows."""
        if mine.is_row and new.is_row:
            self.table_keys.setdefault(id(mine.table), ("new", id(new.table)))
        self.add_yours(mine, comment)

    def merge_cells(self, old: Unit, mine: Unit, new: Unit) -> list[int] | None:
        """Merge a row both sides changed cell by cell, into the lawyer's row: a cell only the new terms
        changed takes their content. Returns the cells both changed (the new content shown), or None
        when the rows no longer have the same cells."""
        cells = [list(unit.element.iterchildren(_TC)) for unit in (old, mine, new)]
        if len({len(row) for row in cells}) != 1:
            return None
        clashes = []
        for n, (was, ours, theirs) in enumerate(zip(*cells)):
            before, after, yours = text_of(was), text_of(theirs), text_of(ours)
            if after == before or yours == after:
                continue
            if yours != before:
                clashes.append(n)
            self._adopt(theirs)
            for child in [c for c in ours if c.tag != _TCPR]:
                ours.remove(child)
            for child in [c for c in theirs if c.tag != _TCPR]:
                ours.append(child)
        return clashes

    def _add(self, element, key, table, comment) -> None:
        self.items.append((element, key, table))
        if comment is not None:
            self.comments.append((element, comment))

    def finish(self) -> None:
        sectpr = self.body[-1] if len(self.body) and self.body[-1].tag == _SECTPR else None
        for child in list(self.body):
            if child is not sectpr:
                self.body.remove(child)
        laid: list[etree._Element] = []
        shells: dict[object, etree._Element] = {}
        open_key, deferred = None, []
        for element, key, table in self.items:
            if key is None:
                (deferred if open_key is not None else laid).append(element)
                continue
            if key != open_key:
                laid += deferred
                deferred, open_key = [], key
                if key not in shells:
                    shells[key] = _empty_copy(table)
                    laid.append(shells[key])
            shells[key].append(element)
        laid += deferred
        for element in laid:
            if sectpr is not None:
                sectpr.addprevious(element)
            else:
                self.body.append(element)
        self._comment()
        _update_references(self.body, _reference_numbers(self.theirs_doc.element.body))

    def refresh_headers(self, base_doc) -> None:
        """Headers and footers the lawyer left as generated take the new version's (its version number);
        ones they changed stay theirs."""
        for ours, theirs, base in zip(self.doc.sections, self.theirs_doc.sections, base_doc.sections):
            for kind in ("header", "footer", "first_page_header", "first_page_footer", "even_page_header",
                         "even_page_footer"):
                parts = [getattr(section, kind) for section in (ours, theirs, base)]
                if any(part.is_linked_to_previous for part in parts):
                    continue  # none of its own in one of them: creating one would add what nobody wrote
                mine, new, old = (part._element for part in parts)
                if text_of(mine) == text_of(old) != text_of(new):
                    for child in list(mine):
                        mine.remove(child)
                    for child in new:
                        child = copy.deepcopy(child)
                        for node in child.iter(*_STYLE_REFS):
                            node.set(_VAL, self.styles.get(node.get(_VAL), node.get(_VAL)))
                        mine.append(child)

    def _comment(self) -> None:
        words = vocabulary.words("merge", "comments")
        for element, conflict in self.comments:
            p = element if element.tag == _P else next(element.iter(_P), None)
            if p is None:
                continue
            paragraph = Paragraph(p, self.doc._body)
            runs = paragraph.runs or [paragraph.add_run("")]
            text = words[conflict.kind].format(yours=conflict.yours, new=conflict.new)
            self.doc.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _empty_copy(table: etree._Element) -> etree._Element:
    """The table's properties and grid without its rows (which are laid into it one by one)."""
    shell = table.makeelement(table.tag, table.attrib)
    for child in table:
        if child.tag != _TR:
            shell.append(copy.deepcopy(child))
    return shell


def _style_map(theirs_doc, ours_doc) -> dict[str, str]:
    """The new version's style ids -> the lawyer's ids for the same style names."""
    ours = {s.name: s.style_id for s in ours_doc.styles}
    return {s.style_id: ours[s.name] for s in theirs_doc.styles if s.name in ours}


def _reference_numbers(body: etree._Element) -> dict[str, str]:
    """Bookmark -> the number a cross-reference to it shows in the new version."""
    shown: dict[str, str] = {}
    for name, texts in _references(body):
        shown.setdefault(name, "".join(t.text or "" for t in texts))
    return shown


def _update_references(body: etree._Element, numbers: dict[str, str]) -> None:
    """Every cross-reference shows the new number of what it points to (Word would on its next field
    update; LibreOffice and python-docx show what is cached)."""
    for name, texts in _references(body):
        if name in numbers and texts:
            texts[0].text = numbers[name]
            for t in texts[1:]:
                t.text = ""


def _references(body: etree._Element):
    """(bookmark, the w:t elements of its shown result) for each REF field."""
    name, texts, showing = None, [], False
    for node in body.iter(_FLD, _INSTR, _T):
        if node.tag == _INSTR:
            words = (node.text or "").split()
            if words[:1] == ["REF"] and len(words) > 1:
                name = words[1]
        elif node.tag == _T:
            if showing and name:
                texts.append(node)
        elif node.get(_FLDTYPE) == "begin":
            name, texts, showing = None, [], False
        elif node.get(_FLDTYPE) == "separate":
            showing = True
        elif node.get(_FLDTYPE) == "end":
            if name:
                yield name, texts
            name, texts, showing = None, [], False


def places(document, *, form: bool = False) -> dict[str, str]:
    """Identity -> where a reader finds it: "clause 7.2", "clause 7.2(a)", "Schedule 3", "the cover page";
    in a review `form`, its section's heading."""
    names = {s.style_id: s.name for s in document.styles}
    numbers = {p._p: n for p, n in paragraph_numbers(document)}
    words = vocabulary.words("merge", "places")
    here, level2, found = words["form_top" if form else "cover"], "", {}
    for child in document.element.body:
        if child.tag == _P:
            style = names.get(child.pPr.style if child.pPr is not None else None, "")
            number = numbers.get(child, "").rstrip(".")
            if number:
                if "." in number or style == "Heading 1":
                    level2 = number
                    here = vocabulary.reference_prefix("clause") + number
                else:
                    here = vocabulary.reference_prefix("clause") + level2 + number
            elif style in ("Schedule Title", "Heading Unnumbered", "Heading 1"):
                here = "".join(t.text or "" for t in child.iter(_T)).strip() or here
            found[identity(child)] = here
        elif child.tag == _TBL:
            for tr in child.iterchildren(_TR):
                found[identity(tr)] = here
    found.pop(None, None)
    return found
