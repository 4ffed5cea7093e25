"""Deal rules for what each kind of alliance needs: who invoices the customer, who owns which accounts,
which way referrals go, co-marketing costs, who supplies whom, and a technology alliance's owners, licences
and royalties."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .. import vocabulary
from ..errors import Problem
from .accounts import ACCOUNT_KINDS
from .marketing import Marketing
from .model import BOTH, AllianceKind, PaymentBasis, Referrals, Terms, inferred_referrer
from .registry import blank as _blank
from .registry import error as _error
from .registry import rule
from .registry import warning as _warning
from .supply import CapacityPeriod, Supply, inferred_supplier
from .technology import technology_problems
from .values import CampaignCosts

# --------------------------------------------------------------------------- accounts


@rule("alliance", "accounts")
def accounts_fit_the_kind(terms: Terms) -> Iterator[Problem]:
    kind, accounts = terms.alliance.kind, terms.accounts
    if kind in ACCOUNT_KINDS:
        if not accounts.segments:
            yield _error("accounts.segments", "no customer segment or territory has an owner",
                         "list at least one segment with the partner that owns its accounts")
        for field, what in (("registration", "how a joint opportunity is registered"),
                            ("handover", "how an account is handed over")):
            if _blank(getattr(accounts, field)):
                yield _error(f"accounts.{field}", f"it is not said {what}", f"describe it in accounts.{field}")
        return
    uses_registration = kind in (AllianceKind.REFERRAL, AllianceKind.CO_MARKETING)
    if uses_registration and _blank(accounts.registration):
        what = "a referral is registered" if kind is AllianceKind.REFERRAL else "a campaign lead is passed on"
        yield _error("accounts.registration", f"it is not said how {what}", "describe it in accounts.registration")
    # Answers files written before these kinds drafted as their own have the co-selling fields: they build,
    # and each partner keeps its own customers.
    ignored = [("segments", bool(accounts.segments)), ("handover", accounts.handover is not None),
               ("non_solicitation_months", accounts.non_solicitation_months > 0),
               ("registration", not uses_registration and accounts.registration is not None)]
    for field, given in ignored:
        if given:
            yield _warning(f"accounts.{field}", f"a {vocabulary.word(kind)} alliance does not share out customers between "
                           "the partners, so this is not drafted: each partner keeps its own customers",
                           f"delete accounts.{field}")


# --------------------------------------------------------------------------- referrals


@rule("alliance", "money")
def customer_invoiced_by_named(terms: Terms) -> Iterator[Problem]:
    # In a referral alliance the partner receiving a referral invoices its own customer, in a co-marketing
    # or a technology alliance each partner invoices its own, and in a supplier alliance the buyer is a partner, invoiced by the
    # supplier; in any other kind the agreement has to say which partner invoices the customer of a sale made
    # through it.
    kinds_without = (AllianceKind.REFERRAL, AllianceKind.CO_MARKETING, AllianceKind.SUPPLIER, AllianceKind.TECHNOLOGY)
    if terms.alliance.kind not in kinds_without and terms.money.customer_invoiced_by is None:
        yield _error("money.customer_invoiced_by", "no partner is named to invoice the customer",
                     "give the key of the partner who invoices customers for sales made through the alliance")


def _only_in_its_kind(terms: Terms, section: str, words: str, kind: AllianceKind) -> Iterator[Problem]:
    """A kind's own section given in an answers file of another kind: an error, not silently ignored."""
    if getattr(terms, section, None) is not None:
        yield _error(section, f"{words} terms are given but the alliance is {terms.alliance.kind.value}",
                     f"remove the {section} section, or set alliance.kind: {kind.value}")


@rule("alliance", "partners", "money")
def referrals_make_sense(terms: Terms) -> Iterator[Problem]:
    given = getattr(terms, "referrals", None)
    if terms.alliance.kind is not AllianceKind.REFERRAL:
        # A co-selling deal's referral fees take their registration, tail and fee base from these terms.
        if not (terms.alliance.kind is AllianceKind.CO_SELLING and inferred_referrer(terms.money)):
            yield from _only_in_its_kind(terms, "referrals", "referral", AllianceKind.REFERRAL)
        return
    if terms.money.revenue_splits:
        yield _error("money.revenue_splits", "a referral alliance has no joint offering whose revenue is split",
                     "pay the referring partner a referral fee (money.flows), or change alliance.kind")
    referrals = given or Referrals()
    direction = referrals.direction or inferred_referrer(terms.money)
    keys = [p.key for p in terms.partners]
    if direction is None:
        yield _error("referrals.direction", "it is not said which partner refers customers, and no referral fee "
                     "shows it", f"set referrals.direction to {' or '.join(repr(k) for k in keys + [BOTH])}")
        return
    if direction not in keys + [BOTH]:
        yield _error("referrals.direction", f"{direction!r} is not one of the two partners",
                     f"use {' or '.join(repr(k) for k in keys + [BOTH])}")
        return
    for i, flow in enumerate(terms.money.flows):
        if flow.basis is not PaymentBasis.REFERRAL_FEE or direction == BOTH:
            continue
        if flow.payee != direction:
            yield _error(f"money.flows[{i}].payee", f"a referral fee is paid to {flow.payee!r}, which does not "
                         f"refer customers (referrals.direction is {direction!r})",
                         "a referral fee is paid by the partner receiving referrals to the partner that refers; "
                         "fix the payer and payee, or set referrals.direction: both")


