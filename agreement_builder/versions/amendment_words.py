"""The words of amendments and conformed copies, as data (data/amendment.yaml)."""
from __future__ import annotations

from functools import cache
from typing import Any

from .. import conventions
from ..resources import package_file
from ..safe_yaml import load_yaml
from ..spelling import conformed


def _words() -> dict:
    return _spelled(conventions.current().spelling)


@cache
def _spelled(spelling: str) -> dict:
    return conformed(load_yaml(package_file("amendment.yaml").read_text(encoding="utf-8")), spelling)


def say(*keys: str, **values: Any) -> Any:
    """The entry at `keys`, filled with `values` when it is a sentence (str.format never reads the values)."""
    entry: Any = _words()
    for key in keys:
        entry = entry[key]
    return entry.format(**values) if isinstance(entry, str) and values else entry


def listing(items: list[str]) -> str:
    """"1", "1 and 2", "1, 2 and 3"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + say("and") + items[-1]
