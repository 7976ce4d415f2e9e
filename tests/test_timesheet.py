"""A trainee's week: several rows in one submit under the rules of a single entry,
a message on the row that is wrong, nothing stored until every row is right, and
"repeat" from an earlier entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.test_evidence import count
from tracker.models import AuditEvent, HourEntry, HourStatus
from tracker.services import hours
from tracker.services.errors import ValidationError


def row(day, hours_="2", **kw):
    values = {
        "worked_on": day.isoformat(),
        "hours": hours_,
        "activity": "support_group",
        "setting": "in_person",
        "is_paid": "volunteer",
        "supervised": False,
        "supervisor_name": "",
        "notes": "",
    }
    return values | kw


@pytest.fixture
def trainee(make, db):
    make.activity("support_group")
    make.activity("one_on_one")
    person = make.trainee()
    db.session.commit()
    return person


def test_several_rows_are_stored_pending_in_one_submit_and_once(db, trainee, today):
    rows = [
        row(today - timedelta(days=2)),
        row(today - timedelta(days=2), "1:30", activity="one_on_one"),
        row(today - timedelta(days=1), "", activity=""),  # an unused row
        row(today, "0.75", supervised=True, supervisor_name="Sam"),
    ]
    entries = hours.log_timesheet(trainee, rows, submission_key="week-1")
    db.session.commit()
    assert [e.minutes for e in entries] == [120, 90, 45]
    assert {e.status for e in entries} == {HourStatus.PENDING}
    again = hours.log_timesheet(trainee, rows, submission_key="week-1")
    assert [e.id for e in again] == [e.id for e in entries]
    assert count(db, HourEntry) == 3
    logged = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "hours.logged")
    )
    assert logged == 3


def test_the_wrong_rows_are_named_and_nothing_is_stored(db, trainee, today):
    rows = [
        row(today - timedelta(days=1)),
        row(today + timedelta(days=1)),  # the future
        row(today, "1.1"),  # not a quarter hour
        row(today, "1", supervised=True),  # no supervisor named
    ]
    with pytest.raises(ValidationError) as error:
        hours.log_timesheet(trainee, rows)
    assert set(error.value.errors) == {"rows-1-worked_on", "rows-2-hours", "rows-3-supervisor_name"}
    db.session.rollback()
    assert count(db, HourEntry) == 0


def test_the_24_hour_day_counts_the_sheets_own_rows(db, make, trainee, today):
    make.hour_entry(trainee, worked_on=today, minutes=20 * 60)
    db.session.commit()
    rows = [row(today, "3"), row(today, "2"), row(today - timedelta(days=1), "24")]
    with pytest.raises(ValidationError) as error:
        hours.log_timesheet(trainee, rows)
    assert list(error.value.errors) == ["rows-1-hours"]
    db.session.rollback()
    assert count(db, HourEntry) == 1


def test_an_empty_sheet_is_refused(db, trainee, today):
    with pytest.raises(ValidationError) as error:
        hours.log_timesheet(trainee, [row(today, ""), row(today, "  ")])
    assert "rows" in error.value.errors


def test_the_week_page_saves_and_shows_row_errors(client, login_as, db, trainee, today):
    login_as(trainee)
    page = client.get("/hours/week")
    assert page.status_code == 200
    monday = today - timedelta(days=today.weekday())
    data = {"submission_key": "sheet-key-1"}
    for n in range(7):
        data |= {f"rows-{n}-worked_on": (monday + timedelta(days=n)).isoformat()}
        data |= {f"rows-{n}-setting": "in_person", f"rows-{n}-is_paid": "volunteer"}
    data |= {"rows-0-hours": "2", "rows-0-activity": "support_group"}
    bad = client.post("/hours/week", data=data | {"rows-1-hours": "2"})  # no activity
    assert bad.status_code == 400
    assert 'href="#rows-1-activity"' in bad.get_data(as_text=True)
    assert count(db, HourEntry) == 0
    assert client.post("/hours/week", data=data).status_code == 303
    assert client.post("/hours/week", data=data).status_code == 303
    assert count(db, HourEntry) == 1


def test_repeat_fills_the_forms_from_an_own_entry_only(client, login_as, make, db, trainee):
    mine = make.hour_entry(
        trainee, minutes=150, activity="one_on_one", supervised=True, supervisor_name="Pat Lee"
    )
    other = make.hour_entry(make.trainee(), minutes=45, supervisor_name=None)
    db.session.commit()
    login_as(trainee)
    single = client.get(f"/hours/new?repeat={mine.id}").get_data(as_text=True)
    assert 'value="2.5"' in single and 'value="Pat Lee"' in single
    week = client.get(f"/hours/week?repeat={mine.id}").get_data(as_text=True)
    assert week.count('value="Pat Lee"') == 7 and week.count('value="2.5"') == 1
    foreign = client.get(f"/hours/new?repeat={other.id}").get_data(as_text=True)
    assert 'value="0.75"' not in foreign


@pytest.mark.parametrize("value", ["abc", "-1", "0", "99999999999999999999", "²", "2024-02-30"])
def test_odd_week_and_repeat_values_show_the_page(client, login_as, trainee, value):
    login_as(trainee)
    assert client.get(f"/hours/week?week={value}&repeat={value}").status_code == 200
    assert client.get(f"/hours/new?repeat={value}").status_code == 200
