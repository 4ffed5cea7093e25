"""Text typed by users, made safe to put in a document without changing it.

Word files are XML, and XML 1.0 cannot hold most control characters (text
pasted from other programs often carries them). Those are removed, with a
warning naming the field; everything else (ampersands, angle brackets,
quotes, tabs, newlines, emoji, right-to-left scripts, `{{ }}`) is kept
exactly as typed. Escaping for XML is python-docx's job, not ours.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel
from slugify import slugify

from .errors import Problem, Severity

# Characters XML 1.0 forbids: C0 controls except tab, newline, carriage return;
# surrogates; U+FFFE and U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters an XML document cannot hold."""
    return _XML_INVALID.sub("", text)


def clean_terms(terms: BaseModel) -> tuple[BaseModel, list[Problem]]:
    """A copy of `terms` with every text field XML-safe, and a warning per field changed."""
    warnings: list[Problem] = []
    cleaned = _clean(terms.model_dump(mode="python"), "", warnings)
    return type(terms).model_validate(cleaned), warnings


def _clean(value: Any, path: str, warnings: list[Problem]) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v, f"{path}.{k}" if path else k, warnings) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, f"{path}[{i}]", warnings) for i, v in enumerate(value)]
    if isinstance(value, str):
        safe = xml_safe(value)
        if safe != value:
            removed = len(value) - len(safe)
            warnings.append(Problem(path, f"removed {removed} control character(s) a Word document cannot hold",
                                    "retype the text, or paste it as plain text", Severity.WARNING))
        return safe
    return value


def safe_filename(text: str, fallback: str = "file") -> str:
    """A file name part made from user text that cannot leave its folder.

    Only lowercase ASCII letters, digits and hyphens survive, so no `/`, `..`,
    drive letters or reserved names get through.
    """
    name = slugify(unicodedata.normalize("NFKC", text), max_length=60, word_boundary=True)
    return name or fallback
