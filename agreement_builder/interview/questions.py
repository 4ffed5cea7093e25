"""One model per kind of question: what it holds, how it is asked, how its answer is read, what it checks.

A question in `questionnaires/*.yaml` is parsed into the model its `kind` names (a pydantic
discriminated union, see `questionnaire.Question`), so a question can only carry the keys its
kind uses. Each model produces the spec `prompts._ask` shows, converts the raw answer with
the terms model's own rules, and checks at load time that it fits the field it fills; the
interview visits each question (`visit`) without asking what kind it is. This module holds
the questions answered at one prompt; `groups.py` holds lists of records and optional parts.
"""
from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.fields import FieldInfo

from ..terms.model import BOTH
from .conversions import (
    NONE_WORDS,
    Converter,
    converter,
    dated_lines_converter,
    dated_lines_text,
    lines_of,
    plain_amount,
    reason,
    reason_or_true,
)
from .data import ABSENT, as_text, blank, collect, mid_sentence
from .fields import enum_values, holds_list, inner_model, is_required
from .names import Partners, fill
from .prompts import UI

if TYPE_CHECKING:
    from .checks import Scope

Transform = Literal["key", "short_name", "other_partner", "email", "remainder", "country", "suffix", "position"]
LOOKUP_TRANSFORMS = {"suffix", "position"}  # their result is looked up in `suggestions`, not offered as it is


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Choice(Strict):
    value: str
    label: str


class Condition(Strict):
    """Holds when the answer at `field` matches: `is` a value, `is_not` one, is `in` a list, or is `set`."""

    field: str
    equals: Any = Field(None, alias="is")
    differs: Any = Field(None, alias="is_not")
    among: list[Any] | None = Field(None, alias="in")
    answered: bool | None = Field(None, alias="set")

    @model_validator(mode="after")
    def _one_test(self) -> "Condition":
        given = [name for name in ("equals", "differs", "among", "answered") if name in self.model_fields_set]
        if len(given) != 1:
            raise ValueError("a condition needs exactly one of is, is_not, in, set")
        return self

    def holds_for(self, value: Any) -> bool:
        value = None if value is ABSENT else value
        if "answered" in self.model_fields_set:
            return (not blank(value)) == self.answered
        if "equals" in self.model_fields_set:
            return value == self.equals
        if "differs" in self.model_fields_set:
            return value != self.differs
        return value in (self.among or [])


class BaseQuestion(Strict):
    """What every question has: the field it fills, its wording, and when it is asked."""

    field: str = Field(pattern=r"^[a-z_]+(\.[a-z_]+)*$")
    prompt: str | None = None  # records and optional groups speak through their own texts
    help: str = Field(min_length=1, description="One line saying why the question matters.")
    label: str | None = None
    default: Any = None
    required: bool = False  # required although the model allows blank (e.g. arbitration rules)
    when: list[Condition] = Field(default_factory=list)

    single_value: ClassVar[bool] = False  # one value a "usual terms" block can accept with a yes
    names_partner: ClassVar[bool] = False  # holds a partner's key, which texts show as the short name

    @model_validator(mode="before")
    @classmethod
    def _single_condition(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("when"), dict):
            data = {**data, "when": [data["when"]]}
        return data

    @property
    def display_label(self) -> str:
        return self.label or self.field.rsplit(".", 1)[-1].replace("_", " ").capitalize()

    def visit(self, interview: Any, ctx: Any) -> None:
        raise NotImplementedError

    def texts(self) -> dict[str, str | None]:
        """Every text shown where the question is asked, by the key it is written under."""
        return {"prompt": self.prompt, "help": self.help, "label": self.label}

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        """Load-time checks of this kind against the field it fills."""

    def choice_labels(self) -> dict[str, str]:
        return {}

    def filled_paths(self) -> list[str]:
        """Fields below this one it fills itself, relative to it ("[].deadline")."""
        return []

    def listed(self, ctx: Any, partners: Partners) -> str | None:
        """A line for the review screen listing what this question holds, if it is a list worth listing."""
        return None


