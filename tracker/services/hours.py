"""Hour entries from the trainee's side: log, edit, withdraw, correct, list.

Coordinators approve and reject entries in :mod:`tracker.services.review`.

The rules every entry obeys (:func:`validate`), each with a message fit to show
next to its field:

* a date: a real one, on or after 1 January 2000, never in the future;
* hours: a number in quarter-hour steps, more than 0 and at most 24, and at
  most 24 in one day summed over the trainee's pending and approved entries
  of that date (withdrawn and rejected ones do not count);
* an activity and a setting from the lists; paid or volunteer;
* supervised time names its supervisor;
* notes of at most 500 characters; names and notes are kept as typed (they
  are escaped when shown) except for control and bidirectional-override
  characters, which are stripped.

A trainee may edit or withdraw an entry only while it is pending: the change
is a conditional update, so a coordinator's decision made in the meantime
wins and the trainee is told.  A rejected entry can be corrected: a new entry
that points at it (``corrects_id``).  A form carries a ``submission_key``;
posting it twice stores one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, extract, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from tracker.extensions import db
from tracker.formatting import hours as fmt_hours
from tracker.formatting import human_date, plain_hours
from tracker.models import Activity, HourEntry, HourStatus, Setting, User, utcnow
from tracker.services import audit
from tracker.services.accounts import clean_text
from tracker.services.dates import local_today, month_starts
from tracker.services.db_helpers import find_submitted, insert_or_find
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError

EARLIEST_DATE = date(2000, 1, 1)
MAX_DAY_MINUTES = 24 * 60
NOTES_MAX = 500
SUPERVISOR_MAX = 120
# Entries that count towards the 24-hour day: what the trainee still stands by.
DAY_COUNTED = (HourStatus.PENDING, HourStatus.APPROVED)

_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_KEY = re.compile(r"^[A-Za-z0-9-]{1,64}$")
_TRUE = {"paid", "true", "1", "yes", "on"}
_FALSE = {"volunteer", "false", "0", "no", "off", ""}

MSG_HOURS_MISSING = _l("Enter the hours.")
MSG_HOURS_NUMBER = _l(
    "Enter the hours as a number, for example 1.5 (or 1:30 for an hour and a half)."
)
MSG_HOURS_POSITIVE = _l("Enter more than 0 hours.")
MSG_HOURS_MAX = _l("Enter at most 24 hours.")
MSG_HOURS_STEP = _l("Use quarter-hour steps: whole hours, .25, .5 or .75 (15, 30 or 45 minutes).")
MSG_MINUTES = _l("Write the minutes from 00 to 59, for example 1:30.")
MSG_DATE_MISSING = _l("Enter the date.")
MSG_DATE_FORMAT = _l("Enter the date as year-month-day, for example 2024-03-01.")
MSG_DATE_IMPOSSIBLE = _l("That date does not exist: check the day and the month.")
MSG_DATE_EARLY = _l("Enter a date on or after 1 January 2000.")
MSG_DATE_FUTURE = _l("The date cannot be in the future.")
MSG_ACTIVITY_MISSING = _l("Choose an activity.")
MSG_ACTIVITY_INVALID = _l("Choose an activity from the list.")
MSG_SETTING_MISSING = _l("Choose where it took place.")
MSG_SETTING_INVALID = _l("Choose a setting from the list.")
MSG_PAID_INVALID = _l("Choose paid or volunteer.")
MSG_SUPERVISOR_MISSING = _l("Give your supervisor's name.")
MSG_SUPERVISOR_UNTICKED = _l(
    "Tick “This time was supervised” as well, or leave the supervisor's name empty."
)
MSG_SUPERVISOR_LONG = _l(
    "Use at most %(supervisor_max)s characters.", supervisor_max=SUPERVISOR_MAX
)


def msg_notes_long(length: int) -> str:
    return _(
        "Keep the notes to %(notes_max)s characters or fewer (you wrote %(length)s).",
        notes_max=NOTES_MAX,
        length=length,
    )


def msg_day_full(day: date, existing_minutes: int) -> str:
    return _(
        "That makes more than 24 hours on %(date)s: %(hours)s hours are already logged "
        "for that day.",
        date=human_date(day),
        hours=fmt_hours(existing_minutes),
    )


# --- parsing ------------------------------------------------------------------------------


def parse_hours(raw: Any) -> int:
    """Typed hours ("1.5", "1,5", "1:30", Decimal, int) as whole minutes.

    Raises :class:`ValidationError` on field ``hours``: not a finite number
    (``NaN``, ``inf``, ``1e309``, text), 0 or less, more than 24, or not a
    quarter-hour step.
    """
    value = _hours_decimal(raw)
    if value <= 0:
        raise ValidationError(MSG_HOURS_POSITIVE, "hours")
    if value > 24:
        raise ValidationError(MSG_HOURS_MAX, "hours")
    minutes = value * 60
    if minutes != minutes.to_integral_value() or int(minutes) % 15:
        raise ValidationError(MSG_HOURS_STEP, "hours")
    return int(minutes)


def _hours_decimal(raw: Any) -> Decimal:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValidationError(MSG_HOURS_MISSING, "hours")
    if isinstance(raw, bool):
        raise ValidationError(MSG_HOURS_NUMBER, "hours")
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int | float):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip()
        if len(text) > 12:
            raise ValidationError(MSG_HOURS_NUMBER, "hours")
        clock = _CLOCK.match(text)
        if clock:
            whole, minutes = int(clock.group(1)), int(clock.group(2))
            if minutes > 59:
                raise ValidationError(MSG_MINUTES, "hours")
            return Decimal(whole) + Decimal(minutes) / 60
        if not _DECIMAL.match(text):
            raise ValidationError(MSG_HOURS_NUMBER, "hours")
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValidationError(MSG_HOURS_NUMBER, "hours") from None
    if not value.is_finite():
        raise ValidationError(MSG_HOURS_NUMBER, "hours")
    return value


def parse_past_date(raw: Any, field: str, today: date | None = None) -> date:
    """A typed date (``YYYY-MM-DD`` or a ``date``) that exists, is not in the
    future and not before 2000.  Raises :class:`ValidationError` on ``field``."""
    today = today or local_today()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValidationError(MSG_DATE_MISSING, field)
    if isinstance(raw, date):
        day = raw.date() if isinstance(raw, datetime) else raw
    else:
        match = _ISO_DATE.match(str(raw).strip())
        if not match:
            raise ValidationError(MSG_DATE_FORMAT, field)
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise ValidationError(MSG_DATE_IMPOSSIBLE, field) from None
    if day < EARLIEST_DATE:
        raise ValidationError(MSG_DATE_EARLY, field)
    if day > today:
        raise ValidationError(MSG_DATE_FUTURE, field)
    return day


def parse_optional_date(raw: Any, field: str) -> date | None:
    """A filter's date: empty is None; otherwise it must be a real date."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, date):
        return raw
    match = _ISO_DATE.match(str(raw).strip())
    if not match:
        raise ValidationError(MSG_DATE_FORMAT, field)
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ValidationError(MSG_DATE_IMPOSSIBLE, field) from None


