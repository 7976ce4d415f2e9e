"""Hours from the trainee's side: log, validate, list, edit, withdraw, correct.

Every bad input is checked twice: the message stands next to its field, and
no row was stored.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.models import AuditEvent, HourEntry, HourStatus, User
from tracker.services import hours as hours_service
from tracker.services.dates import local_today
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError


def yesterday() -> date:
    """The day before the app's "today" (read when called, never at import)."""
    return local_today() - timedelta(days=1)


def count(db, model=HourEntry) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def field_error(body: str, field_id: str) -> str | None:
    """The text of the error shown next to a field, or None."""
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', body, re.S)
    if not match:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


def form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "worked_on": yesterday().isoformat(),
        "hours": "1.5",
        "activity": "support_group",
        "setting": "in_person",
        "is_paid": "volunteer",
        "supervisor_name": "",
        "notes": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def only_entry(db) -> HourEntry:
    entries = db.session.scalars(sa.select(HourEntry)).all()
    assert len(entries) == 1
    return entries[0]


# --- logging ------------------------------------------------------------------------------


def test_log_hours_stores_a_pending_entry_of_ones_own(client, db, login_as):
    trainee = login_as("trainee")
    response = client.post(
        "/hours/new",
        data=form(supervised="y", supervisor_name="Sam Lee", notes="Co-facilitated."),
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/hours")
    entry = only_entry(db)
    assert entry.trainee_id == trainee.id
    assert entry.status == HourStatus.PENDING
    assert entry.minutes == 90
    assert entry.worked_on == yesterday()
    assert entry.supervised and entry.supervisor_name == "Sam Lee"
    assert entry.notes == "Co-facilitated."
    assert not entry.is_paid
    page = client.get("/hours").get_data(as_text=True)
    assert "Saved: 1.5 hours" in page
    assert "Waiting for review" in page


def test_log_hours_records_an_audit_event(client, db, login_as):
    trainee = login_as("trainee")
    client.post("/hours/new", data=form(is_paid="paid"))
    entry = only_entry(db)
    assert entry.is_paid
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "hours.logged"))
    assert event.actor_id == trainee.id and event.entity_id == entry.id


def test_new_entry_form_shows_the_privacy_reminder_and_a_fresh_key(client, login_as):
    login_as("trainee")
    body = client.get("/hours/new").get_data(as_text=True)
    assert "Never name or describe the people you supported" in body
    assert 'aria-describedby="notes-hint"' in body
    keys = re.findall(r'name="submission_key" type="hidden" value="([0-9a-f-]{36})"', body)
    assert len(keys) == 1
    again = client.get("/hours/new").get_data(as_text=True)
    assert keys[0] not in again


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [("1.5", 90), ("1,5", 90), ("1:30", 90), (" 2 ", 120), ("0.25", 15), ("24", 1440), (".75", 45)],
)
def test_hours_accepted_in_friendly_forms(client, db, login_as, raw, minutes):
    login_as("trainee")
    response = client.post("/hours/new", data=form(hours=raw))
    assert response.status_code == 303
    assert only_entry(db).minutes == minutes


