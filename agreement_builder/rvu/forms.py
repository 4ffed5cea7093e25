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
from pathlib import Path

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..atomic import write_bytes_atomically
from ..document.docx_parts import open_template
from ..errors import AgreementBuilderError, OutputError, RenderError
from ..resources import package_file
from ..safe_text import clean_terms, safe_filename
from ..terms.model import FormLength, Terms
from ..terms.periods import ReviewPeriod, current_period, find_period
from .context import FormSpec, form_context

TEMPLATE_NAMES = {"short": "rvu-short.docx", "long": "rvu-long.docx"}

# docxtpl turns these four sequences back into "{{", "}}", "{%", "%}" in the
# rendered XML (its escape hatch for literal braces in templates). In user text
# they must stay as typed, so the underscores of such text are written as
# character references, which the XML parser reads back as "_" after docxtpl
# has looked.
_DOCXTPL_UNESCAPES = ("{_{", "}_}", "{_%", "%_}")


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
    rendered = {target: render_form(terms, chosen, spec, style_dir) for target, spec in targets.items()}
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


def render_form(terms: Terms, period: ReviewPeriod, spec: FormSpec, style_dir: Path | None = None) -> bytes:
    """One form as .docx bytes."""
    template_path = template_for(spec.length, style_dir)
    context = _literal(form_context(terms, period, spec))
    template = open_template(template_path, hint="a review form template must be a Word .docx file")
    try:
        template.render(context, jinja_env=_environment(), autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
    except TemplateError as exc:
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
        return Path(style_dir) / name
    return package_file("templates", name)


def _environment() -> SandboxedEnvironment:
    # StrictUndefined: a restyled template that misspells a name fails loudly
    # instead of printing an empty box.
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def _literal(value):
    """The context with every string made safe from docxtpl's post-render brace rewriting."""
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal(v) for v in value]
    if isinstance(value, str) and any(seq in value for seq in _DOCXTPL_UNESCAPES):
        # Every underscore, not just the matched one: "{_{_{" must not leave a "{_{" behind.
        return Markup(str(escape(value)).replace("_", "&#95;"))
    return value
