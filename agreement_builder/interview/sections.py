"""The questionnaire's sections as the interview asks them: the partner section once per partner.

A section "instance" is a section and, for a per-partner section, which partner (0 or 1);
its name is what `interview --section` and the review menu use ("alliance", "partner-2").
"""
from __future__ import annotations

import re

from ..errors import AgreementBuilderError
from ..terms.model import Partner, Terms
from ..terms.walk import field_at, is_required
from .context import Context
from .data import get_path
from .names import Partners
from .questionnaire import Questionnaire, Section

Instance = tuple[Section, "int | None"]


class Sections:
    def __init__(self, questionnaire: Questionnaire):
        self.instances: list[Instance] = [(s, i) for s in questionnaire.sections
                                          for i in ((0, 1) if s.for_each_partner else (None,))]

    @staticmethod
    def name(sec: Section, index: int | None) -> str:
        return sec.name if index is None else f"{sec.name}-{index + 1}"

    def names(self) -> list[str]:
        return [self.name(s, i) for s, i in self.instances]

    def find(self, name: str) -> Instance:
        for sec, index in self.instances:
            if self.name(sec, index) == name:
                return sec, index
        raise AgreementBuilderError(f"there is no section {name!r}", field="--section",
                                    hint=f"choose one of: {', '.join(self.names())}")

    def holding(self, path: str) -> str:
        """The name of the section a problem at `path` ("partners[1].key", "money.flows[0]") belongs to."""
        match = re.match(r"partners\[(\d+)\]", path)
        if match:
            return f"partner-{int(match.group(1)) + 1}"
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        if top == "partners":
            return "partner-1"
        for sec, index in self.instances:
            if index is None and any(q.field.split(".")[0] == top for q in sec.questions):
                return sec.name
        return ""

    @staticmethod
    def has_answers(sec: Section, index: int | None, data: dict) -> bool:
        if index is not None:
            partners = data.get("partners")
            return isinstance(partners, list) and len(partners) > index and bool(partners[index])
        return any(q.field.split(".")[0] in data for q in sec.questions)

    @staticmethod
    def applies(sec: Section, index: int | None, data: dict) -> bool:
        """Whether the deal has any question of this section to answer: one whose every question is asked
        only under a condition that does not hold (the supply terms of a referral deal) is not this deal's."""
        if index is not None:
            return True
        return any(all(c.holds_for(get_path(data, c.field.removeprefix("/"))) for c in q.when)
                   for q in sec.questions)

    @staticmethod
    def all_optional(sec: Section) -> bool:
        model = Partner if sec.for_each_partner else Terms
        return not any(is_required(field_at(model, q.field)) or q.required
                       for q in sec.questions)

    @staticmethod
    def context(sec: Section, index: int | None, data: dict, partners: Partners, *, create: bool = True) -> Context:
        """Where the section's questions start: the terms, or one partner (made, with `create`, if missing)."""
        if index is None:
            return Context(data, (), Terms, {})
        found = data.get("partners")
        if create:
            if not isinstance(found, list):
                found = data["partners"] = []
            while len(found) <= index:
                found.append({})
            if not isinstance(found[index], dict):
                found[index] = {}
        node = found[index] if isinstance(found, list) and len(found) > index else {}
        node = node if isinstance(node, dict) else {}
        fallback = (sec.partner_titles or ["partner 1", "partner 2"])[index]
        other = next((name for i, (_, name) in enumerate(partners.keys_and_names()) if i != index), "")
        return Context(node, ("partners", index), Partner, {"other": other}, fallback=fallback)
