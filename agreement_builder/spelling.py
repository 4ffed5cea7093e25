"""The library's British spelling turned American for a deal under a US law (data/spelling.yaml).

Applied only to words the library writes itself (clause text, defined terms, vocabulary, form labels):
an answer the partners typed is never passed through it.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import conventions
from .resources import package_file
from .safe_yaml import load_yaml


@cache
def _american() -> tuple[re.Pattern[str], dict[str, str]]:
    table = load_yaml(package_file("spelling.yaml").read_text(encoding="utf-8"))["american"]
    words = sorted(table, key=len, reverse=True)  # "trade marks" before "trade mark"
    # A `{clause}` placeholder in a format string is a name, not a word.
    pattern = re.compile(r"(?<!\{)\b(" + "|".join(re.escape(w) for w in words) + r")\b(?!\})", re.IGNORECASE)
    return pattern, {british.casefold(): american for british, american in table.items()}


def conform(text: str, spelling: str | None = None) -> str:
    """`text` in the spelling in force (or the one given): unchanged for British spelling."""
    if (spelling or conventions.current().spelling) != "us" or not text:
        return text
    pattern, table = _american()
    return pattern.sub(lambda m: _like(m.group(0), table[m.group(0).casefold()]), text)


def conformed(node: Any, spelling: str) -> Any:
    """Data read from the library's own files (the vocabulary, the layout) with every text in `spelling`;
    mapping keys are names, not words, and stay as they are."""
    if isinstance(node, str):
        return conform(node, spelling)
    if isinstance(node, dict):
        return {key: conformed(value, spelling) for key, value in node.items()}
    if isinstance(node, list):
        return [conformed(value, spelling) for value in node]
    return node


def _like(found: str, american: str) -> str:
    if found.isupper() and len(found) > 1:
        return american.upper()
    return american[:1].upper() + american[1:] if found[:1].isupper() else american


_TEXT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})")


def conform_template_xml(xml: str, spelling: str) -> str:
    """A Word template part's text in `spelling`, its {{ }} and {% %} tags left as they are (after docxtpl
    has joined each tag into one text element)."""
    if spelling != "us":
        return xml

    def text(match: re.Match[str]) -> str:
        parts = _TAG.split(match.group(2))
        words = "".join(part if i % 2 else conform(part, spelling) for i, part in enumerate(parts))
        return match.group(1) + words + match.group(3)

    return _TEXT.sub(text, xml)
