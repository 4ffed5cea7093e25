"""One error hierarchy for the whole tool.

The library raises these and never prints or exits; the CLI catches the base
class once and turns it into a one-paragraph message and exit code 1.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"  # blocks a build
    WARNING = "warning"  # worth fixing, never blocks
    MISSING = "missing"  # a draft: the interview has not asked this yet


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in an answers file."""

    path: str  # dotted field path, e.g. "goals[2].target"
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    line: int | None = None  # 1-based line in the answers file, when known

    def render(self, file: Path | str | None = None) -> str:
        where = f"{file}:{self.line}" if file and self.line else (str(file) if file else "")
        location = f"{where}: " if where else ""
        text = f"{location}{self.path or '(top level)'}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class AgreementBuilderError(Exception):
    """Base class: anything the user can fix, reported without a traceback."""

    def __init__(self, message: str, *, file: Path | str | None = None,
                 field: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.field = field
        self.hint = hint

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(f"{self.file}:")
        if self.field:
            parts.append(f"{self.field}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.hint:
            text += f"\nHow to fix: {self.hint}"
        return text


class AnswersFileError(AgreementBuilderError):
    """The answers file cannot be read or parsed at all."""


class InvalidTerms(AgreementBuilderError):
    """The answers file parsed, but its terms break field or deal rules."""

    def __init__(self, file: Path | str | None, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity is not Severity.WARNING]
        listing = "\n".join("  " + p.render(file) for p in errors)
        super().__init__(
            f"{len(errors)} problem(s) in the terms:\n{listing}",
            file=None,
            hint=f"edit {file} and run `agreement-builder check {file}` again" if file else None,
        )
        self.file = file


class DraftIncomplete(AgreementBuilderError):
    """A valid draft that still lacks answers; fine to save, not to build."""

    def __init__(self, file: Path | str | None, missing: list[Problem]):
        self.missing = missing
        listing = "\n".join("  " + p.render(file) for p in missing)
        super().__init__(
            f"is a draft: {len(missing)} answer(s) still missing:\n{listing}",
            hint=f"run `agreement-builder interview {file}` to answer them, or add them by hand",
        )
        self.file = file


class ClauseError(AgreementBuilderError):
    """A clause file or clause folder is broken."""


class RenderError(AgreementBuilderError):
    """A document could not be produced."""


class OutputError(AgreementBuilderError):
    """The output folder cannot be written, or writing it was refused."""


class ProblemsFound(AgreementBuilderError):
    """A check ran to the end and found problems (check, clauses lint, deals of a batch that failed).

    Each problem has been listed already; the message only sums them up.
    """
