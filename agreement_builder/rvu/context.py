"""What each Relationship Value Update form is filled with: plain values from the terms.

The templates (`data/templates/rvu-*.docx`, made by scripts/make_rvu_templates.py)
read exactly these names:

    alliance_name
    period.label / .start / .end / .due       dates already formatted
    sender.name / .legal_name / .unit_suffix   ("" or " – Sales department")
    recipient.name / .legal_name / .attention
    signer.name / .title                       who completes the form
    goals[]: description, owner, metric, target, timeframe   (every goal in the terms)
    reference                                  "Y1-Q2/larkspur[/sales]/long": whose form this is
    deliverables[]: partner, commitment, description, deadline, tag  (due inside the period only)
    success_metrics[]                          plain strings
    competitors                                true when the partners also compete: the prompts then ask
                                               for no customer names, prices or costs

Values are the user's text exactly as typed; the template engine escapes them
(see forms.py), so nothing here escapes or rewrites anything.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import formatting
from ..terms.model import Department, Partner, Person, Terms
from ..terms.periods import ReviewPeriod


@dataclass(frozen=True)
class FormSpec:
    """One form to write: who sends it (a partner, or one of its departments) and how long it is."""

    sender: Partner
    recipient: Partner
    length: str  # "short" or "long"
    department: Department | None = None


def form_context(terms: Terms, period: ReviewPeriod, spec: FormSpec, goals: list[dict] | None = None) -> dict:
    """What one form is filled with; `goals`: goal_rows(terms), when already made (every form has them all)."""
    return {
        "alliance_name": terms.alliance.name,
        "reference": form_reference(period, spec),
        "period": period_values(period),
        "sender": {
            "name": spec.sender.short_name,
            "legal_name": spec.sender.legal_name,
            "unit_suffix": f" – {spec.department.name}" if spec.department else "",
        },
        "recipient": {
            "name": spec.recipient.short_name,
            "legal_name": spec.recipient.legal_name,
            "attention": _person(spec.recipient.alliance_manager),
        },
        "signer": _signer(spec),
        "goals": goal_rows(terms) if goals is None else goals,
        "deliverables": deliverables_due(terms, period),
        "success_metrics": list(terms.reviews.success_metrics),
        "competitors": terms.trust.partners_compete,
    }


def form_reference(period: ReviewPeriod, spec: FormSpec) -> str:
    """What a returned form says it is (its form:reference box): ``Y1-Q2/larkspur/sales/long``."""
    keys = [spec.sender.key] + ([spec.department.key] if spec.department else [])
    return "/".join([period.label, *keys, spec.length])


def deliverable_tags(terms: Terms) -> list[str]:
    """The tag of each deliverable's boxes on a review form, ``deliverable-2-1`` (commitment 2, its first)."""
    return [f"deliverable-{c}-{d}" for c, commitment in enumerate(terms.commitments, 1)
            for d in range(1, len(commitment.deliverables) + 1)]


def goal_rows(terms: Terms) -> list[dict]:
    return [{"description": g.description, "owner": terms.owner_name(g.owner), "metric": g.metric,
             "target": g.target, "timeframe": g.timeframe} for g in terms.goals]


def period_values(period: ReviewPeriod) -> dict:
    return {"label": period.label, "start": formatting.date(period.start),
            "end": formatting.date(period.end), "due": formatting.date(period.due)}


def deliverables_due(terms: Terms, period: ReviewPeriod) -> list[dict]:
    """Every deliverable whose deadline falls inside the period (both ends included), by deadline."""
    due = [
        (d.deadline, commitment, d, f"deliverable-{c_number}-{d_number}")
        for c_number, commitment in enumerate(terms.commitments, 1)
        for d_number, d in enumerate(commitment.deliverables, 1)
        if period.contains(d.deadline)
    ]
    due.sort(key=lambda item: item[0])  # stable: equal deadlines keep the answers file's order
    return [
        {"partner": terms.partner(c.partner).short_name, "commitment": c.description,
         "description": d.description, "deadline": formatting.short_date(d.deadline), "tag": tag}
        for _, c, d, tag in due
    ]


def _signer(spec: FormSpec) -> dict:
    """A department's own contact completes its form; otherwise the alliance manager does."""
    person = spec.department.contact if spec.department and spec.department.contact else spec.sender.alliance_manager
    return {"name": person.name, "title": person.title}


def _person(person: Person) -> str:
    return f"{person.name}, {person.title}"
