"""`agreement-builder survey` and `report`: the relationship health loop.

`survey` writes the health surveys of one survey period into OUTPUT/health;
`report` reads the completed review forms and surveys found in folders and
writes the health report (HTML, or JSON with --json).
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import AgreementBuilderError
from .params import FolderPath


@click.command()
@click.argument("answers", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=FolderPath(),
              help="Output folder; the surveys go into its health/ subfolder.")
@click.option("--period", metavar="LABEL",
              help="Survey period, e.g. Y1-H2 or Y2 (default: the survey period in progress today).")
@click.option("--force", is_flag=True, help="Replace surveys already in the folder (they may have been filled in).")
def survey(answers: Path, out_dir: Path, period: str | None, force: bool) -> None:
    """Write the relationship health surveys for one survey period into OUTPUT/health.

    Each partner's people rate the behaviours the partners agreed (the terms'
    health section) and the standard items on trust, communication and value;
    each department that sends its own review form answers its own survey.
    """
    from ..answers import load_terms
    from ..health.survey import HEALTH_DIR, write_surveys

    terms = load_terms(answers)
    try:
        written = write_surveys(terms, out_dir, period=period, force=force)
    except AgreementBuilderError as exc:
        exc.file = exc.file or answers
        raise
    for path in written:
        click.echo(str(path))
    click.echo(f"Wrote {len(written)} health survey(s) to {out_dir / HEALTH_DIR}.", err=True)


@click.command()
@click.argument("answers", type=click.Path(path_type=Path))
@click.argument("folders", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The report to write: HTML, or JSON for a file name ending .json (default with --json: none).")
@click.option("--json", "as_json", is_flag=True, help="Print the report's figures as JSON on standard output.")
@click.option("--skip-bad", is_flag=True, help="Report a form that cannot be read and carry on with the others.")
def report(answers: Path, folders: tuple[Path, ...], output: Path | None, as_json: bool, skip_bad: bool) -> None:
    """Read the completed review forms and health surveys in FOLDERS and report on the alliance's health.

    For each agreed behaviour and standard item: each partner's score and the
    gap between the two views, period by period; goal ratings and status;
    commitments due, delivered or carried forward; the improvement steps each
    partner took on and asked for. A form that cannot be read stops the report,
    naming the file and the box, unless --skip-bad.
    """
    from ..answers import load_terms
    from ..health.figures import health_figures
    from ..health.report import collect_forms, report_html, write_report

    if output is None and not as_json:
        raise click.UsageError("give -o REPORT.html, --json, or both")
    terms = load_terms(answers)
    collected = collect_forms(terms, list(folders), skip_bad=skip_bad)
    figures = health_figures(terms, collected.forms, skipped=collected.skipped)
    for skipped in collected.skipped:
        where = f"{skipped['field']}: " if skipped["field"] else ""
        click.secho(f"skipped: {skipped['file']}: {where}{skipped['problem']}", fg="yellow", err=True)
    if output is not None:
        # `-o report.json` asks for the figures, not a web page under a .json name.
        as_text = json.dumps(figures, indent=2, ensure_ascii=False) + "\n" if output.suffix.lower() == ".json" \
            else report_html(terms, figures)
        write_report(output, as_text)
        click.echo(f"Wrote {output} from {len(collected.forms)} form(s)"
                   f"{f'; {len(collected.blank)} not filled in yet' if collected.blank else ''}.", err=True)
    if as_json:
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))


COMMANDS = [survey, report]
