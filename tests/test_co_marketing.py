"""A co-marketing alliance drafts and asks as its own kind: a trade mark licence, approval of materials,
campaign costs and campaign leads, each partner selling only its own products; and none of a co-selling
deal's invoicing partner, joint opportunities, revenue shares or joint projects."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DELETE, assert_terms_defined_and_clauses_present, edit_answers, run, terms_with
from scripted_user import User, example_data, plain

from agreement_builder.answers import load_answers, load_terms, parse_yaml
from agreement_builder.document.docx_text import document_text
from agreement_builder.interview import prompts
from agreement_builder.interview import walker as interview
from agreement_builder.resources import example_text
from agreement_builder.terms.rules import check_deal

DEALS = Path(__file__).parent / "deals"
ONTARIO = DEALS / "co-marketing-ontario.yaml"

# Co-selling (and referral) wording that has no place where each partner sells only its own products.
NEVER_IN_CO_MARKETING = [
    "Joint Opportunit", "shared pipeline", "Shared Revenue", "Revenue sharing", "Paying every supplier",
    "Joint Project", "invoices the customer for every sale", "shall not invoice the customer for the same sale",
    "perform its part of any customer contract", "open Joint Opportunities", "Referral", "Referring Partner",
]

EACH_OWN = {"marketing.campaign_costs": "each_own", "marketing.cost_shares": DELETE,
            "marketing.yearly_budget": DELETE}
SILENCE_APPROVES = {"marketing.silence_approves": True}
WITH_A_FEE = {"money.flows": [{"payer": "brightwell", "payee": "northgate", "basis": "fixed_fee",
                               "description": "Fee for Northgate's speakers at Brightwell's user conference",
                               "trigger": "the conference takes place", "amount": 8000}]}
VARIANTS = [None, EACH_OWN, SILENCE_APPROVES, WITH_A_FEE]
IDS = ["shared costs", "each its own", "silence approves", "with a fee"]


def _deal(tmp_path: Path, changes: dict | None = None) -> Path:
    file = tmp_path / "deal.yaml"
    file.write_text(ONTARIO.read_text(encoding="utf-8"), encoding="utf-8")
    return edit_answers(file, changes) if changes else file


def _agreement_text(tmp_path: Path, changes: dict | None = None) -> str:
    result = run("build", _deal(tmp_path, changes), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return document_text(tmp_path / "out" / "agreement.docx")


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    return {name: _agreement_text(tmp_path_factory.mktemp(name.replace(" ", "-")), changes)
            for name, changes in zip(IDS, VARIANTS)}


def test_the_ontario_deal_checks_clean():
    answers = load_answers(ONTARIO)
    assert not answers.problems, [p.render() for p in answers.problems]


@pytest.mark.parametrize("fragment", [
    "a co-marketing alliance in which they promote their own products and services together through joint "
    "campaigns, while each of them sells only its own",
    "(each a “Joint Campaign”)", "(its “Campaign Plan”)",
    "Each Partner promotes, sells and supplies only its own products and services",
    "Neither Partner shall buy the other's products or services for resale, resell them",
    # the trade mark licence: its scope, the guidelines, goodwill, its end
    "a Partner's “Marks” are", "its “Brand Guidelines” are",
    "a non-exclusive, non-transferable and royalty-free licence to use those Marks in the Territory during the Term, "
    "and during the Transition Period for the wind-down use that the last paragraph of this clause allows, only to "
    "promote the Joint Campaigns and the Alliance",
    "that incidental use outside the Territory is within the licence, provided that the Partner does not direct them "
    "at customers outside the Territory",
    "as its Brand Guidelines require", "all goodwill arising from it belongs to the owner",
    "The licence in this clause continues after the end of the Term only for the Transition Period and only for the "
    "following wind-down use, and ends with the Transition Period.",
    "no right to use it is granted except as this Agreement expressly provides.",
    "such as joint market research and plans that are not Campaign Materials, belong to both of them jointly",
    # approval of materials, silence not approval
    "“Campaign Materials” are", "within 10 days after receiving them", "silence is never approval",
    "are “Approved Materials”",
    # costs and leads
    "(the “Shared Costs”), are borne by the Partners in these shares: Northgate 50% and Brightwell 50%",
    "shall not exceed CAD 60,000.00 in any year of the Term",
    "Each Campaign Lead goes to the Partner whose products or services it asks about",
    "Within 5 days after collecting a Campaign Lead",
    "The Collecting Partner is responsible for collecting each Campaign Lead lawfully",
    "does not make either Partner a processor or service provider of the other",
    "No fees are payable between the Partners under this Agreement other than the shares of Shared Costs",
    # the cover and the shared clauses
    "Each partner sells only its own products, in its own name, and invoices its own customers",
    "Campaign costs | shared: Northgate 50%, Brightwell 50%, up to CAD 60,000.00 a year",
    "First joint campaign | ", "The Partners shall plan it as their first Joint Campaign under clause",
    "Its share of the Shared Costs of joint campaigns that Brightwell paid",
    "the laws of the Province of Ontario", "lies with the courts of the Province of Ontario sitting in Toronto",
])
def test_a_co_marketing_agreement_says(texts, fragment):
    assert fragment in texts["shared costs"]


@pytest.mark.parametrize("fragment", NEVER_IN_CO_MARKETING)
def test_a_co_marketing_agreement_has_no_co_selling_wording(texts, fragment):
    for name, text in texts.items():
        assert fragment not in text, name


def test_each_partner_bearing_its_own_costs(texts):
    text = texts["each its own"]
    assert "Each Partner bears its own costs of the Joint Campaigns" in text
    assert "Campaign costs | each partner bears its own" in text
    assert "No fees are payable between the Partners under this Agreement." in text
    for fragment in ("Shared Costs", "send the other an invoice", "late payment", "Reporting and audit"):
        assert fragment not in text


def test_silence_may_approve(texts):
    assert "neither approved nor rejected within that time are approved as they were sent" in texts["silence approves"]
    assert "silence is never approval" not in texts["silence approves"]


def test_a_fee_beside_the_shared_costs(texts):
    text = texts["with a fee"]
    assert "Brightwell pays Northgate a fixed fee of CAD 8,000.00" in text
    assert "Each Partner sells its own products and services to its own customers and invoices those customers " \
           "itself" in text
    assert "No fees are payable" not in text


@pytest.mark.parametrize("changes", VARIANTS, ids=IDS)
def test_no_placeholder_is_left_behind(tmp_path, changes):
    text = _agreement_text(tmp_path, changes)
    assert "Not applicable" not in text and "[]" not in text
    assert "None" not in text.replace("None agreed.", ""), "a value left empty is printed as None"
    assert not re.search(r"\. clause \d", text), "a sentence starts with a lower-case clause reference"
    lines = [line for line in text.splitlines() if line.strip()]
    for line, after in zip(lines, lines[1:] + [""]):
        if line.rstrip().endswith(("as follows:", "are:", "following payments to each other:")):
            assert re.match(r"^\(?[a-z]\)\t|^\(a\)", after) or "|" in after, f"nothing follows {line!r}"


@pytest.mark.parametrize("changes", VARIANTS, ids=IDS)
def test_every_term_used_is_defined_and_every_reference_present(tmp_path, changes):
    terms = load_terms(_deal(tmp_path, changes))
    assert_terms_defined_and_clauses_present(terms)


# ---- old files, and the rules


def test_an_old_co_marketing_file_still_builds(tmp_path):
    # The example made co-marketing before the kind drafted as its own: no marketing section, an invoicing
    # partner, revenue splits and every supplier paid.
    file = tmp_path / "old.yaml"
    file.write_text(example_text().replace("kind: co_selling", "kind: co_marketing"), encoding="utf-8")
    terms = load_terms(file)
    assert terms.marketing.campaign_costs.value == "each_own" and terms.marketing.approval_days == 10
    checked = run("check", file)
    assert checked.exit_code == 0, checked.output
    assert "money.revenue_splits" in checked.output  # named as a warning: a co-marketing deal splits no revenue
    result = run("build", file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = document_text(tmp_path / "out" / "agreement.docx")
    assert "Trade marks" in text and "Campaign leads" in text
    assert "Tidewater invoices the customer" not in text and "Paying every supplier" not in text


@pytest.mark.parametrize(("changes", "path"), [
    ({"marketing.cost_shares": DELETE}, "marketing.cost_shares"),
    ({"marketing.cost_shares.1.percentage": 40}, "marketing.cost_shares"),
    ({"marketing.cost_shares.1.partner": "northgate"}, "marketing.cost_shares"),
    ({"marketing.cost_shares.1.partner": "nobody"}, "marketing.cost_shares[1].partner"),
    ({"marketing.campaign_costs": "each_own", "marketing.cost_shares": DELETE}, "marketing.yearly_budget"),
    ({"marketing.campaign_costs": "each_own", "marketing.yearly_budget": DELETE}, "marketing.cost_shares"),
])
def test_co_marketing_rules(tmp_path, changes, path):
    result = run("check", _deal(tmp_path, changes))
    assert result.exit_code == 1
    assert path in result.output


def test_other_kinds_refuse_co_marketing_terms_and_co_marketing_needs_no_invoicing_partner():
    example = load_terms(Path(__file__).parents[1] / "agreement_builder" / "data" / "example.yaml")
    with_marketing = terms_with(example, {"marketing": {"approval_days": 5}})
    assert any(p.path == "marketing" for p in check_deal(with_marketing))
    co_marketing = terms_with(example, {"alliance.kind": "co_marketing", "money.customer_invoiced_by": None,
                                        "money.revenue_splits": [], "accounts.segments": DELETE,
                                        "accounts.handover": DELETE, "accounts.non_solicitation_months": DELETE,
                                        "accounts.customer_terms": DELETE})
    assert check_deal(co_marketing) == check_deal(terms_with(example, {"money.revenue_splits": []}))


# ---- the interview


def _target() -> dict:
    target = plain(parse_yaml(ONTARIO.read_text(encoding="utf-8"), ONTARIO))
    target["reviews"].pop("per_department", None)  # not asked: neither partner lists a department
    return target


def _interview(monkeypatch, file: Path, user: User) -> User:
    monkeypatch.setattr(prompts, "_ask", user)
    interview.run_interview(file)
    return user


CO_SELLING_ONLY = ["money.customer_invoiced_by", "money.revenue_splits", "money.pay_every_supplier",
                   "alliance.first_opportunity.estimated_value", "referrals."]


def test_a_co_marketing_deal_is_asked_as_one(monkeypatch, tmp_path, capsys):
    file = tmp_path / "deal.yaml"
    user = _interview(monkeypatch, file, User(_target()))
    assert plain(load_answers(file).data) == _target()
    result = run("check", file)
    assert result.exit_code == 0, result.output
    asked = user.paths()
    for path in ("marketing.approval_days", "marketing.silence_approves", "marketing.campaign_costs",
                 "marketing.cost_shares[0].percentage", "marketing.yearly_budget", "marketing.lead_handover_days"):
        assert path in asked, path
    assert "marketing.cost_shares[1].percentage" not in asked  # the rest of 100%, filled without asking
    for never in CO_SELLING_ONLY:
        assert not any(path.startswith(never) for path in asked), never
    by_path = {spec["path"]: spec for spec in user.asked if spec["kind"] != "add_another"}
    assert by_path["trust.customer_data_shared"]["default"] is True  # campaign leads are personal data
    usual = by_path["trust"]
    assert usual["values"]["trust.confidentiality_level"] == "light"
    assert by_path["accounts.registration"]["message"].startswith("How is a campaign lead passed")
    assert by_path["alliance.first_opportunity.description"]["message"] == "Describe the first joint campaign in a line."
    assert "[marketing]" in capsys.readouterr().out  # the review screen shows the section


def test_a_co_selling_deal_is_never_asked_about_joint_campaigns(monkeypatch, tmp_path, capsys):
    user = _interview(monkeypatch, tmp_path / "deal.yaml", User(example_data()))
    assert not any(path.startswith("marketing") for path in user.paths())
    assert "[marketing]" not in capsys.readouterr().out  # nor shown the section on the review screen
