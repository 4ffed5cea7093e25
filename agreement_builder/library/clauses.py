"""The clause library: loading clause files, layering folders, choosing clauses for a deal.

The file format is described in clauses/README.md. Front matter is read with
a safe YAML loader (plain data only, safe_yaml.py) and checked by a small pydantic model,
so a broken file is reported with its name and the field at fault. Bodies and
`when` conditions are compiled in the sandboxed environment of clause_text.
"""
from __future__ import annotations

import io
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Callable, Literal

from jinja2 import TemplateSyntaxError
from jinja2.exceptions import SecurityError, UndefinedError
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from ..errors import ClauseError
from ..resources import data_folder
from ..safe_yaml import YAMLSyntaxError, load_yaml
from ..terms.model import Terms
from . import compiled
from .render import (
    Block,
    Renderer,
    body_code,
    body_from_code,
    compile_body,
    compile_condition,
    condition_code,
    condition_from_code,
)
from .sandbox import RENDER_ERRORS

ClauseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class ClauseMeta(BaseModel):
    """The front matter of a clause file."""

    model_config = ConfigDict(extra="forbid")

    id: ClauseId
    title: Annotated[str, StringConstraints(min_length=1)]
    order: float
    alternative: str | None = None
    when: str | None = None
    defines: list[Annotated[str, StringConstraints(min_length=1)]] = Field(default_factory=list)
    refers: list[ClauseId] = Field(default_factory=list)
    # Fields the terms may leave out but a deal rule requires whenever this clause applies (so its body may read
    # them without testing them): lint accepts those reads and checks each is a field of the terms.
    assumes: list[Annotated[str, StringConstraints(min_length=1)]] = Field(default_factory=list)
    # Extension: `numbered` (default) gives "1 Title" and 1.1, 1.2 ...; `plain` an unnumbered
    # section (the parties); `signatures` renders the body once per partner (`signer`), side by side.
    layout: Literal["numbered", "plain", "signatures"] = "numbered"


@dataclass
class Clause:
    meta: ClauseMeta
    body: str
    file: Path
    body_line: int  # line of the file the body starts on (for messages)
    _template: Any = field(default=None, repr=False)
    _condition: Any = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def numbered(self) -> bool:
        return self.meta.layout == "numbered"

    @property
    def template(self):
        if self._template is None:
            try:
                self._template = compile_body(self.body)
            except TemplateSyntaxError as exc:
                raise ClauseError(f"line {self.body_line + (exc.lineno or 1) - 1}: template error: {exc.message}",
                                  file=self.file, field="body",
                                  hint="check the {{ }} and {% %} tags near that line") from None
        return self._template

    @property
    def condition(self):
        if self._condition is None and self.meta.when:
            try:
                self._condition = compile_condition(self.meta.when)
            except TemplateSyntaxError as exc:
                raise ClauseError(f"not a valid condition: {exc.message}", file=self.file, field="when",
                                  hint='write a Jinja expression, e.g. trust.confidentiality_level == "strict"') from None
        return self._condition

    def applies(self, terms: Terms, context: dict[str, Any] | None = None) -> bool:
        """Whether the terms call for this clause; `context` (Renderer(terms).context()) saves making it again."""
        if not self.meta.when:
            return True
        try:
            return bool(self.condition(**(context if context is not None else Renderer(terms).context())))
        except RENDER_ERRORS as exc:
            raise ClauseError(f"the condition {self.meta.when!r} cannot be evaluated: {_jinja_message(exc)}",
                              file=self.file, field="when",
                              hint="conditions may only use fields of the terms (see `agreement-builder schema`)") from None

    def render(self, renderer: Renderer, refers_check: bool = True, **extra: Any) -> list[Block]:
        def allowed(clause_id: str) -> None:
            if refers_check and clause_id not in self.meta.refers:
                raise ValueError(f"ref({clause_id!r}) is not listed under `refers`")

        try:
            return renderer.render(self.template, allowed, **extra)
        except ClauseError:
            raise
        except RENDER_ERRORS as exc:
            raise ClauseError(f"cannot be rendered: {_jinja_message(exc)}", file=self.file, field="body",
                              hint="placeholders may only name fields of the terms and the helpers in clauses/README.md"
                              ) from None


def _jinja_message(exc: Exception) -> str:
    if isinstance(exc, UndefinedError):
        return f"{exc.message} (no such field)"
    if isinstance(exc, SecurityError):
        return f"not allowed in the sandbox: {exc}"
    return str(exc)


