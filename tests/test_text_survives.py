"""Whatever a user types in a free-text field comes out in the agreement exactly as typed.

Every free-text field of the example gets the same generated text (behind a
per-field prefix, so each field is findable); the .docx must reopen in
python-docx and contain every printed field's text, minus only the control
characters XML cannot hold, and no template tag the user did not type.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agreement_builder.document.docx_text import document_text
from agreement_builder.pipeline import agreement_bytes
from agreement_builder.safe_text import xml_safe
from agreement_builder.terms.model import Terms

# Fields holding keys, codes or references to a partner: not free text.
NOT_FREE_TEXT = {"key", "owner", "partner", "payer", "payee", "collected_by", "customer_invoiced_by",
                 "currency", "funding_currency"}


def free_text_paths(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for k, v in value.items() if k not in NOT_FREE_TEXT for p in free_text_paths(v, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in free_text_paths(v, path + (i,))]
    return [path] if type(value) is str else []


def with_text(terms: Terms, make) -> tuple[Terms, dict[tuple, str]]:
    data = terms.model_dump()
    typed = {}
    for index, path in enumerate(free_text_paths(data)):
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = typed[path] = make(index)
    return Terms.model_validate(data), typed


def build_text(terms: Terms) -> str:
    data, _ = agreement_bytes(terms, today=dt.date(2026, 12, 1))
    return document_text(data)  # reopens the .docx with python-docx


def as_shown(text: str) -> str:
    # XML cannot hold a lone carriage return: it becomes a line break, like a newline.
    return xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(scope="module")
def printed(request) -> set[tuple]:
    """The free-text fields the example agreement prints (found with unique markers)."""
    from agreement_builder.answers import load_terms
    from agreement_builder.resources import package_file

    terms, typed = with_text(load_terms(package_file("example.yaml")), lambda i: f"MARK{i:04d}X")
    text = build_text(terms)
    return {path for path, value in typed.items() if value in text}


def test_most_free_text_fields_are_printed(printed):
    assert len(printed) > 60  # parties, goals, commitments, governance, trust, accounts, money, ...


MIXED = "Ärger & <b>bold</b> \"quoted\" 'single'\ttab\nnew line 🤝 مرحبا שלום {{ 7*7 }} {% if x %} ((x)) [[y]] \x07\x0b"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40))
@example(MIXED)
@example("{{ 7*7 }}")
@example("\x00\x01\x1f\ufffe")
@example("x" * 9_000 + MIXED * 10)
def test_typed_text_survives(example_terms, printed, typed_text):
    terms, typed = with_text(example_terms, lambda i: f"<{i}>{typed_text}")
    text = build_text(terms)
    missing = [path for path in printed if as_shown(typed[path]) not in text]
    assert not missing, f"not found as typed: {missing[:5]}"
    for tag in ("{{", "{%"):
        if tag not in typed_text:
            assert tag not in text
