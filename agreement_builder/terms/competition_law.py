"""The competition laws a clause between competitors names (data/competition_laws.yaml): those of the
countries where the partners are registered and of the countries or unions the territory names, so a
Swedish–French deal for Europe does not cite the Sherman Act and a Swiss one does not cite only EU law."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ..resources import package_file
from ..safe_yaml import load_yaml
from .data_protection import country_code, country_names  # the same reading of a register as data's

FILE = "competition_laws.yaml"


@cache
def _table() -> dict:
    return load_yaml(package_file(FILE).read_text(encoding="utf-8"))


def competition_laws(jurisdictions: Iterable[str], territory: str) -> list[str]:
    """The laws to name, unions' first, then countries' in the order the partners and the territory
    bring them up; a country or union the table does not know adds nothing."""
    table = _table()
    registered = [code for code in map(country_code, jurisdictions) if code]
    named = countries_named(territory)
    codes = list(dict.fromkeys(registered + sorted(named - set(registered))))
    laws = [union["law"] for union in table["unions"]
            if set(union["members"]) & set(codes) or any(_names(territory, name) for name in union["names"])]
    return laws + [table["countries"][code] for code in codes if code in table["countries"]]


def countries_named(territory: str) -> set[str]:
    """The ISO codes of the countries a territory names ("Germany, Austria and the UK")."""
    found = {code for name, code in country_names().items() if len(name) > 3 and _names(territory, name)}
    return found | {code for code, names in _table()["aliases"].items() if any(_names(territory, n) for n in names)}


def _names(text: str, name: str) -> bool:
    # A short name ("US", "EU") only in capitals, so "us" in running text is not the United States.
    flags = 0 if len(name) <= 4 else re.IGNORECASE
    return re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text, flags) is not None
