"""The review queue: deciding hours and self-reported modules, once and audited once.

The concurrency tests run two decisions in two database sessions (each in its
own application context, so Flask-SQLAlchemy gives each its own session and
connection).  On SQLite they use a database file, so that the two sessions
are really two connections, as under gunicorn.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    CompletionSource,
    CompletionStatus,
    HourEntry,
    HourStatus,
    ModuleCompletion,
    User,
)
from tracker.services import review
from tracker.services.dates import local_today
from tracker.services.errors import ConflictError, ValidationError


@pytest.fixture
def app_overrides(database, tmp_path):
    if database[0] == "sqlite":
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'review.sqlite3'}"}
    return {}


def audit_events(db, entity_type: str, entity_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id
            )
        )
    )


def fresh(db, model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


# --- the service ---------------------------------------------------------------------------


def test_approve_sets_the_decision_and_audits_once(db, make):
    coordinator = make.coordinator()
    entry = make.hour_entry(make.trainee(), minutes=90)
    db.session.commit()

    decision = review.approve_hours(entry.id, coordinator)
    db.session.commit()

    assert decision.changed
    stored = fresh(db, HourEntry, entry.id)
    assert stored.status == HourStatus.APPROVED
    assert stored.decided_by_id == coordinator.id
    assert stored.decided_at is not None
    events = audit_events(db, "hour_entries", entry.id)
    assert [e.action for e in events] == ["hours.approved"]
    assert events[0].actor_id == coordinator.id
    assert events[0].before == {"status": "pending"}
    assert events[0].after == {"status": "approved"}


def test_reject_needs_a_reason_and_stores_nothing_without_one(db, make):
    coordinator = make.coordinator()
    entry = make.hour_entry(make.trainee())
    db.session.commit()

    for reason in ("", "   ", None, "\u202e\u200b"):
        with pytest.raises(ValidationError) as caught:
            review.reject_hours(entry.id, coordinator, reason)
        assert caught.value.errors == {
            "reason": ["Give a reason, so the trainee knows what to fix."]
        }
        db.session.rollback()
    with pytest.raises(ValidationError):
        review.reject_hours(entry.id, coordinator, "x" * 501)
    db.session.rollback()

    assert fresh(db, HourEntry, entry.id).status == HourStatus.PENDING
    assert audit_events(db, "hour_entries", entry.id) == []


def test_reject_keeps_the_reason_for_the_trainee(db, make):
    coordinator = make.coordinator()
    entry = make.hour_entry(make.trainee())
    db.session.commit()
    review.reject_hours(entry.id, coordinator, "  Shadowing is logged as training.  ")
    db.session.commit()
    stored = fresh(db, HourEntry, entry.id)
    assert stored.status == HourStatus.REJECTED
    assert stored.rejection_reason == "Shadowing is logged as training."
    [event] = audit_events(db, "hour_entries", entry.id)
    assert event.action == "hours.rejected"
    assert event.after["reason"] == "Shadowing is logged as training."


def test_deciding_an_entry_decided_by_someone_else_is_a_conflict(db, make):
    first, second = make.coordinator(display_name="Ruth"), make.coordinator()
    entry = make.hour_entry(make.trainee())
    db.session.commit()
    review.approve_hours(entry.id, first)
    db.session.commit()

    with pytest.raises(ConflictError) as caught:
        review.reject_hours(entry.id, second, "Not practice")
    db.session.rollback()

    assert "already decided by Ruth" in caught.value.message
    stored = fresh(db, HourEntry, entry.id)
    assert stored.status == HourStatus.APPROVED
    assert stored.decided_by_id == first.id
    assert len(audit_events(db, "hour_entries", entry.id)) == 1


def test_the_same_decision_twice_by_the_same_coordinator_stores_once(db, make):
    coordinator = make.coordinator()
    entry = make.hour_entry(make.trainee())
    db.session.commit()
    assert review.approve_hours(entry.id, coordinator).changed
    db.session.commit()
    assert not review.approve_hours(entry.id, coordinator).changed
    db.session.commit()
    assert len(audit_events(db, "hour_entries", entry.id)) == 1


def test_a_withdrawn_entry_cannot_be_decided(db, make):
    coordinator = make.coordinator()
    entry = make.hour_entry(make.trainee(), status=HourStatus.WITHDRAWN)
    db.session.commit()
    with pytest.raises(ConflictError, match="withdrew"):
        review.approve_hours(entry.id, coordinator)
    db.session.rollback()
    assert fresh(db, HourEntry, entry.id).status == HourStatus.WITHDRAWN


def test_bulk_approve_skips_entries_decided_meanwhile(db, make):
    me, other = make.coordinator(), make.coordinator()
    trainee = make.trainee()
    entries = [make.hour_entry(trainee, minutes=60) for _ in range(3)]
    db.session.commit()
    review.reject_hours(entries[1].id, other, "Duplicate")
    db.session.commit()

    result = review.bulk_approve([e.id for e in entries], me)
    db.session.commit()

    assert result.approved == [entries[0].id, entries[2].id]
    assert result.skipped == [entries[1].id]
    assert fresh(db, HourEntry, entries[1].id).status == HourStatus.REJECTED
    assert fresh(db, HourEntry, entries[2].id).status == HourStatus.APPROVED


def test_bulk_approve_of_nothing_is_a_field_error(db, make):
    with pytest.raises(ValidationError) as caught:
        review.bulk_approve([], make.coordinator())
    assert caught.value.errors == {"selected": ["Tick at least one entry to approve."]}


def test_queue_is_oldest_first_and_filters(db, make):
    ana = make.trainee(display_name="Ana Lima")
    ben = make.trainee(display_name="Ben Ode")
    old = make.hour_entry(ana, worked_on=date(2026, 1, 5), supervised=True)
    new = make.hour_entry(ben, worked_on=date(2026, 1, 6), activity="online_community")
    make.hour_entry(ben, status=HourStatus.APPROVED)
    db.session.commit()
    ids = [e.id for e, _ in db.session.execute(review.pending_hours())]
    assert ids == [old.id, new.id]

    def only(**kw):
        return [e.id for e, _ in db.session.execute(review.pending_hours(review.HourFilters(**kw)))]

    assert only(q="lima") == [old.id]
    assert only(activity="online_community") == [new.id]
    assert only(supervised="yes") == [old.id]
    assert only(supervised="no") == [new.id]
    # The end date is included; the day after is not.
    assert only(end=date(2026, 1, 5)) == [old.id]
    assert only(start=date(2026, 1, 6), end=date(2026, 1, 6)) == [new.id]
    assert only(q="100%_") == []


def test_verify_and_reject_self_reported_modules(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    module = make.module()
    reported = [
        make.completion(
            trainee,
            module,
            source=CompletionSource.SELF_REPORTED,
            status=CompletionStatus.PENDING,
        )
        for _ in range(2)
    ]
    db.session.commit()

    review.verify_completion(reported[0].id, coordinator)
    with pytest.raises(ValidationError):
        review.reject_completion(reported[1].id, coordinator, "")
    db.session.rollback()
    review.verify_completion(reported[0].id, coordinator)  # again: no change
    review.reject_completion(reported[1].id, coordinator, "No certificate of attendance")
    db.session.commit()

    first, second = (fresh(db, ModuleCompletion, c.id) for c in reported)
    assert first.status == CompletionStatus.VERIFIED and first.verified_by_id == coordinator.id
    assert second.status == CompletionStatus.REJECTED
    assert second.rejection_reason == "No certificate of attendance"
    assert [e.action for e in audit_events(db, "module_completions", first.id)] == [
        "completion.verified"
    ]
    assert [e.action for e in audit_events(db, "module_completions", second.id)] == [
        "completion.rejected"
    ]
    with pytest.raises(ConflictError):
        review.verify_completion(second.id, make.coordinator())
    db.session.rollback()


# --- two sessions at once --------------------------------------------------------------------


def _race(app, coordinator_ids, entry_id, decide):
    """Both coordinators load the entry (pending), then decide at the same moment."""
    from tracker.extensions import db

    barrier = threading.Barrier(len(coordinator_ids))
    outcomes: dict[int, str] = {}

    def run(coordinator_id: int) -> None:
        with app.app_context():
            try:
                actor = db.session.get(User, coordinator_id)
                assert db.session.get(HourEntry, entry_id).status == HourStatus.PENDING
                db.session.commit()  # the page that showed the entry is done
                barrier.wait(timeout=10)
                decide(entry_id, actor)
                db.session.commit()
                outcomes[coordinator_id] = "won"
            except ConflictError:
                db.session.rollback()
                outcomes[coordinator_id] = "told"
            except Exception as exc:  # reported by the assertion below
                db.session.rollback()
                outcomes[coordinator_id] = f"error: {exc!r}"

    threads = [threading.Thread(target=run, args=(cid,)) for cid in coordinator_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize(
    "decisions",
    [
        ("approve", "approve"),
        ("approve", "reject"),
        ("reject", "reject"),
    ],
)
def test_two_coordinators_at_once_one_decision_stands(app, db, make, decisions):
    coordinators = [make.coordinator(), make.coordinator()]
    entry = make.hour_entry(make.trainee())
    db.session.commit()
    ids = [c.id for c in coordinators]
    by_id = dict(zip(ids, decisions, strict=True))

    def decide(entry_id, actor):
        if by_id[actor.id] == "approve":
            return review.approve_hours(entry_id, actor)
        return review.reject_hours(entry_id, actor, "Not a practice activity")

    entry_id = entry.id
    db.session.commit()  # the test's own reads end before the coordinators act
    outcomes = _race(app, ids, entry_id, decide)

    assert sorted(outcomes.values()) == ["told", "won"], outcomes
    winner = next(cid for cid, outcome in outcomes.items() if outcome == "won")
    stored = fresh(db, HourEntry, entry.id)
    assert stored.decided_by_id == winner
    expected = HourStatus.APPROVED if by_id[winner] == "approve" else HourStatus.REJECTED
    assert stored.status == expected
    events = audit_events(db, "hour_entries", entry.id)
    assert len(events) == 1
    assert events[0].actor_id == winner


def test_a_stale_page_cannot_overwrite_a_decision(app, db, make):
    """Coordinator B read the entry as pending; A decides and commits; B's decision is refused."""
    from tracker.extensions import db as ext_db

    first, second = make.coordinator(), make.coordinator()
    entry = make.hour_entry(make.trainee())
    first_id, second_id, entry_id = first.id, second.id, entry.id
    db.session.commit()  # and no read after it: each coordinator's request has its own

    with app.app_context():  # coordinator B's session
        seen = ext_db.session.get(HourEntry, entry_id)
        assert seen.status == HourStatus.PENDING
        ext_db.session.commit()  # B's page has been served
        with app.app_context():  # coordinator A's session, meanwhile
            review.approve_hours(entry_id, ext_db.session.get(User, first_id))
            ext_db.session.commit()
        with pytest.raises(ConflictError):
            review.reject_hours(entry_id, ext_db.session.get(User, second_id), "Too late")
        ext_db.session.rollback()

    stored = fresh(db, HourEntry, entry_id)
    assert stored.status == HourStatus.APPROVED
    assert stored.rejection_reason is None
    assert len(audit_events(db, "hour_entries", entry_id)) == 1


