"""Delivering the outbox: what ``flask --app tracker send-mail`` does.

A run claims a batch of due messages in one short transaction, hands them to the
SMTP server with no transaction open, then records each outcome in a short
transaction of its own.  The claim is one statement::

    UPDATE outbox_messages SET status='sending', claim=:run
    WHERE status='queued' AND id IN (SELECT id ... FOR UPDATE SKIP LOCKED)

On PostgreSQL, ``SKIP LOCKED`` lets several senders (several machines) claim at
once, each taking rows no other has locked; the ``status='queued'`` test makes a
row claimed and committed meanwhile match nothing.  On SQLite the command's
transaction holds the write lock from its start (BEGIN IMMEDIATE), so the
update is atomic by itself.  Either way a message is claimed by one run only,
and so sent at most once.

A temporary failure (a 4xx answer, a dropped connection) puts the message back
with a growing delay; a permanent one (a 5xx answer) or the last attempt marks it
failed, with the server's answer.  A run that died between claiming and recording
leaves messages "sending": after ``STALE_CLAIM`` they are marked failed as
"interrupted", never sent again, since the server may have taken them already.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from flask import current_app
from sqlalchemy import Select, select, update

from tracker.extensions import db
from tracker.models import OutboxMessage, OutboxStatus, utcnow
from tracker.services.mail import mail_configured

log = logging.getLogger(__name__)

# Delay before each retry after a temporary failure; one attempt more than delays.
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
STALE_CLAIM = timedelta(minutes=30)
BATCH = 50
INTERRUPTED = "Interrupted while sending: it may or may not have been delivered."


@dataclass
class SendResult:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    interrupted: int = 0


class TemporaryFailure(Exception):
    """The server or the connection failed for now; worth another attempt later."""


class PermanentFailure(Exception):
    """The server refused this message for good."""


def _answer(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {words}".strip()[:500]


def classify(exc: Exception) -> Exception:
    """A delivery error as a TemporaryFailure or a PermanentFailure, with the server's answer."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = list(exc.recipients.values())
        code, text = answers[0] if answers else (450, b"recipient refused")
        kind = PermanentFailure if 500 <= code < 600 else TemporaryFailure
        return kind(_answer(code, text))
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        # The settings are wrong, not the message: try again once they are fixed.
        return TemporaryFailure(_answer(exc.smtp_code, "authentication failed"))
    if isinstance(exc, smtplib.SMTPResponseException):
        kind = PermanentFailure if 500 <= exc.smtp_code < 600 else TemporaryFailure
        return kind(_answer(exc.smtp_code, exc.smtp_error))
    return TemporaryFailure(exc.__class__.__name__)


def build(message: OutboxMessage) -> EmailMessage:
    """The message as it is handed to the server: text and HTML parts, the organisation as
    sender name, and the one-click unsubscribe headers (RFC 8058) on non-security mail."""
    config = current_app.config
    sender = config["MAIL_SENDER"]
    email = EmailMessage()
    email["From"] = formataddr((config["ORGANISATION_NAME"], sender))
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(
        idstring=f"outbox-{message.id}", domain=sender.rpartition("@")[2] or None
    )
    email["Auto-Submitted"] = "auto-generated"
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    return email


def _connect() -> smtplib.SMTP:
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_HOST"], config["MAIL_PORT"], timeout=30)
    if config.get("MAIL_USE_TLS"):
        smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def due(now: datetime) -> Select[tuple[int]]:
    return (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    )


def recover_interrupted(now: datetime | None = None) -> int:
    """Mark failed the messages a sender claimed and never recorded (it died)."""
    now = now or utcnow()
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_at < now - STALE_CLAIM,
        )
        .values(status=OutboxStatus.FAILED, last_error=INTERRUPTED, claim=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount or 0


def claim(limit: int = BATCH, now: datetime | None = None) -> tuple[str, list[int]]:
    """Claim up to ``limit`` due messages for this run, and commit the claim."""
    now = now or utcnow()
    run = secrets.token_hex(16)
    chosen = due(now).limit(limit).with_for_update(skip_locked=True).scalar_subquery()
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.id.in_(chosen))
        .values(status=OutboxStatus.SENDING, claim=run, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    ids = list(
        db.session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.claim == run).order_by(OutboxMessage.id)
        )
    )
    db.session.commit()
    return run, ids


