"""The OpenAPI 3.1 document, built from the operations' own declarations, and the
docs page rendered from it.

Nothing here is written by hand about a resource: each path, parameter, body and
answer comes from the :func:`tracker.api.framework.operation` that serves it and
from the pydantic models that validate and serialise it.  Pydantic writes JSON
Schema 2020-12, which is OpenAPI 3.1's own schema dialect, so the models'
schemas go into ``components.schemas`` as they are.  The docs page at
``/api/v1/docs`` is a server-rendered view of the same document: no script, no
style of its own, nothing fetched from elsewhere, so the strict CSP holds.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import current_app, jsonify, render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from tracker.api import PREFIX, bp
from tracker.api.framework import MAX_BODY_BYTES, OPERATIONS, NoQuery, Operation
from tracker.api.idempotency import KEY_HEADER, MAX_KEY_LENGTH, REPLAYED_HEADER
from tracker.api.problems import MEDIA_TYPE, TYPES, Problem
from tracker.i18n import default_language
from tracker.routing import MAX_ID

OPENAPI_VERSION = "3.1.0"
REF = "#/components/schemas/{model}"
SECURITY_SCHEME = "bearerAuth"

# Answers any operation may give, by status: (component name, description).
COMMON_RESPONSES: dict[int, tuple[str, Any]] = {
    400: ("BadRequest", _l("A query parameter, header or the body's JSON is malformed.")),
    401: ("Unauthorized", _l("No token, or a token that is unknown, expired or revoked.")),
    403: ("Forbidden", _l("The token's account may not do this.")),
    404: ("NotFound", _l("Nothing here, or nothing this account may see.")),
    405: (
        "MethodNotAllowed",
        _l("An id no record can have (0, or past the largest) names no resource."),
    ),
    409: ("Conflict", _l("A decision already taken, or a duplicate.")),
    413: ("TooLarge", _l("The body is larger than %(size)s KiB.", size=MAX_BODY_BYTES // 1024)),
    415: ("UnsupportedMediaType", _l("The body is not sent as application/json.")),
    422: (
        "Unprocessable",
        _l("The body breaks the schema or a rule; `errors` names each field."),
    ),
    429: ("TooManyRequests", _l("Too many requests with this token (or from this address).")),
    503: (
        "Unavailable",
        _l("The server cannot do this yet (no signing key): tell the coordinator."),
    ),
}

# The vocabularies the models share with the pages, described for the API's readers (the
# enums' own docstrings speak to developers).
ENUM_DESCRIPTIONS: dict[str, Any] = {
    "CertificationState": _l(
        "A certification's state, worked out from its dates and its revocation: valid, "
        "expiring (inside the renewal window), in_grace (past expiry, still renewable), "
        "lapsed or revoked."
    ),
    "RenewalCycle": _l(
        "How a certification's cycles are laid out in time. rolling: a cycle lasts the "
        "validity from its start (the issue date, or the previous expiry). calendar: cycles "
        "end on 31 December, so the first expiry is the end of the year in which the "
        "validity runs out."
    ),
    "ReviewStatus": _l("The life of evidence a trainee submits and a coordinator decides on."),
    "Role": _l("What an account may do: trainee, supervisor or coordinator."),
    "SupervisionFormat": _l("A supervision session with one trainee, or with a group."),
}


def _translated(node: Any) -> Any:
    """The models' and parameters' descriptions (marked where they are written) in the
    request's language; names, types and values stay as they are."""
    if isinstance(node, list):
        return [_translated(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _(value)
        if key == "description" and isinstance(value, str) and value
        else _translated(value)
        for key, value in node.items()
    }


_RULE_PART = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def openapi_path(rule: str) -> str:
    return _RULE_PART.sub(lambda m: "{" + m.group("name") + "}", rule)


def _path_parameters(rule: str) -> list[dict[str, Any]]:
    parameters = []
    for match in _RULE_PART.finditer(rule):
        converter = match.group("converter") or "string"
        if converter == "int":
            schema: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        else:
            schema = {"type": "string", "minLength": 1}
        parameters.append(
            {"name": match.group("name"), "in": "path", "required": True, "schema": schema}
        )
    return parameters


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is given or not: its schema has no null."""
    schema = dict(schema)
    options = schema.get("anyOf")
    if options:
        kept = [o for o in options if o.get("type") != "null"]
        schema.pop("anyOf")
        if len(kept) == 1:
            schema.update(kept[0])
        else:
            schema["anyOf"] = kept
    if schema.get("default", 0) is None:
        schema.pop("default")
    schema.pop("title", None)
    return schema


def _query_parameters(model: type[BaseModel], defs: dict[str, Any]) -> list[dict[str, Any]]:
    if model is NoQuery:
        return []
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    defs.update(schema.pop("$defs", {}))
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        prop = _without_null(prop)
        description = prop.pop("description", "")
        parameter: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": prop,
        }
        if description:
            parameter["description"] = description
        if prop.get("type") == "array":
            parameter["style"] = "form"
            parameter["explode"] = True
        parameters.append(parameter)
    return parameters


def _problem_response(status: int) -> dict[str, Any]:
    return {"$ref": f"#/components/responses/{COMMON_RESPONSES[status][0]}"}


def _statuses(op: Operation) -> list[int]:
    statuses = {429}
    if op.auth:
        statuses.add(401)
    if op.query is not NoQuery or op.idempotent:
        statuses.add(400)
    if "<" in op.path:
        statuses.update({404, 405})
    if op.query is not NoQuery:
        statuses.add(422)  # a well-formed value nothing matches (a cursor not given out)
    if op.body is not None:
        statuses.update({400, 413, 415, 422})
    statuses.update(op.errors)
    return sorted(statuses)


def _file_response(op: Operation) -> dict[str, Any]:
    """A file as the answer: each media type it may have, as a string of bytes."""
    binary = {"type": "string", "format": "binary"}
    text = {"type": "string"}
    return {
        "description": str(op.summary),
        "content": {
            media: {"schema": text if media.startswith("text/") or "jwt" in media else binary}
            for media in op.files
        },
        "headers": {
            "Content-Disposition": {
                "description": _("Always an attachment, with a safe file name."),
                "schema": {"type": "string"},
            }
        },
    }


def build() -> dict[str, Any]:
    """The whole document, for the request's language."""
    models: list[tuple[type[BaseModel], Any]] = [(Problem, "serialization")]
    for op in OPERATIONS:
        if op.body is not None:
            models.append((op.body, "validation"))
        if op.response is not None:
            models.append((op.response, "serialization"))
    refs, top = models_json_schema(models, ref_template=REF)
    schemas: dict[str, Any] = dict(top.get("$defs", {}))

    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        parameters = _path_parameters(op.path) + _translated(_query_parameters(op.query, schemas))
        if op.idempotent:
            parameters.append(
                {
                    "name": KEY_HEADER,
                    "in": "header",
                    "required": False,
                    "description": _(
                        "Any unique value (a UUID): a retry with the same key and body is "
                        "stored once and gets the first answer."
                    ),
                    "schema": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": MAX_KEY_LENGTH,
                        "pattern": "^[!-~]+$",
                    },
                }
            )
        responses: dict[str, Any] = {}
        if op.files:
            responses[str(op.status)] = _file_response(op)
        elif op.response is None:
            responses[str(op.status)] = {"description": _("Done; nothing to return.")}
        else:
            success: dict[str, Any] = {
                "description": str(op.summary),
                "content": {"application/json": {"schema": refs[(op.response, "serialization")]}},
            }
            if op.status == 201:
                success["headers"] = {
                    "Location": {
                        "description": _("The new resource's address."),
                        "schema": {"type": "string"},
                    }
                }
            if op.idempotent:
                success.setdefault("headers", {})[REPLAYED_HEADER] = {
                    "description": _(
                        "true when this is the stored answer to an earlier request with "
                        "the same Idempotency-Key."
                    ),
                    "schema": {"type": "string", "enum": ["true"]},
                }
            responses[str(op.status)] = success
        for status in _statuses(op):
            responses[str(status)] = _problem_response(status)
        entry: dict[str, Any] = {
            "operationId": op.endpoint,
            "summary": str(op.summary),
            "tags": list(op.tags),
            "parameters": parameters,
            "responses": responses,
        }
        if op.description:
            entry["description"] = str(op.description)
        if op.body is not None:
            entry["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
            }
        if not op.auth:
            entry["security"] = []
        paths.setdefault(openapi_path(op.path), {})[op.method.lower()] = entry

    for name, description in ENUM_DESCRIPTIONS.items():
        if name in schemas:
            schemas[name]["description"] = str(description)
    schemas = _translated(schemas)

    problem_ref = refs[(Problem, "serialization")]
    components_responses = {
        name: {
            "description": str(description),
            "content": {MEDIA_TYPE: {"schema": problem_ref}},
            **(
                {
                    "headers": {
                        "WWW-Authenticate": {
                            "description": _("Bearer, with error=invalid_token for a bad token."),
                            "schema": {"type": "string"},
                        }
                    }
                }
                if status == 401
                else {}
            ),
        }
        for status, (name, description) in COMMON_RESPONSES.items()
    }
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": _("%(name)s API", name=current_app.config["ORGANISATION_NAME"]),
            "version": "1",
            "description": _(
                "Hours, progress and certifications for the tools a program already uses. "
                "Create a personal access token under Password → API tokens (or with "
                "`flask --app tracker create-token`) and send it as "
                "`Authorization: Bearer TOKEN`. Errors are application/problem+json "
                "(RFC 9457). Lists are paginated: `limit` (at most 200) and the `next` link."
            ),
        },
        "servers": [{"url": PREFIX}],
        "security": [{SECURITY_SCHEME: []}],
        "tags": _tags(),
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": components_responses,
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": _("A personal access token, shown once when it is made."),
                }
            },
        },
    }


