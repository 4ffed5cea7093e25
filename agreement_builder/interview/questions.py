"""One model per kind of question: what it holds, how it is asked, how its answer is read, what it checks.

A question in `questionnaires/*.yaml` is parsed into the model its `kind` names (a pydantic
discriminated union, see `questionnaire.Question`), so a question can only carry the keys its
kind uses. Each model produces the spec `prompts._ask` shows, converts the raw answer with
the terms model's own rules, and checks at load time that it fits the field it fills; the
interview visits each question (`visit`) without asking what kind it is.

This module holds what the kinds share; the kinds are in `typed_questions.py` (answers typed
as text), `picked_questions.py` (answers picked from a menu) and `group_questions.py` (optional
parts and lists of records, with questions of their own).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.fields import FieldInfo

from ..terms.walk import holds_list, inner_model
from .conversions import Converter, converter, reason
from .data import ABSENT, as_text, blank, collect, get_path
from .names import Partners
from .prompts import UI

if TYPE_CHECKING:
    from .checks import Scope

Transform = Literal["key", "short_name", "other_partner", "email", "remainder", "country", "region", "suffix", "position",
                    "role", "law", "institution"]
LOOKUP_TRANSFORMS = {"suffix", "position", "role"}  # their result is looked up in `suggestions`, not offered as it is


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
    kind_defaults: dict[str, Any] | None = None  # the default for a deal of this kind (alliance.kind)
    required: bool = False  # required although the model allows blank (e.g. arbitration rules)
    when: list[Condition] = Field(default_factory=list)
    # Not asked when all of these hold: the fee's base given already, for a referral fee (when cannot say "or").
    unless: list[Condition] = Field(default_factory=list)

    single_value: ClassVar[bool] = False  # one value a "usual terms" block can accept with a yes
    names_partner: ClassVar[bool] = False  # holds a partner's key, which texts show as the short name

    @model_validator(mode="before")
    @classmethod
    def _single_condition(cls, data: Any) -> Any:
        for key in ("when", "unless"):
            if isinstance(data, dict) and isinstance(data.get(key), dict):
                data = {**data, key: [data[key]]}
        return data

    def applies(self, top: Any, node: Any) -> bool:
        """Whether it is asked: every `when` holds and not every `unless` does. A `/` path is read from the top
        of the terms, others from `node`; `[]` looks in each item of a list, and holds if any item does
        (`/partners[].departments` set: a department listed by either partner)."""
        def holds(c: Condition) -> bool:
            if "[]" in c.field:
                found = collect(top if c.field.startswith("/") else node, c.field.lstrip("/"))
                return any(c.holds_for(value) for value in found) if found else c.holds_for(ABSENT)
            return c.holds_for(get_path(top, c.field[1:]) if c.field.startswith("/") else get_path(node, c.field))
        return all(map(holds, self.when)) and not (self.unless and all(map(holds, self.unless)))

    def default_in(self, data: Any) -> Any:
        """The default for this deal: its kind's entry in `kind_defaults` (a referral deal's own), else `default`."""
        kind = get_path(data, "alliance.kind") if isinstance(data, dict) else ABSENT
        if self.kind_defaults and isinstance(kind, str) and kind in self.kind_defaults:
            return self.kind_defaults[kind]
        return self.default

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

    # An earlier answer to start from; a list: the first of them answered (a referral's direction, a supplier).
    default_from: str | list[str] | None = None
    transform: Transform | None = None
    suggestions: dict[str, str] | None = None  # what the transformed earlier answer suggests; "*": anything else
    implied: bool = False  # filled with its suggestion unasked whenever there is one (it can only be that)
    prompt_joint: str | None = None
    prompt_by: str | None = None  # an earlier answer whose value picks the wording from `prompts`
    prompts: dict[str, str] | None = None
    distinct: bool = False  # differs from the same field of the other partner, or of the list's other records

    single_value: ClassVar[bool] = True
    fills_list: ClassVar[bool] = False
    sums_to_hundred: ClassVar[bool] = False  # may offer what the earlier items leave of 100%
    carries_over: ClassVar[bool] = False  # the last answer of this kind is offered for the next one

    @property
    def sources(self) -> list[str]:
        """The answers `default_from` names, in the order they are tried."""
        return [self.default_from] if isinstance(self.default_from, str) else list(self.default_from or [])

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
        texts.update((f"kind_defaults.{kind}", text) for kind, text in (self.kind_defaults or {}).items()
                     if isinstance(text, str))
        texts.update((f"suggestions.{key}", text) for key, text in (self.suggestions or {}).items())
        return texts

    # ---- asking

    def ask(self, interview: Any, spec: dict, info: FieldInfo, default: Any, required: bool,
            names: dict[str, str]) -> Any:
        convert = self.converter(info, required)
        if self.distinct:
            convert = _unlike(convert, interview.values_beside(spec["path"]))
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

    def usual_value(self, info: FieldInfo, default: Any) -> Any:
        return self.converter(info, True)(as_text(default))

    # ---- checking

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        if inner_model(info) is not None:
            scope.fail(f"kind {self.kind} cannot fill {info.annotation}, which holds whole records")
        if self.fills_list != holds_list(info):
            scope.fail(f"kind {self.kind} does not fit this field" + (" (it holds a list)" if holds_list(info) else ""))


def _unlike(convert: Converter, taken: list[Any]) -> Converter:
    """`convert`, refusing an answer another partner or record already has: two partners with one key
    would send every later question about the second to the first."""
    def distinct(raw: Any) -> Any:
        value = convert(raw)
        if value is not None and value in taken:
            raise ValueError(UI["taken"].format(value=value))
        return value
    return distinct
