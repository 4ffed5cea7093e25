"""The built-in Word templates' parts, cleaned up and compiled once, kept in the user's cache.

docxtpl cleans up the XML of every part it renders (`patch_xml`) and compiles
the result with Jinja, on every build: for the agreement's header and footer
and the two review forms, about a tenth of a build. Both steps are pure
functions of the part's XML, of docxtpl's and Jinja's code and of the
environment (sandbox.py), so for the built-in templates their results are kept
beside the compiled clause library, with the same folder, trust checks and
atomic writes (compiled.py):

- key: a SHA-256 of FORMAT, the tool's version, Python's bytecode magic, the
  Jinja and docxtpl versions, and the source of sandbox.py and of this module;
- what: a dict from the SHA-256 of an input (the part's XML, or the cleaned-up
  XML and the autoescape setting) to its result (cleaned-up XML, or Python code);
- which: only parts of the built-in templates are written to it. A firm's own
  template (--style) is cleaned up and compiled fresh on every run, as a
  --clauses folder is, so the file holds a few entries and does not grow with use.

A missing, stale or damaged file costs one build the time the cache saves; it never fails a build.
"""
from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from types import CodeType
from typing import Any, Callable

import docxtpl
import jinja2

from .. import __version__
from . import compiled

FORMAT = b"agreement-builder compiled templates 1\n"
KIND = "templates"


class TemplateCache:
    """The kept results, read on first use; `save` writes them back when a build added any."""

    def __init__(self) -> None:
        self._entries: dict[str, Any] | None = None
        self._key: str | None = None
        self._changed = False

    def patched(self, xml: str, patch: Callable[[str], str], keep: bool) -> str:
        """`patch(xml)`, from the cache when it is there; kept in it when `keep`."""
        return self._get("patch", xml, patch, keep, str)

    def code(self, source: str, autoescape: bool, compile_: Callable[[str], CodeType], keep: bool) -> CodeType:
        """`compile_(source)` (Jinja's code), from the cache when it is there; kept in it when `keep`."""
        return self._get(f"code {autoescape}", source, compile_, keep, CodeType)

    def save(self) -> None:
        if self._changed and self._key is not None and self._entries is not None:
            compiled.write(self._key, self._entries, KIND)
            self._changed = False

    def _get(self, what: str, text: str, make: Callable[[str], Any], keep: bool, kind: type) -> Any:
        entries = self._load()
        name = hashlib.sha256(f"{what}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        value = entries.get(name)
        if not isinstance(value, kind):
            value = make(text)
            if keep:
                entries[name] = value
                self._changed = True
        return value

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            self._key = _key()
            self._entries = compiled.read(self._key, KIND, _well_formed) or {}
        return self._entries


def _key() -> str:
    digest = hashlib.sha256(FORMAT)
    digest.update(importlib.util.MAGIC_NUMBER)
    for part in (__version__, jinja2.__version__, getattr(docxtpl, "__version__", "unknown")):
        digest.update(f"{part}\0".encode())
    folder = Path(__file__).parent
    for module in ("sandbox.py", "templates.py"):
        digest.update((folder / module).read_bytes())
    return digest.hexdigest()


def _well_formed(entries: Any) -> bool:
    return isinstance(entries, dict) and all(
        isinstance(k, str) and isinstance(v, (str, CodeType)) for k, v in entries.items())


_CACHE: TemplateCache | None = None


def template_cache() -> TemplateCache:
    """The cache of this process (a batch worker builds several deals with it)."""
    global _CACHE
    if _CACHE is None:
        _CACHE = TemplateCache()
    return _CACHE
