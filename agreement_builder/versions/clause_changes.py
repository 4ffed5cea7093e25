"""What changed in the agreement since the signed version, paragraph by paragraph and row by row.

The signed agreement and the new one are paired through the identities every
generated paragraph and table row carries from version to version
(identity.py), not by a text diff of the whole documents: a paragraph keeps
its identity when its words or its number change. Each paragraph and row is
placed as a reader cites it (clause 14.4, clause 14.4(a), goal 2 of
Schedule 1), in each version's own numbering; amending_provisions.py turns
what changed into the provisions of an amendment.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from ..document.docx_text import paragraph_numbers
from ..document.layout import layout
from .identity import Unit, plain_text, units

_P, _TC, _TR, _TRPR, _TBLHEADER = qn("w:p"), qn("w:tc"), qn("w:tr"), qn("w:trPr"), qn("w:tblHeader")


@dataclass(eq=False)
class Spot:
    """Where a paragraph or row stands in one version, and what a provision calls it."""

    unit: Unit
    region: str  # cover, section (an unnumbered part such as Parties), clauses, signatures, schedule
    kind: str  # heading, para, item, text, schedule_title, schedule_text, row
    number: str = ""  # "14", "14.4", "14.4(a)"; a schedule's "Schedule 3"
    title: str = ""  # a clause heading's words; a section's or schedule's title
    schedule: str = ""  # the schedule's name in the layout (goals, payments...); "" if none
    row: int = 0  # a row's place among the rows of its table, heading row left out
    cells: list[str] = field(default_factory=list)
    header: list[str] | None = None  # the heading row of a row's table
    following: Spot | None = None  # the next paragraph or row of the same version

    @property
    def text(self) -> str:
        return plain_text(self.unit.element)


def spots(document) -> list[Spot]:
    """Every paragraph and row of the body, with its place, in order."""
    styles = {s.style_id: s.name for s in document.styles}
    numbers = {p._p: n.rstrip(".") for p, n in paragraph_numbers(document)}
    by_element = {u.element: u for u in units(document.element.body)}
    schedule_names = {text["title"]: name for name, text in layout()["schedules"].items()
                      if isinstance(text, dict) and "title" in text}
    found: list[Spot] = []
    region, clause, paragraph, title, schedule, schedule_name = "cover", "", "", "", "", ""
    for child in document.element.body:
        if child.tag == _P:
            style = styles.get(child.pPr.style if child.pPr is not None else None, "")
            number = numbers.get(child, "")
            words = plain_text(child)
            if style == "Heading 1":
                region, clause, paragraph, title = "clauses", number, number, words
                found.append(Spot(by_element[child], region, "heading", number, words))
                continue
            if style == "Heading Unnumbered":
                region = "signatures" if child.getnext() is not None and child.getnext().tag != _P else "section"
                title = words
            elif style == "Schedule Title":
                region, schedule, schedule_name = "schedule", words, ""
                found.append(Spot(by_element[child], region, "schedule_title", schedule, words))
                continue
            elif style == "Schedule Subtitle" and region == "schedule":
                schedule_name = schedule_names.get(words, "")
            if region == "clauses" and number:
                if "." in number:
                    paragraph = number
                    found.append(Spot(by_element[child], region, "para", number, title))
                else:
                    found.append(Spot(by_element[child], region, "item", paragraph + number, title))
                continue
            kind = "schedule_text" if region == "schedule" else "text"
            found.append(Spot(by_element[child], region, kind, schedule if region == "schedule" else clause,
                              title, schedule_name))
        elif child.tag == qn("w:tbl"):
            rows = list(child.iterchildren(_TR))
            header = _cells(rows[0]) if rows and _is_header(rows[0]) else None
            for n, tr in enumerate(rows[1:] if header else rows, 1):
                found.append(Spot(by_element[tr], region, "row", schedule, title, schedule_name, n, _cells(tr),
                                  header))
    for spot, after in zip(found, found[1:]):
        spot.following = after
    return found


def _is_header(tr: etree._Element) -> bool:
    props = tr.find(_TRPR)
    return props is not None and props.find(_TBLHEADER) is not None


def _cells(tr: etree._Element) -> list[str]:
    return ["\n".join(plain_text(p) for p in tc.iter(_P)).strip() for tc in tr.iterchildren(_TC)]


# --------------------------------------------------------------------------- pairing


@dataclass
class Step:
    kind: str  # changed, deleted, inserted
    old: Spot | None = None
    new: Spot | None = None
    after: Spot | None = None  # an insertion: the signed paragraph it follows


def steps(signed: list[Spot], new: list[Spot]) -> list[Step]:
    """The two versions walked side by side by identity: what changed, went or came, in document order."""
    new_ids = {_key(s) for s in new}
    signed_ids = {_key(s) for s in signed}
    found: list[Step] = []
    i = j = 0
    anchor: Spot | None = None
    while i < len(signed) or j < len(new):
        old = signed[i] if i < len(signed) else None
        now = new[j] if j < len(new) else None
        if old is not None and (_key(old) not in new_ids or now is None):
            found.append(Step("deleted", old=old))
            anchor, i = old, i + 1
        elif now is not None and (_key(now) not in signed_ids or old is None):
            found.append(Step("inserted", new=now, after=anchor))
            j += 1
        elif _key(old) == _key(now):
            if old.unit.text != now.unit.text:
                found.append(Step("changed", old=old, new=now))
            anchor, i, j = old, i + 1, j + 1
        else:  # moved: the two orders disagree; the signed one goes here, the new one comes where it is
            signed_ids.discard(_key(old))
            new_ids.discard(_key(old))
    return found


def _key(spot: Spot) -> str:
    """A paragraph's identity; one a lawyer added (merged in with `build --merge`) has none, and is the same
    paragraph in both versions when its words are."""
    return spot.unit.id or "\0" + spot.unit.text
