"""Evidence to review: coordinators approve or reject supervision sessions,
accept (with an expiry date) or reject documents, and verify or reject
training taken elsewhere.

Decisions work as hour decisions do (:mod:`tracker.services.review`): one
conditional update from ``pending``, so that when two coordinators decide one
record at once exactly one wins and the other is told who did
(:class:`ConflictError`); the same coordinator repeating their own decision (a
double click) changes nothing and audits nothing.  The stored verdicts follow
in the same transaction (the progress service watches these updates).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select, update

from tracker import policies
from tracker.extensions import db
from tracker.formatting import hours as fmt_hours
from tracker.formatting import human_date
from tracker.i18n import written_for
from tracker.models import (
    Document,
    DocumentType,
    ExternalTraining,
    ReviewStatus,
    SupervisionRecord,
    User,
    utcnow,
)
from tracker.services import mail
from tracker.services.dates import add_months
from tracker.services.db_helpers import contains_pattern, person_matches
from tracker.services.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.hours import parse_optional_date
from tracker.services.review import Decision, _decided, _reason, _unchanged

QUEUES = {
    "supervision": SupervisionRecord,
    "documents": Document,
    "training": ExternalTraining,
}
# The kind of record each model is, in the mail that tells a trainee it was rejected.
MAIL_KINDS: dict[Any, str] = {
    SupervisionRecord: "supervision",
    Document: "document",
    ExternalTraining: "external_training",
}
DATE_COLUMNS = {
    "supervision": SupervisionRecord.held_on,
    "documents": Document.dated_on,
    "training": ExternalTraining.completed_on,
}


def _decide(
    model: type[Any],
    record_id: int,
    actor: User,
    status: ReviewStatus,
    reason: str | None,
    noun: str,
    action: str,
    summary: Any,
    **extra: Any,
) -> Decision:
    # Supervisors decide their own trainees' supervision sessions; everything else
    # is a coordinator's.  A record the actor may not decide does not exist to them.
    found = db.session.get(model, record_id)
    may = (
        policies.can_decide_supervision(actor, found)
        if model is SupervisionRecord and found is not None
        else actor.is_coordinator
    )
    if found is None or not may:
        raise NotFoundError(_("This %(noun)s does not exist.", noun=noun))
    now = utcnow()
    values: dict[str, Any] = {
        "status": status,
        "decided_by_id": actor.id,
        "decided_at": now,
        "rejection_reason": reason,
        **extra,
    }
    if hasattr(model, "updated_at"):
        values["updated_at"] = now
    result = db.session.execute(
        update(model)
        .where(model.id == record_id, model.status == ReviewStatus.PENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    record = db.session.get(model, record_id, populate_existing=True)
    if record is None:
        raise NotFoundError(_("This %(noun)s does not exist.", noun=noun))
    if result.rowcount != 1:
        if record.status == ReviewStatus.WITHDRAWN:
            raise ConflictError(
                _("The trainee withdrew this %(noun)s; there is nothing to decide.", noun=noun)
            )
        return _unchanged(record, noun, record.decided_by_id, status, actor)
    trainee = db.session.get(User, record.trainee_id)
    name = trainee.display_name if trainee else f"trainee {record.trainee_id}"
    if status == ReviewStatus.REJECTED and trainee is not None and reason:
        with written_for(trainee):  # "what" in the words of the trainee's mail
            mail.queue_decision(MAIL_KINDS[model], trainee, reason, _mail_what(record), record.id)
    return _decided(actor, action, record, summary(record, name), status, reason)


def _mail_what(record: Any) -> str:
    """The record in the trainee's own words, for the mail that says it was not accepted."""
    if isinstance(record, SupervisionRecord):
        return f"{fmt_hours(record.minutes)} h, {human_date(record.held_on)}"
    if isinstance(record, Document):
        document_type = db.session.get(DocumentType, record.document_type_id)
        title = document_type.name if document_type else ""
        return f"{title}, {human_date(record.dated_on)}".lstrip(", ")
    return f"{record.title} ({record.provider}), {human_date(record.completed_on)}"


