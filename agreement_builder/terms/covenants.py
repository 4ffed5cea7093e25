"""The promises a deal may add to what every alliance agreement holds: insurance each partner keeps, not
poaching the other's employees, exclusivity and a non-compete. None applies unless the terms ask for it.

Apart from model.py so these read together; the model holds them in one field. A non-compete between partners
that compete binds only during the term: the competition-law clause allows no more (the rule below says so).
"""
from __future__ import annotations

from typing import Annotated, Iterator

from pydantic import Field

from ..errors import Problem, Severity
from .values import BOTH, Amount, StrictModel, Text, WholeNumber


class InsuranceCover(StrictModel):
    kind: Text = Field(description="The kind of insurance, e.g. `professional indemnity`, `cyber liability`.")
    minimum_amount: Amount = Field(description="The least it covers for each claim, in the currency of payments.")


class Exclusivity(StrictModel):
    scope: Text = Field(description="What the exclusivity covers, e.g. `retail analytics offerings for grocery "
                        "chains`: the bound partner does not ally with anyone else for it in the territory.")
    bound: str = Field(default=BOTH, description="Key of the partner bound by it, or `both`.")


class NonCompete(StrictModel):
    scope: Text = Field(description="The business the bound partner does not carry on, e.g. `offering retail "
                        "analytics software that competes with the joint offering`.")
    territory: str | None = Field(
        default=None, description="Where it applies (left out, the alliance's territory).")
    months_after: Annotated[WholeNumber, Field(ge=0, le=24)] = Field(
        default=0, description="Months after the alliance ends that it still applies (0: during the term only; "
        "always 0 when the partners compete).")
    bound: str = Field(default=BOTH, description="Key of the partner bound by it, or `both`.")


class Covenants(StrictModel):
    insurance: list[InsuranceCover] = Field(
        default_factory=list, description="Insurance each partner keeps during the term and for a year after it "
        "(none unless listed).")
    employee_non_solicitation_months: Annotated[WholeNumber, Field(ge=0, le=24)] = Field(
        default=0, description="Months after the alliance ends during which neither partner solicits the other's "
        "employees who worked on it (0 for no such promise).")
    exclusivity: Exclusivity | None = Field(
        default=None, description="An exclusivity (optional; left out, the agreement says the alliance is not "
        "exclusive).")
    non_compete: NonCompete | None = Field(default=None, description="A non-compete (optional).")


def covenants_problems(terms) -> Iterator[Problem]:
    """What the covenants get wrong together with the rest of the deal (`rules.py` runs it)."""
    covenants = terms.covenants or Covenants()
    keys = [p.key for p in terms.partners]
    for name in ("exclusivity", "non_compete"):
        given = getattr(covenants, name)
        if given is not None and given.bound not in [*keys, BOTH]:
            yield Problem(f"covenants.{name}.bound", f"{given.bound!r} is not one of the two partners",
                          f"use {' or '.join(map(repr, [*keys, BOTH]))}", Severity.ERROR)
    non_compete = covenants.non_compete
    if non_compete is not None and non_compete.months_after and terms.trust.partners_compete:
        yield Problem("covenants.non_compete.months_after", "the partners compete, so the non-compete binds only "
                      "during the term: competition law rarely allows competitors to stay out of a market after "
                      "their cooperation ends", "set months_after to 0, or take legal advice", Severity.WARNING)
