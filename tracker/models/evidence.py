"""What a trainee brings as evidence: hour entries, supervision sessions,
documents (with their files) and training taken elsewhere.

Each is submitted by the trainee (``pending``), then approved or rejected
with a reason by a coordinator; the trainee may withdraw it while it is
pending.  Only approved evidence counts towards a program's requirements.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.base import ReviewStatus, UTCDateTime, in_values, utcnow
from tracker.models.catalogue import CODE_LENGTH, Domain, Setting

# Hour entries have always used these four states; the name stays for readability.
HourStatus = ReviewStatus

REJECTION_HAS_REASON = "status <> 'rejected' OR rejection_reason IS NOT NULL"
QUARTER_HOURS_IN_A_DAY = "minutes > 0 AND minutes <= 1440 AND minutes % 15 = 0"


class HourEntry(db.Model):
    """Volunteer or practice time logged by a trainee, in whole quarter hours."""

    __tablename__ = "hour_entries"
    __table_args__ = (
        CheckConstraint(QUARTER_HOURS_IN_A_DAY, name="minutes_quarter_hours"),
        CheckConstraint(in_values("setting", Setting), name="setting_valid"),
        CheckConstraint(in_values("status", HourStatus), name="status_valid"),
        CheckConstraint(
            "(NOT supervised) OR (supervisor_name IS NOT NULL AND length(supervisor_name) > 0)",
            name="supervisor_named",
        ),
        CheckConstraint("length(notes) <= 500", name="notes_length"),
        CheckConstraint(REJECTION_HAS_REASON, name="rejection_has_reason"),
        UniqueConstraint("trainee_id", "submission_key"),
        Index("ix_hour_entries_trainee_worked", "trainee_id", "worked_on"),
        Index("ix_hour_entries_status_created", "status", "created_at"),
        # Reports filter by status, then by date, and sum by activity: from the index alone.
        Index(
            "ix_hour_entries_status_worked_sums",
            "status",
            "worked_on",
            "activity",
            "supervised",
            "minutes",
        ),
        # The review queue: the few pending entries among millions, oldest first.  SQLite
        # keeps no statistics of how values spread, so without it "pending" looks like a
        # quarter of the table and the planner reads everyone's entries.
        Index(
            "ix_hour_entries_pending",
            "created_at",
            "id",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        # Corrections only: nearly every entry corrects nothing, and an index full of
        # NULLs would be judged useless by the planner.
        Index(
            "ix_hour_entries_corrections",
            "corrects_id",
            sqlite_where=text("corrects_id IS NOT NULL"),
            postgresql_where=text("corrects_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    worked_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    # The activity's stable code (activities.code): exports and filters read it as is.
    activity: Mapped[str] = mapped_column(
        String(CODE_LENGTH), ForeignKey("activities.code", ondelete="RESTRICT"), index=True
    )
    setting: Mapped[str] = mapped_column(String(20))
    is_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    supervised: Mapped[bool] = mapped_column(Boolean, default=False)
    supervisor_name: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=HourStatus.PENDING)
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("hour_entries.id", ondelete="SET NULL")
    )
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def hours(self) -> float:
        return self.minutes / 60


class SupervisionFormat(enum.StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"

    @property
    def label(self) -> Any:
        # Lazy: choices built once at import still read in each page's language.
        return {"individual": _l("Individual"), "group": _l("Group")}[self.value]


class SupervisionRecord(db.Model):
    """A supervision session: counted towards supervision requirements, never as experience."""

    __tablename__ = "supervision_records"
    __table_args__ = (
        CheckConstraint(QUARTER_HOURS_IN_A_DAY, name="minutes_quarter_hours"),
        CheckConstraint(in_values("format", SupervisionFormat), name="format_valid"),
        CheckConstraint(in_values("status", ReviewStatus), name="status_valid"),
        CheckConstraint("length(supervisor_name) >= 1", name="supervisor_named"),
        CheckConstraint("length(notes) <= 500", name="notes_length"),
        CheckConstraint(REJECTION_HAS_REASON, name="rejection_has_reason"),
        UniqueConstraint("trainee_id", "submission_key"),
        Index("ix_supervision_records_trainee_held", "trainee_id", "held_on"),
        Index("ix_supervision_records_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(20), default=SupervisionFormat.INDIVIDUAL)
    supervisor_name: Mapped[str] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.PENDING)
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def hours(self) -> float:
        return self.minutes / 60


class StoredFile(db.Model):
    """An uploaded file, kept in the database so that backups hold it and every
    app server sees it.  Its type was recognised from its content."""

    __tablename__ = "stored_files"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_nonnegative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DocumentType(db.Model):
    """A kind of evidence a program may ask for: a diploma, a transcript, a release...

    ``valid_months`` (optional): an accepted document of this type expires that
    many months after the date on it.
    """

    __tablename__ = "document_types"
    __table_args__ = (
        CheckConstraint(
            "valid_months IS NULL OR (valid_months > 0 AND valid_months <= 240)",
            name="valid_months_range",
        ),
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    valid_months: Mapped[int | None] = mapped_column(Integer)
    # Whether a supervisor's written attestation (no file) may stand for this document.
    accepts_attestation: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def label(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<DocumentType {self.code}>"


class Document(db.Model):
    """A document a trainee uploaded (or a statement written for them), and its review."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(in_values("status", ReviewStatus), name="status_valid"),
        CheckConstraint(REJECTION_HAS_REASON, name="rejection_has_reason"),
        CheckConstraint("file_id IS NOT NULL OR statement IS NOT NULL", name="has_content"),
        CheckConstraint("length(notes) <= 500", name="notes_length"),
        UniqueConstraint("trainee_id", "submission_key"),
        Index("ix_documents_trainee_type", "trainee_id", "document_type_id"),
        Index("ix_documents_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    document_type_id: Mapped[int] = mapped_column(
        ForeignKey("document_types.id", ondelete="RESTRICT")
    )
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), index=True
    )
    # A written attestation instead of (or besides) a file.
    statement: Mapped[str | None] = mapped_column(Text)
    # The date the document bears (issued, signed); windows and expiry count from it.
    dated_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.PENDING)
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    document_type: Mapped[DocumentType] = relationship()
    file: Mapped[StoredFile | None] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])


