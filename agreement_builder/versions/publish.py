"""Versions of a packet: compare with what the folder holds, then swap the new version in safely.

The folder a user sees holds one version: `agreement.docx`, `rvu/*.docx`,
`manifest.json`, and (from version 2 on) the redline and change summary
from the version before. Earlier versions live in `history/vN/`.

A new version is rendered whole in a staging folder inside DIR. The swap is a
journal (`DIR/.publish.json`) listing every rename: old files into
`history/vN/`, then staged files into place, the manifest last. Writing the
journal is the commit point. Every step can be repeated safely, so a build
killed at any moment is finished (or, before the commit point, forgotten)
by the next run; until then, a folder holds either the old version or the
journal that completes the new one, and never a half-written file.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .. import __version__
from ..atomic import write_text_atomically
from ..document.agreement import Marking
from ..errors import AgreementBuilderError, OutputError, Problem
from ..locks import Busy, exclusive_lock
from ..resources import data_folder, package_file
from ..terms.model import Terms
from ..terms.periods import current_period, find_period
from .amendment import Edition, edition_for, write_amendment
from .generated import AGREEMENT, carries_edits, generated_name, resaved
from .manifest import (
    MANIFEST,
    Amended,
    Manifest,
    read_manifest,
    sha256_bytes,
    sha256_file,
    sha256_folder,
    sha256_json,
    touched_outputs,
)
from .redline import RedlineUnavailable, make_redline
from .swap import (
    HISTORY,
    JOURNAL,
    STAGING_PREFIX,
    Journal,
    failpoint,
    holds_files,
    planned_moves,
    recover,
    roll_forward,
    what_failed,
)
from .untrusted import refuse_links

if TYPE_CHECKING:
    from .changes import Change
    from .merge import MergeResult

RVU = "rvu"
LOCK = ".lock"


@dataclass
class BuildResult:
    folder: Path
    status: str  # "created", "updated" or "up to date"
    version: int
    files: list[str] = field(default_factory=list)  # of the current version, relative to folder
    warnings: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    changes_file: str | None = None
    redline_file: str | None = None
    notes: list[str] = field(default_factory=list)  # things the user should know (no redline, edits kept)
    edited: list[str] = field(default_factory=list)
    merged: dict[str, MergeResult] = field(default_factory=dict)  # what `--merge` did, by document
    amended: Amended | None = None  # after a signed version: the amendment written, or a restatement
    amendment_lines: list[str] = field(default_factory=list)  # what was done about it, in words


def result_lines(result: BuildResult) -> list[str]:
    """What a build did, in the words the `build` command and the interview both print."""
    folder = result.folder
    if result.status == "up to date":
        return [f"{folder}: up to date (version {result.version}); nothing rewritten."]
    lines = [f"{folder}: version {result.version} {result.status}."]
    lines += [f"  {folder / name}" for name in result.files]
    if result.changes_file:
        from .changes import summary_text  # a first build has no changes to describe

        lines += ["", f"What changed since version {result.version - 1}:"]
        lines += summary_text(result.changes).splitlines()
    for name, merged in result.merged.items():
        lines += ["", f"The edits to {name}, merged into version {result.version}:"]
        lines += [f"- {line}" for line in merged.lines()]
    return lines


def build_inputs(terms: Terms, *, clauses_dir: Path | None, style: Path | None, period: str | None,
                 today: dt.date | None, pdf: bool, effective: dt.date | None = None) -> dict:
    """Everything the documents depend on. Equal inputs mean equal documents."""
    try:
        label = find_period(terms, period).label if period else current_period(terms, today or dt.date.today()).label
    except AgreementBuilderError:
        label = period  # rendering the forms reports it
    inputs = {
        "terms_sha256": sha256_json(terms.model_dump(mode="json")),
        "tool_version": __version__,
        # The library is the clause texts and the tables they draft from (laws, jurisdictions, layout wording):
        # a change to either changes the documents.
        "clause_library": sha256_bytes((sha256_folder(data_folder("clauses"))
                                        + sha256_folder(package_file(), "*.yaml")).encode()),
        "own_clauses": sha256_folder(clauses_dir) if clauses_dir else None,
        "style": sha256_file(style) if style else None,
        "review_period": label,
        "pdf": pdf,
    }
    if effective is not None:  # only then: a folder built before there was --effective stays up to date
        inputs["amendment_effective"] = effective.isoformat()
    return inputs


@dataclass
class Plan:
    """What the next build of a folder does: nothing, or version `version` from these inputs."""

    folder: Path
    current: Manifest | None
    inputs: dict
    edited: list[str]
    missing: list[str]
    up_to_date: bool
    merge: bool = False
    edition: Edition = field(default_factory=Edition)  # against the version signed last, if any

    @property
    def marking(self) -> Marking | None:
        """How the agreement's cover and header are marked: a conformed copy, amended and restated, or None."""
        return self.edition.marking(f"v{self.version}", self.edition.today or dt.date.today())

    @property
    def version(self) -> int:
        return self.current.version + 1 if self.current else 1

    def unchanged(self, warnings: list[Problem]) -> BuildResult:
        notes = [f"{name} was edited by hand; left as it is" for name in self.edited]
        return BuildResult(self.folder, "up to date", self.current.version, self.current.files(), list(warnings),
                           notes=notes, edited=self.edited)


