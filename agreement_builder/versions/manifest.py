"""DIR/manifest.json: what a packet was built from, and what it holds.

It is how a rebuild knows whether anything changed (the inputs' hashes),
whether anyone edited a generated document by hand (each output's hash), and
what the previous terms were (kept in full, so the change summary and the
redline can be made without the old answers file).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_text_atomically
from ..errors import OutputError

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


def sha256_folder(folder: Path) -> str:
    """One hash over every file's relative name and content (order-independent of the file system)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(sha256_file(path).encode() + b"\n")
    return digest.hexdigest()


def sha256_json(value: Any) -> str:
    return sha256_bytes(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode())


@dataclass
class Manifest:
    version: int
    built_at: str  # ISO 8601, UTC
    tool_version: str
    clause_library: str  # hash of the built-in clause library
    answers_file: str  # name of the answers file it was built from (no folders: no machine paths)
    answers_sha256: str  # the file as it was (comments included)
    inputs: dict[str, Any]  # everything the documents depend on; terms_sha256 among them
    inputs_sha256: str
    terms: dict[str, Any]  # the terms in full (JSON), for the next version's summary
    outputs: dict[str, str] = field(default_factory=dict)  # relative path -> sha256: generated documents
    extras: dict[str, str] = field(default_factory=dict)  # redline and change summary of this version
    previous: dict[str, Any] | None = None  # {"version": N, "edited": [...]} when this replaced a version
    format: int = FORMAT

    def files(self) -> list[str]:
        """Every file of this version, relative to its folder, manifest last."""
        return [*self.outputs, *self.extras, MANIFEST]

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    def write(self, folder: Path) -> None:
        write_text_atomically(Path(folder) / MANIFEST, self.to_json())


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest in `folder`, None if there is none; an error if it is unreadable."""
    path = Path(folder) / MANIFEST
    if not path.exists():
        return None
    hint = (f"restore it from {Path(folder) / 'history'} if you have it, or build into a new folder")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OutputError(f"cannot be read: {exc}", file=path, hint=hint) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise OutputError("is not a manifest this version of agreement-builder understands", file=path, hint=hint)
    try:
        return Manifest(**data)
    except TypeError as exc:
        raise OutputError(f"is incomplete: {exc}", file=path, hint=hint) from None


def touched_outputs(folder: Path, manifest: Manifest) -> tuple[list[str], list[str]]:
    """(edited, missing): generated documents whose content no longer matches the manifest."""
    edited, missing = [], []
    for name, digest in manifest.outputs.items():
        path = Path(folder) / name
        if not path.is_file():
            missing.append(name)
        elif sha256_file(path) != digest:
            edited.append(name)
    return edited, missing


def terms_of(path: Path) -> Terms:
    """The terms in an answers file, or those a packet was built from (its folder or its manifest.json)."""
    from ..answers import load_terms
    from ..terms.model import Terms

    path = Path(path)
    if path.name != MANIFEST and not path.is_dir():
        return load_terms(path)
    manifest = read_manifest(path if path.is_dir() else path.parent)
    if manifest is None:
        raise OutputError("holds no manifest.json", file=path, hint="name an answers file or a packet folder")
    return Terms.model_validate(manifest.terms)
