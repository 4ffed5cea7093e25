"""`signed`: the version a packet folder holds, recorded as the one the partners signed.

Signing fixes a baseline. The manifest lists every version signed (with the
day, and the amendment signed with it), and the files of each are copied to
`history/signed-vN/` with their hashes, so a later build can write an
amendment against exactly what was signed (amendment.py). Only what the tool
built is recorded: a folder whose documents were edited since the build, whose
answers file has changed since (a build is pending), or whose last build was
interrupted is refused, with the reason and what to do.

The signed copies are read back like every other file of the folder: as
untrusted input (untrusted.py), each a plain file inside the folder, of
bounded size, whose hash is the one the manifest recorded.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..document.limits import check_word_file
from ..errors import OutputError
from ..locks import Busy, exclusive_lock
from .generated import AGREEMENT
from .manifest import MANIFEST, Manifest, SignedVersion, read_manifest, sha256_file, sha256_json, touched_outputs
from .swap import HISTORY, JOURNAL, STAGING_PREFIX
from .untrusted import MAX_JSON_BYTES, inside, read_json, refuse_links, validated

LOCK = ".lock"
_REPAIR = "restore the folder from a copy, or sign again in a folder built afresh"


@dataclass
class Signing:
    entry: SignedVersion
    notes: list[str] = field(default_factory=list)


def signed_versions(folder: Path) -> list[SignedVersion]:
    """Every version of the folder recorded as signed, oldest first."""
    manifest = read_manifest(Path(folder))
    if manifest is None:
        raise OutputError(f"holds no {MANIFEST}, so no packet was built here", file=folder,
                          hint="name the folder you built with `agreement-builder build`")
    return list(manifest.signed)


def sign(folder: Path, date: dt.date, *, answers: Path | None = None, today: dt.date | None = None) -> Signing:
    """Record the version `folder` holds as signed on `date`; its files are copied to history/signed-vN/."""
    folder = Path(folder)
    today = today or dt.date.today()
    if date > today:  # a day still to come is a plan, not a signature: the record would claim what has not happened
        raise OutputError(f"--date {date.isoformat()} is after today ({today.isoformat()}); a version can be "
                          "recorded as signed only once the partners have signed it", file=folder,
                          hint="record it on or after the day it is signed, giving that day as --date")
    if not folder.is_dir():
        raise OutputError("is not a folder", file=folder, hint="name the folder you built with `agreement-builder build`")
    refuse_links(folder, [LOCK, JOURNAL, MANIFEST, AGREEMENT, HISTORY])
    try:
        with exclusive_lock(folder / LOCK, wait=False):
            return _sign(folder, date, answers)
    except Busy:
        raise OutputError("a build is writing to this folder right now", file=folder,
                          hint="wait for it to finish, then sign") from None


def _sign(folder: Path, date: dt.date, answers: Path | None) -> Signing:
    if (folder / JOURNAL).exists() or any(folder.glob(f"{STAGING_PREFIX}*")):
        raise OutputError("holds a build that was interrupted before it finished, so it is not clear which version "
                          "it holds", file=folder, hint="run the same `agreement-builder build` again to finish it, "
                          "then sign")
    manifest = signed_manifest = read_manifest(folder)
    if manifest is None:
        raise OutputError(f"holds no {MANIFEST}, so no packet was built here", file=folder,
                          hint="build the agreement into this folder first, then sign")
    _refuse_edits(folder, manifest)
    notes = _refuse_pending_build(folder, manifest, answers)
    last = manifest.signed[-1] if manifest.signed else None
    if last is not None:
        _refuse_resigning(folder, manifest, last, date)
    entry = SignedVersion(
        version=manifest.version, date=date.isoformat(), amendment=_amendment_signed(manifest, last),
        restated=bool(manifest.amended and manifest.amended.restated),
        terms_sha256=manifest.inputs.get("terms_sha256") or sha256_json(manifest.terms),
        folder=f"{HISTORY}/signed-v{manifest.version}", files={},
        recorded_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    entry.files = _copy_files(folder, manifest, entry.folder)
    signed_manifest = manifest.model_copy(update={"signed": [*manifest.signed, entry]})
    signed_manifest.write(folder)
    return Signing(entry, notes)


def _refuse_edits(folder: Path, manifest: Manifest) -> None:
    edited, missing = touched_outputs(folder, manifest)
    if manifest.amended and manifest.amended.file:
        amendment = inside(folder, manifest.amended.file, file=folder / MANIFEST)
        if not amendment.is_file():
            missing.append(manifest.amended.file)
        elif sha256_file(amendment) != manifest.extras.get(manifest.amended.file):
            edited.append(manifest.amended.file)
    if edited or missing:
        what = "; ".join(part for part in (f"edited since version {manifest.version} was built: {', '.join(edited)}"
                                           if edited else "", f"missing: {', '.join(missing)}" if missing else "")
                         if part)
        raise OutputError(f"cannot be recorded as signed: {what}", file=folder,
                          hint="only what agreement-builder built is recorded: put the change into the answers file "
                               "and build again (edits to agreement.docx can be carried into a version of their own "
                               "with `build --merge`), or put the files back, then sign")


def _refuse_pending_build(folder: Path, manifest: Manifest, answers: Path | None) -> list[str]:
    """The answers file's terms must be those the folder was built from; a note when it cannot be found."""
    from ..answers import load_answers  # only signing reads an answers file here

    given = answers is not None
    answers = Path(answers) if given else Path(manifest.answers_file)
    if not given and not answers.is_file():
        return [f"the answers file {manifest.answers_file} is not in the current folder, so whether it changed since "
                f"version {manifest.version} was built was not checked; name it with --answers to check"]
    terms = load_answers(answers).require_terms()
    if sha256_json(terms.model_dump(mode="json")) != manifest.inputs.get("terms_sha256"):
        raise OutputError(f"cannot be recorded as signed: the terms in {answers} changed since version "
                          f"{manifest.version} was built, so a build is pending", file=folder,
                          hint=f"build again (`agreement-builder build {answers} -o {folder}`), check the new "
                               "version, then sign it")
    return []


