"""The vocabulary (data/vocabulary.yaml): every value of the terms has words, every path is real."""
from __future__ import annotations

import inspect
from enum import Enum

import pytest

from agreement_builder import vocabulary
from agreement_builder.terms import model
from agreement_builder.terms.model import AllianceKind, ContributionKind, PaymentBasis

ENUMERATIONS = [cls for _, cls in inspect.getmembers(model, inspect.isclass)
                if issubclass(cls, Enum) and cls.__module__ == model.__name__]


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
    partners = example_terms.partners
    assert vocabulary.partner_name(partners, "tidewater") == "Tidewater"
    assert vocabulary.partner_name(partners, "both") == "Larkspur and Tidewater"
    assert vocabulary.partner_name(partners, "both", joint="both partners") == "both partners"
    assert example_terms.owner_name("both") == "Larkspur and Tidewater"
    with pytest.raises(KeyError):
        vocabulary.partner_name(partners, "acme")
