"""The register of deal rules, and what a rule yields: the rules themselves are in `rules.py` (across the
deal) and `kind_rules.py` (what each kind of alliance needs)."""
from __future__ import annotations

from typing import Callable, Iterator

from ..errors import Problem, Severity
from .model import Terms

Rule = Callable[[Terms], Iterator[Problem]]
RULES: list[tuple[Rule, frozenset[str]]] = []


def rule(*sections: str) -> Callable[[Rule], Rule]:
    """Register a rule and the top-level sections of the terms it reads.

    Knowing the sections lets a rule run even when some *other* section still
    has field errors, so a user sees every mistake in one pass.
    """
    def register(func: Rule) -> Rule:
        RULES.append((func, frozenset(sections)))
        return func
    return register


def error(path: str, message: str, hint: str = "") -> Problem:
    return Problem(path, message, hint, Severity.ERROR)


def warning(path: str, message: str, hint: str = "") -> Problem:
    return Problem(path, message, hint, Severity.WARNING)


def blank(text: str | None) -> bool:
    return text is None or not text.strip()
