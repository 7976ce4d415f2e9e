"""Training domains and experience activities through the API: read by everyone, kept
by coordinators with the Vocabularies pages' rules (codes fixed, rows archived)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.api.test_framework import assert_problem
from tracker.models import Activity, AuditEvent, Domain

KINDS = [("domains", Domain), ("activities", Activity)]


@pytest.mark.parametrize(("slug", "model"), KINDS)
@pytest.mark.parametrize("role", ["api_trainee", "api_supervisor", "api_coordinator"])
def test_every_role_reads_the_rows_in_their_order(request, role, slug, model, db):  # type: ignore[no-untyped-def]
    caller = request.getfixturevalue(role)
    first = model(code="zz_first", name="First", position=-1)
    gone = model(code="gone", name="Gone", position=50)
    db.session.add_all([first, gone])
    db.session.flush()
    gone.archived_at = gone.created_at
    db.session.commit()
    body = caller.get(f"/api/v1/{slug}?limit=200").json
    codes = [row["code"] for row in body["items"]]
    assert codes[0] == "zz_first" and "gone" not in codes
    archived = caller.get(f"/api/v1/{slug}?status=archived").json["items"]
    assert [row["code"] for row in archived] == ["gone"]
    one = caller.get(f"/api/v1/{slug}/{first.id}").json
    assert one == {**one, "code": "zz_first", "name": "First", "archived": False}


@pytest.mark.parametrize(("slug", "model"), KINDS)
def test_a_coordinator_adds_renames_and_archives(api_coordinator, slug, model, db):  # type: ignore[no-untyped-def]
    made = api_coordinator.post(f"/api/v1/{slug}", json={"name": "Peer advocacy"})
    assert made.status_code == 201, made.json
    row = made.json
    assert row["code"] == "peer_advocacy"
    assert made.headers["Location"] == f"/api/v1/{slug}/{row['id']}"
    renamed = api_coordinator.patch(f"/api/v1/{slug}/{row['id']}", json={"name": "Advocacy"})
    assert renamed.json["name"] == "Advocacy" and renamed.json["code"] == "peer_advocacy"
    archived = api_coordinator.post(f"/api/v1/{slug}/{row['id']}/archive")
    assert archived.json["archived"] is True
    assert api_coordinator.post(f"/api/v1/{slug}/{row['id']}/archive").status_code == 200
    restored = api_coordinator.post(f"/api/v1/{slug}/{row['id']}/restore")
    assert restored.json["archived"] is False
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_id == row["id"])
    ).all()
    table = model.__tablename__
    assert sorted(actions) == sorted(
        [f"{table}.created", f"{table}.updated", f"{table}.archived", f"{table}.restored"]
    )


@pytest.mark.parametrize(("slug", "model"), KINDS)
def test_bad_rows_are_422_per_field(api_coordinator, slug, model, db):  # type: ignore[no-untyped-def]
    db.session.add(model(code="taken", name="Taken"))
    db.session.commit()
    clash = api_coordinator.post(f"/api/v1/{slug}", json={"name": "Other", "code": "taken"})
    assert list(assert_problem(clash, 422)["errors"]) == ["body.code"]
    bad = api_coordinator.post(f"/api/v1/{slug}", json={"name": "", "code": "Not A Code"})
    assert set(assert_problem(bad, 422)["errors"]) == {"body.name", "body.code"}
    long = api_coordinator.post(f"/api/v1/{slug}", json={"name": "x" * 121})
    assert "120" in assert_problem(long, 422)["errors"]["body.name"][0]
    no_code_change = api_coordinator.patch(f"/api/v1/{slug}/1", json={"code": "new"})
    assert "body.code" in assert_problem(no_code_change, 422)["errors"]


@pytest.mark.parametrize("role", ["api_trainee", "api_supervisor"])
def test_only_coordinators_keep_the_vocabularies(request, role, db):  # type: ignore[no-untyped-def]
    caller = request.getfixturevalue(role)
    assert_problem(caller.post("/api/v1/domains", json={"name": "New"}), 403)
    assert_problem(caller.patch("/api/v1/activities/1", json={"name": "New"}), 403)
    assert_problem(caller.post("/api/v1/activities/1/archive"), 403)


def test_an_unknown_row_is_404(api_coordinator):  # type: ignore[no-untyped-def]
    assert_problem(api_coordinator.get("/api/v1/domains/99999"), 404)
    assert_problem(api_coordinator.post("/api/v1/activities/99999/restore"), 404)
