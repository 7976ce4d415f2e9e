"""Each kind of message from the event that causes it, received from a real SMTP server;
password reset, mail preferences, one-click unsubscribe, and the coordinator's Outbox."""

from __future__ import annotations

import re
import threading
import time
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.smtp_server import html_of, mail_settings, text_of
from tracker.extensions import limiter
from tracker.models import (
    AccountToken,
    HourStatus,
    OutboxMessage,
    OutboxStatus,
    ReviewStatus,
    utcnow,
)
from tracker.services import accounts, certifications, evidence_review, mail, outbox, review


@pytest.fixture
def app_overrides(smtp):  # type: ignore[no-untyped-def]
    return mail_settings(smtp[1])


def _link(message, path: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(rf"http://tracker\.test{path}\S+", text_of(message))
    assert found is not None, text_of(message)
    return found.group(0)


# --- decisions and certificates ---------------------------------------------------------------


def test_a_rejected_hour_entry_is_mailed_to_its_trainee_with_the_reason(make, db, smtp, today):
    server, _ = smtp
    trainee = make.trainee(email="ana@example.org")
    other = make.trainee(display_name="Someone Else")
    entry = make.hour_entry(trainee, minutes=150, worked_on=today - timedelta(days=2))
    make.hour_entry(other)
    coordinator = make.coordinator()
    review.reject_hours(entry.id, coordinator, "Supervision is not practice <time>")
    db.session.commit()
    # The same decision repeated (a double click) mails nothing more.
    review.reject_hours(entry.id, coordinator, "Supervision is not practice <time>")
    db.session.commit()
    outbox.send_all()
    [message] = server.received
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Your hour entry was not accepted"
    text = text_of(message)
    assert "2.5 h, " + (today - timedelta(days=2)).strftime("%d %b %Y") in text
    assert "Supervision is not practice <time>" in text
    assert "Supervision is not practice &lt;time&gt;" in html_of(message)
    assert "http://tracker.test/hours" in text
    assert "Someone Else" not in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_rejected_module_report_is_mailed_with_the_reason(make, db, smtp):
    server, _ = smtp
    trainee = make.trainee()
    module = make.module(code="ETH-101", title="Ethics")
    completion = make.completion(trainee, module, status="pending", source="self_reported")
    review.reject_completion(completion.id, make.coordinator(), "No certificate attached")
    db.session.commit()
    outbox.send_all()
    [message] = server.received
    assert message["To"] == trainee.email
    assert message["Subject"] == "Your module report was not accepted"
    assert "ETH-101 Ethics" in text_of(message)
    assert "No certificate attached" in text_of(message)
    assert "http://tracker.test/training" in text_of(message)


@pytest.mark.parametrize(
    ("kind", "subject", "what"),
    [
        ("supervision", "Your supervision record was not accepted", "1.5 h, "),
        ("document", "Your document was not accepted", "High-school diploma, "),
        ("training", "Your outside training was not accepted", "Ethics refresher (County), "),
    ],
)
def test_rejected_evidence_is_mailed_with_the_reason(make, db, smtp, kind, subject, what):
    server, _ = smtp
    trainee = make.trainee()
    coordinator = make.coordinator()
    pending = {"status": ReviewStatus.PENDING}
    if kind == "supervision":
        record = make.supervision(trainee, minutes=90, **pending)
        reject = evidence_review.reject_supervision
    elif kind == "document":
        diploma = make.document_type(name="High-school diploma")
        record = make.document(trainee, diploma, **pending)
        reject = evidence_review.reject_document
    else:
        record = make.external_training(
            trainee, title="Ethics refresher", provider="County", **pending
        )
        reject = evidence_review.reject_training
    db.session.commit()
    reject(record.id, coordinator, "The date <is> unreadable")
    db.session.commit()
    # The same decision repeated (a double click) mails nothing more.
    reject(record.id, coordinator, "The date <is> unreadable")
    db.session.commit()
    outbox.send_all()
    [message] = server.received
    assert message["To"] == trainee.email
    assert message["Subject"] == subject
    assert what in text_of(message)
    assert "The date <is> unreadable" in text_of(message)
    assert "The date &lt;is&gt; unreadable" in html_of(message)
    assert "http://tracker.test/evidence" in text_of(message)


def test_approvals_send_nothing(make, db, smtp):
    server, _ = smtp
    entry = make.hour_entry(make.trainee())
    review.approve_hours(entry.id, make.coordinator())
    db.session.commit()
    outbox.send_all()
    assert server.received == []


def test_queue_decision_serves_every_record_kind(make, db, smtp):
    """Documents and supervision records are rejected by pages of their own; they call
    the same function."""
    server, _ = smtp
    trainee = make.trainee()
    mail.queue_decision("document", trainee, "The scan is unreadable", "Diploma", 7)
    mail.queue_decision("supervision", trainee, "Not signed", "1 h, 3 Nov 2026", 8)
    db.session.commit()
    outbox.send_all()
    subjects = sorted(m["Subject"] for m in server.received)
    assert subjects == [
        "Your document was not accepted",
        "Your supervision record was not accepted",
    ]


def test_an_issued_certificate_is_mailed_with_its_pdf_and_verify_links(make, db, smtp):
    server, _ = smtp
    program = make.program(name="Peer Support Specialist", hour_rules=[{"min_minutes": 60}])
    trainee = make.trainee()
    make.enrolment(trainee, program)
    make.hour_entry(trainee, minutes=60, status=HourStatus.APPROVED)
    certification = certifications.issue(trainee, program, make.coordinator())
    db.session.commit()
    outbox.send_all()
    [message] = server.received
    assert message["To"] == trainee.email
    assert message["Subject"] == "Your Peer Support Specialist certificate"
    text = text_of(message)
    assert certification.number in text
    assert f"http://tracker.test/certificates/{certification.id}/certificate.pdf" in text
    verify = (
        f"http://tracker.test/verify/{certifications.format_code(certification.verification_code)}"
    )
    assert verify in text


# --- password reset ---------------------------------------------------------------------------


def test_the_login_page_offers_a_reset(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/forgot-password"' in page
    assert "Forgot your password?" in page


def test_the_answer_is_the_same_with_or_without_an_account(client, make, db):
    make.trainee(email="ana@example.org")
    db.session.commit()
    known = client.post("/forgot-password", data={"email": "ana@example.org"})
    unknown = client.post("/forgot-password", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True).replace("ana@", "X@") == unknown.get_data(
        as_text=True
    ).replace("nobody@", "X@")
    rows = db.session.scalars(sa.select(OutboxMessage)).all()
    assert [(r.kind, r.to_address) for r in rows] == [("password_reset", "ana@example.org")]


def test_the_answer_takes_the_same_fixed_time_with_or_without_an_account(app, client, make, db):
    app.config["RESET_ANSWER_SECONDS"] = 0.25
    make.trainee(email="ana@example.org")
    db.session.commit()
    for email in ("ana@example.org", "nobody@example.org"):
        started = time.monotonic()
        client.post("/forgot-password", data={"email": email})
        assert 0.25 <= time.monotonic() - started < 2


def test_an_empty_reset_request_is_answered_next_to_the_field(client):
    response = client.post("/forgot-password", data={"email": ""})
    assert response.status_code == 400
    assert "Enter the email address you log in with." in response.get_data(as_text=True)


def test_a_reset_end_to_end_ends_every_other_session(app, client, make, db, smtp):
    server, _ = smtp
    trainee = make.trainee(email="ana@example.org")
    db.session.commit()
    elsewhere = app.test_client()
    with elsewhere.session_transaction() as session:
        from tests import factories

        session["_user_id"] = factories.login_cookie(trainee)
        session["_fresh"] = True
    db.session.commit()
    assert elsewhere.get("/dashboard").status_code == 200

    client.post("/forgot-password", data={"email": "ana@example.org"})
    outbox.send_all()
    [message] = server.received
    assert message["Subject"] == "Reset your password for Riverside Peer Network"
    assert message["List-Unsubscribe"] is None  # security mail
    link = _link(message, "/reset/")
    assert "60 minutes" in text_of(message)
    path = link.removeprefix("http://tracker.test")

    assert client.get(path).status_code == 200
    response = client.post(
        path, data={"password": "a brand new password", "confirm": "a brand new password"}
    )
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200
    # The other browser is logged out; the link works once.
    assert elsewhere.get("/dashboard").status_code == 302
    assert client.get(path).status_code == 410
    assert accounts.authenticate("ana@example.org", "a brand new password").user is not None
    db.session.rollback()

    # And a security notice follows.
    outbox.send_all()
    assert [m["Subject"] for m in server.received][1] == "Your password was changed"


def test_a_reset_link_lasts_one_hour(make, db):
    trainee = make.trainee()
    assert accounts.request_password_reset(trainee.email)
    db.session.commit()
    token = db.session.scalar(sa.select(AccountToken))
    assert token.expires_at - token.created_at == timedelta(hours=1)
    body = db.session.scalar(sa.select(OutboxMessage.body_text))
    raw = re.search(r"/reset/(\S+)", body).group(1)
    with pytest.raises(accounts.TokenProblem) as problem:
        accounts.set_password_with_token(
            raw, "a brand new password", now=utcnow() + timedelta(minutes=61)
        )
    assert problem.value.kind == "expired"


def test_a_double_click_mails_one_link(client, make, db):
    make.trainee(email="ana@example.org")
    db.session.commit()
    for _ in range(2):
        assert client.post("/forgot-password", data={"email": "ana@example.org"}).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountToken)) == 1


