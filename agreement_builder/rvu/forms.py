"""Relationship Value Update forms: the review each partner completes and sends to the other.

Which forms are written, for one review period:

- for each partner, the forms `reviews.form_length` asks for: a short form,
  a long form, or both;
- when `reviews.per_department` is true, one more form per department the
  partner lists, completed by that department's contact. Department forms are
  long forms, unless the partners chose short forms only.

File names: ``<period>-<partner>[-<department>]-<short|long>.docx`` in the
rvu folder, e.g. ``Y1-Q2-larkspur-short.docx``, ``Y1-Q2-larkspur-sales-long.docx``.
Each part goes through `safe_text.safe_filename`, so a name can never leave the
folder; two forms that would share a name (keys that differ only by `_` and
`-`) are refused rather than overwriting each other.

The period is the one in progress today (`periods.current_period`) unless
`period` names another ("Y1-Q3", case-insensitive). Forms are rendered from
the two templates in data/templates (or a firm's own copies in `style_dir`)
with docxtpl in a sandboxed Jinja environment with autoescaping on: user text
is only ever a value, escaped for XML, never evaluated as a template.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import nsmap as docx_namespaces
from docx.oxml.parser import element_class_lookup
from docx.package import Package
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from lxml import etree

from .. import conventions
from ..atomic import write_bytes_atomically
from ..conventions import drafting
from ..document.limits import check_word_file
from ..document.page_setup import apply_conventions
from ..errors import AgreementBuilderError, OutputError, RenderError
from ..library.sandbox import RENDER_ERRORS, DocumentEnvironment, document_environment, literal_values
from ..library.templates import TemplateCache, template_cache
from ..resources import package_file
from ..safe_text import clean_terms, safe_filename
from ..spelling import conform_template_xml
from ..terms.governing_law import drafting_conventions
from ..terms.model import FormLength, Terms
from ..terms.periods import ReviewPeriod, current_period, find_period
from .context import FormSpec, form_context, goal_rows

TEMPLATE_NAMES = {"short": "rvu-short.docx", "long": "rvu-long.docx"}
_BUILT_IN = {package_file("templates", name) for name in TEMPLATE_NAMES.values()}



def write_forms(terms: Terms, rvu_dir: Path, *, period: str | None = None, today: dt.date | None = None,
                style_dir: Path | None = None, department: str | None = None) -> list[Path]:
    """Write the RVU forms for one review period into `rvu_dir`; return their paths, in order.

    `department` (a department key) limits the forms to that department's.
    Every form is rendered before any is written, so a failure leaves the
    folder as it was; each file is then replaced atomically.
    """
    terms, _warnings = clean_terms(terms)
    chosen = find_period(terms, period) if period is not None else current_period(terms, today or dt.date.today())
    specs = plan_forms(terms, department=department)
    targets: dict[Path, FormSpec] = {}
    for spec in specs:
        target = Path(rvu_dir) / form_filename(chosen, spec)
        if target in targets:
            raise OutputError(f"two forms would both be called {target.name}", file=target,
                              hint="give the partners and departments keys that differ by more than - or _")
        targets[target] = spec
    templates = FormTemplates()
    rendered = {target: render_form(terms, chosen, spec, style_dir, templates) for target, spec in targets.items()}
    templates.save()
    try:
        for target, data in rendered.items():
            write_bytes_atomically(target, data)
    except OSError as exc:
        raise OutputError(f"cannot write the review forms: {exc.strerror or exc}", file=rvu_dir,
                          hint="choose an output folder you can write to") from None
    return list(rendered)


def plan_forms(terms: Terms, *, department: str | None = None) -> list[FormSpec]:
    """The forms one review period needs, partner by partner."""
    length = terms.reviews.form_length
    lengths = ["short", "long"] if length is FormLength.BOTH else [length.value]
    department_length = "short" if length is FormLength.SHORT else "long"
    specs: list[FormSpec] = []
    for sender in terms.partners:
        recipient = terms.other(sender.key)
        specs += [FormSpec(sender, recipient, each) for each in lengths]
        if terms.reviews.per_department:
            specs += [FormSpec(sender, recipient, department_length, d) for d in sender.departments]
    if department is None:
        return specs
    chosen = [s for s in specs if s.department is not None and s.department.key == department.strip().casefold()]
    if not chosen:
        known = [s.department.key for s in specs if s.department is not None]
        hint = (f"departments with their own form: {', '.join(known)}" if known else
                "no department sends its own form (list them under partners[].departments, "
                "with reviews.per_department: true)")
        raise AgreementBuilderError(f"there is no department {department!r}", field="--department", hint=hint)
    return chosen


def form_filename(period: ReviewPeriod, spec: FormSpec) -> str:
    # The period label is ours ("Y1-Q2": letters, digits, one hyphen), kept as it reads
    # in the documents; the keys come from the user and are made safe.
    keys = [spec.sender.key] + ([spec.department.key] if spec.department else [])
    return "-".join([period.label, *(safe_filename(key) for key in keys), spec.length]) + ".docx"


def render_form(terms: Terms, period: ReviewPeriod, spec: FormSpec, style_dir: Path | None = None,
                templates: FormTemplates | None = None) -> bytes:
    """One form as .docx bytes; `templates`, shared by the forms of one build, reads each template once."""
    with drafting(drafting_conventions(terms.disputes.governing_law)):
        return _render_form(terms, period, spec, style_dir, templates or FormTemplates())


def _render_form(terms: Terms, period: ReviewPeriod, spec: FormSpec, style_dir: Path | None,
                 templates: FormTemplates) -> bytes:
    template_path = template_for(spec.length, style_dir)
    context = literal_values(form_context(terms, period, spec, goals=[]))
    context["goals"] = templates.goals(terms)
    template = templates.open(template_path)
    try:
        templates.environment.keep = template.keep
        template.render(context, jinja_env=templates.environment, autoescape=True)
        apply_conventions(template.docx, conventions.current(), paper=template.keep)
        buffer = io.BytesIO()
        template.save(buffer)
    except RENDER_ERRORS as exc:
        raise RenderError(f"the review form template is broken: {exc}", file=template_path,
                          hint="fix the {{ }} / {% %} tags in the template, or remove it to use the built-in one"
                          ) from None
    except (OSError, KeyError, ValueError) as exc:
        raise RenderError(f"cannot read the review form template: {exc}", file=template_path,
                          hint="it must be a Word .docx file") from None
    return buffer.getvalue()


def template_for(length: str, style_dir: Path | None = None) -> Path:
    """A firm's own template in `style_dir` when it has one, else the built-in one."""
    name = TEMPLATE_NAMES[length]
    if style_dir is not None and (Path(style_dir) / name).is_file():
        check_word_file(Path(style_dir) / name, field="--style-dir")  # a firm's file: no zip bomb gets opened
        return Path(style_dir) / name
    return package_file("templates", name)