BAD_INPUT = [
    ({"hours": "0"}, "hours", hours_service.MSG_HOURS_POSITIVE),
    ({"hours": "-2"}, "hours", hours_service.MSG_HOURS_POSITIVE),
    ({"hours": "24.25"}, "hours", hours_service.MSG_HOURS_MAX),
    ({"hours": "100"}, "hours", hours_service.MSG_HOURS_MAX),
    ({"hours": "1.1"}, "hours", hours_service.MSG_HOURS_STEP),
    ({"hours": "1:10"}, "hours", hours_service.MSG_HOURS_STEP),
    ({"hours": "1:75"}, "hours", hours_service.MSG_MINUTES),
    ({"hours": "NaN"}, "hours", hours_service.MSG_HOURS_NUMBER),
    ({"hours": "inf"}, "hours", hours_service.MSG_HOURS_NUMBER),
    ({"hours": "-Infinity"}, "hours", hours_service.MSG_HOURS_NUMBER),
    ({"hours": "1e309"}, "hours", hours_service.MSG_HOURS_NUMBER),
    ({"hours": "two"}, "hours", hours_service.MSG_HOURS_NUMBER),
    ({"hours": ""}, "hours", hours_service.MSG_HOURS_MISSING),
    (
        {"worked_on": (local_today() + timedelta(days=1)).isoformat()},
        "worked_on",
        hours_service.MSG_DATE_FUTURE,
    ),
    ({"worked_on": "1999-12-31"}, "worked_on", hours_service.MSG_DATE_EARLY),
    ({"worked_on": "2023-02-29"}, "worked_on", hours_service.MSG_DATE_IMPOSSIBLE),
    ({"worked_on": "2023-13-01"}, "worked_on", hours_service.MSG_DATE_IMPOSSIBLE),
    ({"worked_on": "yesterday"}, "worked_on", hours_service.MSG_DATE_FORMAT),
    ({"worked_on": ""}, "worked_on", hours_service.MSG_DATE_MISSING),
    ({"activity": ""}, "activity", hours_service.MSG_ACTIVITY_MISSING),
    ({"activity": "dancing"}, "activity", hours_service.MSG_ACTIVITY_INVALID),
    ({"setting": "moon"}, "setting", hours_service.MSG_SETTING_INVALID),
    ({"is_paid": "maybe"}, "is_paid", hours_service.MSG_PAID_INVALID),
    ({"supervised": "y", "supervisor_name": ""}, "supervisor_name", "Give your supervisor's name."),
    (
        {"supervised": "y", "supervisor_name": " \u202e\u0007 "},
        "supervisor_name",
        "Give your supervisor's name.",
    ),
    ({"supervisor_name": "Sam Lee"}, "supervisor_name", hours_service.MSG_SUPERVISOR_UNTICKED),
    (
        {"supervised": "y", "supervisor_name": "S" * 121},
        "supervisor_name",
        hours_service.MSG_SUPERVISOR_LONG,
    ),
    ({"notes": "x" * 501}, "notes", hours_service.msg_notes_long(501)),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_next_to_its_field(client, db, login_as, overrides, field, message):
    login_as("trainee")
    before = count(db)
    response = client.post("/hours/new", data=form(**overrides))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert field_error(body, field) == message
    assert 'aria-invalid="true"' in body
    assert "Please correct the highlighted" in body
    assert count(db) == before


def test_notes_of_exactly_500_characters_are_accepted(client, db, login_as):
    login_as("trainee")
    assert client.post("/hours/new", data=form(notes="x" * 500)).status_code == 303
    assert len(only_entry(db).notes) == 500


def test_every_problem_is_reported_at_once_and_the_typed_values_kept(client, db, login_as):
    login_as("trainee")
    response = client.post(
        "/hours/new", data=form(hours="abc", activity="", worked_on="2023-02-29", notes="kept")
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(body, "hours") == hours_service.MSG_HOURS_NUMBER
    assert field_error(body, "activity") == hours_service.MSG_ACTIVITY_MISSING
    assert field_error(body, "worked_on") == hours_service.MSG_DATE_IMPOSSIBLE
    assert 'value="abc"' in body and "kept</textarea>" in body
    assert count(db) == 0


@pytest.mark.parametrize(
    ("existing", "posted", "accepted"),
    [
        # Pending and approved entries of the same day count towards its 24 hours.
        ([(600, HourStatus.PENDING), (720, HourStatus.APPROVED)], "2.25", False),
        ([(600, HourStatus.PENDING), (720, HourStatus.APPROVED)], "2", True),
        # Withdrawn and rejected entries do not.
        ([(1440, HourStatus.WITHDRAWN), (1440, HourStatus.REJECTED)], "24", True),
    ],
)
def test_at_most_24_hours_in_one_day(client, db, login_as, make, existing, posted, accepted):
    trainee = login_as("trainee")
    for minutes, status in existing:
        make.hour_entry(trainee, worked_on=yesterday(), minutes=minutes, status=status)
    # Another day and another trainee's hours do not count.
    make.hour_entry(trainee, worked_on=yesterday() - timedelta(days=1), minutes=1440)
    make.hour_entry(make.trainee(), worked_on=yesterday(), minutes=1440)
    db.session.commit()
    before = count(db)
    response = client.post("/hours/new", data=form(hours=posted))
    if accepted:
        assert response.status_code == 303
        assert count(db) == before + 1
    else:
        assert response.status_code == 400
        message = field_error(response.get_data(as_text=True), "hours")
        assert message == hours_service.msg_day_full(yesterday(), 1320)
        assert "22 hours are already logged" in message
        assert count(db) == before


def test_markup_is_stored_as_typed_and_shown_escaped(client, db, login_as):
    login_as("trainee")
    script = "<script>alert('x')</script>"
    name = '<img src=x onerror="alert(1)">Sam'
    client.post("/hours/new", data=form(supervised="y", supervisor_name=name, notes=script))
    entry = only_entry(db)
    assert entry.notes == script
    assert entry.supervisor_name == name
    listing = client.get("/hours").get_data(as_text=True)
    detail = client.get(f"/hours/{entry.id}").get_data(as_text=True)
    for body in (listing, detail):
        assert "<img src=x" not in body
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Sam" in body
    assert "<script>alert" not in detail
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in detail


def test_sql_metacharacters_are_stored_literally(client, db, login_as):
    login_as("trainee")
    text = "Robert'); DROP TABLE hour_entries;-- \" OR 1=1 %_"
    client.post("/hours/new", data=form(supervised="y", supervisor_name=text, notes=text))
    entry = only_entry(db)
    assert entry.notes == text and entry.supervisor_name == text


def test_bidi_overrides_and_control_characters_are_stripped(client, db, login_as):
    login_as("trainee")
    client.post(
        "/hours/new",
        data=form(
            supervised="y",
            supervisor_name="Sam\u202e Lee\u200b\u0007",
            notes="Line one\r\nline\u2066 two\u0000",
        ),
    )
    entry = only_entry(db)
    assert entry.supervisor_name == "Sam Lee"
    assert entry.notes == "Line one\nline two"


def test_extra_form_fields_are_ignored(client, db, login_as, make):
    trainee = login_as("trainee")
    other = make.trainee()
    coordinator = make.coordinator()
    db.session.commit()
    response = client.post(
        "/hours/new",
        data=form(
            status="approved",
            trainee_id=str(other.id),
            minutes="9999",
            decided_by_id=str(coordinator.id),
            rejection_reason="x",
            id="999",
        ),
    )
    assert response.status_code == 303
    entry = only_entry(db)
    assert entry.trainee_id == trainee.id
    assert entry.status == HourStatus.PENDING
    assert entry.minutes == 90
    assert entry.decided_by_id is None and entry.rejection_reason is None


def test_the_same_form_posted_twice_stores_one_entry(client, db, login_as):
    login_as("trainee")
    # 13 hours twice would break the day's 24: the second post must not be judged anew.
    data = form(hours="13", submission_key="0b7f6a8e-5d0c-4a4e-9d1e-2b1c3d4e5f60")
    assert client.post("/hours/new", data=data).status_code == 303
    second = client.post("/hours/new", data=data, follow_redirects=True)
    assert second.status_code == 200
    assert "already saved" in second.get_data(as_text=True)
    assert count(db) == 1


def test_two_forms_store_two_entries(client, db, login_as):
    login_as("trainee")
    client.post("/hours/new", data=form(submission_key="aaaaaaaa-0000-4000-8000-000000000001"))
    client.post("/hours/new", data=form(submission_key="aaaaaaaa-0000-4000-8000-000000000002"))
    assert count(db) == 2


def test_submission_keys_are_per_trainee(db, make):
    first, second = make.trainee(), make.trainee()
    key = "bbbbbbbb-0000-4000-8000-000000000001"
    values = {"worked_on": yesterday(), "hours": "1", "activity": "outreach", "setting": "phone"}
    a = hours_service.log_entry(first, submission_key=key, **values)
    b = hours_service.log_entry(second, submission_key=key, **values)
    assert a.created and b.created and a.entry.id != b.entry.id
    again = hours_service.log_entry(first, submission_key=key, **values)
    assert not again.created and again.entry.id == a.entry.id


def test_coordinators_cannot_log_hours_as_trainees(db, make):
    with pytest.raises(ServiceError):
        hours_service.log_entry(
            make.coordinator(),
            worked_on=yesterday(),
            hours="1",
            activity="outreach",
            setting="phone",
        )
    assert count(db) == 0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, "1" * 20])
