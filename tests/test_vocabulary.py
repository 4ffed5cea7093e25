"""The vocabulary (data/vocabulary.yaml): every value of the terms has words, every field path is real."""
from __future__ import annotations

import inspect
import types
import typing
from enum import Enum

import pytest
from pydantic import BaseModel

from agreement_builder import vocabulary
from agreement_builder.terms import values
from agreement_builder.terms.model import AllianceKind, ContributionKind, PaymentBasis, Terms
from agreement_builder.versions.change_words import field_names, words
from agreement_builder.versions.changes import MATCH_KEYS

ENUMERATIONS = [cls for _, cls in inspect.getmembers(values, inspect.isclass)
                if issubclass(cls, Enum) and cls.__module__ == values.__name__]


def test_the_model_has_enumerations_to_check():
    assert AllianceKind in ENUMERATIONS and len(ENUMERATIONS) >= 10


@pytest.mark.parametrize("enumeration", ENUMERATIONS, ids=lambda cls: cls.__name__)
def test_every_value_of_every_enumeration_has_words(enumeration):
    for member in enumeration:
        assert vocabulary.word(member).strip(), f"{enumeration.__name__}.{member.value} has no words"
    assert set(vocabulary.words("values", enumeration.__name__)) == {m.value for m in enumeration}, \
        "the vocabulary lists values the model does not have"


def test_the_vocabulary_names_no_enumeration_the_model_lacks():
    assert set(vocabulary.words("values")) == {cls.__name__ for cls in ENUMERATIONS}


def test_words_forms_and_cells():
    assert vocabulary.word(AllianceKind.CO_SELLING) == "co-selling / joint offering"
    assert vocabulary.word(AllianceKind.OTHER, "title") == "Strategic alliance"
    assert vocabulary.cell(ContributionKind.PEOPLE) == "People"
    assert vocabulary.word(PaymentBasis.OTHER) == "payment"
    with pytest.raises(KeyError, match="vocabulary.yaml has no 'title'"):
        vocabulary.word(ContributionKind.PEOPLE, "title")
    with pytest.raises(KeyError, match="vocabulary.yaml has no references.footnote"):
        vocabulary.words("references", "footnote")


def test_partner_names_from_keys(example_terms):
    assert example_terms.owner_name("tidewater") == "Tidewater"
    assert example_terms.owner_name("both") == "Larkspur and Tidewater"
    assert example_terms.owner_name("both", joint="both partners") == "both partners"
    with pytest.raises(KeyError):
        example_terms.owner_name("acme")


# --------------------------------------------------------------------------- the change summary's tables


def _field_type(path: str):
    """The model (or plain type) a generic field path such as `money.flows.percentage` leads to."""
    current = Terms
    for name in path.split("."):
        assert isinstance(current, type) and issubclass(current, BaseModel) and name in current.model_fields, \
            f"{path!r} is not a field path of the terms ({name!r})"
        current = _unwrap(current.model_fields[name].annotation)
    return current


def _unwrap(annotation):
    """list[X], X | None and Annotated[X, ...] -> X."""
    while True:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        origin = typing.get_origin(annotation)
        if origin in (list, typing.Annotated, typing.Union, types.UnionType) and args:
            annotation = args[0]
        else:
            return annotation


def test_sections_are_the_terms_sections():
    assert list(words("sections")) == list(Terms.model_fields)


@pytest.mark.parametrize("path", list(words("labels")) + list(words("entries")) + list(MATCH_KEYS))
def test_every_label_and_entry_names_a_field_path_of_the_terms(path):
    _field_type(path)


@pytest.mark.parametrize("path", list(words("entries")))
def test_entry_words_name_only_the_entrys_fields(path):
    model = _field_type(path)
    entry = words("entries")[path]
    fields = set(model.model_fields)
    known = fields | {f"{f}_quoted" for f in fields} | {f"{f}_count" for f in fields}
    assert set(entry) <= {"word", "names", "where", "where_is", "optional"}
    assert set(field_names(entry.get("where", ""))) <= known | {"where"}
    assert set(field_names(entry.get("names", ""))) <= known | set(entry.get("optional", {}))
    for forms in entry.get("optional", {}).values():
        for form in forms:
            assert set(field_names(form)) <= known
    assert entry.get("where_is", "entry") in words("joins")


def test_every_kind_of_where_has_its_punctuation():
    assert set(words("joins")) == set(words("changed")) == {"section", "owner", "entry", "labelled"}
