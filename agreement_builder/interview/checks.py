"""The questionnaire checked against the terms model when it is loaded, not halfway through an interview.

Every question fills a real field in a way the field can hold (each kind checks its own
fit, `check` on the question models); conditions and derived answers look back, never
forward; and every text a question or section shows names only placeholders that will be
known where it is shown, read with the same `PLACEHOLDER` the interview fills them with.
"""
from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from pydantic import BaseModel

from ..terms.model import Partner, Terms
from ..terms.values import AllianceKind
from ..terms.walk import field_at, inner_model
from .group_questions import GroupQuestion, RecordsQuestion
from .names import placeholders
from .questionnaire import Questionnaire, QuestionnaireError, Section
from .questions import LOOKUP_TRANSFORMS, BaseQuestion

# Names every question text may use: the partners' short names, and the item number in a list.
CONTEXT_PLACEHOLDERS = {"partner", "other", "n", "first", "second"}


class Scope:
    """What the checks of one question can rely on: its file, where it sits, what was answered before it."""

    def __init__(self, file: Path, prefix: str, asked: set[str], local: set[str],
                 question: BaseQuestion | None = None):
        self.file, self.prefix, self.asked, self.local, self.question = file, prefix, asked, local, question

    def fail(self, message: str, hint: str | None = None) -> NoReturn:
        field = f"question {self.prefix}{self.question.field}" if self.question is not None else None
        raise QuestionnaireError(message, file=self.file, field=field, hint=hint)

    def absolute(self, path: str) -> str:
        return path[1:] if path.startswith("/") else self.prefix + path

    def answered_before(self, path: str) -> bool:
        return self.absolute(path) in self.asked or path in self.local

    def asked_before_anywhere(self, path: str) -> bool:
        return self.absolute(path) in self.asked

    def known_names(self) -> set[str]:
        """Names a text at this place is filled with: the context's, and the fields answered earlier at the
        same level (a field inside a part is not a name of its own)."""
        return CONTEXT_PLACEHOLDERS | {name for name in self.local if "." not in name}

    def check_texts(self, texts: dict[str, str | None], known: set[str], where: str = "answered earlier at "
                    "the same level") -> None:
        for key, text in texts.items():
            for name in placeholders(text):
                if name not in known:
                    self.fail(f"the placeholder {{{name}}} in {key} is not known where it is shown",
                              f"use {', '.join(sorted(CONTEXT_PLACEHOLDERS))} or a field {where}: "
                              f"{', '.join(sorted(known - CONTEXT_PLACEHOLDERS)) or 'none yet'}")


def check_questionnaire(questionnaire: Questionnaire) -> None:
    """Every question fills a real field, in a way the field can hold; conditions look back, not forward;
    every text names only what is known where it is shown."""
    asked: set[str] = set()  # absolute patterns answered so far, e.g. "money.flows[].basis"
    for section in questionnaire.sections:
        file = questionnaire.files[section.name]
        model, prefix = (Partner, "partners[].") if section.for_each_partner else (Terms, "")
        section_scope = Scope(file, prefix, asked, set())
        section_scope.check_texts({"title": section.title, "intro": section.intro}, CONTEXT_PLACEHOLDERS)
        _check_questions(section.questions, model, prefix, asked, file, local=set())
        if section.usual:
            _check_usual(section, file)
    for section in questionnaire.sections:  # summary lines may show any answer, also a later section's
        _check_summary_lines(section, questionnaire.files[section.name], asked)


def _check_summary_lines(section: Section, file: Path, asked: set[str]) -> None:
    """The review's lines name answers by dotted path from the section's start: a field some question fills,
    and not inside a list (items are listed apart)."""
    prefix = "partners[]." if section.for_each_partner else ""
    shown = {path[len(prefix):] for path in asked if path.startswith(prefix) and "[]" not in path[len(prefix):]}
    for number, line in enumerate(section.summary):
        for name in placeholders(line):
            if name not in shown:
                raise QuestionnaireError(f"summary line {number + 1} names {{{name}}}, which no question fills",
                                         file=file, field=f"summary[{number}]",
                                         hint="name a field by its dotted path, e.g. {signatory.name}")


def _settled_by_usual(q, section: Section, found: dict) -> bool:
    """A usual field may depend on another usual field, when the usual value makes the condition hold
    (mediation's length is usual together with mediation itself), or on an earlier section's answer, known
    before the usual terms are offered (they are offered only where every one of them is asked)."""
    return all(c.field.startswith("/") or c.field in section.usual.fields and "equals" in c.model_fields_set
               and c.field in found and found[c.field].default == c.equals for c in q.when)


def _check_usual(section: Section, file: Path) -> None:
    """A usual-terms block covers plain questions of its own section that all have a default to accept."""
    found = {q.field: q for q in section.questions}
    for name in section.usual.fields:
        q = found.get(name)
        problem = ("is not a question of this section" if q is None
                   else "has no default to accept" if q.default is None
                   else "is asked only under a condition the usual values do not settle"
                   if not _settled_by_usual(q, section, found)
                   else f"is a {q.kind} question, not a single value" if not q.single_value else None)
        if problem:
            raise QuestionnaireError(f"usual field {name!r} {problem}", file=file, field="usual.fields",
                                     hint="list plain questions of this section that have a default")
    for key in ("ask", "help"):
        for name in placeholders(getattr(section.usual, key)):
            if name not in CONTEXT_PLACEHOLDERS:
                raise QuestionnaireError(f"the usual {key} names {{{name}}}, which is not known there",
                                         file=file, field=f"usual.{key}", hint=f"use {sorted(CONTEXT_PLACEHOLDERS)}")
    shown = placeholders(section.usual.summary)
    for name in section.usual.fields:
        if name not in shown:
            raise QuestionnaireError(f"the usual summary does not show {{{name}}}", file=file, field="usual.summary",
                                     hint="show every value the user accepts with one yes")
    for name in shown:
        if name not in section.usual.fields:
            raise QuestionnaireError(f"the usual summary shows {{{name}}}, which is not one of its fields",
                                     file=file, field="usual.summary", hint="show only the fields being accepted")