def test_parse_hours_refuses_non_finite_numbers(bad):
    with pytest.raises(ValidationError) as caught:
        hours_service.parse_hours(bad)
    assert caught.value.errors == {"hours": [hours_service.MSG_HOURS_NUMBER]}


# --- listing ------------------------------------------------------------------------------


def test_list_shows_only_ones_own_entries_with_totals(client, db, login_as, make):
    trainee = login_as("trainee")
    make.hour_entry(trainee, minutes=120, status=HourStatus.APPROVED, supervisor_name=None)
    make.hour_entry(trainee, minutes=45, status=HourStatus.PENDING)
    make.hour_entry(make.trainee(), minutes=60, supervised=True, supervisor_name="Other Person")
    db.session.commit()
    body = client.get("/hours").get_data(as_text=True)
    assert "2 entries" in body
    assert "Other Person" not in body
    assert re.search(r'class="stat">2</span> hours', body)  # approved
    assert re.search(r'class="stat">0.75</span> hours in 1 entry', body)  # pending


def test_list_filters_by_status_activity_and_dates(client, db, login_as, make):
    trainee = login_as("trainee")
    day = date(2024, 3, 10)
    make.hour_entry(trainee, worked_on=day, activity="outreach", status=HourStatus.APPROVED)
    make.hour_entry(trainee, worked_on=day, activity="one_on_one", status=HourStatus.PENDING)
    make.hour_entry(trainee, worked_on=date(2024, 3, 1), activity="outreach")
    make.hour_entry(trainee, worked_on=date(2024, 3, 20), activity="outreach")
    db.session.commit()

    def shown(query: str) -> int:
        body = client.get("/hours" + query).get_data(as_text=True)
        return int(re.search(r"<caption>(\d+) entr", body).group(1))

    assert shown("") == 4
    assert shown("?status=approved") == 1
    assert shown("?activity=outreach") == 3
    assert shown("?activity=outreach&status=pending") == 2
    assert shown("?date_from=2024-03-10&date_to=2024-03-10") == 2  # both days included
    assert shown("?date_from=2024-03-02") == 3
    assert shown("?date_to=2024-03-09") == 1
    assert shown("?status=bogus&activity=dancing") == 4  # unknown values filter nothing


