"""`agreement-builder clauses lint`: everything that can be wrong with a clause library.

Static checks read each clause's template (placeholders and conditions that
name no field of the terms, references to unknown clauses or ones not listed
under `refers`, sub-clause anchors that no clause marks, defined terms used
but never defined, defined twice, or defined and never used). Then every clause is rendered against the example
deal, and the example's whole agreement is planned, so a mistake that only
shows when a value is printed is caught too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import meta, nodes
from pydantic import BaseModel

from ..document.layout import layout_file, term_uses
from ..errors import AgreementBuilderError, ClauseError
from ..resources import data_folder
from ..terms.data_protection import DataProtection
from ..terms.data_sharing import DataSharing
from ..terms.governing_law import DraftedLaw
from ..terms.model import Alliance, Partner, Terms
from ..terms.walk import field_at, is_list, item_type, unwrap
from . import anchors
from . import lint_conditions as conditions
from .anchors import anchors_in
from .clauses import Clause, Library, clause_files, load_folder, merge, select_clauses
from .render import ENVIRONMENT, SCHEDULES, ClauseRef, Definition, Renderer, TermUse, Text

HELPERS = {"party", "other", "owner", "ref", "schedule", "date", "money", "percent", "hours", "days", "months", "years",
           "end_of_initial_term", "defined_terms", "loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "caller"}
# Attributes the renderer derives for the clauses (render.py), with their types (None: a plain value).
_DERIVED: dict[type, dict[str, Any]] = {Alliance: {"end_of_initial_term": None}, DataSharing: {"law": DataProtection}}
# Names the renderer adds beside the terms' own sections (render.py), with their types.
_DERIVED_NAMES: dict[str, Any] = {"law": DraftedLaw}
_DEFINE = re.compile(r"\(\(([^()\n]+?)\)\)")
_USE = re.compile(r"\[\[([^\[\]\n]+?)\]\]")


@dataclass(frozen=True)
class LintProblem:
    file: Path
    field: str
    message: str
    hint: str = ""

    def render(self) -> str:
        text = f"{self.file}: {self.field}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def lint(clauses_dir: Path | None = None, example: Terms | None = None) -> list[LintProblem]:
    """Every problem in the built-in library with `clauses_dir` layered over it."""
    problems: list[LintProblem] = []
    layers = [_load_each(Path(folder), problems)
              for folder in [data_folder("clauses")] + ([Path(clauses_dir)] if clauses_dir else [])]
    library = Library(merge(layers), [])
    for clause in library.clauses.values():
        problems += _check_clause(clause, library)
    problems += _check_terms(library)
    problems += check_layout_terms(library)
    if example is not None:
        problems += _check_rendering(library, example)
    return problems


def _load_each(folder: Path, problems: list[LintProblem]) -> dict[str, Clause]:
    """The clauses of `folder` that load; a problem with any file (at most one each) in `problems`."""
    found: list[LintProblem] = []

    def report(exc: ClauseError) -> None:
        found.append(LintProblem(Path(exc.file or folder), exc.field or "", exc.message, exc.hint or ""))

    try:
        clauses = load_folder(folder, on_problem=report)
    except ClauseError as exc:  # not a folder
        report(exc)
        clauses = {}
    for clause in clauses.values():
        if clause.file.stem != clause.id:
            found.append(LintProblem(clause.file, "id", f"the file of clause {clause.id!r} should be named "
                                     f"{clause.id}.md", "rename the file or change the id"))
    order = {file: i for i, file in enumerate(clause_files(folder))} if folder.is_dir() else {}
    problems += sorted(found, key=lambda p: order.get(p.file, -1))  # in file order
    return clauses


# --------------------------------------------------------------------------- one clause

# A line of text that ends in a block tag ("...{% endif %}") before a blank line: the environment trims the
# newline after a block tag, so the blank line alone follows and the two paragraphs print as one.
_TRAILING_TAG = re.compile(r"(?<!\+)%}$")
_TAG_ONLY = re.compile(r"\s*{%.*%}\s*")


def _swallowed_breaks(body: str) -> list[int]:
    lines = body.split("\n")
    return [number for number, (line, after) in enumerate(zip(lines, lines[1:]), start=1)
            if _TRAILING_TAG.search(line) and not _TAG_ONLY.fullmatch(line) and not after.strip()]



def _check_clause(clause: Clause, library: Library) -> list[LintProblem]:
    problems: list[LintProblem] = []

    def report(field: str, message: str, hint: str = "") -> None:
        problems.append(LintProblem(clause.file, field, message, hint))

    try:
        body = ENVIRONMENT.parse(clause.body)
    except Exception:
        try:
            clause.template
        except ClauseError as exc:
            report(exc.field or "body", exc.message, exc.hint or "")
        return problems
    for line in _swallowed_breaks(clause.body):
        report(f"body line {line}", "the paragraph ends in a block tag, which drops its line break: the next "
               "paragraph runs into this one", "end the line with `+%}` (e.g. `{% endif +%}`) to keep the break")
    signature_names = {"signer", "amendment"} if clause.meta.layout == "signatures" else set()
    allowed = set(Terms.model_fields) | set(_DERIVED_NAMES) | HELPERS | signature_names
    local = _assigned_names(body)
    for name in sorted(meta.find_undeclared_variables(body) - allowed - local):
        report("body", f"the placeholder {name!r} names no field of the terms",
               "use a field shown by `agreement-builder schema`, or a helper from clauses/README.md")
    for path in _FieldChecker(clause.meta.layout == "signatures").check(body):
        report("body", f"{path!r} is not a field of the terms", "check the spelling against `agreement-builder schema`")

    if clause.meta.when:
        try:
            condition = ENVIRONMENT.parse(f"{{{{ {clause.meta.when} }}}}")
        except Exception:
            report("when", "not a valid condition", 'write a Jinja expression, e.g. trust.partners_compete')
        else:
            unknown = meta.find_undeclared_variables(condition) - allowed
            for name in sorted(unknown):
                report("when", f"the condition uses {name!r}, which is no field of the terms",
                       "conditions may only use fields of the terms")
            for path in _FieldChecker(False).check(condition):
                report("when", f"{path!r} is not a field of the terms",
                       "check the spelling against `agreement-builder schema`")

    problems += _check_conditions(clause)

    referred: set[str] = set()
    for call in body.find_all(nodes.Call):
        if not isinstance(call.node, nodes.Name) or call.node.name not in ("ref", "schedule"):
            continue
        arg = call.args[0] if call.args else None
        if not isinstance(arg, nodes.Const):
            report("body", f"{call.node.name}() needs a quoted name, e.g. {call.node.name}(\"...\")")
            continue
        if call.node.name == "schedule":
            if arg.value not in SCHEDULES:
                report("body", f"schedule({arg.value!r}) names no schedule", f"schedules are {', '.join(SCHEDULES)}")
            continue
        referred.add(arg.value)
        target = library.clauses.get(arg.value)
        if target is None:
            report("body", f"ref({arg.value!r}) refers to no clause", "run `agreement-builder clauses list`")
        elif not target.numbered:
            report("body", f"ref({arg.value!r}) refers to an unnumbered clause", "refer to a numbered clause")
        if len(call.args) > 1:
            _check_anchor(call.args[1], arg.value, target, report)
        if arg.value not in clause.meta.refers:
            report("refers", f"ref({arg.value!r}) is used but {arg.value!r} is not listed under refers",
                   "add it to refers")
    for target in clause.meta.refers:
        if target not in library.clauses:
            report("refers", f"{target!r} is not a clause id", "run `agreement-builder clauses list`")
        elif target not in referred:
            report("refers", f"{target!r} is listed but never referred to with ref()", "remove it or use it")

    for name in anchors_in(clause.body)[1]:
        report("body", f"<<{name}>> is not a sub-clause anchor",
               "put <<name>> (lowercase letters, digits, hyphens) at the start of a paragraph or a \"- \" item")
    marked = {t.strip() for t in _DEFINE.findall(clause.body) if "{" not in t}
    for term in sorted(marked - set(clause.meta.defines)):
        report("defines", f"(({term})) is marked in the body but not listed under defines", "add it to defines")
    dynamic = any("{" in t for t in _DEFINE.findall(clause.body))
    for term in clause.meta.defines:
        if term not in marked and not dynamic:
            report("defines", f"{term!r} is listed but never marked as ((…)) in the body",
                   f"mark the place it is defined: (({term}))")
    return problems


def _check_conditions(clause: Clause) -> list[LintProblem]:
    """No clause is included without its condition: a field the terms may leave out is tested before it is read."""
    found = []
    for path in clause.meta.assumes:
        try:
            field_at(Terms, path.replace("[]", ""))
        except KeyError:
            found.append(LintProblem(clause.file, "assumes", f"{path!r} is not a field of the terms",
                                     "check the spelling against `agreement-builder schema`"))
    if clause.meta.when and not found:
        try:
            ENVIRONMENT.parse(f"{{{{ {clause.meta.when} }}}}")
        except Exception:
            return found  # reported as an invalid condition
    for _, path in conditions.problems([clause]):
        found.append(LintProblem(
            clause.file, "when", f"the body reads {path}, which the terms may leave out, but nothing tests it "
            "first", "give the clause a `when` that tests it (the clause is then left out with it), or test it in "
            "an {% if %} around the read; where a deal rule requires it whenever the clause applies, list it "
            "under assumes"))
    return found


def _check_anchor(anchor: nodes.Node, clause_id: str, target: Clause | None, report) -> None:
    """ref("clause-id", "anchor"): the anchor is marked <<anchor>> in that clause."""
    if not isinstance(anchor, nodes.Const) or not isinstance(anchor.value, str):
        report("body", f"ref({clause_id!r}, …) needs a quoted sub-clause anchor, e.g. ref({clause_id!r}, \"insolvency\")")
    elif target is not None and anchor.value not in anchors_in(target.body)[0]:
        report("body", f"ref({clause_id!r}, {anchor.value!r}) refers to no sub-clause of {clause_id!r}",
               f"mark the sub-clause <<{anchor.value}>> in {target.file.name}, or fix the anchor's spelling")


def _assigned_names(tree: nodes.Node) -> set[str]:
    """Names the template sets itself ({% set %}, loop targets, macros and their arguments)."""
    names: set[str] = set()
    for node in tree.find_all((nodes.Assign, nodes.AssignBlock, nodes.For, nodes.Macro)):
        if isinstance(node, nodes.Macro):
            names.add(node.name)
            names.update(arg.name for arg in node.args)
        else:
            names.update(n.name for n in node.target.find_all(nodes.Name))
            if isinstance(node.target, nodes.Name):
                names.add(node.target.name)
    return names


class _FieldChecker:
    """Follows attribute chains (alliance.renewal.automatic, p.signatory.name) through the terms model."""

    def __init__(self, with_signer: bool):
        self.scope: dict[str, Any] = {name: info.annotation for name, info in Terms.model_fields.items()}
        self.scope.update(_DERIVED_NAMES)
        if with_signer:
            self.scope["signer"] = Partner
        self.bad: list[str] = []

    def check(self, tree: nodes.Node) -> list[str]:
        for node in tree.find_all((nodes.For, nodes.Assign)):
            if isinstance(node, nodes.For) and isinstance(node.target, nodes.Name):
                kind = self.resolve(node.iter)
                if is_list(kind):
                    self.scope[node.target.name] = item_type(kind)
            elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
                self.scope[node.target.name] = self.resolve(node.node)
        for node in tree.find_all(nodes.Getattr):
            self.resolve(node)
        return sorted(set(self.bad))

    def resolve(self, node: nodes.Node) -> Any:
        if isinstance(node, nodes.Name):
            return self.scope.get(node.name)
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in ("party", "other"):
            return Partner
        if isinstance(node, nodes.Getitem):
            kind = self.resolve(node.node)
            return item_type(kind) if is_list(kind) else None
        if isinstance(node, nodes.Filter) and node.name in ("first", "last") and node.node is not None:
            kind = self.resolve(node.node)
            return item_type(kind) if is_list(kind) else None
        if isinstance(node, nodes.Getattr):
            model = unwrap(self.resolve(node.node))
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                return None
            if node.attr in model.model_fields:
                return model.model_fields[node.attr].annotation
            if node.attr in _DERIVED.get(model, {}):
                return _DERIVED[model][node.attr]
            self.bad.append(f"{_dotted(node)}")
        return None


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getitem):
        return f"{_dotted(node.node)}[…]"
    return "…"


# --------------------------------------------------------------------------- the library as a whole


def plural_of(use: str, defined: set[str]) -> str | None:
    """The defined term `use` is (itself, or its plural)."""
    candidates = [use]
    if use.endswith("ies"):
        candidates.append(use[:-3] + "y")
    if use.endswith("es"):
        candidates.append(use[:-2])
    if use.endswith("s"):
        candidates.append(use[:-1])
    return next((c for c in candidates if c in defined), None)


def _check_terms(library: Library) -> list[LintProblem]:
    problems: list[LintProblem] = []
    definers: dict[str, list[Clause]] = {}
    for clause in library.clauses.values():
        marked = {t.strip() for t in _DEFINE.findall(clause.body) if "{" not in t}
        for term in set(clause.meta.defines) | marked:  # an unlisted ((Term)) is reported once, in its clause
            definers.setdefault(term, []).append(clause)
    defined = set(definers)
    used: set[str] = set()
    for clause in library.clauses.values():
        for use in {u.strip() for u in _USE.findall(clause.body) if "{" not in u}:
            term = plural_of(use, defined)
            if term is None:
                problems.append(LintProblem(clause.file, "body", f"[[{use}]] is used but never defined",
                                            "define it with ((…)) in the clause it belongs to, and list it under defines"))
            else:
                used.add(term)
    for term, clauses in definers.items():
        groups = {c.meta.alternative or c.id for c in clauses}
        if len(groups) > 1:  # alternatives may each define the same term: only one is ever in the agreement
            names = ", ".join(c.file.name for c in clauses)
            problems.append(LintProblem(clauses[0].file, "defines", f"{term!r} is defined twice ({names})",
                                        "define it in one clause and use [[…]] elsewhere"))
        if term not in used:
            problems.append(LintProblem(clauses[0].file, "defines", f"{term!r} is defined but never used",
                                        f"use it as [[{term}]] somewhere, or stop defining it"))
    return problems


def check_layout_terms(library: Library, file: Path | None = None) -> list[LintProblem]:
    """Every defined term the cover and schedule wording uses is defined by a clause of the library."""
    defined = {t.strip() for clause in library.clauses.values()
               for t in [*clause.meta.defines, *_DEFINE.findall(clause.body)] if "{" not in t}
    return [LintProblem(file or layout_file(), path, f"[[{term}]] is used but no clause defines it",
                        "define it with ((…)) in the clause it belongs to, or write the words without [[ ]]")
            for path, term in term_uses(file) if plural_of(term, defined) is None]


def _check_rendering(library: Library, terms: Terms) -> list[LintProblem]:
    """Render every clause against the example, and plan the example's agreement."""
    problems: list[LintProblem] = []
    renderer = Renderer(terms)
    broken: set[str] = set()
    for clause in library.clauses.values():
        try:
            clause.applies(terms)
            if clause.meta.layout == "signatures":
                for partner in renderer.context()["partners"]:
                    clause.render(renderer, signer=partner, amendment=False)
            else:
                clause.render(renderer)
        except AgreementBuilderError as exc:
            broken.add(clause.id)
            problems.append(LintProblem(clause.file, exc.field or "body", f"with the example deal: {exc.message}",
                                        exc.hint or ""))
    try:
        chosen = select_clauses(library, terms)
    except AgreementBuilderError as exc:
        problems.append(LintProblem(Path(exc.file or ""), exc.field or "", exc.message, exc.hint or ""))
        return problems
    present = {c.id for c in chosen if c.numbered}
    rendered = {c.id: c.render(renderer) for c in chosen if c.meta.layout != "signatures" and c.id not in broken}
    runs = {clause_id: [run for block in blocks for run in block.runs] for clause_id, blocks in rendered.items()}
    defined = {run.term for found in runs.values() for run in found if isinstance(run, Definition)}
    marked = {anchors.key(clause_id, b.anchor) for clause_id, blocks in rendered.items() for b in blocks if b.anchor}
    undefined: set[str] = set()  # each reported once, where first used
    for clause in chosen:
        for run in runs.get(clause.id, []):
            if isinstance(run, Text) and not run.answer and "<<" in run.text:
                problems.append(LintProblem(
                    clause.file, "body", "with the example deal, a <<…>> anchor is left inside a paragraph",
                    "start the paragraph or item with it; a tag at the end of the line before may have joined them"))
            if isinstance(run, TermUse) and plural_of(run.term, defined) is None and run.term not in undefined:
                undefined.add(run.term)
                problems.append(LintProblem(
                    clause.file, "body", f"with the example deal, [[{run.term}]] is used but the agreement does not "
                    "define it", "use it only under the condition of the clause, or the part of it, that defines it"))
            if not isinstance(run, ClauseRef) or run.clause_id not in library.clauses:
                continue
            if run.clause_id not in present:
                problems.append(LintProblem(
                    clause.file, "body", f"with the example deal, ref({run.clause_id!r}) points to a clause "
                    "the agreement leaves out", "put the reference inside the same condition as that clause"))
            elif run.anchor and run.key not in marked:
                problems.append(LintProblem(
                    clause.file, "body", f"with the example deal, ref({run.clause_id!r}, {run.anchor!r}) points "
                    "to a sub-clause the agreement leaves out", "put the reference inside the same condition as "
                    "that sub-clause"))
    return problems