def _paid(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = "" if raw is None else str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(MSG_PAID_INVALID, "is_paid")


def clean_submission_key(raw: Any) -> str | None:
    """A usable submission key, or None (an odd key is ignored, never stored)."""
    if not isinstance(raw, str) or not _KEY.match(raw.strip()):
        return None
    return raw.strip()


# --- validation ---------------------------------------------------------------------------


def _offered_activities(entry_id: int | None) -> set[str]:
    """Codes an entry may name: the active activities, and the one it already has."""
    codes = set(db.session.scalars(select(Activity.code).where(Activity.archived_at.is_(None))))
    if entry_id is not None:
        current = db.session.scalar(select(HourEntry.activity).where(HourEntry.id == entry_id))
        if current:
            codes.add(current)
    return codes


def validate(
    trainee: User,
    *,
    worked_on: Any,
    hours: Any,
    activity: Any,
    setting: Any,
    is_paid: Any = False,
    supervised: Any = False,
    supervisor_name: Any = None,
    notes: Any = None,
    exclude_id: int | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Check one entry's values; return them clean, or raise every problem at once."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def attempt(field: str, parse: Any) -> None:
        try:
            values[field] = parse()
        except ValidationError as exc:
            for name, messages in exc.errors.items():
                errors.setdefault(name or field, []).extend(messages)

    attempt("worked_on", lambda: parse_past_date(worked_on, "worked_on", today))
    attempt("minutes", lambda: parse_hours(hours))

    activity_value = str(activity or "").strip()
    if not activity_value:
        errors["activity"] = [MSG_ACTIVITY_MISSING]
    elif activity_value not in _offered_activities(exclude_id):
        errors["activity"] = [MSG_ACTIVITY_INVALID]
    else:
        values["activity"] = activity_value

    setting_value = str(setting or "").strip()
    if not setting_value:
        errors["setting"] = [MSG_SETTING_MISSING]
    elif setting_value not in {s.value for s in Setting}:
        errors["setting"] = [MSG_SETTING_INVALID]
    else:
        values["setting"] = setting_value

    attempt("is_paid", lambda: _paid(is_paid))

    is_supervised = bool(supervised)
    name = clean_text(supervisor_name if isinstance(supervisor_name, str) else None)
    if is_supervised and not name:
        errors["supervisor_name"] = [MSG_SUPERVISOR_MISSING]
    elif not is_supervised and name:
        errors["supervisor_name"] = [MSG_SUPERVISOR_UNTICKED]
    elif len(name) > SUPERVISOR_MAX:
        errors["supervisor_name"] = [MSG_SUPERVISOR_LONG]
    values["supervised"] = is_supervised
    values["supervisor_name"] = name or None

    text = clean_text(notes if isinstance(notes, str) else None)
    if len(text) > NOTES_MAX:
        errors["notes"] = [msg_notes_long(len(text))]
    values["notes"] = text

    if "worked_on" in values and "minutes" in values:
        _lock_trainee(trainee)
        existing = day_minutes(trainee.id, values["worked_on"], exclude_id)
        if existing + values["minutes"] > MAX_DAY_MINUTES:
            errors.setdefault("hours", []).append(msg_day_full(values["worked_on"], existing))

    if errors:
        raise ValidationError(errors)
    return values


def _lock_trainee(trainee: User) -> None:
    """Serialise one trainee's writes so two entries at once cannot pass 24 hours a day.

    Row locks exist on PostgreSQL; SQLite writes one transaction at a time anyway.
    """
    db.session.execute(select(User.id).where(User.id == trainee.id).with_for_update())


def day_minutes(trainee_id: int, day: date, exclude_id: int | None = None) -> int:
    """Minutes already logged on ``day`` by the trainee that count towards the day's 24 hours."""
    query = select(func.coalesce(func.sum(HourEntry.minutes), 0)).where(
        HourEntry.trainee_id == trainee_id,
        HourEntry.worked_on == day,
        HourEntry.status.in_(DAY_COUNTED),
    )
    if exclude_id is not None:
        query = query.where(HourEntry.id != exclude_id)
    return int(db.session.scalar(query) or 0)


# --- changes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Logged:
    entry: HourEntry
    created: bool  # False when the same form had already been stored


def snapshot(entry: HourEntry) -> dict[str, Any]:
    return {
        "worked_on": entry.worked_on.isoformat(),
        "minutes": entry.minutes,
        "activity": str(entry.activity),
        "setting": str(entry.setting),
        "is_paid": bool(entry.is_paid),
        "supervised": bool(entry.supervised),
        "supervisor_name": entry.supervisor_name,
        "notes": entry.notes,
        "status": str(entry.status),
    }


def own_entry(trainee: User, entry_id: int) -> HourEntry:
    """The trainee's entry ``entry_id``; another trainee's answers as if it did not exist."""
    entry = db.session.get(HourEntry, entry_id)
    if entry is None or entry.trainee_id != trainee.id:
        raise NotFoundError(_("That entry was not found."))
    return entry


def correction_of(original_id: int) -> HourEntry | None:
    """The entry that corrects ``original_id`` and still stands (pending or approved)."""
    return db.session.scalar(
        select(HourEntry)
        .where(HourEntry.corrects_id == original_id, HourEntry.status.in_(DAY_COUNTED))
        .order_by(HourEntry.id.desc())
        .limit(1)
    )


def correctable(trainee: User, entry_id: int) -> HourEntry:
    """The rejected entry ``entry_id`` of ``trainee``, ready to be corrected."""
    original = own_entry(trainee, entry_id)
    if original.status != HourStatus.REJECTED:
        raise ServiceError(_("Only a rejected entry can be corrected."))
    if correction_of(original.id) is not None:
        raise ServiceError(_("You have already submitted a corrected entry for this one."))
    return original


def log_entry(
    trainee: User,
    *,
    submission_key: str | None = None,
    corrects_id: int | None = None,
    today: date | None = None,
    **fields: Any,
) -> Logged:
    """Store a new pending entry for ``trainee`` (its own, whatever else the form says).

    ``fields`` are those of :func:`validate`.  With a ``submission_key`` that
    was stored before, nothing new is stored and the earlier entry is returned.
    """
    if not trainee.is_trainee or not trainee.active:
        raise ServiceError(_("Only active trainees log hours."))
    key = clean_submission_key(submission_key)
    earlier = find_submitted(HourEntry, trainee, key)
    if earlier is not None:
        return Logged(earlier, False)
    original = correctable(trainee, corrects_id) if corrects_id is not None else None
    values = validate(trainee, today=today, **fields)
    entry = HourEntry(
        trainee_id=trainee.id,
        status=HourStatus.PENDING,
        submission_key=key,
        corrects_id=original.id if original else None,
        **values,
    )
    stored, created = insert_or_find(entry, lambda: find_submitted(HourEntry, trainee, key))
    if not created:
        return Logged(stored, False)
    summary = f"logged {plain_hours(entry.minutes)} hours on {entry.worked_on.isoformat()}"
    if original is not None:
        summary += f", correcting entry {original.id}"
    audit.record(trainee, "hours.logged", entry, summary, after=snapshot(entry))
    return Logged(entry, True)


def locked_message(entry: HourEntry) -> str:
    """Why a non-pending entry cannot be changed, in plain words."""
    return {
        HourStatus.APPROVED: "This entry has been approved, so it can no longer be changed.",
        HourStatus.REJECTED: (
            "This entry was rejected, so it can no longer be changed. "
            "You can submit a corrected entry instead."
        ),
        HourStatus.WITHDRAWN: "This entry was withdrawn, so it can no longer be changed.",
    }.get(HourStatus(entry.status), "This entry can no longer be changed.")


def _changed_meanwhile(entry: HourEntry) -> ConflictError:
    db.session.refresh(entry)
    return ConflictError(
        _(
            "A coordinator reviewed this entry while you were changing it, "
            "so your change was not saved. "
        )
        + locked_message(entry)
    )


def _check_changeable(trainee: User, entry: HourEntry) -> None:
    """The trainee may change only their own entries, and only while pending."""
    if entry.trainee_id != trainee.id:
        raise NotFoundError(_("That entry was not found."))
    if entry.status != HourStatus.PENDING:
        # Decided (or withdrawn) already: a conflict with that decision, not bad input.
        raise ConflictError(locked_message(entry))


def _update_pending(entry: HourEntry, **values: Any) -> None:
    """Write ``values`` if the entry is still pending (a coordinator may decide it meanwhile)."""
    changed = db.session.execute(
        update(HourEntry)
        .where(HourEntry.id == entry.id, HourEntry.status == HourStatus.PENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        raise _changed_meanwhile(entry)
    db.session.refresh(entry)


def edit_entry(
    trainee: User, entry: HourEntry, *, today: date | None = None, **fields: Any
) -> HourEntry:
    """Change a pending entry of the trainee's.  Unknown fields (status...) are not accepted."""
    _check_changeable(trainee, entry)
    values = validate(trainee, exclude_id=entry.id, today=today, **fields)
    before = snapshot(entry)
    _update_pending(entry, updated_at=utcnow(), **values)
    audit.record(
        trainee,
        "hours.edited",
        entry,
        f"edited the entry of {entry.worked_on.isoformat()}",
        before=before,
        after=snapshot(entry),
    )
    return entry


def withdraw_entry(trainee: User, entry: HourEntry) -> HourEntry:
    """Withdraw a pending entry: it stays in the history, and no longer counts."""
    _check_changeable(trainee, entry)
    _update_pending(entry, status=HourStatus.WITHDRAWN, updated_at=utcnow())
    audit.record(
        trainee,
        "hours.withdrawn",
        entry,
        f"withdrew the entry of {entry.worked_on.isoformat()}",
        before={"status": HourStatus.PENDING.value},
        after={"status": HourStatus.WITHDRAWN.value},
    )
    return entry


# --- lists and sums -----------------------------------------------------------------------


def filter_entries(
    query: Select[tuple[HourEntry]],
    *,
    status: str | None = None,
    activity: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Select[tuple[HourEntry]]:
    """Narrow a select of entries (start from ``policies.visible_hours``), newest first."""
    if status and status in {s.value for s in HourStatus}:
        query = query.where(HourEntry.status == status)
    if activity:
        query = query.where(HourEntry.activity == activity)
    if date_from is not None:
        query = query.where(HourEntry.worked_on >= date_from)
    if date_to is not None:
        query = query.where(HourEntry.worked_on <= date_to)
    return query.order_by(HourEntry.worked_on.desc(), HourEntry.id.desc())


@dataclass(frozen=True)
class StatusTotal:
    count: int = 0
    minutes: int = 0


def status_totals(query: Select[tuple[HourEntry]]) -> dict[str, StatusTotal]:
    """Count and minutes per status of the entries ``query`` selects, summed in SQL."""
    rows = query.order_by(None).subquery()
    result = db.session.execute(
        select(rows.c.status, func.count(), func.coalesce(func.sum(rows.c.minutes), 0)).group_by(
            rows.c.status
        )
    ).all()
    totals = {s.value: StatusTotal() for s in HourStatus}
    for status, count, minutes in result:
        totals[str(status)] = StatusTotal(int(count), int(minutes))
    return totals


def corrected_ids(entry_ids: list[int]) -> dict[int, HourEntry]:
    """Of the given (rejected) entries, those already corrected, with their correction."""
    if not entry_ids:
        return {}
    corrections = db.session.scalars(
        select(HourEntry)
        .where(HourEntry.corrects_id.in_(entry_ids), HourEntry.status.in_(DAY_COUNTED))
        .order_by(HourEntry.id)
    ).all()
    return {c.corrects_id: c for c in corrections if c.corrects_id is not None}


def approved_minutes_by_month(
    as_of: date | None = None, months: int = 12, trainee_id: int | None = None
) -> list[tuple[date, int]]:
    """Approved minutes per calendar month, the last ``months`` months up to ``as_of``.

    One row per month, oldest first, months without hours included as 0.
    Grouped in SQL by year and month (``EXTRACT`` works on SQLite and
    PostgreSQL alike).  Without ``trainee_id``, every trainee's hours.
    """
    as_of = as_of or local_today()
    starts = month_starts(as_of, months)
    year = extract("year", HourEntry.worked_on)
    month = extract("month", HourEntry.worked_on)
    query = (
        select(year, month, func.sum(HourEntry.minutes))
        .where(
            HourEntry.status == HourStatus.APPROVED,
            HourEntry.worked_on >= starts[0],
            HourEntry.worked_on <= as_of,
        )
        .group_by(year, month)
    )
    if trainee_id is not None:
        query = query.where(HourEntry.trainee_id == trainee_id)
    sums = {(int(y), int(m)): int(total or 0) for y, m, total in db.session.execute(query)}
    return [(start, sums.get((start.year, start.month), 0)) for start in starts]


def pending_total(trainee_id: int) -> StatusTotal:
    """How many entries, and how many minutes, wait for review."""
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(HourEntry.minutes), 0),
        ).where(HourEntry.trainee_id == trainee_id, HourEntry.status == HourStatus.PENDING)
    ).one()
    return StatusTotal(int(row[0]), int(row[1]))


def uncorrected_rejections(trainee_id: int) -> int:
    """How many of the trainee's rejected entries have no standing correction yet."""
    correction = aliased(HourEntry)
    corrected = (
        select(correction.id)
        .where(correction.corrects_id == HourEntry.id, correction.status.in_(DAY_COUNTED))
        .exists()
    )
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(HourEntry)
            .where(
                HourEntry.trainee_id == trainee_id,
                HourEntry.status == HourStatus.REJECTED,
                ~corrected,
            )
        )
        or 0
    )


