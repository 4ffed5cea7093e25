"""`build --merge`: a lawyer's edits to the agreement carried into the version built from new terms.

A three-way merge of paragraphs and table rows, each found by the identity the
generator gave it (identity.py):

    base    the agreement as generated last time (DIR/generated/agreement.docx)
    ours    the lawyer's edited DIR/agreement.docx
    theirs  the agreement generated now from the new terms

Changed by the lawyer only: the lawyer's paragraph, as it is (formatting and
tracked changes). Changed by the new terms only: the new paragraph. Changed by
both, deleted by the lawyer and changed by the terms, or edited by the lawyer
and removed by the terms: a conflict, settled for the new terms with the
lawyer's text kept in a Word comment (or, for a removed paragraph, the
lawyer's paragraph kept with a comment), and listed by clause. A paragraph the
lawyer added follows the paragraph it followed; if the terms removed that one,
it follows the nearest earlier one still there, and that is reported.

The lawyer's document is the container: its styles, headers, comments and
settings stay; the new terms' paragraphs are brought into it (merged_document.py).
merge3 (breezy's) was considered: it merges sequences by equality, so an
edited paragraph next to a paragraph the terms changed would be one conflict;
paragraph identities let each be settled on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx import Document

from ..atomic import write_bytes_atomically
from .identity import Unit, pair_alike, plain_text, units
from .merged_document import MergedBody, places

_START = "the start of the agreement"  # where a paragraph goes that nothing still there comes before
KEPT_YOURS, NEW_TEXT, YOU_DELETED, TERMS_REMOVED = "kept", "both", "deleted", "removed"


@dataclass
class Conflict:
    place: str  # "clause 7.2", "Schedule 3", "the cover page"
    kind: str  # NEW_TEXT, YOU_DELETED or TERMS_REMOVED
    yours: str  # the lawyer's text ("" when they deleted the paragraph)
    new: str  # the new terms' text ("" when they removed it)


@dataclass
class MergeResult:
    conflicts: list[Conflict] = field(default_factory=list)
    kept: int = 0  # paragraphs the lawyer changed, kept as they changed them
    added: int = 0  # paragraphs the lawyer added, kept
    deleted: int = 0  # paragraphs the lawyer deleted, left out
    moved: list[str] = field(default_factory=list)  # places of added paragraphs that had to move
    unmarked: bool = False  # the edited copy has no paragraph identities left at all

    def lines(self) -> list[str]:
        """What the merge did, for the build's output and the change summary."""
        out = [f"kept {self.kept} paragraph(s) you changed, {self.added} you added and {self.deleted} "
               "deletion(s) of yours"]
        out += [f"a paragraph you added after a paragraph the new terms removed now follows {where}"
                for where in self.moved]
        out += [f"conflict in {c.place}: {_CONFLICT_WORDS[c.kind]}" for c in self.conflicts]
        if self.unmarked:
            out.append("the edited copy had lost every paragraph's hidden identity (was it pasted into a new "
                       "document?), so paragraphs were matched by their wording alone; check the result with care")
        return out


_CONFLICT_WORDS = {
    NEW_TEXT: "you and the new terms both changed it; the new text is in place, yours is in a comment on it",
    YOU_DELETED: "you deleted it and the new terms changed it; the new text is back, with a comment saying so",
    TERMS_REMOVED: "you changed it and the new terms remove it; your paragraph is kept, with a comment saying so",
}