def test_two_sessions_on_the_engine_see_the_conditional_update(app, db, make):
    """The database itself lets only one of two conditional updates through."""
    entry = make.hour_entry(make.trainee())
    db.session.commit()
    statement = (
        sa.update(HourEntry)
        .where(HourEntry.id == entry.id, HourEntry.status == HourStatus.PENDING)
        .values(status=HourStatus.APPROVED)
    )
    entry_id = entry.id
    db.session.commit()
    with sa.orm.Session(db.engine) as one, sa.orm.Session(db.engine) as two:
        # Both read the entry as pending, each read ending as a served page does.
        assert one.get(HourEntry, entry_id).status == HourStatus.PENDING
        one.rollback()
        assert two.get(HourEntry, entry_id).status == HourStatus.PENDING
        two.rollback()
        assert one.execute(statement).rowcount == 1
        one.commit()
        assert two.execute(statement).rowcount == 0
        two.commit()


# --- the pages -------------------------------------------------------------------------------


def test_queue_page_lists_pending_entries_oldest_first(client, login_as, make, db):
    login_as("coordinator")
    trainee = make.trainee(display_name="Zoë <b>Q</b>")
    make.hour_entry(trainee, worked_on=local_today() - timedelta(days=3), notes="first")
    make.hour_entry(trainee, worked_on=local_today() - timedelta(days=2), notes="second")
    make.hour_entry(trainee, status=HourStatus.APPROVED, notes="decided")
    db.session.commit()
    response = client.get("/coordinator/review")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.index("first") < html.index("second")
    assert "decided" not in html
    assert "Zoë &lt;b&gt;Q&lt;/b&gt;" in html
    assert "2 entries waiting" in html


