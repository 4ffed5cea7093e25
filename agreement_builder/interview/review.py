"""The review screen: every section in brief with the problems `check` finds, then build or revise.

Mixed into `Interview`; the menu goes through `Interview._prompt` like every other question.
"""
from __future__ import annotations

import re
import shutil
from typing import Any

import click

from ..answers import Answers, validate_data
from ..errors import AgreementBuilderError, Problem, Severity
from .data import Outcome, as_text, get_path, mid_sentence, sentence
from .prompts import UI, say
from .questionnaire import Section


class ReviewScreen:
    """Review and build (a mixin of `Interview`)."""

    def review(self) -> Outcome:
        while True:
            answers = validate_data(self.document, self.file)
            self._show_review(answers)
            # Three entries, and the sections on a second menu only when asked for: the whole
            # review then fits a 40-row terminal above the menu.
            choices = [{"name": UI["build"].format(output=self.output), "value": "build"},
                       {"name": UI["revise_menu"], "value": "revise"},
                       {"name": UI["quit"], "value": "quit"}]
            action = self._prompt({"type": "select", "message": UI["review"], "choices": choices,
                                   "default": "build", "path": "", "kind": "review"})
            if action == "revise":
                action = self._pick_section(answers)
            if action == "quit":
                return Outcome(self.file, None, answers)
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
                return Outcome(self.file, built, answers)
            self._ask_section(*self._instance(action), mode="all")

    def _pick_section(self, answers: Answers) -> str:
        """The section to revise; the menu starts at the first one with a problem."""
        troubled = {self._section_of(p.path) for p in answers.problems}
        names = [self.instance_name(s, i) for s, i in self.instances]
        choices = [{"name": self._title(s, i), "value": name} for (s, i), name in zip(self.instances, names)]
        return self._prompt({"type": "select", "message": UI["which_section"], "choices": choices,
                             "default": next((n for n in names if n in troubled), names[0]), "path": "",
                             "kind": "review_section"})

    def build(self) -> Any:
        """Build exactly as `agreement-builder build` does (versions, manifest, redline, hand edits kept);
        None, after saying why, when the build is refused, so the user is back at the review."""
        from .. import pipeline  # imported late: the questions work without the document machinery loaded
        from ..versions.publish import result_lines

        try:
            result = pipeline.build(self.file, self.output)
        except AgreementBuilderError as exc:  # e.g. documents in the folder were edited by hand
            say(f"{UI['not_built']} {exc}", fg="red", bold=True)
            return None
        for line in result_lines(result):
            say(line, fg="green" if line.startswith(str(self.output)) else None)
        for warning in result.warnings:
            say(f"  warning: {warning.render(self.file)}", fg="yellow")
        for note in result.notes:
            say(f"  note: {note}")
        return result

    def _title(self, sec: Section, index: int | None) -> str:
        if index is None:
            return sec.title
        return self._fill(sec.title, self._names(self._section_context(sec, index, create=False)))

    def _show_review(self, answers: Answers) -> None:
        """One heading per section with its status, a line or two of summary, its problems right below."""
        by_section: dict[str, list[Problem]] = {}
        for problem in answers.problems:
            by_section.setdefault(self._section_of(problem.path), []).append(problem)
        width = max(60, shutil.get_terminal_size((100, 40)).columns - 1)
        for sec, index in self.instances:
            name = self.instance_name(sec, index)
            ctx = self._section_context(sec, index, create=False)
            problems = by_section.pop(name, [])
            names = self._flat_names(ctx.node, partner_fields=_partner_fields(sec), choices=_choice_labels(sec))
            lines = [sentence(self._fill(line, names)) for line in sec.summary]
            for q in sec.questions:
                if q.kind == "records":
                    items = get_path(ctx.node, q.field)
                    items = items if isinstance(items, list) else []
                    if items:
                        listed = " · ".join(self._summary(q, item, ctx) for item in items)
                        lines.append(f"{q.display_label} ({len(items)}): {listed}")
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
        say()

    def _flat_names(self, node: Any, prefix: str = "", *, partner_fields: frozenset[str] = frozenset(),
                    choices: dict | None = None) -> dict[str, str]:
        """Every answer below `node` as short text for the summary lines: partner names instead of keys,
        choice labels instead of stored values, the first line of longer text."""
        names: dict[str, str] = {}
        choices = choices or {}
        if isinstance(node, dict):
            for key, value in node.items():
                path = f"{prefix}{key}"
                if isinstance(value, dict):
                    names.update(self._flat_names(value, f"{path}.", partner_fields=partner_fields,
                                                  choices=choices))
                elif isinstance(value, list):
                    if all(isinstance(v, str) for v in value):
                        names[path] = "; ".join(value)
                else:
                    if path in partner_fields:
                        text = self._short_name(value)
                    elif path in choices:
                        text = choices[path].get(str(value), as_text(value))
                    else:
                        text = (UI["yes"] if value else UI["no"]) if isinstance(value, bool) else as_text(value)
                    lines = text.splitlines()
                    names[path] = (lines[0] + (" …" if len(lines) > 1 else "")) if lines else ""
        return names

    def _section_of(self, path: str) -> str:
        match = re.match(r"partners\[(\d+)\]", path)
        if match:
            return f"partner-{int(match.group(1)) + 1}"
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        if top == "partners":
            return "partner-1"
        for sec, index in self.instances:
            if index is None and any(q.field.split(".")[0] == top for q in sec.questions):
                return sec.name
        return ""



def _partner_fields(sec: Section) -> frozenset[str]:
    return frozenset(q.field for q in sec.questions if q.kind == "partner")


def _choice_labels(sec: Section) -> dict[str, dict[str, str]]:
    """Stored value -> the words of its menu entry, shortened ("Co-selling", "Every two weeks")."""
    return {q.field: {c.value: mid_sentence(re.sub(r"\s*\(.*\)$", "", c.label.split(":")[0])) for c in q.choices}
            for q in sec.questions if q.kind == "select" and q.choices}


def _fit(line: str, width: int) -> str:
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"


def _status(problems: list[Problem]) -> str:
    if not problems:
        return "✓"
    return "!" if all(p.severity is Severity.WARNING for p in problems) else "✗"


def _counts(problems: list[Problem]) -> str:
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    listed = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    return f" ({listed})" if listed else ""
