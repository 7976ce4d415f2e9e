"""The review queue: approve or reject logged hours, verify or reject self-reported modules.

Every decision is a conditional update::

    UPDATE hour_entries SET status='approved', ... WHERE id=:id AND status='pending'

so that when two coordinators decide the same entry at once, the database
lets exactly one of them change it; the other's update matches no row and is
told the entry was already decided (:class:`ConflictError`).  No row lock is
needed (``SELECT ... FOR UPDATE`` does nothing on SQLite), and the decision is
audited once, by the request whose update changed the row.

The same coordinator sending the same decision twice (a double click) gets
the entry back unchanged and no second audit event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select, update

from tracker.extensions import db
from tracker.models import (
    Activity,
    CompletionSource,
    CompletionStatus,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    User,
    utcnow,
)
from tracker.services import audit
from tracker.services.accounts import clean_text
from tracker.services.errors import ConflictError, NotFoundError, ValidationError

MAX_REASON = 500
MAX_BULK = 200


@dataclass
class Decision:
    """The outcome of one decision: the row, and whether this call changed it."""

    record: Any
    changed: bool


def _reason(reason: str | None) -> str:
    cleaned = clean_text(reason)
    if not cleaned:
        raise ValidationError("Give a reason, so the trainee knows what to fix.", "reason")
    if len(cleaned) > MAX_REASON:
        raise ValidationError(f"Use at most {MAX_REASON} characters.", "reason")
    return cleaned


def _who(user_id: int | None) -> str:
    if user_id is None:
        return "someone else"
    user = db.session.get(User, user_id)
    return user.display_name if user is not None else "someone else"


# --- hours ------------------------------------------------------------------------------


def _decide_hours(entry_id: int, actor: User, status: HourStatus, reason: str | None) -> Decision:
    now = utcnow()
    result = db.session.execute(
        update(HourEntry)
        .where(HourEntry.id == entry_id, HourEntry.status == HourStatus.PENDING)
        .values(
            status=status,
            decided_by_id=actor.id,
            decided_at=now,
            rejection_reason=reason,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    entry = db.session.get(HourEntry, entry_id, populate_existing=True)
    if entry is None:
        raise NotFoundError("This hour entry does not exist.")
    if result.rowcount != 1:
        if entry.status == status and entry.decided_by_id == actor.id:
            return Decision(entry, False)
        if entry.status == HourStatus.WITHDRAWN:
            raise ConflictError("The trainee withdrew this entry; there is nothing to decide.")
        raise ConflictError(
            f"This entry was already decided by {_who(entry.decided_by_id)}: "
            f"it is {entry.status}. Nothing was changed."
        )
    after: dict[str, Any] = {"status": str(status)}
    if reason:
        after["reason"] = reason
    trainee = db.session.get(User, entry.trainee_id)
    name = trainee.display_name if trainee else f"trainee {entry.trainee_id}"
    audit.record(
        actor,
        f"hours.{status}",
        entry,
        f"{status} {entry.minutes / 60:g} h of {name} on {entry.worked_on.isoformat()}",
        before={"status": "pending"},
        after=after,
    )
    return Decision(entry, True)


def approve_hours(entry_id: int, actor: User) -> Decision:
    return _decide_hours(entry_id, actor, HourStatus.APPROVED, None)


def reject_hours(entry_id: int, actor: User, reason: str | None) -> Decision:
    return _decide_hours(entry_id, actor, HourStatus.REJECTED, _reason(reason))


@dataclass
class BulkResult:
    approved: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # decided by someone else meanwhile


def bulk_approve(entry_ids: list[int], actor: User) -> BulkResult:
    """Approve a selection; entries decided meanwhile by someone else are skipped."""
    ids = sorted({int(i) for i in entry_ids})
    if not ids:
        raise ValidationError("Tick at least one entry to approve.", "selected")
    if len(ids) > MAX_BULK:
        raise ValidationError(f"Approve at most {MAX_BULK} entries at once.", "selected")
    result = BulkResult()
    for entry_id in ids:
        try:
            decision = approve_hours(entry_id, actor)
        except (ConflictError, NotFoundError):
            result.skipped.append(entry_id)
            continue
        if decision.changed:
            result.approved.append(entry_id)
    return result


@dataclass
class HourFilters:
    q: str = ""
    activity: str = ""
    supervised: str = ""  # "", "yes", "no"
    start: date | None = None
    end: date | None = None  # included


def pending_hours(filters: HourFilters | None = None) -> Select[Any]:
    """Pending entries of every trainee, oldest first, with their trainee."""
    filters = filters or HourFilters()
    query = (
        select(HourEntry, User)
        .join(User, User.id == HourEntry.trainee_id)
        .where(HourEntry.status == HourStatus.PENDING)
    )
    if filters.q:
        pattern = f"%{_escape_like(filters.q.strip().lower())}%"
        query = query.where(
            func.lower(User.display_name).like(pattern, escape="\\")
            | User.email.like(pattern, escape="\\")
        )
    if filters.activity in {a.value for a in Activity}:
        query = query.where(HourEntry.activity == filters.activity)
    if filters.supervised == "yes":
        query = query.where(HourEntry.supervised.is_(True))
    elif filters.supervised == "no":
        query = query.where(HourEntry.supervised.is_(False))
    if filters.start:
        query = query.where(HourEntry.worked_on >= filters.start)
    if filters.end:
        query = query.where(HourEntry.worked_on <= filters.end)
    return query.order_by(HourEntry.created_at, HourEntry.id)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- self-reported completions ---------------------------------------------------------------


def _decide_completion(
    completion_id: int, actor: User, status: CompletionStatus, reason: str | None
) -> Decision:
    now = utcnow()
    result = db.session.execute(
        update(ModuleCompletion)
        .where(
            ModuleCompletion.id == completion_id,
            ModuleCompletion.status == CompletionStatus.PENDING,
        )
        .values(status=status, verified_by_id=actor.id, decided_at=now, rejection_reason=reason)
        .execution_options(synchronize_session=False)
    )
    completion = db.session.get(ModuleCompletion, completion_id, populate_existing=True)
    if completion is None:
        raise NotFoundError("This module report does not exist.")
    if result.rowcount != 1:
        if completion.status == status and completion.verified_by_id == actor.id:
            return Decision(completion, False)
        raise ConflictError(
            f"This report was already decided by {_who(completion.verified_by_id)}: "
            f"it is {completion.status}. Nothing was changed."
        )
    module = db.session.get(Module, completion.module_id)
    trainee = db.session.get(User, completion.trainee_id)
    after: dict[str, Any] = {"status": str(status)}
    if reason:
        after["reason"] = reason
    verb = "verified" if status == CompletionStatus.VERIFIED else "rejected"
    audit.record(
        actor,
        f"completion.{verb}",
        completion,
        f"{verb} {module.code if module else 'module'} reported by "
        f"{trainee.display_name if trainee else 'a trainee'}",
        before={"status": "pending"},
        after=after,
    )
    return Decision(completion, True)


def verify_completion(completion_id: int, actor: User) -> Decision:
    return _decide_completion(completion_id, actor, CompletionStatus.VERIFIED, None)


def reject_completion(completion_id: int, actor: User, reason: str | None) -> Decision:
    return _decide_completion(completion_id, actor, CompletionStatus.REJECTED, _reason(reason))


def pending_completions(q: str = "", module_id: int | None = None) -> Select[Any]:
    """Self-reported completions waiting for verification, oldest first."""
    query = (
        select(ModuleCompletion, User, Module)
        .join(User, User.id == ModuleCompletion.trainee_id)
        .join(Module, Module.id == ModuleCompletion.module_id)
        .where(
            ModuleCompletion.status == CompletionStatus.PENDING,
            ModuleCompletion.source == CompletionSource.SELF_REPORTED,
        )
    )
    if q:
        pattern = f"%{_escape_like(q.strip().lower())}%"
        query = query.where(
            func.lower(User.display_name).like(pattern, escape="\\")
            | User.email.like(pattern, escape="\\")
        )
    if module_id:
        query = query.where(ModuleCompletion.module_id == module_id)
    return query.order_by(ModuleCompletion.created_at, ModuleCompletion.id)
