"""Only a co-selling (or other) alliance shares out customer segments between the partners: account owners,
hand-over, non-solicitation and the accounts schedule. In a referral, co-marketing, supplier or technology
alliance each partner keeps its own customers, in a short clause of that kind's own, with no Schedule 4 of
accounts and no accounts table on the cover; old answers files of those kinds with segments still build."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DELETE, build_text, edit_answers, run, terms_with
from scripted_user import User, example_data, plain

from agreement_builder.answers import load_answers, load_terms, parse_yaml
from agreement_builder.interview import prompts, walker
from agreement_builder.terms.rules import check_deal

DEALS = Path(__file__).parent / "deals"
EXAMPLE = Path(__file__).parents[1] / "agreement_builder" / "data" / "example.yaml"
OWN_CUSTOMERS = {"referral": "referral-one-way", "co_marketing": "co-marketing-ontario",
                 "supplier": "supplier-english", "technology": "technology-france-sweden"}

# What each kind's clause says, in its own words.
SAYS = {
    "referral": ["is free to offer and sell its products and services to anyone who is not the subject of a "
                 "Registration, including a client of the Referring Partner"],
    "co_marketing": ["Neither Partner shall market, offer or sell the other Partner's products or services, or "
                     "present them as its own, except in a Joint Campaign"],
    "supplier": ["nothing in this Agreement limits to whom or where the Supplier sells its products",
                 "the Supplier shall pass it to the Buyer promptly"],
    "technology": ["deals with that customer alone for that product or service",
                   "to answer any tender or request for proposals"],  # the partners compete
}

# Co-selling account allocation that has no place in the other kinds (the clause, the schedule, the cover
# table, the exit bullet and the hand-over the lawyers struck).
NEVER = ["Account Owner", "Account ownership", "ACCOUNT OWNERSHIP", "Who owns which accounts", "Joint Opportunit",
         "shall not approach an", "An account moves", "handed over from one Partner", "outside the segments above",
         "Non-solicitation", "ownership of Accounts", "Accounts of the other"]

# The shape of these deals' accounts before the kinds drafted as their own: segments, hand-over and all.
OLD_ACCOUNTS = {
    "segments": [{"segment": "Customers and prospects that buy", "owner": "PARTNER",
                  "point_of_contact": "the account manager"}],
    "registration": "A partner that wins a customer outside the segments above tells the other partner's "
                    "alliance manager; the other confirms or disputes it within 5 business days.",
    "handover": "An account moves from one partner to the other only if both alliance managers agree.",
    "non_solicitation_months": 12,
}


@pytest.fixture(scope="module", params=sorted(OWN_CUSTOMERS))
def own_customers(request, tmp_path_factory) -> tuple[str, str]:
    kind = request.param
    return kind, build_text(tmp_path_factory.mktemp(kind), DEALS / f"{OWN_CUSTOMERS[kind]}.yaml")


def _schedules(text: str) -> list[str]:
    return re.findall(r"^Schedule \d+\n(.+)$", text, flags=re.M)


def test_each_partner_keeps_its_own_customers(own_customers):
    kind, text = own_customers
    assert re.search(r"^\d+\tCustomer relationships$", text, flags=re.M)
    assert "Each Partner keeps and owns its own customer relationships. This Agreement does not share out " \
           "customers, segments or territories between the Partners" in text
    for fragment in SAYS[kind]:
        assert fragment in text


def test_nothing_is_left_of_account_ownership(own_customers):
    kind, text = own_customers
    for never in NEVER:
        assert never not in text, (kind, never)
    assert not re.search(r"\bAccounts?\b", text.replace("Key Account Director", "")), kind
    schedules = _schedules(text)
    assert "Account ownership" not in schedules
    assert schedules[3] == "Review calendar"  # schedules are numbered only when present: Schedule 4
    assert "Schedule 4 lists the Review Periods" in text


def test_co_selling_still_shares_out_accounts(tmp_path):
    text = build_text(tmp_path, EXAMPLE)
    assert re.search(r"^\d+\tAccount ownership$", text, flags=re.M)
    assert re.search(r"Schedule 4 (allocates|names for) each customer segment or territory", text)
    assert "The Account Owner involves the other Partner with an Account, and an Account changes hands, as follows" \
        in text
    assert "Customer relationships" not in text
    assert _schedules(text)[3] == "Account ownership"
    assert "Who owns which accounts" in text.split("\nParties\n")[0]
    assert "each Account Owner's role under clause" in text  # the example's partners compete
    assert re.search(r"^\d+\tNon-solicitation$", text, flags=re.M)


@pytest.mark.parametrize("kind", sorted(OWN_CUSTOMERS))
def test_an_old_answers_file_with_segments_builds_and_check_says_they_are_not_drafted(tmp_path, kind):
    file = DEALS / f"{OWN_CUSTOMERS[kind]}.yaml"
    terms = load_terms(file)
    old = {**OLD_ACCOUNTS, "segments": [{**OLD_ACCOUNTS["segments"][0], "owner": terms.partners[0].key}]}
    if terms.accounts.registration:  # the referral and campaign-lead clauses use it: kept
        old["registration"] = terms.accounts.registration
    text = build_text(tmp_path, file, {"accounts": old})
    for never in NEVER:
        assert never not in text, never
    assert "Customers and prospects that buy" not in text
    result = run("check", tmp_path / "deal.yaml")
    assert result.exit_code == 0, result.output
    ignored = ["segments", "handover", "non_solicitation_months"] + (["registration"] if kind in ("supplier", "technology") else [])
    for field in (f"accounts.{name}" for name in ignored):
        assert re.search(rf"warning .*{re.escape(field)}: a [a-z-]+ alliance does not share out customers between "
                         r"the partners, so this is not drafted", result.output), field


def test_co_selling_needs_a_segment_a_registration_and_a_handover():
    example = load_terms(EXAMPLE)
    paths = {p.path for p in check_deal(terms_with(example, {"accounts.segments": DELETE,
                                                             "accounts.handover": DELETE}))}
    assert {"accounts.segments", "accounts.handover"} <= paths
    other = terms_with(example, {"alliance.kind": "other", "accounts.registration": DELETE})
    assert "accounts.registration" in {p.path for p in check_deal(other)}


@pytest.mark.parametrize("kind", ["referral", "co_marketing"])
def test_a_referral_or_co_marketing_deal_still_needs_its_registration_rule(tmp_path, kind):
    deal = tmp_path / "deal.yaml"
    deal.write_text((DEALS / f"{OWN_CUSTOMERS[kind]}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", edit_answers(deal, {"accounts": DELETE}))
    assert result.exit_code == 1
    assert "accounts.registration" in result.output


def _interview(monkeypatch, tmp_path: Path, target: dict) -> User:
    user = User(target)
    monkeypatch.setattr(prompts, "_ask", user)
    walker.run_interview(tmp_path / "deal.yaml")
    assert plain(load_answers(tmp_path / "deal.yaml").data) == target
    return user


@pytest.mark.parametrize("kind", sorted(OWN_CUSTOMERS))
def test_the_interview_asks_no_account_allocation_outside_co_selling(monkeypatch, tmp_path, kind):
    file = DEALS / f"{OWN_CUSTOMERS[kind]}.yaml"
    target = plain(parse_yaml(file.read_text(encoding="utf-8"), file))
    target.get("technology", {}).get("escrow", {}).pop("release_events", None)  # the usual events: not asked
    asked = {spec["path"] for spec in _interview(monkeypatch, tmp_path, target).asked}
    for never in ("accounts.segments", "accounts.handover", "accounts.non_solicitation_months", "accounts"):
        assert never not in asked, never
    # the referral and campaign-lead clauses use the registration rule; a supplier or technology deal has none
    assert ("accounts.registration" in asked) == (kind in ("referral", "co_marketing"))


def test_a_co_selling_deal_is_offered_the_usual_account_rules(monkeypatch, tmp_path):
    target = example_data()
    user = _interview(monkeypatch, tmp_path, target)
    usual = next(s for s in user.asked if s["kind"] == "usual" and s["path"] == "accounts")
    assert set(usual["values"]) == {"accounts.registration", "accounts.handover", "accounts.non_solicitation_months"}
    assert "accounts.segments" in {spec["path"] for spec in user.asked}
