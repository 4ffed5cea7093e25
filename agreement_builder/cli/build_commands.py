"""Commands that make documents from answers files: build, diff."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ProblemsFound
from .params import FolderPath


@click.command()
@click.argument("answers", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=FolderPath(),
              help="Folder for the packet (with several answers files: one subfolder per deal).")
@click.option("--merge", is_flag=True,
              help="Carry the edits made to agreement.docx (and answers typed into review forms) into the "
                   "new version; conflicts are listed and marked with comments.")
@click.option("--force", is_flag=True,
              help="Rebuild even over documents edited by hand; the edited copies are kept in history/.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of every document (needs LibreOffice).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Deals built at once when building several (default: number of CPUs).")
@click.option("--clauses", "clauses_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Your own clause folder, layered over the built-in library.")
@click.option("--style", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A .docx whose styles the agreement uses (your firm's look).")
@click.option("--period", help="Review period of the RVU forms, e.g. Y1-Q2 (default: the current one).")
@click.option("--effective", metavar="YYYY-MM-DD",
              help="After a version was recorded as signed: the day the amendment takes effect (default: when "
                   "both partners have signed it).")
def build(answers: tuple[Path, ...], out_dir: Path, merge: bool, force: bool, pdf: bool, jobs: int | None,
          clauses_dir: Path | None, style: Path | None, period: str | None, effective: str | None) -> None:
    """Write the packet for ANSWERS: OUT/agreement.docx, OUT/rvu/*.docx, OUT/manifest.json.

    Rebuilding into the same folder makes a new version only when something
    changed: the previous one moves to OUT/history/vN/, and a redline and a
    summary of the changes are written beside the new agreement (and, once a
    version was recorded as signed with `signed`, OUT/amendment-N.docx). Documents
    edited by hand stop the build unless --merge (the edits to the agreement
    and the review forms are carried into the new version) or --force (they
    are kept in history/ only).

    ANSWERS may be several files or folders of them; each deal is then built
    into its own subfolder of OUT, in parallel.
    """
    from ..versions.batch import plan_jobs

    if merge and force:
        raise click.UsageError("--merge and --force cannot go together: --merge keeps the edits in the new "
                               "version, --force leaves them in history/ only")
    from .signing_commands import parse_day

    options = dict(force=force, merge=merge, pdf=pdf, clauses_dir=clauses_dir, style=style, period=period,
                   effective=parse_day(effective, "--effective", "the day the amendment takes effect")
                   if effective else None)
    planned = plan_jobs(list(answers), out_dir)
    if len(planned) == 1 and planned[0].folder == out_dir:
        _build_one(planned[0].answers, out_dir, options)
    else:
        _build_many(planned, options, jobs)


def _build_one(answers: Path, out_dir: Path, options: dict) -> None:
    from ..pipeline import build as build_deal
    from ..versions.publish import result_lines

    result = build_deal(answers, out_dir, **options)
    for warning in result.warnings:
        click.secho(f"warning: {warning.render(answers)}", fg="yellow", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    click.echo("\n".join(result_lines(result)))


def _build_many(planned, options: dict, jobs: int | None) -> None:
    from ..versions.batch import run_batch, run_job

    if jobs == 1:
        results = (run_job(job, options) for job in planned)  # no worker processes: easier to debug
    else:
        results = run_batch(planned, options, jobs)
    outcomes = []
    with click.progressbar(length=len(planned), label=f"Building {len(planned)} deals", file=sys.stderr,
                           show_pos=True) as bar:
        for outcome in results:
            outcomes.append(outcome)
            bar.update(1)
    order = {job: i for i, job in enumerate(planned)}
    outcomes.sort(key=lambda o: order[o.job])
    failed = [o for o in outcomes if not o.ok]
    for o in outcomes:
        if o.ok:
            detail = "up to date" if o.status == "up to date" else f"version {o.version} {o.status}"
            click.echo(f"ok      {o.job.answers} -> {o.job.folder} ({detail})")
            for line in o.changes:
                click.echo(f"          {line}")
        for warning in o.warnings:
            click.secho(f"warning {warning}", fg="yellow", err=True)
        for note in o.notes:
            click.echo(f"note    {o.job.answers}: {note}", err=True)
    for o in failed:
        click.secho(f"FAILED  {o.job.answers}:\n{_indent(o.error)}", fg="red", err=True)
    summary = f"{len(outcomes) - len(failed)} of {len(outcomes)} deal(s) built, {len(failed)} failed."
    if failed:
        raise ProblemsFound(summary)
    click.echo(summary, err=True)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
def diff(old: Path, new: Path) -> None:
    """Print what moved between two answers files, field by field.

    OLD and NEW are answers files; either may also be a packet (its folder, or
    its manifest.json, e.g. OUT/history/v1/manifest.json), which keeps the terms
    it was built from. A NEW version made by `build --merge` also names the
    clauses where the lawyer's edits and the new terms met.
    """
    from ..versions.changes import summarize_changes, summary_text
    from ..versions.manifest import merge_conflicts_of, terms_of

    click.echo(summary_text(summarize_changes(terms_of(old), terms_of(new))), nl=False)
    merged = merge_conflicts_of(new)
    if merged is not None:
        version, places = merged
        click.echo(f"Version {version} merged the edited agreement: "
                   + (f"conflicts in {', '.join(places)}." if places else "no conflicts."))


COMMANDS = [build, diff]
