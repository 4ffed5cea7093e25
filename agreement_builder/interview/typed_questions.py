"""Questions answered by typing: text, paragraphs, dates, numbers, amounts, currencies, lists of lines.

Each kind tidies what people type before the terms model's own rules check it: "£250,000"
is an amount, "40%" a percentage, "eur" a currency code, "no" no amount at all.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from ..terms.walk import holds_list, inner_model, is_required, unwrap
from .conversions import (
    NONE_WORDS,
    Converter,
    dated_lines_converter,
    dated_lines_text,
    lines_of,
    plain_amount,
)
from .data import as_text
from .names import Partners
from .prompts import UI
from .questions import AnsweredQuestion

if TYPE_CHECKING:
    from .checks import Scope


class TypedQuestion(AnsweredQuestion):
    """Answered by typing text: one line, or several (`multiline`)."""

    multiline: ClassVar[bool] = False

    def spec(self, spec: dict, default: Any, names: dict[str, str], partners: Partners, convert: Converter) -> dict:
        spec.update(type="text", default=self.typed(default), multiline=self.multiline)
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