def test_list_filter_with_an_impossible_date_says_so(client, db, login_as, make):
    login_as("trainee")
    response = client.get("/hours?date_from=2023-02-29")
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "date_from") == (
        hours_service.MSG_DATE_IMPOSSIBLE
    )


def test_list_is_paginated(client, db, login_as, make, app):
    trainee = login_as("trainee")
    per_page = app.config["ITEMS_PER_PAGE"]
    for n in range(per_page + 3):
        make.hour_entry(trainee, worked_on=date(2024, 1, 1) + timedelta(days=n), minutes=15)
    db.session.commit()
    first = client.get("/hours").get_data(as_text=True)
    second = client.get("/hours?page=2").get_data(as_text=True)
    assert first.count('data-label="Date"') == per_page
    assert second.count('data-label="Date"') == 3
    assert 'rel="next"' in first and "Page 1 of 2" in first
    # Newest first: the oldest entries are on the last page.
    assert "01 Jan 2024" in second and "01 Jan 2024" not in first


def test_filters_are_kept_across_pages(client, db, login_as, make, app):
    trainee = login_as("trainee")
    for n in range(app.config["ITEMS_PER_PAGE"] + 1):
        make.hour_entry(trainee, worked_on=date(2024, 1, 1) + timedelta(days=n), activity="other")
    db.session.commit()
    body = client.get("/hours?activity=other").get_data(as_text=True)
    assert "page=2" in body and "activity=other" in re.search(r'href="([^"]*page=2[^"]*)"', body)[1]


# --- editing and withdrawing --------------------------------------------------------------


def test_edit_a_pending_entry(client, db, login_as, make):
    trainee = login_as("trainee")
    entry = make.hour_entry(trainee, minutes=60, activity="outreach")
    db.session.commit()
    body = client.get(f"/hours/{entry.id}/edit").get_data(as_text=True)
    assert 'name="hours" size="6" type="text" value="1"' in body
    assert '<option selected value="outreach">' in body
    response = client.post(
        f"/hours/{entry.id}/edit",
        data=form(hours="2.75", activity="one_on_one", status="approved"),
    )
    assert response.status_code == 303
    db.session.refresh(entry)
    assert entry.minutes == 165 and entry.activity == "one_on_one"
    assert entry.status == HourStatus.PENDING
    assert count(db) == 1
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "hours.edited"))
    assert event.before["minutes"] == 60 and event.after["minutes"] == 165


def test_edit_validates_like_logging(client, db, login_as, make):
    trainee = login_as("trainee")
    entry = make.hour_entry(trainee, minutes=60)
    db.session.commit()
    response = client.post(f"/hours/{entry.id}/edit", data=form(hours="0.1"))
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "hours") == hours_service.MSG_HOURS_STEP
    db.session.refresh(entry)
    assert entry.minutes == 60