# --------------------------------------------------------------------------- co-marketing


@rule("alliance", "money")
def marketing_terms_make_sense(terms: Terms) -> Iterator[Problem]:
    given = getattr(terms, "marketing", None)
    if terms.alliance.kind is not AllianceKind.CO_MARKETING:
        yield from _only_in_its_kind(terms, "marketing", "co-marketing", AllianceKind.CO_MARKETING)
        return
    if terms.money.revenue_splits:  # a warning: answers files written before the kind drafted as its own have them
        yield _warning("money.revenue_splits", "in a co-marketing alliance each partner sells its own products, so "
                       "there is no joint offering whose revenue is split", "remove the revenue splits, or set "
                       "alliance.kind: co_selling")
    marketing = given or Marketing()
    if marketing.campaign_costs is not CampaignCosts.SHARED:
        for field, value in (("cost_shares", marketing.cost_shares), ("yearly_budget", marketing.yearly_budget)):
            if value:
                yield _error(f"marketing.{field}", "each partner bears its own campaign costs, so nothing is shared",
                             f"set marketing.campaign_costs: shared, or remove marketing.{field}")
        return
    total = sum((share.percentage for share in marketing.cost_shares), Decimal(0))
    partners = [share.partner for share in marketing.cost_shares]
    if not partners:
        yield _error("marketing.cost_shares", "campaign costs are shared but no shares are given",
                     "give each partner's percentage of the shared costs; together 100%")
    elif len(set(partners)) < len(partners):
        yield _error("marketing.cost_shares", "a partner has two shares of the campaign costs", "give each one share")
    elif total != 100:
        yield _error("marketing.cost_shares", f"the shares of the campaign costs add up to {total.normalize():f}%, "
                     "not 100%", "adjust the percentages so the partners' shares make 100%")
# --------------------------------------------------------------------------- supply


@rule("alliance", "partners", "money")
def supply_makes_sense(terms: Terms) -> Iterator[Problem]:
    supply = getattr(terms, "supply", None)
    if terms.alliance.kind is not AllianceKind.SUPPLIER:
        yield from _only_in_its_kind(terms, "supply", "supply", AllianceKind.SUPPLIER)
        return
    keys = [p.key for p in terms.partners]
    if supply is None or supply.supplier is None:  # absent before the model filled it in (a partial check)
        supply = (supply or Supply()).model_copy(update={"supplier": inferred_supplier(
            {flow.payee for flow in terms.money.flows}, terms.money.customer_invoiced_by)})
    if supply.supplier is None:
        yield _error("supply.supplier", "it is not said which partner supplies the other, and the payments do "
                     "not show it", f"set supply.supplier to {' or '.join(repr(k) for k in keys)}")
    elif supply.supplier not in keys:
        yield _error("supply.supplier", f"{supply.supplier!r} is not one of the two partners",
                     f"use {' or '.join(repr(k) for k in keys)}")
    agreement = supply.agreement
    if agreement is not None and (agreement.signed_on is None) == (agreement.sign_by is None):
        yield _error("supply.agreement", "the supply agreement needs either the date it was signed or the date "
                     "by which it is to be signed, not both and not neither",
                     "give supply.agreement.signed_on (signed) or supply.agreement.sign_by (to be signed)")
    if agreement is not None:
        return  # the separate agreement sets the rest
    if supply.binding_forecast_months > supply.forecast_months:
        yield _error("supply.binding_forecast_months", "more months of a forecast bind than the forecast covers",
                     f"use at most {supply.forecast_months} (supply.forecast_months), or 0 if forecasts never bind")
    if supply.shortfall_charge_percent and _blank(supply.reserved_capacity):
        yield _error("supply.shortfall_charge_percent", "unused capacity is charged for, but no capacity is "
                     "reserved", "describe supply.reserved_capacity, or set the charge to 0")
    quarterly = not _blank(supply.reserved_capacity) and supply.capacity_period is CapacityPeriod.QUARTER
    if quarterly and supply.forecast_months < 3:
        yield _error("supply.forecast_months", "capacity is reserved for each calendar quarter, but a forecast "
                     "does not cover a whole quarter", "forecast at least 3 months ahead, or reserve capacity "
                     "for each month (supply.capacity_period: month)")


# --------------------------------------------------------------------------- technology

rule("alliance", "partners", "money", "technology")(technology_problems)
