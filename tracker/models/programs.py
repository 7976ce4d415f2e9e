"""Certification programs and their requirements, codes of ethics, enrolments.

A program's requirements are rows of one table: each has a ``kind`` (see
:mod:`tracker.services.requirements`, the registry of kinds), an optional
look-back window and the kind's own ``settings`` as JSON.  Settings name
catalogue rows by id; a program's portable document (export, import, the
snapshot on a certification) names them by code instead.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.accounts import User
from tracker.models.base import UTCDateTime, in_values, utcnow
from tracker.models.catalogue import CODE_LENGTH


class RenewalCycle(enum.StrEnum):
    """How a certification's cycles are laid out in time.

    ``rolling``: a cycle lasts the validity from its start (the issue date, or
    the previous expiry).  ``calendar``: cycles end on 31 December, so the
    first expiry is the end of the year in which the validity runs out.
    """

    ROLLING = "rolling"
    CALENDAR = "calendar"


class Program(db.Model):
    """A certification program and its rules: all of them data, none constant."""

    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint("validity_months > 0 AND validity_months <= 240", name="validity_range"),
        CheckConstraint("renewal_window_days >= 0", name="renewal_window_nonnegative"),
        CheckConstraint("grace_days >= 0", name="grace_nonnegative"),
        CheckConstraint(in_values("renewal_cycle", RenewalCycle), name="renewal_cycle_valid"),
        CheckConstraint("length(code) >= 2 AND code = upper(code)", name="code_upper"),
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The prefix of certification numbers, e.g. PSS in PSS-2026-00042.
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # Where the rules come from (a board's published standard), for coordinators and auditors.
    source: Mapped[str] = mapped_column(Text, default="")
    validity_months: Mapped[int] = mapped_column(Integer, default=24)
    # The key of the requirement whose date starts the validity (e.g. the exam);
    # None: the validity starts on the issue date.
    validity_from: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    renewal_cycle: Mapped[str] = mapped_column(String(20), default=RenewalCycle.ROLLING)
    # A certification is "expiring soon" this many days before its expiry date.
    renewal_window_days: Mapped[int] = mapped_column(Integer, default=60)
    grace_days: Mapped[int] = mapped_column(Integer, default=0)
    # Continuing education per cycle: [{"label", "minutes", "domain_ids": [...]}];
    # a bucket without domains takes hours in any domain (electives).
    renewal_buckets: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    requirements: Mapped[list[ProgramRequirement]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        order_by="ProgramRequirement.position",
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def renewal_minutes(self) -> int:
        return sum(int(b.get("minutes") or 0) for b in self.renewal_buckets or [])

    def __repr__(self) -> str:
        return f"<Program {self.code}>"


class ProgramRequirement(db.Model):
    """One requirement of a program: its kind, settings and optional look-back window."""

    __tablename__ = "program_requirements"
    __table_args__ = (
        UniqueConstraint("program_id", "key"),
        CheckConstraint(
            "window_months IS NULL OR (window_months > 0 AND window_months <= 240)",
            name="window_range",
        ),
        CheckConstraint("length(key) >= 1", name="key_not_empty"),
        CheckConstraint("length(kind) >= 1", name="kind_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Stable within the program: stored verdicts, the API and validity_from name it.
    key: Mapped[str] = mapped_column(String(CODE_LENGTH))
    kind: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(200), default="")
    window_months: Mapped[int | None] = mapped_column(Integer)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    program: Mapped[Program] = relationship(back_populates="requirements")

    def __repr__(self) -> str:
        return f"<ProgramRequirement {self.key} {self.kind}>"


class EthicsCode(db.Model):
    """A code of ethics (a program names the one it asks for); it has versions."""

    __tablename__ = "ethics_codes"
    __table_args__ = (
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def label(self) -> str:
        return self.name


class EthicsVersion(db.Model):
    __tablename__ = "ethics_versions"
    __table_args__ = (
        CheckConstraint("version > 0", name="version_positive"),
        UniqueConstraint("ethics_code_id", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ethics_code_id: Mapped[int] = mapped_column(
        ForeignKey("ethics_codes.id", ondelete="RESTRICT"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    code: Mapped[EthicsCode] = relationship()


class EthicsAcknowledgement(db.Model):
    __tablename__ = "ethics_acknowledgements"
    __table_args__ = (UniqueConstraint("user_id", "ethics_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    ethics_version_id: Mapped[int] = mapped_column(
        ForeignKey("ethics_versions.id", ondelete="RESTRICT"), index=True
    )
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped[EthicsVersion] = relationship()


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("trainee_id", "program_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="RESTRICT"), index=True
    )
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    program: Mapped[Program] = relationship()

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


class EnrolmentProgress(db.Model):
    """The stored verdict of one enrolment: what the eligibility service last said.

    Kept true in the same transaction as every change that can alter it
    (:mod:`tracker.services.progress`); ``changes_on`` is the first day on which
    the passing of time alone may change it (evidence leaving a window, a
    document or certificate expiring), when pages work it out afresh instead.
    """

    __tablename__ = "enrolment_progress"
    __table_args__ = (
        Index("ix_enrolment_progress_program_eligible", "program_id", "eligible"),
        # The few eligible verdicts, for counts and filters that start from them.
        Index(
            "ix_enrolment_progress_eligible",
            "enrolment_id",
            sqlite_where=text("eligible = 1"),
            postgresql_where=text("eligible"),
        ),
        CheckConstraint("met_count >= 0 AND met_count <= rule_count", name="counts_valid"),
    )

    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), primary_key=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    eligible: Mapped[bool] = mapped_column(Boolean)
    met_count: Mapped[int] = mapped_column(Integer)
    rule_count: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[dict[str, Any]] = mapped_column(JSON)
    as_of: Mapped[date] = mapped_column(Date, index=True)
    changes_on: Mapped[date | None] = mapped_column(Date, index=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProgramProgress(db.Model):
    """What the stored verdicts of one program's current enrolments amount to, so that a
    page can tell in one small read whether any of them must be worked out afresh.

    Rewritten in the same transaction as the verdicts it sums
    (:func:`tracker.services.progress.refresh`): ``enrolled`` trainees (current
    enrolments, the reports' funnel), ``missing`` current enrolments without a stored
    verdict, ``eligible`` stored verdicts that say eligible, the
    earliest ``due_on`` (``changes_on``) and the latest ``as_of`` among them.  A
    program without a row is treated as having stale verdicts.
    """

    __tablename__ = "program_progress"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    enrolled: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    eligible: Mapped[int] = mapped_column(Integer, default=0)
    due_on: Mapped[date | None] = mapped_column(Date)
    latest_as_of: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TraineeTotals(db.Model):
    """A trainee's running totals, for lists that sort and filter every trainee."""

    __tablename__ = "trainee_totals"

    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    approved_minutes: Mapped[int] = mapped_column(Integer, default=0, index=True)
    pending_minutes: Mapped[int] = mapped_column(Integer, default=0)
    last_activity_on: Mapped[date | None] = mapped_column(Date, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HourDayTotals(db.Model):
    """Hour entries summed per day of the work, status, activity and supervision: what
    the reports read, so that a year of a state-wide program sums a few thousand rows
    instead of every entry.  Kept by :mod:`tracker.services.progress`."""

    __tablename__ = "hour_day_totals"

    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    worked_on: Mapped[date] = mapped_column(Date, primary_key=True)
    activity: Mapped[str] = mapped_column(String(40), primary_key=True)
    supervised: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer)
    entries: Mapped[int] = mapped_column(Integer)
