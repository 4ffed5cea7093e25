"""The answer boxes of the forms: Word content controls with stable tags, written and read back.

Every place a partner answers on a review form or a health survey is an inline
plain-text content control whose tag says what it holds: ``goal-2:rating``,
``behaviour-3:score``, ``steps-ours-1:step`` (the README lists them all). Two
controls name the form itself: ``form:alliance`` (the alliance's name) and
``form:reference`` (``<period>/<partner>[/<department>]/<short|long|survey>``).

The tag is repeated as the control's title (its alias). Word keeps both;
LibreOffice 7.4 keeps a plain-text control's title but drops its tag when it
saves a .docx, so the reader takes the tag and falls back to the title. The same
version writes a box once more for each change of script inside it (Latin, then
Hebrew...), each copy ending with the whole answer; those copies are skipped. It
also drops line breaks typed inside a box (the lines run together): a known
limit of that version, not of the form.

A form that comes back is someone else's file: it is checked against the Word
file limits before it is opened, its document part is parsed without entities,
DTDs or network, and the number of boxes read is bounded.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lxml import etree

from ..document.limits import check_word_file
from ..errors import AgreementBuilderError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SDT, _SDT_PR, _SDT_CONTENT, _TAG, _ALIAS, _PLACEHOLDER_SHOWN, _P, _T, _TAB, _BR, _CR = (
    f"{{{W_NS}}}{name}" for name in ("sdt", "sdtPr", "sdtContent", "tag", "alias", "showingPlcHdr", "p", "t",
                                     "tab", "br", "cr"))
_VAL = f"{{{W_NS}}}val"

MAX_CONTROLS = 20_000  # a form of 40 behaviours and 100 goals has a few hundred
DOCUMENT_PART = "word/document.xml"
PLACEHOLDER_COLOR = "6B7280"


class FormError(AgreementBuilderError):
    """A returned form that cannot be read, or whose answers do not fit the terms."""


def control_xml(tag: str, text: str, *, multiline: bool = False, filled: bool = False,
                size_half_points: int = 17) -> str:
    """An inline plain-text content control showing `text`: a grey placeholder until it is filled in,
    or, `filled`, a value the form already holds (the form's reference).

    `tag` and `text` may hold Jinja expressions (``{{ item.tag }}:score``): the
    form templates are rendered by docxtpl, which fills them in.
    """
    text_type = '<w:text w:multiLine="1"/>' if multiline else "<w:text/>"
    color = "" if filled else f'<w:color w:val="{PLACEHOLDER_COLOR}"/>'
    run_props = f'<w:rPr>{color}<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/></w:rPr>'
    shown = "" if filled else "<w:showingPlcHdr/>"
    return (f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr>{run_props}<w:alias w:val={quoteattr(tag)}/>'
            f'<w:tag w:val={quoteattr(tag)}/>{shown}{text_type}</w:sdtPr>'
            f'<w:sdtContent><w:r>{run_props}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r>'
            f'</w:sdtContent></w:sdt>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def read_controls(path: Path, *, placeholders: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every tagged answer box of the .docx at `path`: tag -> the text typed in it ("" when left empty).

    A box still showing its placeholder (Word marks it; LibreOffice leaves the
    text, which is then one of `placeholders`) is empty. Text comes back as
    typed: line breaks as newlines, tabs as tabs.
    """
    path = Path(path)
    hint = "give the completed .docx form as it came back, not a copy saved in another format"
    try:
        check_word_file(path)
    except AgreementBuilderError as exc:
        raise FormError(exc.message, file=path, hint=hint) from None
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read(DOCUMENT_PART)
    except KeyError:
        raise FormError("is not a Word document (it has no word/document.xml)", file=path, hint=hint) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FormError(f"is not a Word document ({exc})", file=path, hint=hint) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FormError(f"its document part is not well-formed XML ({exc})", file=path, hint=hint) from None
    values: dict[str, str] = {}
    first: dict[str, object] = {}  # tag -> the paragraph its box is in
    for count, sdt in enumerate(root.iter(_SDT), start=1):
        if count > MAX_CONTROLS:
            raise FormError(f"holds more than {MAX_CONTROLS:,} content controls, more than any form has",
                            file=path, hint=hint)
        tag = _tag(sdt)
        if not tag:
            continue  # a control someone added in Word: not one of ours
        answer = _answer(sdt, placeholders)
        if tag in values:
            if first[tag] is sdt.getparent() and answer.endswith(values[tag]):
                continue  # LibreOffice 7.4 writes a box again for each change of script in it (see above)
            raise FormError(f"two answer boxes are tagged {tag!r}", file=path, field=tag,
                            hint="a box was copied in Word; delete the copy and keep the one that was there")
        values[tag], first[tag] = answer, sdt.getparent()
    return values


def _tag(sdt) -> str:
    properties = sdt.find(_SDT_PR)
    if properties is None:
        return ""
    for name in (_TAG, _ALIAS):
        element = properties.find(name)
        if element is not None and element.get(_VAL):
            return element.get(_VAL)
    return ""


def _answer(sdt, placeholders: frozenset[str]) -> str:
    properties, content = sdt.find(_SDT_PR), sdt.find(_SDT_CONTENT)
    if content is None or (properties is not None and properties.find(_PLACEHOLDER_SHOWN) is not None):
        return ""
    paragraphs = list(content.iter(_P))
    text = "\n".join(_run_text(p) for p in paragraphs) if paragraphs else _run_text(content)
    return "" if text.strip() in placeholders else text


def _run_text(element) -> str:
    parts = []
    for node in element.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)
