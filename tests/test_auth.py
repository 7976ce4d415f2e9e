"""Logging in and out, one-time links, changing a password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.factories import PASSWORD
from tracker.models import AccountToken, AuditEvent, LoginSession, TokenPurpose, User, utcnow
from tracker.services import accounts

WRONG = "The email or password is not right."


def login(client, email, password=PASSWORD, next_=None, follow=False):
    data = {"email": email, "password": password}
    if next_ is not None:
        data["next"] = next_
    return client.post("/login", data=data, follow_redirects=follow)


def current_user_id(client):
    with client.session_transaction() as session:
        value = session.get("_user_id")
    return int(value.split(":")[0]) if value else None


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- logging in -------------------------------------------------------------------


def test_login_with_the_right_password_starts_a_session(client, make, db):
    trainee = make.trainee(email="ana@example.org")
    db.session.commit()
    response = login(client, "ana@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert current_user_id(client) == trainee.id
    page = client.get("/", follow_redirects=True)
    assert page.status_code == 200
    assert b"Welcome, " in page.data
    db.session.expire_all()
    assert db.session.get(User, trainee.id).last_login_at is not None


def test_email_is_matched_without_regard_to_case_or_spaces(client, make, db):
    trainee = make.trainee(email="ana@example.org")
    db.session.commit()
    assert login(client, "  ANA@Example.org ").status_code == 302
    assert current_user_id(client) == trainee.id


@pytest.mark.parametrize(
    ("email", "password"),
    [("ana@example.org", "not the password"), ("nobody@example.org", PASSWORD)],
    ids=["wrong-password", "unknown-email"],
)
def test_a_failed_login_says_the_same_thing_whichever_part_was_wrong(
    client, make, db, email, password
):
    make.trainee(email="ana@example.org")
    db.session.commit()
    response = login(client, email, password)
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)
    assert current_user_id(client) is None


def test_an_empty_login_form_is_answered_with_field_errors(client):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 400
    # Plain words naming the field, as on every form.
    assert "Enter the email." in response.get_data(as_text=True)
    assert "Enter the password." in response.get_data(as_text=True)
    assert "This field is required." not in response.get_data(as_text=True)
    assert current_user_id(client) is None


def test_a_deactivated_account_cannot_log_in(client, make, db):
    make.trainee(email="gone@example.org", active=False)
    db.session.commit()
    response = login(client, "gone@example.org")
    assert response.status_code == 401
    assert "deactivated" in response.get_data(as_text=True)
    assert current_user_id(client) is None


def test_an_invited_account_without_password_cannot_log_in(client, make, db):
    make.trainee(email="invited@example.org", password=None)
    db.session.commit()
    response = login(client, "invited@example.org", "")
    assert response.status_code == 400
    response = login(client, "invited@example.org", "anything at all")
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)


def test_a_logged_in_user_visiting_login_goes_to_their_start_page(client, login_as):
    login_as("coordinator")
    response = client.get("/login")
    assert response.status_code == 302
    assert client.get("/").headers["Location"] == "/coordinator/"


def test_login_clears_whatever_was_in_the_session_before(client, make, db):
    make.trainee(email="ana@example.org")
    db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["_user_id"] = "999:stale"
    assert login(client, "ana@example.org").status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] != "999:stale"


# --- where login sends you --------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/login",
        "https://evil.example",
        "http://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "/\t/evil.example",
        "///evil.example",
        "evil.example",
    ],
)
def test_next_never_leaves_the_site(client, make, db, target):
    make.trainee(email="ana@example.org")
    db.session.commit()
    response = login(client, "ana@example.org", next_=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_from_the_query_string_is_dropped_when_it_leaves_the_site(client):
    page = client.get("/login?next=//evil.example").get_data(as_text=True)
    assert "evil.example" not in page


@pytest.mark.parametrize("target", ["/account/password", "/coordinator/accounts?page=2"])
def test_next_on_this_site_is_followed(client, make, db, target):
    make.coordinator(email="cora@example.org")
    db.session.commit()
    page = client.get("/login?next=" + target.replace("?", "%3F").replace("=", "%3D"))
    assert f'value="{target}"' in page.get_data(as_text=True)
    response = login(client, "cora@example.org", next_=target)
    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_a_protected_page_sends_anonymous_visitors_to_login_and_back(client, make, db):
    make.coordinator(email="cora@example.org")
    db.session.commit()
    response = client.get("/coordinator/accounts")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    back = login(client, "cora@example.org", next_="/coordinator/accounts")
    assert back.headers["Location"] == "/coordinator/accounts"


# --- passwords: length and no truncation --------------------------------------------


def test_a_long_password_is_used_in_full(client, make, db):
    long_password = "".join(chr(ord("a") + i % 26) for i in range(100))
    make.trainee(email="long@example.org", password=long_password)
    db.session.commit()
    for prefix in (long_password[:99], long_password[:72], long_password[:64]):
        assert login(client, "long@example.org", prefix).status_code == 401
        assert current_user_id(client) is None
    assert login(client, "long@example.org", long_password).status_code == 302


def test_passwords_shorter_than_ten_characters_are_refused(app):
    assert accounts.password_problems("123456789") == ["Use at least 10 characters."]
    assert accounts.password_problems("1234567890") == []
    assert accounts.password_problems(" " * 12) == ["The password cannot be only spaces."]


def test_passwords_are_stored_with_argon2(make, db):
    user = make.trainee()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


# --- logging out --------------------------------------------------------------------


def test_logout_ends_the_session(client, login_as):
    login_as("trainee")
    assert client.get("/logout").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert current_user_id(client) is None
    assert client.get("/dashboard").status_code == 302


def test_logout_page_for_anonymous_visitors_goes_to_login(client):
    response = client.get("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


# --- rate limit ---------------------------------------------------------------------


class TestLoginRateLimit:
    @pytest.fixture
    def app_overrides(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATELIMIT": "3 per minute"}

    def test_login_posts_are_limited(self, client, make, db):
        make.trainee(email="ana@example.org")
        db.session.commit()
        for _ in range(3):
            assert login(client, "ana@example.org", "guess guess guess").status_code == 401
        blocked = login(client, "ana@example.org", PASSWORD)
        assert blocked.status_code == 429
        assert current_user_id(client) is None
        # Reading the page is not limited.
        assert client.get("/login").status_code == 200


def test_the_login_limit_is_off_in_the_default_test_settings(client, make, db):
    make.trainee(email="ana@example.org")
    db.session.commit()
    for _ in range(12):
        assert login(client, "ana@example.org", "guess guess guess").status_code == 401


# --- one-time links -----------------------------------------------------------------


def _invite(db, make, email="new@example.org", now=None):
    coordinator = make.coordinator()
    user, raw = accounts.invite(email, "New Person", "trainee", coordinator)
    if now is not None:
        token = db.session.scalar(sa.select(AccountToken).where(AccountToken.user_id == user.id))
        token.created_at = now
        token.expires_at = now + timedelta(days=7)
    db.session.commit()
    return user, raw


def test_an_invitation_link_sets_the_password_and_logs_in(client, make, db):
    user, raw = _invite(db, make)
    page = client.get(f"/invite/{raw}")
    assert page.status_code == 200
    assert "Welcome, New Person" in page.get_data(as_text=True)
    response = client.post(
        f"/invite/{raw}", data={"password": "a new long password", "confirm": "a new long password"}
    )
    assert response.status_code == 302
    assert current_user_id(client) == user.id
    assert client.get("/", follow_redirects=False).headers["Location"] == "/dashboard"
    db.session.expire_all()
    assert accounts.check_password(db.session.get(User, user.id), "a new long password")
    token = db.session.scalar(sa.select(AccountToken).where(AccountToken.user_id == user.id))
    assert token.used_at is not None
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_id == user.id)
    )
    assert "account.invitation_accepted" in set(actions)


def test_an_invitation_link_works_only_once(client, app, make, db):
    _user, raw = _invite(db, make)
    data = {"password": "a new long password", "confirm": "a new long password"}
    assert client.post(f"/invite/{raw}", data=data).status_code == 302
    other = app.test_client()
    for response in (other.get(f"/invite/{raw}"), other.post(f"/invite/{raw}", data=data)):
        assert response.status_code == 410
        assert "This link has already been used" in response.get_data(as_text=True)
    assert current_user_id(other) is None


def test_an_expired_invitation_link_is_refused(client, make, db):
    user, raw = _invite(db, make, now=utcnow() - timedelta(days=7, minutes=1))
    page = client.get(f"/invite/{raw}")
    assert page.status_code == 410
    assert "This link has expired" in page.get_data(as_text=True)
    response = client.post(
        f"/invite/{raw}", data={"password": "a new long password", "confirm": "a new long password"}
    )
    assert response.status_code == 410
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash is None
    assert current_user_id(client) is None


def test_the_service_decides_expiry_by_the_time_given(make, db):
    _user, raw = _invite(db, make)
    assert accounts.find_token(raw, now=utcnow() + timedelta(days=6, hours=23))
    with pytest.raises(accounts.TokenProblem) as caught:
        accounts.set_password_with_token(
            raw, "a new long password", now=utcnow() + timedelta(days=7)
        )
    assert caught.value.kind == "expired"


def test_an_unknown_link_gets_a_clear_page(client):
    response = client.get("/invite/not-a-real-token")
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)


def test_a_link_for_a_deactivated_account_does_not_work(client, make, db):
    user, raw = _invite(db, make)
    user.active = False
    db.session.commit()
    response = client.get(f"/invite/{raw}")
    assert response.status_code == 404
    assert "deactivated" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", "short", "Use at least 10 characters."),
        ("a new long password", "a different password", "The two passwords differ."),
        ("", "", "Enter the new password."),
    ],
    ids=["too-short", "mismatch", "empty"],
)
def test_bad_passwords_on_the_link_page_keep_the_link_usable(
    client, make, db, password, confirm, message
):
    user, raw = _invite(db, make)
    response = client.post(f"/invite/{raw}", data={"password": password, "confirm": confirm})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash is None
    token = db.session.scalar(sa.select(AccountToken).where(AccountToken.user_id == user.id))
    assert token.used_at is None
    assert current_user_id(client) is None


def test_only_the_hash_of_a_link_is_stored(make, db):
    user, raw = _invite(db, make)
    token = db.session.scalar(sa.select(AccountToken).where(AccountToken.user_id == user.id))
    assert raw not in token.token_hash
    assert token.purpose == TokenPurpose.INVITATION
    assert token.expires_at - token.created_at == timedelta(days=7)


# --- changing a password ------------------------------------------------------------


def _change(client, current=PASSWORD, new="a brand new password", confirm=None):
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm": new if confirm is None else confirm,
        },
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"current": "not my password"}, "Your current password is not right."),
        ({"confirm": "something else entirely"}, "The two passwords differ."),
        ({"new": "too short"}, "Use at least 10 characters."),
        ({"new": PASSWORD}, "Choose a password different from the current one."),
    ],
    ids=["wrong-current", "mismatch", "too-short", "unchanged"],
)
def test_a_refused_password_change_changes_nothing(client, login_as, db, kwargs, message):
    user = login_as("trainee")
    old_hash = user.password_hash
    response = _change(client, **kwargs)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.password_hash == old_hash
    assert count(db, LoginSession) == 1
    assert db.session.scalar(sa.select(LoginSession.ended_at)) is None
    assert client.get("/dashboard").status_code == 200


def test_changing_the_password_logs_out_every_other_session(app, client, login_as, make, db):
    user = login_as("trainee")
    cookie = make.login_cookie(user)
    db.session.commit()
    other_device = app.test_client()
    with other_device.session_transaction() as session:
        session["_user_id"] = cookie
    assert other_device.get("/dashboard").status_code == 200

    response = _change(client)
    assert response.status_code == 302
    # This browser stays logged in; the other one is sent to the login page.
    assert client.get("/dashboard").status_code == 200
    gone = other_device.get("/dashboard")
    assert gone.status_code == 302
    assert gone.headers["Location"].startswith("/login")

    db.session.expire_all()
    fresh = app.test_client()
    assert login(fresh, user.email, PASSWORD).status_code == 401
    assert login(fresh, user.email, "a brand new password").status_code == 302
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_id == user.id)
    )
    assert "account.password_changed" in set(actions)


def test_change_password_needs_a_login(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_a_page_of_the_invite_flow_links_back_to_login(client):
    body = client.get("/invite/unknown").get_data(as_text=True)
    assert re.search(r'href="/login"', body)
