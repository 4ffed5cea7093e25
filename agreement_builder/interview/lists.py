"""Lists of records in the interview: goals, commitments, payments, departments...

A list is asked item by item with a running summary, once per partner when its
records belong to one (`per_partner`), plus a joint group when both partners can
own one. A list already answered opens as a menu (keep, add, change, remove).
Mixed into `Interview`; every question still goes through `Interview._prompt`.
"""
from __future__ import annotations

from typing import Any

from ..errors import AgreementBuilderError
from ..terms.model import BOTH
from .data import ABSENT, Context, as_text, del_path, get_path, set_path
from .prompts import UI, say
from .questionnaire import Question, field_info, inner_model, min_items


class ListQuestions:
    """The `records` questions of the interview (a mixin of `Interview`)."""

    def _ask_records(self, q: Question, ctx: Context, mode: str) -> None:
        info = field_info(ctx.model, q.field)
        model = inner_model(info)
        items = get_path(ctx.node, q.field)
        items = items if isinstance(items, list) else None
        if mode == "missing":
            if items is None and min_items(info) == 0:
                return  # an optional list nobody filled in: the user said no to it before
            if items is not None:
                for index, item in enumerate(items):
                    if isinstance(item, dict):
                        names = self._item_names(q, ctx, item, index)
                        self._ask_questions(q.questions, self._child(ctx, q, item, model, index, names,
                                                                     joint=item.get(q.per_partner) == BOTH
                                                                     if q.per_partner else False),
                                            "missing")
                return
        items = list(items or [])
        groups: list[str | None] = [None]
        if q.per_partner:
            keys = [k for k, _ in self.partners()]
            if len(keys) < 2:
                raise AgreementBuilderError("the partners are not answered yet", file=self.file,
                                            field=ctx.path(q.field), hint="answer the partner sections first")
            groups = keys + ([BOTH] if q.include_both else [])
        # Resuming the list an interrupted interview stopped in: groups before the last item's group are
        # only completed, that group carries on where it stopped, later groups are asked afresh.
        stopped_in = self._group_of(q, items[-1]) if mode == "resume" and items else ABSENT
        result: list[Any] = []  # filled as items are started, so an interrupt can save the partial list
        self._building[ctx.path(q.field)] = result  # earlier items, for suggestions in later ones
        used: set[int] = set()
        try:
            for group in groups:
                mine = [i for i, it in enumerate(items)
                        if group is None or (isinstance(it, dict) and it.get(q.per_partner) == group)]
                used.update(mine)
                mine_items = [items[i] for i in mine]
                if stopped_in is not ABSENT and group != stopped_in:
                    self._complete_items(q, ctx, model, mine_items, len(result), "missing")
                    result += mine_items
                    continue
                carry_on = stopped_in is not ABSENT
                if carry_on:
                    stopped_in = ABSENT  # later groups: asked as usual
                    self._complete_items(q, ctx, model, mine_items, len(result), "resume")
                self._loop(q, ctx, model, group, mine_items, len(result), result, carry_on=carry_on)
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

    def _group_of(self, q: Question, item: Any) -> Any:
        return item.get(q.per_partner) if q.per_partner and isinstance(item, dict) else None

    def _complete_items(self, q: Question, ctx: Context, model, items: list, offset: int, mode: str) -> None:
        """Ask what items already started still lack; with `resume`, the last one carries on where it stopped."""
        for number, item in enumerate(items):
            if isinstance(item, dict):
                names = self._item_names(q, ctx, item, offset + number)
                child = self._child(ctx, q, item, model, offset + number, names,
                                    joint=self._group_of(q, item) == BOTH)
                last = mode == "resume" and number == len(items) - 1
                if last:
                    self._resume_questions(q.questions, child)
                else:
                    self._ask_questions(q.questions, child, "missing")

    def _item_names(self, q: Question, ctx: Context, item: dict, index: int) -> dict[str, str]:
        names = self._names(ctx)
        if q.per_partner and item.get(q.per_partner):
            names.update(self._partner_names(item[q.per_partner]))
        names["n"] = str(index + 1)
        return names

    def _texts(self, q: Question, group: str | None) -> tuple[str | None, str | None, str | None]:
        if group == BOTH and q.joint:
            return q.joint.heading or q.heading, q.joint.add_first, q.joint.add_another or q.add_another
        return q.heading, q.add_first, q.add_another

    def _loop(self, q: Question, ctx: Context, model, group: str | None, items: list, offset: int, out: list,
              carry_on: bool = False) -> None:
        """Ask one group's items, appending each to `out` as it starts; `carry_on` continues a resumed group."""
        names = {**self._names(ctx), **self._partner_names(group)}
        heading, add_first, add_another = self._texts(q, group)
        path = ctx.path(q.field)
        if heading and not carry_on:
            self._pending = (self._pending or "") + f"\n{self._fill(heading, names)}"
        if q.one_each:
            item = items[0] if items and isinstance(items[0], dict) else {}
            item[q.per_partner] = group
            out.append(item)
            if not carry_on:
                self._ask_item(q, ctx, model, item, offset, names, group)
            return
        if carry_on:
            out.extend(items)
        elif items:
            out.extend(self._revise_items(q, ctx, model, group, items, offset, names))
            return
        elif add_first and not self._confirm(self._fill(add_first, names), bool(q.default), path, q.help,
                                             kind="add_first", group=group):
            return
        while not carry_on or self._confirm(self._fill(add_another, names), False, path, q.help,
                                            kind="add_another", group=group, count=len(items)):
            item = self._new_item(q, group)
            out.append(item)
            items.append(item)
            self._ask_item(q, ctx, model, item, offset + len(items) - 1, names, group)
            self._show_items(q, items, ctx)
            carry_on = True

    def _new_item(self, q: Question, group: str | None) -> dict:
        item: dict = {}
        if q.per_partner and group is not None:
            item[q.per_partner] = group
            if q.other_partner:
                item[q.other_partner] = next((k for k, _ in self.partners() if k != group), None)
        return item

    def _ask_item(self, q: Question, ctx: Context, model, item: dict, index: int, names: dict, group) -> None:
        child = self._child(ctx, q, item, model, index, {**names, "n": str(index + 1)}, joint=group == BOTH)
        self._ask_questions(q.questions, child, "all")

    def _summary(self, q: Question, item: Any, ctx: Context) -> str:
        if not isinstance(item, dict):
            return as_text(item)
        child = self._child(ctx, q, item, inner_model(field_info(ctx.model, q.field)))
        return self._fill(q.summary, self._names(child))

    def _show_items(self, q: Question, items: list, ctx: Context) -> None:
        for number, item in enumerate(items, 1):
            say(f"    {number}. {self._summary(q, item, ctx)}", fg="cyan")

    def _revise_items(self, q: Question, ctx: Context, model, group, items: list, offset: int, names: dict) -> list:
        items = list(items)
        plural = f"{q.item}s"
        heading, _, _ = self._texts(q, group)
        while True:
            self._flush()
            self._show_items(q, items, ctx)
            choices = [{"name": UI["keep"].format(items=plural), "value": "keep"},
                       {"name": UI["add"].format(item=q.item), "value": "add"}]
            for i, item in enumerate(items):
                summary = self._summary(q, item, ctx)
                choices.append({"name": UI["change"].format(summary=summary), "value": f"change:{i}"})
                choices.append({"name": UI["remove"].format(summary=summary), "value": f"remove:{i}"})
            title = self._fill(heading, names) if heading else q.item
            action = self._prompt({"type": "select", "message": UI["what_now"].format(title=title),
                                   "choices": choices, "default": "keep", "help": q.help,
                                   "path": ctx.path(q.field), "kind": "records_menu", "group": group})
            if action == "keep":
                return items
            if action == "add":
                item = self._new_item(q, group)
                self._ask_item(q, ctx, model, item, offset + len(items), names, group)
                items.append(item)
                continue
            verb, index = action.split(":")
            if verb == "remove":
                del items[int(index)]
            else:
                self._ask_item(q, ctx, model, items[int(index)], offset + int(index), names, group)

