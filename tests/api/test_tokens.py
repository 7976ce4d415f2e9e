"""Personal access tokens: made once, stored as a hash, expiring, revocable, touched
at most once a minute; the command and the settings page."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from tracker.models import ApiToken, AuditEvent, utcnow
from tracker.services import api_tokens
from tracker.services.errors import NotFoundError, ValidationError


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(db, make):
    user = make.trainee()
    made = api_tokens.create(user, "  Scheduling tool ", expires_days=30)
    db.session.commit()
    stored = db.session.get(ApiToken, made.token.id)
    assert made.raw.startswith("ptt_") and len(made.raw) > 40
    assert stored.name == "Scheduling tool"
    assert stored.token_hash == hashlib.sha256(made.raw.encode()).hexdigest()
    assert made.raw not in {stored.token_hash, stored.name}
    assert (
        timedelta(days=29, hours=23) < stored.expires_at - stored.created_at <= timedelta(days=30)
    )
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity_id == stored.id))


@pytest.mark.parametrize(
    ("name", "days", "field"),
    [
        ("", None, "name"),
        ("x" * 121, None, "name"),
        ("ok", 0, "expires_days"),
        ("ok", 5000, "expires_days"),
    ],
)
def test_bad_token_requests_are_refused_with_the_field(db, make, name, days, field):
    with pytest.raises(ValidationError) as caught:
        api_tokens.create(make.trainee(), name, days)
    assert field in caught.value.errors
    db.session.rollback()
    assert db.session.scalar(select(ApiToken)) is None


def test_only_live_tokens_of_active_accounts_authenticate(db, make):
    user = make.trainee()
    live = api_tokens.create(user, "live").raw
    expiring = api_tokens.create(user, "expiring", expires_days=1)
    revoked = api_tokens.create(user, "revoked")
    db.session.commit()
    assert api_tokens.authenticate(live).user.id == user.id
    assert api_tokens.authenticate(live + "x") is None
    assert api_tokens.authenticate("not-a-token") is None
    later = utcnow() + timedelta(days=1, seconds=1)
    assert api_tokens.authenticate(expiring.raw, now=later) is None
    assert api_tokens.authenticate(expiring.raw) is not None
    assert api_tokens.revoke(user, revoked.token.id) is True
    assert api_tokens.revoke(user, revoked.token.id) is False
    db.session.commit()
    assert api_tokens.authenticate(revoked.raw) is None
    user.active = False
    db.session.commit()
    assert api_tokens.authenticate(live) is None


def test_nobody_revokes_another_persons_token(db, make):
    owner, other = make.trainee(), make.coordinator()
    made = api_tokens.create(owner, "mine")
    db.session.commit()
    with pytest.raises(NotFoundError):
        api_tokens.revoke(other, made.token.id)


def test_last_used_is_written_at_most_once_a_minute(db, make, app):
    caller_user = make.trainee()
    made = api_tokens.create(caller_user, "script")
    db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {made.raw}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    db.session.expire_all()
    first = db.session.get(ApiToken, made.token.id).last_used_at
    assert first is not None
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, made.token.id).last_used_at == first
    found = api_tokens.authenticate(made.raw, now=first + timedelta(seconds=61))
    assert found.due_for_touch


def test_the_command_prints_a_working_token(runner, db, make, app):
    user = make.coordinator(email="boss@example.org")
    db.session.commit()
    result = runner.invoke(
        args=["create-token", "--email", "BOSS@example.org", "--name", "HR", "--expires-days", "7"]
    )
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json["id"] == user.id
    assert db.session.scalar(select(ApiToken.expires_at)) is not None


def test_the_command_refuses_an_unknown_account_and_a_bad_expiry(runner, db, make):
    make.trainee(email="t@example.org")
    db.session.commit()
    unknown = runner.invoke(args=["create-token", "--email", "x@example.org", "--name", "n"])
    assert unknown.exit_code == 1 and "no account" in unknown.output
    bad = runner.invoke(
        args=["create-token", "--email", "t@example.org", "--name", "n", "--expires-days", "0"]
    )
    assert bad.exit_code != 0
    assert db.session.scalar(select(ApiToken)) is None


def test_the_settings_page_makes_lists_and_revokes_tokens(client, login_as, db, app):
    user = login_as("trainee")
    page = client.get("/account/tokens")
    assert page.status_code == 200 and "You have no API tokens." in page.text

    made = client.post("/account/tokens", data={"name": "Timesheets", "expires_days": "30"})
    assert made.status_code == 200
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    raw = made.text.split('<code id="new-token">')[1].split("</code>")[0]
    assert api_tokens.digest(raw) == token.token_hash
    again = client.get("/account/tokens")
    assert "Timesheets" in again.text and raw not in again.text  # shown once

    api = app.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    revoked = client.post(f"/account/tokens/{token.id}/revoke", follow_redirects=True)
    assert "no longer opens the API" in revoked.text
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_the_settings_page_says_what_is_wrong_next_to_the_field(client, login_as, db):
    login_as("trainee")
    response = client.post("/account/tokens", data={"name": "", "expires_days": "30"})
    assert response.status_code == 400
    assert 'id="name-error"' in response.text
    assert db.session.scalar(select(ApiToken)) is None


def test_another_persons_token_cannot_be_revoked_from_the_page(client, login_as, db, make):
    other = make.trainee()
    made = api_tokens.create(other, "theirs")
    db.session.commit()
    login_as("trainee")
    assert client.post(f"/account/tokens/{made.token.id}/revoke").status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, made.token.id).revoked_at is None
