"""Filling a form's answer boxes as a partner would in Word: the placeholder replaced by typed text."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from agreement_builder.health.controls import DOCUMENT_PART, W_NS

W = f"{{{W_NS}}}"


def fill_form(path: Path, answers: dict[str, str], *, out: Path | None = None) -> Path:
    """Type `answers` (tag -> text; newlines become line breaks) into the form at `path`, saved to `out`."""
    out = Path(out or path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    root = etree.fromstring(parts[DOCUMENT_PART])
    found = set()
    for sdt in root.iter(f"{W}sdt"):
        tag = sdt.find(f"{W}sdtPr/{W}tag")
        if tag is None or tag.get(f"{W}val") not in answers:
            continue
        name = tag.get(f"{W}val")
        found.add(name)
        shown = sdt.find(f"{W}sdtPr/{W}showingPlcHdr")
        if shown is not None:
            shown.getparent().remove(shown)
        content = sdt.find(f"{W}sdtContent")
        for child in list(content):
            content.remove(child)
        run = etree.SubElement(content, f"{W}r")
        for index, line in enumerate(answers[name].split("\n")):
            if index:
                etree.SubElement(run, f"{W}br")
            text = etree.SubElement(run, f"{W}t")
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            text.text = line
    missing = set(answers) - found
    assert not missing, f"{path.name} has no boxes tagged {sorted(missing)}"
    parts[DOCUMENT_PART] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out.write_bytes(buffer.getvalue())
    return out
