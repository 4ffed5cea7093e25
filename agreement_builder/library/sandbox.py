"""The sandboxed Jinja environments every template of the tool runs in, built here and nowhere else.

Two kinds, both sandboxed (no attribute of a value outside the sandbox's safe
list, no `__class__` walks) and with StrictUndefined (a misspelt name fails
loudly instead of printing nothing):

- `sandboxed(...)`: the base, for clause bodies and `when` conditions
  (library/render.py adds its helpers and the out-of-band `finalize`);
- `document_environment()`: for the Word templates docxtpl fills in (the
  agreement's header, the RVU forms), with autoescaping on, so a value is
  escaped for XML and never read as markup. docxtpl compiles each part of a
  template with `from_string`; this environment compiles one source once, so
  the six forms of a build made from two templates compile each part once;
- `literal_values(...)`: the values those Word templates are filled with, made
  to come out exactly as typed despite docxtpl's own rewriting of its output.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from .templates import TemplateCache


def sandboxed(*, autoescape: bool = False, **options: Any) -> SandboxedEnvironment:
    """A new sandboxed environment with StrictUndefined; `options` as for jinja2.Environment."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=autoescape, **options)


class DocumentEnvironment(SandboxedEnvironment):
    """A sandboxed, autoescaping environment that compiles each distinct template source once.

    Meant to live for one build: it keeps every source it compiled. With a
    `cache` (templates.py), code is also looked up there, and what is compiled
    while `keep` is true (a built-in template is being rendered) is kept in it.
    """

    def __init__(self, cache: TemplateCache | None = None) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self._compiled: dict[str, Template] = {}
        self.cache = cache
        self.keep = False

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (jinja's own signature)
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if self.cache is None:
                template = super().from_string(source)
            else:
                code = self.cache.code(source, bool(self.autoescape), self.compile, self.keep)
                template = self.template_class.from_code(self, code, self.make_globals(None), None)
            self._compiled[source] = template
        return template


def document_environment(cache: TemplateCache | None = None) -> DocumentEnvironment:
    """The environment for one build's Word templates (see DocumentEnvironment)."""
    return DocumentEnvironment(cache)


# docxtpl turns these four sequences back into "{{", "}}", "{%", "%}" in the
# rendered XML (its escape hatch for literal braces in templates). In user text
# they must stay as typed, so the underscores of such text are written as
# character references, which the XML parser reads back as "_" after docxtpl
# has looked.
_DOCXTPL_UNESCAPES = ("{_{", "}_}", "{_%", "%_}")


def literal_values(value):
    """The values for a Word template docxtpl fills in, made to come out exactly as typed.

    Strings in dicts and lists, at any depth: docxtpl's brace sequences are kept
    from its rewriting (above), and a carriage return, alone or before a newline,
    becomes a newline, which docxtpl makes a line break, as the agreement's body
    does with all three. (Left alone, the XML parser would turn it into a bare
    line feed inside the text, which Word does not show as a break.)
    """
    if isinstance(value, dict):
        return {k: literal_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [literal_values(v) for v in value]
    if isinstance(value, str):
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if "_" in value and any(seq in value for seq in _DOCXTPL_UNESCAPES):
            # Every underscore, not just the matched one: "{_{_{" must not leave a "{_{" behind.
            return Markup(str(escape(value)).replace("_", "&#95;"))
    return value
