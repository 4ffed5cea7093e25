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
from pydantic import ValidationError

from .interview_data import blank
from .questionnaire import Question, adapter_for

# Words of the interview's own machinery (menus, notices); the questions themselves live in questionnaires/.
UI = {
    "needed": "an answer is needed here",
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
    "built": "Built {count} file(s) in {output}/:",
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
    else:
        question = questionary.text(message, default=spec.get("default") or "", multiline=spec.get("multiline", False),
                                    validate=spec.get("validate"))
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def say(text: str = "", **style: Any) -> None:
    click.secho(text, **style)


def converter(q: Question, info, required: bool) -> Callable[[Any], Any]:
    """Turns the raw answer into the stored value, or raises ValueError with the reason to show."""
    adapter = adapter_for(info)

    def convert(raw: Any) -> Any:
        if q.kind == "lines":
            raw = [line for line in str(raw).splitlines() if line.strip()]
        elif isinstance(raw, str):
            if q.kind in ("integer", "money", "percentage", "date", "currency"):
                raw = raw.strip().replace("_", "")
            if q.kind in ("money", "integer"):
                raw = raw.replace(" ", "")
            if q.kind == "percentage":
                raw = raw.rstrip("%").strip()
            if q.kind == "currency":
                raw = raw.upper()
        if blank(raw):
            if required:
                raise ValueError(UI["needed"])
            return None
        try:
            value = adapter.validate_python(raw)
        except ValidationError as exc:
            raise ValueError(reason(exc, info)) from None
        return storable(value)

    return convert


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