# --- supervision ---------------------------------------------------------------------------


def _supervision_summary(verb: str) -> Any:
    return lambda r, name: (
        f"{verb} {fmt_hours(r.minutes)} h of supervision of {name} on {r.held_on.isoformat()}"
    )


def approve_supervision(record_id: int, actor: User) -> Decision:
    return _decide(
        SupervisionRecord,
        record_id,
        actor,
        ReviewStatus.APPROVED,
        None,
        _("supervision session"),
        "supervision.approved",
        _supervision_summary("approved"),
    )


def reject_supervision(record_id: int, actor: User, reason: str | None) -> Decision:
    return _decide(
        SupervisionRecord,
        record_id,
        actor,
        ReviewStatus.REJECTED,
        _reason(reason),
        _("supervision session"),
        "supervision.rejected",
        _supervision_summary("rejected"),
    )


# --- documents -----------------------------------------------------------------------------


def default_expiry(document: Document) -> date | None:
    """The expiry the document's type gives (its validity counted from the date it bears)."""
    document_type = db.session.get(DocumentType, document.document_type_id)
    if document_type is None or not document_type.valid_months:
        return None
    return add_months(document.dated_on, document_type.valid_months)


def accept_document(document_id: int, actor: User, expires_on: Any = None) -> Decision:
    """Accept a document; it expires on ``expires_on`` (a date, typed or not), or when its
    type's validity runs out, or never.  The expiry must come after the date it bears."""
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFoundError(_("This document does not exist."))
    expiry = parse_optional_date(expires_on, "expires_on")
    if expiry is None:
        expiry = default_expiry(document)
    elif expiry <= document.dated_on:
        raise ValidationError(
            _("The expiry date must come after the date on the document."), "expires_on"
        )
    return _decide(
        Document,
        document_id,
        actor,
        ReviewStatus.APPROVED,
        None,
        _("document"),
        "document.accepted",
        lambda r, name: (
            f"accepted a document of {name}"
            + (f", expiring on {expiry.isoformat()}" if expiry else "")
        ),
        expires_on=expiry,
    )


def reject_document(document_id: int, actor: User, reason: str | None) -> Decision:
    return _decide(
        Document,
        document_id,
        actor,
        ReviewStatus.REJECTED,
        _reason(reason),
        _("document"),
        "document.rejected",
        lambda r, name: f"rejected a document of {name}",
    )


# --- training taken elsewhere --------------------------------------------------------------


def verify_training(training_id: int, actor: User) -> Decision:
    return _decide(
        ExternalTraining,
        training_id,
        actor,
        ReviewStatus.APPROVED,
        None,
        _("training report"),
        "external_training.verified",
        lambda r, name: f"verified {fmt_hours(r.minutes)} h of training of {name} ({r.provider})",
    )


def reject_training(training_id: int, actor: User, reason: str | None) -> Decision:
    return _decide(
        ExternalTraining,
        training_id,
        actor,
        ReviewStatus.REJECTED,
        _reason(reason),
        _("training report"),
        "external_training.rejected",
        lambda r, name: f"rejected the training of {name} ({r.provider})",
    )


# --- queues --------------------------------------------------------------------------------


def pending(kind: str, q: str = "") -> Select[Any]:
    """Pending records of one kind, every trainee's, oldest first, with their trainee."""
    model = QUEUES[kind]
    query = (
        select(model, User)
        .join(User, User.id == model.trainee_id)
        .where(model.status == ReviewStatus.PENDING)
    )
    if q:
        query = query.where(person_matches(contains_pattern(q)))
    return query.order_by(model.created_at, model.id)


def pending_counts() -> dict[str, int]:
    """How many records of each kind wait for a decision."""
    counts = {}
    for kind, model in QUEUES.items():
        counts[kind] = int(
            db.session.scalar(
                select(func.count()).select_from(model).where(model.status == ReviewStatus.PENDING)
            )
            or 0
        )
    return counts
