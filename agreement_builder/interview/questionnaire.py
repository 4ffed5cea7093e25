"""The interview's questions, loaded from `questionnaires/*.yaml` and checked against the terms model.

Question text is data (like copier's `copier.yml`): each YAML file holds one
section, each question names the field of the terms it fills. Loading parses
every question into a validated `Question` and resolves its field in the
pydantic model, so a typo in a question file is an `AgreementBuilderError`
naming the file and the question, never a crash halfway through an interview.

Field paths are dotted and relative to where the question sits: a section's
questions start at the terms (or at one partner, for a per-partner section); a
record's questions start at the record. In `when` conditions and
`choices_from`, a leading `/` means "from the top of the terms", and `[]`
means "every item of this list".
"""
from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..errors import AgreementBuilderError
from ..resources import data_folder
from ..terms.model import Partner, Terms

Kind = Literal["text", "multiline", "currency", "select", "multiselect", "confirm", "date", "integer",
               "money", "percentage", "partner", "lines", "dated_lines", "records", "optional"]
SCALAR_KINDS = {"text", "multiline", "currency", "select", "confirm", "date", "integer", "money",
                "percentage", "partner"}
LIST_KINDS = {"lines", "multiselect"}
Transform = Literal["key", "short_name", "other_partner", "email", "remainder", "country", "suffix", "position"]
# Transforms whose result is looked up in the question's `suggestions` rather than offered as it is.
LOOKUP_TRANSFORMS = {"suffix", "position"}
CONTEXT_PLACEHOLDERS = {"partner", "other", "n", "first", "second"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class QuestionnaireError(AgreementBuilderError):
    """A question file is broken: the message names the file and the question."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Choice(_Strict):
    value: str
    label: str


class Condition(_Strict):
    """Holds when the answer at `field` matches: `is` a value, `is_not` one, is `in` a list, or is `set`."""

    field: str
    equals: Any = Field(None, alias="is")
    differs: Any = Field(None, alias="is_not")
    among: list[Any] | None = Field(None, alias="in")
    answered: bool | None = Field(None, alias="set")

    @model_validator(mode="after")
    def _one_test(self) -> "Condition":
        given = [name for name in ("equals", "differs", "among", "answered") if name in self.model_fields_set]
        if len(given) != 1:
            raise ValueError("a condition needs exactly one of is, is_not, in, set")
        return self


class JointTexts(_Strict):
    """Wording for the joint group of a per-partner list (both partners together)."""

    heading: str | None = None
    add_first: str | None = None
    add_another: str | None = None


class Question(_Strict):
    field: str = Field(pattern=r"^[a-z_]+(\.[a-z_]+)*$")
    kind: Kind
    prompt: str | None = None  # records and optional groups speak through their own texts
    help: str = Field(min_length=1, description="One line saying why the question matters.")
    label: str | None = None
    default: Any = None
    default_from: str | None = None
    transform: Transform | None = None
    suggestions: dict[str, str] | None = None  # what the transformed earlier answer suggests; "*": anything else
    implied: bool = False  # filled with its suggestion unasked whenever there is one (it can only be that)
    required: bool = False  # required although the model allows blank (e.g. arbitration rules)
    when: list[Condition] = Field(default_factory=list)
    prompt_joint: str | None = None
    prompt_by: str | None = None  # an earlier answer whose value picks the wording from `prompts`
    prompts: dict[str, str] | None = None
    # select / partner / multiselect
    choices: list[Choice] | None = None
    choices_from: str | None = None
    allow_both: bool = False
    both_label: str | None = None
    other_prompt: str | None = None
    # dated_lines: a list of records, each a date and a text, typed one per line
    date_field: str | None = None
    text_field: str | None = None
    # records / optional
    questions: list["Question"] = Field(default_factory=list)
    ask: str | None = None
    item: str | None = None
    summary: str | None = None
    heading: str | None = None
    add_first: str | None = None
    add_another: str | None = None
    per_partner: str | None = None
    other_partner: str | None = None
    include_both: bool = False
    joint: JointTexts | None = None
    one_each: bool = False

    @model_validator(mode="before")
    @classmethod
    def _single_condition(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("when"), dict):
            data = {**data, "when": [data["when"]]}
        return data

    @model_validator(mode="after")
    def _prompt_given(self) -> "Question":
        if self.kind not in ("records", "optional") and not self.prompt:
            raise ValueError(f"a {self.kind} question needs a prompt")
        return self

    @property
    def display_label(self) -> str:
        return self.label or self.field.rsplit(".", 1)[-1].replace("_", " ").capitalize()


class Usual(_Strict):
    """Questions whose defaults most alliances keep: offered together with one yes/no, walked only on a no."""

    ask: str
    help: str = Field(min_length=1)
    summary: str  # shows the values being accepted, so nobody agrees to numbers they have not seen
    fields: list[str] = Field(min_length=2)


class Section(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    intro: str
    for_each_partner: bool = False
    partner_titles: list[str] | None = None  # "the first partner", before its name is known
    summary: list[str] = Field(default_factory=list)
    usual: Usual | None = None
    questions: list[Question] = Field(min_length=1)

    def usual_questions(self) -> list[Question]:
        wanted = set(self.usual.fields) if self.usual else set()
        return [q for q in self.questions if q.field in wanted]


@dataclass(frozen=True)
class Questionnaire:
    sections: list[Section]
    files: dict[str, Path]

    def section(self, name: str) -> Section:
        for section in self.sections:
            if section.name == name:
                return section
        raise KeyError(name)


# --------------------------------------------------------------------------- resolving fields


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def field_info(model: type[BaseModel], path: str) -> FieldInfo:
    """The pydantic FieldInfo at a dotted path below `model`; KeyError if there is none."""
    current: Any = model
    info: FieldInfo | None = None
    for part in path.split("."):
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            raise KeyError(path)
        info = current.model_fields[part]
        current = _unwrap(_strip_annotated(info.annotation))
    assert info is not None
    return info


def inner_model(info: FieldInfo) -> type[BaseModel] | None:
    """The model a field holds: `Goal` for list[Goal], `Person` for Person | None."""
    annotation = _unwrap(_strip_annotated(info.annotation))
    if typing.get_origin(annotation) is list:
        annotation = _strip_annotated(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def item_annotation(info: FieldInfo) -> Any:
    annotation = _unwrap(_strip_annotated(info.annotation))
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation


def adapter_for(info: FieldInfo) -> TypeAdapter:
    """Validates one answer with exactly the model's own rules for the field."""
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def is_required(info: FieldInfo) -> bool:
    return info.is_required() and type(None) not in typing.get_args(info.annotation)


def enum_values(info: FieldInfo) -> list[str] | None:
    annotation = _unwrap(_strip_annotated(info.annotation))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [member.value for member in annotation]
    return None


def min_items(info: FieldInfo) -> int:
    for meta in [*info.metadata, *typing.get_args(info.annotation)[1:]]:
        for item in getattr(meta, "metadata", [meta]):
            if hasattr(item, "min_length") and item.min_length is not None:
                return item.min_length
    return 0


# --------------------------------------------------------------------------- loading


def load_questionnaire(folder: Path | None = None) -> Questionnaire:
    """Every `*.yaml` section file in `folder` (the built-in questionnaire by default), in file-name order."""
    if folder is None:
        return _builtin()
    return _load(Path(folder))


@cache
def _builtin() -> Questionnaire:
    return _load(data_folder("questionnaires"))


def _load(folder: Path) -> Questionnaire:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise QuestionnaireError("holds no question files (*.yaml)", file=folder)
    sections: list[Section] = []
    where: dict[str, Path] = {}
    for file in files:
        section = _load_section(file)
        if section.name in where:
            raise QuestionnaireError(f"section name {section.name!r} is also used in {where[section.name].name}",
                                     file=file, hint="give each section its own name")
        where[section.name] = file
        sections.append(section)
    questionnaire = Questionnaire(sections, where)
    check_questionnaire(questionnaire)
    return questionnaire


def _load_section(file: Path) -> Section:
    try:
        raw = YAML(typ="safe").load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        raise QuestionnaireError(f"cannot be read as YAML: {exc}", file=file) from None
    try:
        return Section.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise QuestionnaireError(f"{first['msg']}", file=file, field=_describe_loc(raw, first["loc"]),
                                 hint="see questionnaires/README.md for the question format") from None


def _describe_loc(raw: Any, loc: tuple) -> str:
    """A pydantic location as words a questionnaire author recognises: the question's field."""
    text, node = "", raw
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
            name = node.get("field") if isinstance(node, dict) else None
            text += f"[{part}{' ' + name if name else ''}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            text += f".{part}" if text else str(part)
    return text


def check_questionnaire(questionnaire: Questionnaire) -> None:
    """Every question fills a real field, in a way the field can hold; conditions look back, not forward."""
    asked: set[str] = set()  # absolute patterns answered so far, e.g. "money.flows[].basis"
    for section in questionnaire.sections:
        file = questionnaire.files[section.name]
        model, prefix = (Partner, "partners[].") if section.for_each_partner else (Terms, "")
        _check_questions(section.questions, model, prefix, asked, file, local=set())
        if section.usual:
            _check_usual(section, file)


def _settled_by_usual(q: Question, section: Section, found: dict[str, Question]) -> bool:
    """A usual field may depend on another usual field, when the usual value makes the condition hold
    (mediation's length is usual together with mediation itself)."""
    return all(c.field in section.usual.fields and "equals" in c.model_fields_set and c.field in found
               and found[c.field].default == c.equals for c in q.when)


def _check_usual(section: Section, file: Path) -> None:
    """A usual-terms block covers plain questions of its own section that all have a default to accept."""
    found = {q.field: q for q in section.questions}
    for name in section.usual.fields:
        q = found.get(name)
        problem = ("is not a question of this section" if q is None
                   else "has no default to accept" if q.default is None
                   else "is asked only under a condition the usual values do not settle"
                   if not _settled_by_usual(q, section, found)
                   else f"is a {q.kind} question, not a single value" if q.kind not in SCALAR_KINDS else None)
        if problem:
            raise QuestionnaireError(f"usual field {name!r} {problem}", file=file, field="usual.fields",
                                     hint="list plain questions of this section that have a default")
    shown = re.findall(r"\{([a-z_.]+)\}", section.usual.summary)
    for name in section.usual.fields:
        if name not in shown:
            raise QuestionnaireError(f"the usual summary does not show {{{name}}}", file=file, field="usual.summary",
                                     hint="show every value the user accepts with one yes")
    for name in shown:
        if name not in section.usual.fields:
            raise QuestionnaireError(f"the usual summary shows {{{name}}}, which is not one of its fields",
                                     file=file, field="usual.summary", hint="show only the fields being accepted")


def _check_questions(questions: list[Question], model: type[BaseModel], prefix: str, asked: set[str],
                     file: Path, local: set[str]) -> None:
    local = set(local)

    def answered_before(path: str) -> bool:
        return _absolute(path, prefix) in asked or path in local

    for question in questions:
        def fail(message: str, hint: str | None = None) -> None:
            raise QuestionnaireError(message, file=file, field=f"question {prefix}{question.field}", hint=hint)

        try:
            info = field_info(model, question.field)
        except KeyError:
            fail(f"{question.field!r} is not a field of {model.__name__}",
                 f"fields here: {', '.join(model.model_fields)}")
        for condition in question.when:
            if not answered_before(condition.field):
                fail(f"the condition looks at {condition.field!r}, which no earlier question answers")
        if question.choices_from and _absolute(question.choices_from, prefix) not in asked:
            fail(f"choices_from {question.choices_from!r} is not answered by an earlier question")
        if question.transform == "remainder" and (question.kind != "percentage" or question.default_from):
            fail("transform remainder suggests what is left of 100% to a percentage, from the items before it")
        if question.transform not in (None, "remainder", "position") and not question.default_from:
            fail(f"transform {question.transform} needs default_from (the answer it starts from)")
        if question.transform in LOOKUP_TRANSFORMS and not question.suggestions:
            fail(f"transform {question.transform} needs suggestions (what each value suggests)")
        if (question.prompt_by is None) != (question.prompts is None):
            fail("prompt_by and prompts go together: the answer that picks the wording, and the wordings")
        if question.prompt_by and not answered_before(question.prompt_by):
            fail(f"prompt_by {question.prompt_by!r} is not answered by an earlier question")
        if question.implied and not (question.default_from or question.transform):
            fail("an implied answer needs default_from or a transform to derive it from")
        if question.suggestions is not None and not (question.default_from or question.transform == "position"):
            fail("suggestions need default_from (the answer they are looked up by) or transform: position")
        suggested = [question.default] if isinstance(question.default, str) else []
        for text in suggested + list((question.suggestions or {}).values()):
            for name in _PLACEHOLDER.findall(text):
                if name not in CONTEXT_PLACEHOLDERS and name not in local and not (
                        name == "value" and question.suggestions is not None):
                    fail(f"the suggested answer names {{{name}}}, which is not known when the question is asked",
                         f"use {sorted(CONTEXT_PLACEHOLDERS)}, {{value}} or a field answered earlier in the record")
        if question.default_from and question.default_from not in local:
            fail(f"default_from {question.default_from!r} is not answered earlier in the same place")
        for text in (question.prompt, question.prompt_joint, question.add_first, question.add_another,
                     question.ask, question.heading):
            for name in _PLACEHOLDER.findall(text or ""):
                if name not in CONTEXT_PLACEHOLDERS and name not in local:
                    fail(f"the placeholder {{{name}}} is neither {sorted(CONTEXT_PLACEHOLDERS)} "
                         "nor a field answered earlier in the same record")
        if "\n" in question.help.strip():
            fail("help must be one line")
        _check_kind(question, info, fail)
        if question.kind in ("records", "optional"):
            sub_model = inner_model(info)
            sub_prefix = f"{prefix}{question.field}{'[]' if question.kind == 'records' else ''}."
            inner_local = set()
            if question.per_partner:
                inner_local.add(question.per_partner)
            if question.other_partner:
                inner_local.add(question.other_partner)
            _check_questions(question.questions, sub_model, sub_prefix, asked, file, inner_local)
        local.add(question.field)
        asked.add(prefix + question.field)
        if question.kind in ("records", "optional"):
            for sub in question.questions:
                asked.add(f"{prefix}{question.field}{'[]' if question.kind == 'records' else ''}.{sub.field}")


def _absolute(path: str, prefix: str) -> str:
    return path[1:] if path.startswith("/") else prefix + path


def _check_kind(question: Question, info: FieldInfo, fail) -> None:
    kind, sub_model = question.kind, inner_model(info)
    is_list = typing.get_origin(_unwrap(_strip_annotated(info.annotation))) is list
    if kind in ("records", "optional"):
        if sub_model is None or is_list != (kind == "records"):
            fail(f"kind {kind} does not fit this field", "records fill a list of models; optional fills one model")
        if not question.questions:
            fail(f"a {kind} question needs its own questions")
        if kind == "records" and not (question.item and question.summary):
            fail("a records question needs `item` and `summary`")
        if kind == "records" and not (question.one_each or question.add_another):
            fail("a records question needs `add_another` (or `one_each`)")
        for name in (question.per_partner, question.other_partner):
            if name and name not in sub_model.model_fields:
                fail(f"{name!r} is not a field of {sub_model.__name__}")
        if question.include_both and not (question.joint and question.joint.add_first):
            fail("include_both needs joint.add_first (asking whether there is a joint item)")
        return
    if kind == "dated_lines":
        _check_dated_lines(question, sub_model, is_list, fail)
        return
    if sub_model is not None:
        fail(f"kind {kind} cannot fill {info.annotation}, which holds whole records")
    if (kind in LIST_KINDS) != is_list:
        fail(f"kind {kind} does not fit this field" + (" (it holds a list)" if is_list else ""))
    if kind == "select":
        allowed = enum_values(info)
        given = [c.value for c in question.choices or []]
        if allowed is None or sorted(given) != sorted(allowed):
            fail(f"choices {given} must be exactly the field's values {allowed}")
    if kind == "multiselect" and not (question.choices or question.choices_from):
        fail("a multiselect needs choices or choices_from")
    if kind == "partner" and question.allow_both and not question.both_label:
        fail("allow_both needs both_label")


def _check_dated_lines(question: Question, sub_model: type[BaseModel] | None, is_list: bool, fail) -> None:
    """One line per record fills exactly two fields, a date and a text; nothing else may be required."""
    if sub_model is None or not is_list:
        fail("kind dated_lines fills a list of records (each a date and a text)")
    fields = sub_model.model_fields
    for role in ("date_field", "text_field"):
        name = getattr(question, role)
        if name not in fields:
            fail(f"{role} {name!r} is not a field of {sub_model.__name__}", f"fields here: {', '.join(fields)}")
    if _unwrap(_strip_annotated(fields[question.date_field].annotation)) is not date:
        fail(f"date_field {question.date_field!r} does not hold a date")
    others = [n for n, i in fields.items() if is_required(i) and n not in (question.date_field, question.text_field)]
    if others:
        fail(f"one line cannot fill {', '.join(others)}, which {sub_model.__name__} requires", "use kind records")


def question_paths(questionnaire: Questionnaire) -> list[str]:
    """Every field the questionnaire can fill, as absolute patterns ("goals[].owner")."""
    paths: list[str] = []

    def walk(questions: list[Question], prefix: str) -> None:
        for question in questions:
            paths.append(prefix + question.field)
            if question.kind == "dated_lines":
                paths.extend(f"{prefix}{question.field}[].{name}" for name in (question.date_field, question.text_field))
            if question.kind in ("records", "optional"):
                inner = f"{prefix}{question.field}{'[]' if question.kind == 'records' else ''}."
                paths.extend(inner + name for name in (question.per_partner, question.other_partner) if name)
                walk(question.questions, inner)

    for section in questionnaire.sections:
        walk(section.questions, "partners[]." if section.for_each_partner else "")
    return paths
