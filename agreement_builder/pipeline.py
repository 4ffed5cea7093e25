"""The packet: every document of a deal, written into one output folder.

`build_packet` writes `agreement.docx` and the RVU forms of one review period
into `rvu/`. It does not version or write a manifest: the `build` command does
that around it. Every file is written atomically, so an existing good file is
never replaced by a broken one.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_bytes_atomically
from .document.agreement import render_agreement
from .errors import OutputError, Problem
from .rvu.forms import write_forms
from .safe_text import clean_terms
from .terms.model import Terms

AGREEMENT = "agreement.docx"
RVU_DIR = "rvu"


@dataclass
class Packet:
    files: list[Path] = field(default_factory=list)  # relative to the output folder
    warnings: list[Problem] = field(default_factory=list)


def agreement_bytes(terms: Terms, *, clauses_dir: Path | None = None, style: Path | None = None,
                    today: dt.date | None = None, version: str | None = None) -> tuple[bytes, list[Problem]]:
    """The agreement as .docx bytes, and the warnings from cleaning the terms."""
    cleaned, warnings = clean_terms(terms)
    document, problems = render_agreement(cleaned, clauses_dir=clauses_dir, style=style, today=today,
                                          version=version)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), warnings + problems


def build_packet(terms: Terms, out_dir: Path, *, clauses_dir: Path | None = None, style: Path | None = None,
                 period: str | None = None, today: dt.date | None = None, version: str | None = None) -> Packet:
    """Write the documents of a deal into `out_dir`; `files` are relative to it."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("is a file, not a folder", file=out_dir, field="-o",
                          hint="choose a folder for the documents")
    data, warnings = agreement_bytes(terms, clauses_dir=clauses_dir, style=style, today=today, version=version)
    try:
        write_bytes_atomically(out_dir / AGREEMENT, data)
    except OSError as exc:
        raise OutputError(f"cannot be written: {exc.strerror}", file=out_dir / AGREEMENT, field="-o",
                          hint="check the folder exists and you may write to it") from None
    forms = write_forms(terms, out_dir / RVU_DIR, period=period, today=today)
    return Packet([Path(AGREEMENT)] + [Path(f).resolve().relative_to(out_dir.resolve()) for f in forms], warnings)
