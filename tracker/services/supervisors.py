"""Supervisors: which trainees a coordinator assigns to them, what waits for their
sign-off, and the attestations they write.

Decisions on hours and supervision sessions go through the review services
(:mod:`tracker.services.review`, :mod:`tracker.services.evidence_review`),
which ask :mod:`tracker.policies` whether the actor may decide the record; this
module only finds the records and writes attestations.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError

from tracker import policies
from tracker.extensions import db
from tracker.models import (
    Document,
    DocumentType,
    HourEntry,
    HourStatus,
    ReviewStatus,
    Role,
    SupervisionRecord,
    SupervisorAssignment,
    User,
    utcnow,
)
from tracker.services import audit
from tracker.services.accounts import clean_text
from tracker.services.db_helpers import find_submitted
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.services.evidence import Errors, Submitted, requested_types, standing_documents
from tracker.services.evidence_review import default_expiry
from tracker.services.hours import clean_submission_key, parse_past_date

STATEMENT_MAX = 2000


def active_supervisors() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.SUPERVISOR, User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    )


def supervisors_of(trainee_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(SupervisorAssignment, SupervisorAssignment.supervisor_id == User.id)
            .where(SupervisorAssignment.trainee_id == trainee_id)
            .order_by(User.display_name, User.id)
        )
    )


def _user(user_id: Any, role: Role, message: str, field: str) -> User:
    try:
        ident = int(user_id)
    except (TypeError, ValueError):
        raise ValidationError(message, field) from None
    user = db.session.get(User, ident)
    if user is None or user.role != role:
        raise ValidationError(message, field)
    return user


def assign(supervisor_id: Any, trainee: User, actor: User) -> bool:
    """Assign ``trainee`` to a supervisor; False when they already were (nothing changes)."""
    if trainee.role != Role.TRAINEE:
        raise NotFoundError(_("This trainee does not exist."))
    supervisor = _user(supervisor_id, Role.SUPERVISOR, _("Choose a supervisor."), "supervisor_id")
    if not supervisor.active:
        raise ValidationError(_("This supervisor's account is deactivated."), "supervisor_id")
    key = {"supervisor_id": supervisor.id, "trainee_id": trainee.id}
    if db.session.get(SupervisorAssignment, key) is not None:
        return False
    savepoint = db.session.begin_nested()
    try:
        db.session.add(SupervisorAssignment(**key, assigned_by_id=actor.id, assigned_at=utcnow()))
        db.session.flush()
        savepoint.commit()
    except IntegrityError:  # the same assignment made at the same moment by another request
        savepoint.rollback()
        return False
    audit.record(
        actor,
        "supervisor.assigned",
        trainee,
        f"assigned {trainee.display_name} to {supervisor.display_name}",
        after={"supervisor_id": supervisor.id},
    )
    return True


def unassign(supervisor_id: Any, trainee: User, actor: User) -> bool:
    """End an assignment; False when there was none."""
    try:
        ident = int(supervisor_id)
    except (TypeError, ValueError):
        return False
    result = db.session.execute(
        delete(SupervisorAssignment).where(
            SupervisorAssignment.supervisor_id == ident,
            SupervisorAssignment.trainee_id == trainee.id,
        )
    )
    if result.rowcount != 1:
        return False
    supervisor = db.session.get(User, ident)
    audit.record(
        actor,
        "supervisor.unassigned",
        trainee,
        f"removed {trainee.display_name} from {supervisor.display_name if supervisor else ident}",
        before={"supervisor_id": ident},
    )
    return True


def trainees_of(supervisor: User) -> list[User]:
    return list(
        db.session.scalars(policies.visible_trainees(supervisor).order_by(User.display_name))
    )


def trainee_for(user: User, trainee_id: int) -> User:
    """A trainee ``user`` may see; NotFoundError otherwise (a supervisor sees only theirs)."""
    found = db.session.scalar(policies.visible_trainees(user).where(User.id == trainee_id))
    if found is None:
        raise NotFoundError(_("This trainee does not exist."))
    return found


def _assigned(supervisor: User) -> Select[Any]:
    return select(SupervisorAssignment.trainee_id).where(
        SupervisorAssignment.supervisor_id == supervisor.id
    )


def pending_hours(supervisor: User, trainee_id: int | None = None) -> list[HourEntry]:
    """Supervised hour entries of the supervisor's trainees waiting for a decision."""
    query = select(HourEntry).where(
        HourEntry.status == HourStatus.PENDING,
        HourEntry.supervised.is_(True),
        HourEntry.trainee_id.in_(_assigned(supervisor)),
    )
    if trainee_id is not None:
        query = query.where(HourEntry.trainee_id == trainee_id)
    return list(db.session.scalars(query.order_by(HourEntry.worked_on, HourEntry.id)))


