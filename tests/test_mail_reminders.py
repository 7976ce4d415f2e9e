"""The daily reminders, received from a real SMTP server: each once, with the right
recipient, subject and link; a second run on the same day sends nothing new."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.smtp_server import html_of, mail_settings, text_of
from tracker.models import OutboxMessage, OutboxStatus
from tracker.services import mail, outbox, reminders


@pytest.fixture
def app_overrides(smtp):  # type: ignore[no-untyped-def]
    return mail_settings(smtp[1])


@pytest.fixture
def program(make):  # type: ignore[no-untyped-def]
    return make.program(
        name="Peer Support Specialist",
        grace_days=90,
        renewal_window_days=60,
        renewal_ce_minutes=20 * 60,
    )


def _holder(make, program, today, days_left, name):  # type: ignore[no-untyped-def]
    trainee = make.trainee(display_name=name, email=f"{name.lower()}@example.org")
    expires = today + timedelta(days=days_left)
    make.certification(
        trainee, program, issued_on=expires - timedelta(days=730), expires_on=expires
    )
    return trainee


def _run(runner) -> str:  # type: ignore[no-untyped-def]
    queued = runner.invoke(args=["send-reminders"])
    assert queued.exit_code == 0, queued.output
    sent = runner.invoke(args=["send-mail"])
    assert sent.exit_code == 0, sent.output
    return queued.output


@pytest.mark.parametrize(
    ("days_left", "subject"),
    [
        (60, "Your Peer Support Specialist certificate expires in 60 days"),
        (45, "Your Peer Support Specialist certificate expires in 45 days"),
        (30, "Your Peer Support Specialist certificate expires in 30 days"),
        (7, "Your Peer Support Specialist certificate expires in 7 days"),
        (0, "Your Peer Support Specialist certificate expires in 0 days"),
    ],
)
def test_a_holder_is_reminded_before_expiry_with_what_renewal_still_needs(
    make, db, runner, smtp, today, program, days_left, subject
):
    server, _ = smtp
    holder = _holder(make, program, today, days_left, "Ana")
    db.session.commit()
    _run(runner)
    [message] = server.received
    assert message["To"] == holder.email
    assert message["Subject"] == subject
    text = text_of(message)
    assert "Still needed for renewal:" in text
    assert "20 more hours of continuing education" in text
    assert "http://tracker.test/certificates" in text
    # Not security mail: one-click unsubscribe, in the body and the headers.
    assert message["List-Unsubscribe"].startswith("<http://tracker.test/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"][1:-1] in text


def test_no_reminder_before_sixty_days(make, db, runner, smtp, today, program):
    server, _ = smtp
    _holder(make, program, today, 61, "Ana")
    db.session.commit()
    _run(runner)
    assert server.received == []


def test_each_step_is_sent_once_as_the_days_pass(make, db, smtp, today, program):
    server, _ = smtp
    holder = _holder(make, program, today, 60, "Ana")
    db.session.commit()
    expires = today + timedelta(days=60)
    for day in range(0, 75):
        reminders.queue_due(today + timedelta(days=day))
        db.session.commit()
    outbox.send_all()
    subjects = [m["Subject"].strip() for m in server.to(holder.email)]
    assert subjects == [
        "Your Peer Support Specialist certificate expires in 60 days",
        "Your Peer Support Specialist certificate expires in 30 days",
        "Your Peer Support Specialist certificate expires in 7 days",
        "Your Peer Support Specialist certificate has expired: renew it by "
        + (expires + timedelta(days=90)).strftime("%d %b %Y"),
    ]


def test_grace_and_lapse_are_each_announced_once(make, db, runner, smtp, today, program):
    server, _ = smtp
    in_grace = _holder(make, program, today, -10, "Gina")
    lapsed = _holder(make, program, today, -91, "Luis")
    long_lapsed = _holder(make, program, today, -400, "Olga")
    db.session.commit()
    _run(runner)
    [grace_mail] = server.to(in_grace.email)
    renew_by = (today + timedelta(days=80)).strftime("%d %b %Y")
    assert grace_mail["Subject"].endswith(f"renew it by {renew_by}")
    assert f"can still be renewed until {renew_by}" in text_of(grace_mail)
    [lapsed_mail] = server.to(lapsed.email)
    assert lapsed_mail["Subject"] == "Your Peer Support Specialist certificate has lapsed"
    # Lapsed long before mail existed: not told now.
    assert server.to(long_lapsed.email) == []


def test_running_the_reminders_twice_sends_nothing_new(make, db, runner, smtp, today, program):
    server, _ = smtp
    _holder(make, program, today, 30, "Ana")
    _holder(make, program, today, -5, "Ben")
    coordinator = make.coordinator()
    make.hour_entry(make.trainee())
    db.session.commit()
    first = _run(runner)
    assert "Queued 2 certificate reminders" in first
    count = len(server.received)
    assert count == 3  # two holders, one digest
    second = _run(runner)
    assert "Queued 0 certificate reminders, 0 eligibility messages and 0 coordinator" in second
    assert len(server.received) == count
    assert len(server.to(coordinator.email)) == 1


def test_revoked_and_deactivated_holders_get_nothing(make, db, runner, smtp, today, program):
    server, _ = smtp
    gone = _holder(make, program, today, 7, "Ana")
    gone.active = False
    revoked = make.trainee()
    make.certification(
        revoked,
        program,
        issued_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=7),
        state="revoked",
    )
    db.session.commit()
    _run(runner)
    assert server.received == []


def test_the_coordinator_digest_counts_by_kind_and_names_the_oldest(make, db, runner, smtp, today):
    server, _ = smtp
    first, second = make.coordinator(), make.coordinator()
    trainee = make.trainee()
    make.hour_entry(trainee)
    make.hour_entry(trainee, worked_on=today - timedelta(days=3))
    module = make.module()
    make.completion(trainee, module, status="pending", source="self_reported")
    db.session.commit()
    _run(runner)
    for coordinator in (first, second):
        [digest] = server.to(coordinator.email)
        assert digest["Subject"] == "3 items wait for review"
        text = text_of(digest)
        assert "Hour entries: 2" in text
        assert "Module reports: 1" in text
        assert "The oldest has waited 0 days." in text
        assert "http://tracker.test/coordinator/" in text
    # Nothing about a coordinator goes to the trainee.
    assert server.to(trainee.email) == []


def test_no_digest_when_nothing_waits(make, db, runner, smtp):
    server, _ = smtp
    make.coordinator()
    db.session.commit()
    _run(runner)
    assert server.received == []


def test_a_newly_eligible_trainee_is_told_once_and_listed_in_the_digest(
    make, db, runner, smtp, today
):
    server, _ = smtp
    coordinator = make.coordinator()
    module = make.module(code="ETH-101", title="Ethics")
    program = make.program(name="Peer Support Specialist", modules=[module])
    trainee = make.trainee(display_name="Ana Lima")
    make.enrolment(trainee, program)
    make.completion(trainee, module)
    db.session.commit()
    from tracker.services import progress

    progress.refresh()
    db.session.commit()
    _run(runner)
    [told] = server.to(trainee.email)
    assert told["Subject"] == "You meet every requirement of Peer Support Specialist"
    assert "http://tracker.test/dashboard" in text_of(told)
    [digest] = server.to(coordinator.email)
    assert "Ana Lima: Peer Support Specialist" in text_of(digest)
    _run(runner)
    assert len(server.to(trainee.email)) == 1


def test_a_turned_off_kind_is_not_sent_and_stays_handled(make, db, runner, smtp, today, program):
    server, _ = smtp
    holder = _holder(make, program, today, 30, "Ana")
    mail.set_topic(holder, "renewal", False)
    db.session.commit()
    _run(runner)
    assert server.received == []
    [row] = db.session.scalars(select(OutboxMessage)).all()
    assert row.status == OutboxStatus.SKIPPED
    assert row.body_text == ""
    # Turned on again: the occasion that passed is not mailed after the fact.
    mail.set_topic(holder, "renewal", True)
    db.session.commit()
    _run(runner)
    assert server.received == []


def test_names_are_escaped_in_the_html_part(make, db, runner, smtp, today, program):
    server, _ = smtp
    _holder(make, program, today, 7, "Ana")
    holder = make.trainee(display_name="<b>Eve</b> & co", email="eve@example.org")
    make.certification(
        holder,
        program,
        issued_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=7),
    )
    db.session.commit()
    _run(runner)
    [message] = server.to("eve@example.org")
    html = html_of(message)
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in html
    assert "<b>Eve</b>" not in html
    assert "<b>Eve</b> & co" in text_of(message)
    # Nothing about the other holder.
    assert "Ana" not in html and "ana@example.org" not in text_of(message)
