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

from flask_babel import gettext as _
from sqlalchemy import Select, func, select, update

from tracker import policies
from tracker.extensions import db
from tracker.formatting import hours, human_date, label
from tracker.i18n import written_for
from tracker.models import (
    CompletionSource,
    CompletionStatus,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    User,
    utcnow,
)
from tracker.routing import MAX_ID
from tracker.services import audit, mail
from tracker.services.accounts import clean_text
from tracker.services.db_helpers import contains_pattern, person_matches
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
        raise ValidationError(_("Give a reason, so the trainee knows what to fix."), "reason")
    if len(cleaned) > MAX_REASON:
        raise ValidationError(
            _("Use at most %(max_reason)s characters.", max_reason=MAX_REASON), "reason"
        )
    return cleaned


def _who(user_id: int | None) -> str:
    if user_id is None:
        return _("someone else")
    user = db.session.get(User, user_id)
    return user.display_name if user is not None else _("someone else")


def _unchanged(
    record: Any, noun: str, decided_by_id: int | None, status: Any, actor: User
) -> Decision:
    """The update matched no row: the same decision by the same actor is a repeat;
    anything else was decided by someone else first (ConflictError)."""
    if record.status == status and decided_by_id == actor.id:
        return Decision(record, False)
    raise ConflictError(
        _(
            "This %(noun)s was already decided by %(who)s (%(status)s). Nothing was changed.",
            noun=noun,
            who=_who(decided_by_id),
            status=label(record.status),
        )
    )


def _decided(
    actor: User, action: str, record: Any, summary: str, status: Any, reason: str | None
) -> Decision:
    """Audit a decision this call made (from pending to ``status``, with the reason)."""
    after: dict[str, Any] = {"status": str(status)}
    if reason:
        after["reason"] = reason
    audit.record(actor, action, record, summary, before={"status": "pending"}, after=after)
    return Decision(record, True)


# --- hours ------------------------------------------------------------------------------


def _decide_hours(entry_id: int, actor: User, status: HourStatus, reason: str | None) -> Decision:
    # Who may decide is the policy's call; an entry the actor may not decide is, to
    # them, an entry that does not exist.  So is an id no row can have (PostgreSQL
    # refuses to compare one past its INTEGER).
    if not 1 <= entry_id <= MAX_ID:
        raise NotFoundError("This hour entry does not exist.")
    entry = db.session.get(HourEntry, entry_id)
    if entry is None or not policies.can_decide_hours(actor, entry):
        raise NotFoundError(_("This hour entry does not exist."))
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
        raise NotFoundError(_("This hour entry does not exist."))
    if result.rowcount != 1:
        if entry.status == HourStatus.WITHDRAWN:  # never the status asked for
            raise ConflictError(_("The trainee withdrew this entry; there is nothing to decide."))
        return _unchanged(entry, _("hour entry"), entry.decided_by_id, status, actor)
    trainee = db.session.get(User, entry.trainee_id)
    name = trainee.display_name if trainee else f"trainee {entry.trainee_id}"
    if status == HourStatus.REJECTED and trainee is not None and reason:
        with written_for(trainee):  # "what" in the words of the trainee's mail
            mail.queue_decision(
                "hours",
                trainee,
                reason,
                f"{hours(entry.minutes)} h, {human_date(entry.worked_on)}",
                entry.id,
            )
    return _decided(
        actor,
        f"hours.{status}",
        entry,
        f"{status} {entry.minutes / 60:g} h of {name} on {entry.worked_on.isoformat()}",
        status,
        reason,
    )


def approve_hours(entry_id: int, actor: User) -> Decision:
    return _decide_hours(entry_id, actor, HourStatus.APPROVED, None)


def reject_hours(entry_id: int, actor: User, reason: str | None) -> Decision:
    return _decide_hours(entry_id, actor, HourStatus.REJECTED, _reason(reason))


@dataclass
class BulkResult:
    approved: list[int] = field(default_factory=list)  # decided now (approved or rejected)
    skipped: list[int] = field(default_factory=list)  # decided by someone else meanwhile


@dataclass(frozen=True)
class Outcome:
    """What one decision of a selection did to its entry."""

    entry_id: int
    # "decided" (by this call), "unchanged" (the same decision by the same person
    # before), "conflict" (decided otherwise, or withdrawn), "not_found" (no such entry,
    # or not one this person may decide).
    result: str
    message: str = ""
    record: Any = None


def _selection(entry_ids: list[int], verb: str) -> list[int]:
    ids = sorted({int(i) for i in entry_ids})
    if not ids:
        raise ValidationError(
            _("Tick at least one entry to approve.")
            if verb == "approve"
            else _("Tick at least one entry to reject."),
            "selected",
        )
    if len(ids) > MAX_BULK:
        raise ValidationError(
            _("Approve at most %(count)s entries at once.", count=MAX_BULK)
            if verb == "approve"
            else _("Reject at most %(count)s entries at once.", count=MAX_BULK),
            "selected",
        )
    return ids


