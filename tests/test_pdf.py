"""PDF copies through LibreOffice."""
from __future__ import annotations

import docx
import pytest

from agreement_builder.document.pdf import PACKAGE, convert_to_pdf
from agreement_builder.errors import AgreementBuilderError


def test_pdf_written_beside_each_document(soffice, tmp_path):
    document = docx.Document()
    document.add_paragraph("Referral fee & <margin> {{ 7*7 }}")
    (tmp_path / "rvu").mkdir()
    first, second = tmp_path / "agreement.docx", tmp_path / "rvu" / "form.docx"
    document.save(first)
    document.save(second)
    pdfs = convert_to_pdf([first, second])
    assert pdfs == [tmp_path / "agreement.pdf", tmp_path / "rvu" / "form.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_document_not_converted_is_named(soffice, tmp_path):
    broken = tmp_path / "agreement.docx"  # gone before LibreOffice could load it
    with pytest.raises(AgreementBuilderError) as caught:
        convert_to_pdf([broken])
    assert "agreement.docx" in str(caught.value)


def test_missing_libreoffice_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(AgreementBuilderError) as caught:
        convert_to_pdf([tmp_path / "agreement.docx"])
    assert PACKAGE in str(caught.value) and "--pdf" in str(caught.value)
