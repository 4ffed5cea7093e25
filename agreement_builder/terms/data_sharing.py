"""The terms on which the partners share personal data about customers: the data-sharing schedule.

Only read when `trust.customer_data_shared` is true. Every field has a default, so an answers file
written before this section existed still builds; the one thing a default cannot settle, whether
personal data leaves the EEA, the UK and Switzerland, is read from where the partners are
registered, and `check` names it when that says nothing (`inferred_transfers` gives None).
"""
from __future__ import annotations

from functools import cache
from typing import Annotated

from babel import Locale
from pydantic import Field

from .values import PartnerKey, StrictModel, Text, WholeNumber

# The EEA (the EU's 27, Iceland, Liechtenstein, Norway), the UK and Switzerland: data moves freely
# between them, so only a transfer beyond them needs safeguards (GDPR, UK GDPR, Swiss FADP).
_FREE_FLOW = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO GB CH".split())
# The United Kingdom's registers, which ISO 3166-2 does not name as one.
_PARTS = {"england and wales": "GB"}


class ProcessingRole(StrictModel):
    partner: PartnerKey = Field(description="Key of the partner that processes personal data on the other's "
                                  "behalf (the other partner is the controller of that data).")
    activity: Text = Field(description="What it does with the data for the other partner, e.g. `runs the "
                           "first-line support desk for the joint offering's customers`.")


class DataSharing(StrictModel):
    categories: list[Text] = Field(
        default_factory=list, description="Categories of personal data the partners share. Left empty, the "
        "agreement's standard ones apply (business contact details and the record of contacts).")
    purposes: list[Text] = Field(
        default_factory=list, description="What shared personal data may be used for. Left empty, only for the "
        "opportunities of the alliance.")
    processing: list[ProcessingRole] = Field(
        default_factory=list, description="Where a partner processes personal data on the other's behalf for the "
        "alliance (as its processor), what it does. Left empty, each partner is a separate controller of the "
        "personal data it holds.")
    retention: str | None = Field(
        default=None, description="How long shared personal data is kept, e.g. `until 30 days after the "
        "opportunity it was shared for is won or lost`. Left out, the agreement's standard rule applies.")
    transfers_outside_europe: bool | None = Field(
        default=None, description="Does shared personal data that is subject to the data protection law of the EEA, "
        "the UK or Switzerland go to a country outside them? Left out, it is read from where the partners are "
        "registered: yes when one is inside them and the other outside.")
    transfer_safeguards: str | None = Field(
        default=None, description="How such transfers are protected, e.g. `EU Standard Contractual Clauses "
        "with the UK Addendum`. Left out, the standard contractual clauses approved under the applicable law apply.")
    security: list[Text] = Field(
        default_factory=list, description="Security measures each partner applies to shared personal data. "
        "Left empty, the agreement's standard measures apply.")
    breach_notice_hours: Annotated[WholeNumber, Field(gt=0, le=168)] = Field(
        default=48, description="Hours within which a partner tells the other of a personal data breach "
        "affecting shared data.")


def completed(given: DataSharing | None, jurisdictions: list[str]) -> DataSharing:
    """The data-sharing terms a deal sharing customer data works by: the usual ones where none are
    given, with transfers read from the partners' jurisdictions where the answers leave them out."""
    sharing = given or DataSharing()
    if sharing.transfers_outside_europe is None:
        sharing = sharing.model_copy(update={"transfers_outside_europe": inferred_transfers(jurisdictions)})
    return sharing


def inferred_transfers(jurisdictions: list[str]) -> bool | None:
    """True when one partner is registered inside the EEA, the UK and Switzerland and the other outside;
    False when both are on the same side (data from Europe then has no partner abroad to go to, or the
    partners share none); None when a jurisdiction names no country this knows, so nothing is inferred."""
    codes = [_country_code(j) for j in jurisdictions]
    if None in codes:
        return None
    return len({code in _FREE_FLOW for code in codes}) > 1


def _country_code(jurisdiction: str) -> str | None:
    # "Zurich, Switzerland" names its country after the last comma, as an address does on its last line;
    # a register that is a part of a country ("Delaware", "Ontario", "England and Wales") names that part.
    name = jurisdiction.strip().rsplit(",", 1)[-1].strip().rstrip(".").casefold()
    return _PARTS.get(name) or _countries().get(name) or _subdivision_country(name)


@cache
def _countries() -> dict[str, str]:
    names = {name.casefold(): code for code, name in Locale.parse("en").territories.items() if len(code) == 2}
    return names | {"uk": "GB", "usa": "US", "us": "US", "united states of america": "US"}


def _subdivision_country(name: str) -> str | None:
    import pycountry  # its ISO 3166-2 tables take a tenth of a second to load: only when a name needs them

    try:
        return pycountry.subdivisions.lookup(name).country_code
    except LookupError:
        return None
