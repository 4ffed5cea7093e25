"""The limit on each partner's liability: what the cap is measured by, and the floor it never falls below.

Apart from model.py so the cap reads as one section; the model holds it in one optional field. Left out, the
cap is the amounts paid or payable under the agreement in the 12 months before the claim, never less than
the usual floor for the currency of payments (data/liability.yaml).
"""
from __future__ import annotations

from decimal import Decimal
from functools import cache

from pydantic import Field

from ..resources import package_file
from ..safe_yaml import load_yaml
from .values import Amount, CapBasis, StrictModel


class Liability(StrictModel):
    cap_basis: CapBasis = Field(
        default=CapBasis.FEES_12_MONTHS, description="`fees_12_months`: each partner's liability is limited to the "
        "amounts paid or payable under the agreement in the 12 months before the event giving rise to the claim; "
        "`fixed`: to `cap_amount`.")
    cap_amount: Amount | None = Field(
        default=None, description="The cap, in the currency of payments (required when `cap_basis` is `fixed`).")
    floor_amount: Amount | None = Field(
        default=None, description="The cap is never less than this, in the currency of payments. Left out, a "
        "usual floor for that currency (50,000 in EUR, USD, GBP or CHF), or none for a currency without one.")


def completed(given: Liability | None, currency: str) -> Liability:
    """The cap a deal works by: the usual one where none is given, with the currency's usual floor where
    the terms name none."""
    liability = given or Liability()
    if liability.floor_amount is None and currency in _floors():
        liability = liability.model_copy(update={"floor_amount": Decimal(_floors()[currency])})
    return liability


@cache
def _floors() -> dict[str, int]:
    return load_yaml(package_file("liability.yaml").read_text(encoding="utf-8"))["usual_floor"]
