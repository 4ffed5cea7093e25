"""Atomic file writes: a crash or Ctrl-C never leaves a half-written file.

Data goes to a temporary file in the destination folder (same file system, so
the final rename is atomic), is flushed to disk, and only then replaces the
destination. An existing good file is untouched until the new one is whole.
"""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def atomic_path(destination: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; it replaces `destination` on success."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file private (0600); the result should have the mode the
    # file had before, or what a plain open() would give under the user's umask.
    os.chmod(tmp, _mode_for(destination))
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, destination)
    finally:
        tmp.unlink(missing_ok=True)


def _mode_for(destination: Path) -> int:
    try:
        return destination.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_open(destination: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Like open(), but the file only appears, whole, when the block succeeds."""
    if "b" in mode:
        encoding = None
    with atomic_path(destination) as tmp:
        with open(tmp, mode, encoding=encoding, newline="" if encoding else None) as handle:
            yield handle


def write_bytes_atomically(destination: Path, data: bytes) -> None:
    with atomic_open(destination, "wb") as handle:
        handle.write(data)


def write_text_atomically(destination: Path, text: str) -> None:
    with atomic_open(destination, "w") as handle:
        handle.write(text)
