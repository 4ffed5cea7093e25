"""One walker over the terms model: what a field's annotation holds, and where a path leads.

Pydantic keeps a field's type as written (`Annotated[list[Goal], Field(...)] |
None`); the answers reference, validation messages, the clause linter and the
questionnaire all need to see through those wrappers to the model or list
inside. They ask here.
"""
from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Iterator

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo


def unwrap(annotation: Any) -> Any:
    """The type inside `Annotated[...]` and `X | None` wrappers (a union of several types is left as it is)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def is_list(annotation: Any) -> bool:
    return typing.get_origin(unwrap(annotation)) is list


def item_type(annotation: Any) -> Any:
    """What one entry holds: `Goal` for `list[Goal]`; the type itself for anything but a list."""
    inner = unwrap(annotation)
    return unwrap(typing.get_args(inner)[0]) if typing.get_origin(inner) is list else inner


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly, optionally or as a list of them; None for plain values."""
    inner = item_type(annotation)
    return inner if is_model(inner) else None


def field_at(model: type[BaseModel], path: str) -> FieldInfo:
    """The field at a dotted path below `model` ("renewal.automatic"); KeyError if there is none."""
    info: FieldInfo | None = None
    current: Any = model
    for part in path.split("."):
        if not is_model(current) or part not in current.model_fields:
            raise KeyError(path)
        info = current.model_fields[part]
        current = model_in(info.annotation)
    assert info is not None
    return info


def model_at(model: type[BaseModel], loc: typing.Sequence[str | int]) -> type[BaseModel] | None:
    """The model whose fields live at `loc` (list positions skipped); None if `loc` leads to a plain value."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = model_in(current.model_fields[part].annotation)
    return current


def adapter(info: FieldInfo) -> TypeAdapter:
    """Validates one value with exactly the model's own rules for the field, constraints included."""
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, FieldInfo]]:
    """Every field below `model`, depth first, as ("goals[].owner", info); list entries are written `[]`."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        yield path, info
        inner = model_in(info.annotation)
        if inner is not None:
            yield from fields(inner, path + ("[]." if is_list(info.annotation) else "."))
