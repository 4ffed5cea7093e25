"""Where the tool's own data lives: clause library, questionnaires, templates.

In a built wheel the top-level `clauses/` and `questionnaires/` folders are
packed inside the package (see pyproject.toml); in a source checkout they sit
beside it. Either way callers ask here and never build these paths themselves.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_folder(name: str) -> Path:
    """The built-in folder `name` (`clauses`, `questionnaires`), installed or in a checkout."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the built-in folder {name!r} is missing from this installation")


def package_file(*parts: str) -> Path:
    """A file shipped inside the package itself (templates, the example)."""
    return PACKAGE_DIR.joinpath("data", *parts)


def example_text() -> str:
    return package_file("example.yaml").read_text(encoding="utf-8")
