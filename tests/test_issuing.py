"""Issuing, renewing, revoking and expiring certifications from the coordinator's pages."""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    Certification,
    CertificationRenewal,
    CertificationState,
    HourStatus,
    Program,
    User,
)
from tracker.services import certifications, programs
from tracker.services.dates import local_today
from tracker.services.errors import ServiceError


@pytest.fixture
def app_overrides(database, tmp_path):
    # A database file on SQLite, so that the concurrency tests use real, separate connections.
    if database[0] == "sqlite":
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'issuing.sqlite3'}"}
    return {}


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def actions(db, entity_id: int) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.entity_type == "certifications", AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
    )


@pytest.fixture
def setup(db, make):
    program = make.program(
        code="PSS",
        name="Peer Support Specialist",
        hour_rules=[{"min_minutes": 120}],
        renewal_ce_minutes=240,
        grace_days=30,
    )
    ready = make.trainee(display_name="Ready Rae")
    learning = make.trainee(display_name="Learning Lou")
    for person in (ready, learning):
        make.enrolment(person, program)
    make.hour_entry(ready, minutes=120, status=HourStatus.APPROVED)
    make.hour_entry(learning, minutes=60, status=HourStatus.APPROVED)
    db.session.commit()
    return program, ready, learning


def issue_url(trainee: User, program: Program) -> str:
    return f"/coordinator/trainees/{trainee.id}/programs/{program.id}/issue"


def test_issue_is_offered_when_eligible(client, login_as, setup):
    login_as("coordinator")
    _, ready, _ = setup
    html = client.get(f"/coordinator/trainees/{ready.id}").get_data(as_text=True)
    assert "Issue the Peer Support Specialist certification" in html
    assert "Issue with override" not in html


def test_otherwise_the_page_shows_what_is_missing_and_an_override_form(client, login_as, setup):
    login_as("coordinator")
    _, _, learning = setup
    html = client.get(f"/coordinator/trainees/{learning.id}").get_data(as_text=True)
    assert "Issue the Peer Support Specialist certification" not in html
    assert "What is missing" in html
    assert "Log 1 more hour that counts towards “2 practice hours”, and have it approved." in html
    assert "Reason for the override" in html and "Issue with override" in html


def test_issue_when_eligible(client, login_as, db, setup):
    coordinator = login_as("coordinator")
    program, ready, _ = setup
    response = client.post(issue_url(ready, program) + "/confirm")
    assert response.status_code == 303
    certification = db.session.scalar(sa.select(Certification))
    assert response.headers["Location"].endswith(f"/coordinator/certifications/{certification.id}")
    assert re.fullmatch(rf"PSS-{local_today().year}-\d{{5}}", certification.number)
    assert certification.issued_by_id == coordinator.id
    assert certification.override_reason is None
    assert actions(db, certification.id) == ["certification.issued"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert certification.number in page
    assert certifications.format_code(certification.verification_code) in page


def test_issue_without_eligibility_needs_a_written_reason(client, login_as, db, setup):
    login_as("coordinator")
    program, _, learning = setup
    for reason in ("", "   \u200b"):
        response = client.post(
            issue_url(learning, program), data={f"issue-{program.id}-override_reason": reason}
        )
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "To issue anyway, write the reason for the override." in html
        assert f'id="issue-{program.id}-override_reason-error"' in html
    assert count(db, Certification) == 0
    assert count(db, AuditEvent, AuditEvent.entity_type == "certifications") == 0


def test_override_with_a_reason_is_issued_and_audited(client, login_as, db, setup):
    coordinator = login_as("coordinator")
    program, _, learning = setup
    response = client.post(
        issue_url(learning, program) + "/confirm",
        data={f"issue-{program.id}-override_reason": "Hours verified on paper sign-in sheets."},
    )
    assert response.status_code == 303
    certification = db.session.scalar(sa.select(Certification))
    assert certification.override_reason == "Hours verified on paper sign-in sheets."
    assert actions(db, certification.id) == ["certification.override", "certification.issued"]
    override = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "certification.override")
    )
    assert override.actor_id == coordinator.id
    assert override.after["override_reason"] == "Hours verified on paper sign-in sheets."
    assert override.after["missing"] == ["2 practice hours"]


def test_double_submission_issues_once(client, login_as, db, setup):
    login_as("coordinator")
    program, ready, _ = setup
    assert client.post(issue_url(ready, program) + "/confirm").status_code == 303
    again = client.post(issue_url(ready, program) + "/confirm", follow_redirects=True)
    assert "already holds a current Peer Support Specialist certification" in again.get_data(
        as_text=True
    )
    assert count(db, Certification) == 1


def test_not_enrolled_is_refused(client, login_as, db, make, setup):
    login_as("coordinator")
    program, _, _ = setup
    stranger = make.trainee()
    make.hour_entry(stranger, minutes=600, status=HourStatus.APPROVED)
    db.session.commit()
    response = client.post(issue_url(stranger, program), follow_redirects=True)
    assert "is not enrolled in Peer Support Specialist" in response.get_data(as_text=True)
    assert count(db, Certification) == 0


