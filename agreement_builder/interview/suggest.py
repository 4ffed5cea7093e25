"""Suggested answers: what an earlier answer already says about the next one.

Pure functions of text, used by the interview for a question's `transform`
(see questionnaires/README.md). A suggestion is only ever a default the user
accepts with Enter or types over; when nothing can be read off the earlier
answer, these return None and nothing is suggested.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale
from babel.numbers import get_currency_symbol, get_territory_currencies, is_currency
from pycountry import subdivisions
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


# Countries whose companies are registered in a province or state, and where the address usually says
# which one. (A US company's address says little: most are registered in Delaware.)
REGISTERS_BY_REGION = ("Canada", "Australia")


def region(text: str) -> str | None:
    """Where a company at this address is likely registered: "Toronto, ON M5H 3T4\nCanada" -> "Ontario, Canada"
    in a country that registers companies by province or state, else the country as `country` reads it."""
    found = country(text)
    if found not in REGISTERS_BY_REGION:
        return found
    lines = [line for line in text.strip().splitlines() if line.strip()][:-1]
    words = {w for line in lines for w in re.findall(r"[A-Za-z]+", line)}
    spoken = _unaccented(" ".join(lines)).casefold()  # "Québec" is "Quebec" in ISO 3166-2
    for place in subdivisions.get(country_code=_territory_codes()[found]):
        if place.code.split("-")[1] in words or re.search(rf"\b{re.escape(place.name.casefold())}\b", spoken):
            return f"{place.name}, {found}"
    return found


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def _territory_codes() -> dict[str, str]:
    return {name: code for code, name in Locale.parse("en").territories.items() if len(code) == 2}


def currencies(countries: list[str]) -> list[str]:
    """The currency each country (as `country` names it) uses today, in order, without repeats."""
    found: list[str] = []
    for name in countries:
        code = _territory_codes().get(name)
        for currency in get_territory_currencies(code)[:1] if code else []:
            if currency not in found:
                found.append(currency)
    return found


# When the partners' own currencies differ, the one international deals are most often priced in.
WIDELY_USED = ("USD", "EUR", "GBP", "CHF", "JPY")
# Signs that stand for one currency wherever they are typed; "$" depends on who types it.
SIGNS = {"€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}


def usual_currency(local: list[str]) -> str | None:
    """The currency to offer for a deal between partners using the `local` currencies: their shared one,
    else the most widely used of theirs, else the first partner's."""
    if not local:
        return None
    return next((c for c in WIDELY_USED if c in local), local[0]) if len(local) > 1 else local[0]


def currency_typed(text: str, local: list[str]) -> str | None:
    """The currency an amount was typed in: an ISO code ("12,500 CAD"), a sign that names one ("£"), or "$"
    read as the dollar of the partners' countries (US dollars first). None when the text names none."""
    for word in re.findall(r"(?<![A-Za-z])[A-Za-z]{3}(?![A-Za-z])", text):
        if is_currency(word.upper()):
            return word.upper()
    for sign, currency in SIGNS.items():
        if sign in text:
            return currency
    if "$" in text:
        dollars = [c for c in local if "$" in get_currency_symbol(c, "en")]  # "$", "CA$", "A$"
        return "USD" if "USD" in dollars or not dollars else dollars[0]
    return None


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
