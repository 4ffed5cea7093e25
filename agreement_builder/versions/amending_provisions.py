"""The amending provisions of an amendment: what changed since the signed agreement, as a lawyer writes it.

Each change cites the signed agreement's numbers ("Clause 14.4 is deleted and
replaced with:", "In Schedule 1, the target of goal 2 is replaced with ..."),
and new text is quoted with the number it has in the agreement as amended.
What changed comes from clause_changes.py, which pairs the two versions'
paragraphs and rows by their identities. The words are data
(data/amendment.yaml); this module only chooses which words fit.

The signature page is not amended. The cover page's summary of key terms
restates the clauses and schedules, so it is not amended line by line: when
its words changed, one provision says it now matches them as amended.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..document.layout import layout
from ..vocabulary import reference_prefix
from .amendment_words import say
from .clause_changes import Spot, Step, spots, steps

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


def amending_provisions(signed_document, new_document) -> list[Provision]:
    """The provisions that turn the signed agreement into the new one, in document order."""
    signed, new = spots(signed_document), spots(new_document)
    found = _Drafter(signed, new).provisions()
    if _cover_summary(signed) != _cover_summary(new):
        found.append(Provision(_words("cover_summary", heading=layout()["cover"]["key_terms"])))
    return found


def _cover_summary(found: list[Spot]) -> list[str]:
    """The words of the cover's summary of key terms: from its heading (or its first table) to the cover's end;
    the title and status lines above it change with every version and are no part of it."""
    cover = [s for s in found if s.region == "cover"]
    heading = layout()["cover"]["key_terms"]
    start = next((k for k, s in enumerate(cover) if s.text == heading or s.kind == "row"), len(cover))
    return [s.text for s in cover[start:]]


def _spot(step: Step) -> Spot:
    return step.old or step.new


def _words(entry: str, **values: str) -> str:
    return say("provisions", entry, **values)


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cite(spot: Spot) -> str:
    return reference_prefix("clause") + spot.number


class _Drafter:
    def __init__(self, signed: list[Spot], new: list[Spot]):
        titles = {s.unit.id: s.number for s in signed if s.kind == "schedule_title"}
        # A schedule keeps its identity when it changes number: "Schedule 5" now was "Schedule 4" when signed.
        self.signed_label = {s.number: titles[s.unit.id] for s in new
                             if s.kind == "schedule_title" and s.unit.id in titles}
        self.last_schedule = {side: next((s.number for s in reversed(spots_) if s.kind == "schedule_title"), "")
                              for side, spots_ in (("signed", signed), ("new", new))}
        self.todo = [s for s in steps(signed, new) if _spot(s).region not in NOT_AMENDED]
        self.rows: dict[object, list[Spot]] = {}  # each signed table's rows, to name a row by what sets it apart
        for spot in signed:
            if spot.kind == "row":
                self.rows.setdefault(spot.unit.table, []).append(spot)

    def provisions(self) -> list[Provision]:
        found: list[Provision] = []
        k = 0
        while k < len(self.todo):
            run = self._run(k)
            k += len(run)
            found += self._describe(run)
        return found

    def _run(self, k: int) -> list[Step]:
        """The steps from `k` that make one change: a schedule with its text and rows, or deletions and then
        insertions in their place (one clause's heading always starts a change of its own)."""
        todo, run = self.todo, [self.todo[k]]
        if run[0].kind == "changed":
            return run
        first = _spot(run[0])
        while k + len(run) < len(todo):
            nxt = todo[k + len(run)]
            b = _spot(nxt)
            if first.kind == "schedule_title":
                together = nxt.kind == run[0].kind and b.number == first.number and b.kind != "schedule_title"
            else:
                together = nxt.kind != "changed" and _same_stretch(run[-1], nxt)
            if not together:
                break
            run.append(nxt)
        return run

    def _describe(self, run: list[Step]) -> list[Provision]:
        first = _spot(run[0])
        if first.kind == "schedule_title":
            return [self._schedule(run)]
        if first.kind == "row":
            return [self._row(run[0])]
        if first.region == "schedule":
            return [self._schedule_text(step) for step in run]
        if first.region == "section":
            return [self._section(step) for step in run]
        gone = [s.old for s in run if s.kind == "deleted"]
        came = [s.new for s in run if s.kind == "inserted"]
        if run[0].kind == "changed":
            old, new = run[0].old, run[0].new
            if old.kind == "heading":
                return [Provision(_words("heading", number=old.number, title=new.title))]
            return [Provision(_replaced([old]), [_quote(new)])]
        if gone and came:
            return [Provision(_replaced(gone), [_quote(s) for s in came])]
        if gone:
            return _deleted(gone)
        return [_inserted(came, run[0].after)]

    # ---- schedules

    def _label(self, spot: Spot) -> str:
        """The schedule a row or paragraph is in, by its number in the signed agreement."""
        return self.signed_label.get(spot.number, spot.number) if spot is not None else ""

    def _schedule(self, run: list[Step]) -> Provision:
        """A whole schedule added (with its text and rows) or deleted."""
        title = _spot(run[0])
        texts = [_spot(s) for s in run if _spot(s).kind == "schedule_text"]
        name = texts[0].text if texts else ""
        if run[0].kind == "deleted":
            text = _words("deleted_schedule", schedule=title.number, title=name)
            if title.number != self.last_schedule["signed"]:
                text += _words("schedules_renumbered")
            return Provision(text)
        rows = [_spot(s) for s in run if _spot(s).kind == "row"]
        after = run[0].after
        text = (_words("new_schedule", schedule=title.number, title=name, after=self._label(after))
                if after is not None and after.region == "schedule"
                else _words("new_schedule_first", schedule=title.number, title=name))
        if title.number != self.last_schedule["new"]:
            text += _words("schedules_renumbered")
        table = Table(rows[0].header, [r.cells for r in rows]) if rows else None
        return Provision(text, [Quoted("", t.text) for t in texts[1:]], table)

    def _schedule_text(self, step: Step) -> Provision:
        spot = _spot(step)
        schedule = spot.number if step.old else self._label(spot)
        if step.kind == "changed":
            return Provision(_words("schedule_paragraph", schedule=schedule, old=step.old.text, new=step.new.text))
        if step.kind == "deleted":
            return Provision(_words("schedule_paragraph_deleted", schedule=schedule, old=spot.text))
        return Provision(_words("schedule_paragraph_added", schedule=schedule, new=spot.text))

    def _row(self, step: Step) -> Provision:
        spot = _spot(step)
        schedule = spot.number if step.old else self._label(spot)
        words = dict(schedule=schedule or spot.title)
        if spot.header is None:  # a table of labelled entries: the first cell names the entry
            event = {"changed": "labelled_replaced", "inserted": "labelled_added", "deleted": "labelled_deleted"}
            value = "\n".join((step.new or step.old).cells[1:])  # the new value, or the one deleted
            return Provision(_words(event[step.kind], label=spot.cells[0], value=value, **words))
        if step.kind == "deleted":
            return Provision(_words("row_deleted", row=self._row_name(spot), **words))
        new = step.new
        table = Table(new.header, [new.cells])
        if step.kind == "inserted":
            after = step.after
            if after is not None and after.kind == "row" and after.number == self._label(new):
                return Provision(_words("row_added", after=self._row_name(after), **words), table=table)
            return Provision(_words("row_added_first", **words), table=table)
        old = step.old
        differ = [c for c, (a, b) in enumerate(zip(old.cells, new.cells)) if a != b]
        if len(old.cells) != len(new.cells) or len(differ) != 1:
            return Provision(_words("row_replaced", row=self._row_name(old), **words), table=table)
        c = differ[0]
        columns = _words("rows").get(spot.schedule, {}).get("columns", [])
        row = self._row_name(old)
        if c < len(columns) and columns[c] and old.cells[c]:
            return Provision(_words("cell", column=columns[c], row=row, old=old.cells[c], value=new.cells[c],
                                    **words))
        return Provision(_words("cell_under", column=new.header[c], row=row, value=new.cells[c], **words))

    def _row_name(self, spot: Spot) -> str:
        """A signed row, named by its text: the schedule's key column where that sets it apart from the other
        rows of its table, else the first cell that does (the Schedules show no row numbers)."""
        rows = _words("rows")
        others = [r for r in self.rows.get(spot.unit.table, []) if r is not spot]
        own = rows.get(spot.schedule)
        if own is not None:
            key = _naming(spot, own["key"], others)
            if key is not None:
                return own["row"].format(key=key)
        for c in range(len(spot.cells)):
            key = _naming(spot, c, others)
            if key is not None and spot.header is not None and c < len(spot.header):
                return _words("row", key=key, column=spot.header[c])
        return _words("by_place", n=str(spot.row))

    # ---- unnumbered sections (the parties)

    def _section(self, step: Step) -> Provision:
        spot = _spot(step)
        if step.kind == "changed":
            return Provision(_words("section_paragraph", section=spot.title, old=step.old.text, new=step.new.text))
        if step.kind == "deleted":
            return Provision(_words("section_paragraph_deleted", section=spot.title, old=spot.text))
        after = step.after
        if after is not None and after.region == "section" and after.title == spot.title:
            return Provision(_words("section_paragraph_added", section=spot.title, after=after.text, new=spot.text))
        return Provision(_words("section_paragraph_added_first", section=spot.title, new=spot.text))


def _same_stretch(last: Step, nxt: Step) -> bool:
    """Adjacent deletions, then insertions in their very place, of one part of the agreement are one change."""
    a, b = _spot(last), _spot(nxt)
    if b.kind in ("heading", "schedule_title") or "row" in (a.kind, b.kind) or a.region != b.region:
        return False
    if last.kind == "deleted" and nxt.kind == "inserted":
        return nxt.after is a
    return last.kind == nxt.kind and a.following is b  # next to each other in the same version


def _replaced(gone: list[Spot]) -> str:
    place = _first_upper(_cite(gone[0]))
    if len(gone) == 1:
        return _words("replaced", Place=place)
    return _words("replaced_several", Place=place, last=gone[-1].number)


def _deleted(gone: list[Spot]) -> list[Provision]:
    """A whole clause deleted is named by number and heading; paragraphs by number."""
    if gone[0].kind == "heading":
        text = _words("deleted_clause", number=gone[0].number, title=gone[0].title)
        if gone[-1].following is not None and gone[-1].following.kind == "heading":
            text += _words("renumbered", what=_words("renumbered_what")["clause"])
        return [Provision(text)]
    place = _first_upper(_cite(gone[0]))
    text = _words("deleted", Place=place) if len(gone) == 1 else _words("deleted_several", Place=place,
                                                                         last=gone[-1].number)
    if _renumbers(gone[-1]):
        text += _words("renumbered", what=_words("renumbered_what")["paragraph" if gone[-1].kind == "item"
                                                                      else "clause"])
    return [Provision(text)]


def _inserted(came: list[Spot], after: Spot | None) -> Provision:
    quoted = [_quote(s) for s in came]
    if came[0].kind == "heading":
        text = _words("new_clause", number=came[0].number, title=came[0].title,
                      after=after.number.split(".")[0].split("(")[0] if after else "")
        if came[-1].following is not None and came[-1].following.kind == "heading":
            text += _words("renumbered", what=_words("renumbered_what")["clause"])
        return Provision(text, quoted)
    numbered = [s for s in came if s.kind in ("para", "item")] or came
    new = _cite(numbered[0])
    if after is None or after.kind == "heading":
        text = _words("inserted_first", new=new, place=_cite(after) if after else "")
    elif len(numbered) > 1:
        text = _words("inserted_several", new=new, last=numbered[-1].number, place=_cite(after))
    else:
        text = _words("inserted", new=new, place=_cite(after))
    if _renumbers(came[-1]):
        text += _words("renumbered", what=_words("renumbered_what")["paragraph" if came[-1].kind == "item"
                                                                      else "clause"])
    return Provision(text, quoted)


def _renumbers(last: Spot) -> bool:
    """Whether what follows `last` in its version, in the same clause and at the same level, was renumbered
    by the change (it follows an insertion, or a deletion)."""
    after = last.following
    if after is None or after.kind != last.kind or last.kind not in ("para", "item"):
        return False
    cut = "." if last.kind == "para" else "("
    return after.number.split(cut)[0] == last.number.split(cut)[0]


def _quote(spot: Spot) -> Quoted:
    if spot.kind == "heading":
        return Quoted(spot.number, spot.title, heading=True)
    number = spot.number[len(spot.number.split("(")[0]):] if spot.kind == "item" else spot.number
    return Quoted(number if spot.kind in ("para", "item") else "", spot.text)


SHORT_WORDS = 6  # a row's name longer than LONG_WORDS words is cut after this many, if they still set it apart
LONG_WORDS = 8


def _naming(spot: Spot, column: int, others: list[Spot]) -> str | None:
    """The text of `spot`'s cell in `column` (its first line, shortened when long) if no other row's cell there
    starts with it, else None."""
    if column >= len(spot.cells):
        return None
    text = spot.cells[column].split("\n")[0].strip()
    theirs = [o.cells[column].split("\n")[0].strip() for o in others if column < len(o.cells)]
    if not text or text in theirs:
        return None
    words = text.split()
    for n in range(SHORT_WORDS, len(words) if len(words) > LONG_WORDS else 0):
        short = " ".join(words[:n])
        if not any(t.startswith(short) for t in theirs):
            return _words("shortened", words=short)
    return text
