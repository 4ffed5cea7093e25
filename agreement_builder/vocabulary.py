"""The words documents and summaries use for the terms' values (data/vocabulary.yaml).

One file holds them so the agreement, the review forms, the change summary and
the interview say a value the same way. This module only reads it:

    word(AllianceKind.CO_SELLING)            -> "co-selling / joint offering"
    word(AllianceKind.CO_SELLING, "title")   -> "Co-selling / joint offering"
    cell(ContributionKind.PEOPLE)            -> "People"
"""
from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Any

from . import conventions
from .resources import package_file
from .safe_yaml import load_yaml
from .spelling import conformed

FILE = "vocabulary.yaml"


def vocabulary() -> dict:
    """The whole file, in the spelling in force (conventions.py)."""
    return _vocabulary(conventions.current().spelling)


@cache
def _vocabulary(spelling: str) -> dict:
    # Read once per spelling with the fast safe loader (plain data, no tags).
    return conformed(load_yaml(package_file(FILE).read_text(encoding="utf-8")), spelling)


def words(*keys: str) -> Any:
    """The entry at `keys` ("changes", "labels"), or a KeyError naming what is missing."""
    node: Any = vocabulary()
    for depth, key in enumerate(keys):
        if not isinstance(node, dict) or key not in node:
            raise KeyError(f"data/{FILE} has no {'.'.join(keys[:depth + 1])}")
        node = node[key]
    return node


def word(member: Enum, form: str = "word") -> str:
    """How documents say an enumeration's value; `form` picks another named form ("title")."""
    entry = words("values", type(member).__name__, str(member.value))
    if isinstance(entry, str):
        if form != "word":
            raise KeyError(f"data/{FILE} has no {form!r} for {type(member).__name__}.{member.value}")
        return entry
    return words("values", type(member).__name__, str(member.value), form)


def cell(member: Enum) -> str:
    """The word for a table cell: its first letter capitalised ("People")."""
    text = word(member)
    return text[:1].upper() + text[1:]


def reference_prefix(kind: str) -> str:
    """What comes before a clause or schedule number in running text ("clause ", "Schedule ")."""
    return words("references", kind)


def defined_term(term: str) -> str:
    """A defined term where it is defined: “Term”."""
    return words("defined_term").format(term=term)
