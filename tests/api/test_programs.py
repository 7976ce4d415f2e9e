"""Programs through the API: read by everyone, defined by the same program document as
``programs export`` and ``programs import``, created and replaced by coordinators."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from tests.api.test_framework import assert_problem
from tracker.models import Module, Program
from tracker.services import program_documents


def put(caller, url: str, json):  # type: ignore[no-untyped-def]
    return caller.client.put(url, headers=caller.headers, json=json)


@pytest.fixture
def program(make, db, api_trainee):  # type: ignore[no-untyped-def]
    module = make.module(code="PS101", title="Peer support basics")
    found = make.program(
        code="PSS",
        name="Peer Support Specialist",
        modules=[module],
        hour_rules=[{"min_minutes": 600, "supervised_only": True}],
    )
    make.enrolment(api_trainee.user, found)
    db.session.commit()
    return found


@pytest.mark.parametrize("role", ["api_trainee", "api_supervisor", "api_coordinator"])
def test_every_role_reads_programs(request, role, program, make, db):  # type: ignore[no-untyped-def]
    caller = request.getfixturevalue(role)
    gone = make.program(code="OLD", name="Old program")
    gone.archived_at = gone.created_at
    db.session.commit()
    items = caller.get("/api/v1/programs").json["items"]
    assert [p["code"] for p in items] == ["PSS"]
    [pss] = items
    assert pss["enrolled"] == 1 and pss["certified"] == 0 and pss["requirements"] == 2
    assert pss["document"] == f"/api/v1/programs/{program.id}/document"
    assert caller.get(f"/api/v1/programs/{program.id}").json == pss
    every = caller.get("/api/v1/programs?status=all").json["items"]
    assert {p["code"] for p in every} == {"PSS", "OLD"}


def test_the_document_is_what_programs_export_prints(api_trainee, program, runner):  # type: ignore[no-untyped-def]
    response = api_trainee.get(f"/api/v1/programs/{program.id}/document")
    assert response.status_code == 200
    printed = runner.invoke(args=["programs", "export", "PSS"])
    assert printed.exit_code == 0, printed.output
    assert response.json == json.loads(printed.output)
    assert response.json["format"] == program_documents.FORMAT


def test_the_openapi_schema_of_a_document_is_the_import_schema(client):  # type: ignore[no-untyped-def]
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    described = schemas["ProgramDocument"]
    expected = program_documents.schema()
    assert described["required"] == expected["required"]
    assert set(described["properties"]) == set(expected["properties"])
    # The requirement kinds are written in place: nothing refers outside the document.
    assert "$defs" not in json.dumps(described)
    kinds = described["properties"]["requirements"]["items"]["properties"]["kind"]["enum"]
    assert kinds == expected["$defs"]["requirement"]["properties"]["kind"]["enum"]


def test_a_coordinator_creates_a_program_from_a_template(api_coordinator, db):  # type: ignore[no-untyped-def]
    document = program_documents.template("pennsylvania-cps")
    response = api_coordinator.post("/api/v1/programs", json=document)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["code"] == document["code"] and body["requirements"] == len(
        document["requirements"]
    )
    assert response.headers["Location"] == f"/api/v1/programs/{body['id']}"
    exported = api_coordinator.get(body["document"]).json
    assert exported["name"] == document["name"]
    assert [r["kind"] for r in exported["requirements"]] == [
        r["kind"] for r in document["requirements"]
    ]
    again = api_coordinator.post("/api/v1/programs", json=document)
    assert list(assert_problem(again, 422)["errors"]) == ["body.code"]


def test_a_bad_document_names_each_member_and_stores_nothing(api_coordinator, db):  # type: ignore[no-untyped-def]
    document = copy.deepcopy(program_documents.template("icrc-peer-recovery"))
    document["validity"]["months"] = 0
    document["requirements"][0]["within_months"] = "36"
    document["colour"] = "blue"
    response = api_coordinator.post("/api/v1/programs", json=document)
    errors = assert_problem(response, 422)["errors"]
    assert "body.validity.months" in errors
    assert "body.requirements[0].within_months" in errors
    assert any("colour" in message for message in errors["body.document"])
    modules = db.session.scalar(select(func.count()).select_from(Module))
    assert db.session.scalar(select(func.count()).select_from(Program)) == 0
    assert modules == 0
    unknown = copy.deepcopy(program_documents.template("icrc-peer-recovery"))
    unknown.pop("catalogue")
    refused = assert_problem(api_coordinator.post("/api/v1/programs", json=unknown), 422)
    assert any(name.startswith("body.requirements[") for name in refused["errors"])
    assert assert_problem(api_coordinator.post("/api/v1/programs", json=[1]), 422)["errors"]


def test_a_coordinator_replaces_a_definition(api_coordinator, program, db):  # type: ignore[no-untyped-def]
    url = f"/api/v1/programs/{program.id}/document"
    document = api_coordinator.get(url).json
    same = put(api_coordinator, url, json=document)
    assert same.status_code == 200 and same.json == document
    document["name"] = "Certified Peer Specialist"
    document["requirements"] = document["requirements"][:1]
    changed = put(api_coordinator, url, json=document)
    assert changed.status_code == 200, changed.json
    assert changed.json["name"] == "Certified Peer Specialist"
    assert len(changed.json["requirements"]) == 1
    db.session.expire_all()
    assert db.session.get(Program, program.id).name == "Certified Peer Specialist"
    document["code"] = "OTHER"
    moved = put(api_coordinator, url, json=document)
    assert list(assert_problem(moved, 422)["errors"]) == ["body.code"]
    assert_problem(put(api_coordinator, "/api/v1/programs/99999/document", json=document), 404)


def test_archive_and_restore(api_coordinator, program):  # type: ignore[no-untyped-def]
    archived = api_coordinator.post(f"/api/v1/programs/{program.id}/archive")
    assert archived.status_code == 200 and archived.json["archived"] is True
    assert api_coordinator.get("/api/v1/programs").json["items"] == []
    restored = api_coordinator.post(f"/api/v1/programs/{program.id}/restore")
    assert restored.json["archived"] is False


@pytest.mark.parametrize("role", ["api_trainee", "api_supervisor"])
def test_only_coordinators_change_programs(request, role, program):  # type: ignore[no-untyped-def]
    caller = request.getfixturevalue(role)
    document = program_documents.template("pennsylvania-cps")
    assert_problem(caller.post("/api/v1/programs", json=document), 403)
    current = caller.get(f"/api/v1/programs/{program.id}/document").json
    assert_problem(put(caller, f"/api/v1/programs/{program.id}/document", json=current), 403)
    assert_problem(caller.post(f"/api/v1/programs/{program.id}/archive"), 403)


def test_an_unknown_program_is_404(api_trainee):  # type: ignore[no-untyped-def]
    assert_problem(api_trainee.get("/api/v1/programs/99999"), 404)
    assert_problem(api_trainee.get("/api/v1/programs/99999/document"), 404)