def merge_document(base: Path, ours: Path, theirs: Path, target: Path, *, form: bool = False) -> MergeResult:
    """Write `target`: `ours` with the changes from `base` to `theirs` carried in. Every path is a .docx
    already checked against the size limits (document/limits.py). `form`: a review form, whose places
    are its sections rather than clauses."""
    base_doc, ours_doc, theirs_doc = Document(str(base)), Document(str(ours)), Document(str(theirs))
    base_units = {u.id: u for u in units(base_doc.element.body) if u.id}
    theirs_units = units(theirs_doc.element.body)
    ours_all = units(ours_doc.element.body, everything=True)
    result = MergeResult(unmarked=not any(u.id in base_units for u in ours_all))
    ours_by_id, added_after = _lawyers_side(ours_all, base_units)
    where = places(base_doc, form=form) | places(theirs_doc, form=form)
    body = MergedBody(ours_doc, theirs_doc)
    theirs_ids = {u.id for u in theirs_units}
    removed_after = _removed_by_terms(list(base_units.values()), theirs_ids)

    def follow(anchor: str | None, host: str | None) -> None:
        """What comes after `anchor` in the lawyer's copy: their own paragraphs, and paragraphs the terms
        removed right after it (with whatever followed those); `host`: the last paragraph still there."""
        for unit in added_after.get(anchor, []):
            body.add_yours(unit)
            result.added += 1
        for gone in removed_after.get(anchor, []):
            mine = ours_by_id.get(gone.id)
            kept = mine is not None and mine.text != gone.text
            if kept:
                body.add_yours(mine, comment=_conflict(result, where, gone, TERMS_REMOVED, mine, None))
            elif mine is None:
                result.deleted += 1
            if added_after.get(gone.id) and not kept:
                result.moved.append(where.get(host, "") if host else _START)
            follow(gone.id, gone.id if kept else host)

    follow(None, None)
    for new in theirs_units:
        old, mine = base_units.get(new.id), ours_by_id.get(new.id)
        if old is None:
            body.add_new(new)  # a paragraph the new terms add
        elif mine is None:  # the lawyer deleted it
            if old.text == new.text:
                result.deleted += 1
            else:
                body.add_new(new, comment=_conflict(result, where, new, YOU_DELETED, None, new))
        elif old.text == new.text or mine.text == new.text:
            body.add_yours_for(mine, new)
            result.kept += mine.text != old.text
        elif mine.text == old.text:
            body.add_new(new, like=mine)
        elif mine.is_row and new.is_row and (row := _merge_row(body, old, mine, new)) is not None:
            # a row both changed, cell by cell: a partner's answer beside a pre-filled cell the terms changed
            clashes, yours = row
            comment = _conflict(result, where, new, NEW_TEXT, yours, new) if clashes else None
            body.add_yours_for(mine, new, comment=comment)
            result.kept += not clashes
        else:
            body.add_new(new, comment=_conflict(result, where, new, NEW_TEXT, mine, new), like=mine)
        follow(new.id, new.id)
    body.finish()
    body.refresh_headers(base_doc)
    write_bytes_atomically(Path(target), body.to_bytes())
    return result


def _lawyers_side(ours: list[Unit], base: dict[str, Unit]) -> tuple[dict[str, Unit], dict[str | None, list[Unit]]]:
    """The lawyer's copy as (paragraphs by identity, paragraphs they added by the identity they follow).

    Retyping a whole paragraph can take its bookmark with the old text: a paragraph without identity
    standing where a generated one went missing, and alike in text, is taken to be that one, edited."""
    by_id: dict[str, Unit] = {}
    added: dict[str | None, list[Unit]] = {}
    anchor = None
    for unit in ours:
        if unit.id in base and unit.id not in by_id:
            by_id[unit.id], anchor = unit, unit.id
        else:  # no identity, one of no generated paragraph, or a second copy of one: the lawyer's own
            added.setdefault(anchor, []).append(unit)
    missing: dict[str | None, list[Unit]] = {}
    anchor = None
    for unit in base.values():
        if unit.id in by_id:
            anchor = unit.id
        else:
            missing.setdefault(anchor, []).append(unit)
    for anchor, gone in missing.items():
        mine = added.get(anchor, [])
        for i, j in pair_alike(gone, mine):
            mine[j].id = gone[i].id
            by_id[gone[i].id] = mine[j]
        if mine:
            added[anchor] = [unit for unit in mine if unit.id not in by_id or by_id[unit.id] is not unit]
    return by_id, added


def _removed_by_terms(base: list[Unit], theirs_ids: set[str | None]) -> dict[str | None, list[Unit]]:
    """Paragraphs of the last generated version the new terms no longer have, by the paragraph before them."""
    removed: dict[str | None, list[Unit]] = {}
    anchor = None
    for unit in base:
        if unit.id not in theirs_ids:
            removed.setdefault(anchor, []).append(unit)
        anchor = unit.id
    return removed


def _merge_row(body: MergedBody, old: Unit, mine: Unit, new: Unit) -> tuple[list[int], str] | None:
    """(the cells both sides changed, the row's text as the lawyer left it), or None if not mergeable."""
    yours = plain_text(mine.element)
    clashes = body.merge_cells(old, mine, new)
    return None if clashes is None else (clashes, yours)


def _conflict(result: MergeResult, where: dict, unit: Unit, kind: str, mine: Unit | str | None,
              new: Unit | None) -> Conflict:
    place = where.get(unit.id, "")
    yours = mine if isinstance(mine, str) else plain_text(mine.element) if mine else ""
    conflict = Conflict(place, kind, yours, plain_text(new.element) if new else "")
    result.conflicts.append(conflict)
    return conflict
