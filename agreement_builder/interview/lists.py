"""Lists of records in the interview: goals, commitments, payments, departments...

A list is asked item by item with a running summary, once per partner when its records
belong to one (`per_partner`), plus a joint group when both partners can own one. A list
already answered opens as a menu (keep, add, change, remove). `RecordLists` works through
the interview's public steps (`ask_questions`, `carry_on`, `prompt`, `confirm`), so every
question still goes through the one prompt.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import AgreementBuilderError
from ..terms.model import BOTH
from ..terms.walk import field_at, min_items
from .context import Context, Stage
from .data import ABSENT, del_path, get_path, set_path
from .group_questions import RecordsQuestion
from .names import fill
from .prompts import UI, say

if TYPE_CHECKING:
    from .walker import Interview


class RecordLists:
    """The `records` questions of an interview."""

    def __init__(self, interview: "Interview"):
        self.interview = interview

    def ask(self, q: RecordsQuestion, ctx: Context) -> None:
        iv = self.interview
        info = field_at(ctx.model, q.field)
        items = get_path(ctx.node, q.field)
        items = items if isinstance(items, list) else None
        if ctx.stage is Stage.COMPLETING:
            if items is None and min_items(info) == 0:
                return  # an optional list nobody filled in: the user said no to it before
            if items is not None:
                for index, item in enumerate(items):
                    if isinstance(item, dict):
                        iv.ask_questions(q.questions, self._item_context(q, ctx, item, index))
                return
        items = list(items or [])
        groups: list[str | None] = [None]
        if q.per_partner:
            keys = iv.partners.keys()
            if len(keys) < 2:
                raise AgreementBuilderError("the partners are not answered yet", file=iv.draft.file,
                                            field=ctx.path(q.field), hint="answer the partner sections first")
            groups = keys + ([BOTH] if q.include_both else [])
        # Resuming the list an interrupted interview stopped in: groups before the last item's group are
        # only completed, that group carries on where it stopped, later groups are asked afresh.
        stopped_in = q.owner(items[-1]) if ctx.stage is Stage.RESUMING and items else ABSENT
        fresh = ctx.at(ctx.stage.afresh())
        result: list[Any] = []  # filled as items are started, so an interrupt can save the partial list
        iv.offers.lists_so_far[ctx.path(q.field)] = result  # earlier items, for suggestions in later ones
        used: set[int] = set()
        try:
            for group in groups:
                mine = [i for i, it in enumerate(items)
                        if group is None or (isinstance(it, dict) and it.get(q.per_partner) == group)]
                used.update(mine)
                mine_items = [items[i] for i in mine]
                if stopped_in is not ABSENT and group != stopped_in:
                    self._complete(q, ctx.at(Stage.COMPLETING), mine_items, len(result))
                    result += mine_items
                    continue
                carry_on = stopped_in is not ABSENT
                if carry_on:
                    stopped_in = ABSENT  # later groups: asked as usual
                    self._complete(q, ctx, mine_items, len(result))
                self._loop(q, fresh, group, mine_items, len(result), result, carry_on=carry_on)
        except KeyboardInterrupt:
            result += [it for it in items if not any(it is r for r in result)]
            if result:
                set_path(ctx.node, q.field, result)
            raise
        result += [it for i, it in enumerate(items) if i not in used]  # owned by no partner: kept for check to flag
        if result:
            set_path(ctx.node, q.field, result)
        else:
            del_path(ctx.node, q.field)

    def _item_context(self, q: RecordsQuestion, ctx: Context, item: dict, index: int,
                      names: dict[str, str] | None = None, stage: Stage | None = None) -> Context:
        """A record's context: `{partner}` and `{other}` seen from the partner owning it, `{n}` its number."""
        names = dict(names) if names is not None else self.interview.names(ctx)
        if q.per_partner and item.get(q.per_partner):
            names.update(self.interview.partners.seen_from(item[q.per_partner]))
        names["n"] = str(index + 1)
        return q.inside(ctx, item, names, index, joint=q.owner(item) == BOTH, stage=stage)

    def _complete(self, q: RecordsQuestion, ctx: Context, items: list, offset: int) -> None:
        """Ask what items already started still lack; resuming, the last one carries on where it stopped."""
        for number, item in enumerate(items):
            if isinstance(item, dict):
                last = ctx.stage is Stage.RESUMING and number == len(items) - 1
                record = self._item_context(q, ctx, item, offset + number,
                                            stage=Stage.RESUMING if last else Stage.COMPLETING)
                if last:
                    # Which record the next question is about: "Payment 1: Maplestone pays Harbor Lane".
                    said = q.summary_of(item, ctx, self.interview.partners)
                    self.interview.announce("\n" + UI["resumed_item"].format(
                        item=fill(q.item, record.names).capitalize(), n=offset + number + 1,
                        summary=f": {said}" if said else ""))
                    self.interview.carry_on(q.questions, record)
                else:
                    self.interview.ask_questions(q.questions, record)

    def _loop(self, q: RecordsQuestion, ctx: Context, group: str | None, items: list, offset: int, out: list,
              carry_on: bool = False) -> None:
        """Ask one group's items, appending each to `out` as it starts; `carry_on` continues a resumed group."""
        iv = self.interview
        names = {**iv.names(ctx), **iv.partners.seen_from(group)}
        heading, add_first, add_another = q.group_texts(group)
        path = ctx.path(q.field)
        help = fill(q.help, names)
        if heading and not carry_on:
            iv.announce(f"\n{fill(heading, names)}")
        if q.one_each:
            item = items[0] if items and isinstance(items[0], dict) else {}
            item[q.per_partner] = group
            out.append(item)
            if not carry_on:
                self._ask_item(q, ctx, item, offset, names, group)
            return
        if carry_on:
            out.extend(items)
        elif items:
            out.extend(self._revise(q, ctx, group, items, offset, names))
            return
        elif add_first and not iv.confirm(fill(add_first, names), bool(q.default_in(iv.data)), path, help,
                                          kind="add_first", group=group):
            return
        while not carry_on or iv.confirm(fill(add_another, names), False, path, help,
                                         kind="add_another", group=group, count=len(items)):
            item = self._new_item(q, group)
            out.append(item)
            items.append(item)
            self._ask_item(q, ctx, item, offset + len(items) - 1, names, group)
            self._show(q, items, ctx)
            carry_on = True

    def _new_item(self, q: RecordsQuestion, group: str | None) -> dict:
        item: dict = {}
        if q.per_partner and group is not None:
            item[q.per_partner] = group
            if q.other_partner:
                item[q.other_partner] = self.interview.partners.other_than(group)
        return item

    def _ask_item(self, q: RecordsQuestion, ctx: Context, item: dict, index: int, names: dict, group) -> None:
        record = q.inside(ctx, item, {**names, "n": str(index + 1)}, index, joint=group == BOTH)
        self.interview.ask_questions(q.questions, record)

    def _show(self, q: RecordsQuestion, items: list, ctx: Context) -> None:
        for number, item in enumerate(items, 1):
            say(f"    {number}. {q.summary_of(item, ctx, self.interview.partners)}", then="       ", fg="cyan")

    def _revise(self, q: RecordsQuestion, ctx: Context, group, items: list, offset: int, names: dict) -> list:
        iv = self.interview
        items = list(items)
        item_name = fill(q.item, names)
        heading, _, _ = q.group_texts(group)
        while True:
            iv.show_heading()
            self._show(q, items, ctx)
            choices = [{"name": UI["keep"].format(items=f"{item_name}s"), "value": "keep"},
                       {"name": UI["add"].format(item=item_name), "value": "add"}]
            for i, item in enumerate(items):
                summary = q.summary_of(item, ctx, iv.partners)
                choices.append({"name": UI["change"].format(summary=summary), "value": f"change:{i}"})
                choices.append({"name": UI["remove"].format(summary=summary), "value": f"remove:{i}"})
            title = fill(heading, names) if heading else item_name
            action = iv.prompt({"type": "select", "message": UI["what_now"].format(title=title),
                                "choices": choices, "default": "keep", "help": fill(q.help, names),
                                "path": ctx.path(q.field), "kind": "records_menu", "group": group})
            if action == "keep":
                return items
            if action == "add":
                item = self._new_item(q, group)
                self._ask_item(q, ctx, item, offset + len(items), names, group)
                items.append(item)
                continue
            verb, index = action.split(":")
            if verb == "remove":
                del items[int(index)]
            else:
                self._ask_item(q, ctx, items[int(index)], offset + int(index), names, group)
