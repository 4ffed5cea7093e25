"""Talking to the user: the one function that calls questionary, and the checks on each answer.

questionary is imported here and nowhere else, and only `_ask` calls it, so tests
script the whole interview by patching that one function (as copier does); the
engine reaches it through `agreement_builder.interview._ask`.
Every answer is checked at once with the terms model's own validation for its
field, so a bad date or a percentage of 130 is asked again with the reason.
"""
from __future__ import annotations

import re
from enum import Enum
from typing import Any, Callable

import click
import questionary
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggest, Suggestion
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings
from pydantic import ValidationError

from .data import as_text, blank
from .questionnaire import Question, adapter_for, field_info, inner_model

# Words of the interview's own machinery (menus, notices); the questions themselves live in questionnaires/.
UI = {
    "needed": "an answer is needed here",
    "tip": ("Tip: Enter takes the suggestion shown in grey; → brings it in to edit; typing replaces it;\n"
            "     - clears it. In answers of several lines, Esc then Enter finishes."),
    "amount_form": "write the amount as a plain number, e.g. 250000 or 1999.99, without a currency sign",
    "dated_line": "line {number} has no date: write the date (YYYY-MM-DD), a space, then the text: {line!r}",
    "pattern": "not in the expected form",
    "keep": "Keep these {items} and go on",
    "add": "Add a {item}",
    "change": "Change: {summary}",
    "remove": "Remove: {summary}",
    "what_now": "{title}: what would you like to do?",
    "review": "Review: what next?",
    "build": "Build the documents into {output}/",
    "revise_menu": "Revise a section…",
    "which_section": "Which section?",
    "quit": "Save and quit (resume later with the same command)",
    "blocked": "Not ready to build yet; fix these first (pick the section to revise):",
    "saved": "Saved {file}",
    "not_built": "Not built:",
    "joint": "{first} and {second}",
    "yes": "yes",
    "no": "no",
}


def _ask(spec: dict) -> Any:
    """Ask one question on the terminal. The only place questionary is called.

    `spec` holds the question's type, message, default, choices and validator;
    the answer comes back raw (text, bool, a choice's value, a list of values).
    Ctrl-C raises KeyboardInterrupt, Ctrl-D (end of input) is treated the same.
    """
    if spec.get("help"):
        questionary.print(f"  {spec['help']}", style="fg:ansibrightblack italic")
    kind, message = spec["type"], spec["message"]
    if kind == "confirm":
        question = questionary.confirm(message, default=bool(spec.get("default")))
    elif kind == "select":
        choices = [questionary.Choice(c["name"], value=c["value"]) for c in spec["choices"]]
        default = spec.get("default") if spec.get("default") in [c["value"] for c in spec["choices"]] else None
        question = questionary.select(message, choices=choices, default=default)
    elif kind == "checkbox":
        choices = [questionary.Choice(c["name"], value=c["value"], checked=c.get("checked", False))
                   for c in spec["choices"]]
        question = questionary.checkbox(message, choices=choices)
    elif spec.get("default") and not spec.get("multiline"):
        question = _suggesting_text(message, spec["default"], spec.get("validate"))
    else:
        # Lists and paragraphs are shown in full, ready to edit: a block of text reads as a block.
        question = questionary.text(message, default=spec.get("default") or "", multiline=spec.get("multiline", False),
                                    validate=spec.get("validate"))
    try:
        answer = question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
    return BLANK_ANSWER.sub("", answer) if isinstance(answer, str) else answer


# "-" alone clears a one-line answer that comes with a suggestion (Enter would take the suggestion).
BLANK_ANSWER = re.compile(r"^\s*-\s*$")


class _Suggestion(AutoSuggest):
    """The suggested answer in grey after the cursor, while what is typed still matches its start."""

    def __init__(self, text: str):
        self.text = text

    def get_suggestion(self, buffer, document) -> Suggestion | None:
        typed = document.text
        return Suggestion(self.text[len(typed):]) if self.text.startswith(typed) and typed != self.text else None


