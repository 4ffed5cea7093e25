"""Edit a .docx in a real LibreOffice, as a lawyer would, and save it as .docx again.

Run with the Python that has LibreOffice's `uno` module (Debian's python3-uno), not the
project's: `python3 libreoffice_edit.py SOFFICE IN.docx OUT.docx EDITS.json`. EDITS is a
list of {"paragraph": "text it contains", and one of "append": text, "replace": [old, new],
"insert_after": text, "delete": true}, or {"find": text anywhere (a table cell too), "append": text},
applied in order through LibreOffice's own API.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK


def _prop(name, value):
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(soffice, profile, pipe):
    process = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nologo",
                                f"-env:UserInstallation={Path(profile).as_uri()}",
                                f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 90
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return process, context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.3)


def _paragraphs(document):
    found = document.getText().createEnumeration()
    while found.hasMoreElements():
        element = found.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            yield element


def _apply(document, edit):
    text = document.getText()
    if "find" in edit:  # typed right after the words found, wherever they are
        search = document.createSearchDescriptor()
        search.SearchString = edit["find"]
        found = document.findFirst(search)
        found.getText().insertString(found.getEnd(), edit["append"], False)
        return
    paragraph = next(p for p in _paragraphs(document) if edit["paragraph"] in p.getString())
    if "append" in edit:
        text.insertString(paragraph.getEnd(), edit["append"], False)
    elif "replace" in edit:
        old, new = edit["replace"]  # the words selected and typed over, as a lawyer does
        cursor = text.createTextCursorByRange(paragraph.getStart())
        cursor.goRight(paragraph.getString().index(old), False)
        cursor.goRight(len(old), True)
        cursor.setString(new)
    elif "insert_after" in edit:
        cursor = text.createTextCursorByRange(paragraph.getEnd())
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        text.insertString(cursor, edit["insert_after"], False)
    elif edit.get("delete"):
        text.removeTextContent(paragraph)


def main(soffice, source, target, edits_file):
    edits = json.loads(Path(edits_file).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="lo-edit-") as profile:
        process, desktop = _connect(soffice, profile, f"ab{uuid.uuid4().hex[:10]}")
        try:
            document = desktop.loadComponentFromURL(Path(os.path.abspath(source)).as_uri(), "_blank", 0,
                                                    (_prop("Hidden", True),))
            for edit in edits:
                _apply(document, edit)
            document.storeToURL(Path(os.path.abspath(target)).as_uri(), (_prop("FilterName", "MS Word 2007 XML"),))
            document.close(True)
        finally:
            try:
                desktop.terminate()
            except Exception:
                pass
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main(*sys.argv[1:5])