def _in_threads(app, jobs):
    """Run each job in its own thread and application context (its own database session)."""
    from tracker.extensions import db

    # End the test's own transaction: on SQLite a writer holds the database's
    # one write lock until it ends, as a request does when it is served.
    db.session.commit()
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = [""] * len(jobs)

    def run(index, job):
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                outcomes[index] = job()
                db.session.commit()
            except ServiceError as exc:
                db.session.rollback()
                outcomes[index] = f"refused: {exc.message}"
            except Exception as exc:  # reported by the caller's assertions
                db.session.rollback()
                outcomes[index] = f"error: {exc!r}"

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_numbers_are_unique_under_concurrent_issues(app, db, make):
    program = make.program(code="CON")
    coordinator = make.coordinator()
    people = [make.trainee() for _ in range(4)]
    for person in people:
        make.enrolment(person, program)
    db.session.commit()
    ids = (program.id, coordinator.id)

    def issuer(trainee_id):
        def job():
            from tracker.extensions import db as ext_db

            cert = programs.issue_to_enrolled(
                ext_db.session.get(User, trainee_id),
                ext_db.session.get(Program, ids[0]),
                ext_db.session.get(User, ids[1]),
            )
            return cert.number

        return job

    outcomes = _in_threads(app, [issuer(p.id) for p in people])
    year = local_today().year
    assert sorted(outcomes) == [f"CON-{year}-{n:05d}" for n in range(1, 5)], outcomes
    db.session.expire_all()
    numbers = db.session.scalars(sa.select(Certification.number)).all()
    assert len(set(numbers)) == 4
    assert count(db, AuditEvent, AuditEvent.action == "certification.issued") == 4


def test_the_same_trainee_issued_twice_at_once_gets_one(app, db, make):
    program = make.program(code="TWO")
    coordinators = [make.coordinator(), make.coordinator()]
    trainee = make.trainee()
    make.enrolment(trainee, program)
    db.session.commit()
    trainee_id, program_id = trainee.id, program.id

    def issuer(coordinator_id):
        def job():
            from tracker.extensions import db as ext_db

            return programs.issue_to_enrolled(
                ext_db.session.get(User, trainee_id),
                ext_db.session.get(Program, program_id),
                ext_db.session.get(User, coordinator_id),
            ).number

        return job

    outcomes = _in_threads(app, [issuer(c.id) for c in coordinators])
    refused = [o for o in outcomes if o.startswith("refused")]
    assert len(refused) == 1, outcomes
    assert "already holds" in refused[0]
    assert count(db, Certification) == 1


# --- renew and revoke --------------------------------------------------------------------------


@pytest.fixture
def held(db, make, setup):
    program, ready, _ = setup
    certification = certifications.issue(ready, program, make.coordinator())
    db.session.commit()
    return certification


def renew_url(certification: Certification) -> str:
    return f"/coordinator/certifications/{certification.id}/renew"


def test_renewal_needs_the_rules_or_a_reason(client, login_as, db, make, held):
    login_as("coordinator")
    page = client.get(f"/coordinator/certifications/{held.id}").get_data(as_text=True)
    assert "0 of 4 hours" in page and "Renew with override" in page
    expires = held.expires_on

    seen = {"renew-expected_expiry": expires.isoformat()}
    refused = client.post(renew_url(held), data={**seen, "renew-override_reason": ""})
    assert refused.status_code == 400
    assert "The renewal rules are not met." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert held.expires_on == expires
    assert count(db, CertificationRenewal) == 0

    data = {**seen, "renew-override_reason": "CE done elsewhere"}
    done = client.post(renew_url(held) + "/confirm", data=data)
    assert done.status_code == 303
    # The same form again (a double click, or a second coordinator): nothing more happens.
    again = client.post(renew_url(held) + "/confirm", data=data, follow_redirects=True)
    assert "was already renewed" in again.get_data(as_text=True)
    db.session.expire_all()
    [renewal] = held.renewals
    assert renewal.previous_expires_on == expires
    assert renewal.new_expires_on == held.expires_on > expires
    assert renewal.override_reason == "CE done elsewhere"
    assert actions(db, held.id)[-1] == "certification.renewed"


def test_renew_when_the_continuing_education_is_done(client, login_as, db, make, held):
    login_as("coordinator")
    module = make.module(contact_minutes=240)
    make.completion(held.trainee, module, completed_on=local_today())
    db.session.commit()
    page = client.get(f"/coordinator/certifications/{held.id}").get_data(as_text=True)
    assert "Renew for another cycle" in page
    seen = {"renew-expected_expiry": held.expires_on.isoformat()}
    assert f'value="{held.expires_on.isoformat()}"' in page
    assert client.post(renew_url(held) + "/confirm", data=seen).status_code == 303
    db.session.expire_all()
    assert len(held.renewals) == 1 and held.renewals[0].override_reason is None