def test_queue_filter_with_a_bad_date_answers_400(client, login_as):
    login_as("coordinator")
    response = client.get("/coordinator/review?start=2026-02-30")
    assert response.status_code == 400
    assert "Enter a date, for example 23 Oct 2026." in response.get_data(as_text=True)


def test_approve_and_reject_from_the_pages(client, login_as, make, db):
    coordinator = login_as("coordinator")
    trainee = make.trainee()
    approve_me, reject_me = make.hour_entry(trainee), make.hour_entry(trainee)
    db.session.commit()

    response = client.post(f"/coordinator/review/hours/{approve_me.id}/approve")
    assert response.status_code == 303
    assert fresh(db, HourEntry, approve_me.id).status == HourStatus.APPROVED

    page = client.get(f"/coordinator/review/hours/{reject_me.id}/reject")
    assert page.status_code == 200
    blank = client.post(f"/coordinator/review/hours/{reject_me.id}/reject", data={"reason": ""})
    assert blank.status_code == 400
    assert "Give a reason." in blank.get_data(as_text=True)
    assert fresh(db, HourEntry, reject_me.id).status == HourStatus.PENDING

    done = client.post(
        f"/coordinator/review/hours/{reject_me.id}/reject",
        data={"reason": "Please split by day", "next": "https://evil.example/"},
    )
    assert done.status_code == 303
    assert done.headers["Location"].endswith("/coordinator/review")
    stored = fresh(db, HourEntry, reject_me.id)
    assert stored.status == HourStatus.REJECTED
    assert stored.decided_by_id == coordinator.id


