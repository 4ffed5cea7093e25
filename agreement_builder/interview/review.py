"""The review screen: every section in brief with the problems `check` finds, then build, revise or quit.

Given what it needs and nothing more: the draft (to check and build from), the sections,
the partners (to name them), where to build, the interview's prompt (the one questionary
call) and a way to ask a section again.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

import click

from ..answers import Answers
from ..errors import AgreementBuilderError, Problem, Severity
from . import screen
from .data import blank, sentence
from .draft import Draft
from .group_questions import OptionalQuestion
from .names import Partners, fill, placeholder_names, placeholders
from .prompts import UI, say
from .questionnaire import Section
from .sections import Sections


@dataclass
class Outcome:
    """How an interview ended: the answers file, what was built (publish.BuildResult) if anything, the check."""

    file: Path
    built: Any = None
    answers: Answers | None = None


class ReviewScreen:
    def __init__(self, draft: Draft, sections: Sections, partners: Partners, output: Path, *,
                 prompt: Callable[[dict], Any], revise: Callable[[str], None]):
        self.draft, self.sections, self.partners, self.output = draft, sections, partners, output
        self.prompt, self.revise = prompt, revise

    def run(self) -> Outcome:
        while True:
            answers = self.draft.checked()
            self._show(answers)
            # Three entries, and the sections on a second menu only when asked for: the whole
            # review then fits a 40-row terminal above the menu.
            choices = [{"name": UI["build"].format(output=self.output), "value": "build"},
                       {"name": UI["revise_menu"], "value": "revise"},
                       {"name": UI["quit"], "value": "quit"}]
            action = self.prompt({"type": "select", "message": UI["review"], "choices": choices,
                                  "default": "build", "path": "", "kind": "review"})
            if action == "revise":
                action = self.pick_section(answers)
            if action == "quit":
                return Outcome(self.draft.file, None, answers)
            if action == "build":
                blocking = answers.errors + answers.missing
                if blocking:
                    say(UI["blocked"], fg="red", bold=True)
                    for problem in blocking:
                        say(f"  {problem.render()}", then="    ", fg="red")
                    continue
                built = self.build()
                if built is None:
                    continue
                return Outcome(self.draft.file, built, answers)
            self.revise(action)

    def pick_section(self, answers: Answers) -> str:
        """The section to revise; the menu starts at the first one with a problem."""
        troubled = {self.sections.holding(p.path) for p in answers.problems}
        listed = [(sec, index, name) for (sec, index), name in zip(self.sections.instances, self.sections.names())
                  if self._applies(sec, index) or name in troubled]
        names = [name for _, _, name in listed]
        choices = [{"name": self._title(sec, index), "value": name} for sec, index, name in listed]
        return self.prompt({"type": "select", "message": UI["which_section"], "choices": choices,
                            "default": next((n for n in names if n in troubled), names[0]), "path": "",
                            "kind": "review_section"})

    def build(self) -> Any:
        """Build exactly as `agreement-builder build` does (versions, manifest, redline, hand edits kept);
        None, after saying why, when the build is refused, so the user is back at the review."""
        from .. import pipeline  # imported late: the questions work without the document machinery loaded
        from ..versions.publish import result_lines

        try:
            result = pipeline.build(self.draft.file, self.output)
        except AgreementBuilderError as exc:  # e.g. documents in the folder were edited by hand
            say(f"{UI['not_built']} {exc}", fg="red", bold=True)
            return None
        for line in result_lines(result):
            say(line, fg="green" if line.startswith(str(self.output)) else None)
        for warning in result.warnings:
            say(f"  warning: {warning.render(self.draft.file)}", then="    ", fg="yellow")
        for note in result.notes:
            say(f"  note: {note}", then="    ")
        return result

    def _context(self, sec: Section, index: int | None):
        return self.sections.context(sec, index, self.draft.data, self.partners, create=False)

    def _applies(self, sec: Section, index: int | None) -> bool:
        """A section none of whose questions this deal asks (a co-marketing section in a referral) is not shown,
        unless it holds a problem."""
        node = self._context(sec, index).node
        return any(q.applies(self.draft.data, node) for q in sec.questions)

    def _title(self, sec: Section, index: int | None) -> str:
        if index is None:
            return sec.title
        return fill(sec.title, placeholder_names(self._context(sec, index), self.partners))

    def _show(self, answers: Answers) -> None:
        """Every section with its status and summary, its problems right below, then what needs a look.

        In full where that fits above the menu; on a shorter terminal one line per section, so that the
        sections, their problems and the menu stay on one screen (80×24 included)."""
        by_section: dict[str, list[Problem]] = {}
        for problem in answers.problems:
            by_section.setdefault(self.sections.holding(problem.path), []).append(problem)
        shown = [(sec, index) for sec, index in self.sections.instances
                 if self._applies(sec, index) or self.sections.name(sec, index) in by_section]
        briefs = {self.sections.name(sec, index): self._summary(sec, index) for sec, index in shown}
        footer = self._footer(answers)
        width = screen.usable()
        full = [self._full(sec, index, briefs, by_section, width) for sec, index in shown]
        # The menu below takes its question and three entries, and the prompt line after it one more.
        if sum(len(block) for block in full) + len(footer) + 5 <= screen.rows():
            blocks = full
        else:
            blocks = [self._compact(sec, index, briefs, by_section, width) for sec, index in shown]
        for block in blocks:
            for text, style in block:
                click.echo(text) if style is None else say(text, **style)  # None: styled, and known to fit
        leftover = [p for name, found in by_section.items() if name not in briefs for p in found]
        for problem in leftover:
            say(_problem_line(problem), then="      ", fg="red")
        for text, style in footer:
            say(text, **style)
        say()

    def _summary(self, sec: Section, index: int | None) -> tuple[list[str], list[str]]:
        """The section's summary lines, and a line for each list it holds."""
        ctx = self._context(sec, index)
        brief = replace(ctx, partner_fields={q.field for q in sec.questions if q.names_partner},
                        choice_labels=_choice_labels(sec.questions))
        names = placeholder_names(brief, self.partners, brief=True)
        lines = [sentence(fill(told, names)) for line in sec.summary if (told := _told(line, names))]
        return lines, [line for q in sec.questions if (line := q.listed(ctx, self.partners))]

    def _heading(self, sec: Section, index: int | None, problems: list[Problem]) -> str:
        return f"{_status(problems)} {self._title(sec, index)} [{self.sections.name(sec, index)}]{_counts(problems)}"

    def _full(self, sec: Section, index: int | None, briefs: dict, by_section: dict, width: int) -> list:
        """The heading, each summary line wrapped between words, each problem: as (line, style) pairs."""
        name = self.sections.name(sec, index)
        problems = by_section.get(name, [])
        heading = self._heading(sec, index, problems)
        styled = click.style(heading, bold=True, fg=None if problems else "green")
        summary, listed = briefs[name]
        texts = summary + listed
        if texts and len(f"{heading}  {texts[0]}") <= width:  # the first line beside the heading saves a row
            block = [(f"{styled}  {texts.pop(0)}", None)]
        else:
            block = [(styled, None)]
        block += [(line, {}) for text in texts for line in screen.wrapped(f"    {text}", width=width + 1,
                                                                         then="      ").split("\n")]
        return block + _problem_lines(problems, width)

    def _compact(self, sec: Section, index: int | None, briefs: dict, by_section: dict, width: int) -> list:
        """One line: the status, the title and as much of the summary as fits; problems below it."""
        name = self.sections.name(sec, index)
        problems = by_section.get(name, [])
        title = self._title(sec, index)
        summary, listed = briefs[name]
        told = "; ".join(listed + summary)  # the lists first: the payments, not the currency, are the deal
        # "Goals [goals]: Goals (2): …" says the title twice: a list named like its section stands for it.
        told = told[len(title):] if told.startswith(title) else f": {told}" if told else ""
        line = _fit(f"{_status(problems)} {title} [{name}]{_counts(problems)}{told}", width)
        return [(line, {"bold": bool(problems), "fg": None if problems else "green"})] + \
            _problem_lines(problems, width)

    def _footer(self, answers: Answers) -> list:
        """One line right above the menu naming the sections to revise: on a short terminal the sections
        may scroll away, and this keeps what needs a look in sight."""
        troubled: dict[str, list[Problem]] = {}
        for problem in answers.problems:
            troubled.setdefault(self.sections.holding(problem.path) or "?", []).append(problem)
        if not troubled:
            return []
        listed = ", ".join(f"{_status(found)} {name}{_counts(found)}" for name, found in troubled.items())
        text = screen.wrapped(UI["to_look_at"].format(sections=listed), then="  ")
        return [(line, {"bold": True}) for line in text.split("\n")]


