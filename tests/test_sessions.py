"""Login sessions: logging out ends the session for every copy of its cookie.

The session cookie is signed, not stored, so clearing it in one browser left a
saved copy working: it still read pages and stored hours after the logout.  Each
login is now a row (services/logins.py) that logout, password changes,
deactivation and "log out of every other session" end.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.factories import PASSWORD
from tracker.models import AuditEvent, HourEntry, LoginSession, User, utcnow
from tracker.services import accounts, logins

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
HOURS = {
    "worked_on": "",
    "hours": "2",
    "activity": "support_group",
    "setting": "in_person",
    "is_paid": "volunteer",
}


def log_in(app, email, user_agent=FIREFOX):  # type: ignore[no-untyped-def]
    """A new browser, logged in through the login form."""
    browser = app.test_client()
    response = browser.post(
        "/login",
        data={"email": email, "password": PASSWORD},
        headers={"User-Agent": user_agent},
    )
    assert response.status_code == 302
    return browser


def copy_of(app, browser):  # type: ignore[no-untyped-def]
    """Another browser holding a copy of ``browser``'s session cookie."""
    cookie = browser.get_cookie("session")
    assert cookie is not None
    other = app.test_client()
    other.set_cookie("session", cookie.value)
    return other


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def sent_to_login(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.fixture
def ana(make, db):  # type: ignore[no-untyped-def]
    user = make.trainee(email="ana@example.org")
    db.session.commit()
    return user


def test_a_cookie_saved_before_logout_is_anonymous_after_it(app, db, ana, today):
    browser = log_in(app, "ana@example.org")
    saved = copy_of(app, browser)
    assert saved.get("/dashboard").status_code == 200

    assert browser.post("/logout").status_code == 302

    assert sent_to_login(saved.get("/dashboard"))
    form = {**HOURS, "worked_on": (today - timedelta(days=1)).isoformat()}
    assert sent_to_login(saved.post("/hours/new", data=form))
    assert count(db, HourEntry) == 0
    assert sent_to_login(browser.get("/dashboard"))


def test_logging_out_ends_this_session_only(app, db, ana):
    laptop = log_in(app, "ana@example.org")
    phone = log_in(app, "ana@example.org", IPHONE)
    assert laptop.post("/logout").status_code == 302
    assert sent_to_login(laptop.get("/dashboard"))
    assert phone.get("/dashboard").status_code == 200
    assert count(db, LoginSession) == 2
    ended = db.session.scalars(sa.select(LoginSession.ended_at).order_by(LoginSession.id)).all()
    assert ended[0] is not None and ended[1] is None


def test_log_out_of_every_other_session(app, db, ana):
    laptop = log_in(app, "ana@example.org")
    phone = log_in(app, "ana@example.org", IPHONE)
    stolen = copy_of(app, phone)

    page = laptop.get("/account/password").get_data(as_text=True)
    assert "Firefox on Windows <strong>(this browser)</strong>" in page
    assert "Safari on iPhone" in page
    assert "Log out of every other session" in page

    response = laptop.post("/account/sessions/end-others")
    assert response.status_code == 303
    assert "You are logged out of every other session." in laptop.get(
        response.headers["Location"]
    ).get_data(as_text=True)
    assert laptop.get("/dashboard").status_code == 200
    assert sent_to_login(phone.get("/dashboard"))
    assert sent_to_login(stolen.get("/dashboard"))
    page = laptop.get("/account/password").get_data(as_text=True)
    assert "Safari on iPhone" not in page
    assert "You are not logged in anywhere else." in page
    action = db.session.scalar(
        sa.select(AuditEvent.action).where(AuditEvent.action == "account.sessions_ended")
    )
    assert action == "account.sessions_ended"


def test_ending_other_sessions_needs_a_login(client):
    response = client.post("/account/sessions/end-others")
    assert sent_to_login(response)


def test_a_password_set_from_a_link_ends_every_session(app, db, make, ana):
    browser = log_in(app, "ana@example.org")
    raw = accounts.issue_token(ana, "password_reset", make.coordinator())
    db.session.commit()
    accounts.set_password_with_token(raw, "a brand new password")
    db.session.commit()
    assert sent_to_login(browser.get("/dashboard"))


def test_deactivation_ends_every_session_and_reactivation_revives_none(app, db, make, ana):
    browser = log_in(app, "ana@example.org")
    coordinator = make.coordinator()
    accounts.set_active(coordinator, ana, False)
    accounts.set_active(coordinator, ana, True)
    db.session.commit()
    assert sent_to_login(browser.get("/dashboard"))


def test_a_session_idle_too_long_is_over(app, db, ana):
    browser = log_in(app, "ana@example.org")
    login = db.session.scalar(sa.select(LoginSession))
    login.last_seen_at = utcnow() - app.config["LOGIN_IDLE_TIMEOUT"] - timedelta(minutes=1)
    db.session.commit()
    assert sent_to_login(browser.get("/dashboard"))


def test_use_is_noted_at_most_every_few_minutes(app, db, ana):
    browser = log_in(app, "ana@example.org")
    login = db.session.scalar(sa.select(LoginSession))
    recent = utcnow() - logins.TOUCH_INTERVAL + timedelta(seconds=30)
    login.last_seen_at = recent
    db.session.commit()
    assert browser.get("/dashboard").status_code == 200
    db.session.expire_all()
    assert db.session.get(LoginSession, login.id).last_seen_at == recent  # not written again

    old = utcnow() - logins.TOUCH_INTERVAL - timedelta(seconds=30)
    db.session.get(LoginSession, login.id).last_seen_at = old
    db.session.commit()
    before = utcnow()
    assert browser.get("/dashboard").status_code == 200
    db.session.expire_all()
    assert db.session.get(LoginSession, login.id).last_seen_at >= before - timedelta(seconds=1)


def test_only_a_hash_of_the_key_is_stored(app, db, ana):
    browser = log_in(app, "ana@example.org")
    with browser.session_transaction() as session:
        _user_id, _, key = session["_user_id"].partition(":")
    stored = db.session.scalar(sa.select(LoginSession))
    assert key and key not in stored.key_hash
    assert len(stored.key_hash) == 64


def test_a_cookie_naming_another_users_session_is_refused(app, db, make, ana):
    browser = log_in(app, "ana@example.org")
    other = make.trainee()
    db.session.commit()
    with browser.session_transaction() as session:
        _ident, _, key = session["_user_id"].partition(":")
        session["_user_id"] = f"{other.id}:{key}"
    assert sent_to_login(browser.get("/dashboard"))
    assert db.session.get(User, other.id).last_login_at is None


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (FIREFOX, "Firefox on Windows"),
        (IPHONE, "Safari on iPhone"),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
            "Edge on macOS",
        ),
        ("curl/8.5.0", "curl/8.5.0"),
        ("x" * 300 + "\x00", "x" * 120),
        (None, ""),
    ],
)
def test_sessions_are_labelled_by_browser(agent, label):
    assert logins.device_label(agent) == label
