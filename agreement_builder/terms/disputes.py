"""How disputes are settled and which law governs: its own module beside model.py, which holds it in one field.
The law's drafting conventions are in governing_law.py."""
from __future__ import annotations

from pydantic import Field

from .values import Arbitrators, FinalForum, PositiveDays, StrictModel, Text


class Disputes(StrictModel):
    # Older answers files asked the executives a second time about a dispute; one escalation path
    # (governance.escalation_path) now serves both, so the value is read but no longer drafted.
    executive_escalation_days: PositiveDays | None = Field(
        default=None, description="No longer used: a dispute goes up `governance.escalation_path`, the one "
        "escalation ladder. Older answers files may keep it; `check` says it can be deleted.")
    mediation: bool = Field(description="Do the partners try mediation before going further?")
    mediation_days: PositiveDays = Field(
        default=45, description="Days the mediation has before either partner may go to court or arbitration.")
    final_forum: FinalForum = Field(description="`courts` or `arbitration`.")
    venue: Text = Field(description="Seat of the courts or of the arbitration, e.g. `Zurich`.")
    arbitration_rules: str | None = Field(
        default=None, description="Arbitration rules, e.g. `ICC Rules` (required for arbitration).")
    arbitrators: Arbitrators = Field(default=Arbitrators.ONE, description="`one` or `three` arbitrators decide.")
    governing_law: Text = Field(
        description="Law that governs the agreement: a supported law's key (`new_york`, `delaware`, `california`, "
        "`texas`, `ontario`, `british_columbia`, `england_and_wales`, `ireland`, `germany`, `switzerland`, `france`, "
        "`netherlands`, `sweden`, `singapore`, `new_south_wales`), or text such as `Swiss law`, kept as written and "
        "read for the law it names. The law sets the paper, spelling, dates, courts, taxes and interest.")
