"""The question kinds that hold questions of their own: optional parts and lists of records.

An `optional` part (a backup contact, a code of conduct) is asked behind a yes/no, or, without
one, a blank first answer means none. A `records` list (goals, payments, departments) is asked
item by item; `per_partner` asks it once per partner, `include_both` adds a joint group, and
`one_each` makes it exactly one record per partner. How they are walked is in `walker.py`
and `lists.py`; here is what they hold, how their contexts are made, and what they check.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field
from pydantic.fields import FieldInfo

from ..terms.model import BOTH
from ..terms.walk import field_at, holds_list, inner_model
from .context import Context, Stage
from .data import as_text, get_path
from .names import Partners, fill_summary, placeholder_names
from .questions import BaseQuestion, Strict

if TYPE_CHECKING:
    from .checks import Scope
    from .questionnaire import Question


class GroupQuestion(BaseQuestion):
    questions: list["Question"] = Field(default_factory=list)

    fills_list: ClassVar[bool] = False  # a list of records (records) or one record (optional)

    def nested_prefix(self, prefix: str) -> str:
        """Where the questions inside start, as an absolute pattern: "money.flows[]."."""
        return f"{prefix}{self.field}{'[]' if self.fills_list else ''}."

    def names_inside(self) -> list[str]:
        """Fields filled inside before any of its questions is asked (the partner owning a record)."""
        return []

    def partner_fields(self) -> set[str]:
        """Fields inside that hold a partner's key."""
        return {q.field for q in self.questions if q.names_partner} | set(self.names_inside())

    def inside(self, ctx: Context, node: dict, names: dict[str, str], index: int | None = None,
               joint: bool = False, stage: Stage | None = None) -> Context:
        """The context of the part, or of the record at `index`, named with `names`."""
        steps = tuple(self.field.split(".")) + ((index,) if index is not None else ())
        model = inner_model(field_at(ctx.model, self.field))
        return ctx.inside(node, steps, model, dict(names), self.partner_fields(), joint, stage)

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        if inner_model(info) is None or holds_list(info) != self.fills_list:
            scope.fail(f"kind {self.kind} does not fit this field",
                       "records fill a list of models; optional fills one model")
        if not self.questions:
            scope.fail(f"a {self.kind} question needs its own questions")


class OptionalQuestion(GroupQuestion):
    kind: Literal["optional"]
    ask: str | None = None  # the yes/no; without it, a blank answer to the first question means none
    prompt_by: str | None = None  # an earlier answer whose value picks the yes/no's wording from `prompts`
    prompts: dict[str, str] | None = None

    def visit(self, interview: Any, ctx: Any) -> None:
        interview.ask_optional(self, ctx)

    def asked(self, earlier: Any) -> str | None:
        """The yes/no, in the wording an earlier answer picks (a first referral, a first campaign)."""
        return (self.prompts or {}).get(as_text(earlier), self.ask) if self.prompt_by else self.ask

    def texts(self) -> dict[str, str | None]:
        texts = {**super().texts(), "ask": self.ask}
        texts.update((f"prompts.{key}", text) for key, text in (self.prompts or {}).items())
        return texts


class JointTexts(Strict):
    """Wording for the joint group of a per-partner list (both partners together)."""

    heading: str | None = None
    add_first: str | None = None
    add_another: str | None = None


class RecordsQuestion(GroupQuestion):
    kind: Literal["records"]
    item: str | None = None  # what one record is called in menus: "goal", "payment"
    summary: str | None = None  # one line per record, filled from the record's answers
    heading: str | None = None
    add_first: str | None = None
    add_another: str | None = None
    per_partner: str | None = None  # the field of each record that holds the partner owning it
    other_partner: str | None = None  # filled with the other partner's key
    include_both: bool = False
    joint: JointTexts | None = None
    one_each: bool = False

    fills_list: ClassVar[bool] = True

    def visit(self, interview: Any, ctx: Any) -> None:
        interview.ask_records(self, ctx)

    def names_inside(self) -> list[str]:
        return [name for name in (self.per_partner, self.other_partner) if name]

    def texts(self) -> dict[str, str | None]:
        texts = {**super().texts(), "item": self.item, "heading": self.heading, "add_first": self.add_first,
                 "add_another": self.add_another}
        if self.joint:
            texts.update((f"joint.{key}", text) for key, text in self.joint.model_dump().items())
        return texts

    def group_texts(self, group: str | None) -> tuple[str | None, str | None, str | None]:
        """(heading, add_first, add_another) for one partner's group, or the joint one."""
        if group == BOTH and self.joint:
            return self.joint.heading or self.heading, self.joint.add_first, self.joint.add_another or self.add_another
        return self.heading, self.add_first, self.add_another

    def summary_of(self, item: Any, ctx: Context, partners: Partners) -> str:
        """One record as one line, `summary` filled with its answers: for the running list and the review."""
        if not isinstance(item, dict):
            return as_text(item)
        record = self.inside(ctx, item, placeholder_names(ctx, partners))
        return fill_summary(self.summary, placeholder_names(record, partners))

    def listed(self, ctx: Context, partners: Partners) -> str | None:
        items = get_path(ctx.node, self.field)
        if not (isinstance(items, list) and items):
            return None
        return f"{self.display_label} ({len(items)}): {' · '.join(self.summary_of(item, ctx, partners) for item in items)}"

    def owner(self, item: Any) -> Any:
        """The partner a record belongs to (its group), or None for a list not kept per partner."""
        return item.get(self.per_partner) if self.per_partner and isinstance(item, dict) else None

    def check(self, info: FieldInfo, scope: "Scope") -> None:
        super().check(info, scope)
        sub_model = inner_model(info)
        if not (self.item and self.summary):
            scope.fail("a records question needs `item` and `summary`")
        if not (self.one_each or self.add_another):
            scope.fail("a records question needs `add_another` (or `one_each`)")
        for name in (self.per_partner, self.other_partner):
            if name and name not in sub_model.model_fields:
                scope.fail(f"{name!r} is not a field of {sub_model.__name__}")
        if self.include_both and not (self.joint and self.joint.add_first):
            scope.fail("include_both needs joint.add_first (asking whether there is a joint item)")
