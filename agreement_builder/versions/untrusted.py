"""The files of an output folder are input from someone else, and are checked before the tool acts on them.

An output folder travels: partners share it on a drive, lawyers send it back
by email. Its manifest, its journal and its sub-folders may have been edited,
replaced by links, or made by hand to hurt. Every name the tool reads from
them is a plain relative name inside the folder, every path it moves a file
to or from has no link on the way, and every file it parses is a regular
file of bounded size.
"""
from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import OutputError

MAX_JSON_BYTES = 64 * 1024 * 1024  # a manifest holds the terms in full: a deal of 10,000 goals is a few MB

# The names a packet's files have: "agreement.docx", "rvu/Y1-Q1-larkspur-long.docx", "history/v3/...".
# Plain parts of letters, digits, dots, hyphens and underscores, none starting with a dot (so no "..",
# no hidden files), at most five deep.
_PART = r"[A-Za-z0-9_][A-Za-z0-9._-]{0,150}"
_NAME = re.compile(rf"^{_PART}(?:/{_PART}){{0,4}}$")


def is_plain_name(name: Any) -> bool:
    return isinstance(name, str) and bool(_NAME.match(name))


def inside(folder: Path, name: str, *, file: Path) -> Path:
    """`folder / name`, refusing a name that is not plain or a link anywhere on the way below `folder`."""
    if not is_plain_name(name):
        raise OutputError(f"names {name!r}, which is not a file of a packet", file=file,
                          hint="it was edited by hand or made elsewhere; restore it, or build into a new folder")
    path = Path(folder)
    for part in name.split("/"):
        path = path / part
        if path.is_symlink():
            raise _a_link(folder, path.relative_to(folder).as_posix())
    return path


def refuse_links(folder: Path, names: list[str]) -> None:
    """Refuse a folder where any of `names`, top-level entries the tool manages, is a link."""
    for name in names:
        if (Path(folder) / name).is_symlink():
            raise _a_link(folder, name)


def _a_link(folder: Path, name: str) -> OutputError:
    return OutputError(f"{name} is a link; agreement-builder writes only into the folder itself, never through "
                       "links", file=folder, hint="replace the link with a real folder or file, or build into a new folder")


def read_json(path: Path, *, hint: str) -> Any:
    """The JSON in `path`: a regular file (no link, no device, no pipe) of bounded size, parsed."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise OutputError(f"cannot be read: {exc.strerror}", file=path, hint=hint) from None
    if not stat.S_ISREG(info.st_mode):
        raise OutputError("is not a plain file (a link, folder or device)", file=path, hint=hint)
    if info.st_size > MAX_JSON_BYTES:
        raise OutputError(f"is larger than {MAX_JSON_BYTES // (1024 * 1024)} MB, more than a packet ever writes",
                          file=path, hint=hint)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_JSON_BYTES + 1)
        return json.loads(data.decode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot be read: {exc.strerror}", file=path, hint=hint) from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else exc
        raise OutputError(f"is not valid JSON: {reason}", file=path, hint=hint) from None


def validated(shape: Any, data: Any, *, file: Path, hint: str, prefix: str = "") -> Any:
    """`data` checked against `shape` (a pydantic model, or a TypeAdapter); an error naming `file` and the
    first field at fault otherwise. `prefix` places the field ("terms." for the terms inside a manifest)."""
    try:
        return shape.model_validate(data) if hasattr(shape, "model_validate") else shape.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = prefix + ".".join(str(part) for part in first["loc"]) or "(top level)"
        message = "missing" if first["type"] == "missing" else first["msg"]
        raise OutputError(f"{where}: {message}", file=file, hint=hint) from None
