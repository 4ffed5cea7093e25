"""The real `interview` command in a real terminal (a pseudo-terminal made by pexpect).

Starts from the example deal with a few sections taken out, so each run types a
short path: answer the missing sections, revise one from the review screen,
build; and a run interrupted with Ctrl-C that is resumed to the same answers.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from agreement_builder.answers import load_answers
from agreement_builder.resources import example_text

pexpect = pytest.importorskip("pexpect", reason="pexpect is not installed: pip install pexpect")

ENTER, ESC_ENTER, UP, DOWN, RIGHT, CTRL_C, CLEAR_LINE = "\r", "\x1b\r", "\x1b[A", "\x1b[B", "\x1b[C", "\x03", "\x15"
BACKSPACE = "\x7f"


def _without(text: str, *sections: str) -> str:
    """The answers text with whole top-level sections (and their comment lines) removed."""
    for key in sections:
        start = text.index(f"\n{key}:\n")
        end = text.find("\n\n", start + 1)
        text = text[:start] + (text[end:] if end != -1 else "\n")
    return text


def _plain(file: Path) -> dict:
    return json.loads(json.dumps(load_answers(file).data, default=str))


class Terminal:
    """The interview command on its own pseudo-terminal; `answer` waits for a question, then types."""

    def __init__(self, folder: Path, *args: str):
        env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "120", "LINES": "40"}
        self.child = pexpect.spawn(sys.executable, ["-m", "agreement_builder", "interview", *args], cwd=str(folder),
                                   env=env, encoding="utf-8", timeout=30, dimensions=(40, 120))

    def answer(self, question: str, *keys: str) -> None:
        self.child.expect_exact(question)
        for key in keys:
            self.child.send(key)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def start(*args: str) -> Terminal:
        opened.append(Terminal(tmp_path, *args))
        return opened[-1]

    yield start
    for term in opened:
        term.close()


def _answer_trust(term: Terminal, *, offered_usual: bool = True) -> None:
    if offered_usual:  # no: the confidentiality questions below are asked one by one
        term.answer("Keep this usual confidentiality?", "n")
    term.answer("share with each other?", "joint pipeline & forecasts", ENTER, "roadmaps <connected>", ESC_ENTER)
    term.answer("keep to itself?", ESC_ENTER)
    term.answer("How strict is confidentiality?", ENTER)
    # typing replaces the suggested 3; 300 is above the model's limit of 50: refused with the reason, then corrected
    term.answer("does confidentiality last?", "300", ENTER)
    term.answer("at most 50", BACKSPACE * 3, "5", ENTER)
    term.answer("compete with each other", "y")
    term.answer("safeguards apply because you compete?", "No pricing talk outside Retail Insight.", ESC_ENTER)
    term.answer("personal data about customers?", "n")


def _answer_disputes(term: Terminal) -> None:
    term.answer("same escalation path as any problem")  # the summary shows what a yes accepts
    term.answer("Keep these usual first steps in a dispute?", ENTER)
    term.answer("who decides?", DOWN, ENTER)  # arbitration
    term.answer("Where does the arbitration sit?", "Zurich", ENTER)
    term.answer("Under which arbitration rules?", "Swiss Rules", ENTER)
    term.answer("How many arbitrators decide?", DOWN, ENTER)  # three
    term.answer("Which law governs the agreement?", "Swiss law", ENTER)


TRUST = {"shared_information": ["joint pipeline & forecasts", "roadmaps <connected>"],
         "confidentiality_level": "strict", "confidentiality_years": 5, "partners_compete": True,
         "competitor_safeguards": ["No pricing talk outside Retail Insight."], "customer_data_shared": False}


def test_short_path_revise_one_section_then_build(tmp_path, terminal):
    deal = tmp_path / "deal.yaml"
    deal.write_text(_without(example_text(), "trust", "disputes"), encoding="utf-8")
    term = terminal("deal.yaml", "-o", "out")
    _answer_trust(term)
    _answer_disputes(term)
    term.answer("Review: what next?", DOWN, ENTER)  # "Revise a section…"
    term.answer("Which section?", UP, ENTER)  # the menu wraps: one up from the first is the last, Disputes
    term.answer("try mediation", ENTER)
    term.answer("How many days does the mediation have", ENTER)
    term.answer("who decides?", UP, ENTER)  # from arbitration (the current answer) back to the courts
    term.answer("Which city's courts decide?", CLEAR_LINE, "Dublin", ENTER)
    term.answer("Which law governs the agreement?", CLEAR_LINE, "Irish law", ENTER)
    term.answer("Review: what next?", ENTER)
    term.answer("out: version 1 created.")  # built as `agreement-builder build` builds: versioned
    assert term.finish() == 0
    data = _plain(deal)
    assert data["trust"] == TRUST
    assert data["disputes"] == {"mediation": True, "mediation_days": 45,
                                "final_forum": "courts", "venue": "Dublin", "governing_law": "Irish law"}
    assert not load_answers(deal).errors and not load_answers(deal).missing
    assert (tmp_path / "out" / "agreement.docx").stat().st_size > 5000
    assert json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["version"] == 1
    assert "# People leave: the backup takes over" in deal.read_text(encoding="utf-8")


def test_ctrl_c_halfway_then_resume_gives_the_same_answers(tmp_path, terminal):
    deal = tmp_path / "deal.yaml"
    deal.write_text(_without(example_text(), "governance", "trust", "disputes"), encoding="utf-8")
    term = terminal("deal.yaml")
    term.answer("Keep this usual meeting rhythm?", "n")  # no: each of its questions is asked
    term.answer("During launch, how often", ENTER)
    term.answer("launch period last?", ENTER)
    term.answer("After launch, how often", ENTER)
    term.answer("executive sponsors review", ENTER)
    term.answer("communication channels", "weekly call", ENTER, "shared channel", ESC_ENTER)
    term.answer("about a problem it knows of?", ENTER)
    term.answer("Problem-solving rules", ESC_ENTER)  # the suggested rules, accepted as they are
    # → brings the suggested first step ("alliance managers") in to edit
    term.answer("who handles an unresolved issue", RIGHT, " of both partners", ENTER)
    term.answer("before the issue moves up?", ENTER)
    term.answer("Add another escalation step?", "y")
    term.answer("who handles an unresolved issue", "executive sponsors", ENTER)  # typing replaces a suggestion
    term.answer("before the issue moves up?", "15", ENTER)  # 15, not 1015
    term.answer("Add another escalation step?", "n")
    term.answer("mark shared successes?", ENTER)
    term.answer("Keep this usual confidentiality?", "n")
    term.answer("share with each other?", "joint pipeline", ENTER, CTRL_C)  # halfway through a section
    term.answer("Resume with: agreement-builder interview deal.yaml")
    assert term.finish() == 130
    draft = _plain(deal)
    assert "governance" in draft and "trust" not in draft  # the finished section was kept

    term = terminal("deal.yaml")
    # asked from the start of the unfinished section, nothing before it; the usual terms were already declined
    _answer_trust(term, offered_usual=False)
    _answer_disputes(term)
    term.answer("Review: what next?", UP, ENTER)  # "Save and quit" is the last entry
    assert term.finish() == 0
    data = _plain(deal)
    assert data["governance"] == {
        "launch_meeting_cadence": "weekly", "launch_period_months": 3, "steady_meeting_cadence": "monthly",
        "executive_review_cadence": "quarterly", "channels": ["weekly call", "shared channel"],
        "bad_news_notice_days": 5, "problem_solving_protocols": [
            "Whoever raises a problem also brings a proposed solution.",
            "The alliance managers talk a problem through before anyone else is involved."],
        "escalation_path": [{"level": "alliance managers of both partners", "days_to_resolve": 10},
                            {"level": "executive sponsors", "days_to_resolve": 15}]}
    assert data["trust"] == TRUST
    assert data["disputes"]["arbitration_rules"] == "Swiss Rules"
    assert data["disputes"]["arbitrators"] == "three"
    assert not load_answers(deal).errors and not load_answers(deal).missing
