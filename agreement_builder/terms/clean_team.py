"""The clean team: the named people who alone may see the other partner's competitively sensitive
information when the partners also compete (`trust.clean_team`)."""
from __future__ import annotations

from pydantic import Field

from .values import PartnerKey, StrictModel, Text


class CleanTeamMember(StrictModel):
    partner: PartnerKey = Field(description="Key of the partner this person works for.")
    name: Text = Field(description="Full name.")
    role: Text = Field(description="What they do for the alliance, e.g. `alliance manager` or `solution architect`; "
                       "nobody who sets prices or decides on bids for competing products.")
