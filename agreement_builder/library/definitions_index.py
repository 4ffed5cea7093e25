"""The definitions index: every term an agreement defines, with the clause that defines it, in alphabetical order.

Read from the rendered clauses rather than from their `defines` lists alone, so a term a clause defines only for
some terms (a Contract Year, only with a yearly fee) is listed only where the agreement defines it.
"""
from __future__ import annotations

import unicodedata

from ..terms.model import Terms
from .clauses import Clause
from .render import Definition, Renderer


def defined_terms(clauses: list[Clause], terms: Terms) -> list[tuple[str, str | None]]:
    """(term, id of the clause that defines it) for every term the clauses define, alphabetically; the id is
    None for a term defined in an unnumbered part (the parties), which has no number to refer to."""
    renderer = Renderer(terms)
    found: dict[str, str | None] = {}
    for clause in clauses:
        if clause.meta.layout == "signatures":
            continue
        for block in clause.render(renderer):
            for run in block.runs:
                if isinstance(run, Definition):
                    found.setdefault(run.term, clause.id if clause.numbered else None)
    return sorted(found.items(), key=lambda item: _sort_key(item[0]))


def _sort_key(term: str) -> tuple[str, str]:
    # "Lémanique" sorts with the Ls, as a reader looks for it, not after every unaccented word.
    plain = "".join(c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c))
    return plain.casefold(), term
