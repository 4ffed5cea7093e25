"""The terms on which the partners share personal data about customers: the data-sharing schedule.

Only read when `trust.customer_data_shared` is true. Every field has a default, so an answers file
written before this section existed still builds; the one thing a default cannot settle, whether
personal data leaves the EEA, the UK and Switzerland, is read from where the partners are
registered, and `check` names it when that says nothing (`inferred_transfers` gives None).
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .data_protection import country_code, europe
from .values import PartnerKey, StrictModel, Text, WholeNumber


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
    codes = [country_code(j) for j in jurisdictions]
    if None in codes:
        return None
    return len({code in europe() for code in codes}) > 1
