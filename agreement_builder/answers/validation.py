"""Validating an answers file: every field error, deal rule and missing answer at once, with its line.

Validation never stops at the first problem, so a user sees every mistake in
one pass, in the order to fix them (errors, then what is still missing).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import DraftIncomplete, InvalidTerms, Problem, Severity
from ..terms.model import Terms
from ..terms.paths import Loc, format_path, parse_path
from ..terms.rules import check_deal
from ..terms.walk import adapter, model_at
from .reading import parse_plain, parse_yaml, plain_data, read_text


@dataclass
class Answers:
    """An answers file as loaded: its raw data, and the terms if it is complete and valid."""

    file: Path
    data: CommentedMap
    terms: Terms | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def missing(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.MISSING]

    @property
    def is_draft(self) -> bool:
        return bool(self.missing) and not self.errors

    def require_terms(self) -> Terms:
        """The complete, valid terms; raises if the file has errors or is still a draft."""
        if self.errors:
            raise InvalidTerms(self.file, self.errors + self.missing)
        if self.missing or self.terms is None:
            raise DraftIncomplete(self.file, self.missing)
        return self.terms


def load_answers(file: Path | str) -> Answers:
    """Read and validate an answers file. Raises only if it cannot be parsed at all."""
    file = Path(file)
    text = read_text(file)
    plain = parse_plain(text, file)
    answers = validate_data(plain, file) if plain is not None else None
    if answers is None or answers.problems:
        # Problems are reported with their lines, which only the round-trip parse knows.
        answers = validate_data(parse_yaml(text, file), file)
    return answers


def load_terms(file: Path | str) -> Terms:
    """The complete, valid terms of an answers file, or an error listing every problem."""
    return load_answers(file).require_terms()


def validate_data(data: CommentedMap | dict, file: Path) -> Answers:
    plain = plain_data(data)
    try:
        terms = Terms.model_validate(plain)
    except ValidationError as exc:
        problems = [_problem_from_pydantic(err, data) for err in exc.errors()]
        sections = _valid_sections(plain)
        problems += check_deal(SimpleNamespace(**sections), set(sections))
        return Answers(file, data, None, _dedupe([_with_line(p, data) for p in problems]))
    problems = [_with_line(p, data) for p in check_deal(terms)]
    return Answers(file, data, terms, problems)


def _valid_sections(plain: Any) -> dict[str, Any]:
    """The top-level sections that validate on their own, so deal rules can look at them."""
    if not isinstance(plain, dict):
        return {}
    valid = {}
    for name, info in Terms.model_fields.items():
        if name not in plain:
            continue
        try:
            valid[name] = adapter(info).validate_python(plain[name])
        except ValidationError:
            pass
    return valid


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.MISSING: 1, Severity.WARNING: 2}


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, unique = set(), []
    for p in problems:
        if (p.path, p.message) not in seen:
            seen.add((p.path, p.message))
            unique.append(p)
    # Errors first, then what is merely missing: the order a user should fix them in.
    return sorted(unique, key=lambda p: _SEVERITY_ORDER[p.severity])


def _problem_from_pydantic(error: dict, data: Any) -> Problem:
    loc = _clean_loc(error["loc"], data)
    path = format_path(loc)
    kind = error["type"]
    if kind == "missing":
        return Problem(path, "not answered yet", "answer it in the interview, or add it to the file",
                       Severity.MISSING, _line_of(data, loc))
    if kind == "extra_forbidden":
        return Problem(path, "unknown key", _suggest(loc), Severity.ERROR, _line_of(data, loc))
    message = error["msg"].removeprefix("Value error, ")
    hint = _HINTS.get(kind, "")
    bound = str(next(iter((error.get("ctx") or {}).values()), ""))
    if kind in _BOUNDS and _DATE.match(bound):  # a date out of range: "a smaller number" would puzzle anyone
        hint = "use an earlier date" if kind.startswith("less") else "use a later date"
    return Problem(path, message, hint, Severity.ERROR, _line_of(data, loc))


_BOUNDS = {"less_than", "less_than_equal", "greater_than", "greater_than_equal"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_HINTS = {
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD, e.g. 2027-01-31",
    "date_parsing": "write dates as YYYY-MM-DD, e.g. 2027-01-31",
    "date_type": "write dates as YYYY-MM-DD, e.g. 2027-01-31",
    "decimal_parsing": "write a plain number such as 12.5, without % or currency signs",
    "greater_than": "use a larger number",
    "greater_than_equal": "use a larger number",
    "less_than": "use a smaller number",
    "less_than_equal": "use a smaller number",
    "int_parsing": "write a whole number, e.g. 30",
    "int_from_float": "write a whole number, e.g. 30",
    "decimal_max_places": "use fewer decimal places",
    "decimal_max_digits": "use a smaller number",
    "string_pattern_mismatch": "see `agreement-builder schema` for the expected form",
    "string_too_short": "write something here, or remove the key if it is optional",
    "string_type": "write text here (quote it if it looks like a number or date)",
    "too_short": "add at least one entry",
    "too_long": "remove the extra entries",
    "list_type": "write a list: one `- item` per line",
    "model_type": "write a section of `key: value` lines here",
    "dict_type": "write a section of `key: value` lines here",
    "enum": "see `agreement-builder schema` for the allowed values",
    "bool_parsing": "answer true or false",
    "bool_type": "answer true or false",
}


def _clean_loc(loc: tuple, data: Any) -> tuple:
    """The part of pydantic's location a user wrote: keys and positions of the answers, and a field of the
    terms that is missing. Pydantic adds names of its own (validator functions, union members), which
    are dropped; a user's key is kept whatever it looks like, even "function-x" or "[", because it is
    found in the data."""
    kept: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(part, str) and part in _fields_at(kept):
            node = None  # a field the answers do not have: "not answered yet"
        else:
            continue
        kept.append(part)
    return tuple(kept)


def _fields_at(loc: list[str | int]) -> dict:
    model = model_at(Terms, loc)
    return model.model_fields if model is not None else {}


def _suggest(loc: Loc) -> str:
    model = model_at(Terms, loc[:-1]) if loc else None  # a key with no name (": x") has no place to point at
    if model is None:
        return "remove it"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"remove it; keys allowed here: {', '.join(allowed)}"


def _line_of(data: Any, loc: Loc) -> int | None:
    """1-based line of the deepest part of `loc` the YAML document has."""
    line = None
    node = data
    for part in loc:
        try:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
            else:
                break
            node = node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def _with_line(problem: Problem, data: Any) -> Problem:
    if problem.line is not None:
        return problem
    try:
        loc = parse_path(problem.path)
    except ValueError:  # a path made of a user's odd key ("[") reads back as no path: no line, no harm
        return problem
    return Problem(problem.path, problem.message, problem.hint, problem.severity, _line_of(data, loc))
