"""Who may reach what: every endpoint in ``app.url_map`` against its audience.

The walk is generic: a route added later falls into the rule of its blueprint
(or of its name), and a route that falls into no rule fails the test, so that
nobody adds a page without deciding who may see it.

Audiences:

* public: anyone, no account (login, links, verification, health, keys);
* login: any logged-in user, trainee, supervisor or coordinator;
* trainee: the ``trainee`` blueprint; anonymous visitors go to the login
  page, supervisors and coordinators get 403;
* supervisor: the ``supervisor`` blueprint; anonymous visitors go to the
  login page, trainees and coordinators get 403;
* coordinator: the ``coordinator`` blueprint; anonymous visitors go to the
  login page, trainees and supervisors get 403;
* api: blueprints named ``api...``; anonymous calls get 401.

Whoever is allowed may get any answer but 401, 403, a trip to the login
page, or a server error (dummy ids usually give 404).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from werkzeug.routing.converters import (
    AnyConverter,
    FloatConverter,
    IntegerConverter,
    UUIDConverter,
)

from tests import factories
from tracker.extensions import db
from tracker.models import User
from tracker.services import logins

PUBLIC_ENDPOINTS = {
    "auth.login",
    "auth.logout",
    "auth.accept_invitation",
    "auth.reset_password",
    "auth.forgot_password",
    "auth.unsubscribe",
    "language.choose",
    "static",
    "healthz",
    "index",
    "api.verify_certificate",
}
LOGIN_ENDPOINTS = {
    "auth.change_password",
    "auth.end_other_sessions",
    "auth.mail_preferences",
    "auth.api_tokens_page",
    "auth.revoke_api_token",
}
PUBLIC_BLUEPRINTS = {"verify", "wellknown"}
# Published keys, revocation lists and the API's own description are public by nature.
PUBLIC_NAME_PARTS = ("jwks", "status_list", "openapi")
ROLE_BLUEPRINTS = {"trainee": "trainee", "supervisor": "supervisor", "coordinator": "coordinator"}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
WHO = ("anonymous", "trainee", "supervisor", "coordinator")


def audience(endpoint: str) -> str | None:
    """The audience of an endpoint, or None when no rule covers it (a failure)."""
    if endpoint in PUBLIC_ENDPOINTS:
        return "public"
    if endpoint in LOGIN_ENDPOINTS:
        return "login"
    blueprint = endpoint.split(".")[0] if "." in endpoint else ""
    name = endpoint.lower()
    if blueprint in PUBLIC_BLUEPRINTS or any(part in name for part in PUBLIC_NAME_PARTS):
        return "public"
    if blueprint in ROLE_BLUEPRINTS:
        return ROLE_BLUEPRINTS[blueprint]
    if blueprint.startswith("api"):
        return "api"
    return None


def dummy_value(converter: object) -> object:
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, FloatConverter):
        return 1.0
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "x"


@dataclass(frozen=True)
class Route:
    endpoint: str
    url: str
    methods: tuple[str, ...]
    rule: Rule

    def __str__(self) -> str:
        return f"{self.endpoint} {self.rule.rule}"


def routes(app: Flask) -> Iterator[Route]:
    """Every rule of the app with a URL built from dummy arguments."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        values = {
            arg: dummy_value(rule._converters[arg])
            for arg in rule.arguments
            if arg not in (rule.defaults or {})
        }
        built = rule.build(values, append_unknown=False)
        assert built is not None, f"cannot build a URL for {rule.endpoint}"
        methods = tuple(m for m in METHODS if m in (rule.methods or ()))
        yield Route(rule.endpoint, built[1], methods, rule)


def sent_to_login(response) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    location = urlsplit(response.headers.get("Location", ""))
    return location.path == "/login" and "next" in parse_qs(location.query)


