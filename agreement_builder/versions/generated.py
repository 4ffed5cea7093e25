"""The agreement as generated, kept beside the one a lawyer edits, so `build --merge` can tell their edits apart.

Every version keeps `generated/agreement.docx`: the agreement exactly as the
tool made it, with the identities of its paragraphs (identity.py). Its hash is
in the manifest's extras; `agreement.docx` has its own in the outputs. The two
differ when a merge put a lawyer's edits into the agreement, so the folder
knows the agreement carries edits even before anyone opens it again.

The kept copy and the edited agreement are read back as untrusted files: the
copy is used only when its hash is the manifest's, and both are checked
against the size limits of a Word file before they are opened.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import LxmlError

from ..document.limits import check_word_file
from ..errors import OutputError, RenderError
from .identity import mark, units
from .manifest import MANIFEST, Manifest, sha256_file

if TYPE_CHECKING:
    from .merge import MergeResult
from .untrusted import inside

AGREEMENT = "agreement.docx"
GENERATED = "generated/agreement.docx"


def carries_edits(manifest: Manifest) -> bool:
    """Whether the version's agreement is not the one generated (a merge put a lawyer's edits into it)."""
    kept = manifest.extras.get(GENERATED)
    return kept is not None and kept != manifest.outputs.get(AGREEMENT)


def last_generated(folder: Path, manifest: Manifest | None) -> Path | None:
    """The agreement the last version generated: its kept copy, or (a folder from before copies were kept)
    the agreement itself while nobody has edited it. None when there is neither."""
    if manifest is None:
        return None
    for name, digest in ((GENERATED, manifest.extras.get(GENERATED)), (AGREEMENT, manifest.outputs.get(AGREEMENT))):
        if digest is None:
            continue
        path = inside(folder, name, file=Path(folder) / MANIFEST)
        if path.is_file() and sha256_file(path) == digest:
            check_word_file(path)
            return path
    return None


def settle_agreement(folder: Path, staging: Path, manifest: Manifest | None, *, merge: bool) -> MergeResult | None:
    """Give the staged agreement its paragraph identities (carried on from the last generated version), keep
    it as `generated/agreement.docx`, and with `merge`, put the merge of the lawyer's copy in its place."""
    staged = staging / AGREEMENT
    if not staged.is_file():
        return None
    previous = last_generated(folder, manifest)
    document = Document(str(staged))
    mark(document.element.body, units(Document(str(previous)).element.body) if previous else None)
    kept = staging / GENERATED
    kept.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(kept))
    document.save(str(staged))
    if not merge:
        return None
    edited = folder / AGREEMENT
    if previous is None or previous == edited or not edited.is_file():
        raise OutputError(f"{AGREEMENT} cannot be merged: version {manifest.version} was built before agreement-builder "
                          "kept a copy of each generated agreement, so your edits cannot be told from its text",
                          file=folder, hint="rebuild with --force (your edited copy is kept in history/ and the "
                          "redline shows what the new terms change), then --merge works from the next version on")
    from .merge import merge_agreement  # only a merge needs it

    try:
        check_word_file(edited, field=AGREEMENT)
        return merge_agreement(previous, edited, kept, staged)
    except (KeyError, ValueError, zipfile.BadZipFile, LxmlError, PackageNotFoundError) as exc:
        # a copy saved by some program in a shape python-docx cannot read
        raise OutputError(f"{AGREEMENT} cannot be read for the merge ({type(exc).__name__}: {exc})", file=folder,
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
