"""The drafting conventions in force while a deal's documents are made: how dates read, which spelling
the library's own words take, the paper size and the language tag.

The governing law decides them (terms/governing_law.py). They are set around the making of one document
with `drafting(...)` instead of being passed down to every helper that formats a date or looks up a word,
most of which are called from clause templates. Outside that (the interview, the terminal) the defaults
hold: 1 January 2027, British spelling, A4.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class Conventions:
    locale: str = "en_GB"  # babel's: the long date form of en_US is "January 1, 2027"
    spelling: str = "gb"  # "us" turns the library's British spelling into American
    paper: str = "a4"  # or "letter"
    language: str = "en-GB"  # the documents' language tag, for Word's proofing


DEFAULT = Conventions()
_current: ContextVar[Conventions] = ContextVar("conventions", default=DEFAULT)


def current() -> Conventions:
    return _current.get()


@contextmanager
def drafting(conventions: Conventions) -> Iterator[Conventions]:
    token = _current.set(conventions)
    try:
        yield conventions
    finally:
        _current.reset(token)
