"""The answers as plain nested dicts, addressed by dotted paths, and shown as text.

One small vocabulary for the walker, the list loops and the review screen: read, write
and delete a value at "alliance.renewal.automatic", collect "goals[].metric", put keys in
the model's order, and turn a value into the text a user reads or types.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..terms.walk import inner_model

ABSENT = object()


def get_path(node: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(node, dict) or node.get(part) is None:
            return ABSENT
        node = node[part]
    return node


def set_path(node: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[last] = value


def del_path(node: dict, path: str) -> None:
    *parents, last = path.split(".")
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return
    node.pop(last, None)


def collect(data: Any, pattern: str) -> list[Any]:
    """Every value at `pattern`, where `[]` means each item of a list ("goals[].metric")."""
    values = [data]
    for part in pattern.split("."):
        name, each = (part[:-2], True) if part.endswith("[]") else (part, False)
        values = [v.get(name) for v in values if isinstance(v, dict) and v.get(name) is not None]
        if each:
            values = [item for v in values if isinstance(v, list) for item in v]
    return values


def in_model_order(value: Any, model: type[BaseModel] | None) -> Any:
    """Keys in the order the terms model declares them, so a new answers file reads like the example."""
    if isinstance(value, list):
        return [in_model_order(v, model) for v in value]
    if not (isinstance(value, dict) and model):
        return value
    ordered = {name: in_model_order(value[name], inner_model(info))
               for name, info in model.model_fields.items() if name in value}
    ordered.update((k, v) for k, v in value.items() if k not in ordered)
    return ordered


def prune(value: Any) -> Any:
    """Without empty groups and lists (what an interrupt leaves behind), so a draft holds only answers."""
    if isinstance(value, dict):
        kept = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in ({}, [], None)}
    if isinstance(value, list):
        return [v for v in (prune(v) for v in value) if v not in ({}, [], None)]
    return value


def blank(value: Any) -> bool:
    return value is ABSENT or value is None or value == [] or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    if value is ABSENT or value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(as_text(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def mid_sentence(label: str) -> str:
    """A menu label as it reads inside a sentence: "Weekly" -> "weekly", but "EUR" and "RVU" stay."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def sentence(text: str) -> str:
    """Text that starts a line, with a capital: "every quarter, …" -> "Every quarter, …"."""
    return text[:1].upper() + text[1:]
