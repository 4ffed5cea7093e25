"""The technology terms of a technology alliance: who owns what is developed, the licences each partner
gives the other, security, and an optional source-code escrow.

Apart from the model (model.py) because only one kind of alliance has them. Every field has a default
that suits most technology alliances, so an answers file written before the section existed still builds.
Which licences pay royalties is not stored here: the licence clauses read it from the money flows.
"""
from __future__ import annotations

from typing import Annotated, Iterator

from pydantic import Field

from ..errors import Problem, Severity
from .values import (
    AllianceKind,
    JointOwnership,
    LicensedUse,
    PartnerKey,
    PaymentBasis,
    ReleaseEvent,
    StrictModel,
    Text,
    WholeNumber,
)


class Licence(StrictModel):
    licensor: PartnerKey = Field(description="Key of the partner whose technology is licensed; the other partner "
                                 "is the licensee.")
    technology: Text = Field(description="The technology licensed, e.g. `the Nordlys speech engine (SDK and "
                             "language models)`.")
    use: LicensedUse = Field(description="`resell` (as it is, to customers), `embed` (in the licensee's own "
                             "products) or `internal` (internal use for the alliance only).")


class Security(StrictModel):
    vulnerability_notice_days: Annotated[WholeNumber, Field(gt=0, le=90)] = Field(
        default=5, description="Days within which a partner tells the other of a serious vulnerability it finds "
        "in its technology used in the alliance.")
    incident_notice_hours: Annotated[WholeNumber, Field(gt=0, le=720)] = Field(
        default=48, description="Hours within which a partner tells the other of a security incident affecting "
        "the alliance's technology or the other's information.")


class Escrow(StrictModel):
    depositor: PartnerKey = Field(description="Key of the partner that deposits the source code of its technology.")
    agent: str | None = Field(
        default=None, description="The escrow agent, e.g. `NCC Group Escrow`. Left out, the partners choose one "
        "together.")
    release_events: list[ReleaseEvent] = Field(
        default_factory=lambda: [ReleaseEvent.INSOLVENCY, ReleaseEvent.END_OF_SUPPORT],
        min_length=1, description="What releases the code: `insolvency`, `end_of_support` (the depositor stops "
        "giving the support it owes, after notice), `uncured_breach` (of its support obligations).")
    deposit_days: Annotated[WholeNumber, Field(gt=0, le=365)] = Field(
        default=30, description="Days after the technology is first delivered, and after each new major release, within which the "
        "code is deposited.")


class Technology(StrictModel):
    joint_developments: JointOwnership = Field(
        default=JointOwnership.JOINT, description="Who owns what the partners develop together: `joint` (both, "
        "each free to use and license it without accounting to the other) or `one_partner` (the partner named "
        "in `joint_owner`, which licenses it to the other).")
    joint_owner: PartnerKey | None = Field(
        default=None, description="Key of the partner that owns joint developments (when `joint_developments` is "
        "`one_partner`).")
    licences: list[Licence] = Field(
        default_factory=list, description="What each partner may do with the other's technology beyond working on "
        "the alliance. A licence is royalty-bearing where the licensee pays the licensor a royalty (money.flows, "
        "basis `royalty`), royalty-free otherwise.")
    sell_off_months: Annotated[WholeNumber, Field(ge=0, le=24)] = Field(
        default=6, description="Months after the alliance ends during which a licensee may still sell what it holds "
        "and fulfil orders taken before the end.")
    security: Security = Field(default_factory=Security, description="Security notices between the partners.")
    escrow: Escrow | None = Field(default=None, description="Source-code escrow (optional).")


def technology_problems(terms) -> Iterator[Problem]:
    """What a technology alliance's terms get wrong together with the rest of the deal (`rules.py` runs it)."""
    given = getattr(terms, "technology", None)
    if terms.alliance.kind is not AllianceKind.TECHNOLOGY:
        if given is not None:
            yield Problem("technology", f"technology terms are given but the alliance is {terms.alliance.kind.value}",
                          "remove the technology section, or set alliance.kind: technology", Severity.ERROR)
        return
    technology = given or Technology()
    keys = [p.key for p in terms.partners]
    if technology.joint_developments is JointOwnership.ONE_PARTNER and technology.joint_owner not in keys:
        yield Problem("technology.joint_owner", "joint developments belong to one partner, but it is not said which"
                      if technology.joint_owner is None else f"{technology.joint_owner!r} is not one of the partners",
                      f"set technology.joint_owner to {' or '.join(map(repr, keys))}", Severity.ERROR)
    for i, licence in enumerate(technology.licences):
        if licence.licensor not in keys:
            yield Problem(f"technology.licences[{i}].licensor", f"{licence.licensor!r} is not one of the partners",
                          f"use {' or '.join(map(repr, keys))}", Severity.ERROR)
    if technology.escrow is not None and technology.escrow.depositor not in keys:
        yield Problem("technology.escrow.depositor", f"{technology.escrow.depositor!r} is not one of the partners",
                      f"use {' or '.join(map(repr, keys))}", Severity.ERROR)
    for i, flow in enumerate(terms.money.flows):
        if flow.basis is PaymentBasis.ROYALTY and not any(
                licence.licensor == flow.payee and licence.use is not LicensedUse.INTERNAL
                for licence in technology.licences):
            yield Problem(f"money.flows[{i}]", f"a royalty is paid to {flow.payee!r}, but no licence in "
                          "technology.licences lets the payer resell or embed its technology",
                          f"add a licence with licensor: {flow.payee} and use: resell or embed", Severity.ERROR)
