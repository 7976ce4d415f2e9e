"""The OpenAPI 3.1 document comes from the operations themselves, and the docs page
from the document."""

from __future__ import annotations

from werkzeug.routing import Rule

from tracker.api.framework import OPERATIONS
from tracker.api.openapi import openapi_path


def _api_rules(app) -> list[Rule]:  # type: ignore[no-untyped-def]
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]


def test_the_document_is_openapi_3_1_with_bearer_security(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json
    assert doc["openapi"] == "3.1.0"
    assert doc["servers"] == [{"url": "/api/v1"}]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert doc["security"] == [{"bearerAuth": []}]
    problem = doc["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}
    assert "errors" in problem["properties"]


def test_every_operation_route_is_described_and_nothing_else(app, client):
    doc = client.get("/api/v1/openapi.json").json
    described = {
        (method.upper(), "/api/v1" + path)
        for path, methods in doc["paths"].items()
        for method in methods
    }
    routed = {(op.method, "/api/v1" + openapi_path(op.path)) for op in OPERATIONS}
    assert described == routed
    docs_and_document = {"api.openapi", "api.openapi_docs"}
    operation_endpoints = {f"api.{op.endpoint}" for op in OPERATIONS}
    assert {r.endpoint for r in _api_rules(app)} == operation_endpoints | docs_and_document


def test_every_answer_is_described_with_its_problem_shape(client):
    doc = client.get("/api/v1/openapi.json").json
    responses = doc["components"]["responses"]
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            assert op["operationId"] and op["summary"], (method, path)
            assert "429" in op["responses"], (method, path)
            if op.get("security") != []:
                assert "401" in op["responses"], (method, path)
            if "{" in path:
                assert "404" in op["responses"], (method, path)
                names = {p["name"] for p in op["parameters"] if p["in"] == "path"}
                assert names == {part[1:-1] for part in path.split("/") if part.startswith("{")}
            for status, answer in op["responses"].items():
                if status.startswith(("4", "5")):
                    name = answer["$ref"].rsplit("/", 1)[-1]
                    content = responses[name]["content"]
                    assert content == {
                        "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Problem"}
                        }
                    }


def test_the_document_needs_no_token(client):
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200


def test_the_docs_page_shows_every_operation_and_schema(client):
    doc = client.get("/api/v1/openapi.json").json
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            assert f"{method.upper()} /api/v1{path}" in text
            assert f'id="op-{op["operationId"]}"' in text
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name}"' in text
    assert 'id="problem-not-found"' in text
    # Nothing inline and nothing from elsewhere: the strict CSP holds.
    assert "<style" not in text and "style=" not in text
    assert "<script>" not in text and "http://" not in text.replace(
        page.request.host_url.rstrip("/"), ""
    )
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_document_stays_in_english_when_the_docs_page_follows_the_reader(client):
    # Scripts read it and caches keep it (Vary names no language): the default language.
    document = client.get("/api/v1/openapi.json", headers={"Accept-Language": "es"})
    assert "Accept-Language" not in document.headers.get("Vary", "")
    doc = document.json
    assert doc["components"]["schemas"]["ModuleOut"]["description"] == (
        "A training module of the catalogue."
    )
    assert doc["paths"]["/certifications"]["post"]["summary"] == "Issue a certification"
    page = client.get("/api/v1/docs", headers={"Accept-Language": "es"})
    assert "Accept-Language" in page.headers["Vary"]
    text = page.get_data(as_text=True)
    assert "Un módulo de formación del catálogo." in text and "Emitir una certificación" in text
