"""The health report's figures, from the forms that came back: plain data, the same for JSON and HTML.

- survey items (each agreed behaviour, then the standard items): per survey
  period, each partner's score (the mean over the partner's own form and its
  departments' forms) and the gap between the two partners' views;
- the overall score per partner and period (the mean over every item), for the trend;
- goals: per review period, each partner's rating (mean, 1 to 5) and the status it wrote;
- deliverables the review forms reported on: delivered, or overdue and carried
  forward until a later form says it arrived;
- improvement steps each partner will take, and those it asked the other to take;
- what each partner's people said between the reviews (the survey's open questions).
"""
from __future__ import annotations

import datetime as dt
from statistics import mean

from ..terms.model import Terms
from .returned import ReturnedForm, delivered
from .survey import SURVEY, survey_items

STEP_ROWS = 10  # a form has four; a firm's own template may have more
STEP_KINDS = {"steps-ours": "will_take", "steps-theirs": "asks_other"}


def health_figures(terms: Terms, forms: list[ReturnedForm], *, skipped: list[dict] | None = None,
                   today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    surveys = sorted((f for f in forms if f.kind == SURVEY), key=lambda f: f.period.number)
    reviews = sorted((f for f in forms if f.kind != SURVEY), key=lambda f: f.period.number)
    survey_periods = _periods(surveys)
    review_periods = _periods(reviews)
    keys = [p.key for p in terms.partners]
    items = []
    for item in survey_items(terms):
        rows = []
        for label in survey_periods:
            forms = [f for f in surveys if f.period.label == label]
            row = _compare(keys, forms, f"{item.tag}:score")
            row["comments"] = [{"partner": f.partner, "department": f.department, "text": text} for f in forms
                               if (text := f.values.get(f"{item.tag}:comment", "")).strip()]
            rows.append(row)
        items.append({"tag": item.tag, "group": item.group, "text": item.text,
                      "periods": [dict(period=label, **row) for label, row in zip(survey_periods, rows)]})
    overall = []
    for index, label in enumerate(survey_periods):
        scores = {key: _mean([i["periods"][index]["scores"][key] for i in items]) for key in keys}
        overall.append({"period": label, "scores": scores, "gap": _gap(scores, keys)})
    return {
        "alliance": terms.alliance.name,
        "as_of": today.isoformat(),
        "partners": [{"key": p.key, "name": p.short_name} for p in terms.partners],
        "survey_periods": survey_periods,
        "review_periods": review_periods,
        "items": items,
        "overall": overall,
        "goals": _goals(terms, reviews, review_periods, keys),
        "deliverables": _deliverables(terms, reviews, today),
        "steps": _steps(terms, reviews),
        "messages": _messages(terms, surveys),
        "forms": [{"file": str(f.file), "kind": f.kind, "period": f.period.label, "partner": f.partner,
                   "department": f.department} for f in surveys + reviews],
        "skipped": skipped or [],
    }


def _periods(forms: list[ReturnedForm]) -> list[str]:
    return list(dict.fromkeys(f.period.label for f in forms))  # in period order, each once


def _compare(keys: list[str], forms: list[ReturnedForm], tag: str) -> dict:
    scores, responses = {}, {}
    for key in keys:
        given = [s for f in forms if f.partner == key and (s := f.score(tag)) is not None]
        scores[key], responses[key] = _mean(given), len(given)
    return {"scores": scores, "responses": responses, "gap": _gap(scores, keys)}


def _mean(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return round(mean(values), 2) if values else None


def _gap(scores: dict, keys: list[str]) -> float | None:
    first, second = (scores[key] for key in keys)
    return None if first is None or second is None else round(abs(first - second), 2)


def _goals(terms: Terms, reviews: list[ReturnedForm], periods: list[str], keys: list[str]) -> list[dict]:
    goals = []
    for number, goal in enumerate(terms.goals, 1):
        rows = []
        for label in periods:
            forms = [f for f in reviews if f.period.label == label]
            row = _compare(keys, forms, f"goal-{number}:rating")
            row["status"] = {key: [s for f in forms if f.partner == key
                                   if (s := f.values.get(f"goal-{number}:status", "")).strip()] for key in keys}
            rows.append(dict(period=label, **row))
        goals.append({"number": number, "description": goal.description, "owner": terms.owner_name(goal.owner),
                      "metric": goal.metric, "target": goal.target, "periods": rows})
    return goals


def _deliverables(terms: Terms, reviews: list[ReturnedForm], today: dt.date) -> list[dict]:
    found = []
    for c_number, commitment in enumerate(terms.commitments, 1):
        for d_number, item in enumerate(commitment.deliverables, 1):
            tag = f"deliverable-{c_number}-{d_number}"
            reports = [{"period": f.period.label, "by": f.partner, "department": f.department,
                        "delivered": delivered(f.values[f"{tag}:delivered"]),
                        "notes": f.values.get(f"{tag}:notes", "")}
                       for f in reviews if f.values.get(f"{tag}:delivered", "").strip()]
            if not reports and item.deadline > today:
                continue  # not due yet and nobody has written about it
            if any(r["delivered"] for r in reports):
                state = "delivered"
            elif item.deadline < today:
                state = "overdue"
            else:
                state = "due"
            found.append({"tag": tag, "partner": terms.partner(commitment.partner).short_name,
                          "commitment": commitment.description, "description": item.description,
                          "deadline": item.deadline.isoformat(), "state": state, "reports": reports})
    return found


def _steps(terms: Terms, reviews: list[ReturnedForm]) -> list[dict]:
    steps = []
    for form in reviews:
        for prefix, kind in STEP_KINDS.items():
            for row in range(1, STEP_ROWS + 1):
                step = form.values.get(f"{prefix}-{row}:step", "")
                if not step.strip():
                    continue
                steps.append({"period": form.period.label, "from": terms.partner(form.partner).short_name,
                              "department": form.department, "kind": kind, "step": step,
                              "who": form.values.get(f"{prefix}-{row}:who", ""),
                              "when": form.values.get(f"{prefix}-{row}:when", "")})
    return steps


def _messages(terms: Terms, surveys: list[ReturnedForm]) -> list[dict]:
    said = []
    for form in surveys:
        message, give = form.values.get("general:message", ""), form.values.get("general:give", "")
        if message.strip() or give.strip():
            said.append({"period": form.period.label, "from": terms.partner(form.partner).short_name,
                         "department": form.department, "to": terms.other(form.partner).short_name,
                         "message": message, "give": give})
    return said