class ExternalTraining(db.Model):
    """Training taken elsewhere, with its certificate: once verified, it counts like a module."""

    __tablename__ = "external_trainings"
    __table_args__ = (
        CheckConstraint(
            "minutes > 0 AND minutes <= 100000 AND minutes % 15 = 0", name="minutes_range"
        ),
        CheckConstraint(in_values("status", ReviewStatus), name="status_valid"),
        CheckConstraint(REJECTION_HAS_REASON, name="rejection_has_reason"),
        CheckConstraint("length(provider) >= 1", name="provider_not_empty"),
        CheckConstraint("length(title) >= 1", name="title_not_empty"),
        UniqueConstraint("trainee_id", "submission_key"),
        Index("ix_external_trainings_trainee_completed", "trainee_id", "completed_on"),
        Index("ix_external_trainings_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    provider: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    completed_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="RESTRICT"), index=True
    )
    notes: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.PENDING)
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    file: Mapped[StoredFile | None] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    domain_hours: Mapped[list[ExternalTrainingDomain]] = relationship(
        back_populates="training", cascade="all, delete-orphan"
    )

    @property
    def hours(self) -> float:
        return self.minutes / 60


class ExternalTrainingDomain(db.Model):
    """How many of an external training's minutes count in a training domain."""

    __tablename__ = "external_training_domains"
    __table_args__ = (CheckConstraint("minutes >= 0", name="minutes_nonnegative"),)

    external_training_id: Mapped[int] = mapped_column(
        ForeignKey("external_trainings.id", ondelete="CASCADE"), primary_key=True
    )
    domain_id: Mapped[int] = mapped_column(
        ForeignKey("domains.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    minutes: Mapped[int] = mapped_column(Integer)

    training: Mapped[ExternalTraining] = relationship(back_populates="domain_hours")
    domain: Mapped[Domain] = relationship()