def _suggesting_text(message: str, default: str, validate: Callable[[str], Any] | None):
    """A one-line question whose suggestion is shown, not typed in: Enter takes it, → brings it in to
    edit, and typing replaces it. A pre-filled suggestion was silently extended by whatever the user
    typed next ("90" and "60" became "9060"), which is how a new user first meets it."""
    bindings = KeyBindings()
    empty = Condition(lambda: not get_app().current_buffer.text)

    @bindings.add("enter", filter=empty)
    def _take(event) -> None:
        event.current_buffer.text = default
        event.current_buffer.validate_and_handle()

    @bindings.add("right", filter=empty)
    def _edit(event) -> None:
        event.current_buffer.insert_text(default)

    check = (lambda text: validate(default if text == "" else BLANK_ANSWER.sub("", text))) if validate else None
    # The placeholder shows the suggestion while nothing is typed; the auto-suggestion keeps showing
    # its rest while what is typed matches its start (→ then takes that rest).
    return questionary.text(message, validate=check, auto_suggest=_Suggestion(default), key_bindings=bindings,
                            placeholder=FormattedText([("fg:ansibrightblack", default)]))


def say(text: str = "", **style: Any) -> None:
    click.secho(text, **style)


def converter(q: Question, info, required: bool) -> Callable[[Any], Any]:
    """Turns the raw answer into the stored value, or raises ValueError with the reason to show."""
    if q.kind == "dated_lines":
        return dated_lines_converter(q, info, required)
    adapter = adapter_for(info)

    def convert(raw: Any) -> Any:
        if q.kind == "lines":
            raw = [line for line in str(raw).splitlines() if line.strip()]
        elif isinstance(raw, str):
            if q.kind in ("integer", "money", "percentage", "date", "currency"):
                raw = raw.strip().replace("_", "")
            if q.kind in ("money", "integer"):
                raw = raw.replace(" ", "")
            if q.kind == "money":
                raw = _plain_amount(raw)
            if q.kind == "percentage":
                raw = raw.rstrip("%").strip()
            if q.kind == "currency":
                raw = raw.upper()
            if q.kind in NUMBER_KINDS and raw.casefold() in NONE_WORDS:
                raw = ""  # "no" to an optional amount means none, as a blank does
        if blank(raw):
            if required:
                raise ValueError(UI["needed"])
            return None
        try:
            value = adapter.validate_python(raw)
        except ValidationError as exc:
            raise ValueError(UI["amount_form"] if q.kind == "money" else reason(exc, info)) from None
        return storable(value)

    return convert


NUMBER_KINDS = {"integer", "money", "percentage"}
NONE_WORDS = {"no", "none", "n/a", "na", "-", "—", "nil"}
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def _plain_amount(text: str) -> str:
    """"£250,000" -> "250000": a currency sign, and commas that can only group thousands, are dropped.
    A comma anywhere else (a decimal comma, "2,5") stays and is refused with the expected form."""
    text = text.strip("£$€¥₹")
    return text.replace(",", "") if _THOUSANDS.match(text) else text


DATE_SHAPE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")  # meant as a date, even if it is not a real one


def dated_lines_converter(q: Question, info, required: bool) -> Callable[[Any], Any]:
    """"2027-03-31 Connector live" per line -> [{description: text, deadline: date}], each part checked
    with its own field's rules. The date may come first or last on the line."""
    model = inner_model(info)
    date_info, text_info = field_info(model, q.date_field), field_info(model, q.text_field)
    check_date, check_text = adapter_for(date_info), adapter_for(text_info)

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
            items.append({q.text_field: text, q.date_field: when})
        if not items and required:
            raise ValueError(UI["needed"])
        return items or None

    return convert


def dated_lines_text(q: Question, items: Any) -> str:
    """The stored records as the lines the user would type for them, to offer as the default."""
    if not isinstance(items, list):
        return ""
    return "\n".join(f"{as_text(item.get(q.date_field))} {as_text(item.get(q.text_field))}".strip()
                     for item in items if isinstance(item, dict))


def reason(exc: ValidationError, info) -> str:
    error = exc.errors()[0]
    # A regular expression means nothing to a user; the field's description shows the expected form.
    message = UI["pattern"] if error["type"] == "string_pattern_mismatch" else error["msg"]
    message = re.sub(r"^Value error, ", "", message)
    return f"{message} ({info.description})" if info.description else message


def reason_or_true(convert: Callable[[Any], Any], text: str) -> bool | str:
    try:
        convert(text)
    except ValueError as exc:
        return str(exc)
    return True


def storable(value: Any) -> Any:
    """A validated value as it goes into the answers file (enums as their values)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value

