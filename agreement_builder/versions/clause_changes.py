"""What changed in the agreement since the signed version, clause by clause: the amending provisions.

The signed agreement and the new one are paired paragraph by paragraph, and
table row by table row, through the identities every generated paragraph
carries from version to version (identity.py), not by a text diff of the
whole documents: a paragraph keeps its identity when its words or its number
change. Each unpaired or changed paragraph becomes a provision that cites
the signed agreement's clause number ("Clause 14.4 is deleted and replaced
with:"), and new text is quoted with the number it has in the agreement as
amended. The words are data (data/amendment.yaml); this module only decides
which words fit.

The cover page summarises the clauses and schedules and the signature page is
not amended, so neither gives a provision.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from ..document.docx_text import paragraph_numbers
from ..document.layout import layout
from ..vocabulary import reference_prefix
from .amendment_words import say
from .identity import Unit, plain_text, units

_P, _TC, _TR, _TRPR, _TBLHEADER = qn("w:p"), qn("w:tc"), qn("w:tr"), qn("w:trPr"), qn("w:tblHeader")
NOT_AMENDED = ("cover", "signatures")


@dataclass
class Quoted:
    """A paragraph of new text, as it reads in the agreement as amended."""

    number: str  # "14.4", "(b)", "12" for a heading; "" for text without a number
    text: str
    heading: bool = False


@dataclass
class Table:
    header: list[str] | None
    rows: list[list[str]]


@dataclass
class Provision:
    text: str
    quoted: list[Quoted] = field(default_factory=list)
    table: Table | None = None


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
    new_ids = {s.unit.id for s in new if s.unit.id}
    signed_ids = {s.unit.id for s in signed if s.unit.id}
    found: list[Step] = []
    i = j = 0
    anchor: Spot | None = None
    while i < len(signed) or j < len(new):
        old = signed[i] if i < len(signed) else None
        now = new[j] if j < len(new) else None
        if old is not None and (old.unit.id not in new_ids or now is None):
            found.append(Step("deleted", old=old))
            anchor, i = old, i + 1
        elif now is not None and (now.unit.id not in signed_ids or old is None):
            found.append(Step("inserted", new=now, after=anchor))
            j += 1
        elif old.unit.id == now.unit.id:
            if old.unit.text != now.unit.text:
                found.append(Step("changed", old=old, new=now))
            anchor, i, j = old, i + 1, j + 1
        else:  # moved: the two orders disagree; the signed one goes here, the new one comes where it is
            signed_ids.discard(old.unit.id)
            new_ids.discard(old.unit.id)
    return found


# --------------------------------------------------------------------------- provisions


def amending_provisions(signed_document, new_document) -> list[Provision]:
    """The provisions that turn the signed agreement into the new one, in the signed agreement's order."""
    todo = [s for s in steps(spots(signed_document), spots(new_document))
            if (s.old or s.new).region not in NOT_AMENDED]
    provisions: list[Provision] = []
    k = 0
    while k < len(todo):
        step = todo[k]
        run = [step]
        while (k + len(run) < len(todo) and step.kind != "changed" and todo[k + len(run)].kind in
               ("deleted", "inserted") and _same_stretch(run[-1], todo[k + len(run)])):
            run.append(todo[k + len(run)])
        k += len(run)
        provisions += _describe(run)
    return provisions


def _same_stretch(last: Step, nxt: Step) -> bool:
    """Consecutive deletions, then insertions in their place, form one change (rows: of one table)."""
    a, b = last.old or last.new, nxt.old or nxt.new
    if (a.kind == "row") != (b.kind == "row") or a.region != b.region:
        return False
    if last.kind == "inserted" and nxt.kind == "deleted":
        return False
    return a.kind != "row" or (a.number == b.number and nxt.kind == last.kind)


def _describe(run: list[Step]) -> list[Provision]:
    first = run[0].old or run[0].new
    if first.kind == "row":
        return [_row(step) for step in run]
    if first.region == "schedule" or first.kind == "schedule_title":
        return _schedule_text(run)
    if first.region == "section" or first.kind == "text":
        return [_section_text(step) for step in run if step.kind == "changed"]
    gone = [s.old for s in run if s.kind == "deleted"]
    came = [s.new for s in run if s.kind == "inserted"]
    if run[0].kind == "changed":
        old, new = run[0].old, run[0].new
        if old.kind == "heading":
            return [Provision(say("provisions", "heading", number=old.number, title=new.title))]
        return [Provision(_replaced([old]), [_quote(new)])]
    if gone and came:
        return [Provision(_replaced(gone), [_quote(s) for s in came])]
    if gone:
        return _deleted(gone)
    return [_inserted(came, run[0].after, run[-1].new)]


def _cite(spot: Spot) -> str:
    return reference_prefix("clause") + spot.number


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _replaced(gone: list[Spot]) -> str:
    place = _cite(gone[0])
    if len(gone) == 1:
        return say("provisions", "replaced", Place=_first_upper(place))
    return say("provisions", "replaced_several", Place=_first_upper(place), last=gone[-1].number)


