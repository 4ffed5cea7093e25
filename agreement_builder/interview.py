"""The interview engine: asks the questionnaire, checks each answer, saves, resumes, reviews, builds.

The only module that imports questionary, and only `_ask` calls it, so tests
script the whole interview by patching that one function (as copier does).
Every answer is checked at once with the terms model's own validation for its
field, so a bad date or a percentage of 130 is asked again with the reason.

The answers file is written after every finished section, atomically and
keeping the user's comments; an interrupted interview therefore leaves a
draft, and running it again asks only what the draft still lacks.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Callable

import click
import questionary
from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString
from slugify import slugify

from .answers import Answers, format_path, parse_yaml, read_text, save_answers, validate_data
from .errors import AgreementBuilderError, Problem, Severity
from .questionnaire import (Question, Questionnaire, Section, adapter_for, field_info, inner_model, is_required,
                            load_questionnaire, min_items)
from .terms import BOTH, Partner, Terms

ABSENT = object()

# Words of the interview's own machinery (menus, notices); the questions themselves live in questionnaires/.
UI = {
    "needed": "an answer is needed here",
    "pattern": "not in the expected form",
    "keep": "Keep these {items} and go on",
    "add": "Add a {item}",
    "change": "Change: {summary}",
    "remove": "Remove: {summary}",
    "what_now": "{title}: what would you like to do?",
    "review": "Review: what next?",
    "build": "Build the documents into {output}/",
    "revise": "Revise: {title}",
    "quit": "Save and quit (resume later with the same command)",
    "blocked": "Not ready to build yet; fix these first (pick the section to revise):",
    "saved": "Saved {file}",
    "built": "Built {count} file(s) in {output}/:",
    "joint": "{first} and {second}",
    "yes": "yes",
    "no": "no",
}


def _ask(spec: dict) -> Any:
    """Ask one question on the terminal. The only place questionary is called.

    `spec` holds the question's type, message, default, choices and validator;
    the answer comes back raw (text, bool, a choice's value, a list of values).
    Ctrl-C raises KeyboardInterrupt, Ctrl-D (end of input) is treated the same.
    """
    if spec.get("help"):
        questionary.print(f"  {spec['help']}", style="fg:ansibrightblack italic")
    kind, message = spec["type"], spec["message"]
    if kind == "confirm":
        question = questionary.confirm(message, default=bool(spec.get("default")))
    elif kind == "select":
        choices = [questionary.Choice(c["name"], value=c["value"]) for c in spec["choices"]]
        default = spec.get("default") if spec.get("default") in [c["value"] for c in spec["choices"]] else None
        question = questionary.select(message, choices=choices, default=default)
    elif kind == "checkbox":
        choices = [questionary.Choice(c["name"], value=c["value"], checked=c.get("checked", False))
                   for c in spec["choices"]]
        question = questionary.checkbox(message, choices=choices)
    else:
        question = questionary.text(message, default=spec.get("default") or "", multiline=spec.get("multiline", False),
                                    validate=spec.get("validate"))
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def _say(text: str = "", **style: Any) -> None:
    click.secho(text, **style)


# --------------------------------------------------------------------------- data paths


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


def _plain(value: Any) -> Any:
    """A loaded YAML document as plain dicts, lists and scalars (dates stay text, as loaded)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind(value)
    return value


def _in_model_order(value: Any, model: type[BaseModel] | None) -> Any:
    """Keys in the order the terms model declares them, so a new answers file reads like the example."""
    if isinstance(value, list):
        return [_in_model_order(v, model) for v in value]
    if not (isinstance(value, dict) and model):
        return value
    ordered = {name: _in_model_order(value[name], inner_model(info))
               for name, info in model.model_fields.items() if name in value}
    ordered.update((k, v) for k, v in value.items() if k not in ordered)
    return ordered


def _literal_blocks(value: Any) -> Any:
    """Text with line breaks written as a YAML `|` block, the way a person would write an address."""
    if isinstance(value, dict):
        return {k: _literal_blocks(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal_blocks(v) for v in value]
    if isinstance(value, str) and "\n" in value.strip("\n") and not value.endswith((" ", "\t")):
        return LiteralScalarString(value)
    return value


def _blank(value: Any) -> bool:
    return value is ABSENT or value is None or value == [] or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str:
    if value is ABSENT or value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_as_text(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


# --------------------------------------------------------------------------- asking


@dataclass
class Context:
    """Where a question is asked: the dict its field is relative to, and the words to fill in."""

    node: dict
    loc: tuple
    model: type[BaseModel]
    names: dict[str, str]
    partner_fields: set[str] = field(default_factory=set)
    joint: bool = False
    fallback: str = ""  # how to call a partner whose short name is not answered yet

    def path(self, relative: str) -> str:
        return format_path(self.loc + tuple(relative.split(".")))


@dataclass
class Outcome:
    file: Path
    built: Any = None  # the Packet, when the documents were built
    answers: Answers | None = None


class Interview:
    def __init__(self, file: Path, questionnaire: Questionnaire | None = None, *, output: Path | None = None):
        self.file = Path(file)
        self.questionnaire = questionnaire or load_questionnaire()
        self.output = Path(output) if output else default_output(self.file)
        if self.file.exists():
            self.document: CommentedMap = parse_yaml(read_text(self.file), self.file)
        else:
            self.document = CommentedMap()
        self.data: dict = _plain(self.document)
        self.instances = [(s, i) for s in self.questionnaire.sections for i in ((0, 1) if s.for_each_partner else (None,))]
        self._pending: str | None = None  # a section heading shown only once a question in it is asked

    # ---- the whole interview

    def run(self, section: str | None = None) -> Outcome:
        if section is not None:
            instance = self._instance(section)
            self._ask_section(*instance, mode="all")
        else:
            for sec, index in self.instances:
                self._ask_section(sec, index, mode="missing" if self._has_data(sec, index) else "all")
        return self.review()

    def _instance(self, name: str) -> tuple[Section, int | None]:
        for sec, index in self.instances:
            if self.instance_name(sec, index) == name:
                return sec, index
        names = ", ".join(self.instance_name(s, i) for s, i in self.instances)
        raise AgreementBuilderError(f"there is no section {name!r}", field="--section", hint=f"choose one of: {names}")

    @staticmethod
    def instance_name(sec: Section, index: int | None) -> str:
        return sec.name if index is None else f"{sec.name}-{index + 1}"

    def _has_data(self, sec: Section, index: int | None) -> bool:
        if index is not None:
            partners = self.data.get("partners")
            return isinstance(partners, list) and len(partners) > index and bool(partners[index])
        return any(q.field.split(".")[0] in self.data for q in sec.questions)

    def _ask_section(self, sec: Section, index: int | None, mode: str) -> None:
        ctx = self._section_context(sec, index)
        self._pending = f"\n{self._fill(sec.title, self._names(ctx))}\n{sec.intro}"
        self._ask_questions(sec.questions, ctx, mode)
        self._pending = None
        self.save()

    def _section_context(self, sec: Section, index: int | None, *, create: bool = True) -> Context:
        if index is None:
            return Context(self.data, (), Terms, {})
        partners = self.data.get("partners")
        if create:
            if not isinstance(partners, list):
                partners = self.data["partners"] = []
            while len(partners) <= index:
                partners.append({})
            if not isinstance(partners[index], dict):
                partners[index] = {}
        node = partners[index] if isinstance(partners, list) and len(partners) > index else {}
        node = node if isinstance(node, dict) else {}
        fallback = (sec.partner_titles or ["partner 1", "partner 2"])[index]
        other = next((name for i, (_, name) in enumerate(self.partners()) if i != index), "")
        return Context(node, ("partners", index), Partner, {"other": other}, fallback=fallback)

    def save(self) -> None:
        self.document = save_answers(self.file, _literal_blocks(_in_model_order(self.data, Terms)),
                                     base=self.document)

    # ---- partners as the questions see them

    def partners(self) -> list[tuple[str, str]]:
        """(key, short name) of each partner answered so far."""
        found = []
        for p in self.data.get("partners") or []:
            if isinstance(p, dict) and p.get("key"):
                found.append((str(p["key"]), str(p.get("short_name") or p["key"])))
        return found

    def _short_name(self, key: Any) -> str:
        if key == BOTH:
            return self._joint_name()
        return dict(self.partners()).get(key, str(key))

    def _joint_name(self) -> str:
        names = [name for _, name in self.partners()]
        return UI["joint"].format(first=names[0], second=names[1]) if len(names) == 2 else BOTH

    def _partner_names(self, key: str | None) -> dict[str, str]:
        if key is None:
            return {}
        if key == BOTH:
            return {"partner": self._joint_name(), "other": self._joint_name()}
        other = next((name for k, name in self.partners() if k != key), "")
        return {"partner": self._short_name(key), "other": other}

    def _fill(self, text: str | None, names: dict[str, str]) -> str:
        # Plain substitution, never a template engine: the values are the user's own words.
        return re.sub(r"\{([a-z_.]+)\}", lambda m: names.get(m.group(1), "—"), text or "")

    def _names(self, ctx: Context) -> dict[str, str]:
        names = dict(ctx.names)
        for key, value in ctx.node.items():
            if isinstance(value, (str, int, float, Decimal, dt.date)) and not isinstance(value, bool):
                names[key] = self._short_name(value) if key in ctx.partner_fields else _as_text(value)
        if ctx.model is Partner:
            names["partner"] = str(ctx.node.get("short_name") or ctx.fallback)
        return names

    # ---- walking the questions

    def _ask_questions(self, questions: list[Question], ctx: Context, mode: str) -> None:
        for q in questions:
            if not self._applies(q, ctx):
                del_path(ctx.node, q.field)
                continue
            if q.kind == "records":
                self._ask_records(q, ctx, mode)
            elif q.kind == "optional":
                self._ask_optional(q, ctx, mode)
            else:
                self._ask_field(q, ctx, mode)

    def _applies(self, q: Question, ctx: Context) -> bool:
        for c in q.when:
            value = get_path(self.data, c.field[1:]) if c.field.startswith("/") else get_path(ctx.node, c.field)
            value = None if value is ABSENT else value
            if "answered" in c.model_fields_set:
                ok = (not _blank(value)) == c.answered
            elif "equals" in c.model_fields_set:
                ok = value == c.equals
            elif "differs" in c.model_fields_set:
                ok = value != c.differs
            else:
                ok = value in (c.among or [])
            if not ok:
                return False
        return True

    def _ask_field(self, q: Question, ctx: Context, mode: str, *, allow_blank: bool = False) -> bool:
        """Ask one field; returns False when a blank answer left it empty."""
        info = field_info(ctx.model, q.field)
        current = get_path(ctx.node, q.field)
        required = (is_required(info) or q.required) and not allow_blank
        if mode == "missing" and not (current is ABSENT and required):
            return current is not ABSENT
        default = current if current is not ABSENT else self._default(q, ctx)
        value = self._ask_value(q, ctx, info, default, required)
        if value is None or value == []:
            del_path(ctx.node, q.field)
            return False
        set_path(ctx.node, q.field, value)
        return True

    def _default(self, q: Question, ctx: Context) -> Any:
        if q.default_from:
            source = get_path(ctx.node, q.default_from)
            if source is ABSENT:
                return q.default
            if q.transform == "key":
                return slugify(str(source), max_length=24, word_boundary=True) or q.default
            if q.transform == "first_word":
                return str(source).split()[0] if str(source).split() else q.default
            if q.transform == "other_partner":
                return next((k for k, _ in self.partners() if k != source), q.default)
            return source
        return q.default

    def _ask_value(self, q: Question, ctx: Context, info, default: Any, required: bool) -> Any:
        names = self._names(ctx)
        message = self._fill(q.prompt_joint if ctx.joint and q.prompt_joint else q.prompt, names)
        spec: dict[str, Any] = {"message": message, "help": q.help, "path": ctx.path(q.field), "kind": q.kind}
        if q.kind == "multiselect":
            return self._ask_multiselect(q, info, default, required, spec)
        convert = self._converter(q, info, required)
        if q.kind == "confirm":
            spec.update(type="confirm", default=bool(default) if default not in (ABSENT, None) else False)
        elif q.kind in ("select", "partner"):
            spec.update(type="select", choices=self._choices(q, names),
                        default=default.value if isinstance(default, Enum) else default)
        else:
            spec.update(type="text", default=_as_text(default), multiline=q.kind in ("multiline", "lines"))
            spec["validate"] = lambda text: _reason_or_true(convert, text)
        return self._until_valid(spec, convert)

    def _choices(self, q: Question, names: dict[str, str]) -> list[dict]:
        if q.kind == "select":
            return [{"name": c.label, "value": c.value} for c in q.choices or []]
        choices = [{"name": name, "value": key} for key, name in self.partners()]
        if q.allow_both:
            choices.append({"name": self._fill(q.both_label, names), "value": BOTH})
        return choices

    def _until_valid(self, spec: dict, convert: Callable[[Any], Any]) -> Any:
        while True:
            raw = self._prompt(dict(spec))
            try:
                return convert(raw)
            except ValueError as exc:
                # The terminal prompt already refuses bad text; this catches scripted answers too.
                _say(f"  ✗ {exc}", fg="red")
                if spec["type"] == "text":
                    spec["default"] = raw

    def _flush(self) -> None:
        """Show the section heading waiting for the first question actually asked in it."""
        if self._pending:
            _say(self._pending, bold=True)
            self._pending = None

    def _prompt(self, spec: dict) -> Any:
        self._flush()
        answer = _ask(spec)
        if answer is None:  # questionary's way of saying the user pressed Ctrl-C
            raise KeyboardInterrupt
        return answer

    def _converter(self, q: Question, info, required: bool) -> Callable[[Any], Any]:
        adapter = adapter_for(info)

        def convert(raw: Any) -> Any:
            if q.kind == "lines":
                raw = [line for line in str(raw).splitlines() if line.strip()]
            elif isinstance(raw, str):
                if q.kind in ("integer", "money", "percentage", "date", "currency"):
                    raw = raw.strip().replace("_", "")
                if q.kind in ("money", "integer"):
                    raw = raw.replace(" ", "")
                if q.kind == "percentage":
                    raw = raw.rstrip("%").strip()
                if q.kind == "currency":
                    raw = raw.upper()
            if _blank(raw):
                if required:
                    raise ValueError(UI["needed"])
                return None
            try:
                value = adapter.validate_python(raw)
            except ValidationError as exc:
                raise ValueError(_reason(exc, info)) from None
            return _storable(value)

        return convert

    def _ask_multiselect(self, q: Question, info, default: Any, required: bool, spec: dict) -> Any:
        current = default if isinstance(default, list) else []
        options = list(dict.fromkeys(str(v) for v in collect(self.data, (q.choices_from or "/")[1:]) if not _blank(v)))
        options += [c.value for c in q.choices or [] if c.value not in options]
        chosen: list[str] = []
        if options:
            chosen = self._prompt({**spec, "type": "checkbox",
                                   "choices": [{"name": o, "value": o, "checked": o in current} for o in options]})
        as_lines = q.model_copy(update={"kind": "lines"})
        if q.other_prompt:
            extra = [v for v in current if v not in options]
            others = self._until_valid(
                {**spec, "type": "text", "kind": "lines", "message": q.other_prompt, "multiline": True,
                 "default": _as_text(extra)},
                self._converter(as_lines, info, required=False))
            chosen = list(chosen) + [o for o in others or [] if o not in chosen]
        return self._converter(as_lines, info, required)("\n".join(chosen))

    def _confirm(self, message: str, default: bool, path: str, help: str, *, kind: str,
                 group: str | None = None) -> bool:
        # `kind` (optional, add_first, add_another) and `group` tell a scripted test what is being asked.
        return bool(self._prompt({"type": "confirm", "message": message, "default": default, "path": path,
                                  "kind": kind, "group": group, "help": help}))

    # ---- optional groups and lists of records

    def _ask_optional(self, q: Question, ctx: Context, mode: str) -> None:
        current = get_path(ctx.node, q.field)
        info = field_info(ctx.model, q.field)
        if mode == "missing":
            if isinstance(current, dict):
                self._ask_questions(q.questions, self._child(ctx, q, current, inner_model(info)), "missing")
            return
        node = current if isinstance(current, dict) else {}
        if q.ask:
            default = isinstance(current, dict) if current is not ABSENT else bool(q.default)
            wanted = self._confirm(self._fill(q.ask, self._names(ctx)), default, ctx.path(q.field), q.help,
                                   kind="optional")
            if not wanted:
                del_path(ctx.node, q.field)
                return
            set_path(ctx.node, q.field, node)
            self._ask_questions(q.questions, self._child(ctx, q, node, inner_model(info)), "all")
            return
        # No yes/no question: a blank answer to the first question means "none".
        set_path(ctx.node, q.field, node)
        child = self._child(ctx, q, node, inner_model(info))
        if not self._ask_field(q.questions[0], child, "all", allow_blank=True):
            del_path(ctx.node, q.field)
            return
        self._ask_questions(q.questions[1:], child, "all")

    def _child(self, ctx: Context, q: Question, node: dict, model, index: int | None = None,
               names: dict[str, str] | None = None, joint: bool = False) -> Context:
        loc = ctx.loc + tuple(q.field.split(".")) + ((index,) if index is not None else ())
        partner_fields = {s.field for s in q.questions if s.kind == "partner"}
        partner_fields |= {name for name in (q.per_partner, q.other_partner) if name}
        names = dict(names) if names is not None else self._names(ctx)
        return Context(node, loc, model, names, partner_fields, joint or ctx.joint, ctx.fallback)

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
        result: list[Any] = []
        used: set[int] = set()
        for group in groups:
            mine = [i for i, it in enumerate(items)
                    if group is None or (isinstance(it, dict) and it.get(q.per_partner) == group)]
            used.update(mine)
            result += self._loop(q, ctx, model, group, [items[i] for i in mine], offset=len(result))
        result += [it for i, it in enumerate(items) if i not in used]  # owned by no partner: kept for check to flag
        if result:
            set_path(ctx.node, q.field, result)
        else:
            del_path(ctx.node, q.field)

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

    def _loop(self, q: Question, ctx: Context, model, group: str | None, items: list, offset: int) -> list:
        names = {**self._names(ctx), **self._partner_names(group)}
        heading, add_first, add_another = self._texts(q, group)
        path = ctx.path(q.field)
        if heading:
            self._pending = (self._pending or "") + f"\n{self._fill(heading, names)}"
        if q.one_each:
            item = items[0] if items and isinstance(items[0], dict) else {}
            item[q.per_partner] = group
            self._ask_item(q, ctx, model, item, offset, names, group)
            return [item]
        if items:
            return self._revise_items(q, ctx, model, group, items, offset, names)
        if add_first and not self._confirm(self._fill(add_first, names), bool(q.default), path, q.help,
                                           kind="add_first", group=group):
            return []
        while True:
            item = self._new_item(q, group)
            self._ask_item(q, ctx, model, item, offset + len(items), names, group)
            items.append(item)
            self._show_items(q, items, ctx)
            if not self._confirm(self._fill(add_another, names), False, path, q.help, kind="add_another",
                                 group=group):
                return items

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
            return _as_text(item)
        child = self._child(ctx, q, item, inner_model(field_info(ctx.model, q.field)))
        return self._fill(q.summary, self._names(child))

    def _show_items(self, q: Question, items: list, ctx: Context) -> None:
        for number, item in enumerate(items, 1):
            _say(f"    {number}. {self._summary(q, item, ctx)}", fg="cyan")

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

    # ---- review and build

    def review(self) -> Outcome:
        while True:
            answers = validate_data(self.document, self.file)
            self._show_review(answers)
            choices = [{"name": UI["build"].format(output=self.output), "value": "build"}]
            choices += [{"name": UI["revise"].format(title=self._title(s, i)), "value": self.instance_name(s, i)}
                        for s, i in self.instances]
            choices.append({"name": UI["quit"], "value": "quit"})
            action = self._prompt({"type": "select", "message": UI["review"], "choices": choices,
                                   "default": "build", "path": "", "kind": "review"})
            if action == "quit":
                return Outcome(self.file, None, answers)
            if action == "build":
                blocking = answers.errors + answers.missing
                if blocking:
                    _say(UI["blocked"], fg="red", bold=True)
                    for problem in blocking:
                        _say(f"  {problem.render()}", fg="red")
                    continue
                return Outcome(self.file, self.build(answers.terms), answers)
            self._ask_section(*self._instance(action), mode="all")

    def build(self, terms: Terms) -> Any:
        from .packet import build_packet  # written alongside; imported late so the interview works without it

        packet = build_packet(terms, self.output)
        _say(UI["built"].format(count=len(packet.files), output=self.output), fg="green", bold=True)
        for path in packet.files:
            _say(f"  {path}")
        for warning in packet.warnings:
            _say(f"  warning: {warning.render() if isinstance(warning, Problem) else warning}", fg="yellow")
        return packet

    def _title(self, sec: Section, index: int | None) -> str:
        if index is None:
            return sec.title
        return self._fill(sec.title, self._names(self._section_context(sec, index, create=False)))

    def _show_review(self, answers: Answers) -> None:
        by_section: dict[str, list[Problem]] = {}
        for problem in answers.problems:
            by_section.setdefault(self._section_of(problem.path), []).append(problem)
        for sec, index in self.instances:
            name = self.instance_name(sec, index)
            ctx = self._section_context(sec, index, create=False)
            problems = by_section.pop(name, [])
            status = _status(problems)
            _say(f"\n{self._title(sec, index)}  [{name}]  {status}", bold=True)
            names = self._flat_names(ctx.node)
            for line in sec.summary:
                _say(f"  {self._fill(line, names)}")
            for q in sec.questions:
                if q.kind == "records":
                    items = get_path(ctx.node, q.field)
                    items = items if isinstance(items, list) else []
                    _say(f"  {q.display_label}: {len(items)}")
                    self._show_items(q, items, ctx)
            for problem in problems:
                _say(f"  {problem.severity.value}: {problem.render()}",
                     fg="red" if problem.severity is not Severity.WARNING else "yellow")
        for problem in [p for rest in by_section.values() for p in rest]:
            _say(f"  {problem.severity.value}: {problem.render()}", fg="red")

    def _flat_names(self, node: Any, prefix: str = "") -> dict[str, str]:
        names: dict[str, str] = {}
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, dict):
                    names.update(self._flat_names(value, f"{prefix}{key}."))
                elif not isinstance(value, list):
                    text = (UI["yes"] if value else UI["no"]) if isinstance(value, bool) else _as_text(value)
                    text = text.splitlines()
                    names[f"{prefix}{key}"] = (text[0] + (" …" if len(text) > 1 else "")) if text else ""
        return names

    def _section_of(self, path: str) -> str:
        match = re.match(r"partners\[(\d+)\]", path)
        if match:
            return f"partner-{int(match.group(1)) + 1}"
        top = re.split(r"[.\[]", path, maxsplit=1)[0]
        if top == "partners":
            return "partner-1"
        for sec, index in self.instances:
            if index is None and any(q.field.split(".")[0] == top for q in sec.questions):
                return sec.name
        return ""


def _status(problems: list[Problem]) -> str:
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    if not any(counts.values()):
        return "✓"
    return ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)


def _reason(exc: ValidationError, info) -> str:
    error = exc.errors()[0]
    # A regular expression means nothing to a user; the field's description shows the expected form.
    message = UI["pattern"] if error["type"] == "string_pattern_mismatch" else error["msg"]
    message = re.sub(r"^Value error, ", "", message)
    return f"{message} ({info.description})" if info.description else message


def _reason_or_true(convert: Callable[[Any], Any], text: str) -> bool | str:
    try:
        convert(text)
    except ValueError as exc:
        return str(exc)
    return True


def _storable(value: Any) -> Any:
    """A validated value as it goes into the answers file (enums as their values)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def default_output(answers_file: Path) -> Path:
    """Where documents go unless told otherwise: `deal-packet/` beside `deal.yaml`."""
    return answers_file.with_name(f"{answers_file.stem}-packet")


def run_interview(file: Path | str, *, output: Path | None = None, section: str | None = None,
                  questionnaire: Questionnaire | None = None) -> Outcome:
    """Ask what the answers file lacks (or one `section` again), review, and build on request."""
    return Interview(Path(file), questionnaire, output=output).run(section)
