"""Shared fixtures: an isolated home and working folder, the example deal, LibreOffice."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from agreement_builder.answers import load_terms
from agreement_builder.document.pdf import convert_to_pdf
from agreement_builder.resources import package_file
from agreement_builder.versions import publish
from agreement_builder.versions.redline import RedlineUnavailable

GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current output (review the diff before committing)")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Every test runs in its own empty folder with its own HOME."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def example_file(tmp_path) -> Path:
    """A copy of the built-in example answers file, free to edit."""
    target = tmp_path / "deal.yaml"
    shutil.copyfile(package_file("example.yaml"), target)
    return target


@pytest.fixture
def example_terms():
    return load_terms(package_file("example.yaml"))


@pytest.fixture
def golden(request):
    """compare(name, text): assert `text` equals tests/golden/NAME, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def compare(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {path}; if the change is intended, run pytest --update-golden"

    return compare


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice. Skips (visibly) where it is missing, except in CI, where it must be there."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (.ci/run installs libreoffice-writer-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return path


@pytest.fixture
def to_pdf(soffice, tmp_path_factory):
    """to_pdf(docx) -> Path of the PDF LibreOffice made, through the product's own --pdf code.

    The document is copied first so the PDF lands in a folder of its own.
    convert_to_pdf fails unless the PDF exists: soffice exits 0 even when it could not convert.
    """
    def convert(docx: Path) -> Path:
        copy = tmp_path_factory.mktemp("pdf") / Path(docx).name
        shutil.copyfile(docx, copy)
        (pdf,) = convert_to_pdf([copy])
        assert pdf.stat().st_size > 1000, f"LibreOffice made an empty PDF of {docx}"
        return pdf

    return convert


@pytest.fixture(scope="session")
def pdf_text():
    """pdf_text(pdf) -> the text of a PDF, as poppler's pdftotext reads it.

    Skips (visibly) where pdftotext is missing, except in CI, where it must be there.
    """
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext is required in CI (.ci/run installs poppler-utils)")
        pytest.skip("pdftotext is not installed: apt-get install poppler-utils")

    def read(pdf: Path) -> str:
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    return read


@pytest.fixture
def no_redlines(monkeypatch):
    """Builds without the redline engine: it takes seconds per rebuild and is tested on its own."""
    def unavailable(*_args, **_kwargs):
        raise RedlineUnavailable("not in these tests")
    monkeypatch.setattr(publish, "make_redline", unavailable)
