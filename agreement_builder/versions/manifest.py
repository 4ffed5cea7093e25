"""DIR/manifest.json: what a packet was built from, and what it holds.

It is how a rebuild knows whether anything changed (the inputs' hashes),
whether anyone edited a generated document by hand (each output's hash), and
what the previous terms were (kept in full, so the change summary and the
redline can be made without the old answers file).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, model_validator

from ..atomic import write_text_atomically
from ..errors import OutputError
from .untrusted import inside, is_plain_name, read_json, validated

if TYPE_CHECKING:
    from ..terms.model import Terms

MANIFEST = "manifest.json"
FORMAT = 1


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_folder(folder: Path, pattern: str = "*.md") -> str:
    """One hash over the names and contents of the folder's files matching `pattern` (a clause folder's
    clauses), in name order. Only plain files: a pipe or a device would never end."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).glob(pattern) if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(sha256_file(path).encode() + b"\n")
    return digest.hexdigest()


def sha256_json(value: Any) -> str:
    return sha256_bytes(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode())


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
FileName = Annotated[str, AfterValidator(lambda name: _plain(name))]


def _plain(name: str) -> str:
    if not is_plain_name(name):
        raise ValueError(f"{name!r} is not the name of a file in a packet")
    return name


def _real_date(text: str) -> str:
    import datetime as dt

    dt.date.fromisoformat(text)  # 2027-02-30 is refused
    return text


IsoDate = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), AfterValidator(_real_date)]


class SignedVersion(BaseModel):
    """A version recorded as signed (`agreement-builder signed`): its files are kept in `folder`, each with
    its hash, so an amendment compares the new terms with exactly what was signed."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: Annotated[int, Field(ge=1, le=1_000_000)]
    date: IsoDate  # the day it was signed
    amendment: Annotated[int, Field(ge=0, le=10_000)] = 0  # the amendment signed with it; 0: the agreement itself
    restated: bool = False  # an amended and restated agreement: later amendments amend it
    terms_sha256: Sha256
    folder: FileName  # history/signed-vN
    files: Annotated[dict[FileName, Sha256], Field(max_length=10_000)]
    recorded_at: str

    @model_validator(mode="after")
    def _its_own_folder(self) -> SignedVersion:
        if self.folder != f"history/signed-v{self.version}":
            raise ValueError(f"folder {self.folder!r} is not history/signed-v{self.version}")
        return self


class Amended(BaseModel):
    """What a version built after a signed baseline is: the conformed copy with amendment `number` (written
    to `file`), or, `restated`, an amended and restated agreement (no amendment)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    number: Annotated[int, Field(ge=1, le=10_000)]
    restated: bool = False
    file: FileName | None = None


class Manifest(BaseModel):
    """What a packet was built from and what it holds; read back as untrusted input (see untrusted.py)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: Annotated[int, Field(ge=1, le=1_000_000)]
    built_at: str  # ISO 8601, UTC
    tool_version: str
    clause_library: str  # hash of the built-in clause library
    answers_file: str  # name of the answers file it was built from (no folders: no machine paths)
    answers_sha256: str  # the file as it was (comments included)
    inputs: dict[str, Any]  # everything the documents depend on; terms_sha256 among them
    inputs_sha256: str
    terms: dict[str, Any]  # the terms in full (JSON), for the next version's summary
    outputs: dict[FileName, Sha256] = Field(default_factory=dict)  # generated documents -> their hash
    extras: dict[FileName, Sha256] = Field(default_factory=dict)  # redline and change summary of this version
    previous: dict[str, Any] | None = None  # {"version": N, "edited": [...]} when this replaced a version
    signed: Annotated[list[SignedVersion], Field(max_length=10_000)] = Field(default_factory=list)  # signing.py
    amended: Amended | None = None  # a version built after one was signed, when its terms differ
    format: int = FORMAT

    def files(self) -> list[str]:
        """Every file of this version, relative to its folder, manifest last."""
        return [*self.outputs, *self.extras, MANIFEST]

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"

    def write(self, folder: Path) -> None:
        write_text_atomically(Path(folder) / MANIFEST, self.to_json())

    def built_terms(self, folder: Path) -> Terms:
        """The terms this version was built from; an error naming the manifest if they are not valid terms."""
        from ..terms.model import Terms  # here: reading a manifest for a first build needs no terms model

        return validated(Terms, self.terms, file=Path(folder) / MANIFEST, hint=_REPAIR, prefix="terms.")


_REPAIR = "restore it from the history/ folder if you have it, or build into a new folder"


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest in `folder`, None if there is none; an error if it is unreadable or not one of ours."""
    path = Path(folder) / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    data = read_json(path, hint=_REPAIR)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise OutputError("is not a manifest this version of agreement-builder understands", file=path, hint=_REPAIR)
    return validated(Manifest, data, file=path, hint=_REPAIR)


def touched_outputs(folder: Path, manifest: Manifest) -> tuple[list[str], list[str]]:
    """(edited, missing): generated documents whose content no longer matches the manifest."""
    edited, missing = [], []
    for name, digest in manifest.outputs.items():
        path = inside(folder, name, file=Path(folder) / MANIFEST)
        if not path.is_file():
            missing.append(name)
        elif sha256_file(path) != digest:
            edited.append(name)
    return edited, missing


def merge_conflicts_of(path: Path) -> tuple[int, list[str]] | None:
    """For a packet (its folder or manifest.json) whose version was made by `build --merge`: its version
    and the places where the lawyer's edits and the new terms met. None for an answers file."""
    path = Path(path)
    if path.name != MANIFEST and not path.is_dir():
        return None
    folder = path if path.is_dir() else path.parent
    manifest = read_manifest(folder)
    conflicts = (manifest.previous or {}).get("conflicts") if manifest else None
    if conflicts is None:
        return None
    return manifest.version, validated(_PLACES, conflicts, file=folder / MANIFEST, hint=_REPAIR, prefix="previous.conflicts.")


_PLACES = TypeAdapter(list[Annotated[str, StringConstraints(max_length=200)]])


def terms_of(path: Path) -> Terms:
    """The terms in an answers file, or those a packet was built from (its folder or its manifest.json)."""
    from ..answers import load_terms

    path = Path(path)
    if path.name != MANIFEST and not path.is_dir():
        return load_terms(path)
    folder = path if path.is_dir() else path.parent
    manifest = read_manifest(folder)
    if manifest is None:
        raise OutputError("holds no manifest.json", file=path, hint="name an answers file or a packet folder")
    return manifest.built_terms(folder)
