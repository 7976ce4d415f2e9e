"""Lasting decisions (issue, renew, revoke, withdraw): a summary first, which changes
nothing whether reached by GET or by the page's POST; the confirmation alone acts, once."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests import factories
from tracker.models import (
    AuditEvent,
    Certification,
    CertificationRenewal,
    Enrolment,
    HourStatus,
)
from tracker.services import certifications, decisions
from tracker.services.dates import local_today
from tracker.services.errors import ConflictError, ServiceError, ValidationError


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def text(response) -> str:
    return response.get_data(as_text=True)


def nothing_changed(db, audits_before: int) -> None:
    db.session.expire_all()
    assert count(db, AuditEvent) == audits_before


@pytest.fixture
def setup(db, make):
    program = make.program(
        code="PSS",
        name="Peer Support Specialist",
        hour_rules=[{"min_minutes": 120}],
        renewal_ce_minutes=240,
        grace_days=30,
    )
    ready = make.trainee(display_name="Ready Rae", email="rae@example.org")
    learning = make.trainee(display_name="Learning Lou")
    for person in (ready, learning):
        make.enrolment(person, program)
    make.hour_entry(ready, minutes=120, status=HourStatus.APPROVED)
    db.session.commit()
    return program, ready, learning


def issue_url(trainee, program) -> str:
    return f"/coordinator/trainees/{trainee.id}/programs/{program.id}/issue"


# --- issuing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_issue_summary_says_who_what_when_and_what_becomes_public(
    client, login_as, db, setup, method
):
    login_as("coordinator")
    program, ready, _ = setup
    audits = count(db, AuditEvent)
    response = getattr(client, method)(issue_url(ready, program))
    assert response.status_code == 200
    page = text(response)
    assert "Issue the Peer Support Specialist certification to Ready Rae?" in page
    assert "rae@example.org" in page
    today = local_today()
    expires = certifications.expiry_for(program, today)
    assert today.strftime("%d %b %Y") in page and expires.strftime("%d %b %Y") in page
    assert "What becomes public" in page and "public page" in page
    assert "Every requirement of the program is met." in page
    # Strict CSP: no inline script, style or handlers.
    # No inline code (the one script file, errors.js, is loaded by its address).
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and "style=" not in page
    assert not re.search(r"\son[a-z]+=", page)
    assert f'action="{issue_url(ready, program)}/confirm"' in page
    assert count(db, Certification) == 0
    nothing_changed(db, audits)


def test_an_override_summary_carries_the_reason_to_the_confirmation(client, login_as, db, setup):
    login_as("coordinator")
    program, _, learning = setup
    field = f"issue-{program.id}-override_reason"
    page = text(client.post(issue_url(learning, program), data={field: "Paper sign-in sheets"}))
    assert "Override: Paper sign-in sheets" in page
    assert "2 practice hours" in page  # what is not met
    assert "by a coordinator&#39;s decision" in page or "by a coordinator's decision" in page
    assert f'name="{field}" value="Paper sign-in sheets"' in page
    assert count(db, Certification) == 0
    done = client.post(
        issue_url(learning, program) + "/confirm", data={field: "Paper sign-in sheets"}
    )
    assert done.status_code == 303
    assert db.session.scalar(sa.select(Certification.override_reason)) == "Paper sign-in sheets"


def test_an_ineligible_trainee_is_refused_at_the_summary(client, login_as, db, setup):
    login_as("coordinator")
    program, _, learning = setup
    for response in (
        client.get(issue_url(learning, program)),
        client.post(issue_url(learning, program)),
    ):
        assert response.status_code == 400
        assert "To issue anyway, write the reason for the override." in text(response)
    assert count(db, Certification) == 0


def test_confirming_twice_issues_once_and_tells_the_second(client, login_as, db, setup):
    login_as("coordinator")
    program, ready, _ = setup
    first = client.post(issue_url(ready, program) + "/confirm")
    assert first.status_code == 303
    second = client.post(issue_url(ready, program) + "/confirm", follow_redirects=True)
    assert "already holds a current Peer Support Specialist certification" in text(second)
    assert count(db, Certification) == 1
    # And the summary itself now refuses, before any confirmation is asked for.
    late = client.get(issue_url(ready, program), follow_redirects=True)
    assert "already holds a current" in text(late)


# --- renewing --------------------------------------------------------------------------------


@pytest.fixture
def held(db, make, setup):
    program, ready, _ = setup
    certification = make.certification(
        ready, program, expires_on=local_today() + timedelta(days=20)
    )
    module = make.module(contact_minutes=240)
    make.completion(ready, module, completed_on=local_today())
    db.session.commit()
    return certification


def test_the_renew_summary_changes_nothing_and_shows_both_expiries(client, login_as, db, held):
    login_as("coordinator")
    url = f"/coordinator/certifications/{held.id}/renew"
    before = held.expires_on
    audits = count(db, AuditEvent)
    for response in (
        client.get(url),
        client.post(url, data={"renew-expected_expiry": before.isoformat()}),
    ):
        assert response.status_code == 200
        page = text(response)
        assert f"Renew certificate {held.number}?" in page
        new = certifications.plan_renew(held).expires_on
        assert before.strftime("%d %b %Y") in page and new.strftime("%d %b %Y") in page
        assert f'name="renew-expected_expiry" value="{before.isoformat()}"' in page
    nothing_changed(db, audits)
    assert held.expires_on == before and count(db, CertificationRenewal) == 0


def test_two_renewal_confirmations_renew_once(client, login_as, db, held):
    login_as("coordinator")
    url = f"/coordinator/certifications/{held.id}/renew/confirm"
    seen = {"renew-expected_expiry": held.expires_on.isoformat()}
    assert client.post(url, data=seen).status_code == 303
    again = client.post(url, data=seen, follow_redirects=True)
    assert "was already renewed" in text(again) and "Nothing was changed" in text(again)
    assert count(db, CertificationRenewal) == 1


# --- revoking --------------------------------------------------------------------------------


def test_the_revoke_summary_needs_a_reason_and_changes_nothing(client, login_as, db, held):
    login_as("coordinator")
    url = f"/coordinator/certifications/{held.id}/revoke"
    audits = count(db, AuditEvent)
    # Opened without a form, it goes to the certification's page, which asks the reason.
    opened = client.get(url)
    assert opened.status_code == 303
    assert opened.location.endswith(f"/coordinator/certifications/{held.id}#revoke-errors")
    blank = client.post(url, data={"revoke-reason": ""})
    assert blank.status_code == 400 and "Give the reason for revoking." in text(blank)
    page = text(client.post(url, data={"revoke-reason": "Breach of confidentiality"}))
    assert f"Revoke certificate {held.number}?" in page
    assert "Breach of confidentiality" in page and "cannot be undone" in page
    assert "status list" in page
    assert 'name="revoke-reason" value="Breach of confidentiality"' in page
    nothing_changed(db, audits)
    assert held.revoked_at is None


def test_two_revocation_confirmations_revoke_once(client, login_as, db, held):
    login_as("coordinator")
    url = f"/coordinator/certifications/{held.id}/revoke/confirm"
    assert client.post(url, data={"revoke-reason": "First"}).status_code == 303
    again = client.post(url, data={"revoke-reason": "Second"}, follow_redirects=True)
    assert "already revoked" in text(again)
    db.session.expire_all()
    assert held.revocation_reason == "First"
    assert count(db, AuditEvent, AuditEvent.action == "certification.revoked") == 1


# --- withdrawing -----------------------------------------------------------------------------


def test_the_withdraw_summary_changes_nothing(client, login_as, db, setup, held):
    login_as("coordinator")
    program, ready, _ = setup
    url = f"/coordinator/trainees/{ready.id}/programs/{program.id}/withdraw"
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 200
        page = text(response)
        assert "Withdraw Ready Rae from Peer Support Specialist?" in page
        assert held.number in page and "Nothing public changes." in page
    assert count(db, Enrolment, Enrolment.withdrawn_at.is_not(None)) == 0
    done = client.post(url + "/confirm")
    assert done.status_code == 303
    again = client.post(url + "/confirm", follow_redirects=True)
    assert "was already withdrawn" in text(again)
    assert count(db, AuditEvent, AuditEvent.action == "enrolment.withdrawn") == 1
    late = client.get(url, follow_redirects=True)
    assert "was already withdrawn" in text(late)


def test_the_trainee_page_links_each_decision_to_its_summary(client, login_as, setup):
    login_as("coordinator")
    program, ready, _ = setup
    page = text(client.get(f"/coordinator/trainees/{ready.id}"))
    # Each form posts to its summary (with the anchor of its own error summary).
    assert f'action="{issue_url(ready, program)}#issue-errors-{program.id}"' in page
    assert re.search(
        rf'action="/coordinator/trainees/{ready.id}/programs/{program.id}/withdraw["#]', page
    )


# --- the service, as an API would call it -----------------------------------------------------


def test_summaries_raise_what_the_action_would(db, make, setup, held):
    program, ready, learning = setup
    with pytest.raises(certifications.NotEligibleError):
        decisions.issue_summary(learning, program, None)
    with pytest.raises(ServiceError, match="already holds"):
        decisions.issue_summary(ready, program, None)
    with pytest.raises(ValidationError):
        decisions.revoke_summary(held, "  ")
    summary = decisions.issue_summary(learning, program, "Transferred from another state")
    assert summary.facts["override_reason"] == "Transferred from another state"
    assert summary.facts["issued_on"] == local_today().isoformat()
    certifications.revoke(held, None, "Test")
    with pytest.raises(ConflictError):
        decisions.revoke_summary(held, "Again")
    with pytest.raises(ServiceError, match="cannot be renewed"):
        decisions.renew_summary(held, None)


@pytest.fixture
def app_overrides(database, tmp_path):
    # A database file on SQLite, so that the threads below use real, separate connections.
    if database[0] == "sqlite":
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'decisions.sqlite3'}"}
    return {}


def test_two_coordinators_confirming_at_once_issue_one(app, db, make, setup):
    program, ready, _ = setup
    coordinators = [make.coordinator(), make.coordinator()]
    cookies = [factories.login_cookie(c) for c in coordinators]
    ids = (ready.id, program.id)
    # End the test's own transaction: on SQLite a reader would keep the writers waiting.
    db.session.commit()
    barrier = threading.Barrier(2)
    outcomes: list[str] = ["", ""]

    def confirm(index: int) -> None:
        with app.test_client() as client:
            with client.session_transaction() as session:
                session["_user_id"] = cookies[index]
                session["_fresh"] = True
            barrier.wait(timeout=10)
            response = client.post(
                f"/coordinator/trainees/{ids[0]}/programs/{ids[1]}/issue/confirm",
                follow_redirects=True,
            )
            outcomes[index] = text(response)

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.expire_all()
    assert count(db, Certification) == 1
    told = [o for o in outcomes if "already holds a current" in o]
    issued = [o for o in outcomes if "Issued certification" in o]
    assert len(told) == 1 and len(issued) == 1
