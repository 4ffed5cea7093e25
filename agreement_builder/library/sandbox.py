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
  the six forms of a build made from two templates compile each part once.
"""
from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment


def sandboxed(*, autoescape: bool = False, **options: Any) -> SandboxedEnvironment:
    """A new sandboxed environment with StrictUndefined; `options` as for jinja2.Environment."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=autoescape, **options)


class DocumentEnvironment(SandboxedEnvironment):
    """A sandboxed, autoescaping environment that compiles each distinct template source once.

    Meant to live for one build: it keeps every source it compiled.
    """

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (jinja's own signature)
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
        return template


def document_environment() -> DocumentEnvironment:
    """The environment for one build's Word templates (see DocumentEnvironment)."""
    return DocumentEnvironment()