class PacketFolder:
    """An output folder, locked for one build, with any build a kill interrupted finished first."""

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    @contextmanager
    def open(cls, out_dir: Path) -> Iterator["PacketFolder"]:
        out_dir = Path(out_dir)
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError("is a file, not a folder", file=out_dir, field="-o", hint="choose a folder for the packet")
        created = not out_dir.exists()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot be created: {exc.strerror}", file=out_dir, field="-o") from None
        try:
            refuse_links(out_dir, [LOCK, JOURNAL, MANIFEST, AGREEMENT, RVU, HISTORY])
            with exclusive_lock(out_dir / LOCK, wait=False):
                recover(out_dir)
                yield cls(out_dir)
        except Busy:
            raise OutputError("another build is writing to this folder right now", file=out_dir,
                              hint="wait for it to finish, then build again") from None
        finally:
            if created:
                _remove_if_unused(out_dir)

    def plan(self, inputs: dict, *, force: bool, merge: bool = False, terms: Terms | None = None,
             **render: Any) -> Plan:
        """Compare `inputs` with the folder's manifest; refuses to replace documents edited by hand unless
        `merge` (the agreement's edits carried into the new version) or `force` (kept only in history).
        With `terms` (and the `render` options of the build), the plan knows what the new version is
        against the version signed last: a conformed copy with an amendment, or neither."""
        current = read_manifest(self.path)
        if current is None:
            self._refuse_foreign_files()
        edited, missing = touched_outputs(self.path, current) if current else ([], [])
        if current:  # merged edits are edits, even while nobody has opened the document since
            edited += [name for name in carries_edits(current) if name not in edited + missing]
        inputs_hash = sha256_json(inputs)
        up_to_date = bool(current) and inputs_hash == current.inputs_sha256 and not missing and not (edited and force)
        if not up_to_date and edited and not (force or merge):
            listing = ", ".join(edited)
            raise OutputError(
                f"{len(edited)} generated document(s) were edited since version {current.version} was built: "
                f"{listing}; rebuilding would replace them", file=self.path,
                hint="rebuild with --merge to carry the edits into the new version (conflicts are listed and "
                     f"marked with comments); or with --force to keep the edited copies only in "
                     f"{HISTORY}/v{current.version}/, with a redline of the edited agreement against the new one")
        plan = Plan(self.path, current, inputs, edited, missing, up_to_date, merge=merge and not force)
        if terms is not None and not up_to_date:
            effective = inputs.get("amendment_effective")
            plan.edition = edition_for(self.path, current, terms, effective=effective and dt.date.fromisoformat(
                effective), **render)
        return plan

    def settle(self, staging: Path, plan: Plan, documents: list[Path]) -> dict[str, MergeResult]:
        """The staged documents with their identities, kept as generated; with --merge, each document
        edited since the last version merged with its edited copy."""
        from .generated import settle

        return settle(self.path, staging, plan.current, documents, plan.edited if plan.merge else [])

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh folder inside DIR to render into; gone again if anything fails before the commit point."""
        staging = self.path / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
        try:
            staging.mkdir()
            yield staging
        except BaseException as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, OSError):  # a full disk, a folder made read-only: said in one paragraph
                raise OutputError(f"the new version could not be written ({what_failed(exc)}); the folder holds the "
                                  "previous version, unchanged", file=self.path,
                                  hint="fix the cause (disk space, permissions) and build again") from None
            raise

    def publish(self, staging: Path, plan: Plan, *, terms: Terms, answers: Path, documents: list[Path],
                warnings: list[Problem], merged: dict[str, MergeResult] | None = None) -> BuildResult:
        """Add the manifest (and the redline and change summary) to `staging`, then swap it in."""
        current, version = plan.current, plan.version
        outputs = {d.as_posix(): sha256_file(staging / d) for d in documents}
        result = BuildResult(self.path, "updated" if current else "created", version, edited=plan.edited,
                             merged=merged or {})
        extras = _compare_with_previous(terms, self.path, staging, plan, result) if current else {}
        extras |= {generated_name(d.as_posix()): sha256_file(staging / generated_name(d.as_posix()))
                   for d in documents if (staging / generated_name(d.as_posix())).is_file()}
        manifest = Manifest(
            version=version, built_at=_now().isoformat(timespec="seconds"), tool_version=__version__,
            clause_library=plan.inputs["clause_library"], answers_file=answers.name,
            answers_sha256=sha256_file(answers), inputs=plan.inputs, inputs_sha256=sha256_json(plan.inputs),
            terms=terms.model_dump(mode="json"), outputs=outputs, extras=extras,
            previous=_previous(current, plan, merged), signed=current.signed if current else [],
            amended=result.amended)
        manifest.write(staging)
        failpoint("staged")
        retire = [name for name in current.files() if (self.path / name).exists()] if current else []
        journal = Journal(staging=staging.name, history=f"{HISTORY}/v{current.version}" if current else None,
                          retire=retire, install=manifest.files())
        if journal.history and holds_files(self.path / journal.history):
            raise OutputError(f"{journal.history} already exists, so version {current.version} cannot be moved "
                              "there", file=self.path,
                              hint=f"move {self.path / journal.history} elsewhere and build again")
        _preflight(self.path, journal)
        write_text_atomically(self.path / JOURNAL, journal.model_dump_json(indent=2))  # the commit point
        failpoint("journaled")
        roll_forward(self.path, journal, ours=True)
        result.files = manifest.files()
        result.warnings = list(warnings)
        return result

    def _refuse_foreign_files(self) -> None:
        clashes = [name for name in (AGREEMENT, "rvu", HISTORY, "calendar.ics") if (self.path / name).exists()]
        if clashes:
            raise OutputError(
                f"already holds {', '.join(clashes)} but no {MANIFEST}, so they were not made by agreement-builder "
                "(or the manifest was deleted) and would be overwritten", file=self.path, field="-o",
                hint="build into an empty or new folder, or move those files away first")


def _previous(current: Manifest | None, plan: Plan, merged: dict[str, MergeResult] | None) -> dict | None:
    """What the manifest says of the version this one replaced: its number, what was edited, where a
    merge of the lawyer's edits met the new terms (`diff` names those clauses)."""
    if current is None:
        return None
    previous = {"version": current.version, "edited": plan.edited}
    if merged:
        previous["conflicts"] = [("" if name == AGREEMENT else f"{name}: ") + conflict.place
                                 for name, result in merged.items() for conflict in result.conflicts]
    return previous