# --------------------------------------------------------------------------- loading

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def parse_clause(file: Path, data: bytes | None = None) -> Clause:
    """The clause in `file` (`data`: its bytes, when already read)."""
    try:
        if data is None:
            data = read_clause_file(file)
        # Decoded as read_text decodes: universal newlines.
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()
    except UnicodeDecodeError:
        raise ClauseError("is not UTF-8 text", file=file, hint="save the clause file as UTF-8") from None
    except OSError as exc:
        raise ClauseError(f"cannot be read: {exc.strerror}", file=file) from None
    match = _FRONT.match(text)
    if not match:
        raise ClauseError("has no front matter", file=file, field="front matter",
                          hint="start the file with a --- line, the id/title/order fields, and another --- line")
    try:
        data = load_yaml(match.group(1))
    except YAMLSyntaxError as exc:
        raise ClauseError(f"front matter is not valid YAML: {exc}",
                          file=file, field="front matter", hint="check indentation and quoting") from None
    if not isinstance(data, dict):
        raise ClauseError("front matter must be a mapping of fields", file=file, field="front matter",
                          hint="write `id: ...`, `title: ...`, `order: ...` between the --- lines")
    try:
        meta = ClauseMeta.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "front matter"
        message = "unknown field" if err["type"] == "extra_forbidden" else (
            "missing" if err["type"] == "missing" else err["msg"])
        raise ClauseError(message, file=file, field=where,
                          hint="fields are id, title, order, alternative, when, defines, refers, layout "
                               "(see clauses/README.md)") from None
    body_line = text[:match.end()].count("\n") + 1
    return Clause(meta, text[match.end():], file, body_line)


@dataclass
class Library:
    clauses: dict[str, Clause]  # by id, in document order
    folders: list[Path]

    def get(self, clause_id: str) -> Clause:
        try:
            return self.clauses[clause_id]
        except KeyError:
            raise ClauseError(f"there is no clause {clause_id!r}", field="id",
                              hint="run `agreement-builder clauses list` to see the ids") from None


# A clause folder may be a user's: each file a plain file of bounded size, and not too many of them.
MAX_CLAUSE_BYTES = 256 * 1024
MAX_CLAUSE_FILES = 500


def clause_files(folder: Path) -> list[Path]:
    """The clause files of a folder, by name (its README is no clause)."""
    files = [f for f in sorted(Path(folder).glob("*.md")) if f.name.lower() != "readme.md"]
    if len(files) > MAX_CLAUSE_FILES:
        raise ClauseError(f"holds more than {MAX_CLAUSE_FILES} clause files", file=folder, field="--clauses",
                          hint="point --clauses at a folder of your own clauses only")
    return files


def read_clause_file(file: Path) -> bytes:
    """A clause file's bytes: a plain file (not a pipe or a device, which could hang or never end) of at
    most MAX_CLAUSE_BYTES. OSError when it cannot be read."""
    info = file.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ClauseError("is not a plain file (a pipe, a device or a folder)", file=file,
                          hint="a clause file is a text file; remove this one from the folder")
    if info.st_size > MAX_CLAUSE_BYTES:
        raise ClauseError(f"is larger than {MAX_CLAUSE_BYTES // 1024} KB, far more than a clause needs", file=file,
                          hint="split it into several clauses")
    with open(file, "rb") as handle:
        data = handle.read(MAX_CLAUSE_BYTES + 1)
    if len(data) > MAX_CLAUSE_BYTES:
        raise ClauseError(f"is larger than {MAX_CLAUSE_BYTES // 1024} KB, far more than a clause needs", file=file,
                          hint="split it into several clauses")
    return data


def load_folder(folder: Path, on_problem: Callable[[ClauseError], None] | None = None,
                contents: dict[Path, bytes] | None = None) -> dict[str, Clause]:
    """The clauses of one folder, by id.

    A broken file or a second file with the same id is raised, or, with
    `on_problem`, passed to it and left out (lint reports them all).
    `contents`: the files' bytes, when already read.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ClauseError("is not a folder of clause files", file=folder, field="--clauses",
                          hint="point --clauses at a folder holding <id>.md clause files")
    clauses: dict[str, Clause] = {}
    for file in clause_files(folder):
        try:
            clause = parse_clause(file, (contents or {}).get(file))
            if clause.id in clauses:
                raise ClauseError(f"the id {clause.id!r} is also used by {clauses[clause.id].file.name}",
                                  file=file, field="id", hint="give every clause its own id")
        except ClauseError as exc:
            if on_problem is None:
                raise
            on_problem(exc)
            continue
        clauses[clause.id] = clause
    return clauses


def load_built_in(folder: Path) -> dict[str, Clause]:
    """The built-in clauses: parsed and compiled once, then read from the user's cache (compiled.py)."""
    try:
        contents = {file: read_clause_file(file) for file in clause_files(folder)}
    except (OSError, ClauseError):
        return load_folder(folder)  # reports the file it cannot read
    key = compiled.library_key([(file.name, data) for file, data in contents.items()])
    entries = compiled.read(key)
    if entries is not None:
        clauses = _from_entries(Path(folder), entries)
        if clauses is not None:
            return clauses
    clauses = load_folder(folder, contents=contents)
    compiled.write(key, [_compile(clause) for clause in clauses.values()])
    return clauses


