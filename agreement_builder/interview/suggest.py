"""Suggested answers: what an earlier answer already says about the next one.

Pure functions of text, used by the interview for a question's `transform`
(see questionnaires/README.md). A suggestion is only ever a default the user
accepts with Enter or types over; when nothing can be read off the earlier
answer, these return None and nothing is suggested.
"""
from __future__ import annotations

import re
from functools import cache

from babel import Locale
from slugify import slugify

# Short forms people write in addresses that CLDR lists only under the full name.
COUNTRY_ALIASES = {"uk": "United Kingdom", "hong kong": "Hong Kong SAR China", "usa": "United States", "us": "United States",
                   "u.s.a.": "United States", "u.s.": "United States"}


def key(text: str) -> str | None:
    """A short lowercase key: "Product & Engineering" -> "product-engineering"."""
    return slugify(text, max_length=24, word_boundary=True) or None


JOINERS = {"&", "and", "+", "und", "et", "y"}


def short_name(text: str) -> str | None:
    """The name people say: the first word, with a partner joined by "&" ("Harbour & Pine Ltd" -> "Harbour & Pine")."""
    words = text.split()
    if not words:
        return None
    name = [words[0]]
    while len(words) > len(name) + 1 and words[len(name)].casefold() in JOINERS:
        name += words[len(name):len(name) + 2]
    return " ".join(name)


@cache
def _countries() -> dict[str, str]:
    # Two-letter codes only: the numeric ones are regions ("Europe", "World"), not countries.
    names = {name.casefold(): name for code, name in Locale.parse("en").territories.items() if len(code) == 2}
    return names | {alias: name for alias, name in COUNTRY_ALIASES.items()}


def country(text: str) -> str | None:
    """The country an address or a place ends with: "Zurich, Switzerland" -> "Switzerland".

    Addresses end with the country on their last line, places after their last comma.
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return None
    last = lines[-1].rsplit(",", 1)[-1].strip().rstrip(".").casefold()
    return _countries().get(last) or _countries().get(last + ".")


# How organisations build addresses from first and last name, most common first.
EMAIL_SHAPES = {
    "first.last": lambda f, l: f"{f}.{l}",
    "first": lambda f, l: f,
    "flast": lambda f, l: f"{f[:1]}{l}",
    "f.last": lambda f, l: f"{f[:1]}.{l}",
    "firstlast": lambda f, l: f"{f}{l}",
    "first_last": lambda f, l: f"{f}_{l}",
    "first-last": lambda f, l: f"{f}-{l}",
    "last": lambda f, l: l,
}


def _first_last(name: str) -> tuple[str, str]:
    # Honorifics ("Dr.", "Prof.") are not part of an address; first and last name are.
    words = [slugify(w, separator="") for w in name.split() if not w.endswith(".")]
    words = [w for w in words if w]
    return (words[0], words[-1]) if words else ("", "")


def email(name: str, known: list[tuple[str, str]]) -> str | None:
    """An address for `name` at the domain of a known one, in the shape the known ones use.

    `known` holds (name, email) pairs at the same organisation: "Marcus Hale" at "marcus@…"
    makes "Priya Natarajan" "priya@…". Without a shape to go by, firstname.lastname.
    """
    first, last = _first_last(name)
    addresses = [(n, e) for n, e in known if e.count("@") == 1]
    if not first or not addresses:
        return None
    domain = addresses[0][1].rsplit("@", 1)[1]
    shape = "first.last"
    for known_name, address in addresses:
        f, l = _first_last(known_name)
        local = address.rsplit("@", 1)[0].casefold()
        found = next((s for s, make in EMAIL_SHAPES.items() if f and l and f != l and make(f, l) == local), None)
        if found:
            shape = found
            break
    if first == last:  # one name only
        return f"{first}@{domain}"
    return f"{EMAIL_SHAPES[shape](first, last)}@{domain}"


def _normal(text: str) -> str:
    """Spelling that does not matter for a lookup: case, dots and spaces ("S.p.A." = "spa")."""
    return re.sub(r"[.\s]", "", text).casefold()


def pick(table: dict[str, str], value: str, *, suffix: bool = False) -> str | None:
    """The entry of `table` for `value`, else its "*" entry, else None.

    With `suffix`, the longest run of words that `value` ends with and that the
    table knows wins: "Acme GmbH & Co. KG" finds "GmbH & Co. KG" before "KG".
    """
    known = {_normal(k): v for k, v in table.items() if k != "*"}
    words = value.split()
    candidates = [" ".join(words[i:]) for i in range(len(words))] if suffix else [value]
    for candidate in candidates:
        if _normal(candidate) in known:
            return known[_normal(candidate)]
    return table.get("*")
