"""The swap: renames that move a staged version into place, journaled so a kill at any moment is finished.

The journal (`DIR/.publish.json`) lists every rename: old files into
`history/vN/`, then staged files into place, the manifest last. Writing it is
the commit point. Every step can be repeated safely, so a build killed at any
moment is finished (or, before the commit point, forgotten) by the next run.
The journal is read back as untrusted input: its names are checked before
anything moves, and nothing moves through a link.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from ..errors import OutputError
from .manifest import FileName
from .untrusted import inside, read_json, validated

HISTORY = "history"
JOURNAL = ".publish.json"
STAGING_PREFIX = ".staging-"
FAILPOINT_ENV = "AGREEMENT_BUILDER_FAILPOINT"  # tests: SIGKILL the build at a named step


class Journal(BaseModel):
    """The renames that swap a staged version in; read back as untrusted input before any of them runs."""

    model_config = ConfigDict(extra="forbid", strict=True)

    staging: Annotated[str, StringConstraints(pattern=rf"^{re.escape(STAGING_PREFIX)}[0-9a-f]{{12}}$")]
    history: Annotated[str, StringConstraints(pattern=rf"^{HISTORY}/v[1-9][0-9]{{0,8}}$")] | None
    retire: list[FileName]
    install: list[FileName]


_NOT_OURS = ("it was not written by agreement-builder (or was edited); if no build is running, delete it "
             "and build again")


def recover(out_dir: Path) -> None:
    """Finish a swap a killed build committed to, and forget staging folders it never committed."""
    out_dir = Path(out_dir)
    journal_path = out_dir / JOURNAL
    if journal_path.exists() or journal_path.is_symlink():
        journal = validated(Journal, read_json(journal_path, hint=_NOT_OURS), file=journal_path, hint=_NOT_OURS)
        roll_forward(out_dir, journal)
    for stale in out_dir.glob(f"{STAGING_PREFIX}*"):
        if stale.is_symlink() or not stale.is_dir():
            stale.unlink(missing_ok=True)  # a link is removed itself; what it points to is left alone
        else:
            shutil.rmtree(stale, ignore_errors=True)


def planned_moves(out_dir: Path, journal: Journal) -> tuple[list[tuple[Path, Path]], list[tuple[Path, Path]]]:
    """The swap's renames, (from, to): old files into history, staged files into place. Every path is
    checked to be a plain name inside the folder with no link on the way, before anything moves."""
    where = out_dir / JOURNAL
    staging = out_dir / journal.staging
    if staging.is_symlink():
        raise OutputError(f"{journal.staging} is a link", file=where, hint=_NOT_OURS)
    retire = [(inside(out_dir, name, file=where), inside(out_dir, f"{journal.history}/{name}", file=where))
              for name in journal.retire] if journal.history else []
    install = [(inside(staging, name, file=where), inside(out_dir, name, file=where)) for name in journal.install]
    return retire, install


def roll_forward(out_dir: Path, journal: Journal, *, ours: bool = False) -> None:
    """Make the journal's renames. Every step checks before it moves, so running this twice is the same
    as once. `ours`: this run made every move so far, so a failure can put the old version back."""
    retire, install = planned_moves(out_dir, journal)
    done: list[tuple[Path, Path]] = []
    try:
        for stage, moves in (("retire", retire), ("install", install)):
            for step, (source, target) in enumerate(moves):
                if source.exists() and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)
                    done.append((source, target))
                failpoint(f"{stage}:{step}")
    except OSError as exc:
        if ours:
            _roll_back(out_dir, journal, done, exc)
        raise OutputError(f"a build interrupted earlier cannot be finished: {what_failed(exc)}", file=out_dir,
                          hint=f"fix the cause (permissions, disk space), then build again; {JOURNAL} records "
                               "what is left to do") from None
    _remove_empty_folders(out_dir, journal.retire)
    (out_dir / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(out_dir / journal.staging, ignore_errors=True)


def what_failed(exc: OSError) -> str:
    return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")


def _roll_back(out_dir: Path, journal: Journal, done: list[tuple[Path, Path]], cause: OSError) -> None:
    """Undo the renames this run made, so the folder holds the old version again, and say what failed."""
    try:
        for source, target in reversed(done):
            source.parent.mkdir(parents=True, exist_ok=True)
            os.replace(target, source)
    except OSError:
        raise OutputError(
            f"the new version could not be swapped in ({what_failed(cause)}), nor the old one fully put back; the "
            f"folder's {JOURNAL} records what is left to do", file=out_dir,
            hint="fix the cause (permissions, disk space), then build again: the swap is finished first") from None
    (out_dir / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(out_dir / journal.staging, ignore_errors=True)
    if journal.history and not holds_files(out_dir / journal.history):
        shutil.rmtree(out_dir / journal.history, ignore_errors=True)
    raise OutputError(f"the new version could not be swapped in ({what_failed(cause)}); the folder holds the previous "
                      "version, unchanged", file=out_dir,
                      hint="fix the cause (permissions, disk space) and build again") from None


def _remove_empty_folders(out_dir: Path, names: list[str]) -> None:
    """Folders the old version's files left empty (rvu/ when a deal no longer has forms)."""
    for name in names:
        for parent in (out_dir / name).parents:
            if parent == out_dir or out_dir not in parent.parents:
                break
            try:
                parent.rmdir()  # only succeeds when empty
            except OSError:
                break


def holds_files(folder: Path) -> bool:
    """Whether `folder` has any file in it (a history folder left empty by a failed swap does not)."""
    return folder.is_dir() and any(not p.is_dir() for p in folder.rglob("*"))


def failpoint(name: str) -> None:
    if os.environ.get(FAILPOINT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
