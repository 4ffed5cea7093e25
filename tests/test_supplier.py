"""A supplier alliance drafts as its own kind: one partner supplies the other, which buys as a partner and
not as a customer of the alliance. Supply terms (or a separate supply agreement), and none of a co-selling
deal's customer invoicing, opportunity registration, joint projects or customer contracts."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DELETE, assert_terms_defined_and_clauses_present, clause, edit_answers, run, terms_with
from scripted_user import User, example_data, plain
from test_interview import run as run_interview
from test_interview import typing_gives

from agreement_builder.answers import load_answers, load_terms, parse_yaml
from agreement_builder.document.docx_text import document_text
from agreement_builder.terms.rules import check_deal

DEALS = Path(__file__).parent / "deals"
ENGLISH = DEALS / "supplier-english.yaml"
EXAMPLE = Path(__file__).parents[1] / "agreement_builder" / "data" / "example.yaml"

# Co-selling wording that has no place in a supplier agreement, where the buyer is a partner.
NEVER_IN_A_SUPPLIER_DEAL = [
    "invoices the customer", "shall not invoice the customer", "Joint Opportunit", "shared pipeline",
    "Opportunities are registered", "Not applicable", "customer contract", "Paying every supplier",
    "Joint Project", "Revenue sharing", "a payment of", "first joint opportunity",
    "case studies", "campaign content", "expressly provide.",
    # a supplier free to sell the buyer's own designs; a first programme the partners are bound to pursue
    "the Supplier may supply them to others", "shall pursue it", "first opportunity",
]

SUPPLY_AGREEMENT = {"supply": {"supplier": "norda", "products": "HS-200 modules",
                               "agreement": {"name": "Framework Supply Agreement", "sign_by": "2027-04-30"}}}
NO_FEES = {"money.flows": []}
CHARGED_CAPACITY = {"supply.shortfall_charge_percent": 20, "supply.binding_forecast_months": 0}


def _deal(tmp_path: Path, changes: dict | None = None, source: Path = ENGLISH) -> Path:
    file = tmp_path / "deal.yaml"
    file.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return edit_answers(file, changes) if changes else file


def _agreement_text(tmp_path: Path, changes: dict | None = None, source: Path = ENGLISH) -> str:
    file = _deal(tmp_path, changes, source)
    result = run("build", file, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return document_text(tmp_path / "out" / "agreement.docx")


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("english"))


@pytest.fixture(scope="module")
def under_agreement(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("agreement"), SUPPLY_AGREEMENT)


@pytest.fixture(scope="module")
def no_fees(tmp_path_factory) -> str:
    return _agreement_text(tmp_path_factory.mktemp("no-fees"), NO_FEES)


def test_the_english_deal_checks_clean():
    answers = load_answers(ENGLISH)
    assert not answers.problems, [p.render() for p in answers.problems]


@pytest.mark.parametrize("fragment", [
    "a supplier alliance in which Norda supplies Halden",
    "The Supplier shall not, however, supply to anyone but the Buyer a product made to the Buyer's specifications, "
    "drawings or designs, or made using them.",
    "The Alliance is expected to start with a first programme: Supply of HS-200 modules",
    "which the Partners aim to start by 30 September 2027. Its description, value and date are estimates made in "
    "good faith: they bind neither Partner to order or supply anything.",
    "such as improvements to the processes for making the Products, or to the design of Products not made to the "
    "Buyer's specifications, drawings or designs, belong to both of them jointly",
    "Under the Alliance, Norda (the “Supplier”) supplies to Halden (the “Buyer”) the following products",
    "except as clause 12 provides for the binding part of each Forecast.",
    "clause 11 (Supply), as far as it concerns the Buyer's licence",
    "It is the Supplier's customer",
    "the Buyer alone sets the prices and terms on which it resells",
    "The supply is not exclusive",
    "(a “Forecast”)", "The quantities in the first 2 months of each Forecast bind the Buyer",
    "(an “Order”)", "at least 45 days after it is placed",
    "15,000 HS-200 modules in each calendar quarter (the “Reserved Capacity”)",
    "Apart from any fee for reserving it", "before that calendar quarter ends is released",
    "fixed until 31 March 2028", "given at least 90 days in advance",
    "DAP Halden's warehouse, Cambridge (Incoterms 2020)",
    "inspect each delivery within 10 days after it is delivered",
    "for 24 months after it (the “Warranty Period”)",
    "(a “Recall”)", "at least 12 months before it stops making or supplying a Product",
    "The Supplier invoices the Buyer for the Products it delivers",
    "In addition to the price of the Products, the Partners shall make the following payments",
    "Halden pays Norda a fixed fee of GBP 48,000.00",
    "Norda supplies Halden with HS-200", "Norda invoices Halden for the products it delivers",
    "First programme",
    "the Supplier shall deliver, and the Buyer shall take and pay for, on the terms of clause",
    "clause 12 (Supply terms), as far as it concerns Orders",
    "provides for products made to the Buyer's specifications, drawings or designs, which the Supplier supplies to no "
    "one else, nothing", "nothing in this Agreement limits to whom or where the Supplier sells its products,",
])
def test_a_supplier_deal_says(english, fragment):
    assert fragment in english


@pytest.mark.parametrize("fragment", NEVER_IN_A_SUPPLIER_DEAL)
def test_a_supplier_agreement_has_no_co_selling_wording(english, under_agreement, no_fees, fragment):
    for text in (english, under_agreement, no_fees):
        assert fragment not in text


def test_a_separate_supply_agreement_governs_instead(under_agreement):
    text = under_agreement
    assert "called the Framework Supply Agreement (the “Supply Agreement”)" in text
    assert "sign it no later than 30 April 2027" in text
    assert "either Partner may end this Agreement by notice" in text
    assert "the Supply Agreement prevails on a matter of supply" in text
    assert "and the Buyer pays for them, as the Supply Agreement provides" in text
    assert "Supply terms" not in text and "“Forecast”" not in text and "Reserved Capacity" not in text


def test_a_signed_supply_agreement_is_cited_by_its_date(tmp_path):
    text = _agreement_text(tmp_path, {"supply.agreement": {"name": "Supply Agreement", "signed_on": "2026-11-02"}})
    assert "called the Supply Agreement, signed on 2 November 2026 (the “Supply Agreement”)" in text
    assert "sign it no later than" not in text


def test_unused_capacity_may_be_charged(tmp_path):
    text = _agreement_text(tmp_path, CHARGED_CAPACITY)
    assert "the Buyer shall pay the Supplier 20% of the price of the quantity by which they fall short" in text
    assert "bind the Buyer:" not in text and "does not bind the Buyer to order" in text
    assert "except as clause 12 provides for reserved capacity left unused." in text


def test_without_fees_the_price_is_still_invoiced(no_fees):
    assert "Apart from the price of the Products, no fees are payable between the Partners" in no_fees
    assert "A payment is payable 30 days after the paying Partner receives a correct invoice" in no_fees
    assert "summarises the other payments" not in no_fees


@pytest.mark.parametrize("changes", [None, SUPPLY_AGREEMENT, NO_FEES, CHARGED_CAPACITY],
                         ids=["english", "supply agreement", "no fees", "charged capacity"])
def test_no_placeholder_is_left_behind(tmp_path, changes):
    text = _agreement_text(tmp_path, changes)
    assert "Not applicable" not in text and "[]" not in text
    assert "None" not in text.replace("None agreed.", "")
    lines = [line for line in text.splitlines() if line.strip()]
    for line, after in zip(lines, lines[1:] + [""]):
        if line.rstrip().endswith(("as follows:", "are:", "following payments to each other:")):
            assert re.match(r"^\(?[a-z]\)\t|^\(a\)", after) or "|" in after, f"nothing follows {line!r}"


@pytest.mark.parametrize("changes", [None, SUPPLY_AGREEMENT, NO_FEES, CHARGED_CAPACITY],
                         ids=["english", "supply agreement", "no fees", "charged capacity"])
def test_every_term_used_is_defined_and_every_reference_present(tmp_path, changes):
    terms = load_terms(_deal(tmp_path, changes))
    assert_terms_defined_and_clauses_present(terms)


# ---- old files, and the rules


def test_an_old_supplier_file_still_builds(tmp_path):
    # The example with kind: supplier, written before the supply section existed: the supplier is read
    # from who invoices, since payments go both ways.
    text = _agreement_text(tmp_path, {"alliance.kind": "supplier"}, source=EXAMPLE)
    assert load_terms(tmp_path / "deal.yaml").supply.supplier == "tidewater"
    assert "Tidewater (the “Supplier”) supplies to Larkspur (the “Buyer”)" in text
    assert "Supply terms" in text and "Paying every supplier" not in text
    assert "invoices the customer" not in text and "Opportunities are registered" not in text


def test_the_supplier_is_read_from_one_way_payments(tmp_path):
    terms = load_terms(_deal(tmp_path, {"supply": DELETE}))
    assert terms.supply.supplier == "norda" and terms.supply.warranty_months == 12


def test_check_names_a_supplier_it_cannot_infer(tmp_path):
    result = run("check", _deal(tmp_path, {"supply": DELETE, "money.flows": []}))
    assert result.exit_code == 1
    assert "supply.supplier" in result.output


@pytest.mark.parametrize(("changes", "path"), [
    ({"supply.supplier": "nobody"}, "supply.supplier"),
    ({"supply.binding_forecast_months": 9}, "supply.binding_forecast_months"),
    ({"supply.reserved_capacity": DELETE, "supply.shortfall_charge_percent": 10}, "supply.shortfall_charge_percent"),
    ({"supply.agreement": {"name": "Supply Agreement"}}, "supply.agreement"),
    ({"supply.forecast_months": 2, "supply.binding_forecast_months": 1}, "supply.forecast_months"),
])
def test_supply_rules(tmp_path, changes, path):
    result = run("check", _deal(tmp_path, changes))
    assert result.exit_code == 1
    assert path in result.output


def test_other_kinds_refuse_supply_terms_and_a_supplier_deal_needs_no_invoicing_partner():
    example = load_terms(EXAMPLE)
    with_supply = terms_with(example, {"supply": {"supplier": "larkspur"}})
    assert any(p.path == "supply" for p in check_deal(with_supply))
    supplier = load_terms(ENGLISH)
    assert supplier.money.customer_invoiced_by is None
    assert not any(p.path == "money.customer_invoiced_by" for p in check_deal(supplier))


# ---- payments of every basis, in any kind of deal


def test_each_basis_reads_as_what_it_is(tmp_path):
    flows = [
        {"payer": "larkspur", "payee": "tidewater", "basis": "resale_margin", "description": "Margin",
         "trigger": "the customer pays", "percentage": 12.5, "of_what": "net licence fees"},
        {"payer": "tidewater", "payee": "larkspur", "basis": "other", "description": "Royalty",
         "trigger": "each quarter ends", "percentage": 12, "of_what": "net sales of the connector"},
        {"payer": "tidewater", "payee": "larkspur", "basis": "fixed_fee", "description": "Launch fee",
         "trigger": "the launch webinar takes place", "amount": 5000},
    ]
    text = _agreement_text(tmp_path, {"money.flows": flows}, source=EXAMPLE)
    assert ("Tidewater resells products of Larkspur and keeps a resale margin of 12.5% of net licence fees: it "
            "pays Larkspur the net licence fees less that margin") in text
    assert "pays Tidewater a resale margin" not in text and "a payment of" not in text
    assert "Tidewater pays Larkspur 12% of net sales of the connector, which is earned when each quarter ends" in text
    # the schedule reads from the reseller, which pays the price less the margin it keeps
    assert "Tidewater | Larkspur | Margin | the customer pays | net licence fees less a resale margin of 12.5%" in text
    # only what is calculated from the other's figures is audited; the fixed fee is not listed
    audit = text[text.index("Reporting and audit"):]
    audit = audit[:audit.index("Relationship Value Updates")]
    assert "Margin, calculated from the figures of Tidewater" in audit
    assert "Royalty, calculated from the figures of Tidewater" in audit
    assert "Launch fee" not in audit and "fixed fees and other payments of a fixed amount are not audited" in audit


def test_fixed_fees_are_not_audited_but_the_supply_records_are(english):
    reporting = english[english.index("Reporting and audit\n"):english.index("Relationship Value Updates\n")]
    assert "as follows: The supplier sends a monthly statement of deliveries invoiced and payments received." \
        in reporting
    assert "These reports are statements only." in reporting
    assert "Neither Partner may therefore audit" not in reporting
    assert "The Buyer may nevertheless have the Supplier's records of the supply audited" in reporting
    assert "Calculated Payment" not in english


def test_with_no_payments_nothing_follows_no_fees(tmp_path):
    text = _agreement_text(tmp_path, {"money.flows": [], "money.revenue_splits": []}, source=EXAMPLE)
    assert "No fees are payable between the Partners under this Agreement." in text
    for fragment in ("send the other an invoice", "Reporting and audit", "audited", "late payment",
                     "summarises who pays whom"):
        assert fragment not in text


# ---- the interview


def _supplier_target() -> dict:
    target = plain(parse_yaml(ENGLISH.read_text(encoding="utf-8"), ENGLISH))
    target["reviews"].pop("per_department", None)  # not asked: neither partner lists a department
    return target


def test_a_supplier_deal_is_asked_as_one(monkeypatch, tmp_path):
    user = typing_gives(monkeypatch, tmp_path / "deal.yaml", _supplier_target())
    asked = user.paths()
    for path in ("supply.supplier", "supply.products", "supply.agreement", "supply.forecast_months",
                 "supply.binding_forecast_months", "supply.reserved_capacity", "supply.shortfall_charge_percent",
                 "supply.prices", "supply.delivery_terms", "supply.acceptance_days", "supply.warranty_months",
                 "supply.last_time_buy_notice_months", "supply.capacity_period", "supply.first_article_approval",
                 "supply.first_article_review_days"):
        assert path in asked, path
    for never in ("money.customer_invoiced_by", "money.revenue_splits", "money.pay_every_supplier",
                  "referrals.direction"):
        assert never not in asked, never
    by_path = {spec["path"]: spec for spec in user.asked if spec["kind"] != "add_another"}
    assert by_path["money.flows[0].payer"]["default"] == "halden"  # the buyer pays the supplier
    # "15,000 HS-200 modules in each calendar quarter": the period the capacity names is offered
    assert by_path["supply.capacity_period"]["default"] == "quarter"


def test_a_supplier_deal_under_a_supply_agreement_is_not_asked_the_terms(monkeypatch, tmp_path):
    target = _supplier_target()
    target["supply"] = {"supplier": "norda", "products": "HS-200 modules",
                        "agreement": {"name": "Framework Supply Agreement", "sign_by": "2027-04-30"}}
    user = typing_gives(monkeypatch, tmp_path / "deal.yaml", target)
    asked = user.paths()
    assert "supply.agreement.sign_by" in asked and "supply.forecast_months" not in asked


def test_other_kinds_are_not_asked_about_supply(monkeypatch, tmp_path):
    user = User(example_data())
    run_interview(monkeypatch, user, tmp_path / "deal.yaml")
    assert not [p for p in user.paths() if p.startswith("supply")]


# ----------------------------------------------------------------- the City solicitor's points (issue 12, round 2)



def test_tooling_the_buyer_pays_for_is_the_buyers_held_by_the_supplier_as_bailee(english):
    supply = clause(english, "Supply terms")[1]
    assert "that the Buyer pays for by a separate payment, under clause 13 or otherwise (the “Buyer Tooling”), " \
           "become the property of the Buyer when the Buyer has paid for them." in supply
    assert "Tooling that the Supplier pays for itself, including tooling whose cost is recovered through the price " \
           "of the Products, remains the Supplier's property." in supply
    for duty in ("holds it as bailee for the Buyer", "mark each item clearly as the property of the Buyer",
                 "insure it for its full replacement value", "use it only to make or test Products for the Buyer",
                 "keep it in good repair and working order", "deliver it up to the Buyer",
                 "within ten Working Days after the Buyer asks for it at any time"):
        assert duty in supply, duty
    tooling = re.search(r"\n(12\.\d+)\tTooling, moulds", english).group(1)
    assert f"the Supplier delivers up the Buyer Tooling as clause {tooling} provides" in english
    assert "the Products supplied under them and the Buyer Tooling;" in english  # survives


def test_first_articles_are_approved_before_volume_production_where_the_deal_relies_on_them(english, no_fees):
    supply = clause(english, "Supply terms")[1]
    assert "(the “First Articles”)" in supply
    assert "inspect and test the First Articles within 15 days after receiving them" in supply
    assert "either approve them in writing or reject them by notice that gives its reasons in writing" in supply
    assert "submit new First Articles as soon as it reasonably can" in supply
    assert "shall not start volume production of a Product, or deliver it under an Order, before its First " \
           "Articles have been approved" in supply
    # kept without the payment whose trigger names them
    assert "First Articles" in no_fees


def test_a_file_without_the_new_supply_fields_reads_them_from_its_own_words(tmp_path):
    text = _agreement_text(tmp_path, {"supply.capacity_period": DELETE, "supply.first_article_approval": DELETE,
                                      "supply.first_article_review_days": DELETE})
    assert "The Reserved Capacity is reserved for each calendar quarter" in text  # "in each calendar quarter"
    assert "inspect and test the First Articles within 15 days" in text  # the deliverable names a first article


def test_without_a_first_article_in_the_deal_there_is_no_approval_process(tmp_path):
    text = _agreement_text(tmp_path, {"commitments.0.deliverables.0.description": "Production cell ready",
                                      "money.flows.0.trigger": "the production cell is ready",
                                      "supply.first_article_approval": DELETE})
    assert "First Articles" not in text
    (tmp_path / "chosen").mkdir()
    chosen = _agreement_text(tmp_path / "chosen", {"commitments.0.deliverables.0.description": "Production cell",
                                                   "money.flows.0.trigger": "the cell is ready",
                                                   "supply.first_article_review_days": 20})
    assert "inspect and test the First Articles within 20 days" in chosen


def test_capacity_reserved_per_quarter_is_taken_up_and_released_per_quarter(english):
    supply = clause(english, "Supply terms")[1]
    assert "is released for that month" not in supply and "before the month of delivery" not in supply
    assert "The Reserved Capacity is reserved for each calendar quarter (January to March" in supply
    assert "Capacity reserved for a calendar quarter for which the Buyer has not placed Orders at least 45 days " \
           "before that calendar quarter ends is released" in supply
    assert "and, together with the other Orders for delivery in the same calendar quarter, within the Reserved " \
           "Capacity for that quarter." in supply
    assert "Together, the months of a calendar quarter in a Forecast show how much of the Reserved Capacity for " \
           "that quarter the Buyer expects to take up" in supply


def test_capacity_reserved_per_month_is_measured_per_month(tmp_path):
    text = _agreement_text(tmp_path, {"supply.reserved_capacity": "5,000 HS-200 modules a month",
                                      "supply.capacity_period": "month", **CHARGED_CAPACITY})
    supply = clause(text, "Supply terms")[1]
    assert "calendar quarter" not in supply
    assert "The Reserved Capacity is reserved for each calendar month." in supply
    assert "If, in any calendar month, the Orders for delivery in that calendar month fall short of the Reserved " \
           "Capacity for it" in supply
    assert "and within the Reserved Capacity for that month." in supply


def test_a_yearly_fee_due_on_each_anniversary_is_earned_then(english):
    assert "earned on its first day" not in english and "in advance" not in english.split("Payment schedule")[1]
    assert "is earned on the anniversary of the Effective Date that immediately follows that Contract Year or, for " \
           "the Contract Year in which the Term ends, on the last day of the Term." in english


def test_the_buyer_may_audit_the_supply_records_when_the_terms_give_audit_rights(english):
    reporting = clause(english, "Reporting and audit")[1]
    assert "The Buyer may have those records audited, once in any period of 12 months, by notice given at least " \
           "20 days in advance." in reporting
    assert "not the Supplier's costs or margins" in reporting
    assert "exceeded what was due by more than 5%, the Supplier shall instead reimburse" in reporting
    assert "of the inspection, testing and traceability of each batch" in reporting


def test_the_products_are_outside_the_general_disclaimer_and_english_law_names_the_implied_terms(english):
    warranties = clause(english, "Warranties and indemnity")[1]
    warranty = re.search(r"\n(12\.\d+)\tThe Supplier warrants that each Product", english).group(1)
    kept = re.search(r"\n(12\.\d+)\tThe warranty in this clause, with the remedies", english).group(1)
    assert re.search(r"The Products are outside clause 16\.\d+: ", warranties)
    assert f"the warranty in clause {warranty} applies to them, " \
           f"together with the terms implied by law that clause {kept} keeps, and the warranty in clause" in warranties
    assert "replaces the terms implied into each sale of Products by sections 13 to 15 of the Sale of Goods Act " \
           "1979" in english
    assert "The terms implied by section 12 of that Act (title, freedom from charges and quiet possession) are not " \
           "excluded" in english


@pytest.mark.parametrize("law, expected", [
    ("new_york", "INCLUDING ANY IMPLIED WARRANTY OF MERCHANTABILITY OR OF FITNESS FOR A PARTICULAR PURPOSE, WHICH "
                 "THE SUPPLIER DISCLAIMS AS FAR AS THE LAW ALLOWS. THE SUPPLIER DOES NOT DISCLAIM THE WARRANTY OF "
                 "TITLE TO THE PRODUCTS."),
    ("germany", "A warranty or condition that the law implies about title to the Products is not excluded."),
])
def test_elsewhere_the_product_warranty_still_keeps_title(tmp_path, law, expected):
    text = _agreement_text(tmp_path, {"disputes.governing_law": law})
    assert expected in text and "Sale of Goods Act" not in text
    assert "The Products are outside " in text


def test_under_a_supply_agreement_the_products_are_left_to_it(under_agreement):
    assert re.search(r"The Products are outside clause \d+\.\d+: the Supply Agreement governs the warranties and "
                     r"conditions that apply to them\.", under_agreement)
    assert "Buyer Tooling" not in under_agreement and "The Buyer may have those records audited" not in under_agreement


# ----------------------------------------------------------------- the City solicitor's points (issue 12, round 3)



def test_the_supplier_may_use_the_buyers_designs_for_as_long_as_it_must_supply(english, under_agreement):
    ip = clause(english, "Intellectual property")[1]
    exit_clause = clause(english, "Consequences of termination")[0]
    assert "the Buyer grants the Supplier a non-exclusive, non-transferable licence, free of charge, to use the " \
           "specifications, drawings and designs for the Products that the Buyer provides" in ip
    assert f"for as long as clause 12 and clause {exit_clause} bind the Supplier to supply them, even after the " \
           "Transition Period. That licence gives no right to make or supply anything for anyone else." in ip
    assert "for as long as the Supply Agreement binds the Supplier to supply them" in under_agreement


def test_what_the_supply_needs_after_the_term_survives(english, under_agreement):
    survival = clause(english, "Survival")[1]
    exit_clause = clause(english, "Consequences of termination")[0]
    audit_clause = clause(english, "Reporting and audit")[0]
    assert "as far as it concerns Orders confirmed before the end of the Term, the quantities in the binding part of " \
           f"the last Forecast and Orders placed under clause {exit_clause}, the Products supplied under them" in survival
    assert f"clause {audit_clause} (Reporting and audit), as far as it concerns the Supplier's records of the supply " \
           "and their audit" in survival
    supply_rule = "the Supplier's duty to supply to no one but the Buyer products made to the Buyer's specifications"
    assert supply_rule in survival and supply_rule in under_agreement
    assert "as far as it concerns ownership of rights, the licences it grants for the Transition Period, the " \
           "Supplier's licence to make and supply the Products, " in survival
    assert "and what each Partner may do after the Term with the materials the Partners created together;" in survival
    assert "(Reporting and audit), as far as" not in under_agreement


def test_the_supplier_recovers_its_lost_margin_not_the_price(english, tmp_path):
    liability = clause(english, "Liability")[1]
    assert "does not apply to the margin that the Supplier loses on Products that the Buyer is bound to buy under " \
           "confirmed Orders or the binding part of a Forecast because the Buyer ends this Agreement in breach of it " \
           "or fails to order or take those Products" in liability
    assert "less the costs the Supplier saves and the amounts it recovers by using or selling elsewhere what it had " \
           "made or bought for them, as clause 12.2 provides" in liability
    assert "That margin, and not the full price, is recoverable as direct loss." in liability
    assert "the price of Products that a Partner would have earned" not in liability
    assert "are unpaid, such as the price of Products;" in liability  # a debt for what was delivered stays unlimited
    royalty = _agreement_text(tmp_path, {"money.flows.0": {
        "payer": "halden", "payee": "norda", "basis": "royalty", "description": "Design royalty",
        "trigger": "each quarter ends", "percentage": 2, "of_what": "net sales of HX-4 analysers"}})
    assert "Nor does that exclusion apply to royalties that a Partner would have earned" in royalty


def test_design_improvements_are_the_buyers_and_it_may_use_the_tooling_documentation(english, under_agreement):
    ip = clause(english, "Intellectual property")[1]
    tooling = re.search(r"\n(12\.\d+)\tTooling, moulds", english).group(1)
    assert "except that an improvement to the design of a Product made to the Buyer's specifications, drawings or " \
           "designs belongs to the Buyer, whichever Partner makes it. The Supplier assigns to the Buyer its rights in " \
           "each such improvement as it arises" in ip
    assert "may use it under the licence to make and supply the Products in clause 5.2" in ip
    assert "joint specifications" not in ip and "improvements to the design of the Products or" not in ip
    assert "The Supplier grants the Buyer a non-exclusive, perpetual and irrevocable licence, free of charge, to use, " \
           f"copy and adapt the drawings and documentation it delivers up with the Buyer Tooling under clause {tooling}" \
           in ip
    assert "the Buyer's licence to use the documentation of the Buyer Tooling" in clause(english, "Survival")[1]
    assert "belongs to the Buyer, whichever Partner makes it" in under_agreement
    assert "Buyer Tooling" not in under_agreement


def test_the_exit_cites_the_last_time_buy_by_number(english):
    last_buy = re.search(r"\n(12\.\d+)\tThe Supplier shall tell the Buyer in writing at least", english).group(1)
    assert f"the quantity of each Product it reasonably expects to need, as clause {last_buy} allows when the Supplier " \
           "stops supplying" in english


def test_capacity_is_reserved_from_the_first_period_after_the_first_articles_are_approved(english, tmp_path):
    supply = clause(english, "Supply terms")[1]
    assert "The first calendar quarter for which it is reserved is the first that begins after the First Articles " \
           "have first been approved; no capacity is reserved for any earlier calendar quarter." in supply
    monthly = _agreement_text(tmp_path, {"supply.reserved_capacity": "5,000 HS-200 modules a month",
                                         "supply.capacity_period": "month", "supply.first_article_approval": False})
    assert "for which it is reserved is the first" not in monthly


def test_the_first_forecast_is_due_when_the_buyers_commitments_say_and_later_ones_monthly(english, tmp_path):
    assert "Halden | People | A supplier quality engineer and a monthly forecasting process for HX-4 demand | " \
           "• First rolling forecast of HS-200 demand (by 26 February 2027)" in english
    assert "\tNo later than 26 February 2027, and after that by the tenth Working Day of each later calendar month, " \
           "the Buyer shall give the Supplier a written forecast" in english
    # a forecast the supplier owes is not the buyer's first Forecast; without the buyer's own, the first is monthly
    supplier_forecast = _agreement_text(tmp_path, {"commitments.1.partner": "norda"})
    assert "\tBy the tenth Working Day of each calendar month, the Buyer shall give" in supplier_forecast
    assert "No later than 26 February 2027" not in supplier_forecast


def _numbered_paragraph(text: str, start: str) -> tuple[str, str]:
    """The number and the text of the numbered paragraph that starts with these words."""
    match = re.search(rf"^(\d+\.\d+)\t({re.escape(start)}[^\n]*)", text, re.M)
    assert match, f"no paragraph starts {start!r}"
    return match[1], match[2]


def test_the_capacity_fee_is_paid_only_for_the_time_capacity_is_reserved(english, no_fees):
    number, fee = _numbered_paragraph(english, "A fee that clause 13 sets for reserving capacity")
    assert "is paid only for the time for which the Reserved Capacity is reserved under this clause. It accrues day " \
           "by day over the calendar quarters for which it is reserved; the fee for a year or other period of which " \
           "only part falls within those calendar quarters is reduced pro rata to the days of that part, and no fee " \
           "is payable for a period none of which does." in fee
    assert "A fee for reserving capacity is also reduced for the time for which none is reserved, as clause " \
           f"{number} provides." in clause(english, "Invoicing and payments")[1]
    assert "for reserving capacity" not in no_fees


def test_the_supplier_may_not_discontinue_reserved_supply_during_the_initial_term(english, tmp_path):
    fee = _numbered_paragraph(english, "A fee that clause 13 sets for reserving capacity")[0]
    last_buy = _numbered_paragraph(english, "The Supplier shall tell the Buyer in writing at least 12 months")[1]
    assert "As this clause reserves capacity for the Buyer, the Supplier may not stop making or " \
           "supplying a Product before the end of the Initial Term. Once it has stopped making or supplying every " \
           f"Product, no capacity is reserved after that, and no fee for reserving it accrues, as clause {fee} " \
           "provides." in last_buy
    unreserved = _agreement_text(tmp_path, {"supply.reserved_capacity": DELETE, "supply.capacity_period": DELETE})
    assert "may not stop making or supplying" not in unreserved


def test_a_fee_earned_on_first_article_approval_is_earned_on_approval_or_deemed_approval(english):
    approval = _numbered_paragraph(english, "The Buyer shall inspect and test the First Articles")[0]
    assert "Tooling for the HS-200 production cell: Halden pays Norda a fixed fee of GBP 48,000.00, which is earned " \
           "when Halden approves the first-article inspection report." in english
    assert "Where this Agreement makes a payment, a deadline or anything else depend on the approval of the First " \
           "Articles or of their inspection report, that approval takes place when the First Articles are approved " \
           f"in writing, or are treated as approved, under clause {approval}." in clause(english, "Supply terms")[1]


def test_only_the_prices_of_a_quotation_apply_not_its_other_terms(english, tmp_path):
    assert "attached to Norda's quotation NQ-2027-014 of 12 November 2026, fixed until 31 March 2028. Where they are " \
           "taken from a quotation, a price list or another document, only the prices it states form part of this " \
           "Agreement: its other terms, including any terms of sale, payment, delivery, warranty or liability, do " \
           "not apply." in english
    price_list = _agreement_text(tmp_path, {"supply.prices": DELETE})
    assert "only the prices it states" not in price_list
    assert "those in the Supplier's price list in force on the day the Order is placed." in price_list


def test_the_supplier_warrants_title_to_and_fitness_of_the_tooling_the_buyer_pays_for(english):
    number, warranty = _numbered_paragraph(english, "The Supplier warrants that, when an item of Buyer Tooling")
    assert "the Supplier has the right to transfer it, the Buyer acquires full title to it free from any charge, " \
           "lien, retention of title or other right of anyone else, and the item is of sound materials and " \
           "workmanship and fit for making or testing Products that meet their agreed specification in the " \
           "quantities of the Reserved Capacity." in warranty
    assert "the Supplier shall repair or replace it at its own cost" in warranty
    assert f"and the warranty in clause {number} applies to the Buyer Tooling." in \
        clause(english, "Warranties and indemnity")[1]
