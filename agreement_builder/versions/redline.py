"""Tracked-changes redlines between two versions of a document.

The comparison itself is python-redlines' Docxodus engine (a self-contained
.NET program shipped in the `python-redlines-docxodus` wheel, ~45 MB, run
offline); we never hand-write a .docx comparer. It is installed with
agreement-builder on the platforms it has builds for (Linux with glibc, Windows
and macOS, on x86-64 and ARM64; see pyproject.toml's markers); elsewhere a
build still succeeds and says why it wrote no redline.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..atomic import write_bytes_atomically
from ..errors import AgreementBuilderError
from ..locks import exclusive_lock

AUTHOR = "agreement-builder"
INSTALL_HINT = ("the redline engine comes with agreement-builder on Linux (glibc), Windows and macOS, on x86-64 "
                'and ARM64; on another platform there is no build of it. If yours is one of those, reinstall: '
                'pip install "python-redlines[docxodus]" (or, from a checkout, pip install ".[redlines]")')


class RedlineUnavailable(AgreementBuilderError):
    """The redline engine is not installed (or cannot run on this platform)."""


def _engine():
    try:
        from python_redlines import DocxodusEngine, EngineNotInstalledError
    except ImportError:
        raise RedlineUnavailable("python-redlines is not installed", hint=INSTALL_HINT) from None
    try:
        with _unpack_lock():
            return DocxodusEngine()
    except (EngineNotInstalledError, EnvironmentError) as exc:
        raise RedlineUnavailable(f"the Docxodus redline engine cannot run here: {exc}", hint=INSTALL_HINT) from None


@contextmanager
def _unpack_lock() -> Iterator[None]:
    """The engine unpacks itself into the user's cache on first use; parallel
    batch workers must not run a half-unpacked copy, so unpacking is serialised."""
    try:
        import platformdirs
    except ImportError:  # comes with python-redlines; without it there is no engine to unpack
        yield
        return
    folder = Path(platformdirs.user_cache_dir("python-redlines"))
    folder.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(folder / ".unpack.lock", wait=True):
        yield


def redline_problem() -> str | None:
    """Why redlines cannot be made here, or None when they can."""
    try:
        _engine()
    except RedlineUnavailable as exc:
        return str(exc)
    return None


def make_redline(original: Path, modified: Path, target: Path, *, author: str = AUTHOR,
                 when: dt.datetime | None = None) -> Path:
    """Write `target`: `modified` with every difference from `original` as a tracked change.

    Each insertion and deletion carries `author` and `when` (UTC), so Word and
    LibreOffice show who proposed it and when.
    """
    engine = _engine()
    when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    try:
        redline, _stdout, _stderr = engine.run_redline(
            author, Path(original), Path(modified), date_time=when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    except subprocess.CalledProcessError as exc:
        raise AgreementBuilderError(f"the redline engine failed: {exc}", file=original,
                                    hint="check that both documents open in Word or LibreOffice") from None
    except OSError as exc:
        raise RedlineUnavailable(f"the redline engine cannot run here: {exc}", hint=INSTALL_HINT) from None
    write_bytes_atomically(Path(target), redline)
    return Path(target)
