"""A supplier alliance's supply terms: which partner supplies and which buys, and either the separate
supply agreement that governs the supply or the few terms the agreement itself sets for it.

Apart from model.py because only one kind of alliance has them. Every field has a default or may be
left out, so that an answers file written before the section existed still builds: the supplier is
then read from who pays whom (`inferred_supplier`).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import Enum
from typing import Annotated

from pydantic import Field, model_validator

from .values import EARLIEST, LATEST, PartnerKey, Percentage, PositiveDays, StrictModel, Text, WholeNumber

SupplyDate = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]


class CapacityPeriod(str, Enum):
    """The period for which capacity is reserved, used up by orders and released."""
    MONTH = "month"
    QUARTER = "quarter"


class SupplyAgreement(StrictModel):
    name: Text = Field(description="Name of the separate agreement that governs the supply, e.g. "
                                   "`Framework Supply Agreement`.")
    signed_on: SupplyDate | None = Field(
        default=None, description="Date it was signed, when it already has been (YYYY-MM-DD).")
    sign_by: SupplyDate | None = Field(
        default=None, description="Date by which the partners are to sign it, when it is not signed yet "
                                  "(YYYY-MM-DD).")


class Supply(StrictModel):
    supplier: PartnerKey | None = Field(
        default=None, description="Key of the partner that supplies; the other partner buys. Left out, it is "
        "read from the payments: the partner the other pays, or else the partner named to invoice.")
    products: str | None = Field(
        default=None, description="What the supplier supplies, e.g. `machined aluminium housings made to the "
        "buyer's drawings`. Left out, the agreement speaks of the products the supplier supplies to the buyer.")
    agreement: SupplyAgreement | None = Field(
        default=None, description="A separate supply agreement that governs orders, prices, delivery, "
        "acceptance, warranty and recall. Left out, the supply terms below apply.")
    first_forecast_by: SupplyDate | None = Field(
        default=None, description="Date by which the buyer gives its first forecast (YYYY-MM-DD); later ones follow "
        "monthly. Left out, the deadline of the buyer's deliverable that names a forecast, else the tenth working day "
        "of the first month.")
    forecast_months: Annotated[WholeNumber, Field(gt=0, le=36)] = Field(
        default=6, description="Months each rolling forecast of the buyer's needs covers.")
    binding_forecast_months: Annotated[WholeNumber, Field(ge=0, le=36)] = Field(
        default=0, description="Months at the start of each forecast that bind the buyer to order what it "
        "forecast (0: forecasts never bind).")
    lead_time_days: PositiveDays = Field(
        default=30, description="Days from a confirmed order to delivery, unless the order allows longer.")
    reserved_capacity: str | None = Field(
        default=None, description="Capacity the supplier keeps available for the buyer, e.g. `20,000 units a "
        "calendar quarter`. Left out, none is reserved.")
    capacity_period: CapacityPeriod = Field(
        default=CapacityPeriod.MONTH, description="The period the reserved capacity is given for: `month` (each "
        "calendar month) or `quarter` (each calendar quarter). Left out, a quarter where the reserved capacity "
        "mentions one, else a month.")
    shortfall_charge_percent: Percentage = Field(
        default=0, description="Share of the price of reserved capacity the buyer leaves unused in a calendar "
        "quarter that it pays for all the same (0: unused capacity is released at no charge).")
    prices: str | None = Field(
        default=None, description="How the prices are set, e.g. `the price list attached to the supply "
        "quotation of 3 May 2027, fixed for the first 12 months`. Left out, the supplier's price list in force "
        "when an order is placed.")
    price_change_notice_days: PositiveDays = Field(
        default=90, description="Days' notice the supplier gives before a price change applies to new orders.")
    delivery_terms: str | None = Field(
        default=None, description="Where and how delivery is made, e.g. an Incoterm and place: `FCA Supplier's "
        "works, Sheffield (Incoterms 2020)`. Left out, delivery is made at the supplier's premises.")
    acceptance_days: PositiveDays = Field(
        default=10, description="Days after delivery within which the buyer inspects and may reject a delivery.")
    first_article_approval: bool | None = Field(
        default=None, description="Must the buyer approve first samples of each product (first articles) before "
        "volume production starts? Left out, yes where a deliverable or a payment names a first-article approval.")
    first_article_review_days: PositiveDays = Field(
        default=15, description="Days after receiving first-article samples within which the buyer approves them "
        "or rejects them with its reasons.")
    warranty_months: Annotated[WholeNumber, Field(gt=0, le=120)] = Field(
        default=12, description="Months after delivery during which the supplier remedies defects.")
    last_time_buy_notice_months: Annotated[WholeNumber, Field(gt=0, le=60)] = Field(
        default=6, description="Months' notice the supplier gives before it stops making a product, during "
        "which the buyer may place a last order for it.")


    @model_validator(mode="after")
    def _capacity_period(self) -> "Supply":
        # Files written before the period was asked for give it, if at all, in the capacity's own words.
        given = "capacity_period" in self.model_fields_set
        if not given and self.reserved_capacity and "quarter" in self.reserved_capacity.casefold():
            self.capacity_period = CapacityPeriod.QUARTER
        return self


FIRST_ARTICLE = re.compile(r"first[- ]articles?\b", re.IGNORECASE)
FORECAST = re.compile(r"\bforecast", re.IGNORECASE)


def completed_supply(supply: Supply, deliverables: list[tuple[str, str, dt.date]], flows: Sequence,
                     invoicer: str | None) -> Supply:
    """The supply terms with what a file leaves out read from the rest of the deal: its deliverables (partner,
    description, deadline) and its payment flows."""
    if supply.supplier is None:
        supply = supply.model_copy(update={"supplier": inferred_supplier({flow.payee for flow in flows}, invoicer)})
    if supply.first_article_approval is None:  # files written before it was asked say so in their own words
        texts = [description for _, description, _ in deliverables] + [flow.trigger for flow in flows]
        supply = supply.model_copy(update={"first_article_approval": names_first_articles(texts)})
    if supply.first_forecast_by is None:  # the buyer's first forecast is due when its commitments say
        supply = supply.model_copy(update={"first_forecast_by": first_forecast_deadline(
            [(description, deadline) for partner, description, deadline in deliverables
             if partner != supply.supplier])})
    return supply


def names_first_articles(texts: list[str]) -> bool:
    """Whether the deal's own words (deliverables, payment triggers) rely on a first-article approval."""
    return any(FIRST_ARTICLE.search(text) for text in texts)


def first_forecast_deadline(deliverables: list[tuple[str, dt.date]]) -> dt.date | None:
    """The date by which the buyer's own deliverables (description, deadline) have it give a forecast, so that
    the supply terms ask for the first Forecast when the schedule of commitments does; None when none names one."""
    return min((deadline for description, deadline in deliverables if FORECAST.search(description)), default=None)


def inferred_supplier(payees: set[str], invoicer: str | None) -> str | None:
    """Who supplies, for a file that does not say: the one partner every payment goes to (a buyer pays its
    supplier), else the partner named to invoice (files written before the supply section named the supplier
    there); None when nothing shows it."""
    if len(payees) == 1:
        return next(iter(payees))
    return invoicer