def _refuse_resigning(folder: Path, manifest: Manifest, last: SignedVersion, date: dt.date) -> None:
    if last.version == manifest.version:
        raise OutputError(f"version {manifest.version} was already recorded as signed on {last.date}", file=folder,
                          hint="`agreement-builder signed DIR --list` shows what was signed when")
    if date < dt.date.fromisoformat(last.date):
        raise OutputError(f"--date {date.isoformat()} is before {last.date}, when version {last.version} was "
                          "signed", file=folder, hint="give the day the new version was signed")
    if manifest.inputs.get("terms_sha256") == last.terms_sha256:
        raise OutputError(f"version {manifest.version} has the same terms as version {last.version}, signed on "
                          f"{last.date}: there is nothing new to sign", file=folder,
                          hint="change the terms and build; the build writes the amendment to sign")


def _amendment_signed(manifest: Manifest, last: SignedVersion | None) -> int:
    """The amendment signed with this version: its own, none for a restated or first agreement, else the last."""
    if manifest.amended is not None:
        return 0 if manifest.amended.restated else manifest.amended.number
    return last.amendment if last else 0


def _copy_files(folder: Path, manifest: Manifest, target: str) -> dict[str, str]:
    """Copy every file of the version to `target`, checked against the manifest's hashes on the way."""
    final = inside(folder, target, file=folder / MANIFEST)
    if final.exists():
        raise OutputError(f"{target} already exists, but the manifest records no signed version there",
                          file=folder, hint=f"move {final} elsewhere (a signing interrupted earlier), then sign again")
    expected = {**manifest.outputs, **manifest.extras}
    temporary = folder / HISTORY / f".signing-{uuid.uuid4().hex[:12]}"
    files: dict[str, str] = {}
    try:
        for name in manifest.files():
            source = inside(folder, name, file=folder / MANIFEST)
            if not source.is_file():
                continue  # an extra that a build could not make (a redline without its engine)
            digest = sha256_file(source)
            if name in expected and digest != expected[name]:
                raise OutputError(f"{name} changed since version {manifest.version} was built", file=folder,
                                  hint="build again, then sign the new version")
            copy = temporary / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
            files[name] = digest
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, final)
    except OSError as exc:
        raise OutputError(f"the signed files could not be kept in {target}: {exc.strerror or exc}", file=folder,
                          hint="fix the cause (disk space, permissions) and sign again; nothing was recorded") from None
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return files


# --------------------------------------------------------------------------- reading a signed version back


def signed_file(folder: Path, entry: SignedVersion, name: str) -> Path:
    """A file of a signed version, checked: inside the folder with no link on the way, a plain file of
    bounded size, and the very file that was signed (its hash)."""
    where = Path(folder) / MANIFEST
    if name not in entry.files:
        raise OutputError(f"signed version {entry.version} has no {name}", file=where, hint=_REPAIR)
    path = inside(folder, f"{entry.folder}/{name}", file=where)
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise OutputError(f"{entry.folder}/{name} cannot be read: {exc.strerror}", file=folder, hint=_REPAIR) from None
    limit = MAX_JSON_BYTES if name.endswith(".json") else None
    if not stat.S_ISREG(info.st_mode) or (limit is not None and info.st_size > limit):
        raise OutputError(f"{entry.folder}/{name} is not a plain file of a sensible size", file=folder, hint=_REPAIR)
    if name.endswith(".docx"):
        check_word_file(path, field=f"{entry.folder}/{name}")
    if sha256_file(path) != entry.files[name]:
        raise OutputError(f"{entry.folder}/{name} is not the file that was signed (its content changed)",
                          file=folder, hint=_REPAIR)
    return path


def signed_packet(folder: Path, entry: SignedVersion) -> Manifest:
    """The manifest of a signed version (its terms among them), checked as signed_file checks."""
    path = signed_file(folder, entry, MANIFEST)
    return validated(Manifest, read_json(path, hint=_REPAIR), file=path, hint=_REPAIR)
