"""How an API operation runs: token, query, body, the service call, the answer.

A resource module declares each operation once with :func:`operation`: its
method and path, the pydantic models of its query, body and answer, and what it
may refuse.  The same declaration

* routes the request (on the ``api`` blueprint);
* checks the ``Authorization: Bearer`` token (never the session cookie);
* validates the query (400) and the JSON body (415 unless JSON, 413 when too
  large, 400 when malformed, 422 when it breaks the schema), strictly: ``"5"``
  is not a number in a body;
* calls the view, which calls the services; a service's ``NotFoundError`` is a
  404, ``ConflictError`` a 409, ``ValidationError`` a 422 with its fields;
* commits a change only when the view succeeds, and for a create sent with an
  ``Idempotency-Key`` stores the answer with it (see :mod:`tracker.api.idempotency`);
* serialises the answer through the declared model;
* and describes all of it in the OpenAPI document (:mod:`tracker.api.openapi`).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, g, json, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import AnonymousUserMixin
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.exc import OperationalError

from tracker.api import bp
from tracker.api.problems import ApiError, field_errors, unauthorized
from tracker.extensions import db
from tracker.models import User
from tracker.services import api_tokens
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.transactions import SAFE_METHODS, write_step

# Set once the blueprint's CSRF exemption and rate limit are installed (once per process).
BLUEPRINT_READY = False

# The largest JSON body the API reads: far more than any create or bulk decision needs.
MAX_BODY_BYTES = 256 * 1024


class ApiModel(BaseModel):
    """The base of every request and answer model: unknown fields are refused, and a
    number is a finite number."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class NoQuery(ApiModel):
    """An operation without query parameters refuses any."""


@dataclass(frozen=True)
class Created:
    """A view's answer to a create: the new resource and its address."""

    body: BaseModel
    location: str


@dataclass
class Operation:
    method: str
    path: str  # the Flask rule, under /api/v1
    endpoint: str
    summary: str
    description: str
    tags: tuple[str, ...]
    response: Any  # a pydantic model (or None: 204)
    status: int
    query: type[BaseModel]
    body: type[BaseModel] | None
    auth: bool
    # Statuses this operation may answer besides the ones every operation may.
    errors: tuple[int, ...]
    idempotent: bool
    view: Callable[..., Any] = field(repr=False)
    # Media types of a file the operation answers with instead of JSON (the view then
    # returns the finished response: a download, or a signed credential's text).
    files: tuple[str, ...] = ()


OPERATIONS: list[Operation] = []


