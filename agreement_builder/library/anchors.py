"""Sub-clause anchors: a paragraph or list item of a clause body that starts with `<<name>>` can be
cited on its own, `ref("termination-for-cause", "insolvency")` -> "clause 25.1(c)".

The number of a sub-clause is only known once its clause is rendered (conditions add and drop
paragraphs), so the agreement renders every clause before it writes a reference.
"""
from __future__ import annotations

import re
import string
from typing import Iterable

ANCHOR = re.compile(r"^<<(?P<name>[a-z0-9][a-z0-9-]*)>>[ \t]*")
# Any <<…>> in a clause's source, at the start of a line (after "- " for an item) or not.
_IN_SOURCE = re.compile(r"^[ \t]*(?:- )?<<(?P<name>[^<>\n]*)>>", re.M)
_ANYWHERE = re.compile(r"<<(?P<name>[^<>\n]*)>>")


def key(clause_id: str, anchor: str | None) -> str:
    """The key a reference is numbered by: the clause id, or `clause-id#anchor` for a sub-clause."""
    return f"{clause_id}#{anchor}" if anchor else clause_id


def subclause_numbers(clause_id: str, number: str, blocks: Iterable) -> dict[str, str]:
    """`clause-id#anchor` -> "25.3" for an anchored paragraph, "25.1(c)" for an anchored item."""
    found: dict[str, str] = {}
    paragraph, item = 0, 0
    for block in blocks:
        if block.kind == "para":
            paragraph, item = paragraph + 1, 0
            shown = f"{number}.{paragraph}"
        else:
            item += 1
            shown = f"{number}.{max(paragraph, 1)}({_letters(item)})"
        if block.anchor:
            found[key(clause_id, block.anchor)] = shown
    return found


def _letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: how the agreement's list items are lettered."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def anchors_in(source: str) -> tuple[set[str], list[str]]:
    """The anchors a clause body defines, and the marks that are not valid anchors (a bad name, or not at
    the start of a paragraph or item)."""
    good: set[str] = set()
    bad: list[str] = []
    at_start = {m.start("name") for m in _IN_SOURCE.finditer(source)}
    for match in _ANYWHERE.finditer(source):
        name = match["name"]
        if match.start("name") in at_start and re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            good.add(name)
        else:
            bad.append(name)
    return good, bad
