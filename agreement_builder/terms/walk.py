"""One walker over the terms model: what a field's annotation holds, and where a path leads.

Pydantic keeps a field's type as written (`Annotated[list[Goal], Field(...)] |
None`); the answers reference, validation messages, the clause linter and the
questionnaire all need to see through those wrappers to the model or list
inside. They ask here.
"""
from __future__ import annotations

import types
import typing
from enum import Enum
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


# ---- the same questions asked of a field (FieldInfo) rather than of its annotation


def holds_list(info: FieldInfo) -> bool:
    return is_list(info.annotation)


def inner_model(info: FieldInfo) -> type[BaseModel] | None:
    """The model a field holds: `Goal` for list[Goal], `Person` for Person | None."""
    return model_in(info.annotation)


def is_required(info: FieldInfo) -> bool:
    """Must be answered: no default, and None is not one of the values it takes."""
    return info.is_required() and type(None) not in typing.get_args(info.annotation)


def enum_values(info: FieldInfo) -> list[str] | None:
    """The values of an enumeration field, None for any other field."""
    annotation = unwrap(info.annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [member.value for member in annotation]
    return None


def min_items(info: FieldInfo) -> int:
    """The fewest entries a list field takes (0 when it sets no minimum)."""
    for meta in [*info.metadata, *typing.get_args(info.annotation)[1:]]:
        for item in getattr(meta, "metadata", [meta]):
            if getattr(item, "min_length", None) is not None:
                return item.min_length
    return 0
