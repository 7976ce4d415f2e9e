"""Programs and their rules; enrolment; a change never alters issued certifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    Certification,
    Enrolment,
    EthicsVersion,
    HourRule,
    HourStatus,
    Program,
    utcnow,
)
from tracker.services import certifications, programs
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate, evaluate_renewal
from tracker.services.errors import ServiceError, ValidationError
from tracker.services.programs import HourRuleInput


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def fields(**change):
    values = {
        "code": "pss",
        "name": "Peer Support Specialist",
        "description": "State certification",
        "requires_ethics": True,
        "validity_months": "24",
        "renewal_window_days": "60",
        "renewal_ce_hours": "36",
        "renewal_category": "ethics",
        "renewal_category_hours": "3",
        "grace_days": "30",
        "module_ids": [],
        "hour_rules": [
            HourRuleInput(
                min_hours="25",
                supervised_only=True,
                window_months="24",
                activities=["support_group", "one_on_one"],
            ),
            HourRuleInput(),  # a blank row of the form: left out
        ],
    }
    values.update(change)
    return values


def test_create_a_program_with_its_rules(db, make):
    coordinator = make.coordinator()
    ethics_module, crisis = make.module(category="ethics"), make.module()
    program = programs.create_program(
        coordinator, **fields(module_ids=[str(crisis.id), str(ethics_module.id)])
    )
    db.session.commit()

    assert program.code == "PSS"
    assert program.renewal_ce_minutes == 36 * 60
    assert program.renewal_category == "ethics"
    assert program.renewal_category_minutes == 180
    assert program.grace_days == 30
    assert {m.id for m in program.required_modules} == {crisis.id, ethics_module.id}
    [rule] = program.hour_rules
    assert (rule.min_minutes, rule.supervised_only, rule.window_months) == (1500, True, 24)
    assert rule.activities == ["support_group", "one_on_one"]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "program.created"))
    assert event.after["hour_rules"][0]["min_minutes"] == 1500


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": "p"}, "code", "Use 2 to 10 capital letters and digits"),
        ({"code": "P-S"}, "code", "Use 2 to 10 capital letters and digits"),
        ({"name": ""}, "name", "Enter the program's name."),
        ({"validity_months": "0"}, "validity_months", "Enter a number of months from 1 to 240."),
        ({"validity_months": "x"}, "validity_months", "Enter a number of months from 1 to 240."),
        ({"grace_days": "-1"}, "grace_days", "Enter a number of days from 0 to 3650."),
        ({"renewal_ce_hours": "1.1"}, "renewal_ce_hours", "Use quarter-hour steps"),
        (
            {"renewal_category_hours": "40"},
            "renewal_category_hours",
            "This cannot be more than the renewal hours in all.",
        ),
        (
            {"renewal_category": None},
            "renewal_category",
            "Choose the category these hours must be in.",
        ),
        ({"renewal_category": "tarot"}, "renewal_category", "Choose a category."),
        ({"module_ids": ["999"]}, "module_ids", "Choose modules from the list."),
        (
            {"hour_rules": [HourRuleInput(min_hours="0")]},
            "hour_rules-0-min_hours",
            "Enter more than 0 hours.",
        ),
        (
            {"hour_rules": [HourRuleInput(), HourRuleInput(min_hours="5", window_months="0")]},
            "hour_rules-1-window_months",
            "Enter a number of months from 1 to 240",
        ),
        (
            {"hour_rules": [HourRuleInput(min_hours="5", activities=["sleeping"])]},
            "hour_rules-0-activities",
            "Choose activities from the list.",
        ),
    ],
)
def test_bad_rules_are_field_errors_and_nothing_is_stored(db, make, change, field, message):
    coordinator = make.coordinator()
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        programs.create_program(coordinator, **fields(**change))
    db.session.rollback()
    assert caught.value.errors[field][0].startswith(message)
    assert count(db, Program) == 0
    assert count(db, HourRule) == 0


def test_codes_and_names_are_unique(db, make):
    coordinator = make.coordinator()
    programs.create_program(coordinator, **fields())
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        programs.create_program(coordinator, **fields(name="peer support specialist"))
    assert caught.value.errors == {
        "code": ["Another program already uses this code."],
        "name": ["Another program already has this name."],
    }
    db.session.rollback()
    assert count(db, Program) == 1


def test_archived_modules_cannot_be_added_but_stay_when_already_required(db, make):
    coordinator = make.coordinator()
    kept = make.module()
    program = programs.create_program(coordinator, **fields(module_ids=[kept.id]))
    kept.archived_at = utcnow()
    other = make.module(archived_at=utcnow())
    db.session.commit()
    programs.update_program(program, coordinator, **fields(module_ids=[kept.id]))
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        programs.update_program(program, coordinator, **fields(module_ids=[kept.id, other.id]))
    db.session.rollback()
    assert caught.value.errors == {
        "module_ids": ["An archived module cannot be added; restore it first."]
    }


def test_editing_updates_keeps_and_removes_hour_rules(db, make):
    coordinator = make.coordinator()
    program = programs.create_program(coordinator, **fields())
    db.session.commit()
    [rule] = program.hour_rules
    rule_id = rule.id
    programs.update_program(
        program,
        coordinator,
        **fields(
            hour_rules=[
                HourRuleInput(id=rule_id, min_hours="30", label="Supervised practice"),
                HourRuleInput(min_hours="10", activities=["outreach"]),
            ]
        ),
    )
    db.session.commit()
    rules = program.hour_rules
    assert rules[0].id == rule_id
    assert [(r.min_minutes, r.label, r.position) for r in rules] == [
        (1800, "Supervised practice", 0),
        (600, "", 1),
    ]
    programs.update_program(program, coordinator, **fields(hour_rules=[HourRuleInput()]))
    db.session.commit()
    assert program.hour_rules == []
    assert count(db, HourRule) == 0
    updates = count(db, AuditEvent, AuditEvent.action == "program.updated")
    assert updates == 2


def test_a_rule_id_of_another_program_is_refused(db, make):
    coordinator = make.coordinator()
    other = make.program(hour_rules=[{"min_minutes": 60}])
    program = programs.create_program(coordinator, **fields(code="XY", name="XY"))
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        programs.update_program(
            program,
            coordinator,
            **fields(hour_rules=[HourRuleInput(id=other.hour_rules[0].id, min_hours="5")]),
        )
    db.session.rollback()
    assert "hour_rules" in caught.value.errors
    assert other.hour_rules[0].min_minutes == 60


def test_a_program_change_never_alters_an_issued_certification(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    program = programs.create_program(
        coordinator,
        **fields(
            requires_ethics=False,
            renewal_ce_hours="0",
            renewal_category=None,
            renewal_category_hours="0",
            hour_rules=[HourRuleInput(min_hours="2")],
        ),
    )
    make.enrolment(trainee, program)
    make.hour_entry(trainee, minutes=120, status=HourStatus.APPROVED)
    db.session.commit()
    certification = programs.issue_to_enrolled(trainee, program, coordinator)
    db.session.commit()
    snapshot = dict(certification.program_snapshot)
    expires = certification.expires_on

    programs.update_program(
        program,
        coordinator,
        **fields(
            validity_months="6",
            grace_days="0",
            renewal_ce_hours="100",
            renewal_category=None,
            renewal_category_hours="0",
            hour_rules=[HourRuleInput(min_hours="500")],
        ),
    )
    db.session.commit()
    db.session.expire_all()

    stored = db.session.get(Certification, certification.id)
    assert stored.program_snapshot == snapshot
    assert stored.expires_on == expires
    assert certifications.grace_days(stored) == 30
    # Renewal is measured against the rules it was issued under (no CE hours), not the new 100.
    assert evaluate_renewal(stored).eligible
    # ...while a trainee working toward it now faces the new rules.
    assert not evaluate(trainee, program).eligible


def test_enrol_withdraw_and_enrol_again(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    program = make.program()
    db.session.commit()

    enrolment, changed = programs.enrol(trainee, program, coordinator)
    assert changed
    assert programs.enrol(trainee, program, coordinator) == (enrolment, False)
    assert programs.withdraw(trainee, program, coordinator)
    assert not programs.withdraw(trainee, program, coordinator)
    db.session.commit()
    assert enrolment.withdrawn_at is not None
    again, changed = programs.enrol(trainee, program, coordinator)
    db.session.commit()
    assert changed and again.id == enrolment.id and again.withdrawn_at is None
    assert count(db, Enrolment) == 1
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.entity_type == "enrolments")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["enrolment.created", "enrolment.withdrawn", "enrolment.resumed"]


def test_enrol_refuses_coordinators_inactive_trainees_and_archived_programs(db, make):
    coordinator = make.coordinator()
    program = make.program()
    archived = make.program(archived_at=utcnow())
    db.session.commit()
    with pytest.raises(ServiceError, match="Only trainees"):
        programs.enrol(coordinator, program, coordinator)
    with pytest.raises(ServiceError, match="deactivated"):
        programs.enrol(make.trainee(active=False), program, coordinator)
    with pytest.raises(ServiceError, match="archived"):
        programs.enrol(make.trainee(), archived, coordinator)
    db.session.rollback()
    assert count(db, Enrolment) == 0


# --- pages -------------------------------------------------------------------------------------


def form_data(**change):
    data = {
        "code": "NCP",
        "name": "National Certified Peer",
        "description": "",
        "requires_ethics": "y",
        "validity_months": "24",
        "renewal_window_days": "60",
        "grace_days": "0",
        "renewal_ce_hours": "20",
        "renewal_category": "ethics",
        "renewal_category_hours": "6",
        "hour_rules-0-min_hours": "200",
        "hour_rules-0-supervised_only": "y",
        "hour_rules-0-activities": ["support_group"],
        "hour_rules-0-window_months": "",
        "hour_rules-1-min_hours": "",
    }
    data.update(change)
    return data


def test_program_pages_create_and_edit(client, login_as, db, make):
    login_as("coordinator")
    module = make.module(code="ETH-1")
    db.session.commit()
    assert client.get("/coordinator/programs/new").status_code == 200
    response = client.post("/coordinator/programs/new", data=form_data(module_ids=[str(module.id)]))
    assert response.status_code == 303
    program = db.session.scalar(sa.select(Program))
    assert [m.code for m in program.required_modules] == ["ETH-1"]
    [rule] = program.hour_rules
    assert rule.min_minutes == 12000 and rule.supervised_only and rule.window_months is None

    page = client.get(f"/coordinator/programs/{program.id}/edit").get_data(as_text=True)
    assert 'name="hour_rules-0-id"' in page and f'value="{rule.id}"' in page
    assert 'name="hour_rules-1-min_hours"' in page  # a blank row for a new rule

    edited = client.post(
        f"/coordinator/programs/{program.id}/edit",
        data=form_data(
            **{
                "hour_rules-0-id": str(rule.id),
                "hour_rules-0-min_hours": "150",
                "hour_rules-1-min_hours": "10",
                "hour_rules-1-window_months": "12",
            }
        ),
    )
    assert edited.status_code == 303
    db.session.expire_all()
    assert [(r.id == rule.id, r.min_minutes, r.window_months) for r in program.hour_rules] == [
        (True, 9000, None),
        (False, 600, 12),
    ]
    listing = client.get("/coordinator/programs").get_data(as_text=True)
    assert "150 supervised hours of support group" in listing


def test_program_page_shows_rule_errors_next_to_the_field(client, login_as, db, make):
    login_as("coordinator")
    response = client.post(
        "/coordinator/programs/new",
        data=form_data(**{"hour_rules-0-min_hours": "2.1", "validity_months": "999"}),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="hour_rules-0-min_hours-error"' in html
    assert "Use quarter-hour steps: .25, .5 or .75." in html
    assert 'id="validity_months-error"' in html
    assert count(db, Program) == 0


def test_add_rule_button_adds_a_row_without_saving(client, login_as, db):
    login_as("coordinator")
    response = client.post("/coordinator/programs/new", data=form_data(add_rule="1"))
    assert response.status_code == 200
    assert 'name="hour_rules-2-min_hours"' in response.get_data(as_text=True)
    assert count(db, Program) == 0


def test_enrol_and_withdraw_from_the_trainee_page(client, login_as, db, make):
    login_as("coordinator")
    trainee = make.trainee()
    program = make.program(name="Peer Recovery")
    db.session.commit()
    missing = client.post(f"/coordinator/trainees/{trainee.id}/enrol", data={"program_id": ""})
    assert missing.status_code == 400
    assert "Choose a program." in missing.get_data(as_text=True)
    assert count(db, Enrolment) == 0

    for _ in range(2):
        done = client.post(
            f"/coordinator/trainees/{trainee.id}/enrol", data={"program_id": str(program.id)}
        )
        assert done.status_code == 303
    assert count(db, Enrolment) == 1
    client.post(f"/coordinator/trainees/{trainee.id}/programs/{program.id}/withdraw")
    enrolment = db.session.scalar(sa.select(Enrolment))
    db.session.refresh(enrolment)
    assert enrolment.withdrawn_at is not None


def test_publish_a_new_code_of_ethics(client, login_as, db, make):
    login_as("coordinator")
    make.ethics_version(title="First")
    db.session.commit()
    page = client.get("/coordinator/ethics")
    assert "First" in page.get_data(as_text=True)
    bad = client.post("/coordinator/ethics", data={"title": "Second", "body": "   "})
    assert bad.status_code == 400
    assert count(db, EthicsVersion) == 1
    done = client.post("/coordinator/ethics", data={"title": "Second", "body": "Keep boundaries."})
    assert done.status_code == 303
    latest = db.session.scalar(sa.select(EthicsVersion).order_by(EthicsVersion.version.desc()))
    assert (latest.version, latest.title) == (2, "Second")
    again = client.post(
        "/coordinator/ethics",
        data={"title": "Second", "body": "Keep boundaries."},
        follow_redirects=True,
    )
    assert "already the current version (version 2)" in again.get_data(as_text=True)
    assert count(db, EthicsVersion) == 2


def test_archive_and_restore_a_program(client, login_as, db, make):
    login_as("coordinator")
    program = make.program(name="Old program")
    db.session.commit()
    archived = client.post(f"/coordinator/programs/{program.id}/archive", follow_redirects=True)
    assert "Old program archived" in archived.get_data(as_text=True)
    db.session.expire_all()
    assert program.is_archived
    assert "Old program" not in client.get("/coordinator/programs").get_data(as_text=True)
    assert "Old program" in client.get("/coordinator/programs?archived=1").get_data(as_text=True)
    client.post(f"/coordinator/programs/{program.id}/restore")
    db.session.expire_all()
    assert not program.is_archived


def test_window_rule_counts_from_the_program_today(db, make):
    """An edited window applies at once to trainees in training (one rule, one place)."""
    coordinator = make.coordinator()
    trainee = make.trainee()
    program = programs.create_program(
        coordinator,
        **fields(
            requires_ethics=False,
            hour_rules=[HourRuleInput(min_hours="1", window_months="1")],
        ),
    )
    make.hour_entry(
        trainee,
        minutes=60,
        status=HourStatus.APPROVED,
        worked_on=local_today() - timedelta(days=90),
    )
    db.session.commit()
    assert not evaluate(trainee, program).eligible
    programs.update_program(
        program,
        coordinator,
        **fields(
            requires_ethics=False,
            hour_rules=[HourRuleInput(id=program.hour_rules[0].id, min_hours="1")],
        ),
    )
    db.session.commit()
    assert evaluate(trainee, program).eligible
