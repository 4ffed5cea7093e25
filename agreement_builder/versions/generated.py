"""Each document as generated, kept beside the one people edit, so `build --merge` can tell their edits apart.

Every version keeps `generated/agreement.docx` and `generated/rvu/*.docx`:
the documents exactly as the tool made them, with the identities of their
paragraphs and rows (identity.py). Their hashes are in the manifest's extras;
the documents themselves have theirs in the outputs. The two differ when a
merge put a lawyer's edits into the agreement (or a partner's answers into a
review form), so the folder knows the document carries edits even before
anyone opens it again.

The kept copies and the edited documents are read back as untrusted files: a
copy is used only when its hash is the manifest's, and each is checked against
the size limits of a Word file before it is opened.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import LxmlError

from ..atomic import write_bytes_atomically
from ..document.limits import check_word_file
from ..errors import OutputError, RenderError
from .identity import mark, units
from .manifest import MANIFEST, Manifest, sha256_file

if TYPE_CHECKING:
    from .merge import MergeResult
from .untrusted import inside

AGREEMENT = "agreement.docx"
GENERATED_DIR = "generated"
GENERATED = f"{GENERATED_DIR}/{AGREEMENT}"


def generated_name(name: str) -> str:
    return f"{GENERATED_DIR}/{name}"


def carries_edits(manifest: Manifest) -> list[str]:
    """Documents of the version that are not the ones generated (a merge put someone's edits into them)."""
    return [name for name, digest in manifest.outputs.items()
            if manifest.extras.get(generated_name(name)) not in (None, digest)]


def last_generated(folder: Path, manifest: Manifest | None, name: str) -> Path | None:
    """Document `name` as the last version generated it: its kept copy, or (a folder from before copies were
    kept) the document itself while nobody has edited it. None when there is neither."""
    if manifest is None:
        return None
    for path_name, digest in ((generated_name(name), manifest.extras.get(generated_name(name))),
                              (name, manifest.outputs.get(name))):
        if digest is None:
            continue
        path = inside(folder, path_name, file=Path(folder) / MANIFEST)
        if path.is_file() and sha256_file(path) == digest:
            check_word_file(path)
            return path
    return None


def settle(folder: Path, staging: Path, manifest: Manifest | None, documents: list[Path],
           merge: list[str]) -> dict[str, MergeResult]:
    """Give each staged Word document its identities (carried on from the last generated version), keep it
    as `generated/NAME`; and for each name in `merge` (documents edited since), put the merge of the
    edited copy in its place. Returns what each merge did."""
    merged: dict[str, MergeResult] = {}
    for document in documents:
        name = document.as_posix()
        if not name.endswith(".docx"):
            continue
        previous = last_generated(folder, manifest, name)
        staged, kept = staging / name, staging / generated_name(name)
        marked = Document(str(staged))
        mark(marked.element.body, units(Document(str(previous)).element.body) if previous else None)
        buffer = io.BytesIO()
        marked.save(buffer)  # once: a zip records the time it is written, so two saves may differ
        kept.parent.mkdir(parents=True, exist_ok=True)
        for path in (kept, staged):
            write_bytes_atomically(path, buffer.getvalue())
        edited = Path(folder) / name
        if name in merge and edited.is_file():
            merged[name] = _merge(folder, manifest, name, previous, edited, kept, staged)
    return merged


def _merge(folder: Path, manifest: Manifest, name: str, previous: Path | None, edited: Path, kept: Path,
           staged: Path) -> MergeResult:
    if previous is None or previous == edited:
        raise OutputError(f"{name} cannot be merged: version {manifest.version} was built before agreement-builder "
                          "kept a copy of each generated document, so your edits cannot be told from its text",
                          file=folder, hint="rebuild with --force (your edited copy is kept in history/ and the "
                          "redline shows what the new terms change), then --merge works from the next version on")
    from .merge import merge_document  # only a merge needs it

    try:
        check_word_file(edited, field=name)
        return merge_document(previous, edited, kept, staged, form=name != AGREEMENT)
    except (KeyError, ValueError, zipfile.BadZipFile, LxmlError, PackageNotFoundError) as exc:
        # a copy saved by some program in a shape python-docx cannot read
        raise OutputError(f"{name} cannot be read for the merge ({type(exc).__name__}: {exc})", file=folder,
                          hint="open it in Word or LibreOffice and save it again as .docx, or rebuild with --force "
                               "to keep it in history/ and start from the new version") from None


def resaved(path: Path, target: Path) -> Path:
    """`path` opened and saved again by python-docx, as every generated and merged agreement is.

    The redline engine reads a document LibreOffice saved as differing in every paragraph's
    properties from the same document saved by python-docx; comparing like with like leaves only
    the real changes. A copy that cannot be read is compared as it is."""
    try:
        check_word_file(path, field=AGREEMENT)
        Document(str(path)).save(str(target))
    except (OutputError, RenderError, KeyError, ValueError, zipfile.BadZipFile, LxmlError, PackageNotFoundError):
        return path
    return target
