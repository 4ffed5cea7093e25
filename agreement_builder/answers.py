"""The answers file: one YAML file per deal, the single source of truth.

Loading is safe (only plain YAML: no object tags) and round-trip: the parsed
document keeps the user's comments and key order, so when the tool rewrites
the file (the interview saving a section) nothing the user wrote by hand is
lost. Validation never stops at the first problem: every field error, every
deal rule and every missing answer is reported at once, with its line.
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Sequence

from pydantic import BaseModel, TypeAdapter, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from .atomic import write_text_atomically
from .errors import AnswersFileError, DraftIncomplete, InvalidTerms, Problem, Severity
from .rules import check_deal
from .terms import Terms

Loc = Sequence[str | int]

# Tags plain YAML resolves to on its own. Anything else (`!!python/object`, custom
# `!tags`) is refused: an answers file is data, never instructions.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "omap")}


def format_path(loc: Loc) -> str:
    """("goals", 2, "owner") -> "goals[2].owner"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# --------------------------------------------------------------------------- reading


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves dates as text.

    Pydantic parses them, so a bad date (2027-13-01) is reported against its
    field like any other mistake instead of failing inside the YAML parser.
    """


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a user's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Decimal, _represent_decimal)
    return yaml


def _represent_decimal(representer, value: Decimal):
    # Written as a YAML number, digits exactly as held (12.50 stays 12.50).
    text = format(value, "f")
    return representer.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


def _refuse_tags(node: Node | None, file: Path) -> None:
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        tag = getattr(current.tag, "value", current.tag)
        if tag not in _PLAIN_TAGS:
            raise AnswersFileError(
                f"line {current.start_mark.line + 1}: the tag {tag!r} is not allowed",
                file=file, hint="an answers file holds plain values only; remove the tag")
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)


def parse_yaml(text: str, file: Path) -> CommentedMap:
    """Parse answers text into a round-trip mapping; refuses anything but plain data."""
    yaml = _yaml()
    try:
        node = yaml.compose(text)
        _refuse_tags(node, file)
        # Build the data from the node already checked, rather than parsing the text again.
        data = yaml.constructor.construct_document(node) if node is not None else None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}: " if mark else ""
        raise AnswersFileError(f"{line}not valid YAML: {exc.problem or exc.context}", file=file,
                               hint="check the indentation and quoting near that line") from None
    except YAMLError as exc:
        raise AnswersFileError(f"not valid YAML: {exc}", file=file) from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise AnswersFileError("the file must hold a mapping of sections (partners:, alliance:, ...)",
                               file=file, hint="run `agreement-builder example` to see the expected shape")
    return data


def read_text(file: Path) -> str:
    try:
        return Path(file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswersFileError("file not found", file=file,
                               hint="check the path, or create one with `agreement-builder example -o FILE`") from None
    except IsADirectoryError:
        raise AnswersFileError("is a folder, not an answers file", file=file) from None
    except UnicodeDecodeError:
        raise AnswersFileError("is not UTF-8 text", file=file, hint="save the file as UTF-8") from None
    except OSError as exc:
        raise AnswersFileError(f"cannot be read: {exc.strerror}", file=file) from None


# --------------------------------------------------------------------------- validating


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
    data = parse_yaml(read_text(file), file)
    return validate_data(data, file)


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
            annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
            valid[name] = TypeAdapter(annotation).validate_python(plain[name])
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


def plain_data(value: Any) -> Any:
    """ruamel's commented containers and scalar subclasses as plain Python values (dates stay text, as loaded)."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str(value)
    return value


def _problem_from_pydantic(error: dict, data: Any) -> Problem:
    loc = _clean_loc(error["loc"])
    path = format_path(loc)
    kind = error["type"]
    if kind == "missing":
        return Problem(path, "not answered yet", "answer it in the interview, or add it to the file",
                       Severity.MISSING, _line_of(data, loc))
    if kind == "extra_forbidden":
        return Problem(path, "unknown key", _suggest(loc), Severity.ERROR, _line_of(data, loc))
    message = error["msg"]
    hint = _HINTS.get(kind, "")
    return Problem(path, message, hint, Severity.ERROR, _line_of(data, loc))


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


