"""Jinja filters for numbers and dates as people read them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from babel.dates import format_date, format_time
from babel.numbers import format_decimal
from flask import Flask, g, has_app_context, has_request_context

# Hours to at most two decimals (quarter hours), grouped: 1,085.5 in English, 1.085,5 in
# Spanish.
HOURS_PATTERN = "#,##0.##"


def locale() -> str:
    """The language numbers and dates are written in: the page's, the mail's or the
    certificate's (Flask-Babel's current locale), or the default outside the app."""
    if not has_app_context():
        return "en"
    from flask_babel import get_locale

    return str(get_locale() or "en")


def hours(minutes: int | float | None) -> str:
    """Minutes as hours for the reader's language: 90 -> '1.5', 1500 -> '25',
    45 -> '0.75', 65130 -> '1,085.5' (Spanish: '1,5', '0,75', '1.085,5')."""
    return format_decimal(round((minutes or 0) / 60, 2), HOURS_PATTERN, locale=locale())


def plain_hours(minutes: int | float | None) -> str:
    """Minutes as hours in one fixed form, for records kept as written (the audit log)
    whatever language the person who caused them reads: 90 -> '1.5'."""
    value = f"{(minutes or 0) / 60:,.2f}".rstrip("0").rstrip(".")
    return value or "0"


def number(value: int | float | None) -> str:
    """A number for the reader's language: 1234 -> '1,234' (Spanish '1234')."""
    return format_decimal(value or 0, "#,##0.##", locale=locale())


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


# The one date format people read: 23 Oct 2026 (Spanish: 23 oct 2026), and the one time
# format, in the program's time zone: 20:00 (CLDR patterns, written out in the locale).
DATE_FORMAT = "dd MMM y"
TIME_FORMAT = "HH:mm"


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
    language = locale()
    if isinstance(value, datetime):
        local = program_time(value)
        return (
            f"{format_date(local.date(), DATE_FORMAT, locale=language)}, "
            f"{format_time(local.time(), TIME_FORMAT, locale=language)}"
        )
    return format_date(value, DATE_FORMAT, locale=language)


def iso_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.isoformat()


def _machine_labels() -> dict[str, Any]:
    """The words for the values stored in the database (statuses, roles, sources)."""
    from flask_babel import lazy_gettext as _l

    return {
        "pending": _l("Pending"),
        "approved": _l("Approved"),
        "rejected": _l("Rejected"),
        "withdrawn": _l("Withdrawn"),
        "verified": _l("Verified"),
        "trainee": _l("Trainee"),
        "supervisor": _l("Supervisor"),
        "coordinator": _l("Coordinator"),
        "self_reported": _l("Self reported"),
        "attendance": _l("Attendance"),
        "imported": _l("Imported"),
        "queued": _l("Queued"),
        "sending": _l("Sending"),
        "sent": _l("Sent"),
        "failed": _l("Failed"),
        "skipped": _l("Skipped"),
        "valid": _l("Valid"),
        "expiring": _l("Expiring soon"),
        "in_grace": _l("In grace"),
        "lapsed": _l("Lapsed"),
        "revoked": _l("Revoked"),
        "rolling": _l("Rolling"),
        "calendar": _l("Calendar year"),
        "individual": _l("Individual"),
        "group": _l("Group"),
        "in_person": _l("In person"),
        "online": _l("Online"),
        "phone": _l("Phone"),
        # Kinds of mail, as the outbox names them.
        "invitation": _l("Invitation"),
        "password_reset": _l("Password reset"),
        "password_changed": _l("Password changed"),
        "expiry_reminder": _l("Expiry reminder"),
        "grace_started": _l("Grace period started"),
        "decision": _l("Decision"),
        "certificate_issued": _l("Certificate issued"),
        "eligible": _l("Eligible"),
        "review_digest": _l("Review digest"),
    }


def label(value: str | None) -> str:
    """A stored value as a label in the reader's language: 'pending' -> 'Pending'; a
    value without words of its own: 'one_on_one' -> 'One on one'."""
    if not value:
        return ""
    known = _machine_labels().get(str(value))
    if known is not None:
        return str(known)
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
        return str(Setting(value).label)
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
    app.add_template_filter(number, "number")
    app.add_template_filter(human_date, "human_date")
    app.add_template_filter(hours_text, "hours_text")
    app.add_template_global(nhours, "nhours")
    app.add_template_filter(iso_date, "iso_date")
    app.add_template_filter(label, "label")
