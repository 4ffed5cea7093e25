"""`agreement-builder calendar`: the obligations ahead, as a table in the terminal."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click


@click.command()
@click.argument("answers", type=click.Path(path_type=Path))
@click.option("--from", "start", metavar="DATE", help="First day to show, YYYY-MM-DD (default: today).")
@click.option("--to", "end", metavar="DATE", help="Last day to show, YYYY-MM-DD (default: 90 days after --from).")
def calendar(answers: Path, start: str | None, end: str | None) -> None:
    """Print the obligations that fall in a window of days: review forms and health surveys due,
    executive and annual reviews, deliverables, the end of the launch period and of the initial term,
    the last day to give notice of non-renewal, payment statements and more.

    The same obligations as the calendar.ics that `build` writes; by default
    the next 90 days.
    """
    from ..answers import load_terms
    from ..obligations.table import obligations_table, window

    first, last = window(start, end, dt.date.today())  # a bad date stops here, before the file is read
    click.echo(obligations_table(load_terms(answers), first, last), nl=False)


COMMANDS = [calendar]
