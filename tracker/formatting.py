"""Jinja filters for numbers and dates as people read them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask, g, has_request_context


def hours(minutes: int | None) -> str:
    """Minutes as hours: 90 -> '1.5', 1500 -> '25', 45 -> '0.75', 65130 -> '1,085.5'."""
    if minutes is None:
        return "0"
    value = f"{minutes / 60:,.2f}".rstrip("0").rstrip(".")
    return value or "0"


def hours_count(minutes: int | float | None) -> int:
    """The number that chooses the plural form for an amount of hours: 1 for exactly
    one hour, the whole number for whole hours, and 2 (plural) for fractions."""
    value = (minutes or 0) / 60
    return int(value) if value == int(value) else 2


def nhours(singular: str, plural: str, minutes: int | float | None, **variables: object) -> str:
    """``ngettext`` for a sentence about an amount of hours; ``%(hours)s`` is the amount.

    Marked for extraction like ngettext (``-k nhours:1,2``).
    """
    from flask_babel import ngettext

    return ngettext(singular, plural, hours_count(minutes), hours=hours(minutes), **variables)


def hours_text(minutes: int | float | None) -> str:
    """An amount of hours in words, the plural done properly: "1 hour", "1.5 hours"."""
    return nhours("%(hours)s hour", "%(hours)s hours", minutes)


DATE_FORMAT = "%d %b %Y"  # the one date format people read: 23 Oct 2026
TIME_FORMAT = "%H:%M"  # the one time format, in the program's time zone: 20:00


def program_time(value: datetime) -> datetime:
    """A stored moment (UTC) in the program's time zone (TRACKER_TIMEZONE), or in the
    server's own zone when none is set: the zone "today" is counted in."""
    from zoneinfo import ZoneInfo

    from flask import current_app, has_app_context

    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    zone = current_app.config.get("TIMEZONE") if has_app_context() else None
    return value.astimezone(ZoneInfo(zone)) if zone else value.astimezone()


def human_date(value: date | datetime | None) -> str:
    """A date as people read it ("23 Oct 2026"); a moment adds its time in the program's
    time zone ("23 Oct 2026, 20:00"), never a zone name or an ISO date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = program_time(value)
        return f"{local.strftime(DATE_FORMAT)}, {local.strftime(TIME_FORMAT)}"
    return value.strftime(DATE_FORMAT)


def iso_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.isoformat()


def label(value: str | None) -> str:
    """An enum value as a label: 'one_on_one' -> 'One on one'."""
    if not value:
        return ""
    return value.replace("_", " ").capitalize()


def activity_name(code: str | None) -> str:
    """An activity's name from the vocabulary (looked up once per request)."""
    if not code:
        return ""
    from tracker.services.vocabulary import activity_names

    if has_request_context():
        names = g.get("_activity_names")
        if names is None:
            names = g._activity_names = activity_names()
    else:
        names = activity_names()
    return names.get(code, label(code))


def setting_name(value: str | None) -> str:
    from tracker.models import Setting

    if value in {s.value for s in Setting}:
        return Setting(value).label
    return label(value)


def certificate_state(certification: object) -> object:
    """A certification's state and its words, for templates (one source for every page)."""
    from tracker.services.certifications import describe_state

    return describe_state(certification)  # type: ignore[arg-type]


def register_filters(app: Flask) -> None:
    app.add_template_global(certificate_state, "certificate_state")
    app.add_template_global(activity_name, "activity_name")
    app.add_template_global(setting_name, "setting_name")
    app.add_template_filter(hours, "hours")
    app.add_template_filter(human_date, "human_date")
    app.add_template_filter(hours_text, "hours_text")
    app.add_template_global(nhours, "nhours")
    app.add_template_filter(iso_date, "iso_date")
    app.add_template_filter(label, "label")
