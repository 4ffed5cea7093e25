"""The plain summary of what moved between two versions of a deal."""
from __future__ import annotations

from decimal import Decimal

from helpers import terms_with

from agreement_builder.terms.model import Terms
from agreement_builder.versions.changes import summarize_changes, summary_text


def _lines(old: Terms, new: Terms) -> list[str]:
    return [c.text for c in summarize_changes(old, new)]


def test_no_changes(example_terms):
    assert summarize_changes(example_terms, example_terms) == []
    assert summary_text([]) == "No changes to the terms.\n"


def test_payment_percentage_in_partners_words(example_terms):
    new = terms_with(example_terms, lambda d: d["money"]["flows"][0].update(percentage=Decimal("12.5")))
    assert _lines(example_terms, new) == ["Payment: Tidewater's referral fee to Larkspur 10% → 12.5%"]
    assert summarize_changes(example_terms, new)[0].path == "money.flows[0].percentage"


def test_signatory_change_names_the_partner(example_terms):
    new = terms_with(example_terms, lambda d: d["partners"][0]["signatory"].update(name="Hanna Schulz"))
    assert _lines(example_terms, new) == ["Larkspur's signatory: Dr. Miriam Okafor → Hanna Schulz"]


def test_goal_added_at_the_top_does_not_shift_the_others(example_terms):
    goal = dict(owner="both", description="Publish a joint benchmark", metric="benchmarks",
                target="1", timeframe="by month 6")
    new = terms_with(example_terms, lambda d: d["goals"].insert(0, goal))
    lines = _lines(example_terms, new)
    assert len(lines) == 1
    assert lines[0].startswith("Goal added: both partners: Publish a joint benchmark")


def test_goal_matched_by_owner_and_description_when_reordered_and_edited(example_terms):
    def edit(d):
        d["goals"].reverse()
        d["goals"][0]["target"] = "EUR 2 million"
    new = terms_with(example_terms, edit)
    (line,) = _lines(example_terms, new)
    assert line == ("Goal “Make Retail Insight a self-sustaining offering” (both partners), "
                    "target: EUR 1.2 million → EUR 2 million")


def test_goal_with_reworded_description_is_still_the_same_goal(example_terms):
    new = terms_with(example_terms, lambda d: d["goals"][1].update(
        description="Win deals against suites that bundle forecasting and replenishment"))
    (line,) = _lines(example_terms, new)
    assert "description:" in line and "added" not in line and "removed" not in line


def test_money_dates_days_and_removals(example_terms):
    def edit(d):
        d["commitments"][2]["funding_amount"] = Decimal(50000)
        d["commitments"][2]["deliverables"][0]["deadline"] = "2027-06-30"
        d["termination"]["convenience_notice_days"] = None
        d["money"]["payment_terms_days"] = 45
        d["money"]["flows"].pop(1)
        d["governance"]["channels"].append("weekly stand-up")
    lines = _lines(example_terms, terms_with(example_terms, edit))
    assert "Tidewater's marketing commitment, funding: EUR 40,000.00 → EUR 50,000.00" in lines
    assert ("Tidewater's marketing commitment, deliverable “Launch webinar for existing Tidewater customers”, "
            "deadline: 20 May 2027 → 30 June 2027") in lines
    assert "Termination: notice to end without cause removed (was 90 days)" in lines
    assert "Money: payment terms 30 days → 45 days" in lines
    assert any(line.startswith("Payment removed: Larkspur's fixed fee to Tidewater, EUR 5,000.00") for line in lines)
    assert "Governance: communication channel added: “weekly stand-up”" in lines


def test_user_text_kept_as_typed(example_terms):
    typed = "Tidewater & <Co> {{ 7*7 }} 🚀"
    new = terms_with(example_terms, lambda d: d["partners"][1].update(short_name=typed))
    (line,) = _lines(example_terms, new)
    assert line.endswith(f"Tidewater → {typed}")


def test_revenue_shares_matched_by_partner(example_terms):
    def edit(d):
        shares = d["money"]["revenue_splits"][0]["shares"]
        shares[0]["percentage"], shares[1]["percentage"] = 45, 55
        shares.reverse()
    lines = _lines(example_terms, terms_with(example_terms, edit))
    assert sorted(lines) == ["Revenue split “Retail Insight subscriptions”, Larkspur's share: 40% → 45%",
                     "Revenue split “Retail Insight subscriptions”, Tidewater's share: 60% → 55%"]


def test_golden_summary_of_representative_edits(example_terms, golden):
    def edit(d):
        d["money"]["flows"][0]["percentage"] = Decimal("12.5")
        d["money"]["flows"].pop(1)
        d["money"]["flows"].append(dict(payer="larkspur", payee="tidewater", basis="other",
                                        description="Travel to joint customer workshops",
                                        trigger="Tidewater sends the receipts", amount=Decimal(1200)))
        d["goals"].append(dict(owner="tidewater", description="Open the Irish market with Retail Insight",
                               metric="Irish retailers signed", target="3", timeframe="by month 18"))
        d["partners"][1]["signatory"].update(name="Ruairí Byrne", title="Managing Director")
        d["alliance"]["kind"] = "co_marketing"
        d["reviews"]["cadence"] = "semi_annual"
        d["governance"]["executive_review_cadence"] = "annual"
        d["commitments"][0]["contribution"] = "people"
        d["governance"]["escalation_path"][1]["days_to_resolve"] = 20
        d["alliance"]["first_opportunity"]["customer"] = "Frischemarkt Nord GmbH"
    golden("changes.txt", summary_text(summarize_changes(example_terms, terms_with(example_terms, edit))))


def test_a_removed_payment_is_shown_in_the_currency_it_was_in(example_terms):
    new = terms_with(example_terms, {"money.currency": "USD", "money.flows": example_terms.model_dump()["money"]["flows"][:1]})
    lines = _lines(example_terms, new)
    removed = [line for line in lines if line.startswith("Payment removed")]
    assert removed and "EUR 5,000.00" in removed[0] and "USD" not in removed[0], lines
    assert "Money: currency EUR → USD" in lines
