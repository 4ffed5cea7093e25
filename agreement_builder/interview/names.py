"""Placeholders in question texts: the one pattern, the one way to fill it, and the names it is filled with.

`{partner}`, `{n}`, `{signatory.name}`: the questionnaire check reads texts with the same
`PLACEHOLDER` the interview fills them with, so a name the check accepts is a name the
interview knows. Filling is plain substitution, never a template engine: the values are the
user's own words.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..terms.model import BOTH, Partner
from .context import Context
from .data import as_text, blank
from .prompts import UI

PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")
UNKNOWN = "—"  # what an unknown name reads as, rather than a stray "{name}" in a question


def placeholders(text: str | None) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def fill(text: str | None, names: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: names.get(m.group(1), UNKNOWN), text or "")


OPTIONAL_PART = re.compile(r"\[([^\[\]]*)\]")


def fill_summary(text: str | None, names: dict[str, str]) -> str:
    """A record's summary filled in, each `[part]` only if every name in it is answered: "{payer} pays
    {payee}[ {percentage}%][ {amount}]" says whichever price the payment has. A record not finished yet
    is summed up as far as it is answered ("Maplestone pays Harbor Lane", no description yet)."""
    def known(name: str) -> bool:
        return not blank(names.get(name))

    text = OPTIONAL_PART.sub(lambda m: m.group(1) if all(map(known, placeholders(m.group(1)))) else "", text or "")
    gap = next((m for m in PLACEHOLDER.finditer(text) if not known(m.group(1))), None)
    if gap is not None:
        text = text[:gap.start()].rstrip(" :;,(—-")
    return fill(text, names)


def fill_if_known(text: str | None, names: dict[str, Any]) -> str | None:
    """A suggested text with its placeholders filled, or None while one of them is not known yet:
    better no suggestion than one with a gap in it."""
    if text is None or any(blank(names.get(name)) for name in placeholders(text)):
        return None
    return PLACEHOLDER.sub(lambda m: str(names[m.group(1)]), text)


class Partners:
    """The two partners as the questions name them, read from the answers as they stand."""

    def __init__(self, answers: Any):
        self._answers = answers  # anything with `.data`: read at each use, the answers change as they are given

    def keys_and_names(self) -> list[tuple[str, str]]:
        """(key, short name) of each partner answered so far."""
        found = []
        for p in self._answers.data.get("partners") or []:
            if isinstance(p, dict) and p.get("key"):
                found.append((str(p["key"]), str(p.get("short_name") or p["key"])))
        return found

    def keys(self) -> list[str]:
        return [key for key, _ in self.keys_and_names()]

    def other_than(self, key: Any) -> str | None:
        return next((k for k in self.keys() if k != key), None)

    def short_name(self, key: Any) -> str:
        if key == BOTH:
            return self.joint_name()
        return dict(self.keys_and_names()).get(key, str(key))

    def joint_name(self) -> str:
        names = [name for _, name in self.keys_and_names()]
        return UI["joint"].format(first=names[0], second=names[1]) if len(names) == 2 else BOTH

    def seen_from(self, key: str | None) -> dict[str, str]:
        """`{partner}` and `{other}` for a record that `key` owns (both, for a joint one)."""
        if key is None:
            return {}
        if key == BOTH:
            return {"partner": self.joint_name(), "other": self.joint_name()}
        other = next((name for k, name in self.keys_and_names() if k != key), "")
        return {"partner": self.short_name(key), "other": other}


def placeholder_names(ctx: Context, partners: Partners, *, brief: bool = False) -> dict[str, str]:
    """Every name a text shown at `ctx` may use.

    For a question: `{first}` and `{second}`, the names the context carries (`{partner}`, `{other}`,
    `{n}`), and each answer already given at this level, a partner's key read as its short name.
    `brief`, for the review's summary lines: every answer below `ctx` by dotted path, each shortened to
    what fits a line (choice labels instead of stored values, yes or no, the first line of longer text).
    """
    if brief:
        return _brief(ctx.node, "", ctx, partners)
    names = dict(zip(("first", "second"), (name for _, name in partners.keys_and_names())))
    names.update(ctx.names)
    for key, value in ctx.node.items():
        if isinstance(value, (str, int, float, Decimal, dt.date)) and not isinstance(value, bool):
            names[key] = partners.short_name(value) if key in ctx.partner_fields else as_text(value)
    if ctx.model is Partner:
        names["partner"] = str(ctx.node.get("short_name") or ctx.fallback)
    return names


def _brief(node: Any, prefix: str, ctx: Context, partners: Partners) -> dict[str, str]:
    names: dict[str, str] = {}
    if not isinstance(node, dict):
        return names
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            names.update(_brief(value, f"{path}.", ctx, partners))
        elif isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                names[path] = "; ".join(value)
        else:
            if path in ctx.partner_fields:
                text = partners.short_name(value)
            elif path in ctx.choice_labels:
                text = ctx.choice_labels[path].get(str(value), as_text(value))
            else:
                text = (UI["yes"] if value else UI["no"]) if isinstance(value, bool) else as_text(value)
            lines = text.splitlines()
            names[path] = (lines[0] + (" …" if len(lines) > 1 else "")) if lines else ""
    return names
