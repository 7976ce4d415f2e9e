"""Supervisors: assigned by a coordinator, they see their own trainees only, sign off
those trainees' supervised hours and supervision sessions through the same review
services coordinators use, and write attestations a document requirement accepts."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.test_evidence import actions, count, stored
from tracker.models import (
    AuditEvent,
    Document,
    HourStatus,
    ReviewStatus,
    SupervisorAssignment,
)
from tracker.services import evidence_review, review, supervisors
from tracker.services.errors import NotFoundError, ServiceError, ValidationError


@pytest.fixture
def team(make, db):
    mine = make.trainee(display_name="Mina Mine")
    other = make.trainee(display_name="Otto Other")
    supervisor = make.supervisor(trainees=[mine], display_name="Sue Supervisor")
    coordinator = make.coordinator()
    db.session.commit()
    return {"mine": mine, "other": other, "supervisor": supervisor, "coordinator": coordinator}


def _pending_supervised(make, trainee):
    return make.hour_entry(
        trainee, status=HourStatus.PENDING, supervised=True, supervisor_name="Sue Supervisor"
    )


# --- assignments ---------------------------------------------------------------------------


def test_assigning_is_audited_once_and_a_repeat_changes_nothing(db, make, team):
    other, supervisor, coordinator = team["other"], team["supervisor"], team["coordinator"]
    assert supervisors.assign(supervisor.id, other, coordinator) is True
    assert supervisors.assign(str(supervisor.id), other, coordinator) is False
    db.session.commit()
    assert [u.id for u in supervisors.supervisors_of(other.id)] == [supervisor.id]
    assert actions(db, other.id).count("supervisor.assigned") == 1
    assert supervisors.unassign(supervisor.id, other, coordinator) is True
    assert supervisors.unassign(supervisor.id, other, coordinator) is False
    db.session.commit()
    assert supervisors.supervisors_of(other.id) == []


@pytest.mark.parametrize("who", ["coordinator", "other", "nobody", "garbage"])
def test_only_a_supervisor_can_be_assigned(db, make, team, who):
    target = {"coordinator": team["coordinator"].id, "other": team["other"].id}.get(who, who)
    if who == "nobody":
        target = 999_999
    with pytest.raises(ValidationError) as error:
        supervisors.assign(target, team["mine"], team["coordinator"])
    assert "supervisor_id" in error.value.errors
    assert count(db, SupervisorAssignment) == 1


def test_a_supervisor_sees_only_their_trainees(db, make, team):
    supervisor = team["supervisor"]
    assert [t.id for t in supervisors.trainees_of(supervisor)] == [team["mine"].id]
    with pytest.raises(NotFoundError):
        supervisors.trainee_for(supervisor, team["other"].id)
    assert supervisors.trainee_for(team["coordinator"], team["other"].id) == team["other"]


# --- sign-off ------------------------------------------------------------------------------


def test_a_supervisor_approves_their_trainees_supervised_hours_only(db, make, team):
    supervisor = team["supervisor"]
    mine = _pending_supervised(make, team["mine"])
    others = _pending_supervised(make, team["other"])
    unsupervised = make.hour_entry(team["mine"], status=HourStatus.PENDING)
    db.session.commit()
    assert [e.id for e in supervisors.pending_hours(supervisor)] == [mine.id]

    decision = review.approve_hours(mine.id, supervisor)
    db.session.commit()
    assert decision.changed and decision.record.status == HourStatus.APPROVED
    assert decision.record.decided_by_id == supervisor.id
    assert actions(db, mine.id) == ["hours.approved"]
    for entry in (others, unsupervised):
        with pytest.raises(NotFoundError):
            review.approve_hours(entry.id, supervisor)
        with pytest.raises(NotFoundError):
            review.reject_hours(entry.id, supervisor, "No")
        db.session.rollback()
        assert db.session.get(type(entry), entry.id).status == HourStatus.PENDING
    # A coordinator still decides any entry.
    assert review.approve_hours(others.id, team["coordinator"]).changed


def test_a_supervisor_rejects_supervision_of_their_trainee_with_a_reason(db, make, team):
    supervisor = team["supervisor"]
    mine = make.supervision(team["mine"], status=ReviewStatus.PENDING)
    others = make.supervision(team["other"], status=ReviewStatus.PENDING)
    db.session.commit()
    assert [r.id for r in supervisors.pending_supervision(supervisor)] == [mine.id]
    with pytest.raises(ValidationError):
        evidence_review.reject_supervision(mine.id, supervisor, "  ")
    decision = evidence_review.reject_supervision(mine.id, supervisor, "Not a session")
    db.session.commit()
    assert decision.record.status == ReviewStatus.REJECTED
    with pytest.raises(NotFoundError):
        evidence_review.approve_supervision(others.id, supervisor)


def test_a_removed_assignment_ends_the_right_to_decide(db, make, team):
    entry = _pending_supervised(make, team["mine"])
    supervisors.unassign(team["supervisor"].id, team["mine"], team["coordinator"])
    db.session.commit()
    with pytest.raises(NotFoundError):
        review.approve_hours(entry.id, team["supervisor"])


def test_a_supervisor_decides_no_documents_or_outside_training(db, make, team):
    document_type = make.document_type()
    document = make.document(team["mine"], document_type, status=ReviewStatus.PENDING)
    training = make.external_training(team["mine"], status=ReviewStatus.PENDING)
    db.session.commit()
    with pytest.raises(NotFoundError):
        evidence_review.accept_document(document.id, team["supervisor"])
    with pytest.raises(NotFoundError):
        evidence_review.verify_training(training.id, team["supervisor"])


# --- attestations --------------------------------------------------------------------------


@pytest.fixture
def attested_program(make, team, db):
    letter = make.document_type(name="Supervisor letter", accepts_attestation=True)
    diploma = make.document_type(name="Diploma")
    program = make.program(
        requirements=[
            {"kind": "documents", "settings": {"document_type_id": letter.id}, "key": "letter"},
            {"kind": "documents", "settings": {"document_type_id": diploma.id}, "key": "diploma"},
        ]
    )
    make.enrolment(team["mine"], program)
    make.enrolment(team["other"], program)
    db.session.commit()
    return program, letter, diploma


def test_an_attestation_is_stored_accepted_counts_at_once_and_stores_once(
    db, make, team, attested_program, today
):
    program, letter, _diploma = attested_program
    supervisor, mine = team["supervisor"], team["mine"]
    assert [t.id for t in supervisors.attestable_types(mine)] == [letter.id]
    first = supervisors.attest(
        supervisor,
        mine,
        letter.id,
        dated_on=today.isoformat(),
        statement="Supervised 25 hours; competent.",
        submission_key="a1",
    )
    again = supervisors.attest(
        supervisor, mine, letter.id, dated_on=today, statement="x", submission_key="a1"
    )
    db.session.commit()
    assert first.created and not again.created and again.record.id == first.record.id
    document = first.record
    assert document.status == ReviewStatus.APPROVED and document.file_id is None
    assert document.submitted_by_id == supervisor.id == document.decided_by_id
    verdict = stored(db, mine, program)
    assert verdict is not None
    from tracker.services.eligibility import evaluate

    rules = {r.key: r.met for r in evaluate(mine, program).rules}
    assert rules == {"letter": True, "diploma": False}
    assert actions(db, document.id) == ["document.attested"]
    # A second one for a document already given is refused.
    with pytest.raises(ServiceError):
        supervisors.attest(supervisor, mine, letter.id, dated_on=today, statement="Again")


@pytest.mark.parametrize(
    ("which", "dated", "statement", "field"),
    [
        ("diploma", "today", "Fine", "document_type_id"),
        ("letter", "tomorrow", "Fine", "dated_on"),
        ("letter", "today", "   ", "statement"),
        ("letter", "today", "x" * 2001, "statement"),
    ],
)
def test_a_bad_attestation_is_refused_next_to_its_field_and_nothing_stored(
    db, make, team, attested_program, today, which, dated, statement, field
):
    _program, letter, diploma = attested_program
    from datetime import timedelta

    day = today if dated == "today" else today + timedelta(days=1)
    type_id = letter.id if which == "letter" else diploma.id
    with pytest.raises(ValidationError) as error:
        supervisors.attest(
            team["supervisor"], team["mine"], type_id, dated_on=day, statement=statement
        )
    assert field in error.value.errors
    assert count(db, Document) == 0


def test_no_attestation_for_another_supervisors_trainee(db, make, team, attested_program, today):
    _program, letter, _diploma = attested_program
    with pytest.raises(NotFoundError):
        supervisors.attest(
            team["supervisor"], team["other"], letter.id, dated_on=today, statement="Fine"
        )
    assert count(db, Document) == 0


# --- pages ---------------------------------------------------------------------------------


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    return found.group(1) if found else ""


def test_the_supervisor_pages_show_their_trainees_only(client, login_as, make, db, team):
    _pending_supervised(make, team["mine"])
    _pending_supervised(make, team["other"])
    db.session.commit()
    login_as(team["supervisor"])
    page = client.get("/supervisor/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Mina Mine" in html and "Otto Other" not in html
    assert client.get(f"/supervisor/trainees/{team['mine'].id}").status_code == 200
    assert client.get(f"/supervisor/trainees/{team['other'].id}").status_code == 404
    assert client.get(f"/coordinator/trainees/{team['other'].id}").status_code == 403
    assert client.get("/").headers["Location"].endswith("/supervisor/")


def test_a_supervisor_signs_off_hours_on_the_page(client, login_as, make, db, team):
    mine = _pending_supervised(make, team["mine"])
    others = _pending_supervised(make, team["other"])
    db.session.commit()
    login_as(team["supervisor"])
    token = _token(client.get("/supervisor/").get_data(as_text=True))
    response = client.post(f"/supervisor/hours/{mine.id}/approve", data={"csrf_token": token})
    assert response.status_code == 303
    assert client.post(
        f"/supervisor/hours/{others.id}/approve", data={"csrf_token": token}
    ).status_code == (404)
    assert client.get(f"/supervisor/hours/{others.id}/reject").status_code == 404
    db.session.expire_all()
    assert db.session.get(type(mine), mine.id).status == HourStatus.APPROVED
    assert db.session.get(type(others), others.id).status == HourStatus.PENDING


def test_a_coordinator_assigns_a_supervisor_on_the_trainee_page(client, login_as, db, team):
    login_as(team["coordinator"])
    page = client.get(f"/coordinator/trainees/{team['other'].id}")
    html = page.get_data(as_text=True)
    assert "Sue Supervisor" in html  # offered in the list
    response = client.post(
        f"/coordinator/trainees/{team['other'].id}/supervisors",
        data={"csrf_token": _token(html), "supervisor_id": str(team["supervisor"].id)},
    )
    assert response.status_code == 303
    assert [u.id for u in supervisors.supervisors_of(team["other"].id)] == [team["supervisor"].id]
    bad = client.post(
        f"/coordinator/trainees/{team['other'].id}/supervisors",
        data={"csrf_token": _token(html), "supervisor_id": "abc"},
        follow_redirects=True,
    )
    assert "Choose a supervisor." in bad.get_data(as_text=True)
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "supervisor.assigned")
        )
        == 1
    )


def test_the_attestation_form_stores_once_and_shows_errors(
    client, login_as, db, team, attested_program
):
    _program, letter, _diploma = attested_program
    login_as(team["supervisor"])
    url = f"/supervisor/trainees/{team['mine'].id}/attest"
    html = client.get(url).get_data(as_text=True)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', html).group(1)
    data = {"csrf_token": _token(html), "submission_key": key, "document_type_id": str(letter.id)}
    bad = client.post(url, data={**data, "dated_on": "2001-02-30", "statement": ""})
    assert bad.status_code == 400
    assert "Write what you attest." in bad.get_data(as_text=True)
    good = {**data, "dated_on": "2024-05-01", "statement": "Supervised and competent."}
    assert client.post(url, data=good).status_code == 303
    assert client.post(url, data=good).status_code == 303
    assert count(db, Document) == 1
    assert client.get(f"/supervisor/trainees/{team['other'].id}/attest").status_code == 404