def _problem_line(problem: Problem) -> str:
    # Backticks mark field names in `check`'s output; on the interview's screen they are just noise.
    return f"    {problem.severity.value}: {problem.render()}".replace("`", "")


def _problem_lines(problems: list[Problem], width: int) -> list:
    """Each problem under its section, wrapped between words, in its colour."""
    out = []
    for problem in problems:
        colour = "red" if problem.severity is not Severity.WARNING else "yellow"
        out += [(line, {"fg": colour})
                for line in screen.wrapped(_problem_line(problem), width=width + 1, then="      ").split("\n")]
    return out


def _choice_labels(questions: list, prefix: str = "") -> dict[str, dict[str, str]]:
    """The labels of every choice a summary line may name, those inside an optional group included (the
    health survey's cadence); a list's items are summed up by the list's own line."""
    labels = {f"{prefix}{q.field}": q.choice_labels() for q in questions if q.choice_labels()}
    for q in questions:
        if isinstance(q, OptionalQuestion):
            labels.update(_choice_labels(q.questions, f"{prefix}{q.field}."))
    return labels


def _told(line: str, names: dict[str, str]) -> str:
    """A summary line without its parts ("; "-separated) about answers this deal has not given: who
    invoices the customer is no news in a referral deal, where nobody is asked."""
    parts = [part for part in line.split("; ")
             if not placeholders(part) or any(not blank(names.get(name)) for name in placeholders(part))]
    return "; ".join(parts)


def _fit(line: str, width: int) -> str:
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"


def _status(problems: list[Problem]) -> str:
    if not problems:
        return "✓"
    return "!" if all(p.severity is Severity.WARNING for p in problems) else "✗"


def _counts(problems: list[Problem]) -> str:
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    listed = ", ".join(UI["counts"][s.value][n != 1].format(n=n) for s, n in counts.items() if n)
    return f" ({listed})" if listed else ""

