"""Certifications through the API: who sees which, the state in the one vocabulary,
the list's filters and pages, issuing, renewing and revoking through the pages'
decision services (a second decision gets 409), and the signed credential."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.api.conftest import caller
from tracker.models import AuditEvent, Certification, CertificationState
from tracker.querycount import HEADER
from tracker.services import certifications, credentials
from tracker.services.dates import local_today

BASE = "/api/v1/certifications"


@pytest.fixture
def app_overrides(database, tmp_path):
    # A database file on SQLite, so that the racing threads use separate connections.
    settings: dict[str, object] = {"QUERY_COUNT_HEADER": True}
    if database[0] == "sqlite":
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'api-cert.sqlite3'}"
    return settings


@pytest.fixture
def program(make, db):  # type: ignore[no-untyped-def]
    module = make.module(code="CRT1", title="Basics")
    made = make.program(name="Peer Specialist", code="PSS", modules=[module])
    db.session.commit()
    return made


@pytest.fixture
def ready(make, db, program, api_trainee):  # type: ignore[no-untyped-def]
    """The API trainee, enrolled and meeting every rule."""
    trainee = api_trainee.user
    make.enrolment(trainee, program)
    make.completion(trainee, _module(db), completed_on=local_today() - timedelta(days=3))
    db.session.commit()
    return trainee


def _module(db):  # type: ignore[no-untyped-def]
    from tracker.models import Module

    return db.session.scalar(sa.select(Module).where(Module.code == "CRT1"))


def count(db, model) -> int:  # type: ignore[no-untyped-def]
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(model)))


def test_a_trainee_sees_only_their_own(make, db, program, api_trainee):
    own = make.certification(api_trainee.user, program)
    other = make.certification(make.trainee(), program)
    db.session.commit()
    listed = api_trainee.get(BASE)
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json["items"]] == [own.id]
    assert api_trainee.get(f"{BASE}/{own.id}").status_code == 200
    hidden = api_trainee.get(f"{BASE}/{other.id}")
    assert hidden.status_code == 404 and hidden.mimetype == "application/problem+json"
    assert api_trainee.get(f"{BASE}/{other.id}/credential").status_code == 404


def test_a_supervisor_sees_no_certifications(make, db, program, api_supervisor, api_trainee):
    held = make.certification(api_trainee.user, program)
    db.session.commit()
    assert api_supervisor.get(BASE).json["items"] == []
    assert api_supervisor.get(f"{BASE}/{held.id}").status_code == 404


def test_detail_gives_the_state_in_the_one_vocabulary(make, db, program, api_coordinator, today):
    trainee = make.trainee(display_name="Dana Holder")
    grace = make.certification(
        trainee,
        program,
        issued_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=2),
    )
    revoked = make.certification(trainee, program, state=CertificationState.REVOKED)
    db.session.commit()
    body = api_coordinator.get(f"{BASE}/{grace.id}").json
    expected = certifications.describe_state(grace, today)
    assert body["state"] == expected.value == certifications.state_on(grace, today).value
    assert body["state_label"] == expected.label
    assert body["state_day"] == expected.day.isoformat()
    assert body["trainee"] == {"id": trainee.id, "display_name": "Dana Holder"}
    assert body["program"] == {"id": program.id, "code": "PSS", "name": "Peer Specialist"}
    assert body["verification_url"] == credentials.verification_url(grace)
    assert api_coordinator.get(f"{BASE}/{revoked.id}").json["state"] == "revoked"


def test_filters_and_pages(make, db, program, api_coordinator, today):
    other_program = make.program(name="Other", code="OTH")
    alex, kai = make.trainee(), make.trainee()
    made = [make.certification(alex, program) for _ in range(3)]
    made.append(make.certification(kai, other_program))
    made.append(make.certification(kai, program, state=CertificationState.REVOKED))
    db.session.commit()
    ids = lambda response: [c["id"] for c in response.json["items"]]  # noqa: E731
    assert ids(api_coordinator.get(f"{BASE}?trainee={alex.id}")) == [c.id for c in made[:3]]
    assert ids(api_coordinator.get(f"{BASE}?program={other_program.id}")) == [made[3].id]
    assert ids(api_coordinator.get(f"{BASE}?state=revoked")) == [made[4].id]
    assert ids(api_coordinator.get(f"{BASE}?state=valid&trainee={kai.id}")) == [made[3].id]
    # Two at a time, following the next links, every one once, in order.
    seen, url = [], f"{BASE}?limit=2"
    while url:
        page = api_coordinator.get(url)
        assert page.status_code == 200
        seen += ids(page)
        url = page.json["next"]
    assert seen == sorted(c.id for c in made)
    bad = api_coordinator.get(f"{BASE}?state=expired&program=0")
    assert bad.status_code == 400
    assert set(bad.json["errors"]) == {"query.state", "query.program"}


def test_the_credential_is_the_signed_jwt(make, db, program, api_trainee):
    held = make.certification(api_trainee.user, program)
    db.session.commit()
    response = api_trainee.get(f"{BASE}/{held.id}/credential")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment")
    verdict = credentials.verify(response.get_data(as_text=True))
    assert verdict.ok, verdict


def test_only_coordinators_decide(make, db, program, ready, api_trainee, api_supervisor):
    held = make.certification(make.trainee(), program)
    db.session.commit()
    for who in (api_trainee, api_supervisor):
        issued = who.post(BASE, json={"trainee_id": ready.id, "program_id": program.id})
        assert issued.status_code == 403
        revoked = who.post(f"{BASE}/{held.id}/revoke", json={"reason": "No"})
        assert revoked.status_code == 403
    assert count(db, Certification) == 1


def test_issue_then_a_second_issue_gets_409(db, program, ready, api_coordinator):
    body = {"trainee_id": ready.id, "program_id": program.id}
    first = api_coordinator.post(BASE, json=body)
    assert first.status_code == 201, first.json
    assert first.headers["Location"] == f"{BASE}/{first.json['id']}"
    assert first.json["state"] == "valid" and first.json["number"].startswith("PSS-")
    again = api_coordinator.post(BASE, json=body)
    assert again.status_code == 409
    assert "already holds a current" in again.json["detail"]
    assert count(db, Certification) == 1


def test_issue_refusals_name_the_field(make, db, program, api_coordinator, api_trainee):
    trainee = api_trainee.user
    make.enrolment(trainee, program)  # enrolled, nothing done
    db.session.commit()
    audits = count(db, AuditEvent)
    missing = api_coordinator.post(BASE, json={"trainee_id": trainee.id, "program_id": program.id})
    assert missing.status_code == 422
    assert "body.override_reason" in missing.json["errors"]
    unknown = api_coordinator.post(BASE, json={"trainee_id": 999999, "program_id": program.id})
    assert unknown.status_code == 422 and "body.trainee_id" in unknown.json["errors"]
    no_program = api_coordinator.post(BASE, json={"trainee_id": trainee.id, "program_id": 999999})
    assert no_program.status_code == 422 and "body.program_id" in no_program.json["errors"]
    wrong = api_coordinator.post(BASE, json={"trainee_id": "1", "program_id": program.id})
    assert wrong.status_code == 422 and "body.trainee_id" in wrong.json["errors"]
    assert count(db, Certification) == 0 and count(db, AuditEvent) == audits
    overridden = api_coordinator.post(
        BASE,
        json={"trainee_id": trainee.id, "program_id": program.id, "override_reason": "Board vote"},
    )
    assert overridden.status_code == 201
    assert overridden.json["override_reason"] == "Board vote"


def test_issue_with_an_idempotency_key_is_stored_once(db, program, ready, api_coordinator):
    body = {"trainee_id": ready.id, "program_id": program.id}
    headers = {"Idempotency-Key": "issue-1"}
    first = api_coordinator.post(BASE, json=body, headers=headers)
    retry = api_coordinator.post(BASE, json=body, headers=headers)
    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true" and retry.json == first.json
    assert count(db, Certification) == 1


def test_renew_needs_the_expiry_seen(make, db, program, api_coordinator, today):
    trainee = make.trainee()
    held = make.certification(
        trainee,
        program,
        issued_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=20),
    )
    db.session.commit()
    seen = held.expires_on.isoformat()
    renewed = api_coordinator.post(f"{BASE}/{held.id}/renew", json={"expires_on": seen})
    assert renewed.status_code == 200, renewed.json
    assert renewed.json["expires_on"] > seen and renewed.json["state"] == "valid"
    # The same request again (a retry, or a second coordinator): nothing changes.
    again = api_coordinator.post(f"{BASE}/{held.id}/renew", json={"expires_on": seen})
    assert again.status_code == 409
    db.session.expire_all()
    assert (
        db.session.get(Certification, held.id).expires_on.isoformat() == renewed.json["expires_on"]
    )
    bad = api_coordinator.post(f"{BASE}/{held.id}/renew", json={"expires_on": "soon"})
    assert bad.status_code == 422 and "body.expires_on" in bad.json["errors"]


def test_revoke_once_then_409(make, db, program, api_coordinator):
    held = make.certification(make.trainee(), program)
    db.session.commit()
    blank = api_coordinator.post(f"{BASE}/{held.id}/revoke", json={"reason": "   "})
    assert blank.status_code == 422 and "body.reason" in blank.json["errors"]
    done = api_coordinator.post(f"{BASE}/{held.id}/revoke", json={"reason": "Misconduct"})
    assert done.status_code == 200
    assert done.json["state"] == "revoked" and done.json["revocation_reason"] == "Misconduct"
    again = api_coordinator.post(f"{BASE}/{held.id}/revoke", json={"reason": "Again"})
    assert again.status_code == 409
    renew = api_coordinator.post(
        f"{BASE}/{held.id}/renew", json={"expires_on": held.expires_on.isoformat()}
    )
    assert renew.status_code == 422  # a revoked certification cannot be renewed
    assert api_coordinator.post(f"{BASE}/999999/revoke", json={"reason": "x"}).status_code == 404


def _race(app, db, requests):  # type: ignore[no-untyped-def]
    """Send the (caller, path, body) requests at the same moment; their statuses."""
    db.session.commit()  # on SQLite a reader would keep the writers waiting
    db.session.remove()
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def send(index: int) -> None:
        who, path, body = requests[index]
        with app.app_context():
            client = app.test_client()
            barrier.wait(timeout=10)
            statuses[index] = client.post(path, json=body, headers=who.headers).status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


def test_two_coordinators_issuing_at_once_issue_one(app, db, make, program, ready):
    first, second = caller(app, make.coordinator()), caller(app, make.coordinator())
    body = {"trainee_id": ready.id, "program_id": program.id}
    assert _race(app, db, [(first, BASE, body), (second, BASE, body)]) == [201, 409]
    assert count(db, Certification) == 1


def test_two_coordinators_revoking_at_once_revoke_once(app, db, make, program):
    held = make.certification(make.trainee(), program)
    first, second = caller(app, make.coordinator()), caller(app, make.coordinator())
    path = f"{BASE}/{held.id}/revoke"
    statuses = _race(app, db, [(first, path, {"reason": "One"}), (second, path, {"reason": "Two"})])
    assert statuses == [200, 409]
    revoked = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "certification.revoked")
    )
    assert revoked == 1


def test_a_page_costs_the_same_statements_with_ten_times_the_rows(
    make, db, program, api_coordinator
):
    def statements() -> int:
        response = api_coordinator.get(f"{BASE}?limit=200&state=valid")
        assert response.status_code == 200
        return int(response.headers[HEADER])

    statements()  # the token's first use is noted once; not a cost of the list
    for _ in range(3):
        make.certification(make.trainee(), program)
    db.session.commit()
    few = statements()
    for _ in range(30):
        make.certification(make.trainee(), program)
    db.session.commit()
    assert statements() == few <= 4


def test_without_a_signing_key_the_credential_is_a_503_problem(
    app, make, db, program, api_trainee, tmp_path
):
    held = make.certification(api_trainee.user, program)
    db.session.commit()
    app.config.update(SIGNING_KEY_AUTOCREATE=False, SIGNING_KEY_FILE=str(tmp_path / "none.json"))
    response = api_trainee.get(f"{BASE}/{held.id}/credential")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("#problem-unavailable")
