"""`agreement-builder calendar`: the obligations that fall in a window of days, as a table for a terminal.

The same obligations as calendar.ics (schedule.py). A meeting that repeats
shows once, on its first day in the window, saying how often it recurs and
until when. The table fits 80 columns; long text wraps inside its column.
"""
from __future__ import annotations

import datetime as dt
import re
import textwrap
from itertools import zip_longest

from dateutil import rrule

from .. import formatting
from ..errors import AgreementBuilderError
from ..terms.model import Terms
from .schedule import Obligation, obligations, words

DEFAULT_DAYS = 90
WIDTH = 80
_DATE_WIDTH = 12  # "30 Sept 2027": babel's en_GB short month of September has four letters
_WHO_WIDTH = 20
_GAP = "  "
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date typed for `option`, or an error that says how to write it."""
    value = text.strip()
    hint = "write the date as YYYY-MM-DD, e.g. 2027-03-31"
    if not _ISO_DATE.fullmatch(value):
        raise AgreementBuilderError(f"{text!r} is not a date", field=option, hint=hint)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:  # 2027-02-30: the right shape, no such day
        raise AgreementBuilderError(f"{text!r} is not a date ({exc})", field=option, hint=hint) from None


def window(start: str | None, end: str | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day to show: from --from (default today) to --to (default 90 days after the first)."""
    first = parse_day(start, "--from") if start is not None else today
    last = parse_day(end, "--to") if end is not None else first + dt.timedelta(days=DEFAULT_DAYS)
    if last < first:
        raise AgreementBuilderError(f"the window ends ({last}) before it starts ({first})", field="--to",
                                    hint="give a --to date on or after the --from date")
    return first, last


def in_window(obligations_: list[Obligation], first: dt.date, last: dt.date) -> list[tuple[dt.date, str, str]]:
    """(date, what, who) of each obligation in the window, by date; a repeating meeting once, at its first."""
    text = words()
    rows = []
    for obligation in obligations_:
        if obligation.repeat is None:
            if first <= obligation.date <= last:
                rows.append((obligation.date, obligation.summary, obligation.who))
            continue
        dates = _occurrences(obligation)
        shown = dates.after(_midnight(first), inc=True)
        if shown is None or shown.date() > last:
            continue
        summary = obligation.summary
        if dates.after(shown) is not None:
            summary = text["table"]["repeats"].format(summary=summary,
                                                      every=text["every"][obligation.repeat.every]["words"],
                                                      until=formatting.short_date(obligation.repeat.until))
        rows.append((shown.date(), summary, obligation.who))
    return sorted(rows, key=lambda row: row[0])


def _occurrences(obligation: Obligation) -> rrule.rrule:
    """The days of a meeting series, by the same rule as the calendar's (Repeat.rule), read by dateutil."""
    rule = obligation.repeat.rule(obligation.date)
    return rrule.rrule(getattr(rrule, rule["freq"]), interval=rule["interval"], dtstart=_midnight(obligation.date),
                       until=_midnight(rule["until"]), bymonthday=rule.get("bymonthday"),
                       bysetpos=rule.get("bysetpos"))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def obligations_table(terms: Terms, first: dt.date, last: dt.date) -> str:
    """The heading and the table of obligations from `first` to `last` (both included)."""
    table = words()["table"]
    days = {"start": formatting.short_date(first), "end": formatting.short_date(last)}
    heading = "\n".join(textwrap.fill(line, WIDTH) for line in
                        table["heading"].format(alliance=terms.alliance.name, **days).splitlines())
    rows = in_window(obligations(terms), first, last)
    if not rows:
        return f"{heading}\n\n{textwrap.fill(table['nothing'].format(**days), WIDTH)}\n"
    what_width = WIDTH - _DATE_WIDTH - _WHO_WIDTH - 2 * len(_GAP)
    widths = (_DATE_WIDTH, what_width, _WHO_WIDTH)
    lines = [heading, "", _line(table["columns"], widths), _line(["-" * w for w in widths], widths)]
    for day, what, who in rows:
        lines += _wrapped([formatting.short_date(day), what, who], widths)
    return "\n".join(lines) + "\n"


def _wrapped(cells: list[str], widths: tuple[int, ...]) -> list[str]:
    columns = [textwrap.wrap(cell, width) or [""] for cell, width in zip(cells, widths)]
    return [_line(parts, widths) for parts in zip_longest(*columns, fillvalue="")]


def _line(cells, widths: tuple[int, ...]) -> str:
    return _GAP.join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()
