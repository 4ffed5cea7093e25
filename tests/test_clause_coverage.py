"""The built-in clause library covers the whole deal, for every shape a deal can take.

Every area of the interview (PRODUCT.md, "What the interview covers") has a clause that
actually says something about that area's terms; each alternative group picks exactly one
clause; and for many variants of the example deal every selected clause renders, refers
only to clauses that are in the document and uses only terms some selected clause defines.
"""
from __future__ import annotations

from typing import Any

import pytest
from helpers import terms_with

from agreement_builder.answers import load_terms
from agreement_builder.library.clauses import load_library, select_clauses
from agreement_builder.library.render import ClauseRef, Definition, Renderer, TermUse, Text
from agreement_builder.resources import package_file
from agreement_builder.terms.model import Terms

# area of the interview -> (clause id, text the clause must contain for the example deal)
AREAS = {
    "background: kind and purpose": ("background", "co-selling alliance"),
    "background: first joint opportunity": ("background", "Hofmann Frischemarkt KG"),
    "purpose and goals": ("purpose-and-goals", "Schedule "),
    "commitments and funding": ("commitments", "EUR 40,000.00"),
    "alliance managers and backup contacts": ("governance", "Aylin Demir"),
    "executive sponsors": ("governance", "Ruth Gallagher"),
    "launch and steady meeting cadence": ("governance", "every week"),
    "executive reviews": ("governance", "review the Alliance together every quarter"),
    "communication channels": ("communication", "monthly alliance call"),
    "breaking bad news early": ("communication", "within 5 days"),
    "problem-solving protocols": ("communication", "brings a proposed solution"),
    "escalation path": ("communication", "executive sponsors: 15 days"),
    "celebrating successes": ("communication", "team dinner"),
    "shared and withheld information": ("information-sharing", "source code"),
    "confidentiality": ("confidentiality-strict", "3 years"),
    "partners who compete": ("competing-partners", "No exchange of pricing"),
    "customer data": ("customer-data", "separate controller"),
    "clean team of competitors": ("competing-partners", "Jonas Weber, head of partnerships"),
    "account ownership and single point of contact": ("account-ownership", "Tidewater channel manager"),
    "registration and hand-over": ("account-ownership", "joint call"),
    "non-solicitation": ("non-solicitation", "During the Term, and not after it ends"),  # the partners compete
    "who invoices the customer and payment flows": ("invoicing-and-payments", "Tidewater invoices the customer"),
    "payment terms": ("invoicing-and-payments", "within 30 days"),
    "revenue splits": ("revenue-sharing", "40% to Larkspur"),
    "reporting and audit": ("reporting-and-audit", "20 days in advance"),
    "paying every supplier": ("paying-every-supplier", "every supplier"),
    "relationship value updates": ("relationship-value-updates", "15 days after the end"),
    "per-department forms": ("relationship-value-updates", "Product & Engineering"),
    "annual strategic review": ("relationship-value-updates", "strategic review"),
    "success metrics": ("relationship-value-updates", "referral fees paid"),
    "code of conduct": ("code-of-conduct", "ask before acting"),
    "term and renewal": ("term-and-renewal", "renews automatically for a further 12 months"),
    "termination for convenience": ("termination-for-convenience", "90 days"),
    "termination for cause": ("termination-for-cause", "within 30 days"),
    "expected benefits not delivered": ("underperformance", "Recovery Plan"),
    "exit: accounts and information": ("exit", "60 days"),
    "surviving clauses": ("survival", "Confidentiality"),
    "disputes go up the one escalation path": ("dispute-escalation", "only escalation procedure"),
    "mediation": ("mediation", "Zurich, Switzerland"),
    "courts or arbitration": ("disputes-arbitration", "Swiss Rules of International Arbitration"),
    "governing law": ("governing-law", "the substantive law of Switzerland"),
    "notices to the alliance managers": ("notices", "niamh.byrne@tidewater.example"),
    "general provisions": ("general-provisions", "counterparts"),
}


# Each variant flips one condition of the example (or empties an optional list).
VARIANTS: dict[str, dict[str, Any]] = {
    "example": {},
    "light confidentiality": {"trust.confidentiality_level": "light"},
    "partners do not compete": {"trust.partners_compete": False, "trust.competitor_safeguards": []},
    "no customer data": {"trust.customer_data_shared": False, "trust.customer_data_rules": None},
    "no non-solicitation": {"accounts.non_solicitation_months": 0},
    "no revenue splits": {"money.revenue_splits": []},
    "no payment flows": {"money.flows": []},
    "no money between partners": {"money.flows": [], "money.revenue_splits": []},
    "suppliers not covered": {"money.pay_every_supplier": False},
    "no code of conduct": {"code_of_conduct": None},
    "no termination for convenience": {"termination.convenience_notice_days": None},
    "no mediation": {"disputes.mediation": False},
    "courts": {"disputes.final_forum": "courts", "disputes.arbitration_rules": None},
    "courts without mediation": {"disputes.final_forum": "courts", "disputes.mediation": False},
    "manual renewal": {"alliance.renewal.automatic": False},
    "no first opportunity": {"alliance.first_opportunity": None},
    "no backup contacts": {"partners.0.backup_contact": None, "partners.1.backup_contact": None},
    "no departments": {"partners.0.departments": []},
    "department forms off": {"reviews.per_department": False},
    "short form, semi-annual": {"reviews.form_length": "short", "reviews.cadence": "semi_annual"},
    "long form, due at period end": {"reviews.form_length": "long", "reviews.due_days_after_period": 0},
    "nothing optional": {
        "governance.problem_solving_protocols": [], "governance.celebrate_successes": None,
        "trust.withheld_information": [], "reviews.success_metrics": [],
        "reviews.annual_strategic_review": False, "governance.executive_review_cadence": "annual",
        "commitments.2.funding_amount": None, "commitments.2.funding_currency": None},
    "other kind, fortnightly": {"alliance.kind": "other", "governance.launch_meeting_cadence": "fortnightly"},
}

