"""The terms the customers of a joint offering buy on: whose contract they sign, who gives them service levels,
and who supports them at the first and the second line. A co-selling (or other) alliance's joint offering, and
a technology alliance in which a partner resells the other's technology, have them.

Each field may be left out: it is then read from the deal. The partner that invoices the customer (the reseller,
in a technology alliance) contracts with it, gives the service levels and takes its calls; the second line is
each partner for its own products (the licensor, for technology it licenses for resale).
"""
from __future__ import annotations

from typing import Iterator

from pydantic import Field

from ..errors import Problem, Severity
from .values import BOTH, AllianceKind, LicensedUse, PartnerKey, StrictModel

KINDS = (AllianceKind.CO_SELLING, AllianceKind.OTHER)


class CustomerTerms(StrictModel):
    contract_by: PartnerKey | None = Field(
        default=None, description="Key of the partner whose customer terms the customer signs (left out, the "
        "partner that invoices the customer, or the reseller of licensed technology).")
    service_levels_by: PartnerKey | None = Field(
        default=None, description="Key of the partner that gives the customer the service levels (left out, the "
        "partner whose terms the customer signs).")
    first_line_support_by: PartnerKey | None = Field(
        default=None, description="Key of the partner that takes the customer's requests and incidents and "
        "solves what it can (left out, the partner whose terms the customer signs).")
    second_line_support_by: str | None = Field(
        default=None, description="Key of the partner that solves what the first line passes on, or `both` "
        "(each for its own products); left out, `both`, or the licensor for licensed technology.")


def reseller_licence(terms):
    """The first licence under which a partner resells the other's technology, or None."""
    technology = getattr(terms, "technology", None)
    if terms.alliance.kind is not AllianceKind.TECHNOLOGY or technology is None:
        return None
    return next((licence for licence in technology.licences if licence.use is LicensedUse.RESELL), None)


def applies(terms) -> bool:
    """Does this deal have customers of a joint offering?"""
    return terms.alliance.kind in KINDS or reseller_licence(terms) is not None


def completed(terms) -> CustomerTerms:
    """The customer terms a deal works by, each field left out read from the deal as the module says."""
    given = terms.accounts.customer_terms or CustomerTerms()
    licence = reseller_licence(terms)
    if licence is not None:
        seller, second = terms.other(licence.licensor).key, licence.licensor
    else:
        seller, second = terms.money.customer_invoiced_by or terms.partners[0].key, BOTH
    contract = given.contract_by or seller
    return CustomerTerms(contract_by=contract, service_levels_by=given.service_levels_by or contract,
                         first_line_support_by=given.first_line_support_by or contract,
                         second_line_support_by=given.second_line_support_by or second)


def customer_terms_problems(terms) -> Iterator[Problem]:
    """What the customer terms get wrong together with the rest of the deal (`rules.py` runs it)."""
    given = terms.accounts.customer_terms
    if given is None:
        return
    if not applies(terms):
        yield Problem("accounts.customer_terms", "customer terms are given but the deal has no joint offering "
                      "(a co-selling or other alliance, or a technology alliance with a licence to resell)",
                      "remove accounts.customer_terms", Severity.WARNING)
        return
    keys = [p.key for p in terms.partners]
    for name in ("contract_by", "service_levels_by", "first_line_support_by", "second_line_support_by"):
        key = getattr(given, name)
        allowed = [*keys, BOTH] if name == "second_line_support_by" else keys
        if key is not None and key not in allowed:
            yield Problem(f"accounts.customer_terms.{name}", f"{key!r} is not one of the two partners",
                          f"use {' or '.join(map(repr, allowed))}", Severity.ERROR)
