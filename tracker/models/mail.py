"""Mail as data: the outbox every message waits in, and each person's mail preferences."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import UTCDateTime, in_values, utcnow


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for its (next) attempt
    SENDING = "sending"  # claimed by one sender, which is handing it to the SMTP server
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts: not tried again
    # Not sent: the recipient turned this kind of mail off (kept so the occasion counts as
    # handled, and turning mail back on never brings old reminders).
    SKIPPED = "skipped"


class OutboxMessage(db.Model):
    """One message, written in the same transaction as the event that causes it and
    delivered later by ``flask --app tracker send-mail``.

    ``dedupe_key`` names the occasion ("expiry-30 of certification 12 expiring on
    2027-01-31"): the unique constraint lets a reminder be queued once, however often
    the daily job runs.  The body may hold a one-time link, so it is never logged.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(in_values("status", OutboxStatus), name="status_valid"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # The one-click unsubscribe address (List-Unsubscribe); None for security mail.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=OutboxStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Which sender run holds it while SENDING (a random value per run).
    claim: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The SMTP server's last answer when it failed (its code and words), never the body.
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class MailOptOut(db.Model):
    """A kind of mail a person has turned off (no row: the mail is on)."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (UniqueConstraint("user_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
