"""Reading an answers file: safe, round-trip YAML.

Loading is safe (only plain YAML: no object tags) and round-trip: the parsed
document keeps the user's comments and key order, so when the tool rewrites
the file (the interview saving a section) nothing the user wrote by hand is
lost.
"""
from __future__ import annotations

import stat
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import Node

from ..errors import AnswersFileError
from ..safe_yaml import answers_loader

# Tags plain YAML resolves to on its own. Anything else (`!!python/object`, custom
# `!tags`) is refused: an answers file is data, never instructions.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "omap")}



class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves dates as text.

    Pydantic parses them, so a bad date (2027-13-01) is reported against its
    field like any other mistake instead of failing inside the YAML parser.
    """


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def round_trip_yaml() -> YAML:
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


# What an answers file may hold. A real deal is a few dozen kilobytes; a deal of 10,000 goals
# about 3 MB. The limits stop a file made to exhaust memory or time, long before it would.
MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64  # the terms nest six levels deep
MAX_VALUES = 1_000_000  # every value once aliases are expanded ("billion laughs")


def _check_nodes(root: Node | None, file: Path) -> None:
    """Refuse tags other than plain YAML's, nesting deeper than MAX_DEPTH, and aliases that expand past
    MAX_VALUES values. Each node is looked at once, however often aliases repeat it, so a file made to
    expand exponentially is measured in linear time."""
    if root is None:
        return
    expanded: dict[int, int] = {}  # node id -> values it stands for, aliases expanded
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if children_done:
            expanded[id(node)] = min(MAX_VALUES + 1, 1 + sum(expanded[id(child)] for child in _children(node)))
            if expanded[id(node)] > MAX_VALUES:
                raise AnswersFileError(f"holds more than {MAX_VALUES:,} values once its aliases (*name) are "
                                       "expanded", file=file, hint="write the values out, without aliases")
            continue
        if id(node) in expanded:
            continue
        tag = getattr(node.tag, "value", node.tag)
        if tag not in _PLAIN_TAGS:
            raise AnswersFileError(f"line {node.start_mark.line + 1}: the tag {tag!r} is not allowed",
                                   file=file, hint="an answers file holds plain values only; remove the tag")
        if depth > MAX_DEPTH:
            raise AnswersFileError(f"line {node.start_mark.line + 1}: nested more than {MAX_DEPTH} levels deep",
                                   file=file, hint="the terms nest a few levels; check the indentation")
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node) if id(child) not in expanded)


def _children(node: Node) -> list[Node]:
    # Nodes of ruamel's and of PyYAML's parser alike: both say what they are in `id`.
    if node.id == "mapping":
        return [part for pair in node.value for part in pair]
    if node.id == "sequence":
        return list(node.value)
    return []


def parse_yaml(text: str, file: Path) -> CommentedMap:
    """Parse answers text into a round-trip mapping; refuses anything but plain data of bounded size."""
    yaml = round_trip_yaml()
    try:
        node = yaml.compose(text)
        _check_nodes(node, file)
        # Build the data from the node already checked, rather than parsing the text again.
        data = yaml.constructor.construct_document(node) if node is not None else None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}: " if mark else ""
        raise AnswersFileError(f"{line}not valid YAML: {exc.problem or exc.context}", file=file,
                               hint="check the indentation and quoting near that line") from None
    except YAMLError as exc:
        raise AnswersFileError(f"not valid YAML: {exc}", file=file) from None
    except RecursionError:
        raise AnswersFileError(f"nested more than {MAX_DEPTH} levels deep", file=file,
                               hint="the terms nest a few levels; check the indentation") from None
    except ValueError:  # an integer of thousands of digits, which Python refuses to read
        raise AnswersFileError(f"holds a number of more than {sys.get_int_max_str_digits():,} digits", file=file,
                               hint="write numbers with a sensible number of digits") from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise AnswersFileError("the file must hold a mapping of sections (partners:, alliance:, ...)",
                               file=file, hint="run `agreement-builder example` to see the expected shape")
    return data


def parse_plain(text: str, file: Path) -> dict | None:
    """The answers as plain data, read fast (libyaml), with the same checks as `parse_yaml`; None when
    the text is not plain YAML this reader takes, so the caller asks `parse_yaml`, which says why.

    Building a deal reads its answers and needs no comments or line numbers unless something is wrong:
    the round-trip parser that keeps them costs a second for a deal of 2,000 goals, this one a tenth.
    Values are read as `parse_yaml` reads them (YAML 1.2 scalars, dates left as text).
    """
    loader = answers_loader()(text)
    try:
        node = loader.get_single_node()
        _check_nodes(node, file)
        data = loader.construct_document(node) if node is not None else {}
    except AnswersFileError:
        raise
    except Exception:  # noqa: BLE001 - whatever libyaml objects to, the round-trip parser words it
        return None
    finally:
        loader.dispose()
    return data if isinstance(data, dict) else None


def read_text(file: Path) -> str:
    """The text of an answers file: a regular file of at most MAX_BYTES, in UTF-8."""
    file = Path(file)
    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            raise AnswersFileError("is a folder, not an answers file", file=file)
        if not stat.S_ISREG(info.st_mode):
            raise AnswersFileError("is not a plain file (a pipe or a device)", file=file,
                                   hint="name the answers file itself")
        if info.st_size > MAX_BYTES:
            raise AnswersFileError(f"is larger than {MAX_BYTES // (1024 * 1024)} MB, far more than any deal needs",
                                   file=file, hint="check that this is the answers file you meant")
        with open(file, "rb") as handle:
            return handle.read(MAX_BYTES + 1).decode("utf-8")
    except FileNotFoundError:
        raise AnswersFileError("file not found", file=file,
                               hint="check the path, or create one with `agreement-builder example -o FILE`") from None
    except UnicodeDecodeError:
        raise AnswersFileError("is not UTF-8 text", file=file, hint="save the file as UTF-8") from None
    except OSError as exc:
        raise AnswersFileError(f"cannot be read: {exc.strerror}", file=file) from None


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
