"""Which data protection laws the customer-data clause names, read from where the partners are.

The table is data (data/data_protection_laws.yaml): for each region, country or part of a country, the
laws to name. A partner is where it is registered (its jurisdiction) and where its address is (the
country on the address's last line, and a province or state named on the lines above). Each place
takes the most specific entry that fits it; a partner no entry fits gets the table's `elsewhere`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale
from pydantic import BaseModel

from ..resources import package_file
from ..safe_yaml import load_yaml

# The United Kingdom's registers, which ISO 3166-2 does not name as one.
_PARTS = {"england and wales": "GB"}
# A province or state written as its postal code on an address line: "Toronto, ON M5H 3T4".
_REGION_CODE = re.compile(r"\b[A-Z]{2,3}\b")


class LawGroup(BaseModel):
    """Partners for which the same laws are named, and those laws."""

    partners: list[str]  # short names
    laws: list[str]
    known: bool  # False when no entry of the table fits: the laws are the table's `elsewhere`


class DataProtection(BaseModel):
    """What the customer-data clause and its schedule need to know about the law that applies."""

    groups: list[LawGroup]
    european: bool  # the European transfer rules apply: a partner is in Europe, or data leaves it
    only_european: bool  # every partner is in Europe: the European wording alone fits


def data_protection(partners: list, transfers_outside_europe: bool | None) -> DataProtection:
    """The laws named for `partners` (each with short_name, jurisdiction and address)."""
    groups: list[LawGroup] = []
    in_europe = []
    for partner in partners:
        places = partner_places(partner.jurisdiction, partner.address)
        in_europe.append(bool(places) and all(place.split("-")[0] in europe() for place in places))
        laws, known = _laws(places)
        same = next((g for g in groups if g.laws == laws), None)
        if same:
            same.partners.append(partner.short_name)
        else:
            groups.append(LawGroup(partners=[partner.short_name], laws=laws, known=known))
    return DataProtection(groups=groups, european=any(in_europe) or bool(transfers_outside_europe),
                          only_european=all(in_europe))


def europe() -> frozenset[str]:
    """The countries between which personal data moves freely: the EEA, the UK and Switzerland."""
    return _table()["regions"]["europe"]


def country_code(jurisdiction: str) -> str | None:
    """The ISO 3166-1 code of the country a jurisdiction names (a part of a country gives that country)."""
    code = place_code(jurisdiction)
    return code.split("-")[0] if code else None


def place_code(name: str) -> str | None:
    """ISO 3166 code of a country or a part of one, named as a jurisdiction or an address's last line.

    "Zurich, Switzerland" names its country after the last comma, as an address does on its last line;
    a register that is a part of a country ("Delaware", "Ontario", "England and Wales") names that part.
    """
    name = name.strip().rsplit(",", 1)[-1].strip().rstrip(".").casefold()
    return _PARTS.get(name) or _countries().get(name) or _subdivision(name)


def partner_places(jurisdiction: str, address: str) -> list[str]:
    """The places a partner is: its jurisdiction's code, and its address's country and province or state."""
    places = [code for code in [place_code(jurisdiction)] if code]
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    country = place_code(lines[-1]) if lines else None
    if country and "-" not in country:
        places.append(next((part for line in lines[:-1] for part in _parts_named(line, country)), country))
    # A country adds nothing where a part of it is named too: "Canada" registered, an address in Quebec.
    return [place for place in dict.fromkeys(places) if not any(p.startswith(f"{place}-") for p in places)]


def _parts_named(line: str, country: str):
    import pycountry  # see _subdivision

    for token in _REGION_CODE.findall(line):
        if pycountry.subdivisions.get(code=f"{country}-{token}"):
            yield f"{country}-{token}"
    for piece in re.split(r"[,()]", line):
        code = _subdivision(piece.strip().casefold())
        if code and code.startswith(f"{country}-"):
            yield code


def _laws(places: list[str]) -> tuple[list[str], bool]:
    table = _table()
    laws: list[str] = []
    for place in places:
        country = place.split("-")[0]
        region = next((name for name, codes in table["regions"].items() if country in codes), None)
        for key in (place, country, region):
            if key in table["laws"]:
                laws += [law for law in table["laws"][key] if law not in laws]
                break
    return (laws, True) if laws else (list(table["elsewhere"]), False)


@cache
def _table() -> dict:
    table = load_yaml(package_file("data_protection_laws.yaml").read_text(encoding="utf-8"))
    table["regions"] = {name: frozenset(codes) for name, codes in table["regions"].items()}
    return table


def country_names() -> dict[str, str]:
    """Every country's English name, lower case, with the short forms people write, to its ISO code."""
    return _countries()


@cache
def _countries() -> dict[str, str]:
    names = {name.casefold(): code for code, name in Locale.parse("en").territories.items() if len(code) == 2}
    return names | {"uk": "GB", "usa": "US", "us": "US", "united states of america": "US"}


def _subdivision(name: str) -> str | None:
    import pycountry  # its ISO 3166-2 tables take a tenth of a second to load: only when a name needs them

    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))  # Québec
    if not plain:
        return None
    try:
        found = pycountry.subdivisions.lookup(plain)
    except LookupError:
        return None
    # A name several subdivisions share ("ss" is a code in more than one country) comes back as a set: no place.
    return getattr(found, "code", None)
