"""The rules the database enforces by itself, whatever code writes to it.

Each case stores one row that breaks one constraint and expects the database
to refuse it (IntegrityError), then checks that nothing was stored.  Every test
runs on SQLite and, when configured, on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from tracker.models import (
    AccountToken,
    Activity,
    Certification,
    CertificationRenewal,
    CompletionSource,
    CompletionStatus,
    Domain,
    Enrolment,
    EthicsAcknowledgement,
    EthicsVersion,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    ModuleDomain,
    Program,
    ProgramRequirement,
    SessionAttendance,
    Setting,
    TrainingSession,
    User,
    utcnow,
)
from tracker.services import accounts
from tracker.services.dates import local_today
from tracker.services.errors import ValidationError


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def assert_refused(db, obj, model=None) -> None:
    """Adding ``obj`` must fail in the database, and leave its table as it was."""
    model = model or type(obj)
    db.session.commit()
    before = count(db, model)
    db.session.add(obj)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert count(db, model) == before


def assert_stored(db, obj) -> None:
    db.session.add(obj)
    db.session.flush()
    assert obj.id is not None
    db.session.commit()


# --- users ------------------------------------------------------------------------


def test_email_must_be_stored_lower_case(db, make):
    assert_refused(db, User(email="Ana@Example.org", display_name="Ana", role="trainee"))


def test_email_is_unique_and_a_case_variant_cannot_slip_in(db, make):
    make.trainee(email="ana@example.org")
    assert_refused(db, User(email="ana@example.org", display_name="Other", role="trainee"))
    # Through the service, the case variant is normalised and told apart clearly.
    with pytest.raises(ValidationError) as caught:
        accounts.create_user("ANA@Example.ORG", "Ana again")
    assert caught.value.errors == {"email": ["An account with this email already exists."]}
    db.session.rollback()
    assert count(db, User) == 1


@pytest.mark.parametrize(
    "values",
    [
        {"role": "admin"},
        {"role": ""},
        {"display_name": ""},
        {"email": "a"},
    ],
    ids=["unknown-role", "empty-role", "empty-name", "short-email"],
)
def test_user_checks(db, values):
    fields = {"email": "someone@example.org", "display_name": "Someone", "role": "trainee"}
    fields.update(values)
    assert_refused(db, User(**fields))


def test_naive_datetimes_are_refused_and_aware_ones_come_back_in_utc(db, make):
    user = make.trainee()
    db.session.commit()
    user.last_login_at = datetime(2026, 1, 1, 12, 0)  # naive: no time zone
    with pytest.raises(StatementError, match="naive datetime"):
        db.session.flush()
    db.session.rollback()

    two_hours_east = timezone(timedelta(hours=2))
    user.last_login_at = datetime(2026, 1, 1, 14, 0, tzinfo=two_hours_east)
    db.session.commit()
    db.session.expire_all()
    assert user.last_login_at == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert user.last_login_at.hour == 12
    assert user.last_login_at.tzinfo is UTC


def test_account_token_hash_is_unique_and_purpose_valid(db, make):
    user = make.trainee()
    later = utcnow() + timedelta(days=7)
    assert_stored(
        db,
        AccountToken(user_id=user.id, purpose="invitation", token_hash="a" * 64, expires_at=later),
    )
    assert_refused(
        db,
        AccountToken(user_id=user.id, purpose="invitation", token_hash="a" * 64, expires_at=later),
    )
    assert_refused(
        db, AccountToken(user_id=user.id, purpose="magic", token_hash="b" * 64, expires_at=later)
    )


# --- hour entries -----------------------------------------------------------------


def _entry(trainee, **values) -> HourEntry:
    fields = {
        "trainee_id": trainee.id,
        "worked_on": local_today() - timedelta(days=1),
        "minutes": 60,
        "activity": "support_group",
        "setting": Setting.IN_PERSON,
        "status": HourStatus.PENDING,
    }
    fields.update(values)
    return HourEntry(**fields)


@pytest.mark.parametrize("minutes", [0, -15, 1455, 1500, 20, 1, 59])
def test_hour_entry_minutes_out_of_range_or_not_quarter_hours_are_refused(db, make, minutes):
    assert_refused(db, _entry(make.trainee(), minutes=minutes))


@pytest.mark.parametrize("minutes", [15, 45, 1440])
def test_hour_entry_minutes_at_the_edges_are_accepted(db, make, minutes):
    assert_stored(db, _entry(make.trainee(), minutes=minutes))


@pytest.mark.parametrize("name", [None, ""])
def test_supervised_hours_need_a_supervisor_name(db, make, name):
    trainee = make.trainee()
    assert_refused(db, _entry(trainee, supervised=True, supervisor_name=name))
    assert_stored(db, _entry(trainee, supervised=True, supervisor_name="Jo Rivera"))


def test_rejected_hours_need_a_reason(db, make):
    trainee = make.trainee()
    assert_refused(db, _entry(trainee, status=HourStatus.REJECTED))
    assert_stored(db, _entry(trainee, status=HourStatus.REJECTED, rejection_reason="Duplicate"))


@pytest.mark.parametrize(
    "values",
    [{"status": "maybe"}, {"activity": "no-such-activity"}, {"setting": "moon"}],
    ids=["status", "activity", "setting"],
)
def test_hour_entry_enumerations_are_checked(db, make, values):
    assert_refused(db, _entry(make.trainee(), **values))


def test_hour_entry_submission_key_is_unique_per_trainee(db, make):
    trainee, other = make.trainee(), make.trainee()
    assert_stored(db, _entry(trainee, submission_key="k1"))
    assert_refused(db, _entry(trainee, submission_key="k1"))
    # Another trainee may carry the same key, and entries without a key never clash.
    assert_stored(db, _entry(other, submission_key="k1"))
    assert_stored(db, _entry(trainee))
    assert_stored(db, _entry(trainee))


# --- modules and completions --------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"pass_mark": 101},
        {"pass_mark": -1},
        {"contact_minutes": -1},
        {"code": ""},
        {"title": ""},
    ],
    ids=["pass-mark-high", "pass-mark-negative", "minutes-negative", "code", "title"],
)
def test_module_checks(db, values):
    fields = {"code": "ETH-1", "title": "Ethics", "contact_minutes": 240}
    fields.update(values)
    assert_refused(db, Module(**fields))


def test_module_code_is_unique(db, make):
    make.module(code="ETH-1")
    assert_refused(db, Module(code="ETH-1", title="Again", contact_minutes=60))


def test_module_domain_hours_are_not_negative_and_once_per_domain(db, make):
    module = make.module(domains={})
    ethics = make.domain("ethics")
    assert_refused(db, ModuleDomain(module_id=module.id, domain_id=ethics.id, minutes=-15))
    db.session.add(ModuleDomain(module_id=module.id, domain_id=ethics.id, minutes=60))
    db.session.commit()
    assert_refused(db, ModuleDomain(module_id=module.id, domain_id=ethics.id, minutes=30))


def test_hour_entries_name_an_activity_of_the_vocabulary(db, make):
    trainee = make.trainee()
    make.activity("gardening")
    assert_stored(db, _entry(trainee, activity="gardening"))
    # Used once, an activity cannot be deleted: it is archived instead.
    _delete_refused(
        db, Activity, db.session.scalar(sa.select(Activity.id).where(Activity.code == "gardening"))
    )


def test_vocabulary_codes_are_unique(db, make):
    make.domain("advocacy")
    assert_refused(db, Domain(code="advocacy", name="Again"))


def _completion(trainee, module, **values) -> ModuleCompletion:
    fields = {
        "trainee_id": trainee.id,
        "module_id": module.id,
        "completed_on": local_today(),
        "source": CompletionSource.COORDINATOR,
        "status": CompletionStatus.VERIFIED,
    }
    fields.update(values)
    return ModuleCompletion(**fields)


@pytest.mark.parametrize(
    "values",
    [{"score": 101}, {"score": -1}, {"source": "rumour"}, {"status": "done"}],
    ids=["score-high", "score-negative", "source", "status"],
)
def test_completion_checks(db, make, values):
    assert_refused(db, _completion(make.trainee(), make.module(), **values))


@pytest.mark.parametrize("score", [0, 100, None])
def test_completion_score_edges_are_accepted(db, make, score):
    assert_stored(db, _completion(make.trainee(), make.module(), score=score))


def test_completion_submission_key_is_unique_per_trainee(db, make):
    trainee, module = make.trainee(), make.module()
    assert_stored(db, _completion(trainee, module, submission_key="once"))
    assert_refused(db, _completion(trainee, module, submission_key="once"))


# --- deleting history is refused (RESTRICT) ---------------------------------------


def _delete_refused(db, model, row_id) -> None:
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(model).where(model.id == row_id))
        db.session.flush()
    db.session.rollback()
    assert db.session.get(model, row_id) is not None


def test_sqlite_enforces_foreign_keys(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite setting")
    assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(sa.text("PRAGMA busy_timeout")).scalar() == 5000


def test_deleting_a_module_with_completions_is_refused(db, make):
    module = make.module()
    make.completion(make.trainee(), module)
    _delete_refused(db, Module, module.id)


def test_deleting_a_domain_a_module_counts_in_is_refused(db, make):
    make.module(domains={"ethics": 60})
    _delete_refused(
        db, Domain, db.session.scalar(sa.select(Domain.id).where(Domain.code == "ethics"))
    )


def test_deleting_a_module_with_sessions_is_refused(db, make):
    module = make.module()
    make.training_session(module)
    _delete_refused(db, Module, module.id)


def test_deleting_a_module_without_history_is_allowed(db, make):
    module = make.module()
    db.session.commit()
    db.session.execute(sa.delete(Module).where(Module.id == module.id))
    db.session.commit()
    assert count(db, Module) == 0


def test_deleting_a_trainee_with_hours_is_refused(db, make):
    trainee = make.trainee()
    make.hour_entry(trainee)
    _delete_refused(db, User, trainee.id)


def test_deleting_a_program_with_certifications_or_enrolments_is_refused(db, make):
    program = make.program()
    make.certification(make.trainee(), program)
    _delete_refused(db, Program, program.id)

    other = make.program()
    make.enrolment(make.trainee(), other)
    _delete_refused(db, Program, other.id)


def test_deleting_an_unused_program_takes_its_rules_with_it(db, make):
    module = make.module()
    program = make.program(modules=[module], hour_rules=[{"min_minutes": 600}])
    db.session.commit()
    db.session.execute(sa.delete(Program).where(Program.id == program.id))
    db.session.commit()
    assert count(db, ProgramRequirement) == 0
    assert count(db, Module) == 1


def test_deleting_an_ethics_version_that_was_acknowledged_is_refused(db, make):
    version = make.ethics_version()
    make.acknowledgement(make.trainee(), version)
    _delete_refused(db, EthicsVersion, version.id)


def test_deleting_a_session_keeps_completions_and_drops_attendance(db, make):
    module, trainee = make.module(), make.trainee()
    session = make.training_session(module)
    db.session.add(SessionAttendance(session_id=session.id, trainee_id=trainee.id))
    completion = make.completion(trainee, module, session_id=session.id)
    db.session.commit()
    db.session.execute(sa.delete(TrainingSession).where(TrainingSession.id == session.id))
    db.session.commit()
    db.session.expire_all()
    assert count(db, SessionAttendance) == 0
    assert db.session.get(ModuleCompletion, completion.id).session_id is None


def test_deleting_a_user_keeps_the_records_they_decided(db, make):
    """Deciders are SET NULL: the decision stays even if an account is ever removed."""
    coordinator = make.coordinator()
    entry = make.hour_entry(make.trainee(), status=HourStatus.APPROVED)
    entry.decided_by_id = coordinator.id
    db.session.commit()
    db.session.execute(sa.delete(User).where(User.id == coordinator.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(HourEntry, entry.id).decided_by_id is None


def test_attendance_is_recorded_once_per_trainee_and_session(db, make):
    trainee, session = make.trainee(), make.training_session(make.module())
    assert_stored(db, SessionAttendance(session_id=session.id, trainee_id=trainee.id))
    assert_refused(db, SessionAttendance(session_id=session.id, trainee_id=trainee.id))


# --- programs and their rules -----------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"code": "pss"},
        {"code": "P"},
        {"name": ""},
        {"validity_months": 0},
        {"validity_months": 241},
        {"grace_days": -1},
        {"renewal_window_days": -1},
        {"renewal_cycle": "lunar"},
    ],
    ids=lambda values: "-".join(f"{k}={v}" for k, v in values.items()),
)
def test_program_checks(db, values):
    fields = {
        "code": "PSS",
        "name": "Peer Support Specialist",
        "validity_months": 24,
        "renewal_buckets": [],
    }
    fields.update(values)
    assert_refused(db, Program(**fields))


def test_program_code_and_name_are_unique(db, make):
    make.program(code="PSS", name="Peer Support Specialist")
    assert_refused(db, Program(code="PSS", name="Another", validity_months=24, renewal_buckets=[]))
    assert_refused(
        db,
        Program(code="OTH", name="Peer Support Specialist", validity_months=24, renewal_buckets=[]),
    )


@pytest.mark.parametrize(
    "values",
    [{"window_months": 0}, {"window_months": 241}, {"key": ""}, {"kind": ""}],
    ids=["window-zero", "window-long", "key-empty", "kind-empty"],
)
def test_requirement_checks(db, make, values):
    program = make.program()
    fields = {
        "program_id": program.id,
        "key": "hours",
        "kind": "experience_hours",
        "settings": {"minutes": 600},
    }
    fields.update(values)
    assert_refused(db, ProgramRequirement(**fields))


def test_requirement_keys_are_unique_within_a_program(db, make):
    program, other = make.program(), make.program()
    make.requirement(program, "exam", {"exam_id": 1}, key="exam")
    make.requirement(other, "exam", {"exam_id": 1}, key="exam")
    assert_refused(
        db, ProgramRequirement(program_id=program.id, key="exam", kind="exam", settings={})
    )


def test_enrolment_is_unique_per_trainee_and_program(db, make):
    trainee, program = make.trainee(), make.program()
    make.enrolment(trainee, program)
    assert_refused(db, Enrolment(trainee_id=trainee.id, program_id=program.id))


# --- code of ethics ---------------------------------------------------------------


def test_ethics_versions_are_unique_per_code_and_positive(db, make):
    code = make.ethics_version(version=1).code
    kw = {"title": "Again", "body": "..."}
    assert_refused(db, EthicsVersion(ethics_code_id=code.id, version=1, **kw))
    assert_refused(db, EthicsVersion(ethics_code_id=code.id, version=0, **kw))
    assert_stored(db, EthicsVersion(ethics_code_id=make.ethics_code("other").id, version=1, **kw))


def test_a_version_is_acknowledged_once_per_user(db, make):
    user, version = make.trainee(), make.ethics_version()
    make.acknowledgement(user, version)
    assert_refused(db, EthicsAcknowledgement(user_id=user.id, ethics_version_id=version.id))


# --- certifications ---------------------------------------------------------------


def _certification(trainee, program, **values) -> Certification:
    issued = date(2026, 3, 1)
    fields = {
        "trainee_id": trainee.id,
        "program_id": program.id,
        "number": "PSS-2026-00999",
        "issue_year": 2026,
        "serial": 999,
        "verification_code": "NEWCODE0000000000000",
        "issued_on": issued,
        "expires_on": issued + timedelta(days=730),
        "expiring_from": issued + timedelta(days=670),
        "lapses_on": issued + timedelta(days=731),
        "state": "valid",
    }
    fields.update(values)
    return Certification(**fields)


def test_certification_number_is_unique(db, make):
    trainee, program = make.trainee(), make.program(code="PSS")
    make.certification(trainee, program, number="PSS-2026-00001")
    assert_refused(db, _certification(trainee, program, number="PSS-2026-00001"))


def test_verification_code_is_unique(db, make):
    trainee, program = make.trainee(), make.program()
    make.certification(trainee, program, verification_code="ABCDEFGHJKMNPQRS")
    assert_refused(db, _certification(trainee, program, verification_code="ABCDEFGHJKMNPQRS"))


def test_serial_is_unique_per_program_and_year(db, make):
    trainee, program, other = make.trainee(), make.program(), make.program()
    make.certification(trainee, program, serial=7, issued_on=date(2026, 2, 1))
    assert_refused(db, _certification(trainee, program, serial=7, issue_year=2026))
    # The same serial in another year, or for another program, is fine.
    assert_stored(
        db, _certification(trainee, program, serial=7, issue_year=2027, number="X-2027-7")
    )
    assert_stored(
        db,
        _certification(
            trainee,
            other,
            serial=7,
            issue_year=2026,
            number="Y-2026-7",
            verification_code="OTHERCODE00000000000",
        ),
    )


def test_status_list_index_is_unique(db, make):
    trainee, program = make.trainee(), make.program()
    make.certification(trainee, program, status_index=5)
    assert_refused(db, _certification(trainee, program, status_index=5))


@pytest.mark.parametrize(
    "values",
    [
        {"state": "frozen"},
        {"serial": 0},
        {"expires_on": date(2026, 3, 1)},
        {"expires_on": date(2025, 3, 1)},
        {"state": "revoked"},
        {"state": "revoked", "revoked_at": datetime(2026, 4, 1, tzinfo=UTC)},
        {"state": "revoked", "revocation_reason": "Breach of the code of ethics"},
    ],
    ids=[
        "state",
        "serial-zero",
        "expires-same-day",
        "expires-before-issue",
        "revoked-bare",
        "revoked-no-reason",
        "revoked-no-time",
    ],
)
def test_certification_checks(db, make, values):
    assert_refused(db, _certification(make.trainee(), make.program(), **values))


def test_a_properly_revoked_certification_is_stored(db, make):
    assert_stored(
        db,
        _certification(
            make.trainee(),
            make.program(),
            state="revoked",
            revoked_at=utcnow(),
            revocation_reason="Breach of the code of ethics",
        ),
    )


def test_a_renewal_must_extend_the_expiry(db, make):
    certification = make.certification(make.trainee(), make.program())
    old = certification.expires_on
    assert_refused(
        db,
        CertificationRenewal(
            certification_id=certification.id, previous_expires_on=old, new_expires_on=old
        ),
    )
    assert_stored(
        db,
        CertificationRenewal(
            certification_id=certification.id,
            previous_expires_on=old,
            new_expires_on=old + timedelta(days=730),
        ),
    )
    _delete_refused(db, Certification, certification.id)