def test_revoke_with_a_reason(client, login_as, db, held):
    coordinator = login_as("coordinator")
    url = f"/coordinator/certifications/{held.id}/revoke"
    blank = client.post(url, data={"revoke-reason": "  "})
    assert blank.status_code == 400
    assert "Give the reason for revoking." in blank.get_data(as_text=True)
    db.session.expire_all()
    assert held.state == CertificationState.VALID

    done = client.post(url + "/confirm", data={"revoke-reason": "Breach of confidentiality"})
    assert done.status_code == 303
    db.session.expire_all()
    assert held.state == CertificationState.REVOKED
    assert held.revocation_reason == "Breach of confidentiality"
    assert held.revoked_by_id == coordinator.id
    again = client.post(url + "/confirm", data={"revoke-reason": "again"}, follow_redirects=True)
    assert "already revoked" in again.get_data(as_text=True)
    assert actions(db, held.id).count("certification.revoked") == 1
    page = client.get(f"/coordinator/certifications/{held.id}").get_data(as_text=True)
    assert "<h2>Renew</h2>" not in page and "<h2>Revoke</h2>" not in page
    assert "Breach of confidentiality" in page


def test_certification_list_filters(client, login_as, db, make):
    login_as("coordinator")
    program = make.program(name="Alpha")
    other = make.program(name="Beta")
    soon = make.certification(
        make.trainee(), program, expires_on=local_today() + timedelta(days=10)
    )
    later = make.certification(
        make.trainee(), program, expires_on=local_today() + timedelta(days=300)
    )
    lapsed = make.certification(
        make.trainee(),
        other,
        issued_on=local_today() - timedelta(days=900),
        expires_on=local_today() - timedelta(days=100),
        state=CertificationState.LAPSED,
    )
    db.session.commit()

    def listed(query: str) -> set[str]:
        response = client.get("/coordinator/certifications" + query)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        return {c.number for c in (soon, later, lapsed) if c.number in html}

    assert listed("") == {soon.number, later.number, lapsed.number}
    assert listed("?due=60") == {soon.number}
    assert listed("?state=lapsed") == {lapsed.number}
    assert listed(f"?program={program.id}") == {soon.number, later.number}
    assert listed(f"?q={later.number.lower()}") == {later.number}
    assert client.get("/coordinator/certifications?state=shiny").status_code == 400


# --- expire-certifications ---------------------------------------------------------------------


def test_expire_certifications_is_idempotent(runner, db, make):
    program = make.program()
    snapshot = {"renewal": {"window_days": 60, "grace_days": 30}}
    today = local_today()
    fine = make.certification(
        make.trainee(), program, expires_on=today + timedelta(days=200), program_snapshot=snapshot
    )
    expiring = make.certification(
        make.trainee(), program, expires_on=today + timedelta(days=30), program_snapshot=snapshot
    )
    in_grace = make.certification(
        make.trainee(),
        program,
        issued_on=today - timedelta(days=700),
        expires_on=today - timedelta(days=10),
        program_snapshot=snapshot,
    )
    lapsed = make.certification(
        make.trainee(),
        program,
        issued_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=31),
        program_snapshot=snapshot,
    )
    db.session.commit()

    first = runner.invoke(args=["expire-certifications"])
    assert first.exit_code == 0, first.output
    assert "1 now expiring soon, 1 now in grace, 1 now lapsed" in first.output
    db.session.expire_all()
    # The recorded state follows the dates: the same words as every page.
    assert fine.state == CertificationState.VALID
    assert expiring.state == CertificationState.EXPIRING
    assert in_grace.state == CertificationState.IN_GRACE
    assert lapsed.state == CertificationState.LAPSED
    for certification in (fine, expiring, in_grace, lapsed):
        assert certifications.state_on(certification) == certification.state
    events = count(db, AuditEvent)

    second = runner.invoke(args=["expire-certifications"])
    assert second.exit_code == 0
    assert "Nothing to change" in second.output
    assert count(db, AuditEvent) == events


def test_expire_certifications_on_a_given_date(runner, db, make):
    program = make.program()
    cert = make.certification(
        make.trainee(),
        program,
        expires_on=date(2030, 6, 30),
        program_snapshot={"renewal": {"window_days": 60, "grace_days": 0}},
    )
    db.session.commit()
    result = runner.invoke(args=["expire-certifications", "--date", "2030-07-01"])
    assert result.exit_code == 0
    assert "On 2030-07-01: 0 now expiring soon, 0 now in grace, 1 now lapsed." in result.output
    db.session.expire_all()
    assert cert.state == CertificationState.LAPSED
    bad = runner.invoke(args=["expire-certifications", "--date", "soon"])
    assert bad.exit_code != 0


def test_verification_codes_are_unguessable_readable_and_grouped(monkeypatch):
    import math

    codes = {certifications.new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) * math.log2(len(set(certifications.CODE_ALPHABET))) >= 80
        assert not set(code) & set("0O1IL")
        assert set(code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        grouped = certifications.format_code(code)
        assert re.fullmatch(r"[2-9A-Z]{4}(-[2-9A-Z]{4})+", grouped)
        assert certifications.normalize_code(grouped.lower().replace("-", " ")) == code
    # Drawn from the operating system's generator, not from `random`.
    monkeypatch.setattr(certifications.secrets, "choice", lambda alphabet: alphabet[-1])
    assert certifications.new_verification_code() == "Z" * certifications.CODE_LENGTH
