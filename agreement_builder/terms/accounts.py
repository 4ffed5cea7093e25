"""Who owns which customer accounts: in a co-selling (or other) alliance the partners share out customer
segments, each with an owner and a single point of contact, and agree how joint opportunities are registered
and accounts handed over. The other kinds keep only the registration rule their own clauses use (a referral's
registration, a campaign lead's passing on).

Apart from model.py so that the accounts' terms read together; the model holds them in one field.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .customer_terms import CustomerTerms
from .values import AllianceKind, PartnerKey, StrictModel, Text, WholeNumber


class AccountSegment(StrictModel):
    segment: Text = Field(description="Customer segment or territory, e.g. `DACH enterprise`.")
    owner: PartnerKey = Field(description="Key of the partner who owns these accounts.")
    point_of_contact: Text = Field(description="Role or person who is the single point of contact for these customers.")


# Only in these kinds do the partners share out customer segments between them; in the others each partner
# keeps its own customers, and allocating them (between a supplier and its buyer, or between competitors)
# would be a hardcore restriction of competition.
ACCOUNT_KINDS = (AllianceKind.CO_SELLING, AllianceKind.OTHER)


class Accounts(StrictModel):
    segments: list[AccountSegment] = Field(
        default_factory=list, description="Who owns which accounts (a co-selling or other alliance only, which "
        "needs at least one; the other kinds do not share out customers).")
    registration: Text | None = Field(
        default=None, description="How a partner registers a joint opportunity, a referral or a campaign lead "
        "(not used in a supplier or technology alliance).")
    handover: Text | None = Field(
        default=None, description="How an account is handed over from one partner to the other (a co-selling or "
        "other alliance only).")
    non_solicitation_months: Annotated[WholeNumber, Field(ge=0, le=120)] = Field(
        default=0, description="Months after the alliance ends during which neither partner solicits the other's "
        "accounts (0 for none; a co-selling or other alliance only).")
    customer_terms: CustomerTerms | None = Field(
        default=None, description="Whose terms the customers of a joint offering sign, and who gives them service "
        "levels and support (a co-selling or other alliance, or a technology alliance with a licence to resell; "
        "left out, read from who invoices the customer or resells).")
