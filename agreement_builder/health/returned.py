"""Forms that come back: finding completed review forms and surveys in folders, and checking each one.

A returned form is someone else's file. It is read only through
health/controls.py (bounded, no entities, no links followed), and what it says
is checked against the terms before a figure is taken from it: the alliance it
names, its period, the partner and department that sent it, and every score a
whole number from 1 to 5. Anything wrong is a `FormError` naming the file, the
box (its tag) and what to fix.

A form nobody has typed in yet (every answer box empty) is not an error: the
build writes the current period's forms into the same folders, and they are
simply not counted.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .. import vocabulary
from ..errors import AgreementBuilderError
from ..rvu.context import deliverable_tags
from ..terms.model import Terms
from ..terms.periods import ReviewPeriod, find_period
from .controls import FormError, read_controls
from .periods import find_survey_period
from .survey import SURVEY, placeholders, survey_items

MAX_FILES = 5_000  # forms read from the folders together; a ten-year alliance has a few hundred
MAX_DEPTH = 6
SCORE_BOXES = ("score", "rating")  # a survey item's score; a goal's rating on a review form
FORM_KINDS = ("short", "long", SURVEY)


@dataclass(frozen=True)
class ReturnedForm:
    file: Path
    kind: str  # "short", "long" or "survey"
    period: ReviewPeriod
    partner: str  # the sending partner's key
    department: str | None
    values: dict[str, str]  # tag -> answer, "" when empty

    def score(self, tag: str) -> int | None:
        """The score in box `tag` (already checked), None where the form has no such box."""
        text = self.values.get(tag, "")
        return int(text.strip()) if text.strip() else None


def find_forms(folders: list[Path]) -> list[Path]:
    """Every .docx in `folders` and their sub-folders, without following links, in a stable order."""
    found: list[Path] = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_file():
            found.append(folder)
            continue
        if not folder.is_dir():
            raise FormError("is not a folder", file=folder, hint="give the folders the forms were saved in")
        found += _walk(folder, 0)
        if len(found) > MAX_FILES:
            raise FormError(f"holds more than {MAX_FILES:,} Word files", file=folder,
                            hint="give only the folders of this alliance's returned forms")
    return found


def _walk(folder: Path, depth: int) -> list[Path]:
    found: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        raise FormError(f"cannot be read: {exc.strerror}", file=folder, hint="check the folder's permissions") from None
    for entry in entries:
        if entry.name.startswith((".", "~$")) or entry.is_symlink():
            continue  # hidden files, Word's lock files, and links (never followed out of the folder)
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode) and depth < MAX_DEPTH and entry.name != "history":
            found += _walk(Path(entry.path), depth + 1)  # history/ holds superseded copies, not returns
        elif stat.S_ISREG(info.st_mode) and entry.name.lower().endswith(".docx"):
            found.append(Path(entry.path))
        if len(found) > MAX_FILES:
            break
    return found


def read_form(path: Path, terms: Terms) -> ReturnedForm | None:
    """The checked answers of the form at `path`; None when nobody has filled it in yet."""
    values = read_controls(path, placeholders=placeholders())
    if "form:reference" not in values:
        raise FormError("is not a form agreement-builder wrote (it has no form:reference box)", file=path,
                        field="form:reference", hint="give only review forms and health surveys made by "
                        "`agreement-builder build`, `rvu` or `survey`")
    alliance = values.get("form:alliance", "")
    if alliance and " ".join(alliance.split()) != " ".join(terms.alliance.name.split()):
        raise FormError(f"is a form of the alliance {alliance!r}, not of {terms.alliance.name!r}", file=path,
                        field="form:alliance", hint="give the forms of this alliance only, or the answers file "
                        "of the alliance the form belongs to")
    kind, period, partner, department = _reference(values["form:reference"], terms, path)
    if not any(text.strip() for tag, text in values.items() if not tag.startswith("form:")):
        return None
    form = ReturnedForm(Path(path), kind, period, partner, department, values)
    _check_scores(form, terms)
    return form


def _reference(text: str, terms: Terms, path: Path) -> tuple[str, ReviewPeriod, str, str | None]:
    parts = text.strip().split("/")
    hint = "the reference box must read as the form was sent, e.g. Y1-H1/larkspur/survey; restore it"
    if len(parts) not in (3, 4) or parts[-1] not in FORM_KINDS:
        raise FormError(f"the reference {text!r} is not one agreement-builder writes", file=path,
                        field="form:reference", hint=hint)
    kind, label, partner = parts[-1], parts[0], parts[1]
    department = parts[2] if len(parts) == 4 else None
    try:
        period = find_survey_period(terms, label) if kind == SURVEY else find_period(terms, label)
    except AgreementBuilderError as exc:  # the period finders' own error, restated for the form
        raise FormError(f"names the period {label!r}, which this alliance does not have ({exc.args[0]})",
                        file=path, field="form:reference", hint=hint) from None
    keys = {p.key: p for p in terms.partners}
    if partner not in keys:
        raise FormError(f"names the partner {partner!r}, which this alliance does not have", file=path,
                        field="form:reference", hint=f"partners: {', '.join(keys)}")
    if department is not None and department not in {d.key for d in keys[partner].departments}:
        raise FormError(f"names the department {department!r}, which {keys[partner].short_name} does not list",
                        file=path, field="form:reference", hint=hint)
    return kind, period, partner, department


def _check_scores(form: ReturnedForm, terms: Terms) -> None:
    """Every score box the form has holds a whole number from 1 to 5; a survey's every score is given."""
    expected = set()
    if form.kind == SURVEY:
        expected = {f"{item.tag}:score" for item in survey_items(terms)}
    else:
        expected = {f"goal-{n}:rating" for n in range(1, len(terms.goals) + 1)}
    for tag, text in form.values.items():
        box = tag.rpartition(":")[2]
        if box not in SCORE_BOXES:
            continue
        if not text.strip():
            if tag in expected:
                raise FormError("is empty", file=form.file, field=tag,
                                hint="type a whole number from 1 to 5 in every score box, then give the form again")
            continue
        if text.strip() not in {"1", "2", "3", "4", "5"}:
            raise FormError(f"holds {text.strip()[:40]!r}, not a score from 1 to 5", file=form.file, field=tag,
                            hint="type a whole number from 1 to 5 (1 rarely or never, 5 almost always)")
    for tag in deliverable_tags(terms):
        answer = form.values.get(f"{tag}:delivered", "").strip()
        if answer and delivered(answer) is None:
            raise FormError(f"holds {answer[:40]!r}", file=form.file, field=f"{tag}:delivered",
                            hint="answer yes or no; put anything more in the notes beside it")


def delivered(answer: str) -> bool | None:
    """Yes or no, as a partner typed it ("Yes", "no", "yes, on 3 May"); None when it is neither."""
    words = vocabulary.words("health", "delivered")
    first = answer.strip().casefold().replace(",", " ").replace(".", " ").split()
    if not first:
        return None
    if first[0] in words["yes"]:
        return True
    if first[0] in words["no"]:
        return False
    return None
