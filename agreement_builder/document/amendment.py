"""An amendment to a signed agreement as a Word document, in the agreement's own house style.

The same template as the agreement (or a firm's own, with --style) gives it
its styles, numbering and header; the same signature blocks close it. What it
says is data (data/amendment.yaml); the amending provisions come from
versions/clause_changes.py. In the words, `((Term))` marks a defined term:
the words are split at those marks before any value is filled in, so a value
typed by a user is never read as a mark.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import formatting, vocabulary
from ..atomic import write_bytes_atomically
from ..conventions import drafting
from ..library.clauses import load_library
from ..safe_text import clean_terms
from ..terms.governing_law import drafting_conventions
from ..terms.model import Terms
from ..versions.amendment_words import listing, say
from .agreement import BodyWriter, Plan, open_house_template
from .docx_parts import add_text
from .tables import TableRows

if TYPE_CHECKING:
    from ..versions.amending_provisions import Provision

_DEFINED = re.compile(r"\(\(([^()]+)\)\)")


@dataclass
class AmendmentFacts:
    number: int
    dated: dt.date  # the day the agreement it amends was signed
    amendments: list[tuple[int, dt.date]] = field(default_factory=list)  # amendments signed since
    effective: dt.date | None = None
    changes_clause: str | None = None  # the agreement's rule on changes to it: "37.2", or its clause "37"
    disputes_clauses: list[str] = field(default_factory=list)  # the agreement's clauses on resolving disputes
    governing_law: str | None = None  # the law the agreement names, in its clause `law_clause`
    law_clause: str | None = None
    restated_base: bool = False


def write_amendment_document(target: Path, terms: Terms, facts: AmendmentFacts, provisions: list[Provision], *,
                             clauses_dir: Path | None = None, style: Path | None = None,
                             today: dt.date | None = None) -> Path:
    """Write `target`, the amendment that makes `provisions` to the agreement the partners signed."""
    terms, _warnings = clean_terms(terms)  # the agreement's build has reported them already
    with drafting(drafting_conventions(terms.disputes.governing_law)):
        return _write_amendment(target, terms, facts, provisions, clauses_dir=clauses_dir, style=style, today=today)


def _write_amendment(target: Path, terms: Terms, facts: AmendmentFacts, provisions: list[Provision], *,
                     clauses_dir: Path | None, style: Path | None, today: dt.date | None) -> Path:
    today = today or dt.date.today()
    template = open_house_template(style, {"alliance_name": terms.alliance.name, "version": "",
                                           "date": formatting.date(today),
                                           "status": say("document", "header", number=facts.number)})
    writer = _AmendmentWriter(template.docx, terms)
    writer.write(facts, provisions, load_library(clauses_dir).get("signatures"))
    buffer = io.BytesIO()
    template.save(buffer)
    write_bytes_atomically(Path(target), buffer.getvalue())
    return Path(target)


class _AmendmentWriter(BodyWriter):
    def __init__(self, document, terms: Terms):
        super().__init__(document, terms, Plan([], {}, {}, []))

    def say(self, style: str, words: str, **values: Any):
        """A paragraph of `words` filled with `values`, its defined terms bold and quoted."""
        paragraph = self._para(style)
        for n, piece in enumerate(_DEFINED.split(words)):
            if piece:
                text = piece.format(**values)
                add_text(paragraph, vocabulary.defined_term(text) if n % 2 else text, bold=bool(n % 2))
        return paragraph

    def write(self, facts: AmendmentFacts, provisions: list[Provision], signatures) -> None:
        terms, dated = self.terms, formatting.date(facts.dated)
        self.say("Title", say("document", "title"), number=facts.number)
        self.say("Subtitle", say("document", "subtitle"), alliance=terms.alliance.name, dated=dated)
        self.say("Clause Text", say("document", "made_on"))
        for n, partner in enumerate(terms.partners, 1):
            self.say("Clause Text", say("document", "party"), n=n, legal_name=partner.legal_name,
                     entity_type=partner.entity_type, jurisdiction=partner.jurisdiction,
                     short_name=partner.short_name)
        self.say("Clause Text", say("document", "parties_end"))
        self._background(facts, dated)
        self.say("Clause Text", say("document", "agreed"))
        self._clause("interpretation")
        self._amendments(provisions)
        effective = say("document", "effective")
        self.say("Heading 1", effective["title"])
        if facts.effective:
            self.say("Clause Level 2", effective["on_date"], date=formatting.date(facts.effective))
        else:
            self.say("Clause Level 2", effective["on_signing"])
        self.say("Clause Level 2", effective["not_before"])
        self._clause("in_force")
        general = say("document", "general")
        self.say("Heading 1", general["title"])
        if facts.governing_law and facts.law_clause:
            self.say("Clause Level 2", general["law_named"], law=facts.governing_law,
                     clause=general["one_clause"].format(number=facts.law_clause))
        else:
            self.say("Clause Level 2", general["law"])
        if facts.disputes_clauses:
            first, last = facts.disputes_clauses[0], facts.disputes_clauses[-1]
            clauses = (general["one_clause"].format(number=first) if first == last
                       else general["clause_range"].format(first=first, last=last))
            self.say("Clause Level 2", general["disputes"], disputes_clauses=clauses)
        self.say("Clause Level 2", general["counterparts"])
        self._signatures(signatures, amendment=True)

    def _background(self, facts: AmendmentFacts, dated: str) -> None:
        words = say("document")
        self.say("Heading Unnumbered", words["background"])
        alliance = self.terms.alliance.name
        if facts.amendments:
            amendments = listing([say("document", "amended_by_one", number=n, dated=formatting.date(d))
                                  for n, d in facts.amendments])
            self._recital("A", words["recital_amended"], dated=dated, alliance=alliance, amendments=amendments)
        else:
            self._recital("A", words["recital_agreement"], dated=dated, alliance=alliance)
        if facts.changes_clause:
            self._recital("B", words["recital_wish"],
                          changes_clause=vocabulary.reference_prefix("clause") + facts.changes_clause)
        else:
            self._recital("B", words["recital_wish_plain"])

    def _recital(self, letter: str, words: str, **values: Any) -> None:
        paragraph = self._para("Clause Text")
        add_text(paragraph, f"({letter})\t")
        for n, piece in enumerate(_DEFINED.split(words)):
            if piece:
                text = piece.format(**values)
                add_text(paragraph, vocabulary.defined_term(text) if n % 2 else text, bold=bool(n % 2))

    def _clause(self, name: str) -> None:
        words = say("document", name)
        self.say("Heading 1", words["title"])
        for text in words["text"]:
            self.say("Clause Level 2", text)

    def _amendments(self, provisions: list[Provision]) -> None:
        words = say("document", "amendments")
        self.say("Heading 1", words["title"])
        self.say("Clause Text", words["intro"])
        opening, closing = say("document", "quote_open"), say("document", "quote_close")
        for provision in provisions:
            add_text(self._para("Clause Level 2"), provision.text)
            for n, quoted in enumerate(provision.quoted):
                paragraph = self._para("Clause Text")
                number = f"{quoted.number}\t" if quoted.number else ""
                end = closing if n == len(provision.quoted) - 1 else ""
                add_text(paragraph, f"{opening if n == 0 else ''}{number}{quoted.text}{end}", bold=quoted.heading)
            if provision.table is not None:
                header = provision.table.header
                self._table(TableRows(([header] if header else []) + provision.table.rows, header=bool(header)))
