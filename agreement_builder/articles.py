"""The articles English puts before names the terms hold: "a" or "an" before a kind of entity ("an
aktiebolag", "an LLC", "a limited liability company") and "the" before a place that takes it ("the United
States and Canada", "the European Economic Area", but "Germany" and "worldwide").

Only the article is returned, never the name with it: the name is the user's text and is printed as typed.
The words are data (data/articles.yaml).
"""
from __future__ import annotations

import re
from functools import cache

from .resources import package_file
from .safe_yaml import load_yaml

_FIRST_WORD = re.compile(r"[^\W\d_][\w.'’&/-]*")
_LIST_SEPARATOR = re.compile(r",|;|\s+and\s+|\s+&\s+", re.IGNORECASE)


def indefinite(words: str) -> str:
    """"a" or "an" for the words that follow it."""
    match = _FIRST_WORD.search(words)
    if not match:
        return "a"
    word = match.group().rstrip(".")
    data = _data()
    if _read_as_letters(word):
        return "an" if word[0].upper() in data["an_letters"] else "a"
    lower = word.casefold()
    if lower.startswith(tuple(data["a_before_vowel"])):
        return "a"
    if lower.startswith(tuple(data["an_before_consonant"])):
        return "an"
    return "an" if lower[0] in "aeiouàáâäèéêëìíîïòóôöùúûü" else "a"


def definite(place: str) -> str:
    """"the " when the first name of a list of places takes it, else "" (also when the text already has it)."""
    first = _LIST_SEPARATOR.split(place.strip(), maxsplit=1)[0].strip().casefold()
    first = re.sub(r"\s+", " ", first)
    if not first or first.startswith("the ") or everywhere(place):
        return ""
    rules = _data()["the"]
    words = first.split(" ")
    starts = any(first == s or first.startswith(s + " ") for s in rules["starts"])
    return "the " if first in rules["names"] or starts or words[-1] in rules["ends"] else ""


def everywhere(place: str) -> bool:
    """True for words such as "worldwide" that name no place to be "in"."""
    return place.strip().rstrip(".").casefold() in _data()["everywhere"]


def _read_as_letters(word: str) -> bool:
    # LLC, AG, S.A., GmbH, SpA: two capitals or more, or letters between dots, are read letter by letter.
    letters = word.replace(".", "")
    return len(letters) <= 6 and (sum(c.isupper() for c in letters) >= 2 or ("." in word and len(letters) <= 3))


@cache
def _data() -> dict:
    return load_yaml(package_file("articles.yaml").read_text(encoding="utf-8"))
