"""What a question offers as its answer before the user types anything.

Derived from an earlier answer where it can be (a key made from a name, the country an
address ends with, an email shaped like the partner's other addresses, what the earlier
shares of a split leave of 100%), else the question's own default. An offer is only ever a
default the user accepts with Enter or types over; the text functions are in `suggest.py`.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..terms.governing_law import suggested_profile
from ..terms.model import BOTH
from ..terms.paths import format_path
from . import suggest
from .context import Context
from .data import ABSENT, get_path
from .names import Partners, fill_if_known
from .questions import AnsweredQuestion


class _Settled(str):
    """A suggestion the transform made whole (a supported law's name): not looked up in `suggestions`."""


class Offers:
    def __init__(self, answers: Any, partners: Partners):
        self._answers = answers  # anything with `.data`: read at each use
        self._partners = partners
        self.lists_so_far: dict[str, list] = {}  # each list being asked, by path, as far as it has got
        # A deal usually runs in one currency: the last one given is offered for the next amount.
        data = answers.data
        self._carried = next((c for c in (get_path(data, "money.currency"),
                                          get_path(data, "alliance.first_opportunity.currency"))
                              if isinstance(c, str) and c), None)

    def remember(self, q: AnsweredQuestion, value: Any, typed: Any = None) -> None:
        """Note an answer for the questions after it: a currency, or the currency an amount was typed in."""
        if q.carries_over:
            self._carried = value
        elif q.kind == "money" and isinstance(typed, str):
            self._carried = suggest.currency_typed(typed, self._local_currencies()) or self._carried

    def _local_currencies(self) -> list[str]:
        """The currencies of the countries the partners' addresses (or registrations) name."""
        partners = get_path(self._answers.data, "partners")
        countries = [suggest.country(str(p.get("address", ""))) or suggest.country(str(p.get("jurisdiction", "")))
                     for p in partners if isinstance(p, dict)] if isinstance(partners, list) else []
        return suggest.currencies([c for c in countries if c])

    def default_for(self, q: AnsweredQuestion, ctx: Context, names: dict[str, str]) -> Any:
        """What the question offers: derived from an earlier answer when it can be, else its plain default."""
        if q.transform == "remainder":
            return self._remainder(q, ctx)
        if q.carries_over:
            carried = self._carried or suggest.usual_currency(self._local_currencies())
            if carried:
                return carried
        suggested = self._derived(q, ctx) if q.default_from or q.transform == "position" else None
        if isinstance(suggested, _Settled):  # a supported law, or its institution: offered as it is
            return str(suggested)
        if suggested is not None and q.suggestions is not None:
            entry = suggest.pick(q.suggestions, str(suggested), suffix=q.transform == "suffix")
            suggested = fill_if_known(entry, {**names, "value": str(suggested)}) if entry is not None else None
        if suggested is not None:
            return suggested
        default = q.default_in(self._answers.data)
        return fill_if_known(default, names) if isinstance(default, str) else default

    def _derived(self, q: AnsweredQuestion, ctx: Context) -> Any:
        """The earlier answer `default_from` names, transformed; None when there is nothing to go on."""
        if q.transform == "position":
            return ctx.loc[-1] + 1 if ctx.loc and isinstance(ctx.loc[-1], int) else None
        found = (get_path(self._answers.data, path[1:]) if path.startswith("/") else get_path(ctx.node, path)
                 for path in q.sources)
        source = next((value for value in found if value is not ABSENT), ABSENT)
        if source is ABSENT:
            return None
        text = str(source)
        match q.transform:
            case "key":
                return suggest.key(text)
            case "short_name":
                return suggest.short_name(text)
            case "country":
                return suggest.country(text)
            case "region":
                return suggest.region(text)
            case "email":
                return self.suggested_email(text, ctx)
            case "other_partner":  # of `both` (each partner refers to the other), there is none
                return self._partners.other_than(source) if source != BOTH else None
            case "role":
                return self._role(source)
            case "law" | "institution":  # the seat's supported law, else its country for the table
                profile = suggested_profile(text, self._partner_regions())
                if profile is None:
                    return suggest.country(text)
                return _Settled(profile.law if q.transform == "law" else profile.suggested_institution().rules)
        return source

    def _partner_regions(self) -> list[str]:
        """Where the partners are likely registered, from their addresses ("Ontario, Canada")."""
        partners = get_path(self._answers.data, "partners")
        regions = [suggest.region(str(p.get("address", ""))) for p in partners
                   if isinstance(p, dict)] if isinstance(partners, list) else []
        return [region for region in regions if region]

    def _role(self, partner: Any) -> str | None:
        """What a partner does in the deal, for `suggestions` to look up: `referrer` (it refers customers),
        `receiver` (the other partner refers them to it); None where the deal gives it no such role."""
        direction = get_path(self._answers.data, "referrals.direction")
        if direction is ABSENT or get_path(self._answers.data, "alliance.kind") != "referral":
            return None
        return "referrer" if direction in (partner, BOTH) else "receiver"

    def _remainder(self, q: AnsweredQuestion, ctx: Context) -> Any:
        """What the earlier items of this list leave of 100%: the last share of a split is rarely a free choice."""
        index = ctx.loc[-1] if ctx.loc else None
        items = self.lists_so_far.get(format_path(ctx.loc[:-1])) if isinstance(index, int) and index > 0 else None
        if not items:
            return q.default
        earlier = [get_path(item, q.field) for item in items[:index] if isinstance(item, dict)]
        try:
            total = sum(Decimal(str(v)) for v in earlier if v is not ABSENT)
        except ArithmeticError:
            return q.default
        return 100 - total if earlier and ABSENT not in earlier and 0 <= total < 100 else q.default

    def suggested_email(self, name: str, ctx: Context) -> str | None:
        """An address for `name` shaped like one already given at the same partner, or None."""
        partners = self._answers.data.get("partners")
        if ctx.loc[:1] != ("partners",) or not isinstance(partners, list) or len(partners) <= ctx.loc[1]:
            return None
        return suggest.email(name, _people_with_emails(partners[ctx.loc[1]]))


def _people_with_emails(node: Any) -> list[tuple[str, str]]:
    """(name, email) of everyone with an email anywhere in a partner's answers, in the order asked."""
    if isinstance(node, dict):
        email, name = node.get("email"), node.get("name")
        found = [(str(name or ""), email.strip())] if isinstance(email, str) and email.strip() else []
        return found + [pair for k, v in node.items() if k != "email" for pair in _people_with_emails(v)]
    if isinstance(node, list):
        return [pair for v in node for pair in _people_with_emails(v)]
    return []
