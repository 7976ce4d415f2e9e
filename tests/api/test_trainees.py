"""Trainees through the API: who sees whom (as on the pages), the list's filters and
keyset pages, enrolments, and coordinators enrolling and withdrawing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from tests.api.test_framework import assert_problem
from tracker.models import AuditEvent, Enrolment, HourStatus
from tracker.services.dates import local_today


@pytest.fixture
def cohort(make, db, api_trainee, api_supervisor):  # type: ignore[no-untyped-def]
    """The supervisor's trainee (Api Trainee) half-way through a program, Ada eligible
    for it, Zoe in another program, and Bea deactivated."""
    module = make.module(code="PS101", title="Basics")
    pss = make.program(code="PSS", name="Peer Support Specialist", modules=[module])
    other = make.program(code="FAM", name="Family Peer", hour_rules=[{"min_minutes": 600}])
    mine = api_trainee.user
    ada = make.trainee(display_name="Ada Lovelace", email="ada@example.org")
    zoe = make.trainee(display_name="Zoe Quinn", email="zoe@example.org")
    bea = make.trainee(display_name="Bea Inactive", email="bea@example.org", active=False)
    make.enrolment(mine, pss)
    make.enrolment(ada, pss)
    make.enrolment(zoe, other)
    make.completion(ada, module, completed_on=local_today() - timedelta(days=2))
    make.hour_entry(ada, minutes=90, status=HourStatus.APPROVED)
    db.session.commit()
    return {"pss": pss, "other": other, "mine": mine, "ada": ada, "zoe": zoe, "bea": bea}


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.json
    return [t["display_name"] for t in response.json["items"]]


def test_a_coordinator_lists_every_trainee_by_name(api_coordinator, cohort):  # type: ignore[no-untyped-def]
    response = api_coordinator.get("/api/v1/trainees")
    assert names(response) == ["Ada Lovelace", "Api Trainee", "Bea Inactive", "Zoe Quinn"]
    ada = response.json["items"][0]
    assert ada == {
        "id": cohort["ada"].id,
        "display_name": "Ada Lovelace",
        "email": "ada@example.org",
        "active": True,
        "approved_hours": 1.5,
        "last_activity_on": ada["last_activity_on"],
    }
    assert ada["last_activity_on"] is not None


def test_filters_as_on_the_trainees_page(api_coordinator, cohort):  # type: ignore[no-untyped-def]
    pss = cohort["pss"].id
    get = api_coordinator.get
    assert names(get(f"/api/v1/trainees?program_id={pss}")) == ["Ada Lovelace", "Api Trainee"]
    assert names(get("/api/v1/trainees?eligible=true")) == ["Ada Lovelace"]
    assert names(get(f"/api/v1/trainees?eligible=false&program_id={pss}")) == ["Api Trainee"]
    assert names(get("/api/v1/trainees?q=ZOE@")) == ["Zoe Quinn"]
    assert names(get("/api/v1/trainees?q=love")) == ["Ada Lovelace"]
    assert names(get("/api/v1/trainees?status=inactive")) == ["Bea Inactive"]
    assert names(get("/api/v1/trainees?q=%25")) == []
    bad = assert_problem(get("/api/v1/trainees?status=asleep&eligible=maybe"), 400)
    assert set(bad["errors"]) == {"query.status", "query.eligible"}


def test_pages_cover_every_trainee_once(api_coordinator, cohort, make, db):  # type: ignore[no-untyped-def]
    for name in ["ada lovelace", "Émile", "émile", "Zed", "AL"]:
        make.trainee(display_name=name)
    db.session.commit()
    seen, url = [], "/api/v1/trainees?limit=2"
    while url:
        body = api_coordinator.get(url).json
        seen += [t["id"] for t in body["items"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 9
    by_id, url = [], "/api/v1/trainees?limit=4&sort=id"
    while url:
        body = api_coordinator.get(url).json
        by_id += [t["id"] for t in body["items"]]
        url = body["next"]
    assert by_id == sorted(seen)
    name_cursor = api_coordinator.get("/api/v1/trainees?limit=2").json["next"].split("cursor=")[1]
    mixed = api_coordinator.get(f"/api/v1/trainees?sort=id&cursor={name_cursor}")
    assert "query.cursor" in assert_problem(mixed, 422)["errors"]


def test_a_supervisor_lists_only_their_trainees_without_emails(api_supervisor, cohort):  # type: ignore[no-untyped-def]
    body = api_supervisor.get("/api/v1/trainees").json
    assert [t["display_name"] for t in body["items"]] == ["Api Trainee"]
    assert body["items"][0]["email"] is None
    # Nor can they find a trainee by an email address they are not shown.
    mine = cohort["mine"].email
    assert api_supervisor.get(f"/api/v1/trainees?q={mine}").json["items"] == []


def test_a_trainee_has_no_list_but_reads_their_own_record(api_trainee, cohort):  # type: ignore[no-untyped-def]
    assert_problem(api_trainee.get("/api/v1/trainees"), 403)
    own = api_trainee.get(f"/api/v1/trainees/{api_trainee.user.id}").json
    assert own["email"] == api_trainee.user.email
    assert [e["program"]["code"] for e in own["enrolments"]] == ["PSS"]
    assert own["progress"] == f"/api/v1/trainees/{api_trainee.user.id}/progress"
    assert_problem(api_trainee.get(f"/api/v1/trainees/{cohort['ada'].id}"), 404)
    assert_problem(api_trainee.get(f"/api/v1/trainees/{cohort['ada'].id}/enrolments"), 404)


def test_a_supervisor_sees_their_trainee_and_no_other(api_supervisor, cohort):  # type: ignore[no-untyped-def]
    mine = api_supervisor.get(f"/api/v1/trainees/{cohort['mine'].id}")
    assert mine.status_code == 200 and mine.json["email"] is None
    assert_problem(api_supervisor.get(f"/api/v1/trainees/{cohort['ada'].id}"), 404)
    assert_problem(api_supervisor.get(f"/api/v1/trainees/{api_supervisor.user.id}"), 404)


def test_detail_and_enrolments_carry_the_stored_verdicts(api_coordinator, cohort, make, db):  # type: ignore[no-untyped-def]
    ada = cohort["ada"]
    detail = api_coordinator.get(f"/api/v1/trainees/{ada.id}").json
    [enrolment] = detail["enrolments"]
    assert enrolment["program"]["code"] == "PSS"
    assert (enrolment["eligible"], enrolment["met"], enrolment["total"]) == (True, 1, 1)
    assert detail["approved_hours"] == 1.5 and detail["pending_hours"] == 0
    make.enrolment(ada, cohort["other"], withdrawn_at=ada.created_at)
    db.session.commit()
    listed = api_coordinator.get(f"/api/v1/trainees/{ada.id}/enrolments").json["items"]
    assert [(e["program"]["code"], e["current"]) for e in listed] == [
        ("FAM", False),
        ("PSS", True),
    ]
    assert listed[0]["eligible"] is None
    current = api_coordinator.get(f"/api/v1/trainees/{ada.id}/enrolments?status=current")
    assert [e["program"]["code"] for e in current.json["items"]] == ["PSS"]
    one = api_coordinator.get(f"/api/v1/trainees/{ada.id}/enrolments/{cohort['pss'].id}")
    assert one.json["eligible"] is True


def test_a_coordinator_enrols_and_withdraws(api_coordinator, cohort, db):  # type: ignore[no-untyped-def]
    zoe, pss = cohort["zoe"], cohort["pss"]
    url = f"/api/v1/trainees/{zoe.id}/enrolments"
    made = api_coordinator.post(url, json={"program_id": pss.id})
    assert made.status_code == 201, made.json
    assert made.json["current"] is True and made.json["total"] == 1
    assert made.headers["Location"] == f"{url}/{pss.id}"
    assert_problem(api_coordinator.post(url, json={"program_id": pss.id}), 409)
    gone = api_coordinator.post(f"{url}/{pss.id}/withdraw")
    assert gone.status_code == 200 and gone.json["current"] is False
    assert api_coordinator.post(f"{url}/{pss.id}/withdraw").status_code == 200
    again = api_coordinator.post(url, json={"program_id": pss.id})
    assert again.status_code == 201 and again.json["current"] is True
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("enrolment.%"))
    ).all()
    assert sorted(actions) == ["enrolment.created", "enrolment.resumed", "enrolment.withdrawn"]


def test_enrolling_refuses_what_the_page_refuses(api_coordinator, cohort, db):  # type: ignore[no-untyped-def]
    zoe, bea = cohort["zoe"], cohort["bea"]
    nothing = api_coordinator.post(
        f"/api/v1/trainees/{zoe.id}/enrolments", json={"program_id": 99999}
    )
    assert list(assert_problem(nothing, 422)["errors"]) == ["body.program_id"]
    cohort["pss"].archived_at = cohort["pss"].created_at
    db.session.commit()
    archived = api_coordinator.post(
        f"/api/v1/trainees/{zoe.id}/enrolments", json={"program_id": cohort["pss"].id}
    )
    assert list(assert_problem(archived, 422)["errors"]) == ["body.program_id"]
    inactive = api_coordinator.post(
        f"/api/v1/trainees/{bea.id}/enrolments", json={"program_id": cohort["other"].id}
    )
    assert "deactivated" in assert_problem(inactive, 422)["detail"]
    assert_problem(
        api_coordinator.post(f"/api/v1/trainees/{zoe.id}/enrolments/{cohort['pss'].id}/withdraw"),
        404,
    )
    assert db.session.scalar(select(Enrolment).where(Enrolment.trainee_id == bea.id)) is None


@pytest.mark.parametrize("role", ["api_trainee", "api_supervisor"])
def test_only_coordinators_enrol_and_withdraw(request, role, cohort):  # type: ignore[no-untyped-def]
    caller = request.getfixturevalue(role)
    mine, pss = cohort["mine"], cohort["pss"]
    url = f"/api/v1/trainees/{mine.id}/enrolments"
    assert_problem(caller.post(url, json={"program_id": cohort["other"].id}), 403)
    assert_problem(caller.post(f"{url}/{pss.id}/withdraw"), 403)


def test_a_page_costs_the_same_statements_whatever_its_size(api_coordinator, cohort, make, db):  # type: ignore[no-untyped-def]
    for n in range(12):
        trainee = make.trainee(display_name=f"Scale {n:02d}")
        make.enrolment(trainee, cohort["pss"])
    db.session.commit()
    statements: list[str] = []

    def remember(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    counts = {}
    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        for limit in (2, 15):
            for url in (
                f"/api/v1/trainees?limit={limit}",
                f"/api/v1/trainees?limit={limit}&sort=id",
            ):
                api_coordinator.get(url)  # the token's first use is noted once
                statements.clear()
                page = api_coordinator.get(url)
                assert len(page.json["items"]) == limit
                counts[url] = len(statements)
                # A later page (after the last row's key) costs the same.
                statements.clear()
                assert api_coordinator.get(page.json["next"]).status_code == 200
                assert len(statements) == counts[url]
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    assert counts["/api/v1/trainees?limit=2"] == counts["/api/v1/trainees?limit=15"] <= 4
    assert counts["/api/v1/trainees?limit=2&sort=id"] == counts["/api/v1/trainees?limit=15&sort=id"]
