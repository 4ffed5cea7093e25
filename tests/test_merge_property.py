"""A property of `build --merge`: whatever the lawyer does and whatever the terms change, no edit of
the lawyer's is lost (it is in the merged document, or in a comment on the paragraph it conflicted
with), no paragraph they deleted comes back unannounced, and every change of the terms arrives where
the lawyer did not touch the paragraph."""
from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache

import docx
from docx.text.paragraph import Paragraph
from helpers import DELETE, terms_with
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement_builder.answers import load_terms
from agreement_builder.pipeline import agreement_bytes
from agreement_builder.resources import package_file
from agreement_builder.versions.identity import mark, units
from agreement_builder.versions.merge import merge_document

TODAY = dt.date(2027, 1, 4)
TERM_CHANGES = {
    "payment days": {"money.payment_terms_days": 45},
    "bad news": {"governance.bad_news_notice_days": 7},
    "no code of conduct": {"code_of_conduct": DELETE},
    "one protocol less": {"governance.problem_solving_protocols.1": DELETE},
    "alliance name": {"alliance.name": "Larkspur–Tidewater Commerce Alliance"},
}
TOKEN = re.compile(r"\[(?:edit|insert) \d+\]")


def _document(data: bytes):
    return docx.Document(io.BytesIO(data))


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def base() -> bytes:
    data, _ = agreement_bytes(load_terms(package_file("example.yaml")), today=TODAY, version="v1")
    document = _document(data)
    mark(document.element.body)
    return _save(document)


@cache
def theirs(changes: frozenset[str]) -> bytes:
    terms = load_terms(package_file("example.yaml"))
    for name in sorted(changes):
        terms = terms_with(terms, TERM_CHANGES[name])
    data, _ = agreement_bytes(terms, today=TODAY, version="v2")
    document = _document(data)
    mark(document.element.body, units(_document(base()).element.body))
    return _save(document)


edits = st.lists(st.tuples(st.sampled_from(["edit", "insert", "delete"]), st.integers(0, 10_000)), max_size=8)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=edits, changes=st.frozensets(st.sampled_from(sorted(TERM_CHANGES)), min_size=1, max_size=3))
def test_no_edit_of_the_lawyers_is_lost(tmp_path, edits, changes):
    ours = _document(base())
    paragraphs = [u for u in units(ours.element.body) if not u.is_row]
    for n, (kind, at) in enumerate(edits):
        unit = paragraphs[at % len(paragraphs)]
        if unit.element.getparent() is None:
            continue  # deleted by an earlier edit
        paragraph = Paragraph(unit.element, ours._body)
        if kind == "edit":
            paragraph.add_run(f" [edit {n}]")
        elif kind == "insert":
            new = unit.element.makeelement(unit.element.tag)
            unit.element.addnext(new)
            Paragraph(new, ours._body).add_run(f"[insert {n}]")
        else:
            unit.element.getparent().remove(unit.element)
    (tmp_path / "base.docx").write_bytes(base())
    (tmp_path / "theirs.docx").write_bytes(theirs(changes))
    ours.save(str(tmp_path / "ours.docx"))
    merge_document(tmp_path / "base.docx", tmp_path / "ours.docx", tmp_path / "theirs.docx", tmp_path / "merged.docx")

    merged = docx.Document(str(tmp_path / "merged.docx"))
    merged_units = {u.id: u for u in units(merged.element.body)}
    body_text = "\n".join(u.text for u in units(merged.element.body))
    notes = "\n".join(c.text for c in merged.comments)
    ours_text = "\n".join(u.text for u in units(ours.element.body))
    for token in TOKEN.findall(ours_text):
        assert token in body_text or token in notes, f"{token} was lost"
    old = {u.id: u for u in units(_document(base()).element.body)}
    new = {u.id: u for u in units(_document(theirs(changes)).element.body)}
    mine = {u.id: u for u in units(ours.element.body) if u.id}
    for key, was in old.items():
        if key not in mine and key in merged_units:  # deleted by the lawyer, yet there: only as a conflict
            assert new[key].text != was.text and merged_units[key].element.find(".//{*}commentRangeStart") is not None
        if key in mine and mine[key].text == was.text and key in new and new[key].text != was.text:
            assert merged_units[key].text == new[key].text  # the new terms' change arrived