def _preflight(out_dir: Path, journal: Journal) -> None:
    """Before the commit point, check every folder the swap changes can be changed, so a folder that
    cannot be written stops the build with the old version untouched instead of halfway through."""
    retire, install = planned_moves(out_dir, journal)
    folders = {out_dir} | {source.parent for source, _ in retire} | {target.parent for _, target in install}
    folders |= {target.parent for _, target in retire}
    for folder in sorted(folders):
        while not folder.exists() and folder != out_dir:
            folder = folder.parent  # a folder the swap will make: its nearest existing parent must be writable
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"{folder.relative_to(out_dir).as_posix() if folder != out_dir else 'the folder'} "
                              "cannot be written, so the new version cannot be swapped in; nothing was changed",
                              file=out_dir, hint="give yourself write permission on it, then build again")
    if journal.history:
        (out_dir / journal.history).mkdir(parents=True, exist_ok=True)


# --------------------------------------------------------------------------- what moved since the last version


_REBUILT_FOR = {"tool_version": "a newer agreement-builder", "clause_library": "a changed clause library",
                "own_clauses": "changed clauses of your own", "style": "a changed style template",
                "review_period": "a new review period for the RVU forms", "pdf": "a change to --pdf"}


def _compare_with_previous(terms: Terms, out_dir: Path, staging: Path, plan: Plan,
                           result: BuildResult) -> dict[str, str]:
    """Write the change summary and the redline into `staging`; return their names and hashes."""
    from .changes import summarize_changes, summary_text  # only a rebuild needs these

    current, edited = plan.current, plan.edited
    old, new = current.version, current.version + 1
    result.changes = summarize_changes(current.built_terms(out_dir), terms)
    lines = [f"Changes from version {old} to version {new} of {terms.alliance.name}",
             f"(built {_now().strftime('%Y-%m-%d %H:%M')} UTC)", "", summary_text(result.changes).rstrip()]
    other = [why for key, why in _REBUILT_FOR.items() if current.inputs.get(key) != plan.inputs.get(key)]
    if other:
        lines += ["", "Also rebuilt for: " + ", ".join(other) + "."]
        result.notes.append("rebuilt for: " + ", ".join(other))
    if plan.missing:
        lines += ["", "Missing from the folder and made again: " + ", ".join(plan.missing) + "."]
    if edited:
        lines += ["", f"Edited by hand and kept, as edited, in {HISTORY}/v{old}/: " + ", ".join(edited) + "."]
        result.notes.append(f"edited by hand, kept in {HISTORY}/v{old}/: {', '.join(edited)}")
    for name, merged in result.merged.items():
        lines += ["", f"The edits to {name}, merged into version {new}:"] + [f"- {line}" for line in merged.lines()]
    extras = write_amendment(out_dir, staging, plan.edition, terms, result)
    if result.amendment_lines:
        lines += [""] + result.amendment_lines
        result.notes += result.amendment_lines
    summary_name = f"changes-v{old}-to-v{new}.txt"
    write_text_atomically(staging / summary_name, "\n".join(lines) + "\n")
    result.changes_file = summary_name
    previous_agreement = out_dir / AGREEMENT
    if previous_agreement.is_file() and (staging / AGREEMENT).is_file():
        redline_name = f"redline-v{old}{'-edited' if AGREEMENT in edited else ''}-to-v{new}.docx"
        try:
            if AGREEMENT in edited:  # as python-docx saves it, like the new one: the engine then sees no
                previous_agreement = resaved(previous_agreement, staging / "lawyers-copy.docx")  # format noise
            make_redline(previous_agreement, staging / AGREEMENT, staging / redline_name)
            result.redline_file = redline_name
        except RedlineUnavailable as exc:
            result.notes.append(f"no redline made: {exc}")
    for name in (result.changes_file, result.redline_file):
        if name:
            extras[name] = sha256_file(staging / name)
    return extras


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _remove_if_unused(out_dir: Path) -> None:
    """A folder this build created and left holding nothing but its lock (a first build that failed) goes."""
    try:
        if [entry.name for entry in out_dir.iterdir()] == [LOCK]:
            (out_dir / LOCK).unlink()
            out_dir.rmdir()
    except OSError:
        pass
