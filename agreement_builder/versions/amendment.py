"""After a signed baseline: the agreement as amended, and the amendment that makes it so.

Once a version is recorded as signed (signing.py), a build whose terms differ
from the signed ones writes two things: `agreement.docx`, the conformed copy
(marked "as amended by Amendment No. N" on its cover and in its header), and
`amendment-N.docx`, which makes only the changes, clause by clause, citing the
signed agreement's numbers (clause_changes.py). Every change since the
baseline goes into the one amendment; once it is signed, the next change is
Amendment No. N+1, citing the numbers of the agreement as amended.

Where a change cannot be made clause by clause (the kind of alliance changed,
or most clauses would change number), no amendment is written: the agreement
is titled as an amended and restated agreement instead, and the build says why.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document

from .. import formatting, vocabulary
from ..conventions import drafting
from ..document.agreement import Marking, plan_agreement
from ..terms.governing_law import drafting_conventions
from ..terms.model import Terms
from .amendment_words import listing, say
from .manifest import Amended, Manifest, SignedVersion, sha256_file, sha256_json
from .signing import signed_file, signed_packet

if TYPE_CHECKING:
    from .publish import BuildResult

AMENDMENT = "amendment-{number}.docx"


@dataclass
class Edition:
    """What the agreement built now is, against the versions signed before it."""

    signed: list[SignedVersion] = field(default_factory=list)  # oldest first
    pending: bool = False  # the terms differ from the last signed version's
    restated: str | None = None  # why the change cannot be made by an amendment
    signed_terms: Terms | None = None  # the last signed version's, when pending
    effective: dt.date | None = None
    clauses_dir: Path | None = None
    style: Path | None = None
    today: dt.date | None = None

    @property
    def baseline(self) -> SignedVersion | None:
        return self.signed[-1] if self.signed else None

    @property
    def base(self) -> SignedVersion | None:
        """The signed agreement the amendments amend: the first one, or the last amended and restated one."""
        return next((s for s in reversed(self.signed) if s.amendment == 0), None)

    @property
    def number(self) -> int:
        """The amendments the agreement built now incorporates (with the one drafted now, when pending)."""
        if self.baseline is None:
            return 0
        return self.baseline.amendment + (1 if self.pending else 0)

    def amendments_signed(self) -> list[SignedVersion]:
        """Each amendment signed since the base, once (by the last version it was signed with)."""
        found: dict[int, SignedVersion] = {}
        base = self.base
        for entry in self.signed:
            if entry.amendment and base is not None and entry.version > base.version:
                found[entry.amendment] = entry
        return [found[n] for n in sorted(found)]

    def marking(self, version: str, today: dt.date) -> Marking | None:
        """How the cover and header mark the agreement built now, or None for a plain draft."""
        base = self.base
        if base is None:
            return None
        when, dated = formatting.date(today), formatting.date(dt.date.fromisoformat(base.date))
        version = f" {version}" if version else ""
        title = say("conformed", "restated_title", title=_cover_title())
        if self.pending and self.restated:
            return Marking(title, say("conformed", "restated_cover_line", dated=dated),
                           say("conformed", "restated_status", version=version, date=when),
                           say("conformed", "restated_header", version=version))
        if self.number == 0:  # as signed: an amended and restated agreement keeps its title
            return Marking(title) if base.restated else None
        numbers = [str(n) for n in range(1, self.number + 1)]
        amendments = (say("conformed", "amended_by_one", number=numbers[0]) if len(numbers) == 1
                      else say("conformed", "amended_by_several", numbers=listing(numbers)))
        return Marking(title if base.restated else None,
                       say("conformed", "cover_line", dated=dated, amendments=amendments),
                       say("conformed", "cover_status", version=version, date=when),
                       say("conformed", "header", version=version, amendments=amendments))


def edition_for(folder: Path, current: Manifest | None, terms: Terms, *, clauses_dir: Path | None = None,
                style: Path | None = None, today: dt.date | None = None,
                effective: dt.date | None = None) -> Edition:
    """The edition of the agreement a build of `terms` into `folder` makes."""
    edition = Edition(list(current.signed) if current else [], effective=effective, clauses_dir=clauses_dir,
                      style=style, today=today)
    baseline = edition.baseline
    if baseline is None or sha256_json(terms.model_dump(mode="json")) == baseline.terms_sha256:
        return edition
    edition.pending = True
    packet = signed_packet(folder, baseline)
    edition.signed_terms = packet.built_terms(Path(folder) / baseline.folder)
    edition.restated = _why_restated(edition.signed_terms, terms, clauses_dir)
    return edition


def _why_restated(signed: Terms, new: Terms, clauses_dir: Path | None) -> str | None:
    if signed.alliance.kind != new.alliance.kind:
        return say("restated_because", "kind", old=vocabulary.word(signed.alliance.kind),
                   new=vocabulary.word(new.alliance.kind))
    before, after = _clause_numbers(signed, clauses_dir), _clause_numbers(new, clauses_dir)
    shared = [key for key in before if key in after]
    moved = [key for key in shared if before[key] != after[key]]
    if shared and len(moved) * 2 > len(shared):
        return say("restated_because", "renumbered", moved=len(moved), shared=len(shared))
    return None


def _clause_numbers(terms: Terms, clauses_dir: Path | None) -> dict[str, str]:
    """The number of each clause, keyed so that alternatives (strict or light confidentiality) are one clause."""
    plan = plan_agreement(terms, clauses_dir)
    return {c.meta.alternative or c.id: plan.numbers[c.id] for c in plan.clauses if c.id in plan.numbers}


def _cover_title() -> str:
    from ..document.layout import layout

    return layout()["cover"]["title"]


def write_amendment(folder: Path, staging: Path, edition: Edition, terms: Terms, result: BuildResult) -> dict[str, str]:
    """Into `staging`, beside the conformed copy: amendment-N.docx, when the terms changed since the signed
    version and the change can be made clause by clause. Says what it did in `result` (notes, the change
    summary's lines, the manifest's record); returns the files written, for the manifest's extras."""
    from .amending_provisions import amending_provisions

    baseline, base = edition.baseline, edition.base
    if baseline is None or base is None:
        return {}
    dated = formatting.date(dt.date.fromisoformat(baseline.date))
    if not edition.pending:
        result.amendment_lines.append(say("summary", "same_as_signed", dated=dated, version=baseline.version))
        return {}
    if edition.restated:
        result.amended = Amended(number=edition.number, restated=True)
        result.amendment_lines.append(say("summary", "restated", reason=edition.restated, dated=dated,
                                          version=baseline.version))
        return {}
    signed = Document(str(signed_file(folder, baseline, "agreement.docx")))
    # The provisions are worded in the agreement's own conventions: "Section 13.2" under a US law.
    with drafting(drafting_conventions(terms.disputes.governing_law)):
        provisions = amending_provisions(signed, Document(str(staging / "agreement.docx")))
    if not provisions:
        result.amendment_lines.append(say("summary", "none_in_document", dated=dated, version=baseline.version))
        return {}
    from ..document.amendment import AmendmentFacts, write_amendment_document
    from .amendment_citations import citations

    name = AMENDMENT.format(number=edition.number)
    cited = citations(signed, edition.signed_terms, plan_agreement(edition.signed_terms, edition.clauses_dir).numbers)
    facts = AmendmentFacts(
        number=edition.number, dated=dt.date.fromisoformat(base.date),
        amendments=[(e.amendment, dt.date.fromisoformat(e.date)) for e in edition.amendments_signed()],
        effective=edition.effective, changes_clause=cited.changes, disputes_clauses=cited.disputes,
        governing_law=cited.law, law_clause=cited.law_clause, restated_base=base.restated)
    write_amendment_document(staging / name, terms, facts, provisions, clauses_dir=edition.clauses_dir,
                             style=edition.style, today=edition.today)
    result.amended = Amended(number=edition.number, file=name)
    result.amendment_lines.append(say("summary", "written", number=edition.number, file=name, dated=dated,
                                      version=baseline.version, count=len(provisions)))
    return {name: sha256_file(staging / name)}
