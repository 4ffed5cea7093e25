"""Every kind of alliance drafts as its own: each test deal, and the example turned into each kind as an
answers file written before the kind had a section of its own, builds into an agreement with no
placeholder-like leftover (a "Not applicable", an empty list, a list introduced and never given)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import DELETE, edit_answers, run

from agreement_builder.document.docx_text import document_text
from agreement_builder.terms.values import AllianceKind

DEALS = sorted((Path(__file__).parent / "deals").glob("*.yaml"))
KINDS = [kind.value for kind in AllianceKind]

# A deal that agreed the least it can: no payments, no first deal, nothing withheld, no safeguards.
LEAN = {"money.flows": [], "money.revenue_splits": [], "alliance.first_opportunity": DELETE,
        "code_of_conduct": DELETE, "trust.partners_compete": False, "trust.competitor_safeguards": [],
        "trust.customer_data_shared": False, "trust.customer_data_rules": DELETE, "trust.withheld_information": [],
        "governance.problem_solving_protocols": [], "reviews.success_metrics": [],
        "partners.0.departments": [], "partners.1.departments": []}

LEFTOVERS = {
    "a 'not applicable'": re.compile(r"\bnot applicable\b", re.IGNORECASE),
    "an empty table": re.compile(r"\bNone agreed\b"),
    "a None": re.compile(r"\bNone\b"),
    "an unanswered marker": re.compile(r"—\s*([;.,)]|$)", re.MULTILINE),
    "empty brackets": re.compile(r"\(\s*\)|\[\s*\]|“\s*”"),
    "a word twice": re.compile(r"\b(the|a|an|of|to|and|or|in)\s+\1\b", re.IGNORECASE),
    "a space before a stop": re.compile(r"\w [.,;:](\s|$)"),
}
LIST_INTRO = re.compile(r":$")
NEXT_CLAUSE = re.compile(r"^(\d+(\.\d+)*\t|Schedule \d+$)")  # a new clause or sub-clause: no list came


def leftovers(text: str) -> list[str]:
    found = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        found += [f"{name}: {line[:140]}" for name, pattern in LEFTOVERS.items() if pattern.search(line)]
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if LIST_INTRO.search(line.rstrip()) and (not following.strip() or NEXT_CLAUSE.match(following)):
            found.append(f"a list introduced and never given: …{line[-90:]} ⏎ {following[:60]}")
    return found


def test_the_detector_finds_what_it_looks_for():
    text = "1.1\tOpportunities are registered as follows: Not applicable\n1.2\tThe schedules are:\n1.3\tNext"
    found = leftovers(text)
    assert any(f.startswith("a 'not applicable'") for f in found)
    assert any(f.startswith("a list introduced and never given") for f in found)
    assert leftovers("1.1\tThe goals are:\n(a)\tgrow\n1.2\tThe Partner's fee is EUR 5.") == []


def _built(tmp_path: Path, answers: Path) -> str:
    result = run("build", answers, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return document_text(tmp_path / "out" / "agreement.docx")


@pytest.mark.parametrize("deal", DEALS, ids=lambda p: p.stem)
def test_each_test_deal_builds_with_nothing_left_over(tmp_path, deal):
    assert leftovers(_built(tmp_path, deal)) == []


@pytest.mark.parametrize("lean", [False, True], ids=["as-agreed", "lean"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_older_answers_file_of_each_kind_builds_with_nothing_left_over(tmp_path, example_file, kind, lean):
    # The example is a co-selling deal: as a referral deal it splits no revenue (check refuses that), and with
    # no referral fee to read the direction from, it says who refers.
    fit = {"money.revenue_splits": [], **({"referrals": {"direction": "larkspur"}} if lean else {})}
    edit_answers(example_file, {"alliance.kind": kind, **(fit if kind == "referral" else {}), **(LEAN if lean else {})})
    assert leftovers(_built(tmp_path, example_file)) == []


def test_a_test_deal_for_every_kind():
    kinds_drafted = set()
    for deal in DEALS:
        found = re.search(r"^  kind: (\w+)", deal.read_text(encoding="utf-8"), re.MULTILINE)
        kinds_drafted.add(found and found.group(1))
    # co-selling: the example is one; "other" drafts only the clauses every kind shares, which the example
    # turned into each kind above covers.
    assert set(KINDS) - {"co_selling", "other"} <= kinds_drafted
