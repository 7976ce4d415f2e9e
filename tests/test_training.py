"""Training from the trainee's side: the catalogue and self-reported completions."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    CompletionSource,
    CompletionStatus,
    ModuleCompletion,
    utcnow,
)
from tracker.services import hours as hours_service
from tracker.services import training as training_service
from tracker.services.dates import local_today
from tracker.services.errors import ServiceError


def yesterday() -> date:
    """The day before the app's "today" (read when called, never at import)."""
    return local_today() - timedelta(days=1)


def count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ModuleCompletion))


def field_error(body: str, field_id: str) -> str | None:
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', body, re.S)
    if not match:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def row_of(body: str, code: str) -> str:
    """The catalogue table row of the module ``code``."""
    for row in re.findall(r"<tr>.*?</tr>", body, re.S):
        if f"<strong>{code}</strong>" in row:
            return row
    raise AssertionError(f"{code} is not in the catalogue")


# --- the catalogue --------------------------------------------------------------------------


def test_catalogue_shows_the_trainees_status_per_module(client, db, login_as, make):
    trainee = login_as("trainee")
    done = make.module(code="DONE1", pass_mark=70)
    waiting = make.module(code="WAIT1")
    refused = make.module(code="REJ1")
    failed = make.module(code="FAIL1", pass_mark=80)
    make.module(code="NEW1", title="Fresh module", description="What it covers")
    make.completion(trainee, done, score=85, completed_on=date(2026, 1, 5))
    make.completion(trainee, waiting, status="pending", source="self_reported")
    make.completion(
        trainee, refused, status="rejected", rejection_reason="No certificate of attendance"
    )
    make.completion(trainee, failed, score=60)
    # Another trainee's records do not show.
    make.completion(make.trainee(), refused)
    db.session.commit()
    body = client.get("/training").get_data(as_text=True)
    assert "Completed" in row_of(body, "DONE1") and "Completed on 05 Jan 2026, score 85" in row_of(
        body, "DONE1"
    )
    assert "Waiting for verification" in row_of(body, "WAIT1")
    assert "Report not accepted" in row_of(body, "REJ1")
    assert "No certificate of attendance" in row_of(body, "REJ1")
    assert "Below the pass mark" in row_of(body, "FAIL1")
    assert "Score 60 is below the pass mark 80" in row_of(body, "FAIL1")
    assert "Not started" in row_of(body, "NEW1") and "What it covers" in row_of(body, "NEW1")
    # Only what can still be reported offers a report.
    for code, offered in [
        ("DONE1", False),
        ("WAIT1", False),
        ("REJ1", True),
        ("FAIL1", True),
        ("NEW1", True),
    ]:
        assert ("Report as completed" in row_of(body, code)) is offered, code
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', body)
    assert sorted(label.split()[0] for _, label in options) == ["FAIL1", "NEW1", "REJ1"]


def test_archived_modules_show_only_where_the_trainee_has_a_record(client, db, login_as, make):
    trainee = login_as("trainee")
    kept = make.module(code="OLD1", archived_at=utcnow())
    make.module(code="OLD2", archived_at=utcnow())
    make.completion(trainee, kept)
    db.session.commit()
    body = client.get("/training").get_data(as_text=True)
    assert "Completed" in row_of(body, "OLD1") and "no longer offered" in row_of(body, "OLD1")
    assert "OLD2" not in body


def test_catalogue_names_the_programs_that_require_a_module(client, db, login_as, make):
    trainee = login_as("trainee")
    module = make.module(code="REQ1")
    program = make.program(name="Peer Specialist", modules=[module])
    make.enrolment(trainee, program)
    make.program(name="Not Mine", modules=[module])
    db.session.commit()
    row = row_of(client.get("/training").get_data(as_text=True), "REQ1")
    assert "Required for Peer Specialist" in row and "Not Mine" not in row


def test_catalogue_is_paginated(client, db, login_as, make, app):
    login_as("trainee")
    for n in range(app.config["ITEMS_PER_PAGE"] + 2):
        make.module(code=f"C{n:03d}")
    db.session.commit()
    first = client.get("/training").get_data(as_text=True)
    second = client.get("/training?page=2").get_data(as_text=True)
    assert "<strong>C000</strong>" in first and "<strong>C026</strong>" not in first
    assert "<strong>C026</strong>" in second
    # The report form still offers every module, whatever the page.
    assert len(re.findall(r'<option value="\d+">', second)) == app.config["ITEMS_PER_PAGE"] + 2


def test_a_module_link_preselects_it_in_the_report_form(client, db, login_as, make):
    login_as("trainee")
    module = make.module(code="PRE1")
    db.session.commit()
    body = client.get(f"/training?module={module.id}").get_data(as_text=True)
    assert f'<option selected value="{module.id}">' in body


# --- reporting ------------------------------------------------------------------------------


