"""Fitting what the interview shows to the terminal: lines broken between words, never inside one.

A terminal breaks a line that is too wide wherever the edge falls ("har|bor-lane", "13|0"), so
everything the interview prints is wrapped here first, to the width the terminal has now. A
question that leaves no room for its answer on the same line is wrapped too, and its answer
typed on the line below.
"""
from __future__ import annotations

import shutil
import textwrap

ANSWER_ROOM = 24  # columns a short answer needs after its question, or it goes on a line of its own
ANSWER_INDENT = "  "  # where an answer typed below its question starts, and where a question's later lines start
NARROWEST = 40  # below this the text is wrapped as if the terminal were this wide: too narrow to read anyway


def columns() -> int:
    return shutil.get_terminal_size().columns


def rows() -> int:
    return shutil.get_terminal_size().lines


def usable(width: int | None = None) -> int:
    """The columns a line may fill: one less than the terminal's, as a line filling the last column makes
    some terminals (and prompt_toolkit) move on to the next row by themselves."""
    return max(NARROWEST, (width or columns()) - 1)


def wrapped(text: str, *, then: str | None = None, width: int | None = None) -> str:
    """Every line of `text` broken between words to fit the terminal. A line's later parts are indented as
    far as the line itself, or by `then`; a word wider than the terminal is left whole."""
    width = usable(width)
    out = []
    for line in text.split("\n"):
        lead = line[:len(line) - len(line.lstrip())]
        if len(line) <= width or not line.strip():
            out.append(line)
            continue
        out.append(textwrap.fill(line[len(lead):], width=width, initial_indent=lead,
                                 subsequent_indent=lead if then is None else then,
                                 break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def question_lines(message: str, *, room: int, answer_below: bool = False,
                   width: int | None = None) -> tuple[str, bool]:
    """The question as the prompt shows it after its "? ", and whether the answer goes on the line below.

    `room` is what has to fit after the question on its last line (a short answer, "(Y/n) Yes"). A question
    that leaves no such room is broken between words, its later lines under its first; a typed answer then
    goes below it (always, with `answer_below`), anything else stays after its last line.
    """
    width = usable(width)
    if not answer_below and "\n" not in message and len(f"? {message} ") + room <= width:
        return message, False
    keep_room = 0 if room >= ANSWER_ROOM or answer_below else room  # a typed answer goes below instead
    lines = textwrap.wrap(message, width=width - 2 - keep_room, subsequent_indent=ANSWER_INDENT,
                          break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(lines), True


def last_line(text: str) -> str:
    return text.rsplit("\n", 1)[-1]
