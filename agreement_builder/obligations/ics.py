"""DIR/calendar.ics: the obligations as an iCalendar file (RFC 5545), made with the `icalendar` library.

Every obligation is an all-day event with a reminder (a VALARM) the number of
days before it that data/obligations.yaml gives, at `reminder_hour` o'clock;
the meetings are one event each that repeats (an RRULE) until the launch period
or the initial term ends. An event's UID is a UUID made from the alliance
(its partners' keys and its name) and the obligation's key, which says what the
obligation is: re-importing the file after a rebuild with changed terms updates
each event in place instead of adding a second copy.
"""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from ..atomic import write_bytes_atomically
from ..errors import OutputError
from ..resources import package_file
from ..terms.model import Terms
from ..versions.manifest import sha256_file
from .schedule import WORDS_FILE, Obligation, obligations, words

CALENDAR = "calendar.ics"
PRODUCT_ID = "-//agreement-builder//obligations calendar//EN"
# Fixed forever: changing it would change every UID, and every calendar that imported one would
# then hold each event twice.
_UID_NAMESPACE = uuid.UUID("6f1d8a52-4b8e-5c1a-9e07-2f6c3d9b1a40")


def alliance_identity(terms: Terms) -> str:
    """What the UIDs of one alliance share: the partners' keys and the alliance's name (case and spacing
    aside). A renamed alliance is a new alliance to a calendar."""
    name = " ".join(terms.alliance.name.split()).casefold()
    return "/".join([*(p.key for p in terms.partners), name])


def event_uid(terms: Terms, key: str) -> str:
    return f"{uuid.uuid5(_UID_NAMESPACE, alliance_identity(terms) + '//' + key)}@agreement-builder"


def calendar_bytes(terms: Terms, *, now: dt.datetime | None = None) -> bytes:
    """The .ics file of the terms; `now` (UTC) stamps every event, so a calendar sees the newer copy."""
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    text = words()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", text["calendar_name"].format(alliance=terms.alliance.name))
    for obligation in obligations(terms):
        calendar.add_component(_event(terms, obligation, now, text))
    return calendar.to_ical()


def _event(terms: Terms, obligation: Obligation, now: dt.datetime, text: dict) -> Event:
    event = Event()
    event.add("uid", event_uid(terms, obligation.key))
    event.add("dtstamp", now)
    event.add("dtstart", obligation.date)  # a date, not a time: an all-day event
    event.add("dtend", obligation.date + dt.timedelta(days=1))
    event.add("summary", obligation.summary)
    event.add("description", obligation.description)
    event.add("categories", [obligation.kind])
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it does not make anyone look busy
    if obligation.repeat is not None:
        event.add("rrule", obligation.repeat.rule(obligation.date))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text["reminder"].format(summary=obligation.summary))
    alarm.add("trigger", dt.timedelta(days=-obligation.reminder_days, hours=text["reminder_hour"]))
    event.add_component(alarm)
    return event


def calendar_inputs() -> dict[str, str]:
    """What the calendar depends on besides the terms, for the build's inputs: the words and reminders."""
    return {"obligations_calendar": sha256_file(package_file(WORDS_FILE))}


def write_calendar(terms: Terms, path: Path) -> Path:
    """Write the calendar to `path` atomically."""
    try:
        write_bytes_atomically(Path(path), calendar_bytes(terms))
    except OSError as exc:
        raise OutputError(f"cannot be written: {exc.strerror or exc}", file=path, field="-o",
                          hint="check the folder exists and you may write to it") from None
    return Path(path)
