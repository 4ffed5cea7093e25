"""The paper size and language tag a document takes from the drafting conventions (conventions.py)."""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Twips

from ..conventions import Conventions

# In twentieths of a point, as Word writes them: A4 is 210 x 297 mm, US Letter 8.5 x 11 inches.
PAPER: dict[str, tuple[Length, Length]] = {"a4": (Twips(11906), Twips(16838)), "letter": (Twips(12240), Twips(15840))}


def apply_conventions(document, conventions: Conventions, *, paper: bool = True) -> None:
    """Set every section's paper (keeping its margins and orientation) and the language Word proofs in.

    `paper` is False for a firm's own template: its paper is its own choice."""
    if paper:
        width, height = PAPER[conventions.paper]
        for section in document.sections:
            landscape = section.page_width > section.page_height
            section.page_width, section.page_height = (height, width) if landscape else (width, height)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    _child(run_defaults, "w:lang")
    for lang in styles.iter(qn("w:lang")):  # the defaults and any style that names a language itself
        lang.set(qn("w:val"), conventions.language)


def _child(parent, tag: str):
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found