def test_a_deactivated_account_gets_no_reset_link(make, db):
    trainee = make.trainee(active=False)
    db.session.commit()
    assert not accounts.request_password_reset(trainee.email)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


class TestResetLimits:
    @pytest.fixture
    def app_overrides(self, smtp):  # type: ignore[no-untyped-def]
        kept = limiter._key_prefix
        yield {
            **mail_settings(smtp[1]),
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_KEY_PREFIX": f"reset-{uuid.uuid4().hex}",
            "RESET_RATELIMIT": "5 per minute",
            "RESET_ACCOUNT_RATELIMIT": "3 per hour",
        }
        limiter._key_prefix = kept

    def test_requests_per_address_are_limited_from_any_client(self, client, make, db):
        make.trainee(email="ana@example.org")
        db.session.commit()
        codes = [
            client.post(
                "/forgot-password",
                data={"email": "ana@example.org"},
                environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
            ).status_code
            for n in range(4)
        ]
        assert codes == [200, 200, 200, 429]

    def test_requests_per_client_are_limited_whatever_the_address(self, client):
        codes = [
            client.post("/forgot-password", data={"email": f"p{n}@example.org"}).status_code
            for n in range(6)
        ]
        assert codes == [200] * 5 + [429]


# --- preferences and unsubscribe --------------------------------------------------------------


