"""One advisory file lock, for the two things that must not run twice at once:
a build into the same folder, and the redline engine unpacking itself."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class Busy(Exception):
    """Someone else holds the lock (only raised when not waiting for it)."""


@contextmanager
def exclusive_lock(path: Path, *, wait: bool) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (created if missing) for the block.

    With `wait=False` a lock held elsewhere raises `Busy` at once. Windows has no
    flock: there the block runs unlocked, and users run one build per folder.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy(str(path)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