# Which clauses a single condition adds or removes: (variant, clause id, present?).
TOGGLES = [
    ("example", "confidentiality-strict", True), ("light confidentiality", "confidentiality-light", True),
    ("light confidentiality", "confidentiality-strict", False),
    ("partners do not compete", "competing-partners", False),
    ("no customer data", "customer-data", False),
    ("no non-solicitation", "non-solicitation", False),
    ("no revenue splits", "revenue-sharing", False),
    ("suppliers not covered", "paying-every-supplier", False),
    ("no code of conduct", "code-of-conduct", False),
    ("no termination for convenience", "termination-for-convenience", False),
    ("no mediation", "mediation", False),
    ("courts", "disputes-courts", True), ("courts", "disputes-arbitration", False),
]


@pytest.fixture(scope="module")
def example() -> Terms:
    return load_terms(package_file("example.yaml"))


@pytest.fixture(scope="module")
def example_rendered(example) -> dict[str, str]:
    """Clause id -> its text, for the example deal (rendered once for the module)."""
    _, rendered = _render(example)
    return {clause_id: " ".join(block.plain for block in blocks) for clause_id, blocks in rendered.items()}


def _variant(base: Terms, name: str) -> Terms:
    # Validated again, so every variant is a deal the model accepts (and a wrong path fails).
    return terms_with(base, VARIANTS[name])


def _render(terms: Terms) -> tuple[list, dict[str, list]]:
    chosen = select_clauses(load_library(), terms)
    renderer = Renderer(terms)
    # The signature block is rendered once per partner (`signer`); once is enough here.
    return chosen, {c.id: c.render(renderer, signer=terms.partners[0]) if c.meta.layout == "signatures"
                    else c.render(renderer) for c in chosen}


def _known(term: str, defined: set[str]) -> bool:
    # Definitions say a defined term has its meaning in the singular and the plural.
    candidates = {term, term[:-1] if term.endswith("s") else term,
                  term[:-3] + "y" if term.endswith("ies") else term}
    return bool(candidates & defined) or f"{term}s" in defined


@pytest.mark.parametrize("area", sorted(AREAS))
def test_every_area_is_drafted(example_rendered, area):
    clause_id, fragment = AREAS[area]
    assert clause_id in example_rendered, f"{area}: clause {clause_id} is not in the example agreement"
    text = example_rendered[clause_id]
    assert fragment in text, f"{area}: clause {clause_id} does not say {fragment!r}"


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_variant_renders_consistently(example, name):
    terms = _variant(example, name)
    chosen, rendered = _render(terms)
    ids = {c.id for c in chosen}
    groups = {c.meta.alternative for c in load_library().clauses.values() if c.meta.alternative}
    for group in groups:
        picked = [c.id for c in chosen if c.meta.alternative == group]
        assert len(picked) == 1, f"{name}: alternative {group!r} picked {picked}"
    defined = {run.term for blocks in rendered.values() for b in blocks for run in b.runs
               if isinstance(run, Definition)}
    for clause_id, blocks in rendered.items():
        assert blocks, f"{name}: clause {clause_id} renders empty"
        for block in blocks:
            for run in block.runs:
                if isinstance(run, ClauseRef):
                    assert run.clause_id in ids, f"{name}: {clause_id} refers to {run.clause_id}, which is left out"
                if isinstance(run, TermUse):
                    assert _known(run.term, defined), f"{name}: {clause_id} uses [[{run.term}]], defined nowhere"
            # Answers may hold anything; only the clause's own wording is checked for debris.
            for run in block.runs:
                if isinstance(run, Text) and not run.answer:
                    for debris in ("{{", "{%", "((", "[[", "]]", "))", "  ", " ,", " .", "..", "\n"):
                        assert debris not in run.text, f"{name}: {clause_id} leaves {debris!r} in {block.plain!r}"


@pytest.mark.parametrize(("name", "clause_id", "present"), TOGGLES)
def test_conditions_add_and_remove_clauses(example, name, clause_id, present):
    chosen = select_clauses(load_library(), _variant(example, name))
    assert (clause_id in {c.id for c in chosen}) is present


def test_switching_alternatives_changes_the_wording(example):
    _, strict = _render(example)
    _, light = _render(_variant(example, "light confidentiality"))
    assert "whether or not it is marked" in " ".join(b.plain for b in strict["confidentiality-strict"])
    assert "marked as confidential" in " ".join(b.plain for b in light["confidentiality-light"])
    _, courts = _render(_variant(example, "courts"))
    assert "Exclusive jurisdiction" in " ".join(b.plain for b in courts["disputes-courts"])


def test_no_funding_sentence_without_funding(example):
    _, rendered = _render(_variant(example, "nothing optional"))
    assert "includes funding" not in " ".join(b.plain for b in rendered["commitments"])