def _clean_loc(loc: tuple) -> tuple:
    # Pydantic adds the names of validator functions for constrained types; users never wrote those.
    return tuple(part for part in loc if not (isinstance(part, str) and ("[" in part or part.startswith("function-"))))


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class whose fields live at `loc` (list indices skipped)."""
    model: type[BaseModel] = Terms
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        inner = _find_model(info.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found:
            return found
    return None


def _suggest(loc: Loc) -> str:
    model = _model_at(loc[:-1])
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
    loc = parse_path(problem.path)
    return Problem(problem.path, problem.message, problem.hint, problem.severity, _line_of(data, loc))


def parse_path(path: str) -> list[str | int]:
    """"goals[2].owner" -> ["goals", 2, "owner"]: the inverse of format_path."""
    loc: list[str | int] = []
    for chunk in path.replace("]", "").split("."):
        name, *indices = chunk.split("[")
        if name:
            loc.append(name)
        loc.extend(int(i) for i in indices)
    return loc


# --------------------------------------------------------------------------- writing


def to_plain(terms: Terms | BaseModel) -> dict:
    """Terms as YAML-ready values: enums as their values, Decimals and dates kept.

    Fields never set (left to their defaults) and empty optionals are left
    out, so rewriting a file adds no keys the user did not write.
    """
    return _plain_values(terms.model_dump(mode="python", exclude_none=True, exclude_unset=True))


def _plain_values(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_values(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def merge_into(target: Any, new: Any) -> Any:
    """Update a round-trip YAML structure in place so it equals `new`.

    Keys that stay keep their comments and position; new keys go where
    `new` orders them (before the first later key already there), keys no
    longer present are removed. Returns the (possibly new) value.
    """
    if isinstance(new, dict):
        if not isinstance(target, CommentedMap):
            target = CommentedMap()
        trailing = _pop_trailing_comment(target)
        for key in [k for k in target if k not in new]:
            del target[key]
        order = list(new)
        for key, value in new.items():
            if key in target:
                target[key] = merge_into(target[key], value)
            else:
                _insert_in_order(target, key, merge_into(None, value), order)
        _put_trailing_comment(target, trailing)
        return target
    if isinstance(new, list):
        if not isinstance(target, CommentedSeq):
            target = CommentedSeq()
        trailing = _pop_trailing_comment(target)
        del target[len(new):]
        for index, value in enumerate(new):
            if index < len(target):
                target[index] = merge_into(target[index], value)
            else:
                target.append(merge_into(None, value))
        _put_trailing_comment(target, trailing)
        return target
    if isinstance(new, (dt.date, Decimal, bool, int, float, str)) or new is None:
        # Keep ruamel's scalar wrapper (quotes, number format) when the value is unchanged.
        if _same_scalar(target, new):
            return target
        return _styled(new) if isinstance(new, str) else new
    return new


# Characters only a double-quoted YAML scalar can carry (as escapes): control
# characters, and those YAML reads as line breaks (NEL, LS, PS) in any other
# style. Text holding them is always written double-quoted, whatever style the
# value had before (ruamel would otherwise keep an old block style).
_NEEDS_ESCAPES = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029]")
_BLOCK_UNSAFE = re.compile(r" \n|\s$|^\s")


def _styled(text: str) -> str:
    """A string in the YAML style that reads best and still loads back exactly."""
    text = str(text)  # drop any style the caller or an earlier load attached
    if _NEEDS_ESCAPES.search(text):
        return DoubleQuotedScalarString(text)
    if "\n" in text:
        if _BLOCK_UNSAFE.search(text):
            # Lines with edge spaces or a trailing newline lose them in a block scalar, and left plain
            # ruamel may still fold them (it did, for "\n" with a comment after it): quote them.
            return DoubleQuotedScalarString(text)
        return LiteralScalarString(text)  # addresses, paragraphs: one line per line
    return text


# ruamel keeps a comment that follows a value (often the comment heading the
# *next* section) on the entry before it: the deepest last key or item of that
# entry's value. Removing, replacing or inserting entries around it would move
# or drop the comment, so it is lifted off first and put back where it belongs.
_COMMENT_SLOT = {CommentedMap: 2, CommentedSeq: 0}


def _last_key(node: Any) -> Any:
    if isinstance(node, CommentedMap) and node:
        return next(reversed(node))
    if isinstance(node, CommentedSeq) and node:
        return len(node) - 1
    return None


def _pop_comment_after(container: Any, key: Any) -> Any:
    """Remove and return the comment that follows entry `key`'s value, if any."""
    inner = _pop_trailing_comment(container[key])
    if inner is not None:
        return inner
    slots = container.ca.items.get(key)
    slot = _COMMENT_SLOT[type(container)]
    if slots and slots[slot] is not None:
        comment, slots[slot] = slots[slot], None
        return comment
    return None


def _put_comment_after(container: Any, key: Any, comment: Any) -> None:
    if comment is None:
        return
    value = container[key]
    if _last_key(value) is not None:
        _put_comment_after(value, _last_key(value), comment)
        return
    slots = container.ca.items.setdefault(key, [None, None, None, None])
    slot = _COMMENT_SLOT[type(container)]
    if slots[slot] is None:
        slots[slot] = comment


def _pop_trailing_comment(node: Any) -> Any:
    key = _last_key(node)
    return None if key is None else _pop_comment_after(node, key)


def _put_trailing_comment(node: Any, comment: Any) -> None:
    key = _last_key(node)
    if key is not None:
        _put_comment_after(node, key, comment)


def _insert_in_order(target: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Add `key` before the first key that follows it in `order`, or at the end.

    The comment heading that following key sits after the entry before it;
    it moves to after the new entry so it still heads the same key.
    """
    later = [k for k in order[order.index(key) + 1:] if k in target]
    if not later:
        target[key] = value
        return
    position = list(target).index(later[0])
    if position == 0:
        target.insert(0, key, value)
        return
    before = list(target)[position - 1]
    heading = _pop_comment_after(target, before)
    target.insert(position, key, value)
    _put_comment_after(target, key, heading)


def _same_scalar(old: Any, new: Any) -> bool:
    if type(new) is bool or type(old) is bool:
        return old is new
    try:
        return old == new and type(old) is not type(None)
    except TypeError:
        return False


def dump_yaml(data: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def save_answers(file: Path | str, values: dict | Terms, *, base: CommentedMap | None = None) -> CommentedMap:
    """Write `values` to `file` atomically, keeping the comments and key order already there.

    `base` is the document as loaded earlier; without it the file on disk (if any) is read.
    """
    file = Path(file)
    if isinstance(values, BaseModel):
        values = to_plain(values)
    if base is None:
        base = parse_yaml(read_text(file), file) if file.exists() else CommentedMap()
    document = merge_into(base, values)
    write_text_atomically(file, dump_yaml(document))
    return document


def terms_to_yaml(terms: Terms) -> str:
    return dump_yaml(merge_into(CommentedMap(), to_plain(terms)))
