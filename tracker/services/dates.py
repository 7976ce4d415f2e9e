"""Calendar arithmetic shared by the rules."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


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


def local_today() -> date:
    """Today in the organisation's time zone (TRACKER_TIMEZONE), or the server's
    own calendar day when none is set: the one clock every rule, page and command
    reads "today" from.

    "Today" decides what counts as a future date for an hour entry, where a
    window ends, and when a certification expires: it must be the program's
    day, not the server's, or a trainee east of the server is told this
    morning's shift lies in the future.

    The setting ``TODAY`` (a date) fixes it: the test suite sets it once per app,
    so that a run which crosses midnight still sees one day from start to end.
    """
    zone = None
    if has_app_context():
        fixed = current_app.config.get("TODAY")
        if fixed is not None:
            return fixed
        zone = current_app.config.get("TIMEZONE")
    if not zone:
        return date.today()
    return datetime.now(ZoneInfo(zone)).date()
