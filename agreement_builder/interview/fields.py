"""The terms model's fields as the interview sees them: found by dotted path, unwrapped, validated.

A question names the field it fills ("alliance.renewal.automatic"); these helpers find that
field's pydantic `FieldInfo`, the model it holds (a record, a part), and validate one answer
with exactly the field's own rules. Generic pydantic plumbing kept inside the interview for now:
the shared model walker (`agreement_builder/terms/walk.py`) is meant to replace it.
"""
from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter
from pydantic.fields import FieldInfo


def unwrap(annotation: Any) -> Any:
    """`Annotated[X | None, ...]` -> X: the type a field holds once it holds anything."""
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def field_info(model: type[BaseModel], path: str) -> FieldInfo:
    """The pydantic FieldInfo at a dotted path below `model`; KeyError if there is none."""
    current: Any = model
    info: FieldInfo | None = None
    for part in path.split("."):
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            raise KeyError(path)
        info = current.model_fields[part]
        current = unwrap(info.annotation)
    assert info is not None
    return info


def holds_list(info: FieldInfo) -> bool:
    return typing.get_origin(unwrap(info.annotation)) is list


def inner_model(info: FieldInfo) -> type[BaseModel] | None:
    """The model a field holds: `Goal` for list[Goal], `Person` for Person | None."""
    annotation = unwrap(info.annotation)
    if typing.get_origin(annotation) is list:
        annotation = unwrap(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def adapter_for(info: FieldInfo) -> TypeAdapter:
    """Validates one answer with exactly the model's own rules for the field."""
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def is_required(info: FieldInfo) -> bool:
    return info.is_required() and type(None) not in typing.get_args(info.annotation)


def enum_values(info: FieldInfo) -> list[str] | None:
    annotation = unwrap(info.annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [member.value for member in annotation]
    return None


def min_items(info: FieldInfo) -> int:
    for meta in [*info.metadata, *typing.get_args(info.annotation)[1:]]:
        for item in getattr(meta, "metadata", [meta]):
            if hasattr(item, "min_length") and item.min_length is not None:
                return item.min_length
    return 0
