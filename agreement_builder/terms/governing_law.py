"""The law that governs a deal, and the drafting conventions it decides (data/governing_laws.yaml).

`disputes.governing_law` is a key of a supported law (`new_york`) or text as the partners wrote it ("the
laws of the State of New York"). Text stays as typed in the agreement; it is read here only to find the
law it names, so the paper, spelling, courts, taxes and interest follow it. A law the table does not know
is drafted with the neutral profile, and `check` says so.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..conventions import Conventions
from ..resources import package_file
from ..safe_yaml import load_yaml
from .data_protection import country_code

FILE = "governing_laws.yaml"


class LateInterest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    rate: str
    statute: str | None = None  # the rate is this statute's
    remedy_act: str | None = None  # the rate is agreed as a substantial remedy under this act instead of its own
    recovery_fee: str | None = None  # a fixed sum for recovery costs the law adds


class Institution(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    name: str
    rules: str


class LawProfile(BaseModel):
    """One law's conventions. `key` is None for the neutral profile (a law the table does not know)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str | None = None
    label: str
    law: str | None = None
    country: str | None = None
    names: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    paper: str
    spelling: str
    language: str
    locale: str
    courts: str
    seat_courts: dict[str, str] = {}
    jury_waiver: bool
    conflict_rules: bool
    general_obligations_law: bool = False
    process_agent: bool
    service_by_notice: bool
    sales_tax: str
    late_interest: LateInterest
    institutions: tuple[str, ...]
    mediation_body: str | None = None  # appoints a mediator when the partners cannot agree on one
    partnership_form: str | None = None  # the partnership a shared purpose can create under this law by itself
    co_ownership: str | None = None  # a co-owner's right to end the co-ownership, excluded by name
    liability_style: str = "standard"  # standard | german (liability graded by fault, as German standard terms must be)
    notice_post: str = "registered post"  # the tracked postal service a notice may be sent by
    commercial_chamber: str | None = None  # the chamber for commercial matters merchants' disputes go to
    common_law: bool = True  # False for a civil-law system, which knows no injunction test or forum non conveniens
    signature_form: str | None = None  # how a signed change must be signed where the law's written form is strict
    gross_negligence: bool = True  # False where the law gives gross negligence no settled meaning (English law)
    wilful_misconduct: bool = True  # False where the law gives wilful misconduct no settled meaning (English law)
    assignment_rule: str | None = None  # a statute that makes some assignments in breach effective all the same
    personal_injury_carve_out: bool = False  # the law's own formula keeps liability for negligent death or injury
    third_party_act: str | None = None  # the statute that would otherwise give a non-party a right to enforce
    # What escalating a dispute does to limitation: runs (nothing: a partner protects a claim by starting proceedings
    # and having them stayed), suspended (the agreement suspends it, as German law allows), interrupted (the notice is
    # the written demand that interrupts it under Swedish law); the statute that allows it
    escalation_limitation: Literal["runs", "suspended", "interrupted"] = "runs"
    limitation_statute: str | None = None

    def courts_for(self, venue: str) -> str:
        """The courts a dispute goes to, for a venue such as "New York, USA" (its city is what counts)."""
        city = _city(venue)
        fixed = self.seat_courts.get(city.casefold())
        return fixed if fixed is not None else self.courts.replace("{seat}", city)

    def suggested_institution(self) -> Institution:
        return institutions()[self.institutions[0]]


@cache
def _table() -> dict:
    return load_yaml(package_file(FILE).read_text(encoding="utf-8"))


@cache
def profiles() -> dict[str, LawProfile]:
    """Every supported law by key, in the table's order."""
    return {key: LawProfile(key=key, **entry) for key, entry in _table()["laws"].items()}


@cache
def neutral() -> LawProfile:
    return LawProfile(**_table()["neutral"])


@cache
def institutions() -> dict[str, Institution]:
    return {key: Institution(key=key, **entry) for key, entry in _table()["institutions"].items()}


def profile_for(governing_law: str) -> LawProfile | None:
    """The supported law a key or a text names, or None when it names none of them.

    The longest name found wins, so "New South Wales" is not read as Wales, nor "the law of England and
    Wales" as anything but England and Wales."""
    text = governing_law.strip()
    if text in profiles():
        return profiles()[text]
    spoken = text.casefold()
    best: tuple[int, LawProfile | None] = (0, None)
    named = [(name, profile) for profile in profiles().values() for name in profile.names]
    for name, profile in named + [(name, None) for name in _table()["unsupported_names"]]:
        if len(name) > best[0] and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", spoken):
            best = (len(name), profile)
    return best[1]


def conventions_for(governing_law: str) -> LawProfile:
    """The profile a deal is drafted with: its law's, else the neutral one."""
    return profile_for(governing_law) or neutral()


def drafting_conventions(governing_law: str) -> Conventions:
    """What the documents of a deal under this law look like: its dates, spelling, paper and language tag."""
    profile = conventions_for(governing_law)
    return Conventions(locale=profile.locale, spelling=profile.spelling, paper=profile.paper,
                       language=profile.language)


