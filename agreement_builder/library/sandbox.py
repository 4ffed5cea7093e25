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

import contextvars
import time
from typing import TYPE_CHECKING, Any, Iterator

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from .templates import TemplateCache

# Templates can come from a user (a clause folder, a firm's Word templates), so one render is bounded:
# loops over range() share a budget of steps and a deadline, and * and ** cannot build a huge value.
MAX_STEPS = 1_000_000  # range() items, all loops of one render together
MAX_SECONDS = 10.0
MAX_SIZE = 1_000_000  # characters or items a * may make; digits a ** may make


# What a template can raise from its own content (a misspelt name, 1/0, a macro calling itself,
# a limit below): reported as a broken template, never a traceback.
RENDER_ERRORS = (TemplateError, ArithmeticError, RecursionError, TypeError, ValueError, LookupError,
                 AttributeError)


class TemplateLimitError(SecurityError):
    """A template went past the limits one render may use."""


class _Budget:
    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.deadline = time.monotonic() + MAX_SECONDS

    def spend(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise TemplateLimitError(f"its loops run more than {MAX_STEPS:,} times")
        if self.steps % 1024 == 0 and time.monotonic() > self.deadline:
            raise TemplateLimitError(f"it takes more than {MAX_SECONDS:g} seconds")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("template_budget", default=None)


class _LimitedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _BUDGET.set(_Budget())
        try:
            return super().render(*args, **kwargs)
        finally:
            _BUDGET.reset(token)


def _limited_range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > MAX_STEPS:
        raise TemplateLimitError(f"range() of more than {MAX_STEPS:,} numbers")
    budget = _BUDGET.get() or _Budget()  # a `when` condition renders without render(): its own budget
    return _counted(numbers, budget)


def _counted(numbers: range, budget: _Budget) -> Iterator[int]:
    for number in numbers:
        budget.spend()
        yield number


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with StrictUndefined and the limits above on what one render may use."""

    template_class = _LimitedTemplate
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=StrictUndefined, **options)
        self.globals["range"] = _limited_range

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)):
            if abs(right) > 64 and abs(left) > 1:
                raise TemplateLimitError(f"{left!r} ** {right!r} is too large a number")
        if operator == "*" and isinstance(right, int) and hasattr(left, "__len__") and len(left) * right > MAX_SIZE:
            raise TemplateLimitError(f"a value repeated to more than {MAX_SIZE:,} characters or items")
        if operator == "*" and isinstance(left, int) and hasattr(right, "__len__") and len(right) * left > MAX_SIZE:
            raise TemplateLimitError(f"a value repeated to more than {MAX_SIZE:,} characters or items")
        return super().call_binop(context, operator, left, right)


def sandboxed(*, autoescape: bool = False, **options: Any) -> SandboxedEnvironment:
    """A new limited sandbox with StrictUndefined; `options` as for jinja2.Environment."""
    return LimitedSandbox(autoescape=autoescape, **options)


class DocumentEnvironment(LimitedSandbox):
    """A sandboxed, autoescaping environment that compiles each distinct template source once.

    Meant to live for one build: it keeps every source it compiled. With a
    `cache` (templates.py), code is also looked up there, and what is compiled
    while `keep` is true (a built-in template is being rendered) is kept in it.
    """

    def __init__(self, cache: TemplateCache | None = None) -> None:
        super().__init__(autoescape=True)
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
