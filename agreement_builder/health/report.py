"""`report`: read the forms that came back and write the health report (figures, JSON, HTML).

    folders ──find_forms──> .docx files ──read_form──> checked forms ──health_figures──> figures
    figures ──json──> stdout        figures ──charts + template──> one self-contained HTML file

A bad form stops the report with a `FormError` naming the file and the box,
unless `skip_bad`: then it is listed in the figures' `skipped` and the rest
are read. The HTML page needs no network: styles inline, charts inline SVG
(health/charts.py), every text from the forms escaped by Jinja's autoescape.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import formatting
from ..atomic import write_bytes_atomically
from ..errors import OutputError
from ..resources import package_file
from ..terms.model import Terms
from .charts import gap_chart, trend_chart
from .controls import FormError
from .returned import ReturnedForm, find_forms, read_form

TEMPLATE = "health-report.html"


@dataclass
class Collected:
    forms: list[ReturnedForm] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {"file", "field", "problem", "fix"}
    blank: list[Path] = field(default_factory=list)  # forms nobody has filled in yet


def collect_forms(terms: Terms, folders: list[Path], *, skip_bad: bool = False) -> Collected:
    """The filled-in forms found in `folders`; a bad one raises `FormError`, or is listed when `skip_bad`."""
    collected = Collected()
    for path in find_forms(folders):
        try:
            form = read_form(path, terms)
        except FormError as exc:
            if not skip_bad:
                raise
            collected.skipped.append({"file": str(exc.file or path), "field": exc.field or "",
                                      "problem": exc.message, "fix": exc.hint or ""})
            continue
        if form is None:
            collected.blank.append(path)
        else:
            collected.forms.append(form)
    return collected


def report_html(terms: Terms, figures: dict) -> str:
    environment = Environment(loader=FileSystemLoader(package_file("templates")), undefined=StrictUndefined,
                              autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    names = {p["key"]: p["name"] for p in figures["partners"]}
    return environment.get_template(TEMPLATE).render(
        f=figures, names=names, keys=list(names),
        gap_svg=gap_chart(figures), trend_svg=trend_chart(figures),
        as_of=formatting.date(dt.date.fromisoformat(figures["as_of"])),
    )


def write_report(path: Path, html: str) -> None:
    try:
        write_bytes_atomically(Path(path), html.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot be written: {exc.strerror or exc}", file=path, field="-o",
                          hint="choose a file in a folder you can write to") from None
