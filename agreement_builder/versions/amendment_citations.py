"""The clauses of the signed agreement that an amendment's own provisions cite.

Recital (B) cites the agreement's rule on how it may be changed: the paragraph
of its general provisions that says so, found by the words it opens with
(data/amendment.yaml), or the whole clause when a firm's own wording opens
otherwise. The amendment's governing law names the law the agreement names and
cites its clause; its disputes follow the agreement's clauses on resolving them.
Every number is the signed agreement's own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..terms.model import Terms
from .amendment_words import say
from .clause_changes import spots

# The agreement's clauses on resolving disputes, which the amendment's disputes follow.
DISPUTE_CLAUSES = ("dispute-escalation", "mediation", "disputes-arbitration", "disputes-courts")


@dataclass
class Citations:
    changes: str | None = None  # "37.2", or "37" when the paragraph cannot be told; None without the clause
    law: str | None = None  # the law the agreement names, with the number of its clause
    law_clause: str | None = None
    disputes: list[str] = field(default_factory=list)


def citations(signed_document, signed_terms: Terms, numbers: dict[str, str]) -> Citations:
    """What the amendment cites, from the signed agreement (`numbers`: its clauses' numbers by clause id)."""
    law_clause = numbers.get("governing-law")
    return Citations(changes=_changes_rule(signed_document, numbers.get("general-provisions")),
                     law=signed_terms.disputes.governing_law if law_clause else None, law_clause=law_clause,
                     disputes=[numbers[i] for i in DISPUTE_CLAUSES if i in numbers])


def _changes_rule(signed_document, clause: str | None) -> str | None:
    if clause is None:
        return None
    opening = say("changes_rule_opens")
    found = [s.number for s in spots(signed_document)
             if s.kind == "para" and s.number.split(".")[0] == clause and s.text.startswith(opening)]
    return found[0] if len(found) == 1 else clause
