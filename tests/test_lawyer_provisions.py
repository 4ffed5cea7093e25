"""The provisions of issue 12 that a deal's terms ask for, checked on the generated text: withholding tax and
late interest on every payment, insurance, non-solicitation of employees, exclusivity, a non-compete, terms for
the customers of a joint offering, the date line and the definitions index."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ALL_DEALS, build_text, clause, edit_answers, run

from agreement_builder.resources import package_file

DEALS = Path(__file__).parent / "deals"
EXAMPLE = package_file("example.yaml")
IDS = list(ALL_DEALS)
# The test deals that pay something between the partners (the technology deal's royalty included).
PAYING = ["example", "co-marketing-ontario", "co-selling-competitors-swiss", "referral-one-way", "supplier-english",
          "technology-france-sweden"]


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    return {name: build_text(tmp_path_factory.mktemp(name), deal) for name, deal in ALL_DEALS.items()}


def opening(body: str) -> str:
    """A clause's text from its first sub-clause's words on (without the number)."""
    return body.split("\t", 1)[1]


# --------------------------------------------------------------------------- withholding tax and late interest


@pytest.mark.parametrize("deal", IDS)
def test_tax_withheld_is_deducted_with_the_receipts_by_default(texts, deal):
    _, body = clause(texts[deal], "Invoicing and payments")
    if "If the law requires the paying Partner to deduct or withhold tax" not in body:
        assert deal not in PAYING, "a deal with payments has no withholding rule"
        return
    assert "pays the other Partner the rest, which settles the payment in full" in body
    assert "sends the other Partner the official receipt or other evidence of the payment" in body
    assert "certificates of residence and forms that the relief requires" in body
    assert "increases the payment" not in body
    # The royalty clause no longer has a withholding rule of its own that could contradict this one.
    assert texts[deal].count("withhold tax") == 1


def test_a_gross_up_when_the_terms_ask_for_it(tmp_path):
    text = build_text(tmp_path, DEALS / "technology-france-sweden.yaml", {"money.withholding": "gross_up"})
    _, body = clause(text, "Invoicing and payments")
    assert "increases the payment so that the other Partner, after the deduction, receives the amount it would " \
           "have received if no deduction had been required" in body
    assert "refund of, or a credit against its own taxes for, a tax for which a payment to it was increased" in body
    assert "which settles the payment in full" not in body


@pytest.mark.parametrize("deal", IDS)
def test_late_interest_at_the_rate_the_terms_state(texts, deal):
    text = texts[deal]
    assert "statutory rate" not in text and "the law that governs this Agreement" not in text
    _, body = clause(text, "Invoicing and payments")
    if deal in PAYING:  # left out of the terms: the governing law's usual rate (test_governing_law.py)
        assert "A late payment carries interest, accruing daily on the amount overdue" in body


def test_a_late_interest_rate_of_the_terms_own_or_none(tmp_path):
    text = build_text(tmp_path / "rate", EXAMPLE, {"money.late_interest_percent": 4.5})
    assert "carries simple interest at 4.5% a year" in clause(text, "Invoicing and payments")[1]
    text = build_text(tmp_path / "none", EXAMPLE, {"money.late_interest_percent": 0})
    body = clause(text, "Invoicing and payments")[1]
    assert "A late payment carries no interest." in body and "simple interest" not in body


# --------------------------------------------------------------------------- provisions only where the terms ask


COVENANTS = {"covenants": {
    "insurance": [{"kind": "professional indemnity", "minimum_amount": 1000000},
                  {"kind": "cyber liability", "minimum_amount": 2000000}],
    "employee_non_solicitation_months": 12,
    "exclusivity": {"scope": "introductions of retail customers in need of analytics", "bound": "harbor"},
    "non_compete": {"scope": "referring customers to a rival analytics vendor", "months_after": 6}}}


@pytest.fixture(scope="module")
def with_covenants(tmp_path_factory) -> dict[str, str]:
    """The referral deal (partners that do not compete) and the Swiss co-selling deal (competitors) with every
    covenant asked for."""
    swiss = {"covenants": {**COVENANTS["covenants"], "exclusivity": {"scope": "joint offerings to Swiss banks"}}}
    return {"referral": build_text(tmp_path_factory.mktemp("referral"), DEALS / "referral-one-way.yaml", COVENANTS),
            "swiss": build_text(tmp_path_factory.mktemp("swiss"), DEALS / "co-selling-competitors-swiss.yaml", swiss)}


@pytest.mark.parametrize("deal", IDS)
def test_no_covenant_unless_the_terms_ask(texts, deal):
    text = texts[deal]
    for title in ("Insurance", "Non-compete", "Non-solicitation of employees"):
        assert f"\t{title}\n" not in text
    assert "Exclusive Field" not in text and "Competing Business" not in text
    # Every deal says expressly that the alliance (or the supply) is not exclusive, once.
    assert len(re.findall(r"The (Alliance|supply) is not exclusive\.", text)) == 1


def test_the_kinds_without_a_statement_of_their_own_say_so_in_an_exclusivity_clause(texts):
    for deal in ("example", "co-selling-competitors-swiss", "technology-france-sweden"):
        _, body = clause(texts[deal], "Exclusivity")
        assert opening(body).startswith("The Alliance is not exclusive. Each Partner remains free to enter into alliances")


def test_insurance(with_covenants):
    text = with_covenants["referral"]
    number, body = clause(text, "Insurance")
    liability, _ = clause(text, "Liability")
    assert "During the Term and for 12 months after it ends, each Partner shall keep in force" in body
    assert "(a)\tprofessional indemnity: USD 1,000,000.00; and\n(b)\tcyber liability: USD 2,000,000.00." in body
    assert f"does not raise it above the limits in clause {liability}." in body
    assert f"clause {number} (Insurance);" in clause(text, "Survival")[1]


def test_non_solicitation_of_employees(with_covenants):
    for text in with_covenants.values():
        number, body = clause(text, "Non-solicitation of employees")
        assert "During the Term and for 12 months after it ends, neither Partner shall, without the other's prior " \
               "written consent, itself or through anyone acting for it, solicit or encourage to leave the other " \
               "Partner an employee of the other Partner who worked on the Alliance" in body
        assert "employing someone who answers such an advertisement" in body
        assert f"clause {number} (Non-solicitation of employees);" in clause(text, "Survival")[1]


def test_exclusivity_replaces_the_statement_that_the_alliance_is_not(with_covenants):
    text = with_covenants["referral"]
    number, body = clause(text, "Exclusivity")
    assert opening(body).startswith("During the Term, Harbor Lane shall not, without the other Partner's prior written "
                           "consent, enter into or take part in an alliance")
    assert "in the Territory for the following (the “Exclusive Field”): introductions of retail customers in need " \
           "of analytics.\n" in body
    assert f"Except as clause {number} provides, the Alliance is not exclusive." in text
    assert "competition law" not in body


def test_exclusivity_between_competitors_defers_to_the_competition_law_clause(with_covenants):
    text = with_covenants["swiss"]
    competition, guard = clause(text, "Competition law and the clean team")
    number, body = clause(text, "Exclusivity")
    assert opening(body).startswith("During the Term, neither Partner shall, without the other's prior written consent")
    assert f"necessary to the Alliance Business and allowed by the competition law that applies, and clause " \
           f"{competition} applies to it" in body
    assert f"chooses its own suppliers, partners and channels to market, subject only to clause {number}." in guard


def test_a_non_compete_after_the_term_between_partners_that_do_not_compete(with_covenants):
    text = with_covenants["referral"]
    number, body = clause(text, "Non-compete")
    assert opening(body).startswith("During the Term and for 6 months after it ends, neither Partner shall, itself or "
                           "through a company that it controls, carry on, or hold an interest in, a business in the "
                           "Territory that consists of the following (a “Competing Business”): referring customers "
                           "to a rival analytics vendor.\n")
    assert "no more than 5% of a class of shares listed" in body
    assert f"clause {number} (Non-compete);" in clause(text, "Survival")[1]


def test_a_non_compete_between_competitors_binds_only_during_the_term(with_covenants, tmp_path):
    text = with_covenants["swiss"]
    competition, guard = clause(text, "Competition law and the clean team")
    number, body = clause(text, "Non-compete")
    assert opening(body).startswith("During the Term, neither Partner shall")
    assert "after it ends" not in body.split("\n")[0]
    assert f"This restriction applies only during the Term and only as far as it is directly related and " \
           f"necessary to the Alliance Business; it does not limit the prices or other terms on which either " \
           f"Partner sells anything, and clause {competition} applies to it" in body
    assert f"where and with whom it competes, including with customers that are Accounts of the other, subject " \
           f"only to clause {number};" in guard
    assert "(Non-compete)" not in clause(text, "Survival")[1]
    file = tmp_path / "deal.yaml"
    file.write_text((DEALS / "co-selling-competitors-swiss.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    edit_answers(file, COVENANTS)
    result = run("check", file)
    assert "covenants.non_compete.months_after" in result.output and "only during the term" in result.output
    assert "covenants.exclusivity.bound" in result.output and "'harbor' is not one of the two partners" in \
        result.output
    assert result.exit_code == 1


def test_a_territory_of_its_own_for_the_non_compete(tmp_path):
    text = build_text(tmp_path, DEALS / "referral-one-way.yaml", {"covenants": {"non_compete": {
        "scope": "referral services for analytics", "territory": "United States", "bound": "maplestone"}}})
    _, body = clause(text, "Non-compete")
    assert opening(body).startswith("During the Term, Maplestone shall not, itself or through a company that it controls, "
                           "carry on, or hold an interest in, a business in the United States that consists of")


# --------------------------------------------------------------------------- the customers of a joint offering


def test_the_customers_of_a_co_selling_offering_deal_with_the_invoicing_partner(texts):
    # the example names Larkspur for first-line support (its support desk); the other deal leaves it to be read
    for deal, contract, other, first in (("example", "Tidewater", "Larkspur", "Larkspur"),
                                         ("co-selling-competitors-swiss", "Lémanique", "Alpenrand", "Lémanique")):
        _, body = clause(texts[deal], "Customer terms and support")
        assert f"signs {contract}'s customer terms for the whole of it, and {contract} is the customer's only " \
               f"contracting party for it. {other}'s products and services" in body
        assert f"{contract} gives the customer the service levels for the joint offering, and is responsible" in body
        assert f"{first} provides the first line of support" in body
        assert "Each Partner provides the second line of support for its own products and services" in body
        assert "(Customer terms and support), as far as it concerns customer contracts signed before the end " \
               "of the Term" in clause(texts[deal], "Survival")[1]


@pytest.mark.parametrize("deal", ["referral-one-way", "supplier-english", "co-marketing-ontario",
                                  "technology-france-sweden"])
def test_no_customer_terms_without_a_joint_offering(texts, deal):
    assert "Customer terms and support" not in texts[deal]


def test_customer_terms_of_the_terms_own(tmp_path):
    text = build_text(tmp_path, EXAMPLE, {"accounts.customer_terms": {
        "service_levels_by": "larkspur", "second_line_support_by": "tidewater"}})
    _, body = clause(text, "Customer terms and support")
    assert "Larkspur gives the customer the service levels for the joint offering, in a service-level commitment " \
           "attached to the customer's contract with Tidewater, and is responsible" in body
    assert "Tidewater provides the second line of support: it resolves" in body


def test_a_resold_technology_is_bought_on_the_resellers_terms(tmp_path):
    text = build_text(tmp_path, DEALS / "technology-france-sweden.yaml", {"technology.licences.0.use": "resell"})
    _, body = clause(text, "Customer terms and support")
    licences, _ = clause(text, "Technology licences")
    assert f"A customer that buys Licensed Technology resold under clause {licences} buys it under Lumière's " \
           "customer terms, which include the terms for the Licensor's protection" in body
    assert "Lumière gives the customer the service levels for the Licensed Technology it resells" in body
    assert "Lumière provides the first line of support" in body and "Nordvik provides the second line" in body


def test_customer_terms_in_a_deal_without_a_joint_offering_are_flagged(tmp_path):
    file = tmp_path / "deal.yaml"
    file.write_text((DEALS / "supplier-english.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    edit_answers(file, {"accounts": {"customer_terms": {"contract_by": "norda"}}})
    result = run("check", file)
    assert "accounts.customer_terms" in result.output and "no joint offering" in result.output, result.output


# --------------------------------------------------------------------------- the date line


@pytest.mark.parametrize("deal", IDS)
def test_the_agreement_is_dated_by_its_signatures_and_takes_effect_on_the_cover_date(texts, deal):
    text = texts[deal]
    assert "This alliance agreement (this “Agreement”) is dated the date of the later of the two signatures at its " \
           "end, and is made between:" in text
    effective = re.search(r"^Effective date \| (.+)$", text, re.M)[1]
    assert f"This Agreement takes effect on {effective} (the “Effective Date”), whether it is signed before or " \
           "after that day." in text
    assert text.count("Date: ________________________") == 2  # each signature block has its date


# --------------------------------------------------------------------------- the definitions index


@pytest.mark.parametrize("deal", IDS)
def test_the_definitions_clause_lists_every_defined_term_alphabetically_with_its_clause(texts, deal):
    text = texts[deal]
    _, body = clause(text, "Definitions and interpretation")
    index = body[body.index("The terms defined in this Agreement, and where each is defined, are:"):]
    entries = re.findall(r"^\([a-z]+\)\t“(.+?)”: (.+?)[;.]$", index.split("\n2.")[0], re.M)
    defined = set(re.findall(r"“([^”]+)”\)", text))  # every place a term is defined: (the “Term”)
    assert defined <= {term for term, _ in entries}, defined - {term for term, _ in entries}
    assert len(entries) == len({term for term, _ in entries})  # each once
    keys = [term.casefold() for term, _ in entries]
    assert keys == sorted(keys, key=lambda k: k.replace("é", "e"))
    numbers = dict(re.findall(r"^(\d+)\t(.+)$", text, re.M))
    for term, where in entries:
        if where.startswith("clause "):
            heading = numbers[where.removeprefix("clause ")]
            assert f"“{term}”" in clause(text, heading)[1], (term, where)
        else:
            assert where == "the description of the parties at the start of this Agreement"
            assert f"“{term}”" in text[:text.index("\n1\t")]
    assert ("Partner", "the description of the parties at the start of this Agreement") in entries
    assert ("Effective Date", "clause 2") in entries


def test_a_term_defined_only_for_some_terms_is_indexed_only_where_defined(texts, tmp_path):
    assert "“Contract Year”" not in texts["example"]
    yearly = build_text(tmp_path, EXAMPLE, {"money.flows.1.trigger": "each anniversary of the Effective Date"})
    number, _ = clause(yearly, "Invoicing and payments")
    assert f"“Contract Year”: clause {number};" in yearly


# --------------------------------------------------------------------------- the lint rules of issue 12


def _lint(tmp_path: Path, *clauses: tuple[str, str, dict]) -> list[str]:
    """`clauses lint --clauses` on a folder of these clauses: each problem as `file|field|message`."""
    folder = tmp_path / "mine"
    folder.mkdir()
    for clause_id, body, meta in clauses:
        front = {"id": clause_id, "title": clause_id.title(), "order": "5000", **meta}
        (folder / f"{clause_id}.md").write_text(
            "---\n" + "".join(f"{k}: {v}\n" for k, v in front.items()) + f"---\n{body}", encoding="utf-8")
    result = run("clauses", "lint", "--clauses", folder)
    return [line.replace(str(folder) + "/", "") for line in result.output.splitlines()]


def test_lint_finds_a_term_the_agreement_uses_where_it_does_not_define_it(tmp_path):
    # The Royalty Base is defined only in a technology deal's licences: the co-selling example does not define it.
    found = _lint(tmp_path, ("royalty-note", "Royalties are paid on the [[Royalty Base]].\n", {}))
    assert "royalty-note.md: body: with the example deal, [[Royalty Base]] is used but the agreement does not " \
           "define it (use it only under the condition of the clause, or the part of it, that defines it)" in found


def test_lint_finds_a_term_the_schedules_use_that_no_clause_defines(tmp_path):
    from agreement_builder.library.clauses import load_library
    from agreement_builder.library.lint import check_layout_terms
    from agreement_builder.resources import package_file

    layout = tmp_path / "agreement_layout.yaml"
    text = package_file("agreement_layout.yaml").read_text(encoding="utf-8")
    layout.write_text(text.replace("each [[Contract Year]]", "each [[Contract Quarter]]"), encoding="utf-8")
    problems = check_layout_terms(load_library(), layout)
    assert [(p.file, p.field, p.message) for p in problems] == [
        (layout, "schedules.payments.yearly", "[[Contract Quarter]] is used but no clause defines it")]
    assert check_layout_terms(load_library()) == []  # the built-in wording marks only defined terms
    assert "[[" not in build_text(tmp_path / "deal", EXAMPLE, {"money.flows.1.trigger": "each anniversary"})


@pytest.mark.parametrize("body, meta, path", [
    # A clause about an optional section that is in every agreement, whatever the terms say.
    ("The non-compete covers {{ covenants.non_compete.scope }}.\n", {}, "covenants.non_compete"),
    ("Either may end it on {{ days(termination.convenience_notice_days) }}' notice.\n", {},
     "termination.convenience_notice_days"),
    ("{% for p in partners %}{{ p.backup_contact.name }}{% endfor %}\n", {}, "partners[].backup_contact"),
    # A test of something else does not guard it.
    ("{% if trust.partners_compete %}{{ covenants.exclusivity.scope }}{% endif %}\n", {}, "covenants.exclusivity"),
])
def test_lint_finds_a_clause_included_without_its_condition(tmp_path, body, meta, path):
    found = _lint(tmp_path, ("probe", body, meta))
    assert f"probe.md: when: the body reads {path}, which the terms may leave out, but nothing tests it first " \
           "(give the clause a `when` that tests it (the clause is then left out with it), or test it in an {% if %} " \
           "around the read; where a deal rule requires it whenever the clause applies, list it under assumes)" \
           in found, found


@pytest.mark.parametrize("body, meta", [
    ("Either may end it on {{ days(termination.convenience_notice_days) }}' notice.\n",
     {"when": "termination.convenience_notice_days"}),
    ("{% if covenants.non_compete %}It covers {{ covenants.non_compete.scope }}.{% endif %}\n", {}),
    ("{% set r = covenants.non_compete %}{% if r %}It covers {{ r.scope }}.{% endif %}\n", {}),
    ("{% for p in partners if p.backup_contact %}{{ p.backup_contact.name }}{% endfor %}\n", {}),
    ("{{ 'yes' if covenants.exclusivity and covenants.exclusivity.scope else 'no' }}\n", {}),
    ("Either may end it on {{ days(termination.convenience_notice_days) }}' notice.\n",
     {"assumes": "[termination.convenience_notice_days]"}),
    # Sections the renderer completes with the usual terms are always there.
    ("{{ technology.sell_off_months }} {{ liability.cap_basis }}\n", {}),
])
def test_lint_accepts_an_optional_field_read_under_its_condition(tmp_path, body, meta):
    assert not [line for line in _lint(tmp_path, ("probe", body, meta)) if "probe.md" in line]


def test_lint_checks_what_a_clause_assumes_is_a_field(tmp_path):
    found = _lint(tmp_path, ("probe", "Nothing.\n", {"assumes": "[termination.notice_dayz]"}))
    assert "probe.md: assumes: 'termination.notice_dayz' is not a field of the terms (check the spelling " \
           "against `agreement-builder schema`)" in found