class AnsweredQuestion(BaseQuestion):
    """A question answered at one prompt (or, for a multiselect, two)."""

    default_from: str | None = None
    transform: Transform | None = None
    suggestions: dict[str, str] | None = None  # what the transformed earlier answer suggests; "*": anything else
    implied: bool = False  # filled with its suggestion unasked whenever there is one (it can only be that)
    prompt_joint: str | None = None
    prompt_by: str | None = None  # an earlier answer whose value picks the wording from `prompts`
    prompts: dict[str, str] | None = None

    single_value: ClassVar[bool] = True
    fills_list: ClassVar[bool] = False
    sums_to_hundred: ClassVar[bool] = False  # may offer what the earlier items leave of 100%
    carries_over: ClassVar[bool] = False  # the last answer of this kind is offered for the next one

    @model_validator(mode="after")
    def _prompt_given(self) -> "AnsweredQuestion":
        if not self.prompt:
            raise ValueError(f"a {self.kind} question needs a prompt")
        return self

    def visit(self, interview: Any, ctx: Any) -> None:
        interview.ask_field(self, ctx)

    def wording(self, joint: bool, earlier: Any) -> str:
        """The prompt: for a joint record, or in the wording an earlier answer picks (courts or arbitration)."""
        if joint and self.prompt_joint:
            return self.prompt_joint
        if not self.prompts:
            return self.prompt
        return self.prompts.get(as_text(earlier), self.prompt)

    def texts(self) -> dict[str, str | None]:
        texts = {**super().texts(), "prompt_joint": self.prompt_joint}
        texts.update((f"prompts.{key}", text) for key, text in (self.prompts or {}).items())
        return texts

    def suggested_texts(self) -> dict[str, str]:
        """Suggested answers, filled when their names are known and offered as defaults."""
        texts = {"default": self.default} if isinstance(self.default, str) else {}
        texts.update((f"suggestions.{key}", text) for key, text in (self.suggestions or {}).items())
        return texts

    # ---- asking

    def ask(self, interview: Any, spec: dict, info: FieldInfo, default: Any, required: bool,
            names: dict[str, str]) -> Any:
        convert = self.converter(info, required)
        return interview.until_valid(self.spec(spec, default, names, interview.partners, convert), convert)

    def spec(self, spec: dict, default: Any, names: dict[str, str], partners: Partners, convert: Converter) -> dict:
        raise NotImplementedError

    def converter(self, info: FieldInfo, required: bool) -> Converter:
        """Turns the raw answer into the stored value, or raises ValueError with the reason to show."""
        return converter(info, required, self.prepared, self.refusal)

    def prepared(self, raw: Any) -> Any:
        """The raw answer tidied the way people type this kind of answer, before it is validated."""
        return raw

    def refusal(self, exc: ValidationError, info: FieldInfo) -> str:
        return reason(exc, info)

    def shown(self, value: Any, partners: Partners) -> str:
        """A stored value as a line shows it (a filled-in answer, a usual value)."""
        return as_text(value)

    def in_summary(self, value: Any, partners: Partners) -> str:
        return self.shown(value, partners)

    def usual_value(self, info: FieldInfo) -> Any:
        return self.converter(info, True)(as_text(self.default))

    # ---- checking

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        if inner_model(info) is not None:
            scope.fail(f"kind {self.kind} cannot fill {info.annotation}, which holds whole records")
        if self.fills_list != holds_list(info):
            scope.fail(f"kind {self.kind} does not fit this field" + (" (it holds a list)" if holds_list(info) else ""))


class TypedQuestion(AnsweredQuestion):
    """Answered by typing text: one line, or several (`multiline`)."""

    multiline: ClassVar[bool] = False

    def spec(self, spec: dict, default: Any, names: dict[str, str], partners: Partners, convert: Converter) -> dict:
        spec.update(type="text", default=self.typed(default), multiline=self.multiline)
        spec["validate"] = lambda text: reason_or_true(convert, text)
        return spec

    def typed(self, value: Any) -> str:
        """A stored value as the text the user would type for it, offered to edit."""
        return as_text(value)


class TextQuestion(TypedQuestion):
    kind: Literal["text"]


