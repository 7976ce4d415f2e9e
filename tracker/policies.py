"""Who may do what.

Views and templates ask these functions; they never compare roles themselves.
``visible_*`` return the select a user may start from, so a trainee cannot
reach another trainee's row by changing an id in a URL: the row is simply not
in their query, and the page answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, select, true

from tracker.extensions import db, login_manager
from tracker.models import (
    Certification,
    Document,
    HourEntry,
    HourStatus,
    ModuleCompletion,
    Role,
    SupervisionRecord,
    SupervisorAssignment,
    User,
)

F = TypeVar("F", bound=Callable[..., Any])


def require_role(*roles: str) -> None:
    """Abort the request unless the current user holds one of ``roles``.

    Anonymous visitors are sent to the login page; users of another role get 403.
    """
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if current_user.role not in roles:
        abort(403)


def role_required(*roles: str) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require_role(*roles)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


coordinator_required = role_required(Role.COORDINATOR)
trainee_required = role_required(Role.TRAINEE)
supervisor_required = role_required(Role.SUPERVISOR)


# --- can_* : one record or one capability -------------------------------------------


def can_manage_program(user: User) -> bool:
    return user.is_authenticated and user.is_coordinator


def can_manage_accounts(user: User) -> bool:
    return user.is_authenticated and user.is_coordinator


def can_review(user: User) -> bool:
    return user.is_authenticated and user.is_coordinator


def supervises(user: User, trainee_id: int) -> bool:
    """Whether ``user`` is a supervisor with ``trainee_id`` assigned to them."""
    if not (user.is_authenticated and user.is_supervisor and user.active):
        return False
    return (
        db.session.get(SupervisorAssignment, {"supervisor_id": user.id, "trainee_id": trainee_id})
        is not None
    )


def can_decide_hours(user: User, entry: HourEntry) -> bool:
    """Coordinators decide any entry; a supervisor only their own trainees' supervised hours."""
    if not user.is_authenticated:
        return False
    if user.is_coordinator:
        return True
    return bool(entry.supervised) and supervises(user, entry.trainee_id)


def can_decide_some_hours(user: User) -> bool:
    """Whether ``user`` decides hours at all: a coordinator, or a supervisor (for their
    own trainees' supervised entries, as :func:`can_decide_hours` says per entry)."""
    return user.is_authenticated and user.active and (user.is_coordinator or user.is_supervisor)


def can_decide_supervision(user: User, record: SupervisionRecord) -> bool:
    """Coordinators decide any supervision session; a supervisor their own trainees'."""
    if not user.is_authenticated:
        return False
    return user.is_coordinator or supervises(user, record.trainee_id)


def can_attest(user: User, trainee_id: int) -> bool:
    """A supervisor may write an attestation for a trainee assigned to them."""
    return supervises(user, trainee_id)


def can_log_hours(user: User) -> bool:
    return user.is_authenticated and user.is_trainee and user.active


def can_edit_hour_entry(user: User, entry: HourEntry) -> bool:
    return (
        user.is_authenticated and entry.trainee_id == user.id and entry.status == HourStatus.PENDING
    )


def can_change_active(actor: User, target: User) -> bool:
    """A coordinator may deactivate or reactivate any account but their own."""
    return can_manage_accounts(actor) and actor.id != target.id


def can_decide_certifications(user: User) -> bool:
    """Issuing, renewing and revoking certifications is a coordinator's decision."""
    return user.is_authenticated and user.is_coordinator


def can_see_contacts(user: User) -> bool:
    """Every trainee's email address (and a search by it): coordinators.  A supervisor's
    pages show their trainees' names and progress, not how to reach them."""
    return user.is_authenticated and user.is_coordinator


def can_see_contact(user: User, trainee_id: int) -> bool:
    """One trainee's email address: coordinators, and the trainee themself."""
    return can_see_contacts(user) or (user.is_authenticated and user.id == trainee_id)


def can_list_trainees(user: User) -> bool:
    """A list of trainees: a coordinator's (every one) or a supervisor's (their own);
    a trainee has no such list, only their own record."""
    return user.is_authenticated and (user.is_coordinator or user.is_supervisor)


def can_view_certification(user: User, certification: Certification) -> bool:
    return user.is_authenticated and (user.is_coordinator or certification.trainee_id == user.id)


# --- visible_* : the rows a user may start from ----------------------------------------


TraineeRecord = TypeVar("TraineeRecord", HourEntry, ModuleCompletion, Certification)


def _trainee_records(model: type[TraineeRecord], user: User) -> Select[tuple[TraineeRecord]]:
    """A coordinator sees every trainee's rows; anyone else only their own."""
    query = select(model)
    if not user.is_coordinator:
        query = query.where(model.trainee_id == user.id)
    return query


def visible_hours(user: User) -> Select[tuple[HourEntry]]:
    """A coordinator sees every entry; a supervisor the supervised entries of the trainees
    assigned to them (the ones they decide); anyone else only their own."""
    if user.is_supervisor:
        assigned = select(SupervisorAssignment.trainee_id).where(
            SupervisorAssignment.supervisor_id == user.id
        )
        return select(HourEntry).where(
            HourEntry.supervised.is_(True), HourEntry.trainee_id.in_(assigned)
        )
    return _trainee_records(HourEntry, user)


def visible_completions(user: User) -> Select[tuple[ModuleCompletion]]:
    return _trainee_records(ModuleCompletion, user)


def visible_certifications(user: User) -> Select[tuple[Certification]]:
    return _trainee_records(Certification, user)


def trainee_scope(user: User) -> ColumnElement[bool]:
    """The condition on ``User`` that :func:`visible_trainees` adds to the trainee role,
    for a query that starts from trainees already (the Trainees page's search)."""
    if user.is_coordinator:
        return true()
    if user.is_supervisor:
        assigned = select(SupervisorAssignment.trainee_id).where(
            SupervisorAssignment.supervisor_id == user.id
        )
        return User.id.in_(assigned)
    return User.id == user.id


def visible_trainees(user: User) -> Select[tuple[User]]:
    """Trainee accounts a user may look at: every one for a coordinator, the assigned
    ones for a supervisor, oneself for a trainee."""
    return select(User).where(User.role == Role.TRAINEE, trainee_scope(user))


EvidenceRecord = TypeVar("EvidenceRecord", SupervisionRecord, Document)


def _evidence_records(model: type[EvidenceRecord], user: User) -> Select[tuple[EvidenceRecord]]:
    """A coordinator sees every trainee's evidence; a supervisor the evidence of the
    trainees assigned to them; a trainee only their own."""
    query = select(model)
    if user.is_coordinator:
        return query
    if user.is_supervisor:
        assigned = select(SupervisorAssignment.trainee_id).where(
            SupervisorAssignment.supervisor_id == user.id
        )
        return query.where(model.trainee_id.in_(assigned))
    return query.where(model.trainee_id == user.id)


def visible_supervision(user: User) -> Select[tuple[SupervisionRecord]]:
    return _evidence_records(SupervisionRecord, user)


def visible_documents(user: User) -> Select[tuple[Document]]:
    return _evidence_records(Document, user)


def visible_users(user: User) -> Select[tuple[User]]:
    query = select(User)
    if not user.is_coordinator:
        query = query.where(User.id == user.id)
    return query
