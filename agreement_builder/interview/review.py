"""The review screen: every section in brief with the problems `check` finds, then build, revise or quit.

Given what it needs and nothing more: the draft (to check and build from), the sections,
the partners (to name them), where to build, the interview's prompt (the one questionary
call) and a way to ask a section again.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

import click

from ..answers import Answers
from ..errors import AgreementBuilderError, Problem, Severity
from .data import blank, sentence
from .draft import Draft
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
                        say(f"  {problem.render()}", fg="red")
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
            say(f"  warning: {warning.render(self.draft.file)}", fg="yellow")
        for note in result.notes:
            say(f"  note: {note}")
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
        """One heading per section with its status, a line or two of summary, its problems right below."""
        by_section: dict[str, list[Problem]] = {}
        for problem in answers.problems:
            by_section.setdefault(self.sections.holding(problem.path), []).append(problem)
        width = max(60, shutil.get_terminal_size((100, 40)).columns - 1)
        for sec, index in self.sections.instances:
            name = self.sections.name(sec, index)
            if not self._applies(sec, index) and name not in by_section:
                continue
            ctx = self._context(sec, index)
            problems = by_section.pop(name, [])
            brief = replace(ctx, partner_fields={q.field for q in sec.questions if q.names_partner},
                            choice_labels={q.field: q.choice_labels() for q in sec.questions if q.choice_labels()})
            names = placeholder_names(brief, self.partners, brief=True)
            lines = [sentence(fill(told, names)) for line in sec.summary if (told := _told(line, names))]
            lines += [line for q in sec.questions if (line := q.listed(ctx, self.partners))]
            # The heading carries the first summary line, so each section costs a row less.
            heading = f"{_status(problems)} {self._title(sec, index)} [{name}]{_counts(problems)}"
            first = lines.pop(0) if lines else ""
            say(click.style(heading, bold=True, fg="green" if not problems else None)
                + _fit(f"  {first}", max(12, width - len(heading))))
            for line in lines:
                say(_fit(f"    {line}", width))
            for problem in problems:
                say(_fit(f"    {problem.severity.value}: {problem.render()}", width),
                    fg="red" if problem.severity is not Severity.WARNING else "yellow")
        for problem in [p for rest in by_section.values() for p in rest]:
            say(f"    {problem.severity.value}: {problem.render()}", fg="red")
        # On a short terminal the sections scroll away; one line right above the menu keeps what needs
        # a look in sight, and names the sections to revise.
        troubled = {}
        for problem in answers.problems:
            troubled.setdefault(self.sections.holding(problem.path) or "?", []).append(problem)
        if troubled:
            listed = ", ".join(f"{_status(found)} {name}{_counts(found)}" for name, found in troubled.items())
            say(_fit(UI["to_look_at"].format(sections=listed), width), bold=True)
        say()


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

