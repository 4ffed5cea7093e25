"""What moved between two versions of a deal, field by field, in the partners' words.

The summary goes to the people who negotiate, so it names partners by their
short names ("Tidewater", not `tidewater`), formats values the way the
agreement does and matches list entries by what they are (a payment by payer,
payee and kind; a goal by its owner and description) rather than by position,
so inserting a goal at the top does not read as every goal having changed.

This module walks the two versions; the words come from change_words.py and
the vocabulary it reads (data/vocabulary.yaml).
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from pydantic import BaseModel

from ..terms.model import Person, Terms
from .change_words import Describer, Where, entry_line, generic_path, label, section, words


@dataclass(frozen=True)
class Change:
    path: str  # field path in the newer terms (or the older one, for a removal)
    text: str  # one line a partner can read


def summarize_changes(old: Terms, new: Terms) -> list[Change]:
    """Every difference between `old` and `new`, in document order."""
    differ = _Differ(old, new)
    changes: list[Change] = []
    for name in Terms.model_fields:
        changes += differ.field(getattr(old, name), getattr(new, name), name, section(name), top=True)
    return changes


def summary_text(changes: Sequence[Change]) -> str:
    """The summary as plain text, one change per line."""
    if not changes:
        return words("no_changes") + "\n"
    return "".join(words("line").format(text=c.text) + "\n" for c in changes)


# How list entries are matched between versions: the fields that say which entry it is.
MATCH_KEYS: dict[str, Callable[[Any], Any]] = {
    "partners": lambda p: p.key,
    "partners.departments": lambda d: d.key,
    "goals": lambda g: (g.owner, g.description),
    "commitments": lambda c: (c.partner, c.contribution, c.description),
    "commitments.deliverables": lambda d: d.description,
    "governance.escalation_path": lambda s: s.level,
    "accounts.segments": lambda s: s.segment,
    "money.flows": lambda f: (f.payer, f.payee, f.basis),
    "money.revenue_splits": lambda s: s.description,
    "money.revenue_splits.shares": lambda s: s.partner,
    "marketing.cost_shares": lambda s: s.partner,
}


class _Differ:
    def __init__(self, old: Terms, new: Terms):
        self.say = Describer(old, new)
        self.say_old = self.say.of_old()  # values of the older version, in its own currency

    def field(self, old: Any, new: Any, path: str, holder: Where,
              parents: tuple[Any, Any] = (None, None), top: bool = False) -> list[Change]:
        """Differences in one field; `holder` names what holds it ("Larkspur's", "Money")."""
        if old == new:
            return []
        if isinstance(old, list) or isinstance(new, list):
            return self.list(old or [], new or [], path, None if top else holder)
        where = holder if top else holder.join(label(path))
        if isinstance(old, Person) or isinstance(new, Person):
            return [Change(path, where.changed(*self.say.people(old, new)))]
        if isinstance(old, BaseModel) and isinstance(new, BaseModel):
            return self.fields(old, new, path, where)
        if old is None:
            return [Change(path, where.added(self.say.value(new, path, parents[1])))]
        if new is None:
            return [Change(path, where.removed(self.say_old.value(old, path, parents[0])))]
        return [Change(path, where.changed(self.say_old.value(old, path, parents[0]),
                                           self.say.value(new, path, parents[1])))]

    def fields(self, old: BaseModel, new: BaseModel, path: str, where: Where) -> list[Change]:
        changes = []
        for name in type(new).model_fields:
            changes += self.field(getattr(old, name), getattr(new, name), f"{path}.{name}", where, (old, new))
        return changes

    def list(self, old: list, new: list, path: str, holder: Where | None) -> list[Change]:
        """Entries removed, changed and added; `holder` is None for a section that is a list."""
        where = holder.join(label(path)) if holder else section(path)
        word = self.say.entry_word(path, where)
        pairs, removed, added = _match(old, new, MATCH_KEYS.get(generic_path(path)))
        changes: list[Change] = []
        for i in removed:
            changes.append(Change(f"{path}[{i}]", entry_line("entry_removed", word, entry=self.say_old.entry(old[i], path))))
        for i, j in pairs:
            a, b = old[i], new[j]
            if a == b:
                continue
            if isinstance(b, BaseModel):
                changes += self.fields(a, b, f"{path}[{j}]", self.say.where(b, path, holder or where))
            else:
                changes.append(Change(f"{path}[{j}]", entry_line("entry_changed", word, old=self.say.quote(a),
                                                                 new=self.say.quote(b))))
        for j in added:
            changes.append(Change(f"{path}[{j}]", entry_line("entry_added", word, entry=self.say.entry(new[j], path))))
        return changes


def _match(old: list, new: list, key: Callable[[Any], Any] | None):
    """Pairs (old index, new index), removed old indices, added new indices.

    Entries with the same identity pair first; what is left pairs by
    similarity (an edited goal description is still the same goal), the rest
    was removed or added.
    """
    key = key or (lambda x: x)
    pairs: list[tuple[int, int]] = []
    free_new = list(range(len(new)))
    left_old = []
    for i, item in enumerate(old):
        j = next((j for j in free_new if key(new[j]) == key(item)), None)
        if j is None:
            left_old.append(i)
        else:
            pairs.append((i, j))
            free_new.remove(j)
    removed = []
    for i in left_old:
        scored = [(difflib.SequenceMatcher(None, _flat(old[i]), _flat(new[j])).ratio(), j) for j in free_new]
        best = max(scored, default=(0.0, None))
        if best[1] is not None and best[0] >= 0.6:
            pairs.append((i, best[1]))
            free_new.remove(best[1])
        else:
            removed.append(i)
    pairs.sort(key=lambda p: p[1])
    return pairs, removed, free_new


def _flat(item: Any) -> str:
    if isinstance(item, BaseModel):
        return json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return str(item)
