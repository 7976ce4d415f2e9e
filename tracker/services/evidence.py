"""Evidence from the trainee's side: supervision sessions, documents and
training taken elsewhere.  Coordinators decide them in
:mod:`tracker.services.evidence_review`; exam results are recorded by a
coordinator in :mod:`tracker.services.exams`.

Every record starts ``pending``; only approved ones count towards a program's
requirements (the requirement services count them, and the stored verdicts in
:mod:`tracker.services.progress` are refreshed in the same transaction as the
change, by its flush and bulk-update watchers).  A form carries a
``submission_key``: posting it twice stores one record.  The trainee may
withdraw a record while it is pending; the withdrawal is a conditional update,
so a coordinator's decision made in the meantime wins and the trainee is told.

The rules, each with a message fit to show next to its field:

* supervision: a date (not in the future), hours in quarter-hour steps
  (more than 0, at most 24), the supervisor's name, individual or group,
  optional notes (at most 500 characters);
* a document: of a type one of the trainee's programs asks for, the date it
  bears (not in the future), a PDF, JPEG or PNG file (:mod:`uploads`); not
  while enough of that type are already accepted (and unexpired) or waiting;
  a new upload stands beside the rejected or expired one, which stays in the
  history;
* outside training: provider, title, date, hours (quarter-hour steps, at most
  1,666.5), the hours given to each training domain (at most the total), an
  optional certificate file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.formatting import hours as fmt_hours
from tracker.formatting import plain_hours
from tracker.models import (
    Document,
    DocumentType,
    Domain,
    Enrolment,
    ExternalTraining,
    ExternalTrainingDomain,
    ProgramRequirement,
    ReviewStatus,
    SupervisionFormat,
    SupervisionRecord,
    User,
    utcnow,
)
from tracker.services import audit, uploads
from tracker.services.accounts import clean_text
from tracker.services.dates import local_today
from tracker.services.db_helpers import find_submitted, insert_or_find
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.services.hours import (
    NOTES_MAX,
    SUPERVISOR_MAX,
    _hours_decimal,
    clean_submission_key,
    msg_notes_long,
    parse_hours,
    parse_past_date,
)

TEXT_MAX = 200
TRAINING_MAX_MINUTES = 100_000  # the table's limit: about 1,666 hours
STANDING = (ReviewStatus.PENDING, ReviewStatus.APPROVED)


@dataclass(frozen=True)
class Submitted:
    record: Any
    created: bool  # False when the same form had already been stored


class Errors:
    """Collects every problem of a form, to raise them at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self.values: dict[str, Any] = {}

    def attempt(self, field: str, parse: Any) -> None:
        try:
            self.values[field] = parse()
        except ValidationError as exc:
            for name, messages in exc.errors.items():
                self.errors.setdefault(name or field, []).extend(messages)

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _active_trainee(trainee: User) -> None:
    if not trainee.is_trainee or not trainee.active:
        raise ServiceError(_("Only active trainees submit evidence."))


def _required_text(raw: Any, field: str, missing: str, limit: int = TEXT_MAX) -> str:
    text = clean_text(raw if isinstance(raw, str) else None)
    if not text:
        raise ValidationError(missing, field)
    if len(text) > limit:
        raise ValidationError(_("Use at most %(num)d characters.", num=limit), field)
    return text


def _notes(raw: Any) -> str:
    text = clean_text(raw if isinstance(raw, str) else None)
    if len(text) > NOTES_MAX:
        raise ValidationError(msg_notes_long(len(text)), "notes")
    return text


# --- supervision ---------------------------------------------------------------------------


