"""Issued credentials, their renewals, and the audit log."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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
from tracker.models.programs import Program


class CertificationState(enum.StrEnum):
    """A certification's state, one vocabulary everywhere.  It follows from the
    certification's dates and its revocation (``certifications.state_on`` in Python,
    ``certifications.state_expression`` in SQL), never from a stored column."""

    VALID = "valid"
    EXPIRING = "expiring"  # "expiring soon": inside the renewal window before expiry
    IN_GRACE = "in_grace"  # past expiry, still renewable until the grace period ends
    LAPSED = "lapsed"
    REVOKED = "revoked"


class Certification(db.Model):
    """An issued credential.  Its program's rules are copied at issue time,
    so that editing the program never alters a certification already issued."""

    __tablename__ = "certifications"
    __table_args__ = (
        CheckConstraint(in_values("state", CertificationState), name="state_valid"),
        CheckConstraint("expires_on > issued_on", name="expires_after_issue"),
        CheckConstraint(
            "state <> 'revoked' OR (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL)",
            name="revocation_recorded",
        ),
        CheckConstraint("serial > 0", name="serial_positive"),
        CheckConstraint(
            "expiring_from <= expires_on AND lapses_on > expires_on", name="dates_in_order"
        ),
        UniqueConstraint("program_id", "issue_year", "serial"),
        Index("ix_certifications_state_expires", "state", "expires_on"),
        # The certifications list, latest first: read from the top, not sorted whole.
        Index("ix_certifications_issued", "issued_on", "id"),
        Index("ix_certifications_lapses_on", "lapses_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[str] = mapped_column(String(40), unique=True)
    issue_year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    # Stored without dashes, upper case; shown grouped (e.g. ABCD-EFGH-...).
    verification_code: Mapped[str] = mapped_column(String(32), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    # The first day it is "expiring soon" (its program's renewal window before expiry)
    # and the first day it is lapsed (after the grace period); fixed at issue and renewal.
    expiring_from: Mapped[date] = mapped_column(Date)
    lapses_on: Mapped[date] = mapped_column(Date)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The state the daily job last recorded (for the audit log and reminders); pages,
    # lists and counts never read it: the dates decide.
    state: Mapped[str] = mapped_column(String(20), default=CertificationState.VALID)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revocation_reason: Mapped[str | None] = mapped_column(String(500))
    override_reason: Mapped[str | None] = mapped_column(Text)
    # Position of this credential in the published revocation status list.
    status_index: Mapped[int | None] = mapped_column(Integer, unique=True)
    # Salt for the hashed holder identifier in signed credentials.
    subject_salt: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    program_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    program: Mapped[Program] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    renewals: Mapped[list[CertificationRenewal]] = relationship(
        back_populates="certification", order_by="CertificationRenewal.renewed_at"
    )


class CertificationRenewal(db.Model):
    """One renewal: a new cycle.  The previous cycle's dates stay here."""

    __tablename__ = "certification_renewals"
    __table_args__ = (
        CheckConstraint("new_expires_on > previous_expires_on", name="extends_expiry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certification_id: Mapped[int] = mapped_column(
        ForeignKey("certifications.id", ondelete="RESTRICT"), index=True
    )
    previous_expires_on: Mapped[date] = mapped_column(Date)
    new_expires_on: Mapped[date] = mapped_column(Date)
    renewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    renewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    override_reason: Mapped[str | None] = mapped_column(Text)

    certification: Mapped[Certification] = relationship(back_populates="renewals")


class AuditEvent(db.Model):
    """Who did what to which record, when.  Written by services, never edited."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()
