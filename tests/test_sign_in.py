"""A sign-in sheet: one session of practice for many trainees on one page, stored
approved, audited, counted at once; all or nothing; posted twice, stored once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.test_evidence import count, stored
from tracker.models import AuditEvent, HourEntry, HourStatus
from tracker.services import sign_in
from tracker.services.errors import ValidationError

SESSION = {
    "activity": "support_group",
    "setting": "in_person",
    "is_paid": "volunteer",
    "supervised": True,
    "supervisor_name": "Sam Supervisor",
    "notes": "",
}


@pytest.fixture
def group(make, db):
    make.activity("support_group")
    trainees = [make.trainee(display_name=f"Person {n:02}") for n in range(20)]
    coordinator = make.coordinator()
    db.session.commit()
    return trainees, coordinator


def test_a_twenty_person_sheet_is_stored_approved_audited_and_counts_at_once(
    db, make, group, today
):
    trainees, coordinator = group
    program = make.program(hour_rules=[{"min_minutes": 120}])
    for trainee in trainees:
        make.enrolment(trainee, program)
    db.session.commit()
    rows = {t.id: "2" for t in trainees}
    sheet = sign_in.record_sheet(
        coordinator, rows, worked_on=today.isoformat(), submission_key="sheet1", **SESSION
    )
    db.session.commit()
    assert sheet.created and len(sheet.entries) == 20
    entries = db.session.scalars(sa.select(HourEntry)).all()
    assert {e.status for e in entries} == {HourStatus.APPROVED}
    assert {e.decided_by_id for e in entries} == {coordinator.id}
    assert all(e.supervised and e.supervisor_name == "Sam Supervisor" for e in entries)
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "hours.recorded")
        )
        == 20
    )
    assert all(stored(db, t, program).eligible for t in trainees)
    again = sign_in.record_sheet(
        coordinator, rows, worked_on=today.isoformat(), submission_key="sheet1", **SESSION
    )
    assert not again.created and count(db, HourEntry) == 20


def test_blank_rows_are_absent_trainees(db, group, today):
    trainees, coordinator = group
    rows = {t.id: "" for t in trainees} | {trainees[0].id: "1:30", trainees[1].id: "1,5"}
    sheet = sign_in.record_sheet(coordinator, rows, worked_on=today, **SESSION)
    assert sorted(e.minutes for e in sheet.entries) == [90, 90]


def test_one_wrong_row_stores_nothing_and_says_which(db, make, group, today):
    trainees, coordinator = group
    # The first trainee already has 23 hours that day: two more break the 24-hour day.
    make.hour_entry(trainees[0], worked_on=today, minutes=23 * 60)
    db.session.commit()
    rows = {t.id: "2" for t in trainees} | {trainees[1].id: "0.3"}
    with pytest.raises(ValidationError) as error:
        sign_in.record_sheet(coordinator, rows, worked_on=today, **SESSION)
    errors = error.value.errors
    assert set(errors) == {f"hours-{trainees[0].id}", f"hours-{trainees[1].id}"}
    assert "quarter-hour" in errors[f"hours-{trainees[1].id}"][0]
    db.session.rollback()
    assert count(db, HourEntry) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"worked_on": "tomorrow"}, "worked_on"),
        ({"activity": "nonsense"}, "activity"),
        ({"supervisor_name": ""}, "supervisor_name"),
    ],
)
def test_a_wrong_session_field_is_reported_once(db, group, today, change, field):
    trainees, coordinator = group
    session = SESSION | change
    if session.get("worked_on") == "tomorrow":
        session["worked_on"] = today + timedelta(days=1)
    session.setdefault("worked_on", today)
    with pytest.raises(ValidationError) as error:
        sign_in.record_sheet(coordinator, {t.id: "1" for t in trainees}, **session)
    assert list(error.value.errors) == [field]
    assert len(error.value.errors[field]) == 1
    assert count(db, HourEntry) == 0


def test_an_empty_sheet_or_a_non_trainee_is_refused(db, make, group, today):
    trainees, coordinator = group
    with pytest.raises(ValidationError) as error:
        sign_in.record_sheet(coordinator, {t.id: " " for t in trainees}, worked_on=today, **SESSION)
    assert "rows" in error.value.errors
    with pytest.raises(ValidationError) as error:
        sign_in.record_sheet(coordinator, {coordinator.id: "1"}, worked_on=today, **SESSION)
    assert f"hours-{coordinator.id}" in error.value.errors
    assert count(db, HourEntry) == 0


def test_the_sheet_page_records_twenty_people_in_one_post(client, login_as, group, db, today):
    trainees, coordinator = group
    login_as(coordinator)
    page = client.get("/coordinator/hours/sheet")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count('inputmode="decimal"') >= 20
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    token = found.group(1) if found else ""  # tests switch CSRF off unless they ask for it
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', html).group(1)
    data = {
        "csrf_token": token,
        "submission_key": key,
        "worked_on": today.isoformat(),
        "activity": "support_group",
        "setting": "in_person",
        "is_paid": "volunteer",
        "supervised": "y",
        "supervisor_name": "Sam Supervisor",
    } | {f"hours-{t.id}": "1.5" for t in trainees}
    bad = client.post("/coordinator/hours/sheet", data=data | {f"hours-{trainees[3].id}": "abc"})
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert f'href="#hours-{trainees[3].id}"' in body and 'value="1.5"' in body
    assert count(db, HourEntry) == 0
    assert client.post("/coordinator/hours/sheet", data=data).status_code == 303
    assert client.post("/coordinator/hours/sheet", data=data).status_code == 303
    assert count(db, HourEntry) == 20


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "²"])
def test_odd_program_values_list_everyone(client, login_as, group, value):
    _trainees, coordinator = group
    login_as(coordinator)
    page = client.get(f"/coordinator/hours/sheet?program={value}")
    assert page.status_code == 200 and "Person 19" in page.get_data(as_text=True)


def test_a_huge_trainee_id_is_ignored(db, group, today):
    _trainees, coordinator = group
    with pytest.raises(ValidationError) as error:
        sign_in.record_sheet(coordinator, {2**40: "1"}, worked_on=today, **SESSION)
    assert "rows" in error.value.errors
