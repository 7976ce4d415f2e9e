"""Evidence at the service level: uploads, supervision, documents, outside training and
exam results; each bad input refused with nothing stored, decisions made once and
audited, and the stored verdict moved in the same transaction as the decision."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    Document,
    Enrolment,
    EnrolmentProgress,
    ExamResult,
    ExternalTraining,
    ReviewStatus,
    StoredFile,
    SupervisionRecord,
)
from tracker.services import evidence, evidence_review, exams, uploads
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


class Upload(io.BytesIO):
    """What a form gives: a stream with the name the browser sent."""

    def __init__(self, content: bytes, filename: str = "scan.pdf") -> None:
        super().__init__(content)
        self.filename = filename


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def stored(db, trainee, program) -> EnrolmentProgress | None:
    return db.session.scalar(
        sa.select(EnrolmentProgress)
        .join(Enrolment, Enrolment.id == EnrolmentProgress.enrolment_id)
        .where(Enrolment.trainee_id == trainee.id, Enrolment.program_id == program.id)
    )


def actions(db, entity_id: int) -> list[str]:
    return list(
        db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity_id == entity_id))
    )


# --- uploads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind", "ext"),
    [(PDF, "application/pdf", ".pdf"), (PNG, "image/png", ".png"), (JPEG, "image/jpeg", ".jpg")],
)
def test_upload_type_comes_from_content_and_name_follows_it(db, make, content, kind, ext):
    trainee = make.trainee()
    stored_file = uploads.store(trainee, trainee, Upload(content, "../../My Diplôma.exe"))
    assert stored_file.content_type == kind
    assert stored_file.filename == "My-Diploma" + ext
    assert stored_file.size_bytes == len(content)


def test_upload_refuses_a_renamed_file_empty_and_too_large(db, make, app):
    trainee = make.trainee()
    with pytest.raises(ValidationError) as bad:
        uploads.store(trainee, trainee, Upload(b"MZ\x90\x00 not a pdf", "diploma.pdf"))
    assert "PDF, JPEG or PNG" in bad.value.errors["file"][0]
    with pytest.raises(ValidationError) as empty:
        uploads.store(trainee, trainee, Upload(b"", "diploma.pdf"))
    assert empty.value.errors["file"] == ["Choose a file to upload."]
    app.config["MAX_UPLOAD_MB"] = 1
    with pytest.raises(ValidationError) as large:
        uploads.store(trainee, trainee, Upload(PDF + b"0" * (1024 * 1024), "big.pdf"))
    assert "larger than 1 MB" in large.value.errors["file"][0]
    assert count(db, StoredFile) == 0


def test_files_are_visible_to_owner_and_coordinators_only(db, make):
    owner, other, coordinator = make.trainee(), make.trainee(), make.coordinator()
    stored_file = uploads.store(owner, owner, Upload(PDF))
    assert uploads.visible_file(owner, stored_file.id) is stored_file
    assert uploads.visible_file(coordinator, stored_file.id) is stored_file
    with pytest.raises(NotFoundError):
        uploads.visible_file(other, stored_file.id)


# --- supervision ---------------------------------------------------------------------------


def supervision_fields(**kw):
    fields = {
        "held_on": (make_today() - timedelta(days=1)).isoformat(),
        "hours": "1.5",
        "supervisor_name": "Dr Lee",
        "format": "group",
        "notes": "",
    }
    fields.update(kw)
    return fields


def make_today():
    from tracker.services.dates import local_today

    return local_today()


def test_supervision_is_logged_pending_once_per_form(db, make):
    trainee = make.trainee()
    first = evidence.log_supervision(trainee, submission_key="k-1", **supervision_fields())
    again = evidence.log_supervision(trainee, submission_key="k-1", **supervision_fields())
    db.session.commit()
    assert first.created and not again.created
    assert again.record.id == first.record.id
    assert first.record.status == ReviewStatus.PENDING
    assert first.record.minutes == 90 and first.record.format == "group"
    assert actions(db, first.record.id) == ["supervision.logged"]


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("held_on", "2999-01-01", "held_on"),
        ("held_on", "yesterday", "held_on"),
        ("hours", "0", "hours"),
        ("hours", "1.2", "hours"),
        ("hours", "25", "hours"),
        ("supervisor_name", "  ", "supervisor_name"),
        ("supervisor_name", "x" * 121, "supervisor_name"),
        ("format", "pairs", "format"),
        ("notes", "n" * 501, "notes"),
    ],
)
def test_bad_supervision_is_refused_next_to_its_field(db, make, field, value, error_field):
    trainee = make.trainee()
    with pytest.raises(ValidationError) as exc:
        evidence.log_supervision(trainee, **supervision_fields(**{field: value}))
    assert list(exc.value.errors) == [error_field]
    assert count(db, SupervisionRecord) == 0


def test_withdraw_only_own_pending_supervision(db, make):
    trainee, other = make.trainee(), make.trainee()
    record = evidence.log_supervision(trainee, **supervision_fields()).record
    with pytest.raises(NotFoundError):
        evidence.withdraw(other, "supervision", record.id)
    evidence.withdraw(trainee, "supervision", record.id)
    assert record.status == ReviewStatus.WITHDRAWN
    with pytest.raises(ServiceError):
        evidence.withdraw(trainee, "supervision", record.id)
    with pytest.raises(ConflictError):
        evidence_review.approve_supervision(record.id, make.coordinator())


def test_approved_supervision_meets_the_requirement_in_the_same_commit(db, make):
    trainee, coordinator = make.trainee(), make.coordinator()
    program = make.program(
        requirements=[{"kind": "supervision_hours", "settings": {"minutes": 120}}]
    )
    make.enrolment(trainee, program)
    make.supervision(trainee, minutes=60)
    record = evidence.log_supervision(trainee, **supervision_fields(hours="1")).record
    db.session.commit()
    assert stored(db, trainee, program).eligible is False
    decision = evidence_review.approve_supervision(record.id, coordinator)
    db.session.commit()
    assert decision.changed
    assert stored(db, trainee, program).eligible is True


def test_approved_supervision_never_counts_as_experience(db, make):
    from tracker.services.eligibility import evaluate

    trainee, coordinator = make.trainee(), make.coordinator()
    program = make.program(hour_rules=[{"min_minutes": 60}])
    make.enrolment(trainee, program)
    record = evidence.log_supervision(trainee, **supervision_fields(hours="2")).record
    evidence_review.approve_supervision(record.id, coordinator)
    db.session.commit()
    (rule,) = evaluate(trainee, program).of_kind("experience_hours")
    assert rule.done == 0 and not rule.met
    assert actions(db, record.id) == ["supervision.logged", "supervision.approved"]


def test_two_coordinators_one_decision_the_other_is_told(db, make):
    trainee, first, second = make.trainee(), make.coordinator(), make.coordinator()
    record = evidence.log_supervision(trainee, **supervision_fields()).record
    db.session.commit()
    assert evidence_review.approve_supervision(record.id, first).changed
    assert not evidence_review.approve_supervision(record.id, first).changed  # a double click
    with pytest.raises(ConflictError) as exc:
        evidence_review.reject_supervision(record.id, second, "Not a session")
    assert first.display_name in exc.value.message
    assert actions(db, record.id).count("supervision.approved") == 1


def test_rejection_needs_a_reason(db, make):
    trainee = make.trainee()
    record = evidence.log_supervision(trainee, **supervision_fields()).record
    with pytest.raises(ValidationError):
        evidence_review.reject_supervision(record.id, make.coordinator(), "  ")
    assert record.status == ReviewStatus.PENDING


# --- documents -----------------------------------------------------------------------------


@pytest.fixture
def diploma_program(make):
    document_type = make.document_type(name="Diploma", valid_months=24)
    program = make.program(
        requirements=[
            {"kind": "documents", "settings": {"document_type_id": document_type.id}},
        ]
    )
    return program, document_type


def test_document_upload_accept_and_expiry(db, make, diploma_program, today):
    program, document_type = diploma_program
    trainee, coordinator = make.trainee(), make.coordinator()
    make.enrolment(trainee, program)
    dated = today - timedelta(days=30)
    result = evidence.upload_document(
        trainee, document_type.id, dated_on=dated.isoformat(), file=Upload(PDF), submission_key="d1"
    )
    db.session.commit()
    document = result.record
    assert document.status == ReviewStatus.PENDING and document.file.filename == "scan.pdf"
    assert stored(db, trainee, program).eligible is False
    # A second upload while one waits is refused.
    with pytest.raises(ServiceError):
        evidence.upload_document(trainee, document_type.id, dated_on=dated, file=Upload(PDF))
    evidence_review.accept_document(document.id, coordinator)
    db.session.commit()
    assert document.expires_on == dated.replace(year=dated.year + 2)  # the type's 24 months
    assert stored(db, trainee, program).eligible is True


def test_expired_document_stops_counting_and_may_be_replaced(db, make, diploma_program, today):
    program, document_type = diploma_program
    trainee, coordinator = make.trainee(), make.coordinator()
    make.enrolment(trainee, program)
    old = evidence.upload_document(
        trainee, document_type.id, dated_on=today - timedelta(days=400), file=Upload(PNG)
    ).record
    with pytest.raises(ValidationError) as bad:
        evidence_review.accept_document(old.id, coordinator, today - timedelta(days=500))
    assert list(bad.value.errors) == ["expires_on"]
    evidence_review.accept_document(old.id, coordinator, (today - timedelta(days=1)).isoformat())
    db.session.commit()
    assert stored(db, trainee, program).eligible is False
    new = evidence.upload_document(
        trainee, document_type.id, dated_on=today, file=Upload(JPEG, "photo.jpeg")
    ).record
    db.session.commit()
    assert new.id != old.id and count(db, Document) == 2  # the history is kept


def test_document_bad_inputs_store_nothing(db, make, diploma_program, today):
    program, document_type = diploma_program
    trainee = make.trainee()
    unrelated = make.document_type()
    make.enrolment(trainee, program)
    with pytest.raises(NotFoundError):
        evidence.upload_document(trainee, unrelated.id, dated_on=today, file=Upload(PDF))
    with pytest.raises(ValidationError) as exc:
        evidence.upload_document(
            trainee, document_type.id, dated_on="2999-01-01", file=Upload(b"GIF89a", "x.pdf")
        )
    assert set(exc.value.errors) == {"dated_on", "file"}
    assert count(db, Document) == 0 and count(db, StoredFile) == 0


def test_document_rejection_lets_the_trainee_upload_again(db, make, diploma_program, today):
    program, document_type = diploma_program
    trainee, coordinator = make.trainee(), make.coordinator()
    make.enrolment(trainee, program)
    first = evidence.upload_document(
        trainee, document_type.id, dated_on=today, file=Upload(PDF)
    ).record
    evidence_review.reject_document(first.id, coordinator, "Unreadable scan")
    assert first.rejection_reason == "Unreadable scan"
    second = evidence.upload_document(trainee, document_type.id, dated_on=today, file=Upload(PDF))
    assert second.created


# --- training taken elsewhere --------------------------------------------------------------


def test_verified_outside_training_counts_in_its_domain(db, make, today):
    trainee, coordinator = make.trainee(), make.coordinator()
    ethics = make.domain("ethics")
    program = make.program(
        requirements=[
            {
                "kind": "training_hours",
                "settings": {"minutes": 180, "domain_ids": [ethics.id]},
            }
        ]
    )
    make.enrolment(trainee, program)
    result = evidence.report_training(
        trainee,
        provider="State network",
        title="Boundaries",
        completed_on=today.isoformat(),
        hours="4",
        domain_hours={ethics.id: "3"},
        file=Upload(PDF, "certificate.pdf"),
        submission_key="t1",
    )
    db.session.commit()
    training = result.record
    assert training.file.content_type == "application/pdf"
    assert [(d.domain_id, d.minutes) for d in training.domain_hours] == [(ethics.id, 180)]
    assert stored(db, trainee, program).eligible is False
    evidence_review.verify_training(training.id, coordinator)
    db.session.commit()
    assert stored(db, trainee, program).eligible is True


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"provider": ""}, "provider"),
        ({"title": " "}, "title"),
        ({"completed_on": "2999-12-31"}, "completed_on"),
        ({"hours": "0"}, "hours"),
        ({"hours": "2.1"}, "hours"),
        ({"hours": "1"}, "domains"),  # two hours given to a domain of a one-hour training
    ],
)
def test_bad_outside_training_is_refused(db, make, today, fields, error_field):
    trainee = make.trainee()
    ethics = make.domain("ethics")
    values = {
        "provider": "State network",
        "title": "Boundaries",
        "completed_on": today.isoformat(),
        "hours": "4",
        "domain_hours": {ethics.id: "2"},
    }
    values.update(fields)
    with pytest.raises(ValidationError) as exc:
        evidence.report_training(trainee, **values)
    assert error_field in exc.value.errors
    assert count(db, ExternalTraining) == 0


def test_outside_training_with_a_bad_certificate_stores_nothing(db, make, today):
    trainee = make.trainee()
    with pytest.raises(ValidationError) as exc:
        evidence.report_training(
            trainee,
            provider="P",
            title="T",
            completed_on=today,
            hours="1",
            file=Upload(b"<html>", "certificate.pdf"),
        )
    assert list(exc.value.errors) == ["file"]
    assert count(db, ExternalTraining) == 0 and count(db, StoredFile) == 0


# --- exams ---------------------------------------------------------------------------------


def test_scored_exam_passes_at_the_mark_and_meets_the_requirement(db, make, today):
    trainee, coordinator = make.trainee(), make.coordinator()
    exam = make.exam(pass_mark=70)
    program = make.program(requirements=[{"kind": "exam", "settings": {"exam_id": exam.id}}])
    make.enrolment(trainee, program)
    db.session.commit()
    low = exams.record_result(
        trainee, coordinator, exam_id=exam.id, taken_on=today - timedelta(days=9), score="69"
    )
    db.session.commit()
    assert low.record.passed is False
    assert stored(db, trainee, program).eligible is False
    exams.record_result(trainee, coordinator, exam_id=exam.id, taken_on=today, score="70")
    db.session.commit()
    assert stored(db, trainee, program).eligible is True


def test_exam_attempt_limit_is_enforced_with_the_day_of_the_next(db, make, today):
    trainee, coordinator = make.trainee(), make.coordinator()
    exam = make.exam(pass_mark=None, max_attempts=2, attempt_period_months=12)
    for days in (20, 10):
        exams.record_result(
            trainee,
            coordinator,
            exam_id=exam.id,
            taken_on=today - timedelta(days=days),
            passed="fail",
        )
    with pytest.raises(ValidationError) as exc:
        exams.record_result(trainee, coordinator, exam_id=exam.id, taken_on=today, passed="pass")
    assert "every allowed attempt" in exc.value.errors["taken_on"][0]
    assert count(db, ExamResult) == 2


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"score": ""}, "score"),
        ({"score": "101"}, "score"),
        ({"score": "7.5"}, "score"),
        ({"exam_id": "999999"}, "exam_id"),
        ({"taken_on": "2999-01-01"}, "taken_on"),
    ],
)
def test_bad_exam_results_are_refused(db, make, today, fields, error_field):
    trainee, coordinator = make.trainee(), make.coordinator()
    exam = make.exam(pass_mark=70)
    values = {"exam_id": exam.id, "taken_on": today.isoformat(), "score": "80"}
    values.update(fields)
    with pytest.raises(ValidationError) as exc:
        exams.record_result(trainee, coordinator, **values)
    assert error_field in exc.value.errors
    assert count(db, ExamResult) == 0


def test_pass_fail_exam_needs_the_outcome(db, make, today):
    exam = make.exam(pass_mark=None)
    with pytest.raises(ValidationError) as exc:
        exams.record_result(
            make.trainee(), make.coordinator(), exam_id=exam.id, taken_on=today, passed=""
        )
    assert list(exc.value.errors) == ["passed"]


def test_pending_counts_per_queue(db, make, today):
    trainee = make.trainee()
    evidence.log_supervision(trainee, **supervision_fields())
    evidence.report_training(trainee, provider="P", title="T", completed_on=today, hours="1")
    assert evidence_review.pending_counts() == {"supervision": 1, "documents": 0, "training": 1}
