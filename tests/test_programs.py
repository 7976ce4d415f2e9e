"""Programs: their terms and requirements, documents and templates, enrolment; a change
never alters issued certifications."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    Certification,
    DocumentType,
    Domain,
    Enrolment,
    EthicsCode,
    EthicsVersion,
    Exam,
    HourStatus,
    Program,
    ProgramRequirement,
    utcnow,
)
from tracker.services import certifications, program_documents, programs
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate, evaluate_renewal
from tracker.services.errors import ConflictError, ServiceError, ValidationError


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def terms(**change):
    values = {
        "code": "pss",
        "name": "Peer Support Specialist",
        "description": "State certification",
        "source": "The state board's standard, section 4.",
        "validity_months": "24",
        "renewal_window_days": "60",
        "grace_days": "30",
    }
    values.update(change)
    return values


# --- terms -------------------------------------------------------------------------------------


def test_create_a_program_and_its_requirements(db, make):
    coordinator = make.coordinator()
    program = programs.create_program(coordinator, **terms())
    programs.save_requirement(
        program,
        coordinator,
        {"kind": "experience_hours", "hours": 25, "supervised": True, "within_months": 24},
    )
    programs.save_requirement(program, coordinator, {"kind": "ethics", "ethics_code": "general"})
    programs.set_renewal_buckets(
        program,
        coordinator,
        [
            {"label": "Ethics", "hours": 3, "domains": ["ethics"]},
            {"label": "Elective", "hours": 33},
        ],
    )
    db.session.commit()
    assert (program.code, program.validity_months, program.grace_days) == ("PSS", 24, 30)
    assert [(r.key, r.kind, r.window_months) for r in program.requirements] == [
        ("experience-hours", "experience_hours", 24),
        ("ethics", "ethics", None),
    ]
    assert program.requirements[0].settings == {"minutes": 1500, "paid": "any", "supervised": True}
    assert program.renewal_minutes == 36 * 60
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.entity_type == "programs")
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["program.created", "program.updated", "program.updated", "program.updated"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"code": "p"},
            "code",
            "Use 2 to 10 capital letters and digits, starting with a letter (e.g. PSS).",
        ),
        ({"name": " "}, "name", "Enter the program's name."),
        ({"validity_months": "0"}, "validity_months", "Enter a number of months from 1 to 240."),
        ({"validity_months": "x"}, "validity_months", "Enter a number of months from 1 to 240."),
        ({"grace_days": "-1"}, "grace_days", "Enter a number of days from 0 to 3650."),
        ({"renewal_cycle": "lunar"}, "renewal_cycle", "Choose how renewal cycles run."),
        ({"validity_from": "exam"}, "validity_from", "Choose a requirement of this program."),
    ],
)
def test_bad_terms_are_field_errors_and_nothing_is_stored(db, make, change, field, message):
    coordinator = make.coordinator()
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        programs.create_program(coordinator, **terms(**change))
    db.session.rollback()
    assert caught.value.errors[field] == [message]
    assert count(db, Program) == 0


def test_codes_and_names_are_unique(db, make):
    coordinator = make.coordinator()
    programs.create_program(coordinator, **terms())
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        programs.create_program(coordinator, **terms(name="Other"))
    assert caught.value.errors == {"code": ["Another program already uses this code."]}
    with pytest.raises(ValidationError) as caught:
        programs.create_program(coordinator, **terms(code="OTH", name="peer support specialist"))
    assert caught.value.errors == {"name": ["Another program already has this name."]}


def test_validity_counted_from_a_dated_requirement_only(db, make):
    coordinator = make.coordinator()
    exam = make.exam(code="board")
    program = make.program(
        requirements=[
            {"kind": "exam", "key": "exam", "settings": {"exam_id": exam.id}},
            {"kind": "experience_hours", "key": "hours", "settings": {"minutes": 60}},
        ]
    )
    with pytest.raises(ValidationError) as caught:
        programs.update_program(
            program,
            coordinator,
            **terms(code=program.code, name=program.name, validity_from="hours"),
        )
    assert "validity_from" in caught.value.errors
    programs.update_program(
        program, coordinator, **terms(code=program.code, name=program.name, validity_from="exam")
    )
    assert program.validity_from == "exam"
    with pytest.raises(ValidationError):
        programs.remove_requirement(program, coordinator, "exam")


def test_two_coordinators_editing_at_once_the_second_is_told(db, make):
    coordinator = make.coordinator()
    program = make.program()
    db.session.commit()
    loaded = program.updated_at
    programs.update_program(
        program,
        coordinator,
        expected_updated_at=loaded,
        **terms(code=program.code, name="First edit"),
    )
    db.session.commit()
    with pytest.raises(ConflictError):
        programs.save_requirement(
            program, coordinator, {"kind": "exam", "exam": "x"}, expected_updated_at=loaded
        )


# --- requirements one by one ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        (
            {"kind": "experience_hours", "hours": 0},
            "requirement.hours",
            "Enter more than 0.",
        ),
        (
            {"kind": "experience_hours", "hours": 1.1},
            "requirement.hours",
            "Use quarter-hour steps: .25, .5 or .75.",
        ),
        (
            {"kind": "exam", "exam": "no-such-exam"},
            "requirement.exam",
            "No exam has the code no-such-exam.",
        ),
        (
            {"kind": "training_hours", "hours": 10, "domains": ["astrology"]},
            "requirement.domains",
            "No training domain has the code astrology.",
        ),
        (
            {"kind": "experience_hours", "hours": 10, "months": 3},
            "requirement",
            "Give either hours, or both months and hours_per_month.",
        ),
        (
            {"kind": "astrology"},
            "requirement.kind",
            "Choose one of: alternatives, certification, documents, ethics, exam, "
            "experience_hours, modules, supervision_hours, training_hours.",
        ),
        (
            {
                "kind": "alternatives",
                "options": [{"kind": "alternatives", "options": []}, {"kind": "exam", "exam": "x"}],
            },
            "requirement.options[0].kind",
            None,
        ),
    ],
)
def test_a_bad_requirement_names_its_field_and_stores_nothing(db, make, item, field, message):
    coordinator = make.coordinator()
    program = make.program()
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        programs.save_requirement(program, coordinator, item)
    db.session.rollback()
    assert field in caught.value.errors
    if message is not None:
        assert caught.value.errors[field] == [message]
    assert count(db, ProgramRequirement) == 0


def test_edit_move_and_remove_requirements(db, make):
    coordinator = make.coordinator()
    program = make.program(hour_rules=[{"min_minutes": 60}, {"min_minutes": 120}])
    first, _second = program.requirements
    programs.save_requirement(
        program,
        coordinator,
        {"kind": "experience_hours", "hours": 3, "key": "hours-1"},
        key="hours-1",
    )
    assert first.id == program.requirements[0].id  # edited in place, same row
    assert first.settings["minutes"] == 180
    programs.move_requirement(program, coordinator, "hours-2", -1)
    assert [r.key for r in program.requirements] == ["hours-2", "hours-1"]
    programs.move_requirement(program, coordinator, "hours-2", -1)  # already first: nothing
    assert [r.position for r in program.requirements] == [0, 1]
    programs.remove_requirement(program, coordinator, "hours-2")
    db.session.commit()
    assert [r.key for r in program.requirements] == ["hours-1"]
    with pytest.raises(ServiceError):
        programs.remove_requirement(program, coordinator, "hours-2")


def test_keys_are_proposed_and_must_stay_unique(db, make):
    coordinator = make.coordinator()
    exam = make.exam(code="board")
    program = make.program()
    for _ in range(2):
        programs.save_requirement(program, coordinator, {"kind": "exam", "exam": exam.code})
    assert [r.key for r in program.requirements] == ["exam", "exam-2"]
    with pytest.raises(ValidationError) as caught:
        programs.save_requirement(
            program, coordinator, {"kind": "exam", "exam": exam.code, "key": "exam"}
        )
    assert caught.value.errors == {
        "requirement.key": ["Another requirement already has the key exam."]
    }


def test_buckets_cannot_count_a_domain_twice(db, make):
    coordinator = make.coordinator()
    program = make.program()
    with pytest.raises(ValidationError) as caught:
        programs.set_renewal_buckets(
            program,
            coordinator,
            [
                {"label": "Ethics", "hours": 3, "domains": ["ethics"]},
                {"label": "Also ethics", "hours": 3, "domains": ["ethics"]},
            ],
        )
    assert list(caught.value.errors) == ["renewal.buckets[1].domains"]


def test_a_program_change_never_alters_an_issued_certification(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    program = programs.create_program(coordinator, **terms())
    programs.save_requirement(program, coordinator, {"kind": "experience_hours", "hours": 2})
    make.enrolment(trainee, program)
    make.hour_entry(trainee, minutes=120, status=HourStatus.APPROVED)
    db.session.commit()
    certification = programs.issue_to_enrolled(trainee, program, coordinator)
    db.session.commit()
    snapshot = copy.deepcopy(certification.program_snapshot)
    expires = certification.expires_on

    programs.update_program(program, coordinator, **terms(validity_months="6", grace_days="0"))
    programs.save_requirement(
        program, coordinator, {"kind": "experience_hours", "hours": 500}, key="experience-hours"
    )
    programs.set_renewal_buckets(program, coordinator, [{"label": "CE", "hours": 100}])
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


def test_an_edited_window_applies_at_once_to_trainees_in_training(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 60, "window_months": 1}])
    make.hour_entry(
        trainee,
        minutes=60,
        status=HourStatus.APPROVED,
        worked_on=local_today() - timedelta(days=90),
    )
    db.session.commit()
    assert not evaluate(trainee, program).eligible
    programs.save_requirement(
        program, coordinator, {"kind": "experience_hours", "hours": 1}, key="hours-1"
    )
    db.session.commit()
    assert evaluate(trainee, program).eligible


# --- validity and renewal cycles -----------------------------------------------------------


@pytest.mark.parametrize(
    ("cycle", "issued", "expires"),
    [
        ("rolling", date(2026, 3, 15), date(2028, 3, 15)),
        ("calendar", date(2026, 3, 15), date(2028, 12, 31)),
        ("calendar", date(2026, 1, 1), date(2027, 12, 31)),
    ],
)
def test_rolling_and_calendar_cycles(db, make, cycle, issued, expires):
    program = make.program(renewal_cycle=cycle)
    assert certifications.expiry_for(program, issued) == expires


def test_validity_counted_from_the_exam(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    exam = make.exam()
    program = make.program(
        validity_months=24,
        requirements=[{"kind": "exam", "key": "exam", "settings": {"exam_id": exam.id}}],
    )
    program.validity_from = "exam"
    passed = local_today() - timedelta(days=100)
    make.exam_result(trainee, exam, passed=True, taken_on=passed)
    make.enrolment(trainee, program)
    db.session.commit()
    certification = programs.issue_to_enrolled(trainee, program, coordinator)
    assert certification.issued_on == local_today()
    assert certification.expires_on == date(passed.year + 2, passed.month, passed.day)


def test_a_validity_that_would_already_be_over_is_refused(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    exam = make.exam()
    program = make.program(
        validity_months=12,
        requirements=[{"kind": "exam", "key": "exam", "settings": {"exam_id": exam.id}}],
    )
    program.validity_from = "exam"
    make.exam_result(trainee, exam, passed=True, taken_on=local_today() - timedelta(days=400))
    make.enrolment(trainee, program)
    db.session.commit()
    with pytest.raises(ValidationError, match="would be expired when issued"):
        programs.issue_to_enrolled(trainee, program, coordinator)


# --- documents, the schema and the templates -------------------------------------------------


def template(slug):
    document = program_documents.template(slug)
    assert document is not None
    return copy.deepcopy(document)


@pytest.mark.parametrize("slug", ["icrc-peer-recovery", "pennsylvania-cps"])
def test_the_schema_validates_both_templates(slug):
    program_documents.validate(template(slug))


BROKEN = [
    ("format", lambda d: d.update(format="something/2"), "format"),
    ("missing name", lambda d: d.pop("name"), "document"),
    ("lower-case code", lambda d: d.update(code="pss"), "code"),
    ("validity zero", lambda d: d["validity"].update(months=0), "validity.months"),
    ("unknown cycle", lambda d: d["validity"].update(cycle="lunar"), "validity.cycle"),
    ("extra member", lambda d: d.update(colour="blue"), "document"),
    ("hours as text", lambda d: d["requirements"][0].update(hours="ten"), "requirements[0].hours"),
    ("negative hours", lambda d: d["requirements"][0].update(hours=-1), "requirements[0].hours"),
    (
        "unknown kind",
        lambda d: d["requirements"][0].update(kind="astrology"),
        "requirements[0].kind",
    ),
    (
        "member of another kind",
        lambda d: d["requirements"][0].update(exam="icrc-pr"),
        "requirements[0]",
    ),
    (
        "bucket without label",
        lambda d: d["renewal"]["buckets"][0].pop("label"),
        "renewal.buckets[0]",
    ),
    ("bad key", lambda d: d["requirements"][0].update(key="Has Spaces"), "requirements[0].key"),
    (
        "window too long",
        lambda d: d["requirements"][0].update(within_months=241),
        "requirements[0].within_months",
    ),
]


@pytest.mark.parametrize(("what", "breaks", "path"), BROKEN, ids=[b[0] for b in BROKEN])
def test_the_schema_refuses_broken_documents(what, breaks, path):
    document = template("icrc-peer-recovery")
    breaks(document)
    with pytest.raises(ValidationError) as caught:
        program_documents.validate(document)
    assert path in caught.value.errors, (what, caught.value.errors)


def test_importing_a_template_creates_what_it_names(db, make):
    coordinator = make.coordinator()
    program, created = programs.import_document(template("icrc-peer-recovery"), coordinator)
    db.session.commit()
    assert created and program.code == "ICRCPR"
    assert len(program.requirements) == 10
    assert {d.code for d in db.session.scalars(sa.select(Domain))} >= {
        "advocacy",
        "mentoring_education",
        "recovery_wellness",
        "ethical_responsibility",
    }
    assert db.session.scalar(sa.select(Exam.pass_mark).where(Exam.code == "icrc-pr")) is None
    assert count(db, DocumentType, DocumentType.code == "diploma") == 1
    assert count(db, EthicsCode, EthicsCode.code == "icrc-pr") == 1
    assert [(b["label"], b["minutes"]) for b in program.renewal_buckets] == [
        ("Ethics", 360),
        ("Any peer recovery domain", 840),
    ]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "program.imported"))
    assert event.entity_id == program.id


def test_export_then_import_gives_the_same_document(db, make):
    coordinator = make.coordinator()
    original, _ = programs.import_document(template("pennsylvania-cps"), coordinator)
    db.session.commit()
    exported = program_documents.export(original)
    program_documents.validate(exported)
    again = json.loads(json.dumps(exported))
    again["code"], again["name"] = "PACOPY", "A copy"
    copy_, _ = programs.import_document(again, coordinator)
    db.session.commit()
    mine = program_documents.export(copy_)
    for document in (exported, mine):
        document.pop("code"), document.pop("name")
    assert mine == exported


def test_an_existing_code_is_refused_unless_replaced(db, make):
    coordinator = make.coordinator()
    program, _ = programs.import_document(template("icrc-peer-recovery"), coordinator)
    db.session.commit()
    ids_before = [r.id for r in program.requirements]
    document = template("icrc-peer-recovery")
    document["requirements"][5]["hours"] = 600
    with pytest.raises(ValidationError) as caught:
        programs.import_document(document, coordinator)
    assert "code" in caught.value.errors
    db.session.rollback()
    replaced, created = programs.import_document(document, coordinator, replace=True)
    db.session.commit()
    assert not created and replaced.id == program.id
    assert [r.id for r in replaced.requirements] == ids_before  # same rows, kept by key
    assert replaced.requirements[5].settings["minutes"] == 600 * 60


def test_a_bad_document_stores_nothing(db, make):
    coordinator = make.coordinator()
    db.session.commit()
    before = {model: count(db, model) for model in (Program, Domain, Exam, EthicsCode)}
    document = template("icrc-peer-recovery")
    document["requirements"][8]["exam"] = "no-such-exam"
    document["catalogue"]["exams"] = []
    with pytest.raises(ValidationError) as caught:
        programs.import_document(document, coordinator)
    db.session.rollback()
    assert caught.value.errors == {"requirements[8].exam": ["No exam has the code no-such-exam."]}
    assert {model: count(db, model) for model in before} == before


def test_the_templates_work_end_to_end_at_the_service_level(db, make):
    """A trainee meets the IC&RC template only when every requirement is met."""
    coordinator = make.coordinator()
    program, _ = programs.import_document(template("icrc-peer-recovery"), coordinator)
    code = db.session.scalar(sa.select(EthicsCode).where(EthicsCode.code == "icrc-pr"))
    version = make.ethics_version(code)
    trainee = make.trainee()
    day = local_today() - timedelta(days=10)
    for domain, hours in (
        ("advocacy", 10),
        ("mentoring_education", 10),
        ("recovery_wellness", 10),
        ("ethical_responsibility", 15),
    ):
        make.completion(
            trainee,
            make.module(contact_minutes=hours * 60, domains={domain: hours * 60}),
            completed_on=day,
        )
    for n in range(25):
        make.hour_entry(trainee, minutes=1200, status="approved", worked_on=day - timedelta(days=n))
    for n in range(25):
        make.supervision(trainee, minutes=60, held_on=day - timedelta(days=n))
    make.document(trainee, db.session.scalar(sa.select(DocumentType)))
    make.exam_result(trainee, db.session.scalar(sa.select(Exam)), passed=True)
    make.acknowledgement(trainee, version)
    result = evaluate(trainee, program)
    assert [r.key for r in result.missing_rules] == ["training", "training-ethics"]
    assert result.rule("training-ethics").missing == 1
    make.external_training(
        trainee, minutes=60, domains={"ethical_responsibility": 60}, completed_on=day
    )
    assert evaluate(trainee, program).eligible


# --- commands ------------------------------------------------------------------------------


def test_programs_export_and_import_commands(runner, db, make, tmp_path):
    coordinator = make.coordinator()
    make.program(code="PSS", name="Peer Support", hour_rules=[{"min_minutes": 600}])
    db.session.commit()
    exported = runner.invoke(args=["programs", "export", "PSS"])
    assert exported.exit_code == 0, exported.output
    document = json.loads(exported.output)
    assert document["requirements"] == [{"key": "hours-1", "kind": "experience_hours", "hours": 10}]
    path = tmp_path / "program.json"
    document["code"], document["name"] = "PSS2", "Peer Support 2"
    path.write_text(json.dumps(document))
    imported = runner.invoke(args=["programs", "import", str(path)])
    assert imported.exit_code == 0, imported.output
    assert "Imported PSS2" in imported.output
    again = runner.invoke(args=["programs", "import", str(path)])
    assert again.exit_code != 0 and "code: A program with the code PSS2 exists" in again.output
    assert runner.invoke(args=["programs", "import", str(path), "--replace"]).exit_code == 0
    document["validity"]["months"] = 0
    path.write_text(json.dumps(document))
    broken = runner.invoke(args=["programs", "import", str(path), "--replace"])
    assert broken.exit_code != 0
    assert "validity.months: Enter 1 or more." in broken.output
    assert db.session.scalar(sa.select(Program.validity_months).where(Program.code == "PSS2")) == 24
    assert runner.invoke(args=["programs", "export", "NOPE"]).exit_code != 0
    del coordinator


def test_eligibility_command_prints_what_the_pages_show(runner, db, make):
    trainee = make.trainee(email="ana@example.org")
    program = make.program(code="PSS", hour_rules=[{"min_minutes": 600}])
    make.hour_entry(trainee, minutes=240, status=HourStatus.APPROVED)
    db.session.commit()
    text = runner.invoke(args=["eligibility", "ana@example.org", "--program", "PSS"])
    assert text.exit_code == 0, text.output
    assert "Not yet eligible" in text.output and "4 of 10 hours" in text.output
    data = runner.invoke(args=["eligibility", "ANA@example.org", "--program", "pss", "--json"])
    verdict = json.loads(data.output)
    assert verdict == json.loads(json.dumps(evaluate(trainee, program).to_dict()))
    missing = runner.invoke(args=["eligibility", "nobody@example.org", "--program", "PSS"])
    assert missing.exit_code != 0 and "No account" in missing.output


# --- enrolment -----------------------------------------------------------------------------


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


def test_program_terms_pages_create_and_edit(client, login_as, db):
    login_as("coordinator")
    response = client.post(
        "/coordinator/programs/new",
        data={
            **terms(code="NCP", name="National Certified Peer"),
            "validity_from": "issue",
            "renewal_cycle": "calendar",
        },
    )
    assert response.status_code == 303
    program = db.session.scalar(sa.select(Program))
    assert (program.code, program.renewal_cycle) == ("NCP", "calendar")
    bad = client.post(
        f"/coordinator/programs/{program.id}/edit",
        data={
            **terms(code="NCP", name="X", validity_months="999"),
            "renewal_cycle": "rolling",
            "validity_from": "issue",
        },
    )
    assert bad.status_code == 400
    assert "Enter a number of months from 1 to 240." in bad.get_data(as_text=True)
    db.session.expire_all()
    assert program.name == "National Certified Peer"


def test_import_page_takes_a_template_and_says_what_is_wrong(client, login_as, db):
    login_as("coordinator")
    page = client.get("/coordinator/programs/import?template=pennsylvania-cps")
    assert page.status_code == 200 and "PACPS" in page.get_data(as_text=True)
    document = template("pennsylvania-cps")
    document["validity"]["months"] = 0
    bad = client.post("/coordinator/programs/import", data={"text": json.dumps(document)})
    assert bad.status_code == 400
    assert "<code>validity.months</code>: Enter 1 or more." in bad.get_data(as_text=True)
    assert count(db, Program) == 0
    done = client.post(
        "/coordinator/programs/import", data={"text": json.dumps(template("pennsylvania-cps"))}
    )
    assert done.status_code == 303
    assert db.session.scalar(sa.select(Program.code)) == "PACPS"
    exported = client.get(done.headers["Location"].replace("", "") + "/export.json")
    assert exported.status_code == 200
    assert json.loads(exported.get_data(as_text=True))["code"] == "PACPS"


def test_publish_a_new_version_of_a_code_of_ethics(client, login_as, db, make):
    login_as("coordinator")
    code = make.ethics_version(title="First").code
    db.session.commit()
    page = client.get("/coordinator/ethics")
    assert "First" in page.get_data(as_text=True)
    url = f"/coordinator/ethics/{code.id}"
    bad = client.post(url, data={"title": "Second", "body": "   "})
    assert bad.status_code == 400
    assert count(db, EthicsVersion) == 1
    done = client.post(url, data={"title": "Second", "body": "Keep boundaries."})
    assert done.status_code == 303
    latest = db.session.scalar(sa.select(EthicsVersion).order_by(EthicsVersion.version.desc()))
    assert (latest.version, latest.title) == (2, "Second")
    again = client.post(
        url, data={"title": "Second", "body": "Keep boundaries."}, follow_redirects=True
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


def test_enrol_and_withdraw_from_the_trainee_page(client, login_as, db, make):
    login_as("coordinator")
    trainee = make.trainee()
    program = make.program(name="Peer Support")
    db.session.commit()
    client.post(f"/coordinator/trainees/{trainee.id}/enrol", data={"program_id": str(program.id)})
    enrolment = db.session.scalar(sa.select(Enrolment))
    assert enrolment is not None and enrolment.withdrawn_at is None
    client.post(f"/coordinator/trainees/{trainee.id}/programs/{program.id}/withdraw/confirm")
    db.session.expire_all()
    assert enrolment.withdrawn_at is not None
