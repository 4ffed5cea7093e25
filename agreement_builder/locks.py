"""One advisory file lock, for the two things that must not run twice at once:
a build into the same folder, and the redline engine unpacking itself."""
from __future__ import annotations

import os
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
    # O_NOFOLLOW: a lock file replaced by a link must not make us create or touch a file elsewhere.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy(str(path)) from None
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
