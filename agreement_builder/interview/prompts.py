"""Talking to the user: the one function that calls questionary, and the interview's own words.

questionary is imported here and nowhere else, and only `_ask` calls it, so tests
script the whole interview by patching `agreement_builder.interview.prompts._ask`
(as copier does with its `_ask`); the interview looks the name up here at every question.
"""
from __future__ import annotations

import re
import textwrap
from typing import Any

import click
import questionary
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggest, Suggestion
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style

from . import screen
from .data import as_text

# Words of the interview's own machinery (menus, notices); the questions themselves live in questionnaires/.
UI = {
    "needed": "an answer is needed here",
    "taken": "{value!r} is already taken here; choose a different one",
    "to_look_at": "To look at: {sections}",
    "counts": {"error": ("{n} error", "{n} errors"), "warning": ("{n} warning", "{n} warnings"),
               "missing": ("{n} missing", "{n} missing")},
    "tip": ("Tip: Enter takes the suggestion shown in grey; → brings it in to edit; typing replaces it; "
            "a lone - clears it. In answers of several lines, Esc then Enter finishes."),
    "finish_multiline": "Alt+Enter or Esc Enter: done",
    "tick": "(Space ticks, Enter: done)",
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
    "key_form": "use lowercase letters, digits and hyphens, e.g. {example}",
    "key_example": "harbor-lane",
    "no_such_month": "there is no month {month}; write YYYY-MM-DD, e.g. 2027-01-31",
    "no_such_day": "there is no {day} {month} {year}",
    "date_written_as": "write the date as YYYY-MM-DD: {date}",
    "keep": "Keep these {items} and go on",
    "resumed_item": "{item} {n}{summary}",
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
    width = screen.usable(columns)
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=then)


# questionary's own styles for the parts of a question, used again when the interview echoes one.
_QMARK, _QUESTION, _ANSWER = "fg:#5f819d", "bold", "fg:#FF9D00 bold"


def _ask(spec: dict) -> Any:
    """Ask one question on the terminal. The only place questionary is called.

    `spec` holds the question's type, message, default and choices; the answer comes back raw
    (text, bool, a choice's value, a list of values). Ctrl-C raises KeyboardInterrupt, Ctrl-D (end
    of input) is treated the same. questionary echoes a question and its answer on one line, which the
    terminal breaks mid-word once it is too wide ("13|0"); so the prompt is erased when done and the
    question echoed here, wrapped between words. Nothing is validated while typing: a refusal shown in
    questionary's bottom toolbar is rows away from the question and cut off, so the interview checks
    the answer after Enter and says why right under it.
    """
    if spec.get("help") and not spec.get("typed"):  # asked again after a refusal: the help is just above
        questionary.print(help_lines(spec["help"]), style="fg:ansibrightblack italic")
    kind, message = spec["type"], spec["message"]
    answer_below = False
    if kind == "confirm":
        message, _ = screen.question_lines(message, room=len("(Y/n) Yes"))
        question = questionary.confirm(message, default=bool(spec.get("default")), erase_when_done=True)
    elif kind == "select":
        message, _ = screen.question_lines(message, room=len("(Use arrow keys)"))
        choices = [questionary.Choice(c["name"], value=c["value"]) for c in spec["choices"]]
        default = spec.get("default") if spec.get("default") in [c["value"] for c in spec["choices"]] else None
        question = questionary.select(message, choices=choices, default=default, erase_when_done=True)
    elif kind == "checkbox":
        # questionary's own instruction ("(Use arrow keys to move, <space> to select, <a> to toggle, <i> to
        # invert)") is wider than an 80-column terminal after most questions.
        message, _ = screen.question_lines(message, room=len(UI["tick"]) + 1)
        choices = [questionary.Choice(c["name"], value=c["value"], checked=c.get("checked", False))
                   for c in spec["choices"]]
        question = questionary.checkbox(message, choices=choices, instruction=UI["tick"], erase_when_done=True)
    elif spec.get("multiline"):
        # Lists and paragraphs are shown in full, ready to edit: a block of text reads as a block.
        message, _ = screen.question_lines(message, room=screen.ANSWER_ROOM, answer_below=True)
        answer_below = True
        question = questionary.text(message, default=spec.get("default") or "", multiline=True,
                                    instruction=_multiline_instruction(message), erase_when_done=True)
    else:
        # Room for a short answer, or for the whole suggestion shown in grey ("har|bor-lane" at the edge).
        room = max(screen.ANSWER_ROOM, len(as_text(spec.get("default"))) + 1)
        message, answer_below = screen.question_lines(message, room=room)
        shown = message + ("\n " if answer_below else "")  # and questionary's space: the answer starts indented
        if spec.get("default") and not spec.get("typed"):
            question = _suggesting_text(shown, spec["default"])
        else:  # a refused answer comes back as it was typed, ready to correct
            question = questionary.text(shown, default=spec.get("default") or "", erase_when_done=True)
    try:
        answer = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        _echo(message, None, answer_below)
        raise KeyboardInterrupt from None
    answer = BLANK_ANSWER.sub("", answer) if isinstance(answer, str) else answer
    _echo(message, _shown(spec, answer), answer_below)
    return answer


