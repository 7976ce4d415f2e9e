"""Evidence pages through the Flask test client: the trainee's forms and lists, the
coordinator's queues and decisions, files served to their owner and coordinators
only, uploads checked by content and size, and CSRF on every form."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    Document,
    ExamResult,
    ExternalTraining,
    ReviewStatus,
    StoredFile,
    SupervisionRecord,
)
from tracker.services import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def diploma(make):
    """A trainee's program asking for a diploma: (program, document type)."""
    document_type = make.document_type(name="High-school diploma")
    program = make.program(
        name="Peer Recovery",
        requirements=[
            {"kind": "documents", "settings": {"document_type_id": document_type.id}},
            {"kind": "supervision_hours", "settings": {"minutes": 60}},
        ],
    )
    return program, document_type


BOUNDARY = "evidence-test-boundary"


def multipart(fields: dict[str, str], content: bytes, name: str) -> bytes:
    """A multipart body built in memory (the test client would spool a large one to a
    temporary file it never closes)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def upload(client, document_type, content=PDF, name="diploma.pdf", **data):
    form = {"dated_on": data.pop("dated_on", "2024-01-05"), "submission_key": "k1", **data}
    return client.post(
        f"/evidence/documents/{document_type.id}/upload",
        data=multipart(form, content, name),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


# --- trainee pages -------------------------------------------------------------------------


def test_dashboard_links_missing_evidence_to_its_form(client, db, login_as, make, diploma):
    program, document_type = diploma
    trainee = login_as("trainee")
    make.enrolment(trainee, program)
    db.session.commit()
    page = client.get("/dashboard").get_data(as_text=True)
    assert f'href="/evidence/documents/{document_type.id}/upload"' in page
    assert 'href="/evidence/supervision/new"' in page
    assert "Upload the document" in page


def test_trainee_uploads_a_document_once_and_downloads_it(client, db, login_as, make, diploma):
    program, document_type = diploma
    trainee = login_as("trainee")
    make.enrolment(trainee, program)
    db.session.commit()
    assert client.get(f"/evidence/documents/{document_type.id}/upload").status_code == 200
    first = upload(client, document_type)
    again = upload(client, document_type)  # the same form posted twice
    assert first.status_code == 303 and again.status_code == 303
    assert count(db, Document) == 1 and count(db, StoredFile) == 1
    document = db.session.scalar(sa.select(Document))
    form_page = client.get(f"/evidence/documents/{document_type.id}/upload").get_data(as_text=True)
    assert (
        "You have already given this document" in form_page
        and "<form" not in form_page.split("<main")[-1]
    )
    overview = client.get("/evidence").get_data(as_text=True)
    assert "High-school diploma" in overview and "Waiting for review" in overview
    response = client.get(f"/files/{document.file_id}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Disposition"] == 'attachment; filename="diploma.pdf"'
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"


def test_a_renamed_file_is_refused_next_to_the_field(client, db, login_as, make, diploma):
    program, document_type = diploma
    make.enrolment(login_as("trainee"), program)
    db.session.commit()
    response = upload(client, document_type, content=b"MZ\x90\x00 program", name="diploma.pdf")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page and "PDF, JPEG or PNG" in page
    assert count(db, Document) == 0 and count(db, StoredFile) == 0


def test_too_large_upload_is_refused_with_a_clear_page(app, client, db, login_as, make, diploma):
    program, document_type = diploma
    make.enrolment(login_as("trainee"), program)
    db.session.commit()
    app.config["MAX_UPLOAD_MB"] = 1
    # A little above the file limit but inside the request limit: a message at the field.
    response = upload(client, document_type, content=PDF + b"0" * (1024 * 1024 + 10))
    assert response.status_code == 400
    assert "larger than 1 MB" in response.get_data(as_text=True)
    # Far above: the request itself is refused with 413, not a crash.
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024 + 1024
    response = upload(client, document_type, content=PDF + b"0" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert count(db, Document) == 0 and count(db, StoredFile) == 0


def test_upload_limit_follows_the_setting(make, database, tmp_path):
    from tests.conftest import make_app

    application = make_app(database, str(tmp_path / "i"), MAX_UPLOAD_MB="3")
    assert application.config["MAX_UPLOAD_MB"] == 3
    assert application.config["MAX_CONTENT_LENGTH"] > 3 * 1024 * 1024
    assert application.config["MAX_CONTENT_LENGTH"] < 4 * 1024 * 1024


def test_trainee_logs_and_withdraws_supervision(client, db, login_as, today):
    login_as("trainee")
    form = {
        "held_on": today.isoformat(),
        "hours": "1.5",
        "supervisor_name": "Dr Lee",
        "format": "individual",
        "submission_key": "s1",
    }
    assert client.post("/evidence/supervision/new", data=form).status_code == 303
    record = db.session.scalar(sa.select(SupervisionRecord))
    assert record.minutes == 90 and record.status == ReviewStatus.PENDING
    bad = client.post(
        "/evidence/supervision/new", data={**form, "hours": "0", "submission_key": "s2"}
    )
    assert bad.status_code == 400 and 'id="hours-error"' in bad.get_data(as_text=True)
    assert client.get(f"/evidence/supervision/{record.id}/withdraw").status_code == 200
    assert client.post(f"/evidence/supervision/{record.id}/withdraw").status_code == 303
    db.session.refresh(record)
    assert record.status == ReviewStatus.WITHDRAWN


def test_trainee_reports_outside_training_with_domain_hours(client, db, login_as, make, today):
    login_as("trainee")
    ethics = make.domain("ethics", name="Ethics")
    db.session.commit()
    page = client.get("/evidence/training/new").get_data(as_text=True)
    assert f'<label for="domain-{ethics.id}">Ethics</label>' in page
    data = {
        "provider": "State network",
        "title": "Boundaries",
        "completed_on": today.isoformat(),
        "hours": "2",
        f"domain-{ethics.id}": "3",
        "submission_key": "t1",
    }
    too_many = client.post("/evidence/training/new", data=data)
    assert too_many.status_code == 400
    assert "more than the training" in too_many.get_data(as_text=True)
    data[f"domain-{ethics.id}"] = "2"
    data["file"] = (io.BytesIO(PDF), "certificate.pdf")
    ok = client.post("/evidence/training/new", data=data, content_type="multipart/form-data")
    assert ok.status_code == 303
    training = db.session.scalar(sa.select(ExternalTraining))
    assert training.file is not None and training.domain_hours[0].minutes == 120


# --- owner-only access ---------------------------------------------------------------------


def test_another_trainee_gets_404_for_records_and_files(client, db, login_as, make):
    owner = make.trainee()
    stored_file = uploads.store(owner, owner, PDF)
    record = make.supervision(owner, status=ReviewStatus.PENDING)
    document_type = make.document_type()
    document = make.document(owner, document_type, status=ReviewStatus.PENDING)
    db.session.commit()
    login_as("trainee")
    assert client.get(f"/files/{stored_file.id}").status_code == 404
    assert client.get(f"/evidence/supervision/{record.id}/withdraw").status_code == 404
    assert client.post(f"/evidence/supervision/{record.id}/withdraw").status_code == 404
    assert client.post(f"/evidence/document/{document.id}/withdraw").status_code == 404
    assert client.get(f"/evidence/documents/{document_type.id}/upload").status_code == 404
    db.session.refresh(record)
    assert record.status == ReviewStatus.PENDING


def test_coordinator_downloads_any_file_trainee_not_their_route(client, db, login_as, make):
    owner = make.trainee()
    stored_file = uploads.store(owner, owner, PDF)
    db.session.commit()
    login_as("coordinator")
    response = client.get(f"/coordinator/files/{stored_file.id}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert client.get("/coordinator/files/999999").status_code == 404


def test_evidence_forms_need_a_csrf_token(app, db, make, today):
    app.config["WTF_CSRF_ENABLED"] = True
    trainee = make.trainee()
    cookie = make.login_cookie(trainee)
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = cookie
    response = client.post(
        "/evidence/supervision/new",
        data={
            "held_on": today.isoformat(),
            "hours": "1",
            "supervisor_name": "Dr Lee",
            "format": "group",
        },
    )
    assert response.status_code == 400
    assert count(db, SupervisionRecord) == 0


# --- coordinator pages ---------------------------------------------------------------------


def test_coordinator_queue_approve_and_conflict(client, db, login_as, make):
    trainee = make.trainee(display_name="Robin Example")
    record = make.supervision(trainee, status=ReviewStatus.PENDING, minutes=120)
    other = make.coordinator(display_name="Other Coordinator")
    db.session.commit()
    login_as("coordinator")
    dashboard = client.get("/coordinator/").get_data(as_text=True)
    assert "Evidence to review" in dashboard
    page = client.get("/coordinator/evidence").get_data(as_text=True)
    assert "Robin Example" in page and "Supervision sessions (1)" in page
    response = client.post(f"/coordinator/evidence/supervision/{record.id}/approve")
    assert response.status_code == 303
    db.session.refresh(record)
    assert record.status == ReviewStatus.APPROVED
    # Someone else decided the next one first: this coordinator is told, nothing changes.
    second = make.supervision(
        trainee,
        status=ReviewStatus.APPROVED,
        decided_by_id=other.id,
    )
    db.session.commit()
    response = client.post(
        f"/coordinator/evidence/supervision/{second.id}/reject", data={"reason": "No"}
    )
    assert response.status_code == 303
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "already approved" in followed


def test_coordinator_accepts_document_with_expiry_and_rejects_training(
    client, db, login_as, make, today
):
    trainee = make.trainee()
    document_type = make.document_type(valid_months=12)
    document = make.document(
        trainee, document_type, status=ReviewStatus.PENDING, dated_on=today - timedelta(days=10)
    )
    training = make.external_training(trainee, status=ReviewStatus.PENDING)
    db.session.commit()
    login_as("coordinator")
    form_page = client.get(f"/coordinator/evidence/documents/{document.id}/accept")
    assert form_page.status_code == 200
    bad = client.post(
        f"/coordinator/evidence/documents/{document.id}/accept",
        data={"expires_on": (today - timedelta(days=20)).isoformat()},
    )
    assert bad.status_code == 400 and 'id="expires_on-error"' in bad.get_data(as_text=True)
    expiry = today + timedelta(days=100)
    ok = client.post(
        f"/coordinator/evidence/documents/{document.id}/accept",
        data={"expires_on": expiry.isoformat()},
    )
    assert ok.status_code == 303
    db.session.refresh(document)
    assert document.status == ReviewStatus.APPROVED and document.expires_on == expiry
    no_reason = client.post(
        f"/coordinator/evidence/training/{training.id}/reject", data={"reason": ""}
    )
    assert no_reason.status_code == 400
    client.post(
        f"/coordinator/evidence/training/{training.id}/reject",
        data={"reason": "No certificate attached"},
    )
    db.session.refresh(training)
    assert training.status == ReviewStatus.REJECTED
    assert training.rejection_reason == "No certificate attached"


def test_coordinator_records_exam_results_and_trainee_sees_them(
    app, client, db, login_as, make, today
):
    trainee = make.trainee()
    exam = make.exam(title="Peer Recovery exam", pass_mark=70, max_attempts=1)
    db.session.commit()
    login_as("coordinator")
    url = f"/coordinator/trainees/{trainee.id}/exams"
    assert client.get(url).status_code == 200
    data = {"exam_id": str(exam.id), "taken_on": today.isoformat(), "score": "82"}
    assert client.post(url, data={**data, "submission_key": "e1"}).status_code == 303
    refused = client.post(url, data={**data, "submission_key": "e2"})
    assert refused.status_code == 400
    assert "every allowed attempt" in refused.get_data(as_text=True)
    assert count(db, ExamResult) == 1
    trainee_client = app.test_client()
    cookie = make.login_cookie(trainee)
    db.session.commit()
    with trainee_client.session_transaction() as session:
        session["_user_id"] = cookie
    page = trainee_client.get("/evidence").get_data(as_text=True)
    assert "Peer Recovery exam" in page and "Passed" in page
