"""How dates, money, percentages and durations read in the documents.

All locale work is babel's; nothing here formats a number by hand.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from . import conventions

LOCALE = "en_GB"  # legal English: 1 January 2027, EUR 1,000.00


def date(value: dt.date, locale: str | None = None) -> str:
    """1 January 2027, or January 1, 2027 where the conventions in force are American."""
    return format_date(value, format="long", locale=locale or conventions.current().locale)


def short_date(value: dt.date, locale: str | None = None) -> str:
    """1 Jan 2027, or Jan 1, 2027 (for tables)."""
    return format_date(value, format="medium", locale=locale or conventions.current().locale)


def money(amount: Decimal | int, currency: str, locale: str = LOCALE) -> str:
    """EUR 40,000.00: the ISO code rather than a symbol, so no currency is ambiguous."""
    return format_currency(amount, currency, format="¤¤ #,##0.00", locale=locale, currency_digits=True)


def percent(value: Decimal | int, locale: str = LOCALE) -> str:
    """12.5% (no trailing zeros)."""
    return f"{format_decimal(value, format='#,##0.####', locale=locale)}%"


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def hours(n: int) -> str:
    return _count(n, "hour")


def days(n: int) -> str:
    return _count(n, "day")


def months(n: int) -> str:
    return _count(n, "month")


def years(n: int) -> str:
    return _count(n, "year")
