"""The wording of the agreement's cover page and schedules, as data (data/agreement_layout.yaml).

A defined term used in that wording is marked `[[Contract Year]]`, as in a clause, so that lint can check the
agreement defines it (`term_uses`); the marks are removed from the wording the documents use.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from .. import conventions
from ..resources import package_file
from ..safe_yaml import load_yaml
from ..spelling import conformed

_USE = re.compile(r"\[\[([^\[\]\n]+?)\]\]")


def layout_file() -> Path:
    return package_file("agreement_layout.yaml")


def layout() -> dict:
    """Wording of the cover page and schedules (data/agreement_layout.yaml), in the spelling in force."""
    return _layout(conventions.current().spelling)


@cache
def _layout(spelling: str) -> dict:
    return conformed(_plain(load_yaml(layout_file().read_text(encoding="utf-8"))), spelling)


def term_uses(file: Path | None = None) -> Iterator[tuple[str, str]]:
    """(dotted key, term) for each defined term the wording marks as used."""
    def walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield from ((path, term.strip()) for term in _USE.findall(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, f"{path}[{index}]")
    yield from walk(load_yaml((file or layout_file()).read_text(encoding="utf-8")), "")


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return _USE.sub(r"\1", value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