def validate_supervision(
    *,
    held_on: Any,
    hours: Any,
    supervisor_name: Any,
    format: Any,
    notes: Any = None,
    today: date | None = None,
) -> dict[str, Any]:
    check = Errors()
    check.attempt("held_on", lambda: parse_past_date(held_on, "held_on", today))
    check.attempt("minutes", lambda: parse_hours(hours))
    if "minutes" not in check.values and "minutes" in check.errors:
        check.errors["hours"] = check.errors.pop("minutes")
    check.attempt(
        "supervisor_name",
        lambda: _required_text(
            supervisor_name,
            "supervisor_name",
            _("Give your supervisor's name."),
            SUPERVISOR_MAX,
        ),
    )
    value = str(format or "").strip()
    if value not in {f.value for f in SupervisionFormat}:
        check.add("format", _("Choose individual or group supervision."))
    else:
        check.values["format"] = value
    check.attempt("notes", lambda: _notes(notes))
    check.raise_any()
    return check.values


def log_supervision(
    trainee: User, *, submission_key: str | None = None, today: date | None = None, **fields: Any
) -> Submitted:
    """Store a pending supervision session for ``trainee``."""
    _active_trainee(trainee)
    key = clean_submission_key(submission_key)
    earlier = find_submitted(SupervisionRecord, trainee, key)
    if earlier is not None:
        return Submitted(earlier, False)
    values = validate_supervision(today=today, **fields)
    record = SupervisionRecord(
        trainee_id=trainee.id, status=ReviewStatus.PENDING, submission_key=key, **values
    )
    stored, created = insert_or_find(
        record, lambda: find_submitted(SupervisionRecord, trainee, key)
    )
    if not created:
        return Submitted(stored, False)
    audit.record(
        trainee,
        "supervision.logged",
        record,
        f"logged {plain_hours(record.minutes)} hours of {record.format} supervision "
        f"on {record.held_on.isoformat()}",
        after={
            "held_on": record.held_on.isoformat(),
            "minutes": record.minutes,
            "format": record.format,
            "supervisor_name": record.supervisor_name,
        },
    )
    return Submitted(record, True)


# --- documents -----------------------------------------------------------------------------


def _requirement_documents(row: ProgramRequirement) -> list[tuple[int, int]]:
    """(document type id, count) pairs a requirement asks for, inside alternatives too."""
    settings = row.settings or {}
    if row.kind == "documents":
        return [(int(settings["document_type_id"]), int(settings.get("count", 1)))]
    found = []
    if row.kind == "alternatives":
        for option in settings.get("options", []):
            if option.get("kind") == "documents":
                inner = option.get("settings", {})
                found.append((int(inner["document_type_id"]), int(inner.get("count", 1))))
    return found


def requested_types(trainee: User) -> dict[int, int]:
    """Document types the trainee's current programs ask for, with the most any asks."""
    rows = db.session.scalars(
        select(ProgramRequirement)
        .join(Enrolment, Enrolment.program_id == ProgramRequirement.program_id)
        .where(Enrolment.trainee_id == trainee.id, Enrolment.withdrawn_at.is_(None))
        .where(ProgramRequirement.kind.in_(["documents", "alternatives"]))
    )
    wanted: dict[int, int] = {}
    for row in rows:
        for type_id, count in _requirement_documents(row):
            wanted[type_id] = max(wanted.get(type_id, 0), count)
    return wanted


def standing_documents(trainee_id: int, type_id: int, today: date | None = None) -> int:
    """Documents of a type that still stand: waiting, or accepted and not expired."""
    today = today or local_today()
    return len(
        db.session.scalars(
            select(Document.id).where(
                Document.trainee_id == trainee_id,
                Document.document_type_id == type_id,
                Document.status.in_(STANDING),
                or_(Document.expires_on.is_(None), Document.expires_on >= today),
            )
        ).all()
    )


def document_type_for(trainee: User, type_id: Any) -> DocumentType:
    """A document type one of the trainee's programs asks for; otherwise NotFoundError."""
    try:
        ident = int(type_id)
    except (TypeError, ValueError):
        raise NotFoundError(_("No program of yours asks for that document.")) from None
    if ident not in requested_types(trainee):
        raise NotFoundError(_("No program of yours asks for that document."))
    document_type = db.session.get(DocumentType, ident)
    if document_type is None:
        raise NotFoundError(_("No program of yours asks for that document."))
    return document_type


