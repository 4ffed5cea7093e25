"""`agreement-builder rvu`: regenerate only the review forms, leaving the agreement alone."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import AgreementBuilderError
from .params import FolderPath


@click.command()
@click.argument("answers", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=FolderPath(),
              help="Output folder; the forms go into its rvu/ subfolder.")
@click.option("--period", metavar="LABEL",
              help="Review period, e.g. Y1-Q3 or Y2-H1 (default: the period in progress today).")
@click.option("--department", metavar="KEY", help="Only the form of this department (its key in ANSWERS).")
@click.option("--style-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder holding your own rvu-short.docx / rvu-long.docx templates.")
@click.option("--force", is_flag=True,
              help="Write the forms even over forms edited since; the edited copies are kept in history/.")
def rvu(answers: Path, out_dir: Path, period: str | None, department: str | None, style_dir: Path | None,
        force: bool) -> None:
    """Write the Relationship Value Update forms for one review period into OUTPUT/rvu.

    Each partner gets the forms it completes and sends to the other (short,
    long or both, as the terms say), and each listed department its own.
    Nothing else in OUTPUT is touched. A form edited since it was written
    stops the command unless --force is given.
    """
    from ..answers import load_terms
    from ..safe_text import clean_terms
    from ..versions.review_forms import update_review_forms

    terms = load_terms(answers)
    for warning in clean_terms(terms)[1]:  # write_forms cleans the same way; say what it removes
        click.secho(f"warning: {warning.render(answers)}", fg="yellow", err=True)
    try:
        written, kept = update_review_forms(terms, out_dir, period=period, department=department,
                                            style_dir=style_dir, force=force)
    except AgreementBuilderError as exc:
        # A bad --period or --department is about this deal: name its file in the message.
        exc.file = exc.file or answers
        raise
    for name in kept:
        click.echo(f"note: an edited form was kept as {out_dir / name}", err=True)
    for path in written:
        click.echo(str(path))
    click.echo(f"Wrote {len(written)} review form(s) to {out_dir / 'rvu'}.", err=True)


COMMANDS = [rvu]