def test_edit_does_not_count_the_entry_itself_towards_the_day(client, db, login_as, make):
    trainee = login_as("trainee")
    entry = make.hour_entry(trainee, worked_on=yesterday(), minutes=1440)
    db.session.commit()
    response = client.post(f"/hours/{entry.id}/edit", data=form(hours="23.75"))
    assert response.status_code == 303
    db.session.refresh(entry)
    assert entry.minutes == 1425


@pytest.mark.parametrize("status", [HourStatus.APPROVED, HourStatus.REJECTED, HourStatus.WITHDRAWN])
@pytest.mark.parametrize("action", ["edit", "withdraw"])
def test_only_pending_entries_can_be_changed(client, db, login_as, make, status, action):
    trainee = login_as("trainee")
    entry = make.hour_entry(trainee, minutes=60, status=status)
    db.session.commit()
    for method in ("get", "post"):
        response = getattr(client, method)(
            f"/hours/{entry.id}/{action}", data=form(hours="5"), follow_redirects=True
        )
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "can no longer be changed" in body
    db.session.refresh(entry)
    assert entry.status == status and entry.minutes == 60


def test_service_refuses_to_change_a_non_pending_entry(db, make):
    trainee = make.trainee()
    entry = make.hour_entry(trainee, status=HourStatus.APPROVED)
    with pytest.raises(ServiceError, match="approved"):
        hours_service.edit_entry(
            trainee, entry, worked_on=yesterday(), hours="1", activity="other", setting="online"
        )
    with pytest.raises(ServiceError, match="approved"):
        hours_service.withdraw_entry(trainee, entry)
    other = make.trainee()
    pending = make.hour_entry(trainee)
    with pytest.raises(NotFoundError):
        hours_service.withdraw_entry(other, pending)


def test_a_decision_made_meanwhile_wins_over_an_edit(db, make):
    trainee = make.trainee()
    entry = make.hour_entry(trainee, minutes=60)
    db.session.commit()
    # A coordinator approves it after the trainee's page loaded the entry.
    db.session.execute(
        sa.update(HourEntry)
        .where(HourEntry.id == entry.id)
        .values(status=HourStatus.APPROVED)
        .execution_options(synchronize_session=False)
    )
    assert entry.status == HourStatus.PENDING  # the stale copy the trainee acted on
    with pytest.raises(ConflictError, match="reviewed this entry"):
        hours_service.edit_entry(
            trainee, entry, worked_on=yesterday(), hours="5", activity="other", setting="online"
        )
    db.session.refresh(entry)
    assert entry.minutes == 60 and entry.status == HourStatus.APPROVED


def test_withdraw_a_pending_entry_after_confirming(client, db, login_as, make):
    trainee = login_as("trainee")
    entry = make.hour_entry(trainee, minutes=60)
    db.session.commit()
    confirm = client.get(f"/hours/{entry.id}/withdraw").get_data(as_text=True)
    assert "Withdraw this entry?" in confirm and "Keep it" in confirm
    db.session.refresh(entry)
    assert entry.status == HourStatus.PENDING  # showing the question changes nothing
    response = client.post(f"/hours/{entry.id}/withdraw")
    assert response.status_code == 303
    db.session.refresh(entry)
    assert entry.status == HourStatus.WITHDRAWN
    assert count(db) == 1
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "hours.withdrawn"))


def test_withdrawing_needs_a_valid_csrf_token(db, make, app):
    app.config["WTF_CSRF_ENABLED"] = True
    trainee = make.trainee()
    entry = make.hour_entry(trainee)
    cookie = make.login_cookie(trainee)
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = cookie
    response = client.post(f"/hours/{entry.id}/withdraw")
    assert response.status_code == 400
    db.session.refresh(entry)
    assert entry.status == HourStatus.PENDING


# --- rejected entries and corrections -----------------------------------------------------


def test_rejected_entry_shows_its_reason_and_offers_a_correction(client, db, login_as, make):
    trainee = login_as("trainee")
    entry = make.hour_entry(
        trainee, minutes=75, status=HourStatus.REJECTED, rejection_reason="Date looks wrong"
    )
    db.session.commit()
    listing = client.get("/hours").get_data(as_text=True)
    assert "Reason: Date looks wrong" in listing
    assert f"/hours/{entry.id}/correct" in listing
    detail = client.get(f"/hours/{entry.id}").get_data(as_text=True)
    assert "Date looks wrong" in detail and "Submit a corrected entry" in detail
    prefilled = client.get(f"/hours/{entry.id}/correct").get_data(as_text=True)
    assert "Date looks wrong" in prefilled
    assert 'value="1.25"' in prefilled
    assert f'value="{entry.worked_on.isoformat()}"' in prefilled