class FormTemplates:
    """The form templates of one build: each file read once, each of its parts patched and compiled once.

    docxtpl renders a template in place, so every form needs its own opened copy;
    the copies are made from the package read the first time, parsing only the
    parts docxtpl changes (see `_document`). The environment is
    sandboxed with StrictUndefined (a restyled template that misspells a name
    fails loudly instead of printing an empty box) and compiles a source once;
    the built-in templates' parts are cleaned up and compiled once and for all
    (library/templates.py).
    """

    def __init__(self) -> None:
        self.cache = template_cache()
        self.environment: DocumentEnvironment = document_environment(self.cache)
        self._files: dict[Path, PackageReader] = {}
        self._patched: dict[tuple[str, str], str] = {}  # docxtpl's clean-up of a part's XML, by spelling and XML
        self._goals: tuple[Terms, list[dict]] | None = None

    def goals(self, terms: Terms) -> list[dict]:
        """The goal rows every form lists, made once for the terms of the build."""
        if self._goals is None or self._goals[0] is not terms:
            self._goals = (terms, literal_values(goal_rows(terms)))
        return self._goals[1]

    def open(self, path: Path) -> _FormTemplate:
        """A fresh copy of the template at `path`, ready to render."""
        reader = self._files.get(path)
        if reader is None:
            try:
                reader = self._files[path] = PackageReader.from_file(io.BytesIO(Path(path).read_bytes()))
            except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as exc:
                raise RenderError(f"is not a Word document ({exc})", file=path,
                                  hint="a review form template must be a Word .docx file") from None
        template = _FormTemplate(path)
        template.docx = _document(reader, path)
        template.patched = self._patched
        template.cache = self.cache
        template.keep = Path(path) in _BUILT_IN
        return template

    def save(self) -> None:
        """Keep what this build compiled of the built-in templates for the next (library/templates.py)."""
        self.cache.save()


