"""Coordinators' account pages and the account rules behind them."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tracker.models import AccountToken, AuditEvent, LoginSession, Role, User
from tracker.services import accounts
from tracker.services.errors import ServiceError, ValidationError


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def audit_actions(db, user_id: int) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.entity_type == "users", AuditEvent.entity_id == user_id)
            .order_by(AuditEvent.id)
        )
    )


def invite_link(html: str) -> str:
    match = re.search(r'href="http://[^"/]+(/invite/[A-Za-z0-9_-]+)"', html)
    assert match, "no invitation link on the page"
    return match.group(1)


# --- inviting -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["trainee", "coordinator"])
def test_a_coordinator_invites_someone_and_sees_the_link_once(app, client, login_as, db, role):
    coordinator = login_as("coordinator")
    assert client.get("/coordinator/accounts/invite").status_code == 200
    response = client.post(
        "/coordinator/accounts/invite",
        data={"display_name": "Rosa Diaz", "email": "Rosa@Example.org", "role": role},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Pass this link on to <strong>rosa@example.org</strong>" in html
    link = invite_link(html)

    user = db.session.scalar(sa.select(User).where(User.email == "rosa@example.org"))
    assert (user.role, user.display_name, user.has_password) == (role, "Rosa Diaz", False)
    assert audit_actions(db, user.id) == ["account.created", "account.invited"]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "account.invited"))
    assert event.actor_id == coordinator.id

    newcomer = app.test_client()
    response = newcomer.post(
        link, data={"password": "rosa's own password", "confirm": "rosa's own password"}
    )
    assert response.status_code == 302
    start = newcomer.get("/").headers["Location"]
    assert start == ("/coordinator/" if role == "coordinator" else "/dashboard")


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        (
            {"display_name": "Dup", "email": "TAKEN@example.org"},
            "email",
            "An account with this email already exists.",
        ),
        ({"display_name": "No Mail", "email": "not-an-address"}, "email", "Enter an email address"),
        ({"display_name": "", "email": "free@example.org"}, "display_name", "Enter the name."),
        ({"display_name": "\u202e\u200b", "email": "free@example.org"}, "display_name", "name"),
    ],
    ids=["duplicate-email", "bad-email", "no-name", "only-invisible-characters"],
)
def test_a_bad_invitation_is_refused_next_to_the_field_and_stores_nothing(
    client, login_as, make, db, data, field_id, message
):
    login_as("coordinator")
    make.trainee(email="taken@example.org")
    db.session.commit()
    users, tokens, events = count(db, User), count(db, AccountToken), count(db, AuditEvent)
    response = client.post("/coordinator/accounts/invite", data={**data, "role": "trainee"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert error, f"no error next to {field_id}"
    assert message in error.group(1)
    assert f'aria-describedby="{field_id}-error"' in html or f'{field_id}-error"' in html
    assert (count(db, User), count(db, AccountToken), count(db, AuditEvent)) == (
        users,
        tokens,
        events,
    )


def test_an_unknown_role_is_refused(client, login_as, db):
    login_as("coordinator")
    before = count(db, User)
    response = client.post(
        "/coordinator/accounts/invite",
        data={"display_name": "X", "email": "x@example.org", "role": "admin"},
    )
    assert response.status_code == 400
    assert "Choose one of the options." in response.get_data(as_text=True)
    assert count(db, User) == before
    with pytest.raises(ValidationError):
        accounts.create_user("y@example.org", "Y", role="admin")


def test_a_new_link_can_be_made_for_someone_who_has_not_set_a_password(
    app, client, login_as, make, db
):
    login_as("coordinator")
    invited = make.trainee(password=None)
    db.session.commit()
    response = client.post(f"/coordinator/accounts/{invited.id}/reinvite")
    assert response.status_code == 200
    link = invite_link(response.get_data(as_text=True))
    assert app.test_client().get(link).status_code == 200
    assert "account.reinvited" in audit_actions(db, invited.id)


def test_no_new_link_for_someone_who_has_a_password(client, login_as, make, db):
    login_as("coordinator")
    trainee = make.trainee()
    db.session.commit()
    tokens = count(db, AccountToken)
    response = client.post(f"/coordinator/accounts/{trainee.id}/reinvite", follow_redirects=True)
    assert "already set a password" in response.get_data(as_text=True)
    assert count(db, AccountToken) == tokens


def test_no_new_link_for_a_deactivated_account(client, login_as, make, db):
    login_as("coordinator")
    gone = make.trainee(password=None, active=False)
    db.session.commit()
    tokens = count(db, AccountToken)
    response = client.post(f"/coordinator/accounts/{gone.id}/reinvite", follow_redirects=True)
    assert "This account is deactivated; reactivate it first." in response.get_data(as_text=True)
    assert count(db, AccountToken) == tokens


def test_reinviting_an_unknown_account_is_404(client, login_as):
    login_as("coordinator")
    assert client.post("/coordinator/accounts/9999/reinvite").status_code == 404


# --- the list -----------------------------------------------------------------------


def test_the_account_list_filters_and_paginates(app, client, login_as, make, db):
    login_as("coordinator", display_name="Cora Coordinator")
    make.trainee(display_name="Zed Trainee", email="zed@example.org")
    make.trainee(display_name="Gone Trainee", active=False)
    make.trainee(display_name="Invited Trainee", password=None)
    db.session.commit()

    page = client.get("/coordinator/accounts").get_data(as_text=True)
    assert "4 accounts" in page
    assert "Zed Trainee" in page

    page = client.get("/coordinator/accounts?q=ZED").get_data(as_text=True)
    assert "1 account<" in page
    assert "zed@example.org" in page

    page = client.get("/coordinator/accounts?role=coordinator").get_data(as_text=True)
    assert "Cora Coordinator" in page
    assert "Zed Trainee" not in page

    page = client.get("/coordinator/accounts?status=inactive").get_data(as_text=True)
    assert "Gone Trainee" in page
    assert "Zed Trainee" not in page

    page = client.get("/coordinator/accounts?status=invited").get_data(as_text=True)
    assert "Invited Trainee" in page
    assert "Zed Trainee" not in page

    app.config["ITEMS_PER_PAGE"] = 2
    first = client.get("/coordinator/accounts").get_data(as_text=True)
    assert 'rel="next"' in first
    second = client.get("/coordinator/accounts?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second


def test_a_search_with_like_wildcards_matches_them_literally(client, login_as, make, db):
    login_as("coordinator")
    make.trainee(display_name="Plain Name")
    db.session.commit()
    page = client.get("/coordinator/accounts?q=%25").get_data(as_text=True)
    assert "Plain Name" not in page


def test_trainees_cannot_see_accounts(client, login_as):
    login_as("trainee")
    assert client.get("/coordinator/accounts").status_code == 403
    assert client.post("/coordinator/accounts/invite", data={}).status_code == 403


# --- deactivating and reactivating --------------------------------------------------


def test_deactivation_logs_the_person_out_on_their_next_request(app, client, login_as, make, db):
    trainee = make.trainee()
    cookie = make.login_cookie(trainee)
    db.session.commit()
    trainee_browser = app.test_client()
    with trainee_browser.session_transaction() as session:
        session["_user_id"] = cookie
    assert trainee_browser.get("/dashboard").status_code == 200

    coordinator = login_as("coordinator")
    response = client.post(f"/coordinator/accounts/{trainee.id}/deactivate")
    assert response.status_code == 303
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "account is deactivated" in followed

    gone = trainee_browser.get("/dashboard")
    assert gone.status_code == 302
    assert gone.headers["Location"].startswith("/login")
    db.session.expire_all()
    trainee = db.session.get(User, trainee.id)
    assert trainee.active is False
    assert trainee.deactivated_at is not None
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "account.deactivated")
    )
    assert (event.actor_id, event.entity_id) == (coordinator.id, trainee.id)
    assert (event.before, event.after) == ({"active": True}, {"active": False})


def test_reactivation_lets_the_person_log_in_again(app, client, login_as, make, db):
    trainee = make.trainee(email="back@example.org", active=False)
    login_as("coordinator")
    response = client.post(f"/coordinator/accounts/{trainee.id}/reactivate")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, trainee.id).active is True
    assert db.session.get(User, trainee.id).deactivated_at is None
    assert "account.reactivated" in audit_actions(db, trainee.id)
    login = app.test_client().post(
        "/login", data={"email": "back@example.org", "password": "correct horse battery"}
    )
    assert login.status_code == 302


def test_a_coordinator_cannot_deactivate_themself(client, login_as, make, db):
    me = login_as("coordinator")
    make.coordinator()  # so "last coordinator" is not the reason
    db.session.commit()
    response = client.post(f"/coordinator/accounts/{me.id}/deactivate", follow_redirects=True)
    assert "You cannot change your own account" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, me.id).active is True
    assert audit_actions(db, me.id) == []
    # The list offers no button to do it either.
    page = client.get("/coordinator/accounts").get_data(as_text=True)
    assert f"/coordinator/accounts/{me.id}/deactivate" not in page


def test_the_last_active_coordinator_cannot_be_deactivated(app, make, db):
    last = make.coordinator()
    inactive_actor = make.coordinator(active=False)
    db.session.commit()
    with pytest.raises(ServiceError, match="last active coordinator"):
        accounts.set_active(inactive_actor, last, False)
    db.session.rollback()
    assert db.session.get(User, last.id).active is True
    assert accounts.active_coordinator_count() == 1


def test_of_two_coordinators_one_may_deactivate_the_other_but_not_be_left_alone(
    app, client, login_as, make, db
):
    me = login_as("coordinator")
    other = make.coordinator()
    db.session.commit()
    assert client.post(f"/coordinator/accounts/{other.id}/deactivate").status_code == 303
    db.session.expire_all()
    assert db.session.get(User, other.id).active is False
    assert accounts.active_coordinator_count() == 1
    # Now `me` is the last one: the service refuses whoever asks.
    with pytest.raises(ServiceError, match="last active coordinator"):
        accounts.set_active(db.session.get(User, other.id), db.session.get(User, me.id), False)
    db.session.rollback()
    assert db.session.get(User, me.id).active is True


def test_the_last_coordinator_page_shows_the_refusal(client, login_as, make, db):
    """Through the pages the last active coordinator is always the one acting: once the
    other is deactivated, the page refuses to deactivate the one left."""
    me = login_as("coordinator")
    other = make.coordinator()
    db.session.commit()
    client.post(f"/coordinator/accounts/{other.id}/deactivate")
    response = client.post(f"/coordinator/accounts/{me.id}/deactivate", follow_redirects=True)
    assert response.status_code == 200
    assert "You cannot change your own account" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, me.id).active is True
    assert accounts.active_coordinator_count() == 1


def test_changing_an_unknown_account_is_404(client, login_as):
    login_as("coordinator")
    assert client.post("/coordinator/accounts/9999/deactivate").status_code == 404
    assert client.post("/coordinator/accounts/9999/reactivate").status_code == 404


def test_the_redirect_after_a_change_never_leaves_the_site(client, login_as, make, db):
    login_as("coordinator")
    trainee = make.trainee()
    db.session.commit()
    response = client.post(
        f"/coordinator/accounts/{trainee.id}/deactivate",
        headers={"Referer": "https://evil.example/phish"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/coordinator/accounts"
    response = client.post(
        f"/coordinator/accounts/{trainee.id}/reactivate",
        headers={"Referer": "http://localhost/coordinator/accounts?q=x"},
    )
    assert response.headers["Location"] == "http://localhost/coordinator/accounts?q=x"


def test_setting_the_same_state_again_changes_nothing(make, db):
    actor, trainee = make.coordinator(), make.trainee()
    make.login_cookie(trainee)
    accounts.set_active(actor, trainee, True)
    assert db.session.scalar(sa.select(LoginSession.ended_at)) is None
    assert audit_actions(db, trainee.id) == []


def test_creating_a_user_writes_an_audit_event(make, db):
    actor = make.coordinator()
    user = accounts.create_user("new@example.org", " New  Person ", Role.TRAINEE, actor=actor)
    assert user.display_name == "New  Person"
    assert audit_actions(db, user.id) == ["account.created"]
