"""agreement-builder: turn a strategic alliance's terms into documents people can sign and live by."""
from __future__ import annotations

_version: str | None = None


def __getattr__(name: str) -> str:
    # `__version__` is read from the installed metadata only when asked for:
    # importlib.metadata costs ~30 ms to import, more than the rest of this package's start.
    global _version
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _version is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _version = version("agreement-builder")
        except PackageNotFoundError:  # running from a source checkout that was never installed
            _version = "0.0.0+source"
    return _version
