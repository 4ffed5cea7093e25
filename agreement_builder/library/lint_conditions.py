"""Lint: no clause is included without its condition.

A field the terms may leave out (an optional section such as `covenants.non_compete`, or a value such as
`termination.convenience_notice_days`) is None when left out. A clause body that reads it, or a field inside it,
must test it first: in the clause's `when` (the clause is then left out with it) or in an `{% if %}` around the
read. Otherwise the clause is in every agreement, with a blank where the value should be, or it fails to render.

The sections the renderer completes with the usual terms when they are left out (render.py: COMPLETED) are
always there for a clause to read, and are not optional here.
"""
from __future__ import annotations

import types
import typing
from typing import Any, Iterator

from jinja2 import nodes
from pydantic import BaseModel

from ..terms.model import Partner, Terms
from ..terms.walk import is_list, item_type, unwrap
from .render import COMPLETED, ENVIRONMENT


def unguarded_reads(body: str, when: str | None, signatures: bool = False) -> list[str]:
    """The optional fields (dotted paths, `[]` for a list's items) that `body` reads without testing them."""
    walker = _Walker(signatures)
    tested = walker.paths(ENVIRONMENT.parse(f"{{{{ {when} }}}}")) if when else set()
    walker.visit(ENVIRONMENT.parse(body), frozenset(tested))
    return sorted(walker.unguarded)


def _optional(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields[name]
    annotation = info.annotation
    allows_none = typing.get_origin(annotation) in (typing.Union, types.UnionType) and \
        type(None) in typing.get_args(annotation)
    return allows_none and info.default is None


class _Walker:
    def __init__(self, signatures: bool):
        # What a name stands for: (path, type). The terms' sections, and the names the template binds.
        self.names: dict[str, tuple[str, Any]] = {n: (n, f.annotation) for n, f in Terms.model_fields.items()}
        if signatures:
            self.names["signer"] = ("partners[]", Partner)
        self.unguarded: set[str] = set()

    # ---- what an expression reads

    def resolve(self, node: nodes.Node) -> tuple[str, Any, list[str]] | None:
        """(path, type, optional paths passed through on the way) of a chain of attributes, or None."""
        if isinstance(node, nodes.Name):
            found = self.names.get(node.name)
            return (found[0], found[1], []) if found else None
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in ("party", "other"):
            return "partners[]", Partner, []
        if isinstance(node, (nodes.Getitem, nodes.Filter)) and node.node is not None:
            if isinstance(node, nodes.Filter) and node.name not in ("first", "last"):
                return None
            inner = self.resolve(node.node)
            if inner is None or not is_list(inner[1]):
                return None
            return f"{inner[0]}[]", item_type(inner[1]), inner[2]
        if isinstance(node, nodes.Getattr):
            inner = self.resolve(node.node)
            if inner is None:
                return None
            path, kind, through = inner
            model = unwrap(kind)
            if not (isinstance(model, type) and issubclass(model, BaseModel)) or node.attr not in model.model_fields:
                return None
            if path in COMPLETED:
                through = [p for p in through if p != path]
            new = f"{path}.{node.attr}"
            optional = _optional(model, node.attr) and new not in COMPLETED
            return new, model.model_fields[node.attr].annotation, through + ([new] if optional else [])
        return None

    def paths(self, tree: nodes.Node) -> set[str]:
        """Every path an expression reads (a condition tests each of them)."""
        found = set()
        for node in [tree, *tree.find_all((nodes.Getattr, nodes.Name))]:
            resolved = self.resolve(node)
            if resolved is not None:
                found.add(resolved[0])
        return found

    def check(self, tree: nodes.Node, guarded: frozenset[str], printed: bool = False) -> None:
        """Report each optional path that `tree` reads while no test guards it: a field reached through it, or
        its own value printed or handed to a helper (`days(...)`, `party(...)`). Comparing it, testing it or
        binding a name to it reads nothing that could be missing."""
        values = {id(tree)} if printed else set()
        for call in [tree, *tree.find_all((nodes.Call, nodes.Filter))]:
            if isinstance(call, (nodes.Call, nodes.Filter)):
                values.update(id(arg) for arg in [*call.args, *(kw.value for kw in call.kwargs)])
        for node in [tree, *tree.find_all((nodes.Getattr, nodes.Name))]:
            resolved = self.resolve(node)
            if resolved is None:
                continue
            path, _, through = resolved
            needed = [p for p in through if p != path or id(node) in values]
            self.unguarded.update(p for p in needed if p not in guarded)

    # ---- the template, statement by statement

    def visit(self, node: nodes.Node, guarded: frozenset[str]) -> None:
        if isinstance(node, nodes.If):
            tested = guarded | self.paths(node.test)
            self._visit_all(node.body, tested)
            for branch in node.elif_:
                self.visit(branch, tested)
            self._visit_all(node.else_, tested)  # a test names what it looks at, whichever way it goes
        elif isinstance(node, nodes.For):
            self.check(node.iter, guarded)
            resolved = self.resolve(node.iter)
            if resolved is not None and isinstance(node.target, nodes.Name) and is_list(resolved[1]):
                self.names[node.target.name] = (f"{resolved[0]}[]", item_type(resolved[1]))
            # `{% for p in partners if p.backup_contact %}`: the filter tests each item before the body reads it
            self._visit_all(node.body, guarded | (self.paths(node.test) if node.test is not None else set()))
            self._visit_all(node.else_, guarded)
        elif isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            self._expression(node.node, guarded)
            resolved = self.resolve(node.node)
            if resolved is not None:
                self.names[node.target.name] = (resolved[0], resolved[1])
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self._expression(child, guarded, printed=True)
        else:  # the template, outputs, macros, blocks: their statements and expressions in turn
            for child in node.iter_child_nodes():
                self.visit(child, guarded)

    def _expression(self, node: nodes.Expr, guarded: frozenset[str], printed: bool = False) -> None:
        if isinstance(node, nodes.CondExpr):  # `x if test else y`: x is read only when the test holds
            self._expression(node.test, guarded)
            self._expression(node.expr1, guarded | self.paths(node.test), printed)
            if node.expr2 is not None:
                self._expression(node.expr2, guarded, printed)
        elif isinstance(node, nodes.And):  # `a and a.b`: the right side is read only when the left holds
            self._expression(node.left, guarded)
            self._expression(node.right, guarded | self.paths(node.left), printed)
        else:
            self.check(node, guarded, printed)

    def _visit_all(self, body: list[nodes.Node], guarded: frozenset[str]) -> None:
        for child in body:
            self.visit(child, guarded)


def problems(clauses) -> Iterator[tuple[Any, str]]:
    """(clause, path) for each optional field a clause reads without testing it."""
    for clause in clauses:
        for path in unguarded_reads(clause.body, clause.meta.when, clause.meta.layout == "signatures"):
            if path not in clause.meta.assumes:
                yield clause, path
