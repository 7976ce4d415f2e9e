"""The module catalogue, training sessions, attendance and exam scores.

* Modules are created, edited, archived and restored; archiving never deletes
  anything and an archived module's completions still count.
* A training session is a dated delivery of a module.  Recording its
  attendance completes the module for each attendee: a verified completion
  with ``source=attendance`` linked to the session.  Recording the same
  attendance again (a double submission, two coordinators at once) changes
  nothing: the completion carries the key ``session:<id>``, and the database's
  unique constraint on (trainee, submission key) keeps one per trainee and
  session (a request that loses that race is told, and stores nothing).

No savepoints here: on SQLite (pysqlite) a savepoint opened outside a
transaction commits on release.  Services check first and flush; a race that
still reaches a unique constraint raises, and the caller rolls back whole.
* An exam score is recorded by a coordinator, per trainee: on a session's
  attendance, or as a result on its own (a new attempt).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import (
    CompletionSource,
    CompletionStatus,
    Domain,
    Module,
    ModuleCompletion,
    ModuleDomain,
    Role,
    SessionAttendance,
    TrainingSession,
    User,
    utcnow,
)
from tracker.services import audit
from tracker.services.accounts import clean_text
from tracker.services.dates import local_today
from tracker.services.db_helpers import contains_pattern, enrolled_in, set_archived
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError

MAX_CONTACT_MINUTES = 100_000
DUPLICATE_WINDOW = timedelta(minutes=10)
EARLIEST_DATE = date(2000, 1, 1)


# --- shared parsing ---------------------------------------------------------------------


def hours_to_minutes(
    raw: Any, *, allow_zero: bool = False, maximum: int = MAX_CONTACT_MINUTES
) -> int:
    """Hours as typed ("1.5", "2", "0.25") to whole minutes, in quarter-hour steps.

    Raises ``ValueError`` with a message fit to show next to the field.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError(_("Enter a number of hours."))
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ValueError(_("Enter a number of hours, like 1.5."))
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(_("Enter a number of hours, like 1.5.")) from None
    if not value.is_finite():
        raise ValueError(_("Enter a number of hours, like 1.5."))
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(
            _("Enter more than 0 hours.") if not allow_zero else _("Enter 0 or more hours.")
        )
    if value * 60 > maximum:
        raise ValueError(_("Enter at most %(value)s hours.", value=maximum // 60))
    minutes = value * 60
    if minutes != minutes.to_integral_value() or int(minutes) % 15:
        raise ValueError(_("Use quarter-hour steps: .25, .5 or .75."))
    return int(minutes)


REQUIRED_MESSAGES = {"code": _l("Enter the code."), "title": _l("Enter the title.")}


def _required_text(errors: dict[str, list[str]], name: str, value: Any, maximum: int) -> str:
    cleaned = clean_text(value if isinstance(value, str) else "")
    if not cleaned:
        errors.setdefault(name, []).append(REQUIRED_MESSAGES.get(name, "Fill this in."))
    elif len(cleaned) > maximum:
        errors.setdefault(name, []).append(
            _("Use at most %(maximum)s characters.", maximum=maximum)
        )
    return cleaned


def _optional_text(errors: dict[str, list[str]], name: str, value: Any, maximum: int) -> str:
    cleaned = clean_text(value if isinstance(value, str) else "")
    if len(cleaned) > maximum:
        errors.setdefault(name, []).append(
            _("Use at most %(maximum)s characters.", maximum=maximum)
        )
    return cleaned


def _score(errors: dict[str, list[str]], name: str, value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(_("Enter a whole number from 0 to 100."))
        return None
    if not 0 <= number <= 100:
        errors.setdefault(name, []).append(_("Enter a whole number from 0 to 100."))
        return None
    return number


# --- modules ----------------------------------------------------------------------------


def _module_values(
    *,
    code: Any,
    title: Any,
    description: Any = "",
    contact_hours: Any,
    pass_mark: Any = None,
    domain_hours: dict[Any, Any] | None = None,
    current: Module | None = None,
) -> tuple[dict[str, Any], dict[int, int]]:
    errors: dict[str, list[str]] = {}
    code_clean = _required_text(errors, "code", code, 20).upper()
    if code_clean and " " in code_clean:
        errors.setdefault("code", []).append(_("Use letters, digits and dashes, without spaces."))
    title_clean = _required_text(errors, "title", title, 200)
    description_clean = _optional_text(errors, "description", description, 5000)
    minutes = 0
    try:
        minutes = hours_to_minutes(contact_hours, allow_zero=True)
    except ValueError as exc:
        errors.setdefault("contact_hours", []).append(str(exc))
    domains = _domain_minutes(errors, domain_hours or {})
    if "contact_hours" not in errors and sum(domains.values()) > minutes:
        errors.setdefault("domain_hours", []).append(
            _("The hours in domains add up to more than the module's contact hours.")
        )
    mark = _score(errors, "pass_mark", pass_mark)
    if code_clean and "code" not in errors:
        clash = select(Module.id).where(func.upper(Module.code) == code_clean)
        if current is not None:
            clash = clash.where(Module.id != current.id)
        if db.session.scalar(clash) is not None:
            errors.setdefault("code", []).append(_("Another module already uses this code."))
    if errors:
        raise ValidationError(errors)
    values = {
        "code": code_clean,
        "title": title_clean,
        "description": description_clean,
        "contact_minutes": minutes,
        "pass_mark": mark,
    }
    return values, domains


def _domain_minutes(errors: dict[str, list[str]], given: dict[Any, Any]) -> dict[int, int]:
    """Hours per training domain (domain id -> hours as typed) as minutes; empty means none."""
    known = {d.id: d for d in db.session.scalars(select(Domain))}
    minutes: dict[int, int] = {}
    for raw_id, raw_hours in given.items():
        if raw_hours is None or str(raw_hours).strip() == "":
            continue
        try:
            domain_id = int(raw_id)
        except (TypeError, ValueError):
            domain_id = -1
        domain = known.get(domain_id)
        if domain is None:
            errors.setdefault("domain_hours", []).append(_("Choose domains from the list."))
            continue
        try:
            value = hours_to_minutes(raw_hours, allow_zero=True)
        except ValueError as exc:
            errors.setdefault(f"domain_hours-{domain_id}", []).append(str(exc))
            continue
        if value:
            minutes[domain_id] = value
    return minutes


def _set_domains(module: Module, domains: dict[int, int]) -> None:
    by_domain = {row.domain_id: row for row in module.domain_hours}
    keep = []
    for domain_id, minutes in sorted(domains.items()):
        row = by_domain.get(domain_id) or ModuleDomain(domain_id=domain_id)
        row.minutes = minutes
        keep.append(row)
    module.domain_hours = keep


def _flush_or_code_clash() -> None:
    """Flush; a code taken at the same moment by another request is a field error.

    (No savepoint: the caller rolls the whole transaction back on any error.)
    """
    try:
        db.session.flush()
    except IntegrityError:
        raise ValidationError(_("Another module already uses this code."), "code") from None


def _module_state(module: Module) -> dict[str, Any]:
    return {
        "code": module.code,
        "title": module.title,
        "contact_minutes": module.contact_minutes,
        "domains": {str(row.domain_id): row.minutes for row in module.domain_hours},
        "pass_mark": module.pass_mark,
        "archived": module.is_archived,
    }


def create_module(actor: User, **fields: Any) -> Module:
    values, domains = _module_values(**fields)
    module = Module(**values)
    _set_domains(module, domains)
    db.session.add(module)
    _flush_or_code_clash()
    audit.record(
        actor,
        "module.created",
        module,
        f"module {module.code} created",
        after=_module_state(module),
    )
    return module


def update_module(module: Module, actor: User, **fields: Any) -> Module:
    values, domains = _module_values(current=module, **fields)
    before = _module_state(module)
    for name, value in values.items():
        setattr(module, name, value)
    _set_domains(module, domains)
    _flush_or_code_clash()
    after = _module_state(module)
    if after != before:
        audit.record(actor, "module.updated", module, f"module {module.code} edited", before, after)
    return module


def archive_module(module: Module, actor: User) -> bool:
    """Archive: hidden from new sessions and self-reports; history stays.  False if it was."""
    return set_archived(module, actor, "module", True)


def restore_module(module: Module, actor: User) -> bool:
    return set_archived(module, actor, "module", False)


def modules_query(status: str = "active", q: str = "", domain_id: int | None = None):  # type: ignore[no-untyped-def]
    query = select(Module)
    if status == "active":
        query = query.where(Module.archived_at.is_(None))
    elif status == "archived":
        query = query.where(Module.archived_at.is_not(None))
    if q:
        pattern = contains_pattern(q)
        query = query.where(
            func.lower(Module.code).like(pattern, escape="\\")
            | func.lower(Module.title).like(pattern, escape="\\")
        )
    if domain_id is not None:
        query = query.where(
            select(ModuleDomain.module_id)
            .where(ModuleDomain.module_id == Module.id, ModuleDomain.domain_id == domain_id)
            .exists()
        )
    return query.order_by(Module.code)


def active_modules() -> list[Module]:
    return list(
        db.session.scalars(
            select(Module).where(Module.archived_at.is_(None)).order_by(Module.code)
        ).all()
    )


# --- training sessions --------------------------------------------------------------------


def _chosen_module(module_id: Any) -> Module | None:
    """The module a form's choice names, or None."""
    try:
        return db.session.get(Module, int(module_id)) if module_id not in (None, "") else None
    except (TypeError, ValueError):
        return None


def create_session(
    actor: User,
    *,
    module_id: Any,
    held_on: Any,
    location: Any = "",
    notes: Any = "",
) -> TrainingSession:
    errors: dict[str, list[str]] = {}
    module = _chosen_module(module_id)
    if module is None:
        errors.setdefault("module_id", []).append(_("Choose a module."))
    elif module.is_archived:
        errors.setdefault("module_id", []).append(_("This module is archived; restore it first."))
    if not isinstance(held_on, date):
        errors.setdefault("held_on", []).append(_("Enter the date of the session."))
    elif held_on < EARLIEST_DATE:
        errors.setdefault("held_on", []).append(_("Enter a date from 2000 on."))
    location_clean = _optional_text(errors, "location", location, 200)
    notes_clean = _optional_text(errors, "notes", notes, 2000)
    if errors:
        raise ValidationError(errors)
    assert module is not None
    # The same form sent twice (a double click) schedules one session.
    duplicate = db.session.scalar(
        select(TrainingSession).where(
            TrainingSession.module_id == module.id,
            TrainingSession.held_on == held_on,
            TrainingSession.location == location_clean,
            TrainingSession.notes == notes_clean,
            TrainingSession.created_by_id == actor.id,
            TrainingSession.created_at >= utcnow() - DUPLICATE_WINDOW,
        )
    )
    if duplicate is not None:
        return duplicate
    session = TrainingSession(
        module_id=module.id,
        held_on=held_on,
        location=location_clean,
        notes=notes_clean,
        created_by_id=actor.id,
    )
    db.session.add(session)
    db.session.flush()
    audit.record(
        actor,
        "session.created",
        session,
        f"session of {module.code} on {held_on.isoformat()}",
        after={"module": module.code, "held_on": held_on.isoformat(), "location": location_clean},
    )
    return session


def sessions_query(when: str = "", module_id: int | None = None, today: date | None = None):  # type: ignore[no-untyped-def]
    today = today or local_today()
    query = select(TrainingSession).join(Module, Module.id == TrainingSession.module_id)
    if when == "upcoming":
        query = query.where(TrainingSession.held_on >= today).order_by(
            TrainingSession.held_on, TrainingSession.id
        )
    else:
        if when == "past":
            query = query.where(TrainingSession.held_on < today)
        query = query.order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())
    if module_id:
        query = query.where(TrainingSession.module_id == module_id)
    return query


def session_completions(session: TrainingSession) -> dict[int, ModuleCompletion]:
    """The completions recorded from this session's attendance, by trainee id."""
    rows = db.session.scalars(
        select(ModuleCompletion).where(ModuleCompletion.session_id == session.id)
    ).all()
    return {c.trainee_id: c for c in rows}


def attendance_candidates(session: TrainingSession, program_id: int | None = None) -> list[User]:
    """Who can be ticked on the checklist: active trainees (optionally of one program),
    and everyone already recorded as attending, whatever their status now."""
    query = select(User).where(User.role == Role.TRAINEE, User.active.is_(True))
    if program_id:
        query = query.where(enrolled_in(program_id))
    recorded = select(SessionAttendance.trainee_id).where(
        SessionAttendance.session_id == session.id
    )
    query = select(User).where(
        User.id.in_(query.with_only_columns(User.id)) | User.id.in_(recorded)
    )
    return list(db.session.scalars(query.order_by(func.lower(User.display_name), User.id)).all())


ATTENDANCE_KEY = "session:{}"


@dataclass
class AttendanceResult:
    completed: list[int] = field(default_factory=list)  # trainee ids newly completed
    already: list[int] = field(default_factory=list)  # recorded before: unchanged
    scored: list[int] = field(default_factory=list)  # trainee ids whose score was set


def record_attendance(
    session: TrainingSession,
    trainee_ids: list[int],
    actor: User,
    scores: dict[int, Any] | None = None,
    today: date | None = None,
) -> AttendanceResult:
    """Record who attended: each attendee gets one verified completion of the module.

    Idempotent per session and trainee.  ``scores`` (trainee id -> score as
    typed) sets the exam score on an attendee's completion.  A score that is
    not a whole number from 0 to 100 is an error on the field ``score-<id>``;
    nothing is stored then.
    """
    today = today or local_today()
    scores = scores or {}
    if session.held_on > today:
        raise ServiceError(_("This session has not taken place yet; record attendance on the day."))
    module = session.module
    errors: dict[str, list[str]] = {}
    wanted = sorted({int(t) for t in trainee_ids})
    parsed_scores: dict[int, int | None] = {}
    for trainee_id, raw in scores.items():
        parsed_scores[int(trainee_id)] = _score(errors, f"score-{int(trainee_id)}", raw)
    for trainee_id, value in parsed_scores.items():
        if value is not None and trainee_id not in wanted:
            errors.setdefault(f"score-{trainee_id}", []).append(
                _("Tick this trainee as attending to record a score.")
            )
    trainees = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_(wanted), User.role == Role.TRAINEE)
        ).all()
    }
    if len(trainees) != len(wanted):
        errors.setdefault("attended", []).append(_("Choose trainees from the list."))
    if not wanted:
        errors.setdefault("attended", []).append(_("Tick at least one attendee."))
    if errors:
        raise ValidationError(errors)

    result = AttendanceResult()
    existing = session_completions(session)
    attendance = {
        row.trainee_id: row
        for row in db.session.scalars(
            select(SessionAttendance).where(SessionAttendance.session_id == session.id)
        ).all()
    }
    now = utcnow()
    key = ATTENDANCE_KEY.format(session.id)
    try:
        with db.session.no_autoflush:
            for trainee_id in wanted:
                trainee = trainees[trainee_id]
                _mark_attended(session, attendance.get(trainee_id), trainee_id, actor, now)
                score = parsed_scores.get(trainee_id)
                completion = existing.get(trainee_id)
                if completion is not None:
                    result.already.append(trainee_id)
                    if score is not None and score != completion.score:
                        _set_score(completion, score, actor, trainee, module)
                        result.scored.append(trainee_id)
                    continue
                completion = _recorded_completion(
                    actor,
                    CompletionSource.ATTENDANCE,
                    now,
                    trainee_id=trainee_id,
                    module_id=module.id,
                    completed_on=session.held_on,
                    score=score,
                    session_id=session.id,
                    submission_key=key,
                )
                db.session.add(completion)
                result.completed.append(trainee_id)
                if score is not None:
                    result.scored.append(trainee_id)
                audit.record(
                    actor,
                    "completion.recorded",
                    completion,
                    f"{trainee.display_name} attended {module.code} "
                    f"on {session.held_on.isoformat()}",
                    after={"source": "attendance", "session_id": session.id, "score": score},
                )
        session.attendance_recorded_at = now
        db.session.flush()
    except IntegrityError:
        # Recorded at the same moment by another request: theirs stands, and the
        # caller rolls this one back whole.
        raise ConflictError(
            _(
                "Someone recorded this session's attendance at the same moment; "
                "nothing was saved from this form. Reload the page to see it."
            )
        ) from None
    return result