def _tags() -> list[dict[str, str]]:
    seen: list[str] = []
    for op in OPERATIONS:
        for tag in op.tags:
            if tag not in seen:
                seen.append(tag)
    return [{"name": tag} for tag in seen]


def document() -> dict[str, Any]:
    """The document for the request's language, built once per language and app."""
    cache = current_app.extensions.setdefault("api_openapi", {})
    locale = str(get_locale() or "en")
    if locale not in cache:
        cache[locale] = build()
    return copy.deepcopy(cache[locale])


@bp.get("/openapi.json", endpoint="openapi")
def openapi_json():  # type: ignore[no-untyped-def]
    # Scripts read it, and caches keep it: always in the default language, whoever asks.
    # The docs page is the one that follows the reader.
    with force_locale(default_language()):
        doc = document()
    return _public(jsonify(doc))


def _public(response: Any) -> Any:
    """The description is the same for everyone: caches may keep it a few minutes."""
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


# --- the docs page ---------------------------------------------------------------------------


def schema_label(schema: dict[str, Any]) -> str:
    """A schema in a few words: ``integer (1 to 200)``, ``array of Rule``, ``Me``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return _(" or ").join(schema_label(s) for s in schema["anyOf"])
    if "enum" in schema:
        return _("one of %(values)s", values=", ".join(str(v) for v in schema["enum"]))
    kind = schema.get("type", "")
    if kind == "array":
        return _("array of %(items)s", items=schema_label(schema.get("items", {})))
    if kind == "null":
        return "null"
    label = str(kind or _("any"))
    if "format" in schema:
        label += f" ({schema['format']})"
    bounds = []
    for key, word in (("minimum", "≥"), ("maximum", "≤")):
        if key in schema:
            bounds.append(f"{word} {schema[key]}")
    if "minLength" in schema:
        bounds.append(_("length ≥ %(count)s", count=schema["minLength"]))
    if "maxLength" in schema:
        bounds.append(_("length ≤ %(count)s", count=schema["maxLength"]))
    if bounds:
        label += ", " + ", ".join(bounds)
    return label


@bp.get("/docs", endpoint="openapi_docs")
def docs():  # type: ignore[no-untyped-def]
    doc = document()
    operations = [
        {"method": method.upper(), "path": path, **entry}
        for path, methods in doc["paths"].items()
        for method, entry in methods.items()
    ]
    problems = [
        {"slug": slug, "status": status, "title": str(title)}
        for status, (slug, title) in sorted(TYPES.items())
    ]
    return _public(
        current_app.make_response(
            render_template(
                "api/docs.html",
                doc=doc,
                operations=operations,
                problems=problems,
                schema_label=schema_label,
                prefix=PREFIX,
            )
        )
    )
