"""The relationship health survey: one form per partner (and department) per survey period.

Which surveys one period needs: each partner answers about the other; when
`health.by_department` and `reviews.per_department` are both true, so does each
department the partner lists (the departments that send their own review
forms). File names: ``<period>-<partner>[-<department>]-survey.docx`` in the
health folder, e.g. ``Y1-H1-larkspur-sales-survey.docx``.

Each survey lists every agreed behaviour, then the standard items on trust,
communication and value (data/vocabulary.yaml `health.items`), each with a
score box and a comment box (content controls, health/controls.py). The
template (data/templates/health-survey.docx, made by
scripts/make_health_template.py) is rendered the way the review forms are,
through the same sandboxed, autoescaping docxtpl set-up.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from .. import vocabulary
from ..atomic import write_bytes_atomically
from ..conventions import drafting
from ..document.page_setup import apply_conventions
from ..errors import OutputError, RenderError
from ..library.sandbox import RENDER_ERRORS, literal_values
from ..resources import package_file
from ..rvu.context import FormSpec, form_reference, period_values
from ..rvu.forms import FormTemplates
from ..safe_text import clean_terms, safe_filename
from ..terms.governing_law import drafting_conventions
from ..terms.model import Terms
from ..terms.periods import ReviewPeriod
from ..versions.untrusted import refuse_links
from .periods import current_survey_period, find_survey_period

HEALTH_DIR = "health"
TEMPLATE = "health-survey.docx"
SURVEY = "survey"  # the last part of a survey's reference and file name


@dataclass(frozen=True)
class SurveyItem:
    """One rated line of a survey: an agreed behaviour or a standard item."""

    tag: str  # the first part of its boxes' tags: "behaviour-3", "trust-rely"
    group: str
    text: str


def survey_items(terms: Terms) -> list[SurveyItem]:
    """Every rated line, in the order the survey asks them: the agreed behaviours, then the standard items."""
    words = vocabulary.words("health")
    behaviours = terms.health.behaviours if terms.health else []
    return ([SurveyItem(f"behaviour-{n}", words["behaviour_group"], text) for n, text in enumerate(behaviours, 1)]
            + [SurveyItem(item["key"], item["group"], item["text"]) for item in words["items"]])


def placeholders() -> frozenset[str]:
    """What an empty answer box shows (and reads as empty)."""
    return frozenset(vocabulary.words("health", "placeholders").values())


def plan_surveys(terms: Terms) -> list[FormSpec]:
    """The surveys one period needs, partner by partner."""
    specs = []
    by_department = terms.health is not None and terms.health.by_department and terms.reviews.per_department
    for sender in terms.partners:
        recipient = terms.other(sender.key)
        specs.append(FormSpec(sender, recipient, SURVEY))
        if by_department:
            specs += [FormSpec(sender, recipient, SURVEY, d) for d in sender.departments]
    return specs


def survey_filename(period: ReviewPeriod, spec: FormSpec) -> str:
    keys = [spec.sender.key] + ([spec.department.key] if spec.department else [])
    return "-".join([period.label, *(safe_filename(key) for key in keys), SURVEY]) + ".docx"


def survey_context(terms: Terms, period: ReviewPeriod, spec: FormSpec) -> dict:
    words = vocabulary.words("health")
    person = spec.department.contact if spec.department and spec.department.contact else spec.sender.alliance_manager
    items = [{"tag": i.tag, "group": i.group, "text": i.text} for i in survey_items(terms)]
    behaviours = [item for item in items if item["tag"].startswith("behaviour-")]
    for number, item in enumerate(behaviours, 1):
        item["number"] = number
    return {
        "alliance_name": terms.alliance.name,
        "reference": form_reference(period, spec),
        "period": period_values(period),
        "sender": {"name": spec.sender.short_name, "legal_name": spec.sender.legal_name,
                   "unit_suffix": f" – {spec.department.name}" if spec.department else ""},
        "recipient": {"name": spec.recipient.short_name, "legal_name": spec.recipient.legal_name},
        "signer": {"name": person.name, "title": person.title},
        "behaviours": behaviours,
        "items": items[len(behaviours):],
        "scale": list(words["scale"]),
        "placeholders": dict(words["placeholders"]),
    }


def render_survey(terms: Terms, period: ReviewPeriod, spec: FormSpec, templates: FormTemplates) -> bytes:
    path = package_file("templates", TEMPLATE)
    template = templates.open(path)
    try:
        templates.environment.keep = template.keep
        with drafting(drafting_conventions(terms.disputes.governing_law)) as drafted:
            template.render(literal_values(survey_context(terms, period, spec)), jinja_env=templates.environment,
                            autoescape=True)
        apply_conventions(template.docx, drafted)
        buffer = io.BytesIO()
        template.save(buffer)
    except RENDER_ERRORS as exc:
        raise RenderError(f"the health survey template is broken: {exc}", file=path,
                          hint="rebuild it with scripts/make_health_template.py") from None
    return buffer.getvalue()


def write_surveys(terms: Terms, out_dir: Path, *, period: str | None = None, today: dt.date | None = None,
                  force: bool = False) -> list[Path]:
    """Write the health surveys of one survey period into `out_dir`/health; return their paths.

    A survey already there with other content (perhaps filled in) is never
    replaced unless `force`: the command stops and names it.
    """
    terms, _warnings = clean_terms(terms)
    chosen = (find_survey_period(terms, period) if period is not None
              else current_survey_period(terms, today or dt.date.today()))
    folder = Path(out_dir) / HEALTH_DIR
    if Path(out_dir).is_dir():
        refuse_links(Path(out_dir), [HEALTH_DIR])
    templates = FormTemplates()
    rendered: dict[Path, bytes] = {}
    for spec in plan_surveys(terms):
        target = folder / survey_filename(chosen, spec)
        if target in rendered:
            raise OutputError(f"two surveys would both be called {target.name}", file=target,
                              hint="give the partners and departments keys that differ by more than - or _")
        rendered[target] = render_survey(terms, chosen, spec, templates)
    for target in rendered:
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise OutputError("is a link or a folder; surveys are written only as plain files in the folder",
                              file=target, hint="remove it, or write the surveys into a new folder")
        if target.exists() and not force:
            raise OutputError("is already there and may have been filled in", file=target,
                              hint="move it away first, or give --force to replace it")
    try:
        for target, data in rendered.items():
            write_bytes_atomically(target, data)
    except OSError as exc:
        raise OutputError(f"cannot write the health surveys: {exc.strerror or exc}", file=folder,
                          hint="choose an output folder you can write to") from None
    return list(rendered)