def test_preferences_turn_each_kind_off_and_on(client, login_as, db):
    trainee = login_as("trainee")
    page = client.get("/account/mail").get_data(as_text=True)
    assert "Certificate renewal reminders" in page
    assert "Daily review digest" not in page  # a coordinator's mail
    assert "always sent" in page
    response = client.post("/account/mail", data={"topics": ["renewal", "certificates"]})
    assert response.status_code == 303
    assert mail.turned_off(trainee) == {"decisions", "eligibility"}
    client.post("/account/mail", data={"topics": ["renewal", "certificates", "decisions"]})
    assert mail.turned_off(trainee) == {"eligibility"}


def test_an_unknown_topic_is_refused_next_to_the_field(client, login_as):
    login_as("trainee")
    response = client.post("/account/mail", data={"topics": ["review_digest"]})
    assert response.status_code == 400


def test_one_click_unsubscribe_turns_off_that_kind_only(client, make, db, smtp):
    server, _ = smtp
    trainee = make.trainee()
    mail.queue_decision("hours", trainee, "Reason", "1 h", 1)
    db.session.commit()
    outbox.send_all()
    [message] = server.received
    url = message["List-Unsubscribe"][1:-1]
    path = url.removeprefix("http://tracker.test")
    # Opening the link (or a scanner following it) changes nothing.
    page = client.get(path)
    assert page.status_code == 200
    assert "Rejected entries" in page.get_data(as_text=True)
    assert mail.turned_off(trainee) == set()
    # The mail client's one-click POST (RFC 8058), with no session and no CSRF token.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert mail.turned_off(trainee) == {"decisions"}
    assert mail.queue_decision("hours", trainee, "Reason", "1 h", 2).status == "skipped"


def test_a_tampered_unsubscribe_link_is_not_found(client, make, db):
    trainee = make.trainee()
    db.session.commit()
    token = mail.unsubscribe_token(trainee.id, "renewal")
    assert client.post(f"/unsubscribe/{token[:-2]}xx").status_code == 404
    assert mail.turned_off(trainee) == set()


# --- the coordinator's Outbox -------------------------------------------------------------------


def test_without_smtp_coordinators_read_waiting_messages_on_the_outbox_page(
    app, client, login_as, make, db
):
    app.config["MAIL_HOST"] = None
    trainee = make.trainee(email="ana@example.org")
    accounts.request_password_reset(trainee.email)
    db.session.commit()
    login_as("coordinator")
    page = client.get("/coordinator/outbox").get_data(as_text=True)
    assert "No mail server is set up" in page
    assert "ana@example.org" in page
    row = db.session.scalar(sa.select(OutboxMessage))
    detail = client.get(f"/coordinator/outbox/{row.id}").get_data(as_text=True)
    assert re.search(r"http://tracker\.test/reset/\S+", detail)


def test_a_sent_message_body_is_no_longer_shown(client, login_as, make, db, smtp):
    trainee = make.trainee()
    accounts.request_password_reset(trainee.email)
    db.session.commit()
    outbox.send_all()
    login_as("coordinator")
    row = db.session.scalar(sa.select(OutboxMessage))
    assert row.status == OutboxStatus.SENT
    detail = client.get(f"/coordinator/outbox/{row.id}").get_data(as_text=True)
    assert "/reset/" not in detail
    assert client.get("/coordinator/outbox?status=sent").status_code == 200


def test_trainees_cannot_see_the_outbox(client, login_as):
    login_as("trainee")
    assert client.get("/coordinator/outbox").status_code == 403


# --- two senders at once ------------------------------------------------------------------------


def test_two_senders_on_postgresql_send_each_message_once(app, database, make, db, smtp):
    if database[0] != "postgresql":
        pytest.skip("several senders share one database on PostgreSQL (SKIP LOCKED)")
    server, _ = smtp
    for n in range(30):
        mail.queue_invitation(make.trainee(email=f"p{n}@example.org"), f"http://x/{n}")
    db.session.commit()
    start = threading.Barrier(2)
    results: list[outbox.SendResult] = []

    def sender() -> None:
        with app.app_context():
            start.wait()
            results.append(outbox.send_all(limit=3))
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 2
    sent = [i for r in results for i in r.sent]
    assert len(sent) == len(set(sent)) == 30
    addresses = [m["To"] for m in server.received]
    assert len(addresses) == len(set(addresses)) == 30