def _record(message_id: int, run: str, outcome: Exception | None, now: datetime) -> str:
    """Write one outcome (None: delivered); returns the status the message now has."""
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if message is None or message.claim != run:
        db.session.rollback()
        return ""
    message.attempts += 1
    message.claim = None
    if outcome is None:
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.last_error = None
    elif isinstance(outcome, PermanentFailure) or message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        message.last_error = str(outcome)[:500]
    else:
        message.status = OutboxStatus.QUEUED
        message.next_attempt_at = now + RETRY_DELAYS[message.attempts - 1]
        message.last_error = str(outcome)[:500]
    status = message.status
    db.session.commit()
    return status


def send_due(limit: int = BATCH, now: datetime | None = None) -> SendResult:
    """Deliver one batch of due messages (see the module's notes); nothing without SMTP."""
    result = SendResult()
    if not mail_configured():
        return result
    result.interrupted = recover_interrupted(now)
    run, ids = claim(limit, now)
    if not ids:
        return result
    messages = {
        m.id: build(m)
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)))
    }
    kinds = dict(
        db.session.execute(
            select(OutboxMessage.id, OutboxMessage.kind).where(OutboxMessage.id.in_(ids))
        )
        .tuples()
        .all()
    )
    # Nothing is held while the server works: no transaction, no lock, no connection.
    db.session.commit()
    smtp: smtplib.SMTP | None = None
    try:
        for message_id in ids:
            outcome: Exception | None = None
            try:
                if smtp is None:
                    smtp = _connect()
                smtp.send_message(messages[message_id])
            except (OSError, smtplib.SMTPException) as exc:
                outcome = classify(exc)
                if not isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
                    # The connection may be unusable: the next message opens a new one.
                    _close(smtp)
                    smtp = None
            status = _record(message_id, run, outcome, now or utcnow())
            # The id and kind only: the address is the person's, the body may hold a link.
            if status == OutboxStatus.SENT:
                result.sent.append(message_id)
                log.info("mail %s (%s) sent", message_id, kinds.get(message_id))
            elif status == OutboxStatus.FAILED:
                result.failed.append(message_id)
                log.warning("mail %s (%s) failed: %s", message_id, kinds.get(message_id), outcome)
            elif status == OutboxStatus.QUEUED:
                result.retrying.append(message_id)
                log.warning(
                    "mail %s (%s) will be retried: %s", message_id, kinds.get(message_id), outcome
                )
    finally:
        _close(smtp)
    return result


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def send_all(limit: int = BATCH, now: datetime | None = None, max_batches: int = 100) -> SendResult:
    """Deliver batches until nothing is due (or ``max_batches``), for the command."""
    total = SendResult()
    for _ in range(max_batches):
        batch = send_due(limit, now)
        total.sent += batch.sent
        total.retrying += batch.retrying
        total.failed += batch.failed
        total.interrupted += batch.interrupted
        if not (batch.sent or batch.retrying or batch.failed):
            break
    return total


# --- the coordinator's Outbox page ---------------------------------------------------------

# The statuses a coordinator filters by (skipped messages are left out unless asked for).
LISTED = (OutboxStatus.QUEUED, OutboxStatus.SENDING, OutboxStatus.FAILED, OutboxStatus.SENT)


def listing(status: str = "") -> Select[tuple[OutboxMessage]]:
    """Outbox messages, newest first, of one status or of every listed one."""
    query = select(OutboxMessage)
    if status in set(OutboxStatus):
        query = query.where(OutboxMessage.status == status)
    else:
        query = query.where(OutboxMessage.status.in_([s.value for s in LISTED]))
    return query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())


def counts() -> dict[str, int]:
    from sqlalchemy import func

    return dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        .tuples()
        .all()
    )


def body_visible(message: OutboxMessage) -> bool:
    """Whether a coordinator may read the body: only while it waits or after it failed,
    so that a link can be passed on by hand; never once it was delivered."""
    return message.status in (OutboxStatus.QUEUED, OutboxStatus.FAILED)