def request(client: FlaskClient, method: str, url: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        response = client.get(url)
    else:
        response = client.open(url, method=method, data={})
    # Read streamed bodies (CSV exports) to the end and close them now, in order.
    response.get_data()
    response.close()
    return response


class Session:
    """A browser logged in as ``user``; logged in afresh before each request, so that a
    route which happens to change the account (a dummy id may hit a real row) cannot
    spoil the checks that follow."""

    def __init__(self, app: Flask, user: User | None) -> None:
        self.client = app.test_client()
        self.user_id = user.id if user is not None else None
        # Logged in at once, so that later row counts already include this login.
        self.cookie = factories.login_cookie(user) if user is not None else None
        db.session.commit()

    def open(self, method: str, url: str):  # type: ignore[no-untyped-def]
        if self.user_id is not None:
            db.session.rollback()
            user = db.session.get(User, self.user_id)
            user.active = True
            db.session.flush()
            # A new login only when a route ended the last one: rows stay as they were.
            if self.cookie is None or logins.find(self.cookie) is None:
                self.cookie = factories.login_cookie(user)
            cookie = self.cookie
            db.session.commit()
            with self.client.session_transaction() as session:
                session.clear()
                session["_user_id"] = cookie
                session["_fresh"] = True
        try:
            return request(self.client, method, url)
        except Exception:
            db.session.rollback()
            raise


def allowed(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code not in (401, 403) and not sent_to_login(response)


def check(route: Route, method: str, who: str, session: Session, expect: str) -> str | None:
    """Run one request; return a failure message, or None when it behaved."""
    try:
        response = session.open(method, route.url)
    except Exception as exc:  # a server error, raised because the app is in testing mode
        return f"{method} {route} as {who}: raised {exc.__class__.__name__}: {exc}"
    status = response.status_code
    # /healthz says 503 when the database is not migrated (tests build tables directly).
    if status >= 500 and not (route.endpoint == "healthz" and status == 503):
        return f"{method} {route} as {who}: server error {status}"
    ok = {
        "allowed": allowed(response),
        "login": sent_to_login(response),
        "forbidden": status == 403,
        "unauthorized": status == 401,
    }[expect]
    if ok:
        return None
    where = response.headers.get("Location", "")
    return f"{method} {route} as {who}: expected {expect}, got {status} {where}".rstrip()


# What each visitor should meet, by audience: anonymous, trainee, supervisor, coordinator.
EXPECTED = {
    "public": ("allowed", "allowed", "allowed", "allowed"),
    "login": ("login", "allowed", "allowed", "allowed"),
    "trainee": ("login", "allowed", "forbidden", "forbidden"),
    "supervisor": ("login", "forbidden", "allowed", "forbidden"),
    "coordinator": ("login", "forbidden", "forbidden", "allowed"),
    "api": ("unauthorized", None, None, None),
}


@pytest.fixture
def sessions(app, make):  # type: ignore[no-untyped-def]
    # A bystander takes id 1, the id every dummy URL names, so that actions on "1"
    # land on an account that is neither of the two testers.
    bystander = make.trainee(display_name="Bystander")
    trainee = make.trainee()
    coordinator = make.coordinator()
    make.coordinator(display_name="Second coordinator")
    # The supervisor supervises the bystander, so that their pages naming id 1 show a
    # real trainee of theirs.
    supervisor = make.supervisor(trainees=[bystander])
    db.session.commit()
    return {
        "anonymous": Session(app, None),
        "trainee": Session(app, trainee),
        "supervisor": Session(app, supervisor),
        "coordinator": Session(app, coordinator),
    }


def test_every_endpoint_has_an_audience(app):
    unknown = sorted({r.endpoint for r in routes(app) if audience(r.endpoint) is None})
    assert unknown == [], (
        "These endpoints belong to no audience in tests/test_access.py; put them in a "
        f"blueprint with its own rule or add them to a table there: {unknown}"
    )


def test_every_endpoint_answers_its_audience_and_nobody_else(app, sessions):
    failures = []
    checked = 0
    for route in routes(app):
        group = audience(route.endpoint)
        if group is None:
            failures.append(f"{route}: no audience rule")
            continue
        for method in route.methods:
            for who, expect in zip(WHO, EXPECTED[group], strict=True):
                if expect is None:
                    continue
                # A logged-in POST to a public endpoint might log the tester out.
                if group == "public" and who != "anonymous" and method != "GET":
                    continue
                failure = check(route, method, who, sessions[who], expect)
                checked += 1
                if failure:
                    failures.append(failure)
    assert checked > 0
    assert failures == [], "\n".join(failures)


def test_the_walk_knows_the_foundation_routes(app):
    """The walk really covers the app: the foundation's own pages are in it."""
    found = {r.endpoint: audience(r.endpoint) for r in routes(app)}
    assert found["auth.login"] == "public"
    assert found["auth.change_password"] == "login"
    assert found["trainee.dashboard"] == "trainee"
    assert found["coordinator.accounts"] == "coordinator"
    assert found["coordinator.deactivate"] == "coordinator"
    assert found["healthz"] == "public"
    assert found["supervisor.dashboard"] == "supervisor"
    assert found["supervisor.attest"] == "supervisor"


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("verify.lookup", "public"),
        ("wellknown.jwks", "public"),
        ("api.status_list", "public"),
        ("api.openapi", "public"),
        ("api.hours", "api"),
        ("trainee.anything_new", "trainee"),
        ("coordinator.anything_new", "coordinator"),
        ("supervisor.anything_new", "supervisor"),
        ("reports.secret", None),
        ("orphan_view", None),
    ],
)
def test_audience_rules(endpoint, expected):
    assert audience(endpoint) == expected


def test_a_route_without_a_rule_fails_the_walk(app):
    """Proof that the walk catches an unruled route: add one and look."""
    app.add_url_rule("/stray", "stray", lambda: "hello")
    assert "stray" in {r.endpoint for r in routes(app) if audience(r.endpoint) is None}


def test_a_trainee_page_without_the_blueprint_guard_would_be_caught(app, sessions):
    """A trainee route is expected to send a coordinator away with 403."""
    route = next(r for r in routes(app) if r.endpoint == "trainee.dashboard")
    assert check(route, "GET", "coordinator", sessions["coordinator"], "forbidden") is None
    assert check(route, "GET", "coordinator", sessions["coordinator"], "allowed") is not None
