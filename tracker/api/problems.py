"""Every error of the API as ``application/problem+json`` (RFC 9457).

A problem has ``type`` (a link to its explanation in the API's docs page),
``title`` (the same for every problem of that type), ``status``, ``detail``
(this occurrence, in plain words) and, for bad input, ``errors``: each field's
messages, keyed by the field's name (``query.limit``, ``body.minutes``...).
Whatever goes wrong under ``/api/``, an HTTP error, a rule refusing the
request, a server fault, the answer has this shape and never an HTML page.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, json
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from tracker.forms import gettext_noop as N_

MEDIA_TYPE = "application/problem+json"
DOCS_PATH = "/api/v1/docs"


class Problem(BaseModel):
    __doc__ = N_(
        "An error, as RFC 9457 describes it, with each bad field's messages in ``errors``."
    )

    model_config = ConfigDict(title="Problem")

    type: str = Field(
        description=N_("A link to this kind of problem's explanation."),
        json_schema_extra={"format": "uri-reference"},
    )
    title: str = Field(description=N_("A short summary, the same for every problem of this type."))
    status: int = Field(ge=400, le=599, description=N_("The HTTP status code."))
    detail: str = Field(description=N_("What went wrong this time, in plain words."))
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            N_(
                "Per-field messages: the key names the field (`query.limit`, `body.minutes`, "
                "`path.trainee_id`, `header.Idempotency-Key`), the value its messages."
            )
        ),
    )


# status -> (type slug, title).  The docs page explains each slug under its anchor.
TYPES: dict[int, tuple[str, Any]] = {
    400: ("bad-request", _l("The request is malformed")),
    401: ("unauthorized", _l("A valid API token is needed")),
    403: ("forbidden", _l("Not allowed")),
    404: ("not-found", _l("Not found")),
    405: ("method-not-allowed", _l("Method not allowed")),
    406: ("not-acceptable", _l("Not acceptable")),
    409: ("conflict", _l("Conflict")),
    413: ("too-large", _l("The request body is too large")),
    415: ("unsupported-media-type", _l("Send JSON")),
    422: ("invalid", _l("The request breaks a rule")),
    429: ("too-many-requests", _l("Too many requests")),
    500: ("server-error", _l("Something went wrong on our side")),
    503: ("unavailable", _l("Not available yet")),
}


def type_uri(status: int) -> str:
    slug = TYPES[status][0] if status in TYPES else "http-error"
    return f"{DOCS_PATH}#problem-{slug}"


def title_of(status: int) -> str:
    if status in TYPES:
        return str(TYPES[status][1])
    return HTTP_STATUS_CODES.get(status, "Error")


def problem(
    status: int,
    detail: str,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem response with this status, detail and per-field errors."""
    body = Problem(
        type=type_uri(status),
        title=title_of(status),
        status=status,
        detail=str(detail),
        errors={k: [str(m) for m in v] for k, v in (errors or {}).items()},
    )
    response = current_app.response_class(
        json.dumps(body.model_dump(mode="json")), status=status, mimetype=MEDIA_TYPE
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


class ApiError(Exception):
    """Raised inside an operation to answer with a problem at once."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}
        self.headers = headers or {}

    def response(self) -> Response:
        return problem(self.status, self.detail, self.errors, self.headers)


def unauthorized(detail: str, invalid: bool = False) -> ApiError:
    challenge = 'Bearer realm="api"'
    if invalid:
        challenge += ', error="invalid_token"'
    return ApiError(401, detail, headers={"WWW-Authenticate": challenge})


def from_http_exception(exc: HTTPException) -> Response:
    """A problem for any HTTP error raised under /api/ (routing, limits, sizes...)."""
    status = exc.code or 500
    headers: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    detail = {
        404: _("There is nothing at this address, or you may not see it."),
        405: _("This address does not take the %(method)s method.", method=_method()),
        413: _("The request body is larger than this API accepts."),
        429: _("Too many requests with this token or from this address; wait and try again."),
    }.get(status, exc.description or title_of(status))
    if status == 405:
        allowed = exc.get_headers()
        for name, value in allowed:
            if name.lower() == "allow":
                headers["Allow"] = value
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return problem(status, detail, errors, headers)


def _method() -> str:
    from flask import request

    return request.method


def server_error() -> Response:
    return problem(500, _("The server could not answer this request. Nothing was changed."))


# --- pydantic's messages, in the app's words --------------------------------------------

_MESSAGES: dict[str, Any] = {
    "missing": _l("This field is required."),
    "extra_forbidden": _l("This field is not known here."),
    "int_parsing": _l("Enter a whole number."),
    "int_type": _l("Enter a whole number."),
    "int_from_float": _l("Enter a whole number."),
    "float_parsing": _l("Enter a number."),
    "float_type": _l("Enter a number."),
    "bool_parsing": _l("Enter true or false."),
    "bool_type": _l("Enter true or false."),
    "string_type": _l("Enter text."),
    "date_from_datetime_parsing": _l("Enter a date as YYYY-MM-DD."),
    "date_parsing": _l("Enter a date as YYYY-MM-DD."),
    "date_type": _l("Enter a date as YYYY-MM-DD."),
    "list_type": _l("Enter a list."),
    "dict_type": _l("Enter an object."),
    "model_type": _l("Enter an object."),
    "enum": _l("Choose one of the listed values."),
    "literal_error": _l("Choose one of the listed values."),
    "string_too_short": _l("Enter at least %(min_length)s characters."),
    "string_too_long": _l("Enter at most %(max_length)s characters."),
    "too_short": _l("Give at least %(min_length)s items."),
    "too_long": _l("Give at most %(max_length)s items."),
    "greater_than_equal": _l("Enter %(ge)s or more."),
    "greater_than": _l("Enter more than %(gt)s."),
    "less_than_equal": _l("Enter %(le)s or less."),
    "less_than": _l("Enter less than %(lt)s."),
    "multiple_of": _l("Enter a multiple of %(multiple_of)s."),
    "string_pattern_mismatch": _l("This value has the wrong form."),
    "finite_number": _l("Enter a finite number."),
}


def field_errors(exc: PydanticValidationError, where: str) -> dict[str, list[str]]:
    """Pydantic's errors as ``{"where.field": [message, ...]}`` in the app's words."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False, include_input=False):
        location = ".".join(str(part) for part in error["loc"])
        key = f"{where}.{location}" if location else where
        template = _MESSAGES.get(error["type"])
        context = error.get("ctx") or {}
        if template is not None:
            try:
                message = str(template) % {k: str(v) for k, v in context.items()}
            except (KeyError, TypeError, ValueError):
                message = str(template)
        else:
            # A custom validator's own message (already written for people).
            message = str(context.get("error") or error["msg"]).removeprefix("Value error, ")
        errors.setdefault(key, []).append(message)
    return errors