def law_named(governing_law: str) -> str:
    """How the agreement names the law: the table's words for a key, the partners' own text otherwise."""
    profile = profiles().get(governing_law.strip())
    return profile.law if profile is not None and profile.law else governing_law


def profile_at(place: str) -> LawProfile | None:
    """The supported law whose courts sit at a place ("Toronto, Canada", "Ontario, Canada", "Sydney"):
    by its city first, then by any name in it."""
    city = _city(place).casefold()
    for profile in profiles().values():
        if city in profile.seats:
            return profile
    return profile_for(place)


def _city(venue: str) -> str:
    first_line = next((line for line in venue.strip().splitlines() if line.strip()), "")
    return first_line.split(",")[0].strip()


class DraftedLaw(BaseModel):
    """What the clauses read of the law: `law.name`, `law.courts`, `law.jury_waiver`, ... (clauses/README.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str  # as the agreement names the law
    known: bool  # a supported law, not the neutral profile
    place: str  # where the law is, as a place: "England and Wales"
    country: str | None  # its ISO code: the US takes "improper venue"
    cisg: bool  # the law's country applies the UN sales convention, which the agreement then excludes
    courts: str
    jury_waiver: bool
    conflict_rules: bool
    general_obligations_law: bool
    service_by_notice: bool
    process_agent: bool  # a partner from outside the law's country appoints an agent for service
    sales_tax: str
    late_interest_rate: str
    late_interest_statute: str | None
    late_interest_remedy_act: str | None
    late_interest_recovery_fee: str | None
    mediation_body: str | None
    partnership_form: str | None
    co_ownership: str | None
    liability_style: str
    notice_post: str
    commercial_chamber: str | None
    common_law: bool
    signature_form: str | None
    gross_negligence: bool
    wilful_misconduct: bool
    assignment_rule: str | None
    personal_injury_carve_out: bool
    third_party_act: str | None
    escalation_limitation: str
    limitation_statute: str | None
    partner_countries: tuple[str | None, ...]  # where each partner is registered: US and Canadian entities differ


def drafted_law(governing_law: str, venue: str, partner_countries: list[str | None]) -> DraftedLaw:
    """The law as the clauses draft it, for a deal whose partners are registered in `partner_countries`."""
    profile = conventions_for(governing_law)
    outsider = any(country != profile.country for country in partner_countries)
    return DraftedLaw(
        name=law_named(governing_law), known=profile.key is not None, place=profile.label, country=profile.country,
        cisg=profile.country not in _table()["outside_cisg"],
        courts=profile.courts_for(venue), jury_waiver=profile.jury_waiver, conflict_rules=profile.conflict_rules,
        general_obligations_law=profile.general_obligations_law, service_by_notice=profile.service_by_notice,
        process_agent=profile.process_agent and profile.key is not None and outsider,
        sales_tax=_sales_tax(profile, partner_countries), late_interest_rate=profile.late_interest.rate,
        late_interest_statute=profile.late_interest.statute,
        late_interest_remedy_act=profile.late_interest.remedy_act,
        late_interest_recovery_fee=profile.late_interest.recovery_fee, mediation_body=profile.mediation_body,
        partnership_form=profile.partnership_form, liability_style=profile.liability_style,
        co_ownership=profile.co_ownership,
        notice_post=profile.notice_post, commercial_chamber=profile.commercial_chamber,
        common_law=profile.common_law, signature_form=profile.signature_form,
        gross_negligence=profile.gross_negligence, wilful_misconduct=profile.wilful_misconduct,
        assignment_rule=profile.assignment_rule,
        personal_injury_carve_out=profile.personal_injury_carve_out, third_party_act=profile.third_party_act,
        escalation_limitation=profile.escalation_limitation, limitation_statute=profile.limitation_statute,
        partner_countries=tuple(partner_countries))


def _sales_tax(profile: LawProfile, partner_countries: list[str | None]) -> str:
    """The taxes amounts are stated exclusive of: the law's general words, then the names of the taxes of the law's
    country and of each partner's (Swiss MWST and German Umsatzsteuer; a Canadian partner's GST/HST under a US law)."""
    table = _table()["sales_tax_names"]
    names = list(dict.fromkeys(table[code] for code in (profile.country, *partner_countries) if code in table))
    if not names:
        return profile.sales_tax
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return _table()["named_sales_taxes"].format(taxes=profile.sales_tax, names=listed)


def suggested_profile(seat: str, regions: list[str]) -> LawProfile | None:
    """The supported law to suggest for a dispute seated at `seat`: the law where the seat is, else the law of a
    partner's state or province in the seat's country ("Canada" as the seat, a partner in Ontario)."""
    at_seat = profile_at(seat)
    if at_seat is not None:
        return at_seat
    for region in regions:
        found = profile_for(region)
        if found is not None and found.country in (None, *_countries_named(seat)):
            return found
    return None


def _countries_named(place: str) -> set[str]:
    last = place.strip().rsplit(",", 1)[-1]
    code = country_code(last)
    return {code} if code else set()