def upload_document(
    trainee: User,
    document_type_id: Any,
    *,
    dated_on: Any,
    file: Any,
    notes: Any = None,
    submission_key: str | None = None,
    today: date | None = None,
) -> Submitted:
    """Store a pending document with its file for ``trainee`` (nothing when anything is wrong)."""
    _active_trainee(trainee)
    key = clean_submission_key(submission_key)
    earlier = find_submitted(Document, trainee, key)
    if earlier is not None:
        return Submitted(earlier, False)
    document_type = document_type_for(trainee, document_type_id)
    today = today or local_today()
    needed = requested_types(trainee)[document_type.id]
    if standing_documents(trainee.id, document_type.id, today) >= needed:
        raise ServiceError(
            _(
                "You have already given %(document)s: it is accepted or waiting for review. "
                "You can upload a new one if it is rejected or expires.",
                document=document_type.name,
            )
        )
    check = Errors()
    check.attempt("dated_on", lambda: parse_past_date(dated_on, "dated_on", today))
    check.attempt("notes", lambda: _notes(notes))
    check.attempt("file", lambda: uploads.check(file, "file"))
    check.raise_any()
    document = Document(
        trainee_id=trainee.id,
        document_type_id=document_type.id,
        dated_on=check.values["dated_on"],
        notes=check.values["notes"],
        status=ReviewStatus.PENDING,
        submitted_by_id=trainee.id,
        submission_key=key,
    )
    content = check.values["file"][0]
    stored = _insert_with_file(trainee, document, file_bytes(file, content))
    if stored is None:
        earlier = find_submitted(Document, trainee, key)
        if earlier is None:
            raise ConflictError(_("That document could not be saved. Please try again."))
        return Submitted(earlier, False)
    audit.record(
        trainee,
        "document.uploaded",
        document,
        f"uploaded {document_type.name} ({stored.filename}, {stored.size_bytes} bytes)",
        after={"document_type": document_type.code, "dated_on": document.dated_on.isoformat()},
    )
    return Submitted(document, True)


def _insert_with_file(trainee: User, record: Any, upload: Any) -> Any:
    """Store ``upload`` (when given) and ``record`` pointing at it, in one savepoint.

    Returns the stored file (or True without a file); None when a unique
    constraint refused the record (the same form posted twice at once): then
    neither the file nor the record is kept.
    """
    savepoint = db.session.begin_nested()
    try:
        stored = uploads.store(trainee, trainee, upload, "file") if upload is not None else None
        if stored is not None:
            record.file_id = stored.id
        db.session.add(record)
        db.session.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        return None
    return stored if stored is not None else True


class _Named(bytes):
    """Bytes already read from an upload, with the name the browser gave it."""

    filename: str | None = None


def file_bytes(upload: Any, content: bytes) -> _Named:
    named = _Named(content)
    named.filename = getattr(upload, "filename", None)
    return named


# --- training taken elsewhere --------------------------------------------------------------


def _training_minutes(raw: Any, field: str, allow_zero: bool = False) -> int:
    if allow_zero and (raw is None or (isinstance(raw, str) and not raw.strip())):
        return 0
    value = _hours_decimal(raw)
    if value == 0 and allow_zero:
        return 0
    if value <= 0:
        raise ValidationError(_("Enter more than 0 hours."), field)
    minutes = value * 60
    if minutes != minutes.to_integral_value() or int(minutes) % 15:
        raise ValidationError(
            _("Use quarter-hour steps: whole hours, .25, .5 or .75 (15, 30 or 45 minutes)."),
            field,
        )
    if minutes > TRAINING_MAX_MINUTES:
        raise ValidationError(
            _("Enter at most %(hours)s hours.", hours=fmt_hours(TRAINING_MAX_MINUTES)), field
        )
    return int(minutes)


