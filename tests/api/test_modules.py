"""The module catalogue through the API: everyone reads it, coordinators change it with
the module form's rules, archiving never deletes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.api.test_framework import assert_problem
from tracker.models import AuditEvent, Module


@pytest.fixture
def catalogue(make, db):  # type: ignore[no-untyped-def]
    ethics = make.domain("ethics")
    make.domain("recovery")
    basics = make.module(
        code="PS101",
        title="Peer support basics",
        contact_minutes=360,
        domains={"ethics": 120, "recovery": 240},
    )
    old = make.module(code="OLD1", title="Retired module")
    old.archived_at = old.created_at
    db.session.commit()
    return {"ethics": ethics, "basics": basics, "old": old}


@pytest.mark.parametrize("role", ["api_trainee", "api_supervisor", "api_coordinator"])
def test_every_role_reads_the_catalogue(request, role, catalogue):  # type: ignore[no-untyped-def]
    caller = request.getfixturevalue(role)
    body = caller.get("/api/v1/modules").json
    codes = [m["code"] for m in body["items"]]
    assert "PS101" in codes and "OLD1" not in codes
    assert body["next"] is None
    one = caller.get(f"/api/v1/modules/{catalogue['basics'].id}").json
    assert one["contact_hours"] == 6
    assert one["domain_hours"] == [
        {"domain": "ethics", "hours": 2},
        {"domain": "recovery", "hours": 4},
    ]
    archived = caller.get("/api/v1/modules?status=archived").json["items"]
    assert [m["code"] for m in archived] == ["OLD1"]
    assert archived[0]["archived"] is True


def test_filters_by_words_and_domain(api_trainee, catalogue, make, db):  # type: ignore[no-untyped-def]
    make.module(code="CR200", title="Crisis support", domains={"recovery": 60})
    db.session.commit()
    assert [m["code"] for m in api_trainee.get("/api/v1/modules?q=crisis").json["items"]] == [
        "CR200"
    ]
    in_ethics = api_trainee.get("/api/v1/modules?domain=ethics").json["items"]
    assert [m["code"] for m in in_ethics] == ["PS101"]
    assert api_trainee.get("/api/v1/modules?domain=nowhere").json["items"] == []


def test_pages_follow_the_code_order(api_trainee, make, db):  # type: ignore[no-untyped-def]
    for n in range(5):
        make.module(code=f"Z{n}")
    db.session.commit()
    seen, url = [], "/api/v1/modules?limit=2"
    while url:
        body = api_trainee.get(url).json
        seen += [m["code"] for m in body["items"]]
        url = body["next"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) >= 5


def test_a_coordinator_creates_a_module(api_coordinator, catalogue, db):  # type: ignore[no-untyped-def]
    response = api_coordinator.post(
        "/api/v1/modules",
        json={
            "code": "ps201",
            "title": "Boundaries",
            "contact_hours": 3.5,
            "pass_mark": 70,
            "domain_hours": {"ethics": 1.5},
        },
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["code"] == "PS201" and body["pass_mark"] == 70
    assert body["domain_hours"] == [{"domain": "ethics", "hours": 1.5}]
    assert response.headers["Location"] == f"/api/v1/modules/{body['id']}"
    stored = db.session.get(Module, body["id"])
    assert stored.contact_minutes == 210
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "module.created"))


def test_bad_input_is_422_per_field_and_stores_nothing(api_coordinator, catalogue, db):  # type: ignore[no-untyped-def]
    before = db.session.scalar(select(Module.id).order_by(Module.id.desc()))
    response = api_coordinator.post(
        "/api/v1/modules",
        json={
            "code": "ps101",
            "title": " ",
            "contact_hours": 1.1,
            "pass_mark": 101,
            "domain_hours": {"ethics": 1, "nowhere": 2},
        },
    )
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {"body.domain_hours.nowhere"}
    response = api_coordinator.post(
        "/api/v1/modules",
        json={"code": "ps101", "title": " ", "contact_hours": 1.1, "pass_mark": 101},
    )
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {
        "body.code",
        "body.title",
        "body.contact_hours",
        "body.pass_mark",
    }
    assert "quarter-hour" in body["errors"]["body.contact_hours"][0]
    typed = assert_problem(
        api_coordinator.post("/api/v1/modules", json={"code": 5, "title": "T"}), 422
    )
    assert {"body.code", "body.contact_hours"} <= set(typed["errors"])
    db.session.expire_all()
    assert db.session.scalar(select(Module.id).order_by(Module.id.desc())) == before


def test_domain_hours_beyond_the_contact_hours_are_named(api_coordinator, catalogue):  # type: ignore[no-untyped-def]
    response = api_coordinator.post(
        "/api/v1/modules",
        json={"code": "X1", "title": "X", "contact_hours": 1, "domain_hours": {"ethics": 2}},
    )
    assert "body.domain_hours" in assert_problem(response, 422)["errors"]


def test_a_change_keeps_the_fields_left_out(api_coordinator, catalogue, db):  # type: ignore[no-untyped-def]
    basics = catalogue["basics"]
    response = api_coordinator.patch(
        f"/api/v1/modules/{basics.id}", json={"title": "Peer support, the basics"}
    )
    assert response.status_code == 200, response.json
    assert response.json["title"] == "Peer support, the basics"
    assert response.json["contact_hours"] == 6 and len(response.json["domain_hours"]) == 2
    cleared = api_coordinator.patch(
        f"/api/v1/modules/{basics.id}", json={"domain_hours": {}, "pass_mark": None}
    )
    assert cleared.json["domain_hours"] == [] and cleared.json["pass_mark"] is None
    clash = api_coordinator.patch(f"/api/v1/modules/{basics.id}", json={"code": "old1"})
    assert "body.code" in assert_problem(clash, 422)["errors"]
    null = api_coordinator.patch(f"/api/v1/modules/{basics.id}", json={"title": None})
    assert "body.title" in assert_problem(null, 422)["errors"]


def test_archive_and_restore_change_nothing_twice(api_coordinator, catalogue, db):  # type: ignore[no-untyped-def]
    basics = catalogue["basics"]
    for _ in range(2):
        response = api_coordinator.post(f"/api/v1/modules/{basics.id}/archive")
        assert response.status_code == 200 and response.json["archived"] is True
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "module.archived")
    ).all()
    assert len(events) == 1
    restored = api_coordinator.post(f"/api/v1/modules/{basics.id}/restore")
    assert restored.json["archived"] is False
    assert db.session.get(Module, basics.id) is not None


@pytest.mark.parametrize("role", ["api_trainee", "api_supervisor"])
def test_only_coordinators_change_the_catalogue(request, role, catalogue):  # type: ignore[no-untyped-def]
    caller = request.getfixturevalue(role)
    basics = catalogue["basics"].id
    assert_problem(
        caller.post("/api/v1/modules", json={"code": "N1", "title": "N", "contact_hours": 1}),
        403,
    )
    assert_problem(caller.patch(f"/api/v1/modules/{basics}", json={"title": "x"}), 403)
    assert_problem(caller.post(f"/api/v1/modules/{basics}/archive"), 403)


def test_an_unknown_module_is_404(api_coordinator):  # type: ignore[no-untyped-def]
    assert_problem(api_coordinator.get("/api/v1/modules/99999"), 404)
    assert_problem(api_coordinator.patch("/api/v1/modules/99999", json={"title": "x"}), 404)


def test_a_retried_create_with_the_same_key_stores_once(api_coordinator, catalogue, db):  # type: ignore[no-untyped-def]
    payload = {"code": "IDEM1", "title": "Once", "contact_hours": 2}
    headers = {"Idempotency-Key": "module-create-1"}
    first = api_coordinator.post("/api/v1/modules", json=payload, headers=headers)
    second = api_coordinator.post("/api/v1/modules", json=payload, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers["Idempotent-Replayed"] == "true"
    assert first.json == second.json
    count = db.session.scalars(select(Module).where(Module.code == "IDEM1")).all()
    assert len(count) == 1
