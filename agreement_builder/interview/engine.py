"""The interview engine: walks the questionnaire section by section, saving as it goes.

The flow lives here; the pieces it leans on are in their own modules:
`interview_prompts` (the one questionary call, `_ask`, and the checks on answers),
`interview_lists` (lists of records and their "add another" loops),
`interview_review` (the review screen and the build) and `interview_data`
(dotted paths into the answers). Tests script the interview by patching
`agreement_builder.interview._ask`: every question goes through `Interview._prompt`,
which looks the name up here.

The answers file is written after every finished section, atomically and
keeping the user's comments; an interrupted interview therefore leaves a
draft, and running it again asks only what the draft still lacks.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml.comments import CommentedMap

from ..answers import parse_yaml, plain_data, read_text, save_answers
from ..atomic import write_text_atomically
from ..errors import AgreementBuilderError
from ..terms.model import BOTH, Partner, Terms
from ..terms.paths import format_path
from . import suggest
from .data import (
    ABSENT,
    Context,
    Outcome,
    as_text,
    blank,
    collect,
    del_path,
    get_path,
    in_model_order,
    mid_sentence,
    prune,
    sentence,
    set_path,
)
from .lists import ListQuestions
from .prompts import UI, _ask, converter, dated_lines_text, reason_or_true, say
from .questionnaire import Question, Questionnaire, Section, field_info, inner_model, is_required, load_questionnaire
from .review import ReviewScreen

# "{partner}", "{signatory.name}": names filled into question texts, summaries and suggestions.
PLACEHOLDER = re.compile(r"\{([a-z_.]+)\}")


class Interview(ListQuestions, ReviewScreen):
    def __init__(self, file: Path, questionnaire: Questionnaire | None = None, *, output: Path | None = None):
        self.file = Path(file)
        self.questionnaire = questionnaire or load_questionnaire()
        self.output = Path(output) if output else default_output(self.file)
        if self.file.exists():
            self.document: CommentedMap = parse_yaml(read_text(self.file), self.file)
        else:
            self.document = CommentedMap()
        self.data: dict = plain_data(self.document)
        self.instances = [(s, i) for s in self.questionnaire.sections for i in ((0, 1) if s.for_each_partner else (None,))]
        self._pending: str | None = None  # a section heading shown only once a question in it is asked
        self._building: dict[str, list] = {}  # each list being asked, by path, as far as it has got
        self._revising = False  # asking again a section that was answered before
        # A deal usually runs in one currency: the last one given is offered for the next amount.
        self._currency = next((c for c in (get_path(self.data, "money.currency"),
                                          get_path(self.data, "alliance.first_opportunity.currency"))
                               if isinstance(c, str) and c), None)

    # ---- the whole interview

    def run(self, section: str | None = None) -> Outcome:
        # questionary's own hint for this is cut off after a long question (and a shorter one of ours
        # crashes prompt_toolkit 3 when the question fills the line), so it is said once up front.
        say(UI["tip"], dim=True)
        if section is not None:
            instance = self._instance(section)
            self._ask_section(*instance, mode="all")
        else:
            unfinished = self._unfinished()
            # A section of optional parts only, answered with a "no" (no code of conduct), leaves no
            # trace of its own: once a later section has answers, it was seen and is not asked again.
            answered = [self._has_data(sec, index) for sec, index in self.instances]
            for position, (sec, index) in enumerate(self.instances):
                seen = answered[position] or (self._all_optional(sec) and any(answered[position + 1:]))
                if self.instance_name(sec, index) == unfinished:
                    mode = "resume"
                else:
                    mode = "missing" if seen else "all"
                self._ask_section(sec, index, mode)
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

    def _all_optional(self, sec: Section) -> bool:
        model = Partner if sec.for_each_partner else Terms
        return not any(is_required(field_info(model, q.field)) or q.required for q in sec.questions)

    def _has_data(self, sec: Section, index: int | None) -> bool:
        if index is not None:
            partners = self.data.get("partners")
            return isinstance(partners, list) and len(partners) > index and bool(partners[index])
        return any(q.field.split(".")[0] in self.data for q in sec.questions)

    def _ask_section(self, sec: Section, index: int | None, mode: str) -> None:
        # Asking a section that has answers again is revising it: what it lacks was left out on purpose.
        self._revising = mode == "all" and self._has_data(sec, index)
        ctx = self._section_context(sec, index)
        self._pending = f"\n{self._fill(sec.title, self._names(ctx))}\n{sec.intro}"
        try:
            if mode == "resume":
                self._resume_questions(sec.questions, ctx)
            else:
                accepted = self._ask_usual(sec, ctx) if mode == "all" else set()
                self._ask_questions([q for q in sec.questions if q.field not in accepted], ctx, mode)
        except KeyboardInterrupt:
            # Keep what this section already has, and remember it is unfinished, so that running the
            # interview again carries on at the question it stopped at instead of asking it all again.
            self._pending = None
            if prune(self.data) or self.file.exists():
                self.save(prune(self.data))
                write_text_atomically(self._marker(), self.instance_name(sec, index) + "\n")
            raise
        self._pending = None
        self.save()
        self._marker().unlink(missing_ok=True)

    def _ask_usual(self, sec: Section, ctx: Context) -> set[str]:
        """Offer the section's usual terms with one yes/no; returns the fields a yes filled.

        Only for a section not answered yet: values already given are the user's own, not "the usual".
        """
        questions = sec.usual_questions()
        if not questions or any(get_path(ctx.node, q.field) is not ABSENT for q in questions):
            return set()
        values, shown = {}, {}
        for q in questions:
            info = field_info(ctx.model, q.field)
            value = bool(q.default) if q.kind == "confirm" else converter(q, info, True)(as_text(q.default))
            values[q.field] = value
            shown[q.field] = (UI["yes"] if value else UI["no"]) if q.kind == "confirm" else self._shown(q, value)
            if q.kind == "select":
                shown[q.field] = mid_sentence(shown[q.field])
        summary = sentence(self._fill(sec.usual.summary, shown))
        self._flush()
        # Wrapped with the same indent on every line, so the values read as one block above the question.
        width = min(shutil.get_terminal_size().columns, 100) - 2
        say(textwrap.fill(summary, width=width, initial_indent="  ", subsequent_indent="  "))
        keep = self._prompt({"type": "confirm", "kind": "usual", "message": self._fill(sec.usual.ask, self._names(ctx)),
                             "default": True, "help": sec.usual.help, "path": ctx.path(sec.name),
                             "summary": summary, "values": {ctx.path(k): v for k, v in values.items()}})
        if not keep:
            return set()
        for field, value in values.items():
            set_path(ctx.node, field, value)
        return set(values)

    def _shown(self, q: Question, value: Any) -> str:
        if q.kind == "select":
            return next((c.label for c in q.choices or [] if c.value == value), as_text(value))
        if q.kind == "partner":
            return self._short_name(value)
        if q.kind == "percentage":
            return f"{as_text(value)}%"
        return as_text(value)

    def _marker(self) -> Path:
        """`.deal.yaml.unfinished` beside `deal.yaml`: names the section an interrupt stopped in."""
        return self.file.with_name(f".{self.file.name}.unfinished")

    def _unfinished(self) -> str | None:
        try:
            return self._marker().read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def _resume_questions(self, questions: list[Question], ctx: Context) -> None:
        """Carry on after an interrupt: questions before the last one answered only fill gaps; the last one
        carries on inside itself (a list or group); those after it were never reached and are asked."""
        answered = [i for i, q in enumerate(questions)
                    if self._applies(q, ctx) and get_path(ctx.node, q.field) is not ABSENT]
        last = answered[-1] if answered else -1
        for i, q in enumerate(questions):
            self._ask_questions([q], ctx, "missing" if i < last else "resume" if i == last else "all")

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

    def save(self, data: dict | None = None) -> None:
        data = self.data if data is None else data
        self.document = save_answers(self.file, in_model_order(data, Terms), base=self.document)

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
        return PLACEHOLDER.sub(lambda m: names.get(m.group(1), "—"), text or "")

    def _names(self, ctx: Context) -> dict[str, str]:
        names = dict(zip(("first", "second"), (name for _, name in self.partners())))
        names.update(ctx.names)
        for key, value in ctx.node.items():
            if isinstance(value, (str, int, float, Decimal, dt.date)) and not isinstance(value, bool):
                names[key] = self._short_name(value) if key in ctx.partner_fields else as_text(value)
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

    def _answer_at(self, field: str, ctx: Context) -> Any:
        """An earlier answer: `/money.currency` from the top of the terms, `basis` in the current record."""
        return get_path(self.data, field[1:]) if field.startswith("/") else get_path(ctx.node, field)

    def _applies(self, q: Question, ctx: Context) -> bool:
        for c in q.when:
            value = self._answer_at(c.field, ctx)
            value = None if value is ABSENT else value
            if "answered" in c.model_fields_set:
                ok = (not blank(value)) == c.answered
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
        if mode in ("missing", "resume") and not (current is ABSENT and required):
            return current is not ABSENT
        if q.implied and self._take_implied(q, ctx, info):
            return True
        default = current if current is not ABSENT else self._default(q, ctx)
        value = self._ask_value(q, ctx, info, default, required)
        if value is None or value == []:
            del_path(ctx.node, q.field)
            return False
        set_path(ctx.node, q.field, value)
        if q.kind == "currency":
            self._currency = value
        return True

    def _take_implied(self, q: Question, ctx: Context, info) -> bool:
        """Fill a question whose answer follows from earlier ones (the payee when the other partner pays,
        the last share of a split), and say so; False when nothing follows and it has to be asked."""
        value = self._default(q, ctx)
        if blank(value):
            return False
        try:
            value = self._converter(q, info, True)(value if isinstance(value, str) else as_text(value))
        except ValueError:
            return False
        set_path(ctx.node, q.field, value)
        self._flush()
        say(f"  {self._fill(q.display_label, self._names(ctx))}: {self._shown(q, value)}", dim=True)
        return True

    def _default(self, q: Question, ctx: Context) -> Any:
        """What the question offers: derived from an earlier answer when it can be, else its plain default."""
        if q.transform == "remainder":
            return self._remainder(q, ctx)
        if q.kind == "currency" and self._currency:
            return self._currency
        names = self._names(ctx)
        suggested = self._derived(q, ctx) if q.default_from or q.transform == "position" else None
        if suggested is not None and q.suggestions is not None:
            entry = suggest.pick(q.suggestions, str(suggested), suffix=q.transform == "suffix")
            suggested = _filled(entry, {**names, "value": str(suggested)}) if entry is not None else None
        if suggested is not None:
            return suggested
        return _filled(q.default, names) if isinstance(q.default, str) else q.default

    def _derived(self, q: Question, ctx: Context) -> Any:
        """The earlier answer `default_from` names, transformed; None when there is nothing to go on."""
        if q.transform == "position":
            return ctx.loc[-1] + 1 if ctx.loc and isinstance(ctx.loc[-1], int) else None
        source = get_path(ctx.node, q.default_from)
        if source is ABSENT:
            return None
        text = str(source)
        match q.transform:
            case "key":
                return suggest.key(text)
            case "short_name":
                return suggest.short_name(text)
            case "country":
                return suggest.country(text)
            case "email":
                return self._suggested_email(text, ctx)
            case "other_partner":
                return next((k for k, _ in self.partners() if k != source), None)
        return source

    def _remainder(self, q: Question, ctx: Context) -> Any:
        """What the earlier items of this list leave of 100%: the last share of a split is rarely a free choice."""
        index = ctx.loc[-1] if ctx.loc else None
        items = self._building.get(format_path(ctx.loc[:-1])) if isinstance(index, int) and index > 0 else None
        if not items:
            return q.default
        earlier = [get_path(item, q.field) for item in items[:index] if isinstance(item, dict)]
        try:
            total = sum(Decimal(str(v)) for v in earlier if v is not ABSENT)
        except ArithmeticError:
            return q.default
        return 100 - total if earlier and ABSENT not in earlier and 0 <= total < 100 else q.default

    def _suggested_email(self, name: str, ctx: Context) -> str | None:
        """An address for `name` shaped like one already given at the same partner, or None."""
        partners = self.data.get("partners")
        if ctx.loc[:1] != ("partners",) or not isinstance(partners, list) or len(partners) <= ctx.loc[1]:
            return None
        return suggest.email(name, _people_with_emails(partners[ctx.loc[1]]))

    def _ask_value(self, q: Question, ctx: Context, info, default: Any, required: bool) -> Any:
        names = self._names(ctx)
        message = self._fill(q.prompt_joint if ctx.joint and q.prompt_joint else self._worded(q, ctx), names)
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
            text = dated_lines_text(q, default) if q.kind == "dated_lines" else as_text(default)
            spec.update(type="text", default=text, multiline=q.kind in ("multiline", "lines", "dated_lines"))
            spec["validate"] = lambda text: reason_or_true(convert, text)
        return self._until_valid(spec, convert)

    def _worded(self, q: Question, ctx: Context) -> str:
        """The prompt, in the wording an earlier answer picks (courts or arbitration) where there is one."""
        if not q.prompts:
            return q.prompt
        return q.prompts.get(as_text(self._answer_at(q.prompt_by, ctx)), q.prompt)

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
                say(f"  ✗ {exc}", fg="red")
                if spec["type"] == "text":
                    spec["default"] = raw

    def _flush(self) -> None:
        """Show the section heading waiting for the first question actually asked in it."""
        if self._pending:
            say(self._pending, bold=True)
            self._pending = None

    def _prompt(self, spec: dict) -> Any:
        self._flush()
        answer = _ask(spec)
        if answer is None:  # questionary's way of saying the user pressed Ctrl-C
            raise KeyboardInterrupt
        return answer

    def _converter(self, q: Question, info, required: bool) -> Callable[[Any], Any]:
        return converter(q, info, required)

    def _ask_multiselect(self, q: Question, info, default: Any, required: bool, spec: dict) -> Any:
        current = default if isinstance(default, list) else []
        options = list(dict.fromkeys(str(v) for v in collect(self.data, (q.choices_from or "/")[1:]) if not blank(v)))
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
                 "default": as_text(extra)},
                self._converter(as_lines, info, required=False))
            chosen = list(chosen) + [o for o in others or [] if o not in chosen]
        return self._converter(as_lines, info, required)("\n".join(chosen))

    def _confirm(self, message: str, default: bool, path: str, help: str, *, kind: str,
                 group: str | None = None, count: int | None = None) -> bool:
        # `kind` (optional, add_first, add_another), `group` and `count` (items so far) tell a scripted
        # test what is being asked.
        return bool(self._prompt({"type": "confirm", "message": message, "default": default, "path": path,
                                  "kind": kind, "group": group, "count": count, "help": help}))

    # ---- optional groups

    def _ask_optional(self, q: Question, ctx: Context, mode: str) -> None:
        current = get_path(ctx.node, q.field)
        info = field_info(ctx.model, q.field)
        if mode in ("missing", "resume"):
            if isinstance(current, dict):
                child = self._child(ctx, q, current, inner_model(info))
                if mode == "resume":
                    self._resume_questions(q.questions, child)
                else:
                    self._ask_questions(q.questions, child, "missing")
            return
        node = current if isinstance(current, dict) else {}
        if q.ask:
            default = isinstance(current, dict) if current is not ABSENT or self._revising else bool(q.default)
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


def _filled(text: str | None, names: dict[str, str]) -> str | None:
    """A suggested text with its placeholders filled, or None when one is not known yet."""
    if text is None:
        return None
    missing = [name for name in PLACEHOLDER.findall(text) if blank(names.get(name))]
    return None if missing else PLACEHOLDER.sub(lambda m: str(names[m.group(1)]), text)


def _people_with_emails(node: Any) -> list[tuple[str, str]]:
    """(name, email) of everyone with an email anywhere in a partner's answers, in the order asked."""
    if isinstance(node, dict):
        email, name = node.get("email"), node.get("name")
        found = [(str(name or ""), email.strip())] if isinstance(email, str) and email.strip() else []
        return found + [pair for k, v in node.items() if k != "email" for pair in _people_with_emails(v)]
    if isinstance(node, list):
        return [pair for v in node for pair in _people_with_emails(v)]
    return []


def default_output(answers_file: Path) -> Path:
    """Where documents go unless told otherwise: `deal-packet/` beside `deal.yaml`."""
    return answers_file.with_name(f"{answers_file.stem}-packet")


def run_interview(file: Path | str, *, output: Path | None = None, section: str | None = None,
                  questionnaire: Questionnaire | None = None) -> Outcome:
    """Ask what the answers file lacks (or one `section` again), review, and build on request."""
    return Interview(Path(file), questionnaire, output=output).run(section)