def pending_supervision(supervisor: User, trainee_id: int | None = None) -> list[SupervisionRecord]:
    """Supervision sessions of the supervisor's trainees waiting for a decision."""
    query = select(SupervisionRecord).where(
        SupervisionRecord.status == ReviewStatus.PENDING,
        SupervisionRecord.trainee_id.in_(_assigned(supervisor)),
    )
    if trainee_id is not None:
        query = query.where(SupervisionRecord.trainee_id == trainee_id)
    return list(db.session.scalars(query.order_by(SupervisionRecord.held_on, SupervisionRecord.id)))


# --- attestations --------------------------------------------------------------------------


def attestable_types(trainee: User) -> list[DocumentType]:
    """Document types the trainee's programs ask for that accept a written attestation."""
    wanted = requested_types(trainee)
    if not wanted:
        return []
    return list(
        db.session.scalars(
            select(DocumentType)
            .where(
                DocumentType.id.in_(wanted),
                DocumentType.accepts_attestation.is_(True),
                DocumentType.archived_at.is_(None),
            )
            .order_by(DocumentType.name)
        )
    )


def attest(
    supervisor: User,
    trainee: User,
    document_type_id: Any,
    *,
    dated_on: Any,
    statement: Any,
    submission_key: str | None = None,
    today: date | None = None,
) -> Submitted:
    """Store the supervisor's written attestation as an accepted document of the trainee.

    Only for a trainee assigned to the supervisor, and a document type one of the
    trainee's programs asks for that accepts an attestation.  The supervisor vouches
    for it, so it counts at once; the stored verdicts follow in this transaction.
    """
    if not policies.can_attest(supervisor, trainee.id):
        raise NotFoundError(_("This trainee does not exist."))
    key = clean_submission_key(submission_key)
    earlier = find_submitted(Document, trainee, key)
    if earlier is not None:
        return Submitted(earlier, False)
    check = Errors()
    try:
        type_id = int(document_type_id)
    except (TypeError, ValueError):
        type_id = None
    document_type = next((t for t in attestable_types(trainee) if t.id == type_id), None)
    if document_type is None:
        check.add(
            "document_type_id",
            _("Choose a document this trainee's program accepts as an attestation."),
        )
    check.attempt("dated_on", lambda: parse_past_date(dated_on, "dated_on", today))
    text = clean_text(statement if isinstance(statement, str) else None)
    if not text:
        check.add("statement", _("Write what you attest."))
    elif len(text) > STATEMENT_MAX:
        check.add("statement", _("Use at most %(count)s characters.", count=STATEMENT_MAX))
    check.raise_any()
    assert document_type is not None
    if standing_documents(trainee.id, document_type.id, today) >= requested_types(trainee).get(
        document_type.id, 1
    ):
        raise ServiceError(
            _(
                "%(name)s already has %(document)s accepted or waiting for review.",
                name=trainee.display_name,
                document=document_type.name,
            )
        )
    now = utcnow()
    document = Document(
        trainee_id=trainee.id,
        document_type_id=document_type.id,
        statement=text,
        dated_on=check.values["dated_on"],
        expires_on=None,
        status=ReviewStatus.APPROVED,
        submitted_by_id=supervisor.id,
        decided_by_id=supervisor.id,
        decided_at=now,
        submission_key=key,
    )
    savepoint = db.session.begin_nested()
    try:
        db.session.add(document)
        db.session.flush()
        document.expires_on = default_expiry(document)
        db.session.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        earlier = find_submitted(Document, trainee, key)
        if earlier is None:
            raise ConflictError(
                _("That attestation could not be saved. Please try again.")
            ) from None
        return Submitted(earlier, False)
    audit.record(
        supervisor,
        "document.attested",
        document,
        f"attested {document_type.name} for {trainee.display_name}",
        after={
            "document_type": document_type.code,
            "dated_on": document.dated_on.isoformat(),
            "status": str(ReviewStatus.APPROVED),
        },
    )
    return Submitted(document, True)
