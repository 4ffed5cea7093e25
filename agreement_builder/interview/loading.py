"""Loading the questionnaire: every section file parsed into its models, then checked as a whole.

Apart from the models (questionnaire.py) and the checks (checks.py), which both
this module puts to work, so neither has to import the other back.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..resources import data_folder
from .checks import check_questionnaire
from .questionnaire import KINDS, Questionnaire, QuestionnaireError, Section


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
        if isinstance(node, dict) and part == node.get("kind") and part in KINDS:
            continue  # the model a question was parsed into, named by its kind: already said by the index
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
            name = node.get("field") if isinstance(node, dict) else None
            text += f"[{part}{' ' + name if name else ''}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            text += f".{part}" if text else str(part)
    return text
