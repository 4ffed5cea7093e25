"""The obligations calendar: every date the agreement sets, as DIR/calendar.ics and as a table.

    schedule.py   what is due when, for whom (the dates from the code the documents use)
    ics.py        the iCalendar file (RFC 5545, through the `icalendar` library)
    table.py      the same obligations in a window, as a table for the terminal

The words are data (data/obligations.yaml). Not called `calendar`: that would
shadow the standard library's module of the same name.
"""
