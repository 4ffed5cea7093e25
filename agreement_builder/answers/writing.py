"""Writing an answers file: atomically, keeping the user's comments and key order."""
from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..atomic import write_text_atomically
from ..terms.model import Terms
from .reading import parse_yaml, read_text, round_trip_yaml


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
    round_trip_yaml().dump(data, stream)
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
