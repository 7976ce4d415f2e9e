"""Progress through the API: the eligibility service's verdicts, the dashboard's figures,
and who may see whose."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tracker.models import HourStatus
from tracker.services import eligibility, progress
from tracker.services.dates import local_today


@pytest.fixture
def enrolled(make, db, api_trainee):  # type: ignore[no-untyped-def]
    trainee = api_trainee.user
    done = make.module(code="API1", title="Basics")
    todo = make.module(code="API2", title="Crisis")
    program = make.program(
        name="Peer Specialist",
        modules=[done, todo],
        hour_rules=[{"min_minutes": 600, "supervised_only": True}],
    )
    make.enrolment(trainee, program)
    make.completion(trainee, done, completed_on=local_today() - timedelta(days=5))
    make.hour_entry(trainee, minutes=240, supervised=True, status=HourStatus.APPROVED)
    make.hour_entry(trainee, minutes=60, supervised=True)
    db.session.commit()
    return program


def test_my_progress_is_the_eligibility_services_verdict(api_trainee, enrolled, today):
    response = api_trainee.get("/api/v1/me/progress")
    assert response.status_code == 200
    body = response.json
    assert body["trainee"] == {"id": api_trainee.user.id, "display_name": "Api Trainee"}
    [program] = body["programs"]
    fresh = eligibility.evaluate(api_trainee.user, enrolled, today).to_dict()
    assert program == fresh
    hours = next(r for r in program["rules"] if r["kind"] == "experience_hours")
    assert (hours["required"], hours["done"], hours["pending"], hours["met"]) == (10, 4, 1, False)
    assert program["eligible"] is False and program["next_steps"]


def test_the_dashboard_and_the_api_read_the_same_verdicts(api_trainee, enrolled, today):
    stored = progress.eligibility(api_trainee.user.id, [enrolled], today)[enrolled.id]
    assert api_trainee.get("/api/v1/me/progress").json["programs"] == [stored.to_dict()]


def test_coordinators_see_any_trainees_progress(api_coordinator, api_trainee, enrolled):
    response = api_coordinator.get(f"/api/v1/trainees/{api_trainee.user.id}/progress")
    assert response.status_code == 200
    assert response.json["programs"][0]["program"] == "Peer Specialist"


def test_a_supervisor_sees_only_their_trainees(api_supervisor, api_trainee, enrolled, make, db):
    own = api_supervisor.get(f"/api/v1/trainees/{api_trainee.user.id}/progress")
    assert own.status_code == 200
    stranger = make.trainee()
    db.session.commit()
    other = api_supervisor.get(f"/api/v1/trainees/{stranger.id}/progress")
    assert other.status_code == 404
    assert other.mimetype == "application/problem+json"


def test_a_trainee_sees_only_themselves(api_trainee, enrolled, make, db):
    assert api_trainee.get(f"/api/v1/trainees/{api_trainee.user.id}/progress").status_code == 200
    other = make.trainee()
    db.session.commit()
    assert api_trainee.get(f"/api/v1/trainees/{other.id}/progress").status_code == 404


def test_a_coordinator_asking_for_a_non_trainee_gets_404(api_coordinator, api_supervisor):
    response = api_coordinator.get(f"/api/v1/trainees/{api_supervisor.user.id}/progress")
    assert response.status_code == 404


def test_an_account_without_programs_has_an_empty_list(api_coordinator):
    body = api_coordinator.get("/api/v1/me/progress").json
    assert body["programs"] == []