def test_the_second_coordinator_is_told(app, client, login_as, make, db):
    other = make.coordinator(display_name="Priya")
    entry = make.hour_entry(make.trainee())
    db.session.commit()
    review.approve_hours(entry.id, other)
    db.session.commit()

    login_as("coordinator")
    response = client.post(f"/coordinator/review/hours/{entry.id}/approve", follow_redirects=True)
    assert response.status_code == 200
    assert "already decided by Priya" in response.get_data(as_text=True)
    stored = fresh(db, HourEntry, entry.id)
    assert stored.decided_by_id == other.id
    assert len(audit_events(db, "hour_entries", entry.id)) == 1


def test_double_submission_of_approve_stores_once(client, login_as, make, db):
    login_as("coordinator")
    entry = make.hour_entry(make.trainee())
    db.session.commit()
    for _ in range(2):
        assert client.post(f"/coordinator/review/hours/{entry.id}/approve").status_code == 303
    assert len(audit_events(db, "hour_entries", entry.id)) == 1
    page = client.get("/coordinator/review")
    assert "You had already approved this entry." in page.get_data(as_text=True)


def test_bulk_approve_from_the_page(client, login_as, make, db):
    login_as("coordinator")
    trainee = make.trainee()
    entries = [make.hour_entry(trainee) for _ in range(3)]
    db.session.commit()
    response = client.post(
        "/coordinator/review/hours/approve-selected",
        data={"selected": [str(entries[0].id), str(entries[2].id), "nonsense"]},
        follow_redirects=True,
    )
    assert "Approved 2 entries." in response.get_data(as_text=True)
    statuses = [fresh(db, HourEntry, e.id).status for e in entries]
    assert statuses == [HourStatus.APPROVED, HourStatus.PENDING, HourStatus.APPROVED]

    nothing = client.post("/coordinator/review/hours/approve-selected", follow_redirects=True)
    assert "Tick at least one entry to approve." in nothing.get_data(as_text=True)


def test_module_reports_page_verify_and_reject(client, login_as, make, db):
    login_as("coordinator")
    trainee = make.trainee()
    module = make.module(title="Boundaries")
    reports = [
        make.completion(
            trainee, module, source=CompletionSource.SELF_REPORTED, status=CompletionStatus.PENDING
        )
        for _ in range(2)
    ]
    make.completion(trainee, module)  # recorded by a coordinator: not in the queue
    db.session.commit()
    page = client.get("/coordinator/review/modules")
    assert page.status_code == 200
    assert "2 reports waiting" in page.get_data(as_text=True)

    assert client.post(f"/coordinator/review/modules/{reports[0].id}/verify").status_code == 303
    blank = client.post(f"/coordinator/review/modules/{reports[1].id}/reject", data={"reason": ""})
    assert blank.status_code == 400
    assert fresh(db, ModuleCompletion, reports[1].id).status == CompletionStatus.PENDING
    client.post(
        f"/coordinator/review/modules/{reports[1].id}/reject", data={"reason": "Wrong module"}
    )
    assert fresh(db, ModuleCompletion, reports[0].id).status == CompletionStatus.VERIFIED
    assert fresh(db, ModuleCompletion, reports[1].id).status == CompletionStatus.REJECTED


