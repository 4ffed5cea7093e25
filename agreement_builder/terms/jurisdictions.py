"""What the documents read from where a partner is registered: the anti-corruption laws and sanctions that apply
to it, and whether its register gives it a registered address (US and Canadian entities have a principal office instead).

The country comes from the jurisdiction ("Delaware", "England and Wales", "Zurich, Switzerland"), or, where that
names no country this knows, from the last line of the address. The tables are data: data/jurisdictions.yaml.
"""
from __future__ import annotations

from functools import cache
from typing import Any, Iterable

from ..resources import package_file
from ..safe_yaml import load_yaml

# A territory is read for the countries it names as the competition clause reads it.
from .competition_law import countries_named

# One reading of a place's country serves the data-sharing transfers and these clauses alike.
from .data_protection import country_code


def country(jurisdiction: str, address: str = "") -> str | None:
    """The ISO code of the country a partner is registered in, or None when neither text names one."""
    name = jurisdiction.strip()
    if name.casefold().startswith("the "):
        name = name[4:]
    lines = [line for line in address.strip().splitlines() if line.strip()]
    return country_code(name) or (country_code(lines[-1]) if lines else None)


def registered_address(jurisdiction: str, address: str = "") -> bool:
    """False for an entity whose register knows no registered address in the English sense (a US or Canadian
    corporation or LLC: the agreement names its principal office instead)."""
    return country(jurisdiction, address) not in _tables()["principal_office_countries"]


def anti_corruption_laws(partners: Iterable[Any], law_country: str | None = None, territory: str = "") -> list[str]:
    """The anti-corruption laws of the countries the partners (anything with a jurisdiction and an address)
    are registered in, then of the governing law's country, then of the countries the territory names, each once,
    in that order. The governing law's own country's acts are named as that law names them ("the Bribery Act 2010"
    under English law, "the United Kingdom's Bribery Act 2010" elsewhere)."""
    table, at_home = _tables()["anti_corruption_laws"], _tables()["anti_corruption_laws_at_home"]
    codes = [country(partner.jurisdiction, partner.address) for partner in partners] + [law_country] + sorted(
        countries_named(territory))
    found = (at_home[code] if code == law_country and code in at_home else table.get(code, []) for code in codes)
    return list(dict.fromkeys(text for entry in found for text in entry))


def insolvency_proceedings(partners: Iterable[Any]) -> list[str]:
    """The insolvency proceedings of the partners' countries, as the insolvency reason names them, each once."""
    return _entries("insolvency_proceedings", partners)


def sanctions_authorities(partners: Iterable[Any], law_country: str | None = None) -> list[str]:
    """The countries whose sanctions the clause names beside the four it always names: those of the partners'
    countries and the governing law's that have sanctions of their own, each once."""
    return _entries("sanctions_authorities", partners, law_country)


def _entries(table_name: str, partners: Iterable[Any], law_country: str | None = None) -> list[str]:
    """What a table gives for the partners' countries, then the governing law's (an entry is one text or a list
    of them), each once, in that order; a country the table does not list gives nothing."""
    table = _tables()[table_name]
    codes = [country(partner.jurisdiction, partner.address) for partner in partners] + [law_country]
    found = (table.get(code, []) for code in codes)
    return list(dict.fromkeys(text for entry in found for text in ([entry] if isinstance(entry, str) else entry)))


@cache
def _tables() -> dict:
    return load_yaml(package_file("jurisdictions.yaml").read_text(encoding="utf-8"))
