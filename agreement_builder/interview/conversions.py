"""How a raw answer becomes the value stored in the answers file, or the reason it cannot.

Every answer is checked at once with the terms model's own validation for its field, so a
bad date or a percentage of 130 is asked again with the reason. The question kinds
(`questions.py`) decide how their text is tidied first; this module holds the parts they share.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Callable

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from ..terms.values import PARTNER_KEY_PATTERN
from ..terms.walk import adapter as field_adapter
from ..terms.walk import field_at, inner_model
from .data import as_text, blank
from .prompts import UI
from .suggest import key

Converter = Callable[[Any], Any]

NONE_WORDS = {"no", "none", "n/a", "na", "-", "—", "nil"}  # "no" to an optional amount means none, as a blank does
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_DOT_THOUSANDS_COMMA_DECIMALS = re.compile(r"^\d{1,3}(\.\d{3})+,\d+$")  # 12.500,00
_DOT_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")  # 12.500: 12.5 or 12500?
DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")  # meant as a date, even if it is not a real one


def converter(info: FieldInfo, required: bool, prepare: Callable[[Any], Any],
              refusal: Callable[[ValidationError, FieldInfo], str] | None = None) -> Converter:
    """Tidies the raw answer with `prepare`, then validates it with the field's rules; ValueError with the
    reason to show (`refusal` words it, by default the field's own message) when it does not fit."""
    adapter = field_adapter(info)
    refusal = refusal or reason

    def convert(raw: Any) -> Any:
        raw = prepare(raw)
        if blank(raw):
            if required:
                raise ValueError(UI["needed"])
            return None
        try:
            value = adapter.validate_python(raw)
        except ValidationError as exc:
            raise ValueError(refusal(exc, info)) from None
        return storable(value)

    return convert


def lines_of(raw: Any) -> list[str]:
    return [line for line in str(raw).splitlines() if line.strip()]


def plain_amount(text: str) -> str:
    """"£250,000" -> "250000", "12.500,00 €" -> "12500.00": a currency sign, and separators that can only group
    thousands, are dropped. "12.500" is refused with its two readings: half the world writes thousands with
    a dot. A comma anywhere else ("2,5") stays and is refused with the expected form."""
    text = text.strip("£$€¥₹ ")
    if _THOUSANDS.match(text):
        return text.replace(",", "")
    if _DOT_THOUSANDS_COMMA_DECIMALS.match(text):
        return text.replace(".", "").replace(",", ".")
    if _DOT_THOUSANDS.match(text):
        large = text.replace(".", "")
        raise ValueError(UI["amount_unclear"].format(typed=text, small=format(Decimal(text).normalize(), "f"),
                                                     large=large))
    return text


def dated_lines_converter(info: FieldInfo, date_field: str, text_field: str, required: bool) -> Converter:
    """"2027-03-31 Connector live" per line -> [{description: text, deadline: date}], each part checked
    with its own field's rules. The date may come first or last on the line."""
    model = inner_model(info)
    date_info, text_info = field_at(model, date_field), field_at(model, text_field)
    check_date, check_text = field_adapter(date_info), field_adapter(text_info)

    def parse_date(word: str, number: int):
        """The date `word` is; None if it is not meant as one; ValueError if it is a date gone wrong."""
        try:
            return check_date.validate_python(word)
        except ValidationError as exc:
            if DATE_SHAPE.match(word):
                raise ValueError(f"line {number}: {reason(exc, date_info)}") from None
            return None

    def convert(raw: Any) -> Any:
        items = []
        lines = [line.strip() for line in str(raw).splitlines() if line.strip()]
        for number, line in enumerate(lines, 1):
            words = line.split()
            when, rest = parse_date(words[0], number), line[len(words[0]):]
            if when is None and len(words) > 1:
                when, rest = parse_date(words[-1], number), line[:line.rfind(words[-1])]
            if when is None:
                raise ValueError(UI["dated_line"].format(number=number, line=line))
            try:
                text = check_text.validate_python(rest.strip())
            except ValidationError as exc:
                raise ValueError(f"line {number}: {reason(exc, text_info)}") from None
            items.append({text_field: text, date_field: when})
        if not items and required:
            raise ValueError(UI["needed"])
        return items or None

    return convert


def dated_lines_text(items: Any, date_field: str, text_field: str) -> str:
    """The stored records as the lines the user would type for them, to offer as the default."""
    if not isinstance(items, list):
        return ""
    return "\n".join(f"{as_text(item.get(date_field))} {as_text(item.get(text_field))}".strip()
                     for item in items if isinstance(item, dict))


def reason(exc: ValidationError, info: FieldInfo) -> str:
    error = exc.errors()[0]
    if error["type"].startswith("date") and isinstance(error.get("input"), str):
        impossible = impossible_date(error["input"].strip())
        if impossible:
            return impossible
    if error["type"] == "string_pattern_mismatch":
        # A regular expression means nothing to a user: a key's form is said in words, with the key the
        # typed text makes as the example; any other field's description shows the expected form.
        if (error.get("ctx") or {}).get("pattern") == PARTNER_KEY_PATTERN:
            example = key(str(error.get("input", "")))
            fits = example is not None and re.match(PARTNER_KEY_PATTERN, example)
            return UI["key_form"].format(example=example if fits else UI["key_example"])
        description = shown_description(info.description)
        return f"{UI['pattern']} ({description})" if description else UI["pattern"]
    words = UI["reasons"].get(error["type"])
    if words is not None:
        try:
            return words.format(**{k: v for k, v in (error.get("ctx") or {}).items()})
        except (KeyError, IndexError):
            pass
    return re.sub(r"^Value error, ", "", error["msg"])  # our own validators speak plainly already


def impossible_date(text: str) -> str | None:
    """Why a text in the shape of a date is not one: "2027-02-30" -> "there is no 30 February 2027"; a real
    date written short ("2027-2-3") -> how to write it; None for anything else."""
    if not DATE_SHAPE.match(text):
        return None
    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return UI["no_such_month"].format(month=month)
    try:
        real = date(year, month, day)
    except ValueError:
        return UI["no_such_day"].format(day=day, month=calendar.month_name[month], year=year)
    return UI["date_written_as"].format(date=real.isoformat())


def shown_description(description: str | None) -> str:
    """A field's description as the interview shows it: without Markdown's code marks (`acme`)."""
    return (description or "").replace("`", "").rstrip(".")


def storable(value: Any) -> Any:
    """A validated value as it goes into the answers file (enums as their values)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value