class MultilineQuestion(TypedQuestion):
    kind: Literal["multiline"]
    multiline: ClassVar[bool] = True


class DateQuestion(TypedQuestion):
    kind: Literal["date"]

    def prepared(self, raw: Any) -> Any:
        return raw.strip().replace("_", "") if isinstance(raw, str) else raw


class CurrencyQuestion(TypedQuestion):
    kind: Literal["currency"]
    carries_over: ClassVar[bool] = True  # a deal usually runs in one currency

    def prepared(self, raw: Any) -> Any:
        return raw.strip().replace("_", "").upper() if isinstance(raw, str) else raw


class NumberQuestion(TypedQuestion):
    """Digits as people type them: spaces and underscores grouping them, and "no" for none."""

    def prepared(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            return raw
        raw = self.tidied(raw.strip().replace("_", ""))
        return "" if raw.casefold() in NONE_WORDS else raw

    def tidied(self, text: str) -> str:
        return text


class IntegerQuestion(NumberQuestion):
    kind: Literal["integer"]

    def tidied(self, text: str) -> str:
        return text.replace(" ", "")


class MoneyQuestion(NumberQuestion):
    kind: Literal["money"]

    def tidied(self, text: str) -> str:
        return plain_amount(text.replace(" ", ""))

    def refusal(self, exc: ValidationError, info: FieldInfo) -> str:
        return UI["amount_form"]


class PercentageQuestion(NumberQuestion):
    kind: Literal["percentage"]
    sums_to_hundred: ClassVar[bool] = True

    def tidied(self, text: str) -> str:
        return text.rstrip("%").strip()

    def shown(self, value: Any, partners: Partners) -> str:
        return f"{as_text(value)}%"


class LinesQuestion(TypedQuestion):
    """A list of text, one item per line."""

    kind: Literal["lines"]
    multiline: ClassVar[bool] = True
    fills_list: ClassVar[bool] = True
    single_value: ClassVar[bool] = False

    def prepared(self, raw: Any) -> Any:
        return lines_of(raw)


class DatedLinesQuestion(TypedQuestion):
    """A list of records that each hold a date and a text, typed one per line, the date first or last."""

    kind: Literal["dated_lines"]
    date_field: str | None = None
    text_field: str | None = None
    multiline: ClassVar[bool] = True
    single_value: ClassVar[bool] = False

    def converter(self, info: FieldInfo, required: bool) -> Converter:
        return dated_lines_converter(info, self.date_field, self.text_field, required)

    def typed(self, value: Any) -> str:
        return dated_lines_text(value, self.date_field, self.text_field)

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        """One line per record fills exactly two fields, a date and a text; nothing else may be required."""
        from datetime import date

        from .fields import unwrap

        sub_model = inner_model(info)
        if sub_model is None or not holds_list(info):
            scope.fail("kind dated_lines fills a list of records (each a date and a text)")
        fields = sub_model.model_fields
        for role in ("date_field", "text_field"):
            name = getattr(self, role)
            if name not in fields:
                scope.fail(f"{role} {name!r} is not a field of {sub_model.__name__}",
                           f"fields here: {', '.join(fields)}")
        if unwrap(fields[self.date_field].annotation) is not date:
            scope.fail(f"date_field {self.date_field!r} does not hold a date")
        others = [n for n, i in fields.items() if is_required(i) and n not in (self.date_field, self.text_field)]
        if others:
            scope.fail(f"one line cannot fill {', '.join(others)}, which {sub_model.__name__} requires",
                       "use kind records")

    def filled_paths(self) -> list[str]:
        return [f"[].{self.date_field}", f"[].{self.text_field}"]


class ConfirmQuestion(AnsweredQuestion):
    kind: Literal["confirm"]

    def spec(self, spec: dict, default: Any, names: dict[str, str], partners: Partners, convert: Converter) -> dict:
        spec.update(type="confirm", default=bool(default) if default not in (ABSENT, None) else False)
        return spec

    def in_summary(self, value: Any, partners: Partners) -> str:
        return UI["yes"] if value else UI["no"]

    def usual_value(self, info: FieldInfo) -> Any:
        return bool(self.default)


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
        import re

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
