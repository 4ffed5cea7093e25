"""PDF copies of generated documents, through LibreOffice.

Each run gets a LibreOffice profile of its own (parallel batch workers and a
user's open LibreOffice would otherwise fight over one), and success is the
PDF existing: soffice exits 0 even when it could not convert a file.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from ..errors import AgreementBuilderError, RenderError

PACKAGE = "libreoffice-writer-nogui"
TIMEOUT_SECONDS = 300


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise AgreementBuilderError(
        "--pdf needs LibreOffice, and its `soffice` command is not on the PATH", field="--pdf",
        hint=f"install LibreOffice (Debian/Ubuntu: sudo apt-get install {PACKAGE}; "
             "macOS: brew install --cask libreoffice), or build without --pdf")


def convert_to_pdf(documents: list[Path]) -> list[Path]:
    """Write NAME.pdf beside each NAME.docx; return the PDFs, in the same order."""
    if not documents:
        return []
    soffice = find_soffice()
    by_folder: dict[Path, list[Path]] = defaultdict(list)
    for doc in documents:
        by_folder[Path(doc).parent].append(Path(doc))
    with tempfile.TemporaryDirectory(prefix="agreement-builder-lo-") as profile:
        for folder, docs in by_folder.items():
            command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                       "--convert-to", "pdf", "--outdir", str(folder), *map(str, docs)]
            try:
                subprocess.run(command, check=False, capture_output=True, timeout=TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                raise RenderError(f"LibreOffice took more than {TIMEOUT_SECONDS} seconds to make PDFs",
                                  file=folder, hint="try again, or build without --pdf") from None
            except OSError as exc:
                raise RenderError(f"LibreOffice could not be started: {exc}", file=folder,
                                  hint=f"reinstall {PACKAGE}, or build without --pdf") from None
    pdfs = [doc.with_suffix(".pdf") for doc in map(Path, documents)]
    for doc, pdf in zip(documents, pdfs):
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise RenderError("LibreOffice did not produce a PDF of this document", file=doc,
                              hint="check that it opens in LibreOffice, or build without --pdf")
    return pdfs
