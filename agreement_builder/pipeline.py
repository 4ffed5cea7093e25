"""One build, top to bottom: load the answers, check them, render the documents, publish the version.

    answers file ──load──> Answers ──check──> Terms ──render──> staged packet ──publish──> DIR

`build` is what the `build` command, the interview's last step and each deal of a
batch run. Rendering writes `agreement.docx` and the review forms of one period
into a staging folder; publishing swaps that folder in as the next version,
keeping the previous one in `history/` (see versions/publish.py). Nothing here
prints: the result says what happened and the caller reports it.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from .answers import load_answers
from .atomic import write_bytes_atomically
from .document.agreement import Marking, render_agreement
from .document.limits import check_word_file
from .errors import OutputError, Problem
from .isolation import run_limited
from .library.clauses import load_library
from .obligations.ics import CALENDAR, calendar_inputs, write_calendar
from .rvu.forms import write_forms
from .safe_text import clean_terms
from .terms.model import Terms
from .versions.publish import AGREEMENT, BuildResult, PacketFolder, build_inputs

RVU_DIR = "rvu"


def build(answers: Path, out_dir: Path, *, force: bool = False, merge: bool = False, pdf: bool = False,
          clauses_dir: Path | None = None, style: Path | None = None, period: str | None = None,
          today: dt.date | None = None, effective: dt.date | None = None) -> BuildResult:
    """Build (or rebuild) the packet of `answers` into `out_dir`, keeping every earlier version. After a
    version was recorded as signed, changed terms also give an amendment, taking effect on `effective`."""
    answers, out_dir = Path(answers), Path(out_dir)
    loaded = load_answers(answers)
    terms = loaded.require_terms()  # a draft, or terms that break a rule, stop here with every problem listed
    _check_own_templates(clauses_dir, style)
    inputs = build_inputs(terms, clauses_dir=clauses_dir, style=style, period=period, today=today, pdf=pdf,
                          effective=effective)
    inputs |= calendar_inputs()  # a folder built before the calendar existed gets one on its next build
    with PacketFolder.open(out_dir) as folder:
        plan = folder.plan(inputs, force=force, merge=merge, terms=terms, clauses_dir=clauses_dir, style=style,
                           today=today)  # against the version signed last: an amendment due, or not
        if plan.up_to_date:
            return plan.unchanged(loaded.warnings)
        with folder.staging() as staging:
            packet = render_packet(terms, staging, clauses_dir=clauses_dir, style=style, period=period,
                                   today=today, version=f"v{plan.version}", marking=plan.marking)
            merged = folder.settle(staging, plan, packet.files)  # identities kept; edits merged in (--merge)
            if pdf:
                packet.add_pdfs(staging)
            return folder.publish(staging, plan, terms=terms, answers=answers, documents=packet.files,
                                  warnings=loaded.warnings + packet.warnings, merged=merged)


def _check_own_templates(clauses_dir: Path | None, style: Path | None) -> None:
    """A user's clause folder and style template are read (and hashed) only once they pass the limits."""
    if clauses_dir is not None:
        load_library(clauses_dir)  # kept in memory for the render
    if style is not None:
        check_word_file(style, field="--style")


# --------------------------------------------------------------------------- render


@dataclass
class Packet:
    files: list[Path] = field(default_factory=list)  # relative to the output folder
    warnings: list[Problem] = field(default_factory=list)

    def add_pdfs(self, folder: Path) -> None:
        """A PDF beside each document, through LibreOffice."""
        from .document.pdf import convert_to_pdf  # only --pdf needs it

        documents = [folder / f for f in self.files if f.suffix == ".docx"]  # not the calendar
        self.files += [p.relative_to(folder) for p in convert_to_pdf(documents)]


def agreement_bytes(terms: Terms, *, clauses_dir: Path | None = None, style: Path | None = None,
                    today: dt.date | None = None, version: str | None = None,
                    marking: Marking | None = None) -> tuple[bytes, list[Problem]]:
    """The agreement as .docx bytes, and the warnings from cleaning the terms."""
    if clauses_dir is not None or style is not None:  # templates of the user's: rendered under a ceiling
        yours = " and ".join(f"{what} {path}" for what, path in (("your clause folder", clauses_dir),
                                                                   ("your style template", style)) if path)
        return run_limited(yours, _agreement_bytes, terms, clauses_dir=clauses_dir, style=style, today=today,
                           version=version, marking=marking)
    return _agreement_bytes(terms, clauses_dir=clauses_dir, style=style, today=today, version=version, marking=marking)


def _agreement_bytes(terms: Terms, *, clauses_dir: Path | None, style: Path | None, today: dt.date | None,
                     version: str | None, marking: Marking | None = None) -> tuple[bytes, list[Problem]]:
    cleaned, warnings = clean_terms(terms)
    document, problems = render_agreement(cleaned, clauses_dir=clauses_dir, style=style, today=today,
                                          version=version, marking=marking)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), warnings + problems


def render_packet(terms: Terms, out_dir: Path, *, clauses_dir: Path | None = None, style: Path | None = None,
                  period: str | None = None, today: dt.date | None = None, version: str | None = None,
                  marking: Marking | None = None) -> Packet:
    """Write the documents of a deal into `out_dir`: the agreement, the review forms of one period, and the
    obligations calendar (calendar.ics).

    No versions and no manifest: `build` does that around it. Every file is
    written atomically, so an existing good file is never replaced by a broken one.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("is a file, not a folder", file=out_dir, field="-o",
                          hint="choose a folder for the documents")
    data, warnings = agreement_bytes(terms, clauses_dir=clauses_dir, style=style, today=today, version=version,
                                     marking=marking)
    try:
        write_bytes_atomically(out_dir / AGREEMENT, data)
    except OSError as exc:
        raise OutputError(f"cannot be written: {exc.strerror}", file=out_dir / AGREEMENT, field="-o",
                          hint="check the folder exists and you may write to it") from None
    forms = write_forms(terms, out_dir / RVU_DIR, period=period, today=today)
    write_calendar(terms, out_dir / CALENDAR)
    return Packet([Path(AGREEMENT)] + [Path(f).resolve().relative_to(out_dir.resolve()) for f in forms]
                  + [Path(CALENDAR)], warnings)
