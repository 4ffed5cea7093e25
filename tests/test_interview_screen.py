"""What the interview shows fits the terminal: lines broken between words, answers below long questions.

Questions are asked through prompt_toolkit on a pipe (no real terminal), at 80 columns; the echo
that stays on the screen is read back from what was written to the fake terminal.
"""
from __future__ import annotations

import io
import os
import re

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from agreement_builder.interview import prompts, screen

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
KEY_QUESTION = "A short lowercase key for Harbor Lane (used in file names and references)?"
PERCENT_QUESTION = "Is it a percentage? Enter it (0 to 100), or leave blank for a fixed amount."


@pytest.fixture
def columns_80(monkeypatch):
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((80, 24)))


def asked(spec: dict, typed: str, everything: list | None = None) -> tuple[object, list[str]]:
    """`spec` asked on an 80×24 fake terminal with `typed` as the keys pressed: the answer, and the lines the
    question leaves on the screen once answered (the prompt erases itself; the echo is what stays)."""
    written = io.StringIO()
    output = Vt100_Output(written, lambda: Size(rows=24, columns=80), term="xterm")
    with create_pipe_input() as keys, create_app_session(input=keys, output=output):
        keys.send_text(typed)
        answer = prompts._ask(spec)
    if everything is not None:
        everything.append(ANSI.sub("", written.getvalue()))
    after_prompt = written.getvalue().rsplit("\x1b[?2004l", 1)[-1]  # the prompt's end: bracketed paste off
    return answer, [line for line in ANSI.sub("", after_prompt).replace("\r", "").split("\n") if line.strip()]


def test_lines_the_interview_prints_break_between_words(columns_80, capsys):
    reason = "  ✗ use lowercase letters, digits and hyphens, e.g. harbor-lane; " * 3
    prompts.say(reason, then="    ")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 1 and all(len(line) <= 79 for line in lines)
    assert all(line.startswith("    ") for line in lines[1:])
    assert " ".join(line.strip() for line in lines).split() == reason.split()  # no word cut in two


def test_a_question_without_room_for_its_answer_takes_it_on_the_next_line(columns_80):
    shown, below = screen.question_lines(KEY_QUESTION + " Keep it short.", room=screen.ANSWER_ROOM)
    assert below and all(len(line) <= 77 for line in shown.split("\n"))  # "? " before the first line
    assert shown.replace("\n  ", " ") == KEY_QUESTION + " Keep it short."
    assert screen.question_lines("How many arbitrators decide?", room=screen.ANSWER_ROOM) == \
        ("How many arbitrators decide?", False)


@pytest.mark.parametrize("question, typed", [(KEY_QUESTION, "harbor-lane"), (PERCENT_QUESTION, "130")])
def test_the_answer_to_a_long_question_stays_whole_on_its_own_line(columns_80, question, typed):
    answer, lines = asked({"type": "text", "message": question, "default": ""}, typed + "\r")
    assert answer == typed
    assert all(len(line) <= 79 for line in lines)
    assert lines[-1] == f"  {typed}"  # not "har|bor-lane" or "13|0" at the terminal's edge


def test_a_short_question_with_a_long_suggestion_takes_its_answer_below(columns_80):
    suggestion = "Referral fee for customers Harbor Lane introduces to Maplestone"
    shown: list[str] = []
    answer, lines = asked({"type": "text", "message": "What does Maplestone pay Harbor Lane for?",
                           "default": suggestion}, "\r", shown)
    assert answer == suggestion
    assert "for? Referral" not in shown[0]  # while asking too: the grey suggestion starts on its own line
    assert lines[-2:] == ["? What does Maplestone pay Harbor Lane for?", f"  {suggestion}"]


def test_a_multiline_answer_is_echoed_wrapped_between_words(columns_80):
    purpose = ("Harbor Lane advises mid-sized manufacturers on operations; many of its clients need the "
               "production-scheduling software Maplestone sells.")
    answer, lines = asked({"type": "text", "message": "Why are the two partners working together?",
                           "multiline": True, "default": ""}, purpose + "\x1b\r")
    assert answer == purpose
    assert all(len(line) <= 79 for line in lines)
    echoed = [line for line in lines if line.startswith("  ")]
    assert len(echoed) == 2 and " ".join(line.strip() for line in echoed) == purpose


def test_the_multiline_instruction_is_short_and_fits_beside_or_below_the_question(columns_80):
    for question in ("Which safeguards apply?", "What does each partner keep to itself? (one per line, optional) "
                                                "Say what is off limits."):
        shown, _ = screen.question_lines(question, room=screen.ANSWER_ROOM, answer_below=True)
        instruction = prompts._multiline_instruction(shown)
        assert "Alt+Enter or Esc Enter: done" in instruction and "Finish with" not in instruction
        screen_lines = f"? {shown}  {instruction}".split("\n")
        assert all(len(line) <= 79 for line in screen_lines), screen_lines


def test_a_refused_answer_is_offered_again_as_typed_without_the_help_again(columns_80):
    spec = {"type": "text", "message": "For how many years does confidentiality last?", "default": "300",
            "help": "Information stays sensitive."}
    shown: list[str] = []
    assert asked(spec, "\r", shown)[0] == "300"
    assert "Information stays sensitive." in shown[0]
    answer, _ = asked({**spec, "typed": True}, "\x7f\x7f5\r", shown)
    assert answer == "35"  # the typed text was in the box to correct, not a grey suggestion
    assert "Information stays sensitive." not in shown[1]  # the help is still on the screen above


def test_a_checkbox_question_fits_with_its_instruction(columns_80):
    shown: list[str] = []
    answer, lines = asked({"type": "checkbox", "message": "Which metrics are reported in every review?",
                           "choices": [{"name": "referral fees received", "value": "fees"},
                                       {"name": "referred customers signed", "value": "signed"}]}, " \r", shown)
    assert answer == ["fees"]
    assert "(Space ticks, Enter: done)" in shown[0] and "<space> to select" not in shown[0]
    assert lines[-1] == "? Which metrics are reported in every review? referral fees received"
