"""The demo's states call for reminders: send-reminders then send-mail delivers them,
each once, to a real SMTP server."""

from __future__ import annotations

from datetime import date

import pytest

from tests.smtp_server import mail_settings, text_of
from tracker.services import demo

TODAY = date(2026, 12, 1)


@pytest.fixture
def app_overrides(smtp):  # type: ignore[no-untyped-def]
    return {**mail_settings(smtp[1]), "TODAY": TODAY}


def test_the_demo_gets_its_reminders_once(db, runner, smtp):
    server, _ = smtp
    demo.seed("demo-password-1", today=TODAY)
    db.session.commit()
    for _ in range(2):
        assert runner.invoke(args=["send-reminders"]).exit_code == 0
        assert runner.invoke(args=["send-mail"]).exit_code == 0
    by_person: dict[str, list[str]] = {}
    for message in server.received:
        by_person.setdefault(message["To"], []).append(message["Subject"].strip())
    assert all(len(subjects) == len(set(subjects)) for subjects in by_person.values())
    assert by_person["riley.chen@example.org"][0].startswith(
        "Your Peer Support Specialist certificate expires in"
    )
    assert by_person["robin.walsh@example.org"][0].startswith(
        "Your Peer Support Specialist certificate has expired: renew it by"
    )
    assert by_person["taylor.brooks@example.org"] == [
        "Your Peer Support Specialist certificate has lapsed"
    ]
    digests = by_person["coordinator@example.org"]
    assert len(digests) == 1 and "wait for review" in digests[0]
    digest = next(m for m in server.received if m["To"] == "coordinator@example.org")
    assert "Hour entries:" in text_of(digest)
    for eligible in ("casey.morgan@example.org", "pat.morales@example.org"):
        assert by_person[eligible][0].startswith("You meet every requirement of")
    assert "Casey Morgan: Peer Support Specialist" in text_of(digest)
    # Nobody is told about a certificate the demo issued in its past.
    assert not any(s.endswith(" certificate") for subjects in by_person.values() for s in subjects)
    # The revoked and the deactivated get nothing.
    assert "drew.patel@example.org" not in by_person
    assert "jamie.fox@example.org" not in by_person
