"""The catalogue: the vocabularies a coordinator keeps (training domains and
experience activities), modules and their domains, training sessions, module
completions, and exams with their results.

Vocabulary rows are renamed and archived, never deleted once used: their
``code`` is a stable identifier (program documents and exports name it) and
cannot change; their ``name`` is what people read.
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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.base import UTCDateTime, in_values, utcnow

# A vocabulary code: lower-case letters, digits and underscores (checked by the service).
CODE_LENGTH = 40


class VocabularyMixin:
    """Columns shared by the coordinator-kept vocabularies."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def label(self) -> str:
        return self.name


class Domain(VocabularyMixin, db.Model):
    """A training domain (advocacy, ethics...): what a module's hours are about."""

    __tablename__ = "domains"
    __table_args__ = (
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
    )

    def __repr__(self) -> str:
        return f"<Domain {self.code}>"


class Activity(VocabularyMixin, db.Model):
    """An experience activity (support group, one-on-one...) an hour entry is logged as."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
    )

    def __repr__(self) -> str:
        return f"<Activity {self.code}>"


class Setting(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"

    @property
    def label(self) -> Any:
        # Lazy: choices built once at import still read in each page's language.
        return {"in_person": _l("In person"), "online": _l("Online"), "phone": _l("Phone")}[
            self.value
        ]


class CompletionSource(enum.StrEnum):
    SELF_REPORTED = "self_reported"
    COORDINATOR = "coordinator"
    ATTENDANCE = "attendance"
    IMPORTED = "imported"


class CompletionStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (
        CheckConstraint(
            "contact_minutes >= 0 AND contact_minutes <= 100000", name="contact_minutes_range"
        ),
        CheckConstraint(
            "pass_mark IS NULL OR (pass_mark >= 0 AND pass_mark <= 100)", name="pass_mark_range"
        ),
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
        CheckConstraint("length(title) >= 1", name="title_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    contact_minutes: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[int | None] = mapped_column(Integer)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    domain_hours: Mapped[list[ModuleDomain]] = relationship(
        back_populates="module", cascade="all, delete-orphan", order_by="ModuleDomain.domain_id"
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def contact_hours(self) -> float:
        return self.contact_minutes / 60

    def __repr__(self) -> str:
        return f"<Module {self.code}>"


class ModuleDomain(db.Model):
    """How many of a module's contact minutes count in a training domain."""

    __tablename__ = "module_domains"
    __table_args__ = (CheckConstraint("minutes >= 0", name="minutes_nonnegative"),)

    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True
    )
    domain_id: Mapped[int] = mapped_column(
        ForeignKey("domains.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    minutes: Mapped[int] = mapped_column(Integer)

    module: Mapped[Module] = relationship(back_populates="domain_hours")
    domain: Mapped[Domain] = relationship()


class TrainingSession(db.Model):
    """A dated delivery of a module to a cohort."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="RESTRICT"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date, index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    module: Mapped[Module] = relationship()
    attendance: Mapped[list[SessionAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class SessionAttendance(db.Model):
    __tablename__ = "session_attendance"
    __table_args__ = (UniqueConstraint("session_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    attended: Mapped[bool] = mapped_column(Boolean, default=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[TrainingSession] = relationship(back_populates="attendance")
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])


class ModuleCompletion(db.Model):
    __tablename__ = "module_completions"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        CheckConstraint(in_values("source", CompletionSource), name="source_valid"),
        CheckConstraint(in_values("status", CompletionStatus), name="status_valid"),
        UniqueConstraint("trainee_id", "submission_key"),
        Index("ix_module_completions_status_created", "status", "created_at"),
        Index("ix_module_completions_trainee_module", "trainee_id", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="RESTRICT"), index=True
    )
    completed_on: Mapped[date] = mapped_column(Date)
    score: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=CompletionStatus.PENDING)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="SET NULL"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    # A key carried by the form, so that a form posted twice stores once.
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    module: Mapped[Module] = relationship()
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])


class Exam(db.Model):
    """An exam a program may require: scored against a pass mark, or simply pass/fail.

    ``max_attempts`` within ``attempt_period_months`` (both optional) limits how
    often a trainee may sit it.
    """

    __tablename__ = "exams"
    __table_args__ = (
        CheckConstraint(
            "pass_mark IS NULL OR (pass_mark >= 0 AND pass_mark <= 100)", name="pass_mark_range"
        ),
        CheckConstraint("max_attempts IS NULL OR max_attempts > 0", name="max_attempts_positive"),
        CheckConstraint(
            "attempt_period_months IS NULL OR (attempt_period_months > 0 "
            "AND attempt_period_months <= 240)",
            name="attempt_period_range",
        ),
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
        CheckConstraint("length(title) >= 1", name="title_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    pass_mark: Mapped[int | None] = mapped_column(Integer)
    max_attempts: Mapped[int | None] = mapped_column(Integer)
    attempt_period_months: Mapped[int | None] = mapped_column(Integer)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_pass_fail(self) -> bool:
        return self.pass_mark is None

    @property
    def label(self) -> str:
        return self.title

    def __repr__(self) -> str:
        return f"<Exam {self.code}>"


class ExamResult(db.Model):
    """One sitting of an exam: the date, the score (when scored) and whether it passed."""

    __tablename__ = "exam_results"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        UniqueConstraint("trainee_id", "submission_key"),
        Index("ix_exam_results_trainee_exam", "trainee_id", "exam_id", "taken_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="RESTRICT"), index=True)
    taken_on: Mapped[date] = mapped_column(Date)
    score: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    exam: Mapped[Exam] = relationship()
