"""A Word file given by a user (a firm's style template, its own review forms) is checked before it is opened.

A .docx is a zip archive, and a small one can expand to gigabytes (a
"thumbnail" of 4 GiB, a styles part of millions of elements). These limits
are far above any real template and stop such a file before python-docx or
docxtpl reads a byte of it.
"""
from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from ..errors import RenderError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PARTS = 2_000
MAX_PART_BYTES = 32 * 1024 * 1024  # one part, expanded
MAX_TOTAL_BYTES = 128 * 1024 * 1024  # all parts, expanded


def check_word_file(path: Path, *, field: str | None = None) -> None:
    """Refuse a file that is not a plain file, or a zip whose parts would expand past the limits."""
    path = Path(path)
    hint = "use a Word .docx of ordinary size, made from the built-in template"
    try:
        info = path.stat()
    except OSError as exc:
        raise RenderError(f"cannot be read: {exc.strerror}", file=path, field=field, hint=hint) from None
    if not stat.S_ISREG(info.st_mode):
        raise RenderError("is not a plain file (a pipe, a device or a folder)", file=path, field=field, hint=hint)
    if info.st_size > MAX_FILE_BYTES:
        raise RenderError(f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB", file=path, field=field, hint=hint)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RenderError(f"is not a Word document ({exc})", file=path, field=field, hint=hint) from None
    if len(parts) > MAX_PARTS:
        raise RenderError(f"holds more than {MAX_PARTS:,} parts", file=path, field=field, hint=hint)
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise RenderError(f"its part {part.filename} would expand to {part.file_size:,} bytes, more than "
                              f"{MAX_PART_BYTES // (1024 * 1024)} MB", file=path, field=field, hint=hint)
    total = sum(part.file_size for part in parts)
    if total > MAX_TOTAL_BYTES:
        raise RenderError(f"would expand to {total:,} bytes, more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB",
                          file=path, field=field, hint=hint)
