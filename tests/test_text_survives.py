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
                 "currency", "funding_currency", "email", "contract_by", "service_levels_by", "first_line_support_by",
                 "second_line_support_by"}  # an email must be one: its own test is in test_rules


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


# --------------------------------------------------------------------------- every part, header and forms too

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part_texts(docx: bytes) -> dict[str, tuple[str, list[str]]]:
    """Per XML part of the document's text (word/document, headers, footers): the text as Word shows
    it (w:br and paragraph ends as newlines, w:tab as a tab), and the raw text of every w:t."""
    import io
    import zipfile

    from lxml import etree

    parts = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if not (name.startswith("word/") and name.rsplit("/", 1)[-1].startswith(("document", "header", "footer"))
                    and name.endswith(".xml")):
                continue
            root = etree.fromstring(package.read(name))
            shown, raw = [], []
            for element in root.iter(W + "t", W + "br", W + "cr", W + "tab", W + "p"):
                if element.tag == W + "t":
                    shown.append(element.text or "")
                    raw.append(element.text or "")
                elif element.tag == W + "tab":
                    shown.append("\t")
                elif element.tag != W + "p":
                    shown.append("\n")
                elif len(shown):
                    shown.append("\n")  # before each paragraph but the first
            parts[name] = ("".join(shown), raw)
    return parts


def forms_bytes(terms: Terms, tmp_path) -> dict[str, bytes]:
    from agreement_builder.rvu.forms import write_forms

    folder = tmp_path / f"rvu-{len(list(tmp_path.iterdir()))}"
    return {path.name: path.read_bytes() for path in write_forms(terms, folder, period="Y1-Q1")}


def all_documents(terms: Terms, tmp_path) -> dict[str, bytes]:
    data, _ = agreement_bytes(terms, today=dt.date(2026, 12, 1), version="v1")
    return {"agreement.docx": data, **forms_bytes(terms, tmp_path)}


@pytest.mark.parametrize("name", ["{_{ a }_}", "x{_% if 1 %_}y", "{_{_{ deep }_}_}", "under_score {{ kept }}"])
def test_docxtpl_brace_escapes_in_a_users_text_stay_as_typed_in_the_header_and_forms(example_terms, tmp_path, name):
    terms = example_terms.model_copy(update={"alliance": example_terms.alliance.model_copy(update={"name": name})})
    for document, data in all_documents(terms, tmp_path).items():
        texts = part_texts(data)
        where = [part for part, (shown, _) in texts.items() if name in shown]
        assert where, f"{document}: {name!r} not found as typed in any part"
        if document == "agreement.docx":
            assert "word/header1.xml" in where  # the header docxtpl fills in, beside the body
        for part, (shown, _) in texts.items():
            assert shown.replace(name, "").count("{{") == 0 or "{{" in name, (document, part)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["\r", "\r\n", "\n", "a", " ", "\t", "_", "{_{"]), min_size=1, max_size=12)
       .map("".join))
@example("first\rsecond")
@example("first\r\nsecond\nthird\r\rfourth")
def test_line_breaks_typed_any_way_read_as_breaks_in_every_part(example_terms, tmp_path, pieces):
    typed = f"Name{pieces}End"
    alliance = example_terms.alliance.model_copy(update={"name": typed})
    goals = [goal.model_copy(update={"description": f"Goal{pieces}End"}) for goal in example_terms.goals]
    terms = example_terms.model_copy(update={"alliance": alliance, "goals": goals})
    for document, data in all_documents(terms, tmp_path).items():
        texts = part_texts(data)
        for part, (shown, raw) in texts.items():
            assert not [t for t in raw if "\n" in t or "\r" in t], f"{document} {part}: a raw line break in w:t"
        shown_everywhere = "\n".join(shown for shown, _ in texts.values())
        assert as_shown(typed) in shown_everywhere, document
        if document.endswith("-long.docx"):
            assert as_shown(f"Goal{pieces}End") in shown_everywhere, document
