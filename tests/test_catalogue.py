"""The module catalogue, training sessions, attendance and exam scores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    CompletionSource,
    CompletionStatus,
    Module,
    ModuleCompletion,
    SessionAttendance,
    TrainingSession,
    utcnow,
)
from tracker.services import catalogue
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate
from tracker.services.errors import ConflictError, ServiceError, ValidationError


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


MODULE = {
    "code": "eth-101",
    "title": "Ethics and boundaries",
    "description": "Confidentiality, dual relationships.",
    "contact_hours": "6.5",
    "pass_mark": "80",
}


# --- hours parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "minutes"), [("1.5", 90), ("0.25", 15), ("2", 120), (" 40 ", 2400), ("0", 0)]
)
def test_hours_to_minutes_accepts_quarter_hours(raw, minutes):
    assert catalogue.hours_to_minutes(raw, allow_zero=True) == minutes


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter a number of hours."),
        ("abc", "Enter a number of hours, like 1.5."),
        ("NaN", "Enter a number of hours, like 1.5."),
        ("inf", "Enter a number of hours, like 1.5."),
        ("1e309", "Enter at most 1666 hours."),
        ("-1", "Enter 0 or more hours."),
        ("1.1", "Use quarter-hour steps: .25, .5 or .75."),
        ("0.3333", "Use quarter-hour steps: .25, .5 or .75."),
    ],
)
def test_hours_to_minutes_refuses_bad_input(raw, message):
    with pytest.raises(ValueError) as caught:
        catalogue.hours_to_minutes(raw, allow_zero=True)
    assert str(caught.value) == message


# --- modules ---------------------------------------------------------------------------------


def test_create_module_stores_it_and_audits(db, make):
    coordinator = make.coordinator()
    module = catalogue.create_module(coordinator, **MODULE)
    db.session.commit()
    assert module.code == "ETH-101"
    assert module.contact_minutes == 390
    assert module.pass_mark == 80
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "module.created"))
    assert event.entity_id == module.id and event.actor_id == coordinator.id


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": ""}, "code", "Enter the code."),
        ({"code": "A B"}, "code", "Use letters, digits and dashes, without spaces."),
        ({"title": "  "}, "title", "Enter the title."),
        ({"domain_hours": {"999999": "1"}}, "domain_hours", "Choose domains from the list."),
        ({"contact_hours": "1.1"}, "contact_hours", "Use quarter-hour steps: .25, .5 or .75."),
        ({"contact_hours": "-2"}, "contact_hours", "Enter 0 or more hours."),
        ({"pass_mark": "101"}, "pass_mark", "Enter a whole number from 0 to 100."),
        ({"pass_mark": "eighty"}, "pass_mark", "Enter a whole number from 0 to 100."),
    ],
)
def test_create_module_refuses_bad_input(db, make, change, field, message):
    coordinator = make.coordinator()
    db.session.commit()
    before = count(db, Module)
    with pytest.raises(ValidationError) as caught:
        catalogue.create_module(coordinator, **{**MODULE, **change})
    db.session.rollback()
    assert caught.value.errors[field] == [message]
    assert count(db, Module) == before


def _domain(db, code):
    from tracker.models import Domain

    return db.session.scalar(sa.select(Domain).where(Domain.code == code))


def test_a_module_gives_its_hours_to_training_domains(db, make):
    coordinator = make.coordinator()
    ethics, recovery = _domain(db, "ethics"), _domain(db, "recovery")
    module = catalogue.create_module(
        coordinator, **MODULE, domain_hours={str(ethics.id): "4", str(recovery.id): "2.5", "x": ""}
    )
    db.session.commit()
    assert {row.domain.code: row.minutes for row in module.domain_hours} == {
        "ethics": 240,
        "recovery": 150,
    }
    catalogue.update_module(module, coordinator, **MODULE, domain_hours={str(ethics.id): "6.5"})
    db.session.commit()
    assert {row.domain.code: row.minutes for row in module.domain_hours} == {"ethics": 390}


@pytest.mark.parametrize(
    ("hours", "field", "message"),
    [
        (
            {"ethics": "5", "recovery": "2"},
            "domain_hours",
            "The hours in domains add up to more than the module's contact hours.",
        ),
        ({"ethics": "1.1"}, "domain_hours-ethics", "Use quarter-hour steps: .25, .5 or .75."),
    ],
)
def test_domain_hours_must_fit_the_contact_hours(db, make, hours, field, message):
    coordinator = make.coordinator()
    ids = {code: _domain(db, code).id for code in hours}
    field = field.replace("ethics", str(ids.get("ethics", "")))
    with pytest.raises(ValidationError) as caught:
        catalogue.create_module(
            coordinator, **MODULE, domain_hours={str(ids[c]): h for c, h in hours.items()}
        )
    db.session.rollback()
    assert caught.value.errors[field] == [message]
    assert count(db, Module) == 0


def test_module_codes_are_unique_without_regard_to_case(db, make):
    coordinator = make.coordinator()
    catalogue.create_module(coordinator, **MODULE)
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        catalogue.create_module(coordinator, **{**MODULE, "code": "Eth-101"})
    db.session.rollback()
    assert caught.value.errors == {"code": ["Another module already uses this code."]}
    assert count(db, Module) == 1


def test_edit_archive_and_restore_a_module(db, make):
    coordinator = make.coordinator()
    module = catalogue.create_module(coordinator, **MODULE)
    db.session.commit()
    catalogue.update_module(module, coordinator, **{**MODULE, "pass_mark": "", "title": "Ethics"})
    assert catalogue.archive_module(module, coordinator)
    assert not catalogue.archive_module(module, coordinator)
    db.session.commit()
    assert module.pass_mark is None and module.title == "Ethics" and module.is_archived
    assert catalogue.restore_module(module, coordinator)
    db.session.commit()
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.entity_id == module.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["module.created", "module.updated", "module.archived", "module.restored"]


def test_an_archived_modules_completions_still_count(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    module = make.module()
    program = make.program(modules=[module])
    make.completion(trainee, module)
    catalogue.archive_module(module, coordinator)
    db.session.commit()
    assert evaluate(trainee, program).eligible


def test_module_pages(client, login_as, db, make):
    login_as("coordinator")
    response = client.post("/coordinator/modules/new", data=MODULE)
    assert response.status_code == 303
    module = db.session.scalar(sa.select(Module))
    assert module.code == "ETH-101"

    ethics = _domain(db, "ethics")
    assert {row.domain_id: row.minutes for row in module.domain_hours} == {}
    client.post(
        f"/coordinator/modules/{module.id}/edit",
        data={**MODULE, f"domain_hours-{ethics.id}": "3"},
    )
    db.session.expire_all()
    assert {row.domain_id: row.minutes for row in module.domain_hours} == {ethics.id: 180}

    bad = client.post("/coordinator/modules/new", data={**MODULE, "code": "X2", "pass_mark": "200"})
    assert bad.status_code == 400
    assert "Enter a whole number from 0 to 100." in bad.get_data(as_text=True)
    assert count(db, Module) == 1

    edit = client.get(f"/coordinator/modules/{module.id}/edit")
    assert 'value="6.5"' in edit.get_data(as_text=True)
    client.post(f"/coordinator/modules/{module.id}/edit", data={**MODULE, "title": "Renamed"})
    client.post(f"/coordinator/modules/{module.id}/archive")
    db.session.expire_all()
    assert module.title == "Renamed" and module.is_archived
    listed = client.get("/coordinator/modules").get_data(as_text=True)
    assert "Renamed" not in listed
    assert "Renamed" in client.get("/coordinator/modules?status=archived").get_data(as_text=True)
    client.post(f"/coordinator/modules/{module.id}/restore")
    db.session.expire_all()
    assert not module.is_archived


# --- sessions and attendance -------------------------------------------------------------------


def test_schedule_a_session(db, make):
    coordinator = make.coordinator()
    module = make.module()
    session = catalogue.create_session(
        coordinator, module_id=str(module.id), held_on=local_today(), location="Room 2"
    )
    db.session.commit()
    assert session.module_id == module.id and session.location == "Room 2"

    archived = make.module(archived_at=utcnow())
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        catalogue.create_session(coordinator, module_id=archived.id, held_on=None)
    assert caught.value.errors == {
        "module_id": ["This module is archived; restore it first."],
        "held_on": ["Enter the date of the session."],
    }
    db.session.rollback()
    assert count(db, TrainingSession) == 1


def test_attendance_completes_the_module_for_each_attendee(db, make):
    coordinator = make.coordinator()
    module = make.module(pass_mark=70)
    session = make.training_session(module, held_on=local_today() - timedelta(days=1))
    ana, ben, cat = make.trainee(), make.trainee(), make.trainee()
    db.session.commit()

    result = catalogue.record_attendance(
        session, [ana.id, ben.id], coordinator, scores={ana.id: "85", ben.id: ""}
    )
    db.session.commit()

    assert sorted(result.completed) == sorted([ana.id, ben.id])
    completions = db.session.scalars(
        sa.select(ModuleCompletion).where(ModuleCompletion.session_id == session.id)
    ).all()
    by_trainee = {c.trainee_id: c for c in completions}
    assert set(by_trainee) == {ana.id, ben.id}
    for completion in completions:
        assert completion.source == CompletionSource.ATTENDANCE
        assert completion.status == CompletionStatus.VERIFIED
        assert completion.completed_on == session.held_on
        assert completion.verified_by_id == coordinator.id
    assert by_trainee[ana.id].score == 85
    assert by_trainee[ben.id].score is None
    assert count(db, SessionAttendance, SessionAttendance.session_id == session.id) == 2
    assert cat.id not in by_trainee
    program = make.program(modules=[module])
    assert evaluate(ana, program).eligible
    assert not evaluate(ben, program).eligible  # no score yet for an exam module


def test_recording_attendance_again_stores_once_and_can_add_a_score(db, make):
    coordinator = make.coordinator()
    module = make.module(pass_mark=70)
    session = make.training_session(module)
    ana, ben = make.trainee(), make.trainee()
    db.session.commit()
    catalogue.record_attendance(session, [ana.id], coordinator)
    db.session.commit()

    again = catalogue.record_attendance(
        session, [ana.id, ben.id], coordinator, scores={ana.id: "72"}
    )
    db.session.commit()

    assert again.completed == [ben.id]
    assert again.already == [ana.id]
    assert again.scored == [ana.id]
    assert count(db, ModuleCompletion, ModuleCompletion.trainee_id == ana.id) == 1
    assert count(db, SessionAttendance, SessionAttendance.trainee_id == ana.id) == 1
    score_events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "completion.score_recorded")
    ).all()
    assert [(e.before, e.after) for e in score_events] == [({"score": None}, {"score": 72})]


def test_attendance_with_a_bad_score_stores_nothing(db, make):
    coordinator = make.coordinator()
    session = make.training_session(make.module())
    ana, ben = make.trainee(), make.trainee()
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        catalogue.record_attendance(
            session, [ana.id, ben.id], coordinator, scores={ana.id: "101", ben.id: "x"}
        )
    db.session.rollback()
    assert caught.value.errors == {
        f"score-{ana.id}": ["Enter a whole number from 0 to 100."],
        f"score-{ben.id}": ["Enter a whole number from 0 to 100."],
    }
    assert count(db, ModuleCompletion) == 0
    assert count(db, SessionAttendance) == 0


def test_attendance_refuses_non_trainees_empty_lists_and_future_sessions(db, make):
    coordinator = make.coordinator()
    module = make.module()
    session = make.training_session(module)
    later = make.training_session(module, held_on=local_today() + timedelta(days=3))
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        catalogue.record_attendance(session, [coordinator.id], coordinator)
    assert caught.value.errors == {"attended": ["Choose trainees from the list."]}
    with pytest.raises(ValidationError):
        catalogue.record_attendance(session, [], coordinator)
    with pytest.raises(ServiceError, match="has not taken place yet"):
        catalogue.record_attendance(later, [make.trainee().id], coordinator)
    db.session.rollback()
    assert count(db, ModuleCompletion) == 0


def test_session_pages_record_attendance_from_the_checklist(client, login_as, db, make):
    login_as("coordinator")
    module = make.module(code="GRP-1", pass_mark=60)
    ana = make.trainee(display_name="Ana")
    ben = make.trainee(display_name="Ben")
    make.trainee(display_name="Gone", active=False)
    db.session.commit()

    created = client.post(
        "/coordinator/sessions/new",
        data={
            "module_id": str(module.id),
            "held_on": local_today().isoformat(),
            "location": "Hall",
        },
    )
    assert created.status_code == 303
    session = db.session.scalar(sa.select(TrainingSession))
    page = client.get(f"/coordinator/sessions/{session.id}")
    html = page.get_data(as_text=True)
    assert "Ana" in html and "Ben" in html and "Gone" not in html

    bad = client.post(
        f"/coordinator/sessions/{session.id}",
        data={"attended": [str(ana.id)], f"score-{ana.id}": "150"},
    )
    assert bad.status_code == 400
    assert "Enter a whole number from 0 to 100." in bad.get_data(as_text=True)
    assert count(db, ModuleCompletion) == 0

    again = client.post(
        "/coordinator/sessions/new",
        data={
            "module_id": str(module.id),
            "held_on": local_today().isoformat(),
            "location": "Hall",
        },
    )
    assert again.status_code == 303  # the same form twice schedules one session
    assert count(db, TrainingSession) == 1

    for _ in range(2):  # posted twice: stored once
        done = client.post(
            f"/coordinator/sessions/{session.id}",
            data={"attended": [str(ana.id), str(ben.id)], f"score-{ana.id}": "90"},
        )
        assert done.status_code == 303
    assert count(db, ModuleCompletion) == 2
    assert (
        db.session.scalar(
            sa.select(ModuleCompletion.score).where(ModuleCompletion.trainee_id == ana.id)
        )
        == 90
    )


def test_session_form_errors_are_shown_and_nothing_stored(client, login_as, db, make):
    login_as("coordinator")
    make.module()
    db.session.commit()
    response = client.post("/coordinator/sessions/new", data={"module_id": "", "held_on": "soon"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose a module." in html and "Enter the date of the session." in html
    assert count(db, TrainingSession) == 0


# --- results on their own ------------------------------------------------------------------------


def test_record_a_result_with_a_score(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    module = make.module(pass_mark=70)
    db.session.commit()
    completion = catalogue.record_result(
        coordinator,
        trainee,
        module_id=module.id,
        completed_on=local_today(),
        score="71",
        submission_key="k1",
    )
    db.session.commit()
    assert completion.source == CompletionSource.COORDINATOR
    assert completion.status == CompletionStatus.VERIFIED
    assert completion.score == 71
    with pytest.raises(ConflictError):
        catalogue.record_result(
            coordinator,
            trainee,
            module_id=module.id,
            completed_on=local_today(),
            score="71",
            submission_key="k1",
        )
    db.session.rollback()
    assert count(db, ModuleCompletion) == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"score": ""}, "score", "This module has an exam (pass mark 70): enter the score."),
        ({"score": "-1"}, "score", "Enter a whole number from 0 to 100."),
        ({"module_id": "999"}, "module_id", "Choose a module."),
        ({"completed_on": "tomorrow"}, "completed_on", "The date cannot be in the future."),
        ({"completed_on": date(1999, 12, 31)}, "completed_on", "Enter a date from 2000 on."),
    ],
)
def test_record_result_refuses_bad_input(db, make, change, field, message):
    coordinator = make.coordinator()
    trainee = make.trainee()
    module = make.module(pass_mark=70)
    db.session.commit()
    values = {"module_id": module.id, "completed_on": local_today(), "score": "75", **change}
    if values["completed_on"] == "tomorrow":
        values["completed_on"] = local_today() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        catalogue.record_result(coordinator, trainee, **values)
    db.session.rollback()
    assert caught.value.errors[field] == [message]
    assert count(db, ModuleCompletion) == 0


def test_record_result_page(client, login_as, db, make):
    login_as("coordinator")
    trainee = make.trainee()
    module = make.module(pass_mark=70)
    db.session.commit()
    data = {
        "module_id": str(module.id),
        "completed_on": local_today().isoformat(),
        "score": "",
        "submission_key": "abc",
    }
    bad = client.post(f"/coordinator/trainees/{trainee.id}/results", data=data)
    assert bad.status_code == 400
    assert "enter the score" in bad.get_data(as_text=True)
    assert count(db, ModuleCompletion) == 0
    for _ in range(2):
        ok = client.post(
            f"/coordinator/trainees/{trainee.id}/results", data={**data, "score": "88"}
        )
        assert ok.status_code == 303
    assert count(db, ModuleCompletion) == 1


def test_an_odd_submission_key_is_ignored_not_stored(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    module = make.module()
    db.session.commit()
    completion = catalogue.record_result(
        coordinator,
        trainee,
        module_id=module.id,
        completed_on=local_today(),
        score="",
        submission_key="a\x00b",  # PostgreSQL cannot store a NUL: it was a 500
    )
    db.session.commit()
    assert completion.submission_key is None
    assert count(db, ModuleCompletion) == 1
