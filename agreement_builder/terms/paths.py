"""Field paths as users read them: "goals[2].owner", and back."""
from __future__ import annotations

from typing import Sequence

Loc = Sequence[str | int]


def format_path(loc: Loc) -> str:
    """("goals", 2, "owner") -> "goals[2].owner"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_path(path: str) -> list[str | int]:
    """"goals[2].owner" -> ["goals", 2, "owner"]: the inverse of format_path."""
    loc: list[str | int] = []
    for chunk in path.replace("]", "").split("."):
        name, *indices = chunk.split("[")
        if name:
            loc.append(name)
        loc.extend(int(i) for i in indices)
    return loc