def _document(reader: PackageReader, path: Path):
    """The python-docx document of an already-read template package.

    Only the parts docxtpl reads as XML objects (the document and its core
    properties) are parsed; the others keep the template's bytes, which are
    saved as they are (docxtpl reads a header's or footer's bytes itself).
    """
    package = Package()
    try:
        Unmarshaller.unmarshal(reader, package, _part)
        part = package.main_document_part
    except (KeyError, ValueError) as exc:
        part, problem = None, str(exc)
    else:
        problem = f"its main part is {part.content_type}"
    if part is None or part.content_type != CT.WML_DOCUMENT_MAIN:
        raise RenderError(f"is not a Word document ({problem})", file=path,
                          hint="a review form template must be a Word .docx file")
    return part.document


def _part(partname, content_type: str, reltype: str, blob: bytes, package) -> Part:
    if content_type in _PARSED or reltype == RT.IMAGE:
        return PartFactory(partname, content_type, reltype, blob, package)
    return Part.load(partname, content_type, blob, package)


# The styles too: the language tag the drafting conventions set is there (document/page_setup.py).
_PARSED = (CT.WML_DOCUMENT_MAIN, CT.OPC_CORE_PROPERTIES, CT.WML_STYLES)


_LISTING_CHARS = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # as docxtpl's resolve_listing finds them


class _FormTemplate(DocxTemplate):
    """docxtpl's template, doing its two text passes only where they can change something."""

    patched: dict[tuple[str, str], str]
    _has_drawings = True
    cache: TemplateCache
    keep: bool  # a built-in template: what is made of it may be kept in the cache

    def patch_xml(self, src_xml: str) -> str:
        # A pure function of the XML: the same template part gives the same result for every form.
        spelling = conventions.current().spelling
        result = self.patched.get((spelling, src_xml))
        if result is None:
            result = self.cache.patched(src_xml, super().patch_xml, self.keep)
            # The template's own words in the spelling in force; its tags, and so the answers, untouched.
            result = self.patched[(spelling, src_xml)] = conform_template_xml(result, spelling)
        return result

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        # docxtpl's, with its whole-document rewrites done by plain string replacement (the same
        # results: each pattern is a fixed string) and skipped when the text has nothing to rewrite.
        if jinja_env is None:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        src_xml = src_xml.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")
        self.current_rendering_part = part
        try:
            dst_xml = jinja_env.from_string(src_xml).render(context)
        except TemplateError as exc:
            if getattr(exc, "lineno", None) is not None:  # as docxtpl reports it
                line = max(exc.lineno - 4, 0)
                exc.docx_context = [re.sub(r"<[^>]+>", "", x) for x in src_xml.splitlines()[line:line + 7]]
            raise
        dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if "{_" in dst_xml or "_}" in dst_xml:
            for escaped, tag in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
                dst_xml = dst_xml.replace(escaped, tag)
        return self.resolve_listing(dst_xml)

    def resolve_listing(self, xml: str) -> str:
        # docxtpl turns tabs, newlines, \a and \f inside text into Word breaks, paragraph by
        # paragraph, with three nested regular expressions over the whole document; a paragraph
        # with none of those characters comes out as it went in, so only the others go through.
        if not any(char in xml for char in "\t\a\n\f"):  # four scans by memchr: faster than one by re
            return xml
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: resolve(m.group(0)) if _LISTING_CHARS.search(m.group(0)) else m.group(0),
                              xml)

    def fix_tables(self, xml: str):
        # docxtpl widens or narrows a table's grid when a loop made rows with more or fewer cells
        # than the grid has columns, counting every cell of every row in Python. When every table's
        # widest row fills its grid exactly and no cell spans columns, it changes nothing: then
        # the parsed tree is all it returns.
        self._has_drawings = "docPr" in xml
        document = _whole_document(self.docx.element, xml) if self.docx is not None else None
        tree = document.find(_BODY) if document is not None else etree.fromstring(xml, parser=_PARSER)
        if tree.nsmap.get("w") == _W_NS and _grids_fit(tree):
            return tree
        return super().fix_tables(xml)

    def fix_docpr_ids(self, tree) -> None:
        # docxtpl's, through lxml's own xpath (python-docx's element classes have their own),
        # and only when the body has a drawing at all (a search of the whole tree otherwise)
        if not self._has_drawings:
            return
        for element in etree._Element.xpath(tree, "//wp:docPr", namespaces=docx_namespaces):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree) -> None:
        # docxtpl moves the rendered body into the template's document, which re-homes every node
        # of it (a third of a long form's time); a body parsed inside its own document already
        # is there, and that document takes the template's place.
        document = tree.getparent()
        if document is None or document.tag != _DOCUMENT:
            return super().map_tree(tree)
        part = self.docx.part
        part._element = document
        part.__dict__.pop("document", None)  # python-docx's lazyproperty: made again from the new element
        self.docx = part.document


