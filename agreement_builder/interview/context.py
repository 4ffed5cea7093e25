"""Where a question is asked, and at which stage of the interview that place is.

A `Context` is the dict a question's field is relative to (the terms, one partner, one
record), the words its texts may name, and the `Stage` it is asked at. The stage is decided
once per section from what the answers file holds, and passed down with the context, so no
call has to say again how it is asking.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Callable

from pydantic import BaseModel

from ..terms.paths import format_path


class Stage(Enum):
    """How a part of the interview is asked."""

    FRESH = "fresh"  # nothing answered here yet: every question, with its suggestions
    REVISING = "revising"  # answered, and chosen to be asked again: every question, the answers as defaults
    COMPLETING = "completing"  # answered before: only what a required field still lacks
    RESUMING = "resuming"  # where an interrupt stopped: completed up to that question, carried on from it

    @classmethod
    def of_section(cls, *, chosen: bool, answered: bool, seen: bool, interrupted: bool) -> "Stage":
        """`chosen`: picked to be asked again (`--section`, the review); `answered`: it holds answers;
        `seen`: answered, or passed over with a "no"; `interrupted`: the draft stopped inside it."""
        if chosen:
            return cls.REVISING if answered else cls.FRESH
        if interrupted:
            return cls.RESUMING
        return cls.COMPLETING if seen else cls.FRESH

    @property
    def asks_everything(self) -> bool:
        return self in (Stage.FRESH, Stage.REVISING)

    def afresh(self) -> "Stage":
        """The stage of a part started from nothing here (a new record): revising stays revising,
        so what a revised section left out stays left out."""
        return Stage.REVISING if self is Stage.REVISING else Stage.FRESH

    def along(self, count: int, answered: Callable[[int], bool], stopped: int | None = None,
              group: Callable[[int], bool] = lambda i: False) -> list["Stage"]:
        """The stage of each of `count` questions in a row. Resuming at question `stopped` (where the interrupt
        came): those before it were asked and only fill gaps; it is asked again, or, a list or a group already
        begun, carried on inside; those after it are asked afresh unless answered (by usual terms accepted with
        one yes). Without `stopped`, the last one answered stands for it. Any other stage holds for every one."""
        if self is not Stage.RESUMING:
            return [self] * count
        if stopped is None:
            last = max((i for i in range(count) if answered(i)), default=-1)
            return [Stage.COMPLETING if i < last else Stage.RESUMING if i == last else Stage.FRESH
                    for i in range(count)]
        return [Stage.COMPLETING if i < stopped or (i > stopped and answered(i))
                else Stage.FRESH if i > stopped or not (group(i) and answered(i)) else Stage.RESUMING
                for i in range(count)]


@dataclass
class Context:
    """Where a question is asked: the dict its field is relative to, and the words to fill in."""

    node: dict
    loc: tuple
    model: type[BaseModel] | None
    names: dict[str, str]
    partner_fields: set[str] = field(default_factory=set)  # fields holding a partner's key, named by short name
    joint: bool = False  # a record both partners own together
    fallback: str = ""  # how to call a partner whose short name is not answered yet
    stage: Stage = Stage.FRESH
    choice_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # for the review's brief names

    def path(self, relative: str) -> str:
        return format_path(self.loc + tuple(relative.split(".")))

    def at(self, stage: Stage) -> "Context":
        return replace(self, stage=stage)

    def inside(self, node: dict, steps: tuple, model: type[BaseModel] | None, names: dict[str, str],
               partner_fields: set[str], joint: bool = False, stage: Stage | None = None) -> "Context":
        """The context of a part or record below this one."""
        return Context(node, self.loc + steps, model, names, partner_fields, joint or self.joint, self.fallback,
                       stage or self.stage)
