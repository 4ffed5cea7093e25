"""The interview: walks the questionnaire section by section, asking what each question needs, saving as it goes.

Each question is a model of its kind (`questions.py`, `groups.py`) and is visited, not
inspected: it says whether it is answered at a prompt, as an optional part or as a list of
records (`lists.py`). Where a section stands is its `Stage`, decided from the answers file
when the section starts (fresh, completing, resuming after an interrupt, revising) and
carried by the context of each question. Every prompt goes through `Interview.prompt` to
`prompts._ask`, the one questionary call, which tests patch.

The answers file is written after every finished section, atomically and keeping the
user's comments; an interrupted interview therefore leaves a draft, and running it again
asks only what the draft still lacks, carrying on at the question it stopped at.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..terms.paths import format_path, parse_path
from ..terms.walk import field_at, is_required
from . import prompts
from .context import Context, Stage
from .data import ABSENT, as_text, blank, del_path, get_path, sentence, set_path
from .draft import Draft
from .group_questions import OptionalQuestion, RecordsQuestion
from .lists import RecordLists
from .loading import load_questionnaire
from .names import Partners, fill, placeholder_names
from .offers import Offers
from .prompts import UI, help_lines, say
from .questionnaire import Questionnaire, Section
from .questions import AnsweredQuestion, BaseQuestion
from .review import Outcome, ReviewScreen
from .sections import Sections


class Interview:
    def __init__(self, file: Path, questionnaire: Questionnaire | None = None, *, output: Path | None = None):
        self.questionnaire = questionnaire or load_questionnaire()
        self.output = Path(output) if output else default_output(Path(file))
        self.draft = Draft(file)
        self.partners = Partners(self.draft)
        self.sections = Sections(self.questionnaire)
        self.offers = Offers(self.draft, self.partners)
        self.lists = RecordLists(self)
        self.review = ReviewScreen(self.draft, self.sections, self.partners, self.output,
                                   prompt=self.prompt, revise=self.revise)
        self._heading: str | None = None  # a section heading shown only once a question in it is asked
        self.last_typed: Any = None  # the text of the last answer typed, before it was converted
        self.asking: str | None = None  # the path of the question being asked
        self.stopped_at = self.draft.unfinished_question()  # the question an interrupt came at last time

    @property
    def data(self) -> dict:
        return self.draft.data

    # ---- the whole interview

    def run(self, section: str | None = None) -> Outcome:
        # questionary's own hint for this is cut off after a long question (and a shorter one of ours
        # crashes prompt_toolkit 3 when the question fills the line), so it is said once up front.
        say(help_lines(UI["tip"], first="", then="     "), dim=True)
        if section is not None:
            self.revise(section)
        else:
            unfinished = self.draft.unfinished_section()
            # A section of optional parts only, answered with a "no" (no code of conduct), leaves no
            # trace of its own: once a later section has answers, it was seen and is not asked again.
            answered = [self.sections.has_answers(sec, index, self.data) for sec, index in self.sections.instances]
            for position, (sec, index) in enumerate(self.sections.instances):
                seen = answered[position] or (self.sections.all_optional(sec) and any(answered[position + 1:]))
                stage = Stage.of_section(chosen=False, answered=answered[position], seen=seen,
                                         interrupted=self.sections.name(sec, index) == unfinished)
                self.ask_section(sec, index, stage)
        return self.review.run()

    def revise(self, name: str) -> None:
        """Ask one section again, its answers offered as defaults."""
        sec, index = self.sections.find(name)
        answered = self.sections.has_answers(sec, index, self.data)
        self.ask_section(sec, index, Stage.of_section(chosen=True, answered=answered, seen=answered,
                                                      interrupted=False))

    def ask_section(self, sec: Section, index: int | None, stage: Stage) -> None:
        ctx = self.sections.context(sec, index, self.data, self.partners).at(stage)
        names = self.names(ctx)
        self._heading = f"\n{fill(sec.title, names)}\n{fill(sec.intro, names)}"
        if stage is Stage.RESUMING and self.stopped_at == ctx.path(sec.name):
            stage, ctx = Stage.FRESH, ctx.at(Stage.FRESH)  # stopped at the usual terms: nothing answered yet
        try:
            if stage is Stage.RESUMING:
                self.carry_on(sec.questions, ctx)
            else:
                accepted = self._ask_usual(sec, ctx) if stage.asks_everything else set()
                self.ask_questions([q for q in sec.questions if q.field not in accepted], ctx)
        except KeyboardInterrupt:
            # Keep what this section already has, and remember it is unfinished, so that running the
            # interview again carries on at the question it stopped at instead of asking it all again.
            self._heading = None
            self.draft.save(partial=True)
            self.draft.stopped_in(self.sections.name(sec, index), self.asking)
            raise
        self._heading = None
        self._drop_sections_not_applying()
        self.draft.save()
        self.draft.finished()

    def _drop_sections_not_applying(self) -> None:
        # A question whose condition fails loses its answer, but the parts around it stay ("technology:
        # {security: {}}" once a deal is no longer a technology alliance), and would be refused as terms of
        # the wrong kind that no question can now change. So a part of the terms that only questions not
        # asked of this deal fill is removed whole.
        filled, unasked = set(), set()
        for sec, index in self.sections.instances:
            if index is None:
                for q in sec.questions:
                    (filled if q.applies(self.data, self.data) else unasked).add(q.field.split(".")[0])
        for top in unasked - filled:
            del_path(self.data, top)

    def _ask_usual(self, sec: Section, ctx: Context) -> set[str]:
        """Offer the section's usual terms with one yes/no; returns the fields a yes filled.

        Only for a section not answered yet: values already given are the user's own, not "the usual".
        """
        questions = sec.usual_questions()
        if not questions or any(get_path(ctx.node, q.field) is not ABSENT for q in questions):
            return set()
        if not all(c.holds_for(get_path(self.data, c.field[1:])) for q in questions for c in q.when
                   if c.field.startswith("/")):
            return set()  # some of them are not asked in this deal (accounts' rules in a referral deal)
        values, shown = {}, {}
        for q in questions:
            values[q.field] = q.usual_value(field_at(ctx.model, q.field), q.default_in(self.data))
            shown[q.field] = q.in_summary(values[q.field], self.partners)
        summary = sentence(fill(sec.usual.summary, shown))
        self.show_heading()
        # Wrapped with the same indent on every line, so the values read as one block above the question.
        say(f"  {summary}")
        names = self.names(ctx)
        keep = self.prompt({"type": "confirm", "kind": "usual", "message": fill(sec.usual.ask, names),
                            "default": True, "help": fill(sec.usual.help, names), "path": ctx.path(sec.name),
                            "summary": summary, "values": {ctx.path(k): v for k, v in values.items()}})
        if not keep:
            return set()
        for field, value in values.items():
            set_path(ctx.node, field, value)
        return set(values)

    # ---- walking the questions

    def ask_questions(self, questions: list[BaseQuestion], ctx: Context) -> None:
        for q in questions:
            if not self._applies(q, ctx):
                del_path(ctx.node, q.field)
                continue
            q.visit(self, ctx)

    def carry_on(self, questions: list[BaseQuestion], ctx: Context) -> None:
        """Carry on after an interrupt, each question at the stage its place in the row gives it."""
        stopped = next((i for i, q in enumerate(questions) if _holds(ctx.path(q.field), self.stopped_at)), None)
        stages = ctx.stage.along(len(questions), lambda i: self._applies(questions[i], ctx)
                                 and get_path(ctx.node, questions[i].field) is not ABSENT, stopped,
                                 lambda i: isinstance(questions[i], (OptionalQuestion, RecordsQuestion)))
        if self.stopped_at and stopped is None:  # a record finished before the interrupt ("add another?")
            stages = [Stage.COMPLETING] * len(questions)
        for q, stage in zip(questions, stages):
            self.ask_questions([q], ctx.at(stage))

    def _answer_at(self, field: str, ctx: Context) -> Any:
        """An earlier answer: `/money.currency` from the top of the terms, `basis` in the current record."""
        return get_path(self.data, field[1:]) if field.startswith("/") else get_path(ctx.node, field)

    def _applies(self, q: BaseQuestion, ctx: Context) -> bool:
        return q.applies(self.data, ctx.node)

    def ask_field(self, q: AnsweredQuestion, ctx: Context, *, allow_blank: bool = False) -> bool:
        """Ask one field; returns False when a blank answer left it empty."""
        info = field_at(ctx.model, q.field)
        current = get_path(ctx.node, q.field)
        required = (is_required(info) or q.required) and not allow_blank
        if not ctx.stage.asks_everything and not (current is ABSENT and required):
            return current is not ABSENT
        names = self.names(ctx)
        if q.implied and self._take_implied(q, ctx, info, names):
            return True
        default = current if current is not ABSENT else self.offers.default_for(q, ctx, names)
        message = fill(q.wording(ctx.joint, self._answer_at(q.prompt_by, ctx) if q.prompt_by else None), names)
        spec: dict[str, Any] = {"message": message, "help": fill(q.help, names), "path": ctx.path(q.field),
                                "kind": q.kind}
        self.last_typed = None
        value = q.ask(self, spec, info, default, required, names)
        if value is None or value == []:
            del_path(ctx.node, q.field)
            return False
        set_path(ctx.node, q.field, value)
        self.offers.remember(q, value, typed=self.last_typed)
        return True

    def _take_implied(self, q: AnsweredQuestion, ctx: Context, info, names: dict[str, str]) -> bool:
        """Fill a question whose answer follows from earlier ones (the payee when the other partner pays,
        the last share of a split), and say so; False when nothing follows and it has to be asked."""
        value = self.offers.default_for(q, ctx, names)
        if blank(value):
            return False
        try:
            value = q.converter(info, True)(value if isinstance(value, str) else as_text(value))
        except ValueError:
            return False
        set_path(ctx.node, q.field, value)
        self.show_heading()
        say(f"  {fill(q.display_label, self.names(ctx))}: {q.shown(value, self.partners)}", then="    ", dim=True)
        return True

    def ask_records(self, q: RecordsQuestion, ctx: Context) -> None:
        self.lists.ask(q, ctx)

    def ask_optional(self, q: OptionalQuestion, ctx: Context) -> None:
        current = get_path(ctx.node, q.field)
        if not ctx.stage.asks_everything:
            if isinstance(current, dict):
                part = q.inside(ctx, current, self.names(ctx))
                if ctx.stage is Stage.RESUMING:
                    self.carry_on(q.questions, part)
                else:
                    self.ask_questions(q.questions, part)
            return
        node = current if isinstance(current, dict) else {}
        if q.ask:
            names = self.names(ctx)
            # Revising, a part left out was left out on purpose: "no" is what the user said before.
            as_it_stands = current is not ABSENT or ctx.stage is Stage.REVISING
            default = isinstance(current, dict) if as_it_stands else bool(q.default_in(self.data))
            asked = q.asked(self._answer_at(q.prompt_by, ctx) if q.prompt_by else None)
            if not self.confirm(fill(asked, names), default, ctx.path(q.field), fill(q.help, names), kind="optional"):
                del_path(ctx.node, q.field)
                return
            set_path(ctx.node, q.field, node)
            self.ask_questions(q.questions, q.inside(ctx, node, names))
            return
        # No yes/no question: a blank answer to the first question means "none".
        set_path(ctx.node, q.field, node)
        part = q.inside(ctx, node, self.names(ctx))
        if not self.ask_field(q.questions[0], part, allow_blank=True):
            del_path(ctx.node, q.field)
            return
        self.ask_questions(q.questions[1:], part)

    # ---- talking to the user

    def names(self, ctx: Context) -> dict[str, str]:
        return placeholder_names(ctx, self.partners)

    def announce(self, heading: str) -> None:
        """A heading to show above the next question actually asked (none, if nothing is asked)."""
        self._heading = (self._heading or "") + heading

    def show_heading(self) -> None:
        if self._heading:
            say(self._heading, bold=True)
            self._heading = None

    def prompt(self, spec: dict) -> Any:
        self.show_heading()
        self.asking = spec.get("path") or None  # where an interrupt comes, for the next run to carry on there
        answer = prompts._ask(spec)  # looked up at each call: tests patch `prompts._ask`
        if answer is None:  # questionary's way of saying the user pressed Ctrl-C
            raise KeyboardInterrupt
        return answer

    def values_beside(self, path: str) -> list[Any]:
        """The values the same field has in the other entries of the list the field at `path` is in
        ("partners[1].key": the other partner's key), counting a list still being asked."""
        loc = parse_path(path)
        if len(loc) < 3 or not isinstance(loc[-2], int):
            return []
        holder, index, name = format_path(loc[:-2]), loc[-2], loc[-1]
        items = self.offers.lists_so_far.get(holder)
        if items is None:
            items = self.draft.data
            for part in loc[:-2]:
                ok = isinstance(items, dict) and part in items or isinstance(items, list) and part < len(items)
                items = items[part] if ok else None
        if not isinstance(items, list):
            return []
        return [item.get(name) for i, item in enumerate(items)
                if i != index and isinstance(item, dict) and item.get(name) is not None]

    def until_valid(self, spec: dict, convert: Callable[[Any], Any]) -> Any:
        while True:
            raw = self.prompt(dict(spec))
            try:
                value = convert(raw)
                self.last_typed = raw  # as typed: "$12,500" says which currency the next question offers
                return value
            except ValueError as exc:
                # Said right under the question, and asked again with the answer as it was typed, to correct.
                say(f"  ✗ {exc}", then="    ", fg="red")
                if spec["type"] == "text":
                    spec["default"], spec["typed"] = raw, True

    def confirm(self, message: str, default: bool, path: str, help: str, *, kind: str,
                group: str | None = None, count: int | None = None) -> bool:
        # `kind` (optional, add_first, add_another), `group` and `count` (items so far) tell a scripted
        # test what is being asked.
        return bool(self.prompt({"type": "confirm", "message": message, "default": default, "path": path,
                                 "kind": kind, "group": group, "count": count, "help": help}))


def _holds(path: str, stopped: str | None) -> bool:
    """Whether the question at `path` is the one the interrupt came at, or holds it (a list, a group)."""
    return stopped is not None and (stopped == path or stopped.startswith((f"{path}.", f"{path}[")))


def default_output(answers_file: Path) -> Path:
    """Where documents go unless told otherwise: `deal-packet/` beside `deal.yaml`."""
    return answers_file.with_name(f"{answers_file.stem}-packet")


def run_interview(file: Path | str, *, output: Path | None = None, section: str | None = None,
                  questionnaire: Questionnaire | None = None) -> Outcome:
    """Ask what the answers file lacks (or one `section` again), review, and build on request."""
    return Interview(Path(file), questionnaire, output=output).run(section)