def _whole_document(template, body: str):
    """The document `template` (a w:document element) with `body` (its rendered w:body) as its body,
    parsed as one, exactly as lxml would make it by putting the parsed body in the template's
    place; None when that cannot be told from the text (then docxtpl's way is taken).

    lxml drops a moved element's namespace declarations that its new ancestors already make:
    here those are the declarations on the body's start tag, which must all be the document's
    own, and no element inside may declare any namespace.
    """
    start = _BODY_START.match(body)
    if start is None or "xmlns" in body[start.end():] or template.find(_BODY) is None:
        return None
    declared = dict(_XMLNS.findall(start.group(0)))
    own = {prefix or "": uri for prefix, uri in template.nsmap.items()}
    if any(own.get(prefix) != uri for prefix, uri in declared.items()):
        return None
    head = etree.tostring(template, encoding="unicode").split("<w:body", 1)[0]
    if "</w:document>" in head or not head.startswith("<w:document"):
        return None
    return etree.fromstring(head + "<w:body>" + body[start.end():] + "</w:document>", parser=_PARSER)


_PARSER = etree.XMLParser(recover=True)  # docxtpl's, with python-docx's element classes (same tree, richer objects)
_PARSER.set_element_class_lookup(element_class_lookup)
_BODY_START = re.compile(r"<w:body(?:\s[^>]*)?>")
_XMLNS = re.compile(r'\sxmlns(?::([\w.-]+))?="([^"]*)"')


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TBL, _TBL_GRID, _GRID_COL, _TR, _TC, _GRID_SPAN, _BODY, _DOCUMENT = (
    f"{{{_W_NS}}}{tag}" for tag in ("tbl", "tblGrid", "gridCol", "tr", "tc", "gridSpan", "body", "document"))


def _grids_fit(tree) -> bool:
    """True when docxtpl's fix_tables would leave every table as it is (see _FormTemplate.fix_tables)."""
    for table in tree.iter(_TBL):
        grid = table.find(_TBL_GRID)
        if grid is None or next(table.iter(_GRID_SPAN), None) is not None:
            return False
        columns = len(grid.findall(_GRID_COL))
        # The rows docxtpl counts: every w:tr inside the table, nested tables' too.
        widths = {len(row.findall(_TC)) for row in table.iter(_TR)}
        if not widths or max(widths) != columns:
            return False
    return True