def _multiline_instruction(message: str) -> str:
    """How to finish a paragraph, after the question if it fits there, else on a line of its own; the text
    is typed on the lines below. (questionary's own instruction is cut off after a long question.)"""
    said = UI["finish_multiline"]
    if len(screen.last_line(message)) + len(said) + 5 <= screen.usable():
        return f"{said}\n "
    return f"\n{screen.ANSWER_INDENT}{said}\n "


def _shown(spec: dict, answer: Any) -> str:
    """The answer as the echo shows it: a choice by its label, yes or no, the text typed."""
    if spec["type"] == "confirm":
        return "Yes" if answer else "No"
    labels = {c["value"]: c["name"] for c in spec.get("choices") or []}
    if spec["type"] == "select":
        return labels.get(answer, as_text(answer))
    if spec["type"] == "checkbox":
        return ", ".join(labels.get(value, as_text(value)) for value in answer or [])
    return as_text(answer)


def _echo(message: str, answer: str | None, below: bool) -> None:
    """The question and its answer as they stay on the screen, broken between words."""
    width = screen.usable()
    parts = [("class:qmark", "?"), ("class:question", f" {message}")]
    if answer is not None and answer.strip():
        one_line = "\n" not in answer and not below
        if one_line and len(screen.last_line(f"? {message}")) + 1 + len(answer) <= width:
            parts.append(("class:answer", f" {answer}"))
        else:
            lines = [screen.wrapped(f"{screen.ANSWER_INDENT}{line}", width=width + 1)
                     for line in answer.strip("\n").split("\n")]
            parts.append(("class:answer", "\n" + "\n".join(lines)))
    print_formatted_text(FormattedText(parts), style=Style.from_dict(
        {"qmark": _QMARK, "question": _QUESTION, "answer": _ANSWER}))


# "-" alone clears a one-line answer that comes with a suggestion (Enter would take the suggestion).
BLANK_ANSWER = re.compile(r"^\s*-\s*$")


class _Suggestion(AutoSuggest):
    """The suggested answer in grey after the cursor, while what is typed still matches its start."""

    def __init__(self, text: str):
        self.text = text

    def get_suggestion(self, buffer, document) -> Suggestion | None:
        typed = document.text
        return Suggestion(self.text[len(typed):]) if self.text.startswith(typed) and typed != self.text else None


def _suggesting_text(message: str, default: str):
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

    # The placeholder shows the suggestion while nothing is typed; the auto-suggestion keeps showing
    # its rest while what is typed matches its start (→ then takes that rest).
    return questionary.text(message, auto_suggest=_Suggestion(default), key_bindings=bindings,
                            placeholder=FormattedText([("fg:ansibrightblack", default)]), erase_when_done=True)


def say(text: str = "", *, then: str | None = None, **style: Any) -> None:
    """A line (or lines) of the interview's own, broken between words to fit the terminal; a line's later
    parts are indented as far as the line, or by `then`."""
    click.secho(screen.wrapped(text, then=then), **style)