# --- a timesheet: several entries in one submit -------------------------------------------

TIMESHEET_MAX_ROWS = 31


def _blank_row(row: dict[str, Any]) -> bool:
    """A row with no hours is not filled in (its other fields may hold defaults)."""
    return not str(row.get("hours") or "").strip()


def log_timesheet(
    trainee: User,
    rows: list[dict[str, Any]],
    *,
    submission_key: str | None = None,
    today: date | None = None,
) -> list[HourEntry]:
    """Store one pending entry per filled row, each under the rules of :func:`validate`.

    Rows without hours are skipped.  Every problem is raised at once, under
    ``rows-<index>-<field>``; the 24-hour day counts the sheet's own rows of a
    date too.  Nothing is stored unless every row is right; the same sheet
    posted twice (one submission key) is stored once and its entries returned.
    """
    if not trainee.is_trainee or not trainee.active:
        raise ServiceError(_("Only active trainees log hours."))
    filled = [(i, row) for i, row in enumerate(rows[:TIMESHEET_MAX_ROWS]) if not _blank_row(row)]
    if not filled:
        raise ValidationError(_("Enter the hours of at least one row."), "rows")
    key = clean_submission_key(submission_key)
    # Each entry keeps the sheet's key with its place: "<key>-0", "<key>-1"...
    keys = [f"{key[:56]}-{n}" if key else None for n in range(len(filled))]
    if keys[0] is not None:
        earlier = list(
            db.session.scalars(
                select(HourEntry)
                .where(HourEntry.trainee_id == trainee.id, HourEntry.submission_key.in_(keys))
                .order_by(HourEntry.id)
            )
        )
        if earlier:
            return earlier
    errors: dict[str, list[str]] = {}
    checked: list[tuple[int, dict[str, Any]]] = []
    for index, row in filled:
        fields = {name: row.get(name) for name in _ROW_FIELDS}
        try:
            values = validate(trainee, today=today, **fields)
        except ValidationError as exc:
            for name, messages in exc.errors.items():
                errors.setdefault(f"rows-{index}-{_FORM_NAME.get(name, name)}", []).extend(messages)
            continue
        checked.append((index, values))
    # The day's limit over this sheet's own rows, on top of what is already stored.
    per_day: dict[date, int] = {}
    for index, values in checked:
        day = values["worked_on"]
        if day not in per_day:
            per_day[day] = day_minutes(trainee.id, day)
        if per_day[day] + values["minutes"] > MAX_DAY_MINUTES:
            errors.setdefault(f"rows-{index}-hours", []).append(msg_day_full(day, per_day[day]))
        per_day[day] += values["minutes"]
    if errors:
        raise ValidationError(errors)
    entries = [
        HourEntry(trainee_id=trainee.id, status=HourStatus.PENDING, submission_key=k, **values)
        for k, (_index, values) in zip(keys, checked, strict=True)
    ]
    savepoint = db.session.begin_nested()
    try:
        db.session.add_all(entries)
        db.session.flush()
        savepoint.commit()
    except IntegrityError:  # the same sheet posted twice at once: the other one stands
        savepoint.rollback()
        earlier = list(
            db.session.scalars(
                select(HourEntry)
                .where(HourEntry.trainee_id == trainee.id, HourEntry.submission_key.in_(keys))
                .order_by(HourEntry.id)
            )
        )
        if not earlier:
            raise
        return earlier
    for entry in entries:
        audit.record(
            trainee,
            "hours.logged",
            entry,
            f"logged {plain_hours(entry.minutes)} hours on {entry.worked_on.isoformat()} "
            "on a timesheet",
            after=snapshot(entry),
        )
    return entries


_ROW_FIELDS = (
    "worked_on",
    "hours",
    "activity",
    "setting",
    "is_paid",
    "supervised",
    "supervisor_name",
    "notes",
)
# validate() names the hours "minutes" once parsed; the form calls the field "hours".
_FORM_NAME = {"minutes": "hours"}
