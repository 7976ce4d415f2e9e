"""Calendar arithmetic shared by the rules."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; the 31st becomes the month's last day when needed."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def window_start(as_of: date, months: int) -> date:
    """First day of a window of ``months`` ending on ``as_of``, both days included.

    "Within the last 24 months" on 2026-11-25 starts on 2024-11-26: whole days,
    the first and the last included, 24 months in all.
    """
    return add_months(as_of, -months) + timedelta(days=1)


def month_starts(as_of: date, count: int) -> list[date]:
    """The first days of the ``count`` months ending with ``as_of``'s month, oldest first."""
    first = as_of.replace(day=1)
    return [add_months(first, -offset) for offset in range(count - 1, -1, -1)]