def operation(
    method: str,
    path: str,
    *,
    summary: str,
    tags: tuple[str, ...],
    response: Any = None,
    status: int = 200,
    description: str = "",
    query: type[BaseModel] = NoQuery,
    body: type[BaseModel] | None = None,
    auth: bool = True,
    errors: tuple[int, ...] = (),
    idempotent: bool = False,
    files: tuple[str, ...] = (),
    decorators: tuple[Callable[..., Any], ...] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare an API operation.  The view is called as ``view(user, **path_args,
    query=..., body=...)`` (``user`` is None on a public operation; ``query`` and
    ``body`` only when declared) and returns a model, a :class:`Created` or None;
    with ``files`` (the media types it may answer with), a finished Flask response.
    ``decorators`` wrap the Flask view (a rate limit of its own, say)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        op = Operation(
            method=method,
            path=path,
            endpoint=view.__name__,
            summary=summary,
            description=description,
            tags=tags,
            response=response,
            status=status,
            query=query,
            body=body,
            auth=auth,
            errors=errors,
            idempotent=idempotent,
            view=view,
            files=files,
        )

        def flask_view(**path_args: Any) -> Any:
            return run(op, path_args)

        flask_view.__name__ = view.__name__
        flask_view.__doc__ = view.__doc__
        wrapped: Callable[..., Any] = flask_view
        for decorate in reversed(decorators):
            wrapped = decorate(wrapped)
        bp.add_url_rule(path, view.__name__, wrapped, methods=[method])
        OPERATIONS.append(op)
        return view

    return decorator


# --- the request --------------------------------------------------------------------------


def rate_limit() -> str:
    return current_app.config.get("API_RATELIMIT") or "300 per minute"


def rate_key() -> str:
    """Who a request counts against: its token (by digest), else its address."""
    raw = _bearer()
    if raw:
        return "token:" + api_tokens.digest(raw)
    return "address:" + get_remote_address()


def _bearer() -> str | None:
    scheme, _sep, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return raw.strip() or None


def cache_headers(response: Response) -> Response:
    """Answers name people: no browser or proxy keeps them.  The API's own description
    (marked public where it is served) is the same for everyone and may be cached."""
    if not response.cache_control.public:
        response.headers["Cache-Control"] = "no-store"
    return response


def stay_anonymous() -> None:
    """Under /api/ the session cookie is never read: the request is anonymous until a
    token says otherwise (Flask-Login reads the user from ``g`` when it is there)."""
    g._login_user = AnonymousUserMixin()


def authenticate() -> User:
    """The user the request's bearer token belongs to; ApiError 401 otherwise."""
    header = request.headers.get("Authorization", "")
    if not header.strip():
        raise unauthorized(
            _("Send your API token in the Authorization header: Authorization: Bearer TOKEN.")
        )
    raw = _bearer()
    if raw is None:
        raise unauthorized(
            _("Send the token as Authorization: Bearer TOKEN; no other scheme is accepted."),
            invalid=True,
        )
    found = api_tokens.authenticate(raw)
    if found is None:
        raise unauthorized(
            _("This token is unknown, expired or revoked, or its account is deactivated."),
            invalid=True,
        )
    user_id, token_id = found.user.id, found.token.id
    if found.due_for_touch:
        try:
            with write_step():
                api_tokens.touch(token_id)
        except OperationalError:
            # Only bookkeeping: a database too busy to take it must not cost the request.
            current_app.logger.warning("Could not note the use of API token %s", token_id)
        user = db.session.get(User, user_id)
        assert user is not None
    else:
        user = found.user
    g._login_user = user
    g.api_token_id = token_id
    return user


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return origin is list


def parse_query(model: type[BaseModel]) -> BaseModel:
    """The query string as ``model`` (400 with each parameter's messages)."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, given in request.args.lists():
        info = model.model_fields.get(name)
        if info is not None and _is_list(info.annotation):
            values[name] = given
        elif len(given) > 1:
            errors[f"query.{name}"] = [_("Give this parameter once.")]
        else:
            values[name] = given[0]
    if errors:
        raise ApiError(400, _("Some query parameters are wrong."), errors)
    try:
        return model.model_validate(values)
    except PydanticValidationError as exc:
        raise ApiError(
            400, _("Some query parameters are wrong."), field_errors(exc, "query")
        ) from None


def parse_body(model: type[BaseModel]) -> BaseModel:
    """The JSON body as ``model``: 415 unless JSON, 413 when too large, 400 when it
    is not JSON, 422 when it breaks the schema."""
    if request.mimetype != "application/json":
        raise ApiError(
            415,
            _("Send the body as JSON, with Content-Type: application/json."),
            {"header.Content-Type": [_("Use application/json.")]},
        )
    request.max_content_length = MAX_BODY_BYTES
    data = request.get_data(cache=True)  # 413 past the limit (RequestEntityTooLarge)
    try:
        return model.model_validate_json(data, strict=True)
    except PydanticValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise ApiError(
                400,
                _("The body is not valid JSON."),
                {"body": [_("Send one JSON object, encoded as UTF-8.")]},
            ) from None
        raise ApiError(
            422, _("Some fields of the body are wrong."), field_errors(exc, "body")
        ) from None


# --- the answer ---------------------------------------------------------------------------


def render(op: Operation, result: Any) -> Any:
    """The view's result as the operation's JSON answer."""
    if result is None:
        return current_app.response_class(status=204)
    if op.files:
        if not isinstance(result, Response) or result.mimetype not in op.files:
            raise TypeError(f"{op.endpoint} must answer with a file of {op.files}")
        return result
    location = None
    if isinstance(result, Created):
        location, result = result.location, result.body
    if not isinstance(result, BaseModel):
        raise TypeError(f"{op.endpoint} must answer with a model, not {type(result).__name__}")
    response = current_app.response_class(
        json.dumps(result.model_dump(mode="json")), status=op.status, mimetype="application/json"
    )
    if location:
        response.headers["Location"] = location
    return response


def call(
    op: Operation, user: User | None, path_args: dict[str, Any], kwargs: dict[str, Any]
) -> Any:
    """Run the view and turn a service's refusal into a problem (nothing stored)."""
    try:
        args = (user,) if op.auth else ()
        result = op.view(*args, **path_args, **kwargs)
        response = render(op, result)
    except NotFoundError as exc:
        db.session.rollback()
        raise ApiError(404, exc.message) from None
    except ConflictError as exc:
        db.session.rollback()
        raise ApiError(409, exc.message) from None
    except ValidationError as exc:
        db.session.rollback()
        errors = {f"body.{k}" if k else "body": v for k, v in exc.errors.items()}
        raise ApiError(422, exc.message, errors) from None
    except ServiceError as exc:
        db.session.rollback()
        raise ApiError(422, exc.message) from None
    return response


def run(op: Operation, path_args: dict[str, Any]) -> Any:
    from tracker.api import idempotency

    try:
        user = authenticate() if op.auth else None
        kwargs: dict[str, Any] = {}
        query = parse_query(op.query)
        if op.query is not NoQuery:
            kwargs["query"] = query
        if op.body is not None:
            kwargs["body"] = parse_body(op.body)
        if op.idempotent and user is not None and idempotency.KEY_HEADER in request.headers:
            return idempotency.run_once(user, lambda: call(op, user, path_args, kwargs))
        response = call(op, user, path_args, kwargs)
        if request.method not in SAFE_METHODS:
            db.session.commit()
        return response
    except ApiError as exc:
        db.session.rollback()
        return exc.response()
