"""The answers-file reference in the README, generated from the terms model.

`python -m agreement_builder.terms.reference README.md` rewrites the part of the
README between the reference markers; a test fails when the two drift apart.
"""
from __future__ import annotations

import datetime as dt
import sys
import types
import typing
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import Terms
from .walk import fields

START = "<!-- answers-reference:start (generated from terms/model.py; do not edit by hand) -->"
END = "<!-- answers-reference:end -->"


def reference_markdown() -> str:
    lines = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for path, info in fields(Terms):
        kind = _type_name(info.annotation)
        required = "yes" if info.is_required() else "no"
        meaning = (info.description or "").replace("|", "\\|")
        lines.append(f"| `{path}` | {kind} | {required} | {meaning} |")
    return "\n".join(lines) + "\n"


def _args(annotation: Any) -> tuple:
    return typing.get_args(annotation)


_SIMPLE = {str: "text", int: "integer", bool: "true/false", Decimal: "number", dt.date: "date (YYYY-MM-DD)"}


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _type_name(_args(annotation)[0])
    if origin is list:
        return f"list of {_type_name(_args(annotation)[0])}"
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in _args(annotation) if a is not type(None)]
        return " or ".join(names)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "section" if annotation is not Terms else "terms"
    return _SIMPLE.get(annotation, getattr(annotation, "__name__", str(annotation)))


def splice(readme: str, reference: str) -> str:
    """`readme` with the text between the markers replaced by `reference`."""
    before, start, rest = readme.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError("README has no answers-reference markers")
    return f"{before}{START}\n{reference}{END}{after}"


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    target.write_text(splice(target.read_text(encoding="utf-8"), reference_markdown()), encoding="utf-8")
