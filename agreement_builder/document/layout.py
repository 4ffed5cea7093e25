"""The wording of the agreement's cover page and schedules, as data (data/agreement_layout.yaml)."""
from __future__ import annotations

from functools import cache

from .. import conventions
from ..resources import package_file
from ..safe_yaml import load_yaml
from ..spelling import conformed


def layout() -> dict:
    """Wording of the cover page and schedules (data/agreement_layout.yaml), in the spelling in force."""
    return _layout(conventions.current().spelling)


@cache
def _layout(spelling: str) -> dict:
    return conformed(load_yaml(package_file("agreement_layout.yaml").read_text(encoding="utf-8")), spelling)
