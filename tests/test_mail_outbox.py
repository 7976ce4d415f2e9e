"""The outbox and its sender, against a real SMTP server (aiosmtpd) in the test process."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.smtp_server import html_of, mail_settings, text_of
from tracker.models import OutboxMessage, OutboxStatus, utcnow
from tracker.services import accounts, mail, outbox


@pytest.fixture
def app_overrides(smtp):  # type: ignore[no-untyped-def]
    return mail_settings(smtp[1])


def _outbox(db):  # type: ignore[no-untyped-def]
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_an_invitation_is_queued_by_the_request_and_sent_by_the_command(
    client, login_as, db, runner, smtp
):
    server, _ = smtp
    login_as("coordinator")
    response = client.post(
        "/coordinator/accounts/invite",
        data={"email": "new@example.org", "display_name": "New Person", "role": "trainee"},
    )
    assert response.status_code == 200
    # Nothing reached the mail server from inside the request.
    assert server.received == []
    [row] = _outbox(db)
    assert (row.kind, row.status, row.to_address) == ("invitation", "queued", "new@example.org")

    result = runner.invoke(args=["send-mail"])
    assert "Sent 1," in result.output
    [message] = server.received
    assert message["To"] == "new@example.org"
    assert message["Subject"] == "Your invitation to Riverside Peer Network"
    assert message["From"] == "Riverside Peer Network <tracker@example.org>"
    link = re.search(r"http://tracker\.test/invite/\S+", text_of(message))
    assert link is not None
    assert link.group(0) in html_of(message)
    # Security mail: no unsubscribe.
    assert message["List-Unsubscribe"] is None

    # Sent once: a second run finds nothing to do.
    runner.invoke(args=["send-mail"])
    assert len(server.received) == 1
    db.session.expire_all()
    assert _outbox(db)[0].status == OutboxStatus.SENT


def test_a_temporary_failure_is_retried_later(make, db, smtp):
    server, _ = smtp
    server.answers = ["451 4.3.0 Try again later"]
    trainee = make.trainee()
    mail.queue_invitation(trainee, "http://tracker.test/invite/x")
    db.session.commit()

    first = outbox.send_all()
    assert first.retrying and not first.sent
    [row] = _outbox(db)
    assert row.status == OutboxStatus.QUEUED
    assert row.attempts == 1
    assert row.last_error.startswith("451")
    assert row.next_attempt_at > utcnow()

    # Not due yet: nothing is tried.
    assert outbox.send_all().sent == []
    # Once due, it goes through, once.
    later = outbox.send_all(now=utcnow() + timedelta(minutes=2))
    assert later.sent == [row.id]
    assert len(server.received) == 1
    db.session.expire_all()
    assert _outbox(db)[0].status == OutboxStatus.SENT
    assert _outbox(db)[0].attempts == 2


def test_a_permanent_failure_is_recorded_and_never_retried(make, db, smtp):
    server, _ = smtp
    server.answers = ["550 5.1.1 No such mailbox"]
    trainee = make.trainee()
    mail.queue_invitation(trainee, "http://tracker.test/invite/x")
    db.session.commit()

    result = outbox.send_all()
    assert len(result.failed) == 1
    [row] = _outbox(db)
    assert row.status == OutboxStatus.FAILED
    assert row.last_error == "550 5.1.1 No such mailbox"
    assert outbox.send_all(now=utcnow() + timedelta(days=2)).sent == []
    assert server.received == []


def test_a_message_runs_out_of_attempts(make, db, smtp):
    server, _ = smtp
    server.answers = ["451 busy"] * outbox.MAX_ATTEMPTS
    mail.queue_invitation(make.trainee(), "http://tracker.test/invite/x")
    db.session.commit()
    now = utcnow()
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.send_all(now=now)
        now += timedelta(days=1)
    [row] = _outbox(db)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, outbox.MAX_ATTEMPTS)
    assert server.received == []


def test_a_message_left_sending_by_a_dead_sender_is_marked_failed_not_sent_again(make, db, smtp):
    server, _ = smtp
    mail.queue_invitation(make.trainee(), "http://tracker.test/invite/x")
    db.session.commit()
    _, ids = outbox.claim()  # ...and the sender dies before it hands the message over
    assert len(ids) == 1
    assert outbox.send_all().sent == []  # claimed: no other run touches it meanwhile
    result = outbox.send_all(now=utcnow() + outbox.STALE_CLAIM + timedelta(minutes=1))
    assert result.interrupted == 1
    [row] = _outbox(db)
    assert row.status == OutboxStatus.FAILED
    assert row.last_error == outbox.INTERRUPTED
    assert server.received == []


def test_an_unreachable_server_counts_as_a_temporary_failure(app, make, db):
    app.config.update(mail_settings(1))  # nothing listens on port 1
    mail.queue_invitation(make.trainee(), "http://tracker.test/invite/x")
    db.session.commit()
    result = outbox.send_all()
    assert len(result.retrying) == 1
    assert _outbox(db)[0].last_error == "ConnectionRefusedError"


def test_without_smtp_settings_messages_stay_in_the_outbox(app, make, db, runner):
    app.config["MAIL_HOST"] = None
    mail.queue_invitation(make.trainee(), "http://tracker.test/invite/x")
    db.session.commit()
    result = runner.invoke(args=["send-mail"])
    assert "stay in the outbox" in result.output
    assert _outbox(db)[0].status == OutboxStatus.QUEUED


def test_the_body_is_never_logged(make, db, smtp, caplog):
    server, _ = smtp
    server.answers = ["550 refused"]
    trainee = make.trainee()
    accounts.request_password_reset(trainee.email)
    db.session.commit()
    with caplog.at_level("INFO"):
        outbox.send_all()
    body = _outbox(db)[0].body_text
    token_link = re.search(r"http://tracker\.test/reset/\S+", body).group(0)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("tracker"))
    assert "failed: 550 refused" in ours
    assert token_link.rsplit("/", 1)[1] not in ours
    assert trainee.email not in ours
