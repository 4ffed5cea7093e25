"""Tracked-changes redlines through python-redlines' Docxodus engine."""
from __future__ import annotations

import builtins
import datetime as dt
import zipfile

import docx
import pytest

from agreement_builder.versions import redline
from agreement_builder.versions.redline import RedlineUnavailable, make_redline, redline_problem

pytest.importorskip("python_redlines", reason='redlines are an extra: pip install ".[redlines]"')


@pytest.fixture(autouse=True)
def shared_engine_cache(monkeypatch, tmp_path_factory):
    # The engine unpacks ~100 MB on first use into the user cache; share one across tests.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def _document(path, *paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_redline_marks_insertions_and_deletions_with_author_and_date(tmp_path):
    old = _document(tmp_path / "v1.docx", "Tidewater pays Larkspur a referral fee of 10% of net value.",
                    "Unchanged text & <angle brackets> {{ 7*7 }}.")
    new = _document(tmp_path / "v2.docx", "Tidewater pays Larkspur a referral fee of 12% of net value.",
                    "Unchanged text & <angle brackets> {{ 7*7 }}.")
    when = dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
    target = make_redline(old, new, tmp_path / "redline.docx", author="Alliance desk", when=when)
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    ins = xml[xml.index("<w:ins "):xml.index("</w:ins>")]
    dele = xml[xml.index("<w:del "):xml.index("</w:del>")]
    assert ">12%<" in ins and 'w:author="Alliance desk"' in ins and 'w:date="2027-03-01T09:30:00Z"' in ins
    assert ">10%</w:delText>" in dele and 'w:author="Alliance desk"' in dele
    # The unchanged paragraph is untouched and still reads as typed.
    text = [p.text for p in docx.Document(target).paragraphs]
    assert "Unchanged text & <angle brackets> {{ 7*7 }}." in text


def test_missing_engine_says_how_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_redlines(name, *args, **kwargs):
        if name.startswith("python_redlines"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_redlines)
    with pytest.raises(RedlineUnavailable) as caught:
        make_redline("a.docx", "b.docx", "c.docx")
    assert "python-redlines[docxodus]" in str(caught.value)
    assert "python-redlines[docxodus]" in redline_problem()
    assert redline.INSTALL_HINT in str(caught.value)