def _deleted(gone: list[Spot]) -> list[Provision]:
    """Whole clauses deleted are named by number and heading; the rest as the paragraphs they are."""
    out, loose = [], []
    for spot in gone:
        if spot.kind == "heading":
            out.append(Provision(say("provisions", "deleted_clause", number=spot.number, title=spot.title)))
        elif not any(h.kind == "heading" and spot.number.split(".")[0] == h.number for h in gone):
            loose.append(spot)
    if len(loose) == 1:
        out.insert(0, Provision(say("provisions", "deleted", Place=_first_upper(_cite(loose[0])))))
    elif loose:
        out.insert(0, Provision(say("provisions", "deleted_several", Place=_first_upper(_cite(loose[0])), last=loose[-1].number)))
    return out


def _inserted(came: list[Spot], after: Spot | None, last: Spot) -> Provision:
    quoted = [_quote(s) for s in came]
    if came[0].kind == "heading":
        return Provision(say("provisions", "new_clause", number=came[0].number, title=came[0].title,
                             after=after.number.split(".")[0] if after else "0"), quoted)
    numbered = [s for s in came if s.kind in ("para", "item")]
    new = _cite(numbered[0]) if numbered else _cite(came[0])
    if after is None or after.kind == "heading":
        text = say("provisions", "inserted_first", new=new, place=_cite(after) if after else "")
    elif len(numbered) > 1:
        text = say("provisions", "inserted_several", new=new, last=numbered[-1].number, place=_cite(after))
    else:
        text = say("provisions", "inserted", new=new, place=_cite(after))
    if _renumbers(last):
        what = "paragraph" if last.kind == "item" else "clause"
        text += say("provisions", "renumbered", what=say("provisions", "renumbered_what", what))
    return Provision(text, quoted)


def _renumbers(last: Spot) -> bool:
    """Whether text that follows the insertion in the same clause, at the same level, now has a new number."""
    after = last.following
    if after is None or after.kind != last.kind or last.kind not in ("para", "item"):
        return False
    cut = "." if last.kind == "para" else "("
    return after.number.split(cut)[0] == last.number.split(cut)[0]


def _quote(spot: Spot) -> Quoted:
    number = spot.number if spot.kind in ("heading", "para") else spot.number[len(spot.number.split("(")[0]):]
    return Quoted(number, spot.text if spot.kind != "heading" else spot.title, spot.kind == "heading")


def _section_text(step: Step) -> Provision:
    return Provision(say("provisions", "section_paragraph", section=step.old.title, old=step.old.text,
                         new=step.new.text))


def _schedule_text(run: list[Step]) -> list[Provision]:
    out = []
    for step in run:
        if step.kind == "changed" and step.old.kind == "schedule_text":
            out.append(Provision(say("provisions", "schedule_paragraph", schedule=step.old.number,
                                     old=step.old.text, new=step.new.text)))
        elif step.kind == "inserted" and step.new.kind == "schedule_title":
            out.append(Provision(say("provisions", "new_schedule", schedule=step.new.number,
                                     title=_subtitle(step.new))))
        elif step.kind == "deleted" and step.old.kind == "schedule_title":
            out.append(Provision(say("provisions", "deleted_schedule", schedule=step.old.number,
                                     title=_subtitle(step.old))))
    return out


def _subtitle(spot: Spot) -> str:
    nxt = spot.unit.element.getnext()
    return plain_text(nxt) if nxt is not None and nxt.tag == _P else ""


def _row_name(spot: Spot) -> str:
    rows = say("provisions", "rows")
    pattern = rows[spot.schedule]["row"] if spot.schedule in rows else say("provisions", "row")
    return pattern.format(n=spot.row)


def _row(step: Step) -> Provision:
    spot = step.old or step.new
    words = dict(schedule=spot.number or spot.title)
    if spot.header is None:  # a table of labelled entries: the first cell names the entry
        label, value = spot.cells[0], "\n".join(spot.cells[1:])
        event = {"changed": "labelled_replaced", "inserted": "labelled_added", "deleted": "labelled_deleted"}
        if step.kind == "changed":
            value = "\n".join(step.new.cells[1:])
        return Provision(say("provisions", event[step.kind], label=label, value=value, **words))
    if step.kind == "deleted":
        return Provision(say("provisions", "row_deleted", row=_row_name(spot), **words))
    new = step.new
    table = Table(new.header, [new.cells])
    if step.kind == "inserted":
        if step.after is not None and step.after.kind == "row" and step.after.number == new.number:
            return Provision(say("provisions", "row_added", row=_row_name(new), after=_row_name(step.after),
                                 **words), table=table)
        return Provision(say("provisions", "row_added_first", row=_row_name(new), **words), table=table)
    old = step.old
    differ = [c for c, (a, b) in enumerate(zip(old.cells, new.cells)) if a != b]
    if len(old.cells) == len(new.cells) and len(differ) == 1:
        c = differ[0]
        columns = say("provisions", "rows").get(spot.schedule, {}).get("columns", [])
        column = columns[c] if c < len(columns) else None
        if column:
            return Provision(say("provisions", "cell", column=column, row=_row_name(old), value=new.cells[c],
                                 **words))
        return Provision(say("provisions", "cell_under", column=new.header[c], row=_row_name(old),
                             value=new.cells[c], **words))
    return Provision(say("provisions", "row_replaced", row=_row_name(old), **words), table=table)
