"""`agreement-builder signed`: record the version a packet folder holds as signed, or list what was signed."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from ..errors import AgreementBuilderError


def parse_day(text: str, option: str, what: str) -> dt.date:
    """A YYYY-MM-DD day typed on the command line; a bad one is bad input (exit 1), named with its option."""
    hint = f"write {what} as YYYY-MM-DD, e.g. 2027-01-15"
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
        raise AgreementBuilderError(f"{text!r} is not a date", field=option, hint=hint)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise AgreementBuilderError(f"there is no day {text.strip()} in the calendar", field=option,
                                    hint=hint) from None


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--date", "date", metavar="YYYY-MM-DD", help="The day the partners signed the version FOLDER holds (today or earlier).")
@click.option("--list", "listing", is_flag=True, help="Show every version recorded as signed, and when.")
@click.option("--answers", type=click.Path(dir_okay=False, path_type=Path),
              help="The answers file FOLDER was built from, to check no build is pending (default: the file the "
                   "manifest names, in the current folder).")
def signed(folder: Path, date: str | None, listing: bool, answers: Path | None) -> None:
    """Record the version in FOLDER as signed on --date, or --list what was signed when.

    The signed files are kept in FOLDER/history/signed-vN/. From then on, a
    build with changed terms writes FOLDER/amendment-N.docx, which makes only
    the changes and cites the signed agreement's clause numbers, beside the
    conformed copy of the agreement as amended. Recording the amendment as
    signed (signed again) makes the next change Amendment No. N+1.

    A folder whose documents were edited since the build, or whose answers
    file changed since (a build is pending), is refused.
    """
    from ..versions.signing import sign, signed_versions

    if listing == (date is not None):
        raise click.UsageError("give either --date YYYY-MM-DD (record the version as signed) or --list")
    if listing:
        entries = signed_versions(folder)
        if not entries:
            click.echo(f"{folder}: no version has been recorded as signed.")
        for entry in entries:
            click.echo(f"version {entry.version}  signed {entry.date}  {_what(entry)}  ({folder / entry.folder})")
        return
    signing = sign(folder, parse_day(date, "--date", "the day it was signed"), answers=answers)
    for note in signing.notes:
        click.echo(f"note: {note}", err=True)
    entry = signing.entry
    click.echo(f"{folder}: version {entry.version} recorded as signed on {entry.date} ({_what(entry)}); "
               f"its files are kept in {folder / entry.folder}.")


def _what(entry) -> str:
    from ..versions.amendment_words import say

    if entry.restated:
        return say("signed", "restated")
    return say("signed", "amendment", number=entry.amendment) if entry.amendment else say("signed", "agreement")


COMMANDS = [signed]