def active_domains() -> list[Domain]:
    return list(
        db.session.scalars(select(Domain).where(Domain.archived_at.is_(None)).order_by(Domain.name))
    )


def domain_field(domain: Domain) -> str:
    return f"domain-{domain.id}"


def validate_training(
    *,
    provider: Any,
    title: Any,
    completed_on: Any,
    hours: Any,
    domain_hours: dict[int, Any] | None = None,
    notes: Any = None,
    today: date | None = None,
) -> dict[str, Any]:
    """``domain_hours`` maps a domain id to the hours typed for it (blank: none)."""
    check = Errors()
    check.attempt(
        "provider",
        lambda: _required_text(provider, "provider", _("Name who gave the training.")),
    )
    check.attempt("title", lambda: _required_text(title, "title", _("Give the training's title.")))
    check.attempt("completed_on", lambda: parse_past_date(completed_on, "completed_on", today))
    check.attempt("minutes", lambda: _training_minutes(hours, "hours"))
    if "minutes" in check.errors:
        check.errors["hours"] = check.errors.pop("minutes")
    offered = {d.id: d for d in active_domains()}
    per_domain: dict[int, int] = {}
    for domain_id, raw in (domain_hours or {}).items():
        field = f"domain-{domain_id}"
        if domain_id not in offered:
            check.add(field, _("Choose a domain from the list."))
            continue
        try:
            minutes = _training_minutes(raw, field, allow_zero=True)
        except ValidationError as exc:
            check.add(field, exc.message)
            continue
        if minutes:
            per_domain[domain_id] = minutes
    total = check.values.get("minutes")
    if total is not None and sum(per_domain.values()) > total:
        check.add(
            "domains",
            _(
                "The hours given to domains (%(given)s) are more than the training's "
                "%(total)s hours.",
                given=fmt_hours(sum(per_domain.values())),
                total=fmt_hours(total),
            ),
        )
    check.attempt("notes", lambda: _notes(notes))
    check.raise_any()
    check.values["domain_minutes"] = per_domain
    return check.values


def report_training(
    trainee: User,
    *,
    file: Any = None,
    submission_key: str | None = None,
    today: date | None = None,
    **fields: Any,
) -> Submitted:
    """Store pending outside training (and its certificate, when one is given)."""
    _active_trainee(trainee)
    key = clean_submission_key(submission_key)
    earlier = find_submitted(ExternalTraining, trainee, key)
    if earlier is not None:
        return Submitted(earlier, False)
    try:
        values = validate_training(today=today, **fields)
        errors: dict[str, list[str]] = {}
    except ValidationError as exc:
        values, errors = {}, dict(exc.errors)
    content = None
    if file is not None and getattr(file, "filename", None) not in (None, ""):
        try:
            content = uploads.check(file, "file")[0]
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    per_domain = values.pop("domain_minutes")
    training = ExternalTraining(
        trainee_id=trainee.id, status=ReviewStatus.PENDING, submission_key=key, **values
    )
    training.domain_hours = [
        ExternalTrainingDomain(domain_id=domain_id, minutes=minutes)
        for domain_id, minutes in sorted(per_domain.items())
    ]
    upload = file_bytes(file, content) if content is not None else None
    if _insert_with_file(trainee, training, upload) is None:
        earlier = find_submitted(ExternalTraining, trainee, key)
        if earlier is None:
            raise ConflictError(_("That training could not be saved. Please try again."))
        return Submitted(earlier, False)
    audit.record(
        trainee,
        "external_training.reported",
        training,
        f"reported {plain_hours(training.minutes)} hours of training by {training.provider}",
        after={
            "provider": training.provider,
            "title": training.title,
            "completed_on": training.completed_on.isoformat(),
            "minutes": training.minutes,
            "domains": {str(k): v for k, v in sorted(per_domain.items())},
        },
    )
    return Submitted(training, True)


# --- the trainee's own records, and withdrawing them ---------------------------------------