def _recorded_completion(
    actor: User, source: CompletionSource, now: Any, **fields: Any
) -> ModuleCompletion:
    """A completion a coordinator records (attendance, a result): verified by them at once."""
    return ModuleCompletion(
        source=source,
        status=CompletionStatus.VERIFIED,
        recorded_by_id=actor.id,
        verified_by_id=actor.id,
        decided_at=now,
        **fields,
    )


def _mark_attended(
    session: TrainingSession,
    row: SessionAttendance | None,
    trainee_id: int,
    actor: User,
    now: Any,
) -> None:
    if row is not None:
        if not row.attended:
            row.attended = True
            row.recorded_by_id = actor.id
            row.recorded_at = now
        return
    db.session.add(
        SessionAttendance(
            session_id=session.id,
            trainee_id=trainee_id,
            attended=True,
            recorded_by_id=actor.id,
            recorded_at=now,
        )
    )


def _set_score(
    completion: ModuleCompletion, score: int, actor: User, trainee: User, module: Module
) -> None:
    before = completion.score
    completion.score = score
    audit.record(
        actor,
        "completion.score_recorded",
        completion,
        f"score {score} for {trainee.display_name} in {module.code}",
        before={"score": before},
        after={"score": score},
    )


def record_result(
    actor: User,
    trainee: User,
    *,
    module_id: Any,
    completed_on: Any,
    score: Any = None,
    submission_key: str | None = None,
    today: date | None = None,
) -> ModuleCompletion:
    """A coordinator records a completed module, with an exam score where there is one.

    Each call is one attempt; a form posted twice (same ``submission_key``)
    stores once.  Raises ConflictError for the repeat so the caller can say so.
    """
    today = today or local_today()
    errors: dict[str, list[str]] = {}
    if not trainee.is_trainee:
        raise NotFoundError(_("No such trainee."))
    module = _chosen_module(module_id)
    if module is None:
        errors.setdefault("module_id", []).append(_("Choose a module."))
    if not isinstance(completed_on, date):
        errors.setdefault("completed_on", []).append(_("Enter the date it was completed."))
    elif completed_on > today:
        errors.setdefault("completed_on", []).append(_("The date cannot be in the future."))
    elif completed_on < EARLIEST_DATE:
        errors.setdefault("completed_on", []).append(_("Enter a date from 2000 on."))
    mark = _score(errors, "score", score)
    if (
        module is not None
        and module.pass_mark is not None
        and mark is None
        and "score" not in errors
    ):
        errors.setdefault("score", []).append(
            _(
                "This module has an exam (pass mark %(pass_mark)s): enter the score.",
                pass_mark=module.pass_mark,
            )
        )
    key = (submission_key or "").strip()[:64] or None
    if key is not None and not key.isprintable():  # a tampered key is ignored, never stored
        key = None
    if errors:
        raise ValidationError(errors)
    assert module is not None and isinstance(completed_on, date)
    if key and db.session.scalar(
        select(ModuleCompletion.id).where(
            ModuleCompletion.trainee_id == trainee.id, ModuleCompletion.submission_key == key
        )
    ):
        raise ConflictError(_("This result was already recorded."))
    completion = _recorded_completion(
        actor,
        CompletionSource.COORDINATOR,
        utcnow(),
        trainee_id=trainee.id,
        module_id=module.id,
        completed_on=completed_on,
        score=mark,
        submission_key=key,
    )
    db.session.add(completion)
    try:
        db.session.flush()
    except IntegrityError:
        raise ConflictError(_("This result was already recorded.")) from None
    summary = f"{module.code} completed by {trainee.display_name} on {completed_on.isoformat()}"
    if mark is not None:
        summary += f", score {mark}"
    audit.record(
        actor,
        "completion.recorded",
        completion,
        summary,
        after={"source": "coordinator", "score": mark, "completed_on": completed_on.isoformat()},
    )
    return completion
