"""A paper sign-in sheet entered at once: one session of practice (date, activity,
setting, paid or volunteer, supervised by) for many trainees, each with their hours.

Each trainee's entry obeys every rule of a single entry (:func:`tracker.services.
hours.validate`: the date, quarter hours, the 24-hour day...).  The coordinator
vouches for the sheet, so the entries are stored approved, decided by them, one
audit event each; the stored verdicts follow in the same transaction (the
progress service watches every flush).  Nothing is stored unless every row is
right, and the same sheet posted twice (one submission key) is stored once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.formatting import plain_hours
from tracker.models import Enrolment, HourEntry, HourStatus, Role, User, utcnow
from tracker.services import audit
from tracker.services.errors import ValidationError
from tracker.services.hours import clean_submission_key, snapshot, validate

MAX_ROWS = 500
SESSION_FIELDS = ("worked_on", "activity", "setting", "is_paid", "supervisor_name", "notes")


def row_field(trainee_id: int) -> str:
    """The form field (and error key) of one trainee's hours on the sheet."""
    return f"hours-{trainee_id}"


@dataclass
class Sheet:
    entries: list[HourEntry] = field(default_factory=list)
    created: bool = True  # False when this sheet had been stored before


def _trainees(ids: list[int]) -> dict[int, User]:
    rows = db.session.scalars(
        select(User).where(User.id.in_(ids), User.role == Role.TRAINEE, User.active.is_(True))
    )
    return {u.id: u for u in rows}


def record_sheet(
    actor: User,
    rows: dict[Any, Any],
    *,
    submission_key: str | None = None,
    today: date | None = None,
    **session: Any,
) -> Sheet:
    """Store one approved entry per trainee with hours on the sheet.

    ``rows`` maps a trainee id to the hours typed for them (blank: absent);
    ``session`` holds the fields of :func:`tracker.services.hours.validate` other
    than the hours.  Problems are raised together: the session's under their own
    field names, each trainee's under :func:`row_field`.
    """
    if not actor.is_coordinator:
        raise ValidationError(_("Only coordinators enter sign-in sheets."), "")
    present: dict[int, Any] = {}
    errors: dict[str, list[str]] = {}
    for raw_id, hours in rows.items():
        try:
            trainee_id = int(raw_id)
        except (TypeError, ValueError):
            continue
        if not 0 < trainee_id < 2**31:  # no row can have it; the database's integer ends there
            continue
        if str(hours or "").strip():
            present[trainee_id] = hours
    if not present:
        raise ValidationError(_("Enter the hours of at least one trainee."), "rows")
    if len(present) > MAX_ROWS:
        raise ValidationError(
            _("Enter at most %(count)s trainees on one sheet.", count=MAX_ROWS), "rows"
        )
    key = clean_submission_key(submission_key)
    if key:
        earlier = list(
            db.session.scalars(
                select(HourEntry).where(
                    HourEntry.submission_key == key,
                    HourEntry.trainee_id.in_(list(present)),
                    HourEntry.decided_by_id == actor.id,
                )
            )
        )
        if earlier:
            return Sheet(earlier, False)
    trainees = _trainees(list(present))
    checked: list[tuple[User, dict[str, Any]]] = []
    for trainee_id, hours in present.items():
        trainee = trainees.get(trainee_id)
        if trainee is None:
            errors.setdefault(row_field(trainee_id), []).append(
                _("This trainee is not an active trainee.")
            )
            continue
        try:
            values = validate(trainee, hours=hours, today=today, **session)
        except ValidationError as exc:
            for name, messages in exc.errors.items():
                # The session's fields are shared: report them once, at the top.
                target = name if name in SESSION_FIELDS else row_field(trainee_id)
                for message in messages:
                    if message not in errors.get(target, []):
                        errors.setdefault(target, []).append(message)
            continue
        checked.append((trainee, values))
    if errors:
        raise ValidationError(errors)
    now = utcnow()
    entries = [
        HourEntry(
            trainee_id=trainee.id,
            status=HourStatus.APPROVED,
            decided_by_id=actor.id,
            decided_at=now,
            submission_key=key,
            **values,
        )
        for trainee, values in checked
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
                select(HourEntry).where(
                    HourEntry.submission_key == key, HourEntry.trainee_id.in_(list(present))
                )
            )
        )
        if not earlier:
            raise
        return Sheet(earlier, False)
    for (trainee, _values), entry in zip(checked, entries, strict=True):
        audit.record(
            actor,
            "hours.recorded",
            entry,
            f"recorded {plain_hours(entry.minutes)} h of {trainee.display_name} on "
            f"{entry.worked_on.isoformat()} from a sign-in sheet",
            after=snapshot(entry),
        )
    return Sheet(entries, True)


def sheet_trainees(program_id: int | None = None) -> list[User]:
    """The active trainees a sheet lists, by name; those enrolled in a program when given."""
    query = select(User).where(User.role == Role.TRAINEE, User.active.is_(True))
    if program_id:
        query = query.where(
            User.id.in_(
                select(Enrolment.trainee_id).where(
                    Enrolment.program_id == program_id, Enrolment.withdrawn_at.is_(None)
                )
            )
        )
    return list(db.session.scalars(query.order_by(User.display_name, User.id).limit(MAX_ROWS)))