KINDS: dict[str, type[Any]] = {
    "supervision": SupervisionRecord,
    "document": Document,
    "training": ExternalTraining,
}
NOUNS = {
    "supervision": _l("supervision session"),
    "document": "document",
    "training": _l("training report"),
}


def own_record(trainee: User, kind: str, record_id: int) -> Any:
    """The trainee's record; another trainee's answers as if it did not exist."""
    model = KINDS.get(kind)
    record = db.session.get(model, record_id) if model is not None else None
    if record is None or record.trainee_id != trainee.id:
        raise NotFoundError(_("That record was not found."))
    return record


def locked_message(record: Any) -> str:
    return {
        ReviewStatus.APPROVED: _("This has been accepted, so it can no longer be withdrawn."),
        ReviewStatus.REJECTED: _("This was not accepted, so there is nothing to withdraw."),
        ReviewStatus.WITHDRAWN: _("This was already withdrawn."),
    }.get(ReviewStatus(record.status), _("This can no longer be withdrawn."))


def withdraw(trainee: User, kind: str, record_id: int) -> Any:
    """Withdraw a pending record: it stays in the history and no longer counts."""
    record = own_record(trainee, kind, record_id)
    if record.status != ReviewStatus.PENDING:
        raise ServiceError(locked_message(record))
    model = KINDS[kind]
    values: dict[str, Any] = {"status": ReviewStatus.WITHDRAWN}
    if hasattr(model, "updated_at"):
        values["updated_at"] = utcnow()
    changed = db.session.execute(
        update(model)
        .where(model.id == record.id, model.status == ReviewStatus.PENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(record)
    if changed.rowcount != 1:
        raise ConflictError(
            _("A coordinator decided this while you were withdrawing it. ") + locked_message(record)
        )
    audit.record(
        trainee,
        f"{'external_training' if kind == 'training' else kind}.withdrawn",
        record,
        f"withdrew a {NOUNS[kind]}",
        before={"status": ReviewStatus.PENDING.value},
        after={"status": ReviewStatus.WITHDRAWN.value},
    )
    return record


def supervision_of(trainee_id: int) -> list[SupervisionRecord]:
    return list(
        db.session.scalars(
            select(SupervisionRecord)
            .where(SupervisionRecord.trainee_id == trainee_id)
            .order_by(SupervisionRecord.held_on.desc(), SupervisionRecord.id.desc())
        )
    )


def trainings_of(trainee_id: int) -> list[ExternalTraining]:
    return list(
        db.session.scalars(
            select(ExternalTraining)
            .where(ExternalTraining.trainee_id == trainee_id)
            .order_by(ExternalTraining.completed_on.desc(), ExternalTraining.id.desc())
        )
    )


@dataclass
class DocumentSlot:
    """One document type a program asks for, with the trainee's documents of it."""

    document_type: DocumentType
    needed: int
    documents: list[Document]
    standing: int

    @property
    def can_upload(self) -> bool:
        return self.standing < self.needed


def document_slots(trainee: User, today: date | None = None) -> list[DocumentSlot]:
    today = today or local_today()
    wanted = requested_types(trainee)
    types = {
        t.id: t for t in db.session.scalars(select(DocumentType).where(DocumentType.id.in_(wanted)))
    }
    documents: dict[int, list[Document]] = {}
    for document in db.session.scalars(
        select(Document)
        .where(Document.trainee_id == trainee.id)
        .order_by(Document.created_at.desc(), Document.id.desc())
    ):
        documents.setdefault(document.document_type_id, []).append(document)
    slots = []
    for type_id, needed in wanted.items():
        if type_id not in types:
            continue
        mine = documents.get(type_id, [])
        standing = sum(
            1
            for d in mine
            if d.status in STANDING and (d.expires_on is None or d.expires_on >= today)
        )
        slots.append(DocumentSlot(types[type_id], needed, mine, standing))
    return sorted(slots, key=lambda s: s.document_type.name)