def test_submit_a_corrected_entry(client, db, login_as, make):
    trainee = login_as("trainee")
    original = make.hour_entry(trainee, minutes=75, status=HourStatus.REJECTED)
    db.session.commit()
    response = client.post(f"/hours/{original.id}/correct", data=form(hours="1", trainee_id="1"))
    assert response.status_code == 303
    correction = db.session.scalar(sa.select(HourEntry).where(HourEntry.id != original.id))
    assert correction.corrects_id == original.id
    assert correction.status == HourStatus.PENDING and correction.minutes == 60
    db.session.refresh(original)
    assert original.status == HourStatus.REJECTED
    listing = client.get("/hours").get_data(as_text=True)
    assert f"/hours/{correction.id}" in listing and f"/hours/{original.id}/correct" not in listing
    # A second correction of the same entry is refused.
    again = client.post(f"/hours/{original.id}/correct", data=form(), follow_redirects=True)
    assert "already submitted a corrected entry" in again.get_data(as_text=True)
    assert count(db) == 2


def test_only_rejected_entries_can_be_corrected(client, db, login_as, make):
    trainee = login_as("trainee")
    entry = make.hour_entry(trainee, status=HourStatus.APPROVED)
    db.session.commit()
    response = client.post(f"/hours/{entry.id}/correct", data=form(), follow_redirects=True)
    assert "Only a rejected entry can be corrected" in response.get_data(as_text=True)
    assert count(db) == 1


def test_correction_validation_errors_keep_the_form(client, db, login_as, make):
    trainee = login_as("trainee")
    original = make.hour_entry(trainee, status=HourStatus.REJECTED)
    db.session.commit()
    response = client.post(f"/hours/{original.id}/correct", data=form(hours="30"))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert field_error(body, "hours") == hours_service.MSG_HOURS_MAX
    assert "Submit a corrected entry" in body
    assert count(db) == 1


# --- sums ---------------------------------------------------------------------------------


def test_approved_minutes_by_month_groups_in_the_database(db, make):
    trainee = make.trainee()
    as_of = date(2025, 6, 15)
    make.hour_entry(trainee, worked_on=date(2025, 6, 1), minutes=60, status=HourStatus.APPROVED)
    make.hour_entry(trainee, worked_on=date(2025, 6, 15), minutes=30, status=HourStatus.APPROVED)
    make.hour_entry(trainee, worked_on=date(2025, 4, 30), minutes=15, status=HourStatus.APPROVED)
    make.hour_entry(trainee, worked_on=date(2024, 7, 1), minutes=45, status=HourStatus.APPROVED)
    # Not counted: pending, before the window, another trainee.
    make.hour_entry(trainee, worked_on=date(2025, 6, 2), minutes=600)
    make.hour_entry(trainee, worked_on=date(2024, 6, 30), minutes=600, status=HourStatus.APPROVED)
    make.hour_entry(
        make.trainee(), worked_on=date(2025, 6, 3), minutes=600, status=HourStatus.APPROVED
    )
    months = hours_service.approved_minutes_by_month(as_of, 12, trainee_id=trainee.id)
    assert len(months) == 12
    assert months[0] == (date(2024, 7, 1), 45)
    assert months[-1] == (date(2025, 6, 1), 90)
    assert dict(months)[date(2025, 4, 1)] == 15
    assert dict(months)[date(2025, 5, 1)] == 0
    everyone = hours_service.approved_minutes_by_month(as_of, 12)
    assert everyone[-1] == (date(2025, 6, 1), 690)


def test_uncorrected_rejections_counts_what_still_needs_a_correction(db, make):
    trainee = make.trainee()
    first = make.hour_entry(trainee, status=HourStatus.REJECTED)
    make.hour_entry(trainee, status=HourStatus.REJECTED)
    assert hours_service.uncorrected_rejections(trainee.id) == 2
    make.hour_entry(trainee, corrects_id=first.id)
    assert hours_service.uncorrected_rejections(trainee.id) == 1
    assert db.session.get(User, trainee.id) is not None
