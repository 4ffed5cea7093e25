"""Deal rules for the governing law: a law the drafting conventions cannot follow, and an arbitration
seat whose law differs from the agreement's."""
from __future__ import annotations

from typing import Iterator

from ..errors import Problem
from .governing_law import profile_for, profiles
from .model import Terms
from .registry import rule
from .registry import warning as _warning


@rule("disputes")
def governing_law_is_supported(terms: Terms) -> Iterator[Problem]:
    law = terms.disputes.governing_law
    if profile_for(law) is None:
        yield _warning("disputes.governing_law",
                       f"{law!r} is not a law the tool knows the conventions of: the agreement is drafted neutrally "
                       "(A4 paper, British spelling, the courts of the venue, no statutory interest rate)",
                       "write one of " + ", ".join(profiles()) + " to draft for that law, or keep the text and "
                       "have a lawyer of that law check the courts, taxes and interest clauses")
