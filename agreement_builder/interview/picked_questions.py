"""Questions answered from a menu: yes or no, one of the field's values, a partner, several values.
"""
from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic.fields import FieldInfo

from ..terms.model import BOTH
from ..terms.walk import enum_values
from .conversions import Converter, lines_of
from .data import ABSENT, as_text, blank, collect, mid_sentence
from .names import Partners, fill
from .prompts import UI
from .questions import AnsweredQuestion, Choice

if TYPE_CHECKING:
    from .checks import Scope


class ConfirmQuestion(AnsweredQuestion):
    kind: Literal["confirm"]
    # How a summary says the answer, e.g. {yes: partners compete, no: partners do not compete}:
    # "partners compete: no" reads as if they did.
    says: dict[Literal["yes", "no"], str] | None = None

    def spec(self, spec: dict, default: Any, names: dict[str, str], partners: Partners, convert: Converter) -> dict:
        spec.update(type="confirm", default=bool(default) if default not in (ABSENT, None) else False)
        return spec

    def in_summary(self, value: Any, partners: Partners) -> str:
        word = "yes" if value else "no"
        return (self.says or {}).get(word) or UI[word]

    def choice_labels(self) -> dict[str, str]:
        return {str(value): self.says[word] for value, word in ((True, "yes"), (False, "no"))
                if word in (self.says or {})}

    def texts(self) -> dict[str, str | None]:
        return {**super().texts(), **{f"says.{word}": text for word, text in (self.says or {}).items()}}

    def usual_value(self, info: FieldInfo, default: Any) -> Any:
        return bool(default)


class PickedQuestion(AnsweredQuestion):
    """Answered by picking one entry of a menu."""

    def spec(self, spec: dict, default: Any, names: dict[str, str], partners: Partners, convert: Converter) -> dict:
        spec.update(type="select", choices=self.menu(names, partners),
                    default=default.value if isinstance(default, Enum) else default)
        return spec

    def menu(self, names: dict[str, str], partners: Partners) -> list[dict]:
        raise NotImplementedError


class SelectQuestion(PickedQuestion):
    """One of the field's values; `choices` must list exactly those values, each with its label."""

    kind: Literal["select"]
    choices: list[Choice] | None = None

    def menu(self, names: dict[str, str], partners: Partners) -> list[dict]:
        return [{"name": c.label, "value": c.value} for c in self.choices or []]

    def shown(self, value: Any, partners: Partners) -> str:
        return next((c.label for c in self.choices or [] if c.value == value), as_text(value))

    def in_summary(self, value: Any, partners: Partners) -> str:
        return mid_sentence(self.shown(value, partners))

    def choice_labels(self) -> dict[str, str]:
        """Stored value -> the words of its menu entry, shortened ("Co-selling", "Every two weeks")."""
        return {c.value: mid_sentence(re.sub(r"\s*\(.*\)$", "", c.label.split(":")[0])) for c in self.choices or []}

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        super().check(info, scope)
        allowed = enum_values(info)
        given = [c.value for c in self.choices or []]
        if allowed is None or sorted(given) != sorted(allowed):
            scope.fail(f"choices {given} must be exactly the field's values {allowed}")


class PartnerQuestion(PickedQuestion):
    """One of the two partners (or both, with `allow_both`); stores the partner's key."""

    kind: Literal["partner"]
    allow_both: bool = False
    both_label: str | None = None
    names_partner: ClassVar[bool] = True

    def menu(self, names: dict[str, str], partners: Partners) -> list[dict]:
        choices = [{"name": name, "value": key} for key, name in partners.keys_and_names()]
        if self.allow_both:
            choices.append({"name": fill(self.both_label, names), "value": BOTH})
        return choices

    def shown(self, value: Any, partners: Partners) -> str:
        return partners.short_name(value)

    def texts(self) -> dict[str, str | None]:
        return {**super().texts(), "both_label": self.both_label}

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        super().check(info, scope)
        if self.allow_both and not self.both_label:
            scope.fail("allow_both needs both_label")


class MultiselectQuestion(AnsweredQuestion):
    """Several values ticked from `choices` and from earlier answers (`choices_from`), then any others typed."""

    kind: Literal["multiselect"]
    choices: list[Choice] | None = None
    choices_from: str | None = None
    other_prompt: str | None = None
    fills_list: ClassVar[bool] = True
    single_value: ClassVar[bool] = False

    def ask(self, interview: Any, spec: dict, info: FieldInfo, default: Any, required: bool,
            names: dict[str, str]) -> Any:
        current = default if isinstance(default, list) else []
        options = list(dict.fromkeys(str(v) for v in collect(interview.data, (self.choices_from or "/")[1:])
                                     if not blank(v)))
        options += [c.value for c in self.choices or [] if c.value not in options]
        chosen: list[str] = []
        if options:
            chosen = interview.prompt({**spec, "type": "checkbox",
                                       "choices": [{"name": o, "value": o, "checked": o in current} for o in options]})
        if self.other_prompt:
            extra = [v for v in current if v not in options]
            others = interview.until_valid(
                {**spec, "type": "text", "kind": "lines", "message": fill(self.other_prompt, names),
                 "multiline": True, "default": as_text(extra)},
                self.converter(info, required=False))
            chosen = list(chosen) + [o for o in others or [] if o not in chosen]
        return self.converter(info, required)("\n".join(chosen))

    def prepared(self, raw: Any) -> Any:
        return lines_of(raw)  # the ticked values and the typed ones, one per line

    def texts(self) -> dict[str, str | None]:
        return {**super().texts(), "other_prompt": self.other_prompt}

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        super().check(info, scope)
        if not (self.choices or self.choices_from):
            scope.fail("a multiselect needs choices or choices_from")
        if self.choices_from and not scope.asked_before_anywhere(self.choices_from):
            scope.fail(f"choices_from {self.choices_from!r} is not answered by an earlier question")
