"""The terms of a co-marketing alliance: how materials that carry a partner's trade marks are approved,
who bears the costs of joint campaigns, and how the leads they bring in are passed on.

Apart from model.py so that the terms of one kind of alliance read together; the model holds
them in one optional field, filled with these defaults for a co-marketing deal that leaves it out.
"""
from __future__ import annotations

from pydantic import Field

from .values import Amount, CampaignCosts, PartnerKey, Percentage, PositiveDays, StrictModel


class CostShare(StrictModel):
    partner: PartnerKey = Field(description="Key of the partner bearing this share.")
    percentage: Percentage = Field(description="This partner's share of the shared campaign costs.")


class Marketing(StrictModel):
    approval_days: PositiveDays = Field(
        default=10, description="Days a partner has to approve or reject material that uses its trade marks or "
        "describes its products, after receiving it.")
    silence_approves: bool = Field(
        default=False, description="Is material that its owner has not answered within `approval_days` approved? "
        "Left at false, it is not approved and may not be used.")
    campaign_costs: CampaignCosts = Field(
        default=CampaignCosts.EACH_OWN, description="`each_own`: each partner bears its own costs of the joint "
        "campaigns; `shared`: the costs the partners budget together for a campaign are split in `cost_shares`.")
    cost_shares: list[CostShare] = Field(
        default_factory=list, description="Each partner's share of the shared campaign costs (only when "
        "`campaign_costs` is `shared`); together they make 100%.")
    yearly_budget: Amount | None = Field(
        default=None, description="The most the partners spend together on shared campaign costs in each year of "
        "the alliance, in the currency of payments (optional; only when `campaign_costs` is `shared`).")
    lead_handover_days: PositiveDays = Field(
        default=5, description="Days within which the partner that collects a lead at a joint campaign passes it "
        "to the partner whose products the lead asks about.")