def _compile(clause: Clause) -> compiled.Entry:
    """A clause compiled now, as the cache keeps it; a template that does not compile is kept
    uncompiled, so it fails (with its line) when it is used, as it does without a cache."""
    body = when = None
    try:
        body = body_code(clause.body)
        clause._template = body_from_code(body)
    except TemplateSyntaxError:
        pass
    if clause.meta.when:
        try:
            when = condition_code(clause.meta.when)
            clause._condition = condition_from_code(when)
        except TemplateSyntaxError:
            pass
    return (clause.file.name, clause.meta.model_dump(), clause.body, clause.body_line, body, when)


def _from_entries(folder: Path, entries: list[compiled.Entry]) -> dict[str, Clause] | None:
    clauses: dict[str, Clause] = {}
    try:
        for name, meta, body, line, body_code_, when_code in entries:
            clause = Clause(ClauseMeta.model_validate(meta), body, folder / name, line)
            if body_code_ is not None:
                clause._template = body_from_code(body_code_)
            if when_code is not None:
                clause._condition = condition_from_code(when_code)
            clauses[clause.id] = clause
    except Exception:  # noqa: BLE001 (a cache that does not make a library is a miss, whatever is wrong)
        return None
    return clauses


def merge(layers: list[dict[str, Clause]]) -> dict[str, Clause]:
    """Folders layered in order (the same id overrides, new ids are added), sorted into document order."""
    merged: dict[str, Clause] = {}
    for layer in layers:
        merged.update(layer)
    return dict(sorted(merged.items(), key=lambda kv: (kv[1].meta.order, kv[0])))


_CACHE: dict[tuple, Library] = {}


def load_library(clauses_dir: Path | None = None) -> Library:
    """The built-in clauses, with `clauses_dir` (if given) layered over them."""
    folders = [data_folder("clauses")] + ([Path(clauses_dir)] if clauses_dir else [])
    key = tuple((str(f), _stamp(f)) for f in folders)
    if key in _CACHE:
        return _CACHE[key]
    # A user's folder is compiled fresh every time, never cached: it is not ours to trust.
    library = Library(merge([load_built_in(folders[0])] + [load_folder(f) for f in folders[1:]]), folders)
    _CACHE.clear()
    _CACHE[key] = library
    return library


def _stamp(folder: Path) -> tuple:
    # Reloaded whenever a clause file is added, removed or edited.
    try:
        return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in Path(folder).glob("*.md")))
    except OSError:
        return ()


# --------------------------------------------------------------------------- choosing


def select_clauses(library: Library, terms: Terms) -> list[Clause]:
    """The clauses the terms call for, in document order; one clause per alternative group."""
    # One view of the terms for every condition: making it walks the whole terms (every goal).
    context = Renderer(terms).context()
    chosen = [c for c in library.clauses.values() if c.applies(terms, context)]
    groups: dict[str, list[Clause]] = {}
    for clause in library.clauses.values():
        if clause.meta.alternative:
            groups.setdefault(clause.meta.alternative, []).append(clause)
    for name, members in groups.items():
        picked = [c for c in members if c in chosen]
        if len(picked) != 1:
            conditions = "; ".join(f"{c.id}: {c.meta.when or '(always)'}" for c in members)
            what = "none of them applies" if not picked else f"{len(picked)} apply ({', '.join(c.id for c in picked)})"
            raise ClauseError(f"the alternatives for {name!r} must select exactly one clause, but {what}",
                              file=members[0].file.parent, field="alternative",
                              hint=f"make the `when` conditions exclusive and complete: {conditions}")
    return chosen


def clause_numbers(clauses: list[Clause]) -> dict[str, str]:
    """Clause id -> its number in the document ("1", "2", ...): numbered layouts only."""
    numbers: dict[str, str] = {}
    for clause in clauses:
        if clause.numbered:
            numbers[clause.id] = str(len(numbers) + 1)
    return numbers