def _check_questions(questions: list, model: type[BaseModel], prefix: str, asked: set[str],
                     file: Path, local: set[str]) -> None:
    local = set(local)
    for question in questions:
        scope = Scope(file, prefix, asked, local, question)
        try:
            info = field_at(model, question.field)
        except KeyError:
            scope.fail(f"{question.field!r} is not a field of {model.__name__}",
                       f"fields here: {', '.join(model.model_fields)}")
        for condition in question.when + question.unless:
            if not scope.answered_before(condition.field):
                scope.fail(f"the condition looks at {condition.field!r}, which no earlier question answers")
        if isinstance(question, GroupQuestion):
            scope.check_texts(question.texts(), scope.known_names())
            if getattr(question, "prompt_by", None) and not scope.answered_before(question.prompt_by):
                scope.fail(f"prompt_by {question.prompt_by!r} is not answered by an earlier question")
        else:
            _check_derived_answer(question, scope)
        if "\n" in question.help.strip():
            scope.fail("help must be one line")
        _check_kind_defaults(question, scope)
        question.check(info, scope)
        if isinstance(question, GroupQuestion):
            _check_questions(question.questions, inner_model(info), question.nested_prefix(prefix), asked,
                             file, set(question.names_inside()))
        if isinstance(question, RecordsQuestion):
            _check_record_summary(question, scope)
        local.add(question.field)
        asked.add(prefix + question.field)
        if isinstance(question, GroupQuestion):
            asked.update(question.nested_prefix(prefix) + sub.field for sub in question.questions)


def _check_kind_defaults(question, scope: Scope) -> None:
    """Each kind's own default names a kind of alliance and is an answer the question could give."""
    kinds = [kind.value for kind in AllianceKind]
    choices = [choice.value for choice in getattr(question, "choices", None) or []]
    for kind, value in (question.kind_defaults or {}).items():
        if kind not in kinds:
            scope.fail(f"kind_defaults names {kind!r}, which is not a kind of alliance", hint=f"use {', '.join(kinds)}")
        if choices and value not in choices:
            scope.fail(f"kind_defaults.{kind} {value!r} is not one of the choices {choices}")
        if question.default is not None and type(value) is not type(question.default):
            scope.fail(f"kind_defaults.{kind} {value!r} is not the same kind of answer as the default "
                       f"{question.default!r}")


def _check_derived_answer(question, scope: Scope) -> None:
    """A question's wording and suggested answer: what they derive from is answered before them."""
    if question.transform == "remainder" and (not question.sums_to_hundred or question.default_from):
        scope.fail("transform remainder suggests what is left of 100% to a percentage, from the items before it")
    if question.transform not in (None, "remainder", "position") and not question.default_from:
        scope.fail(f"transform {question.transform} needs default_from (the answer it starts from)")
    if question.transform in LOOKUP_TRANSFORMS and not question.suggestions:
        scope.fail(f"transform {question.transform} needs suggestions (what each value suggests)")
    if (question.prompt_by is None) != (question.prompts is None):
        scope.fail("prompt_by and prompts go together: the answer that picks the wording, and the wordings")
    if question.prompt_by and not scope.answered_before(question.prompt_by):
        scope.fail(f"prompt_by {question.prompt_by!r} is not answered by an earlier question")
    if question.implied and not (question.default_from or question.transform):
        scope.fail("an implied answer needs default_from or a transform to derive it from")
    if question.suggestions is not None and not (question.default_from or question.transform == "position"):
        scope.fail("suggestions need default_from (the answer they are looked up by) or transform: position")
    known = scope.known_names() | ({"value"} if question.suggestions is not None else set())
    for key, text in question.suggested_texts().items():
        for name in placeholders(text):
            if name not in known:
                scope.fail(f"the suggested answer names {{{name}}}, which is not known when the question is asked",
                           f"use {sorted(CONTEXT_PLACEHOLDERS)}, {{value}} or a field answered earlier in the record")
    for source in question.sources:
        if source.startswith("/") and not scope.answered_before(source):
            scope.fail(f"default_from {source!r} is not answered by an earlier question")
        elif not source.startswith("/") and source not in scope.local:
            scope.fail(f"default_from {source!r} is not answered earlier in the same place")
    scope.check_texts(question.texts(), scope.known_names())


def _check_record_summary(question: RecordsQuestion, scope: Scope) -> None:
    """A record's summary line is filled from the record's own answers (and the names around it)."""
    own = {sub.field for sub in question.questions if "." not in sub.field} | set(question.names_inside())
    scope.check_texts({"summary": question.summary}, scope.known_names() | own, "of the record")


def question_paths(questionnaire: Questionnaire) -> list[str]:
    """Every field the questionnaire can fill, as absolute patterns ("goals[].owner")."""
    paths: list[str] = []

    def walk(questions: list, prefix: str) -> None:
        for question in questions:
            paths.append(prefix + question.field)
            paths.extend(prefix + question.field + path for path in question.filled_paths())
            if isinstance(question, GroupQuestion):
                inner = question.nested_prefix(prefix)
                paths.extend(inner + name for name in question.names_inside())
                walk(question.questions, inner)

    for section in questionnaire.sections:
        walk(section.questions, "partners[]." if section.for_each_partner else "")
    return paths

