"""A scripted user for the interview: answers every question from a target deal, records what was asked.

Shared by the interview tests and `benchmarks/bench_interview_typing.py`, which
counts the keystrokes the same user would type.
"""
from __future__ import annotations

import json
from pathlib import Path

from agreement_builder.answers import parse_yaml, plain_data
from agreement_builder.interview.data import ABSENT, as_text
from agreement_builder.resources import example_text
from agreement_builder.terms.paths import parse_path


def lookup(data, path: str):
    node = data
    for part in parse_path(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return ABSENT
    return node


def plain(data):
    """Comparable plain data: dates and numbers as the YAML text they are written as."""
    return json.loads(json.dumps(plain_data(data), default=str))


def example_data() -> dict:
    return plain(parse_yaml(example_text(), Path("example.yaml")))


class User:
    """A user who knows the deal: answers every question from `target`, and records what was asked.

    `script` holds answers for particular paths, typed before the known-good one
    (e.g. a bad date first); `review` is what they pick on each review screen.
    """

    def __init__(self, target: dict, review=("quit",), script: dict | None = None, menus: list | None = None,
                 interrupt_at: str | None = None):
        self.target = target
        self.review = list(review)
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.menus = list(menus or [])
        self.interrupt_at = interrupt_at
        self.asked: list[dict] = []
        self.made: dict = {}
        self.options: dict = {}

    def paths(self, *kinds: str) -> list[str]:
        return [s["path"] for s in self.asked if not kinds or s["kind"] in kinds]

    def answered_paths(self) -> list[str]:
        return [s["path"] for s in self.asked if s["kind"] not in ("review", "records_menu", "add_another",
                                                                     "add_first", "optional")]

    def __call__(self, spec: dict):
        kind, path, group = spec["kind"], spec.get("path", ""), spec.get("group")
        if path == self.interrupt_at:
            raise KeyboardInterrupt
        self.asked.append(spec)
        # A refused answer is asked again: a scripted answer refused for good would loop for ever.
        assert len(self.asked) < 5000 and sum(s.get("path") == path for s in self.asked[-50:]) < 25, \
            f"{path} asked again and again: the scripted answer {lookup(self.target, path)!r} is refused"
        if kind == "review":  # a section name in `review` means: revise, then pick that section
            return self.review.pop(0) if self.review[0] in ("build", "quit") else "revise"
        if kind == "review_section":
            return self.review.pop(0)
        assert spec.get("help") and "\n" not in spec["help"], f"{path} has no one-line help"
        if kind == "records_menu":
            return self.menus.pop(0) if self.menus else "keep"
        if self.script.get(path):
            return self.script[path].pop(0)
        value = lookup(self.target, path)
        items = value if isinstance(value, list) else []
        if group is not None:
            items = [it for it in items if group in it.values()]
        if kind == "optional":
            return value is not ABSENT
        if kind == "usual":  # keep the usual terms only when the deal has exactly those values
            return all(lookup(self.target, p) == v for p, v in spec["values"].items())
        if kind == "add_first":
            self.made[(path, group)] = 1 if items else 0
            return bool(items)
        if kind == "add_another":
            made = self.made.setdefault((path, group), 1)
            if spec.get("count") is not None:  # a resumed list already holds some items
                made = self.made[(path, group)] = spec["count"]
            if made < len(items):
                self.made[(path, group)] += 1
                return True
            return False
        if spec["type"] == "confirm":
            return bool(value) if value is not ABSENT else False
        if spec["type"] == "select":
            return value
        if spec["type"] == "checkbox":
            self.options[path] = [c["value"] for c in spec["choices"]]
            return [o for o in self.options[path] if o in items]
        if kind == "dated_lines":
            return "\n".join(f"{it['deadline']} {it['description']}" for it in items)
        if kind == "lines" and path in self.options:  # the "any other?" half of a multiselect
            return "\n".join(v for v in items if v not in self.options[path])
        return as_text(value)
