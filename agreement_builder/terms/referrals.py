"""How referrals work in a referral alliance: which way they go, acceptance, the fee base, the tail."""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from .values import BOTH, PaymentBasis, PositiveDays, StrictModel, WholeNumber


class Referrals(StrictModel):
    direction: str | None = Field(
        default=None, description="Which partner refers customers to the other: its key, or `both` when each "
        "refers customers to the other. Left out, it is read from the referral fees: a partner paid a referral "
        "fee is a partner that refers.")
    acceptance_days: PositiveDays = Field(
        default=10, description="Days the receiving partner has to accept or decline a registered referral.")
    fee_base: str | None = Field(
        default=None, description="What a referral fee is calculated on, in the partners' own words (e.g. "
        "`the fees invoiced to the referred customer in the first 12 months of its first contract, net of tax, "
        "discounts and refunds`). Left out, the agreement's standard definition of the fee base applies.")
    tail_months: Annotated[WholeNumber, Field(gt=0, le=60)] = Field(
        default=12, description="Months after a referral is registered within which the referred customer must "
        "sign for the fee to be earned, even if the alliance has ended by then.")
    non_circumvention: bool = Field(
        default=True, description="Does the receiving partner undertake not to go around the referring partner "
        "(dealing with a referred customer so as to avoid the fee)?")
    fee_disclosure: bool = Field(
        default=False, description="Must a referring partner that advises its own clients tell them about the "
        "referral fee before they sign?")


def inferred_referrer(money: Any) -> str | None:
    """Who refers, read from the referral fees: the one partner paid one, `both` when each is; None when
    no referral fee is paid (nothing to go on)."""
    payees = {flow.payee for flow in money.flows if flow.basis is PaymentBasis.REFERRAL_FEE}
    if len(payees) == 1:
        return payees.pop()
    return BOTH if len(payees) > 1 else None