def test_decisions_without_a_csrf_token_are_refused(app, client, login_as, make, db):
    login_as("coordinator")
    entry = make.hour_entry(make.trainee())
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    for url in (
        f"/coordinator/review/hours/{entry.id}/approve",
        f"/coordinator/review/hours/{entry.id}/reject",
        "/coordinator/review/hours/approve-selected",
    ):
        response = client.post(url, data={"reason": "x", "selected": [str(entry.id)]})
        assert response.status_code == 400
    assert fresh(db, HourEntry, entry.id).status == HourStatus.PENDING
    assert audit_events(db, "hour_entries", entry.id) == []


def test_bulk_reject_needs_a_reason_and_skips_entries_decided_meanwhile(db, make):
    me, other = make.coordinator(), make.coordinator()
    trainee = make.trainee()
    entries = [make.hour_entry(trainee, minutes=60) for _ in range(3)]
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        review.bulk_reject([e.id for e in entries], me, "  ")
    db.session.rollback()
    assert "reason" in caught.value.errors
    assert {fresh(db, HourEntry, e.id).status for e in entries} == {HourStatus.PENDING}

    review.approve_hours(entries[1].id, other)
    db.session.commit()
    result = review.bulk_reject([e.id for e in entries], me, "Log each day separately")
    db.session.commit()
    assert result.approved == [entries[0].id, entries[2].id]
    assert result.skipped == [entries[1].id]
    stored = fresh(db, HourEntry, entries[2].id)
    assert stored.status == HourStatus.REJECTED
    assert stored.rejection_reason == "Log each day separately"
    assert fresh(db, HourEntry, entries[1].id).status == HourStatus.APPROVED


def test_bulk_reject_from_the_page_keeps_the_ticks_when_the_reason_is_missing(
    client, login_as, make, db
):
    login_as("coordinator")
    trainee = make.trainee()
    entries = [make.hour_entry(trainee) for _ in range(2)]
    db.session.commit()
    ticked = {"selected": [str(entries[0].id)]}
    blank = client.post("/coordinator/review/hours/reject-selected", data=ticked)
    body = blank.get_data(as_text=True)
    assert blank.status_code == 400
    assert 'id="bulk_reason-error"' in body
    assert f'value="{entries[0].id}" id="select-{entries[0].id}" checked' in body
    assert fresh(db, HourEntry, entries[0].id).status == HourStatus.PENDING

    done = client.post(
        "/coordinator/review/hours/reject-selected",
        data={**ticked, "bulk_reason": "Duplicate of another entry", "then": "review-form"},
        follow_redirects=True,
    )
    assert "Rejected 1 entry; each trainee sees your reason." in done.get_data(as_text=True)
    assert fresh(db, HourEntry, entries[0].id).status == HourStatus.REJECTED
    assert fresh(db, HourEntry, entries[1].id).status == HourStatus.PENDING


def test_a_decision_returns_to_the_next_entry_of_the_queue(client, login_as, make, db):
    login_as("coordinator")
    trainee = make.trainee()
    first, second = make.hour_entry(trainee), make.hour_entry(trainee)
    db.session.commit()
    page = client.get("/coordinator/review").get_data(as_text=True)
    # The first entry's Approve names the second as where to return; the skip link leads
    # straight to the queue, past the navigation and the filters.
    assert f'name="then" value="entry-{second.id}"' in page
    assert f'<tr id="entry-{second.id}" tabindex="-1">' in page
    assert '<a class="skip-link" href="#review-form">' in page
    response = client.post(
        f"/coordinator/review/hours/{first.id}/approve",
        data={"next": "/coordinator/review", "then": f"entry-{second.id}"},
    )
    assert response.headers["Location"] == f"/coordinator/review#entry-{second.id}"
    # Only an anchor of the page's own form: anything else is left out.
    response = client.post(
        f"/coordinator/review/hours/{second.id}/approve",
        data={"next": "/coordinator/review", "then": 'x"><script>'},
    )
    assert response.headers["Location"] == "/coordinator/review"


def test_select_all_ticks_every_entry_of_the_page(client, login_as, make, db):
    login_as("coordinator")
    trainee = make.trainee()
    entries = [make.hour_entry(trainee) for _ in range(3)]
    db.session.commit()
    plain = client.get("/coordinator/review").get_data(as_text=True)
    assert "Tick every entry on this page" in plain
    assert " checked" not in plain
    ticked = client.get("/coordinator/review?select=all").get_data(as_text=True)
    for entry in entries:
        assert f'id="select-{entry.id}" checked' in ticked
