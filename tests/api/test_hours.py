"""/hours through the API: the pages' rules, the pages' services, per-role access."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.api.test_framework import assert_problem
from tracker.models import AuditEvent, HourEntry, HourStatus, IdempotencyRecord
from tracker.services.dates import local_today


def new_entry(**overrides):  # type: ignore[no-untyped-def]
    body = {
        "worked_on": (local_today() - timedelta(days=1)).isoformat(),
        "hours": 1.5,
        "activity": "support_group",
        "setting": "in_person",
    }
    body.update(overrides)
    return body


@pytest.fixture
def activity(make, db):  # type: ignore[no-untyped-def]
    made = make.activity("support_group")
    db.session.commit()
    return made


def test_a_trainee_logs_hours_that_wait_for_review(api_trainee, activity, db):
    response = api_trainee.post("/api/v1/hours", json=new_entry(notes="Evening group"))
    assert response.status_code == 201, response.text
    body = response.json
    assert body["status"] == "pending" and body["minutes"] == 90 and body["hours"] == 1.5
    assert body["trainee"]["id"] == api_trainee.user.id
    assert response.headers["Location"] == f"/api/v1/hours/{body['id']}"
    assert api_trainee.get(response.headers["Location"]).json == body
    stored = db.session.get(HourEntry, body["id"])
    assert (stored.notes, stored.trainee_id) == ("Evening group", api_trainee.user.id)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity_id == stored.id))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hours": 0.1}, "body.hours"),
        ({"hours": 25}, "body.hours"),
        ({"hours": 0}, "body.hours"),
        ({"worked_on": "2999-01-01"}, "body.worked_on"),
        ({"worked_on": "1999-12-31"}, "body.worked_on"),
        ({"activity": "knitting"}, "body.activity"),
        ({"supervised": True}, "body.supervisor_name"),
        ({"notes": "x" * 501}, "body.notes"),
    ],
)
def test_the_forms_rules_refuse_with_the_field(api_trainee, activity, db, overrides, field):
    body = assert_problem(api_trainee.post("/api/v1/hours", json=new_entry(**overrides)), 422)
    assert field in body["errors"], body
    assert db.session.scalar(select(func.count()).select_from(HourEntry)) == 0


def test_24_hours_a_day_at_most(api_trainee, activity):
    assert api_trainee.post("/api/v1/hours", json=new_entry(hours=20)).status_code == 201
    body = assert_problem(api_trainee.post("/api/v1/hours", json=new_entry(hours=5)), 422)
    assert "body.hours" in body["errors"]


@pytest.mark.parametrize(
    ("payload", "headers", "status"),
    [
        ("not json", {"Content-Type": "application/json"}, 400),
        ('{"hours": NaN}', {"Content-Type": "application/json"}, 422),
        ("[]", {"Content-Type": "application/json"}, 422),
        (json.dumps(new_entry(hours="1.5")), {"Content-Type": "application/json"}, 422),
        (json.dumps(new_entry(colour="red")), {"Content-Type": "application/json"}, 422),
        (json.dumps(new_entry()), {"Content-Type": "text/plain"}, 415),
        ("hours=1", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ("\xff\xfe", {"Content-Type": "application/json"}, 400),
    ],
)
def test_bad_bodies_are_problems(api_trainee, activity, db, payload, headers, status):
    assert_problem(api_trainee.post("/api/v1/hours", data=payload, headers=headers), status)
    assert db.session.scalar(select(func.count()).select_from(HourEntry)) == 0


def test_a_body_over_the_limit_is_413(api_trainee, activity, db):
    huge = json.dumps(new_entry(notes="x" * 300_000))
    response = api_trainee.post("/api/v1/hours", data=huge, content_type="application/json")
    assert_problem(response, 413)
    assert db.session.scalar(select(func.count()).select_from(HourEntry)) == 0


def test_only_trainees_log_hours(api_coordinator, api_supervisor, activity):
    for caller in (api_coordinator, api_supervisor):
        assert_problem(caller.post("/api/v1/hours", json=new_entry()), 403)


def test_a_retried_create_with_the_same_key_is_stored_once(api_trainee, activity, db):
    key = {"Idempotency-Key": "6f1c3c5e-retry"}
    first = api_trainee.post("/api/v1/hours", json=new_entry(), headers=key)
    again = api_trainee.post("/api/v1/hours", json=new_entry(), headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert db.session.scalar(select(func.count()).select_from(HourEntry)) == 1

    other = api_trainee.post("/api/v1/hours", json=new_entry(hours=2), headers=key)
    body = assert_problem(other, 422)
    assert "header.Idempotency-Key" in body["errors"]
    assert db.session.scalar(select(func.count()).select_from(HourEntry)) == 1


def test_a_failed_create_stores_no_key_so_the_fix_can_reuse_it(api_trainee, activity, db):
    key = {"Idempotency-Key": "fix-me"}
    assert (
        api_trainee.post("/api/v1/hours", json=new_entry(hours=0), headers=key).status_code == 422
    )
    assert db.session.scalar(select(IdempotencyRecord)) is None
    assert api_trainee.post("/api/v1/hours", json=new_entry(), headers=key).status_code == 201


def test_keys_are_per_person(api_trainee, make_caller, make, activity, db):
    other = make_caller(make.trainee())
    key = {"Idempotency-Key": "same-key"}
    assert api_trainee.post("/api/v1/hours", json=new_entry(), headers=key).status_code == 201
    assert other.post("/api/v1/hours", json=new_entry(), headers=key).status_code == 201
    assert db.session.scalar(select(func.count()).select_from(HourEntry)) == 2


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "caf\u00e9"])
def test_an_unusable_idempotency_key_is_400(api_trainee, activity, key):
    response = api_trainee.post("/api/v1/hours", json=new_entry(), headers={"Idempotency-Key": key})
    body = assert_problem(response, 400)
    assert "header.Idempotency-Key" in body["errors"]


def test_a_trainee_changes_and_withdraws_only_their_pending_entries(
    api_trainee, make, activity, db
):
    entry = make.hour_entry(api_trainee.user, minutes=60)
    decided = make.hour_entry(api_trainee.user, minutes=60, status=HourStatus.APPROVED)
    stranger = make.hour_entry(make.trainee(), minutes=60)
    db.session.commit()
    changed = api_trainee.patch(f"/api/v1/hours/{entry.id}", json={"hours": 2, "notes": "Longer"})
    assert changed.status_code == 200, changed.text
    assert (changed.json["minutes"], changed.json["notes"]) == (120, "Longer")
    assert changed.json["activity"] == "support_group"  # kept
    assert_problem(api_trainee.patch(f"/api/v1/hours/{decided.id}", json={"hours": 1}), 409)
    assert_problem(api_trainee.patch(f"/api/v1/hours/{stranger.id}", json={"hours": 1}), 404)
    bad = assert_problem(api_trainee.patch(f"/api/v1/hours/{entry.id}", json={"hours": 0.2}), 422)
    assert "body.hours" in bad["errors"]

    withdrawn = api_trainee.post(f"/api/v1/hours/{entry.id}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn"
    assert_problem(api_trainee.post(f"/api/v1/hours/{entry.id}/withdraw"), 409)
    assert_problem(api_trainee.post(f"/api/v1/hours/{stranger.id}/withdraw"), 404)


def test_lists_are_scoped_filtered_and_paged(
    api_trainee, api_supervisor, api_coordinator, make, activity, db, today
):
    mine = [
        make.hour_entry(
            api_trainee.user, worked_on=today - timedelta(days=d), supervised=d % 2 == 0
        )
        for d in range(1, 6)
    ]
    make.hour_entry(make.trainee(), supervised=True)
    db.session.commit()

    own = api_trainee.get("/api/v1/hours").json
    assert [e["id"] for e in own["items"]] == [e.id for e in mine]  # newest work first
    assert own["next"] is None
    supervised = api_supervisor.get("/api/v1/hours").json["items"]
    assert {e["id"] for e in supervised} == {e.id for e in mine if e.supervised}
    assert len(api_coordinator.get("/api/v1/hours").json["items"]) == 6

    ranged = api_coordinator.get(
        "/api/v1/hours",
        query_string={
            "trainee_id": api_trainee.user.id,
            "date_from": (today - timedelta(days=4)).isoformat(),
            "date_to": (today - timedelta(days=2)).isoformat(),
            "status": "pending",
        },
    ).json["items"]
    assert [e["id"] for e in ranged] == [e.id for e in mine[1:4]]

    first = api_coordinator.get("/api/v1/hours", query_string={"limit": 4}).json
    assert len(first["items"]) == 4 and first["next"]
    second = api_coordinator.get(first["next"]).json
    assert len(second["items"]) == 2 and second["next"] is None
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "lost"}, "query.status"),
        ({"date_from": "0"}, "query.date_from"),
        ({"date_to": "2024-02-30"}, "query.date_to"),
        ({"limit": "201"}, "query.limit"),
        ({"cursor": "not a cursor!"}, "query.cursor"),
        ({"trainee_id": "x"}, "query.trainee_id"),
    ],
)
def test_bad_filters_are_400_with_the_parameter(api_coordinator, query, field):
    body = assert_problem(api_coordinator.get("/api/v1/hours", query_string=query), 400)
    assert field in body["errors"]


def test_a_made_up_cursor_is_422(api_coordinator):
    assert_problem(api_coordinator.get("/api/v1/hours?cursor=bm9wZQ"), 422)


def test_coordinators_and_supervisors_decide_and_a_second_decision_is_409(
    api_trainee, api_supervisor, api_coordinator, make, activity, db
):
    supervised = make.hour_entry(api_trainee.user, supervised=True)
    unsupervised = make.hour_entry(api_trainee.user)
    db.session.commit()
    assert_problem(api_trainee.post(f"/api/v1/hours/{supervised.id}/approve"), 403)
    # A supervisor decides only their trainees' supervised hours: others do not exist.
    assert_problem(api_supervisor.post(f"/api/v1/hours/{unsupervised.id}/approve"), 404)
    approved = api_supervisor.post(f"/api/v1/hours/{supervised.id}/approve")
    assert approved.status_code == 200 and approved.json["status"] == "approved"
    assert api_supervisor.post(f"/api/v1/hours/{supervised.id}/approve").status_code == 200
    conflict = api_coordinator.post(
        f"/api/v1/hours/{supervised.id}/reject", json={"reason": "Too long"}
    )
    assert "already decided" in assert_problem(conflict, 409)["detail"]

    no_reason = api_coordinator.post(
        f"/api/v1/hours/{unsupervised.id}/reject", json={"reason": " "}
    )
    assert "body.reason" in assert_problem(no_reason, 422)["errors"]
    rejected = api_coordinator.post(
        f"/api/v1/hours/{unsupervised.id}/reject", json={"reason": "Not a practice activity"}
    )
    assert rejected.json["status"] == "rejected"
    assert rejected.json["rejection_reason"] == "Not a practice activity"


def test_bulk_decisions_report_each_entry(api_trainee, api_coordinator, make, activity, db):
    waiting = [make.hour_entry(api_trainee.user) for _ in range(3)]
    taken = make.hour_entry(api_trainee.user, status=HourStatus.REJECTED)
    db.session.commit()
    ids = [e.id for e in waiting] + [taken.id, 999_999]
    response = api_coordinator.post(
        "/api/v1/hours/decisions", json={"decision": "approve", "ids": ids}
    )
    assert response.status_code == 200, response.text
    results = {r["id"]: r["result"] for r in response.json["results"]}
    assert results == {
        **{e.id: "approved" for e in waiting},
        taken.id: "conflict",
        999_999: "not_found",
    }
    again = api_coordinator.post(
        "/api/v1/hours/decisions", json={"decision": "approve", "ids": [waiting[0].id]}
    )
    assert again.json["results"][0]["result"] == "unchanged"

    for body, field in (
        ({"decision": "approve", "ids": []}, "body.ids"),
        ({"decision": "approve", "ids": list(range(1, 202))}, "body.ids"),
        ({"decision": "reject", "ids": [waiting[0].id]}, "body.reason"),
        ({"decision": "maybe", "ids": [1]}, "body.decision"),
        ({"decision": "approve", "ids": [2**31]}, "body.ids.0"),
    ):
        problem = assert_problem(api_coordinator.post("/api/v1/hours/decisions", json=body), 422)
        assert field in problem["errors"], problem
    assert_problem(
        api_trainee.post("/api/v1/hours/decisions", json={"decision": "approve", "ids": [1]}), 403
    )


def test_an_id_no_row_can_have_is_not_found_on_every_database(db, make):
    from tracker.services import review

    outcomes = review.approve_each([2**40, 2**31], make.coordinator())
    assert [o.result for o in outcomes] == ["not_found", "not_found"]