def _each(ids: list[int], decide: Any) -> list[Outcome]:
    """Decide every entry of a selection on its own: one that cannot be decided is
    reported and skipped, and the others are decided all the same."""
    outcomes = []
    for entry_id in ids:
        try:
            decision = decide(entry_id)
        except ConflictError as exc:
            outcomes.append(Outcome(entry_id, "conflict", exc.message))
            continue
        except NotFoundError as exc:
            outcomes.append(Outcome(entry_id, "not_found", exc.message))
            continue
        result = "decided" if decision.changed else "unchanged"
        outcomes.append(Outcome(entry_id, result, record=decision.record))
    return outcomes


def _bulk(outcomes: list[Outcome]) -> BulkResult:
    result = BulkResult()
    for outcome in outcomes:
        if outcome.result in ("conflict", "not_found"):
            result.skipped.append(outcome.entry_id)
        elif outcome.result == "decided":
            result.approved.append(outcome.entry_id)
    return result


def approve_each(entry_ids: list[int], actor: User) -> list[Outcome]:
    """Approve a selection, entry by entry, with each one's outcome."""
    ids = _selection(entry_ids, "approve")
    return _each(ids, lambda entry_id: approve_hours(entry_id, actor))


def reject_each(entry_ids: list[int], actor: User, reason: str | None) -> list[Outcome]:
    """Reject a selection with one reason (each trainee sees it), entry by entry, with
    each one's outcome.  Nothing is rejected without a reason."""
    ids = _selection(entry_ids, "reject")
    cleaned = _reason(reason)
    return _each(ids, lambda entry_id: reject_hours(entry_id, actor, cleaned))


def bulk_approve(entry_ids: list[int], actor: User) -> BulkResult:
    """Approve a selection; entries decided meanwhile by someone else are skipped."""
    return _bulk(approve_each(entry_ids, actor))


def bulk_reject(entry_ids: list[int], actor: User, reason: str | None) -> BulkResult:
    """Reject a selection with one reason (each trainee sees it); entries decided meanwhile
    by someone else are skipped.  Nothing is rejected without a reason."""
    return _bulk(reject_each(entry_ids, actor, reason))


@dataclass
class HourFilters:
    q: str = ""
    activity: str = ""
    supervised: str = ""  # "", "yes", "no"
    start: date | None = None
    end: date | None = None  # included


def pending_hours(filters: HourFilters | None = None) -> Select[Any]:
    """Pending entries of every trainee, oldest first, with their trainee."""
    query = (
        select(HourEntry, User)
        .join(User, User.id == HourEntry.trainee_id)
        .where(*_pending_conditions(filters or HourFilters()))
    )
    return query.order_by(HourEntry.created_at, HourEntry.id)


def pending_hours_count(filters: HourFilters | None = None) -> Select[Any]:
    """SQL: how many entries :func:`pending_hours` lists.  The trainees are joined only to
    match a name: every entry has one, and with the join SQLite's planner counted by
    walking every trainee's entries (a million at a state-wide scale) instead of the
    pending ones."""
    filters = filters or HourFilters()
    query = select(func.count()).select_from(HourEntry)
    if filters.q:
        query = query.join(User, User.id == HourEntry.trainee_id)
    return query.where(*_pending_conditions(filters))


def _pending_conditions(filters: HourFilters) -> list[Any]:
    conditions: list[Any] = [HourEntry.status == HourStatus.PENDING]
    if filters.q:
        conditions.append(person_matches(contains_pattern(filters.q)))
    if filters.activity:
        conditions.append(HourEntry.activity == filters.activity)
    if filters.supervised == "yes":
        conditions.append(HourEntry.supervised.is_(True))
    elif filters.supervised == "no":
        conditions.append(HourEntry.supervised.is_(False))
    if filters.start:
        conditions.append(HourEntry.worked_on >= filters.start)
    if filters.end:
        conditions.append(HourEntry.worked_on <= filters.end)
    return conditions


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
        raise NotFoundError(_("This module report does not exist."))
    if result.rowcount != 1:
        return _unchanged(completion, _("module report"), completion.verified_by_id, status, actor)
    module = db.session.get(Module, completion.module_id)
    trainee = db.session.get(User, completion.trainee_id)
    verb = "verified" if status == CompletionStatus.VERIFIED else "rejected"
    if status == CompletionStatus.REJECTED and trainee is not None and reason:
        mail.queue_decision(
            "module",
            trainee,
            reason,
            f"{module.code} {module.title}" if module else "",
            completion.id,
        )
    return _decided(
        actor,
        f"completion.{verb}",
        completion,
        f"{verb} {module.code if module else 'module'} reported by "
        f"{trainee.display_name if trainee else 'a trainee'}",
        status,
        reason,
    )


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
        query = query.where(person_matches(contains_pattern(q)))
    if module_id:
        query = query.where(ModuleCompletion.module_id == module_id)
    return query.order_by(ModuleCompletion.created_at, ModuleCompletion.id)
