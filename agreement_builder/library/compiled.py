"""The built-in clause library, parsed and compiled once, kept in the user's cache folder.

Parsing the front matter of every clause and compiling every body and `when`
condition with Jinja took about a third of a build. The result depends only
on the library's files, on the code that reads and compiles them, and on the
Jinja and Python versions, so it is kept between runs:

- where: `$AGREEMENT_BUILDER_CACHE_DIR`, else the user's cache folder
  (`$XDG_CACHE_HOME` or ~/.cache on Linux, ~/Library/Caches on macOS,
  %LOCALAPPDATA% on Windows) + `agreement-builder/`, created private (0700);
- key: a SHA-256 of every clause file's name and bytes, the source of this
  package's library modules (they decide what is parsed and how it is
  compiled, so they stand in for the tool's version, and more strictly: any
  change to them is a new key), the Jinja version and Python's bytecode magic.
  Editing, adding or removing a clause file makes a new key, so a stale
  cache is never read;
- what: marshal data (plain values and Python code objects, never pickle):
  per clause, its file name, front matter, body, body line and the code of its
  body and condition. The file starts with a format line, the key and a
  SHA-256 of the rest, all checked before anything is unmarshalled;
- trust: code from the cache is run, so it is read only from a folder that
  belongs to the user and that no one else may write to (on Windows: the
  user's own local app data), and only from a file no one else may write;
- two builds at once: each writes its own temporary file and renames it into
  place (os.replace is atomic), so a reader finds the old file, the new one,
  or none, never half of one; both write the same content;
- anything wrong (unreadable, truncated, corrupt, from another version,
  folder not private, disk full): the cache is ignored and the library is
  compiled as if there were none. A cache can make a build faster, never fail.

Clause folders given with --clauses are never kept here: they are compiled
fresh, in the sandbox, on every run.
"""
from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
from pathlib import Path
from types import CodeType
from typing import Any, Callable

import jinja2

FORMAT = b"agreement-builder compiled clauses 1\n"
KEEP = 4  # newest cache files kept (several installed versions may share the folder)
_DIGEST = hashlib.sha256().digest_size


def cache_folder() -> Path | None:
    """The tool's folder in the user's cache, or None when there is no home to put it in."""
    override = os.environ.get("AGREEMENT_BUILDER_CACHE_DIR")
    if override:
        return Path(override)
    try:
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            xdg = os.environ.get("XDG_CACHE_HOME", "")
            base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    except RuntimeError:  # no home folder can be determined
        return None
    return base / "agreement-builder"


def library_key(files: list[tuple[str, bytes]]) -> str:
    """The cache key of a library made of `files` (name, bytes), in a stable order."""
    digest = hashlib.sha256(FORMAT)
    digest.update(importlib.util.MAGIC_NUMBER)
    digest.update(jinja2.__version__.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        _add(digest, module.name, module.read_bytes())
    for name, data in sorted(files):
        _add(digest, name, data)
    return digest.hexdigest()


def _add(digest, name: str, data: bytes) -> None:
    digest.update(f"{name}\0{len(data)}\0".encode())
    digest.update(data)


Entry = tuple[str, dict, str, int, "CodeType | None", "CodeType | None"]  # file, meta, body, line, body, when


def read(key: str, kind: str = "clauses", check: Callable[[Any], bool] | None = None) -> Any:
    """The entries kept under `key`, or None when there are none that can be trusted.

    `kind` names the file ("clauses", or "templates" for templates.py); `check`
    says whether the unmarshalled value has the expected shape (default: the clauses').
    """
    folder = cache_folder()
    if folder is None:
        return None
    try:
        if not _private(folder):
            return None
        path = folder / _file_name(key, kind)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as file:
            if not _private(os.fstat(file.fileno())):
                return None
            data = file.read()
    except OSError:
        return None
    header = FORMAT + key.encode() + b"\n"
    if not data.startswith(header):
        return None
    digest, payload = data[len(header):len(header) + _DIGEST], data[len(header) + _DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        entries = marshal.loads(payload)
    except Exception:  # noqa: BLE001 (marshal raises ValueError, EOFError, TypeError...: any is a miss)
        return None
    return entries if (check or _well_formed)(entries) else None


def write(key: str, entries: Any, kind: str = "clauses") -> None:
    """Keep `entries` under `key`, atomically; failing quietly (the cache is only a shortcut)."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        payload = marshal.dumps(entries)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return
        fd, temporary = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)  # mode 0600
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(FORMAT + key.encode() + b"\n" + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, folder / _file_name(key, kind))
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return
    _prune(folder, kind)


def _file_name(key: str, kind: str) -> str:
    return f"{kind}-{key[:32]}.marshal"


def _private(where: Path | os.stat_result) -> bool:
    """Whether `where` belongs to this user and no one else may write to it (POSIX; elsewhere: True)."""
    if not hasattr(os, "getuid"):
        return True
    info = os.stat(where) if isinstance(where, Path) else where
    if info.st_uid != os.getuid():
        return False
    return not info.st_mode & 0o022


def _well_formed(entries: Any) -> bool:
    if not isinstance(entries, list):
        return False
    for entry in entries:
        if not (isinstance(entry, tuple) and len(entry) == 6):
            return False
        name, meta, body, line, body_code, when_code = entry
        if not (isinstance(name, str) and isinstance(meta, dict) and isinstance(body, str)
                and isinstance(line, int) and isinstance(body_code, (CodeType, type(None)))
                and isinstance(when_code, (CodeType, type(None)))):
            return False
    return True


def _prune(folder: Path, kind: str) -> None:
    """Remove all but the KEEP newest cache files of a kind (other versions of the tool or of the library)."""
    try:
        files = sorted(folder.glob(f"{kind}-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP:]:
            old.unlink()
    except OSError:
        pass
