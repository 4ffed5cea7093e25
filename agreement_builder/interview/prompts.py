"""Talking to the user: the one function that calls questionary, and the interview's own words.

questionary is imported here and nowhere else, and only `_ask` calls it, so tests
script the whole interview by patching `agreement_builder.interview.prompts._ask`
(as copier does with its `_ask`); the interview looks the name up here at every question.
"""
from __future__ import annotations

import re
import shutil
import textwrap
from typing import Any, Callable

import click
import questionary
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggest, Suggestion
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings

# Words of the interview's own machinery (menus, notices); the questions themselves live in questionnaires/.
UI = {
    "needed": "an answer is needed here",
    "taken": "{value!r} is already taken here; choose a different one",
    "to_look_at": "To look at: {sections}",
    "counts": {"error": ("{n} error", "{n} errors"), "warning": ("{n} warning", "{n} warnings"),
               "missing": ("{n} missing", "{n} missing")},
    "tip": ("Tip: Enter takes the suggestion shown in grey; → brings it in to edit; typing replaces it; "
            "a lone - clears it. In answers of several lines, Esc then Enter finishes."),
    "amount_form": "write the amount as a plain number, e.g. 250000 or 1999.99",
    "amount_unclear": "is {typed} {small} or {large}? Write one of those",
    # Why an answer is refused, in a few words that fit one terminal line; pydantic's own sentence
    # (with the field's description after it) is cut off at 80 columns and reads like a program.
    "reasons": {
        "date_from_datetime_parsing": "not a date; write YYYY-MM-DD, e.g. 2027-01-31",
        "date_parsing": "not a date; write YYYY-MM-DD, e.g. 2027-01-31",
        "date_from_datetime_inexact": "not a date; write YYYY-MM-DD, e.g. 2027-01-31",
        "date_type": "not a date; write YYYY-MM-DD, e.g. 2027-01-31",
        "int_parsing": "write a whole number, e.g. 30",
        "int_from_float": "write a whole number, e.g. 30",
        "int_type": "write a whole number, e.g. 30",
        "decimal_parsing": "write a number, e.g. 12.5",
        "decimal_type": "write a number, e.g. 12.5",
        "less_than_equal": "at most {le}",
        "less_than": "less than {lt}",
        "greater_than_equal": "at least {ge}",
        "greater_than": "more than {gt}",
        "decimal_max_places": "at most {decimal_places} decimal places",
        "decimal_max_digits": "too many digits",
        "too_long": "at most {max_length} entries",
        "string_too_short": "an answer is needed here",
    },
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


def help_lines(text: str, columns: int | None = None, *, first: str = "  ", then: str = "  ") -> str:
    """Text wrapped at word boundaries to the terminal's width (the terminal itself would break words in two,
    "typing re|places it"), each line indented: a question's help, the tip."""
    width = max(40, (columns or shutil.get_terminal_size().columns) - 1)
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=then)


def _ask(spec: dict) -> Any:
    """Ask one question on the terminal. The only place questionary is called.

    `spec` holds the question's type, message, default, choices and validator;
    the answer comes back raw (text, bool, a choice's value, a list of values).
    Ctrl-C raises KeyboardInterrupt, Ctrl-D (end of input) is treated the same.
    """
    if spec.get("help"):
        questionary.print(help_lines(spec["help"]), style="fg:ansibrightblack italic")
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