def test_report_a_completed_module(client, db, login_as, make):
    trainee = login_as("trainee")
    module = make.module(code="REP1", title="Reporting")
    db.session.commit()
    response = client.post(
        "/training/report",
        data={"module_id": str(module.id), "completed_on": yesterday().isoformat()},
    )
    assert response.status_code == 303
    completion = db.session.scalar(sa.select(ModuleCompletion))
    assert completion.trainee_id == trainee.id and completion.module_id == module.id
    assert completion.status == CompletionStatus.PENDING
    assert completion.source == CompletionSource.SELF_REPORTED
    assert completion.completed_on == yesterday()
    assert completion.score is None and completion.verified_by_id is None
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "completion.reported")
    )
    assert event.actor_id == trainee.id and event.entity_id == completion.id
    page = client.get("/training").get_data(as_text=True)
    assert "Reported: REP1 Reporting" in page
    assert "Waiting for verification" in row_of(page, "REP1")


def test_trainees_cannot_record_scores_or_verify(client, db, login_as, make):
    trainee = login_as("trainee")
    other = make.trainee()
    coordinator = make.coordinator()
    module = make.module(pass_mark=50)
    db.session.commit()
    client.post(
        "/training/report",
        data={
            "module_id": str(module.id),
            "completed_on": yesterday().isoformat(),
            "score": "100",
            "status": "verified",
            "source": "coordinator",
            "trainee_id": str(other.id),
            "verified_by_id": str(coordinator.id),
        },
    )
    completion = db.session.scalar(sa.select(ModuleCompletion))
    assert completion.trainee_id == trainee.id
    assert completion.score is None
    assert completion.status == CompletionStatus.PENDING
    assert completion.source == CompletionSource.SELF_REPORTED
    assert completion.verified_by_id is None
    body = client.get("/training").get_data(as_text=True)
    assert 'name="score"' not in body


@pytest.mark.parametrize(
    ("module_value", "completed_on", "field", "message"),
    [
        ("", -1, "module_id", training_service.MSG_MODULE_MISSING),
        ("999999", -1, "module_id", training_service.MSG_MODULE_UNKNOWN),
        ("abc", -1, "module_id", training_service.MSG_MODULE_UNKNOWN),
        ("archived", -1, "module_id", training_service.MSG_MODULE_ARCHIVED),
        ("done", -1, "module_id", training_service.MSG_ALREADY_DONE),
        ("waiting", -1, "module_id", training_service.MSG_ALREADY_REPORTED),
        ("open", 1, "completed_on", hours_service.MSG_DATE_FUTURE),
        ("open", "2023-02-29", "completed_on", hours_service.MSG_DATE_IMPOSSIBLE),
        ("open", "1999-12-31", "completed_on", hours_service.MSG_DATE_EARLY),
        ("open", "", "completed_on", hours_service.MSG_DATE_MISSING),
    ],
)
def test_bad_reports_are_refused_next_to_the_field(
    client, db, login_as, make, module_value, completed_on, field, message
):
    trainee = login_as("trainee")
    modules = {
        "open": make.module(),
        "archived": make.module(archived_at=utcnow()),
        "done": make.module(),
        "waiting": make.module(),
    }
    make.completion(trainee, modules["done"])
    make.completion(trainee, modules["waiting"], status="pending", source="self_reported")
    db.session.commit()
    before = count(db)
    value = str(modules[module_value].id) if module_value in modules else module_value
    if isinstance(completed_on, int):  # days from today
        completed_on = (local_today() + timedelta(days=completed_on)).isoformat()
    response = client.post(
        "/training/report", data={"module_id": value, "completed_on": completed_on}
    )
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), field) == message
    assert count(db) == before


def test_a_failed_or_rejected_module_can_be_reported_again(client, db, login_as, make):
    trainee = login_as("trainee")
    module = make.module(pass_mark=80)
    make.completion(trainee, module, score=40)
    db.session.commit()
    response = client.post(
        "/training/report",
        data={"module_id": str(module.id), "completed_on": yesterday().isoformat()},
    )
    assert response.status_code == 303
    assert count(db) == 2


def test_the_same_report_posted_twice_stores_one(client, db, login_as, make):
    login_as("trainee")
    module = make.module()
    db.session.commit()
    data = {
        "module_id": str(module.id),
        "completed_on": yesterday().isoformat(),
        "submission_key": "cccccccc-0000-4000-8000-000000000001",
    }
    assert client.post("/training/report", data=data).status_code == 303
    second = client.post("/training/report", data=data, follow_redirects=True)
    assert "already saved" in second.get_data(as_text=True)
    assert count(db) == 1


def test_only_active_trainees_report(db, make):
    module = make.module()
    for user in (make.coordinator(), make.trainee(active=False)):
        with pytest.raises(ServiceError):
            training_service.report_completion(user, module_id=module.id, completed_on=yesterday())
    assert count(db) == 0


def test_pending_reports_counts_in_sql_and_lists_the_first_few(db, make):
    trainee = make.trainee()
    for _ in range(3):
        make.completion(trainee, make.module(), status="pending", source="self_reported")
    make.completion(trainee, make.module())
    make.completion(make.trainee(), make.module(), status="pending")
    total, first = training_service.pending_reports(trainee.id, limit=2)
    assert total == 3 and len(first) == 2
