"""Fixtures: an app per test on each configured database, a client, and builders.

Every test that uses ``app`` (or anything built on it) runs on SQLite and,
when TRACKER_TEST_DATABASE_URL is set, once more on that PostgreSQL database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from flask import Flask, g
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from config import TestConfig
from tests import factories
from tests.smtp_server import smtp  # noqa: F401  (a real SMTP server, for mail tests)
from tracker import create_app
from tracker.extensions import db as _db
from tracker.models import Role, User
from tracker.services.dates import local_today
from tracker.services.vocabulary import ensure_defaults

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "").strip()
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session", params=DATABASES)
def database(request: pytest.FixtureRequest) -> Iterator[tuple[str, Engine | None]]:
    """The database a group of tests runs on: a name and, for PostgreSQL, a schema built once."""
    if request.param == "sqlite":
        yield "sqlite", None
        return
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        _db.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        _db.metadata.create_all(conn)
    yield "postgresql", engine
    with engine.begin() as conn:
        _db.metadata.drop_all(conn)
    engine.dispose()


def _truncate(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


def make_app(database: tuple[str, Engine | None], instance_path: str, **overrides: object) -> Flask:
    name = database[0]
    settings = TestConfig.as_dict()
    settings["SQLALCHEMY_DATABASE_URI"] = "sqlite://" if name == "sqlite" else PG_URL
    settings["WTF_CSRF_ENABLED"] = False
    settings.update(overrides)
    application = create_app(settings, instance_path=instance_path)
    if "TODAY" not in overrides:
        # One day for the whole test, whatever the clock does meanwhile (midnight).
        with application.app_context():
            application.config["TODAY"] = local_today()

    @application.teardown_request
    def _fresh_g_per_request(exc: BaseException | None) -> None:
        # Tests hold one app context open, so without this `g` (Flask-Login's cached
        # user, the CSRF token...) would leak from one request, or client, to the next.
        for key in list(g):
            g.pop(key)

    return application


@pytest.fixture
def app_overrides() -> dict[str, object]:
    """Override in a test module to change the app's settings for its tests."""
    return {}


@pytest.fixture
def app(
    database: tuple[str, Engine | None], app_overrides: dict[str, object], tmp_path
) -> Iterator[Flask]:
    application = make_app(database, str(tmp_path / "instance"), **app_overrides)
    name, engine = database
    with application.app_context():
        if name == "sqlite":
            _db.create_all()
        # What migration 0002 (and a new installation) starts with.
        ensure_defaults()
        _db.session.commit()
        yield application
        _db.session.remove()
        if name == "sqlite":
            _db.drop_all()
        _db.engine.dispose()
    if engine is not None:
        _truncate(engine)


@pytest.fixture
def today(app: Flask) -> date:
    """The app's "today" (fixed for the test), as every page and rule sees it."""
    return local_today()


@pytest.fixture
def db(app: Flask):  # type: ignore[no-untyped-def]
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def make(app: Flask):  # type: ignore[no-untyped-def]
    """The model builders: ``make.trainee()``, ``make.hour_entry(trainee)``..."""
    return factories


@pytest.fixture
def login_as(client: FlaskClient, app: Flask) -> Callable[..., User]:
    """Log the test client in: ``login_as("trainee")``, ``login_as(user)``."""

    def _login(who: str | User = "trainee", **kwargs: object) -> User:
        if isinstance(who, User):
            user = who
        else:
            user = factories.user(role=Role(who), **kwargs)
        cookie = factories.login_cookie(user)
        _db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = cookie
            session["_fresh"] = True
        return user

    return _login


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """CI's guards: with TRACKER_REQUIRE_POSTGRES=1 a run in which no test passed on
    PostgreSQL fails, with TRACKER_REQUIRE_BROWSER=1 one in which no browser test passed,
    and with TRACKER_REQUIRE_NODE=1 one in which no wallet verifier test passed."""
    if exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    passed = [r.nodeid for r in reporter.stats.get("passed", [])] if reporter else []
    guards = [
        ("TRACKER_REQUIRE_POSTGRES", "on PostgreSQL", lambda nodeid: "postgresql" in nodeid),
        ("TRACKER_REQUIRE_BROWSER", "in the browser", lambda nodeid: "tests/browser/" in nodeid),
        (
            "TRACKER_REQUIRE_NODE",
            "with the wallet verifier",
            lambda nodeid: "tests/wallet/" in nodeid,
        ),
    ]
    for variable, where, matches in guards:
        if os.environ.get(variable) != "1":
            continue
        count = sum(1 for nodeid in passed if matches(nodeid))
        if reporter:
            reporter.write_line(f"{count} tests passed {where}.")
        if count == 0:
            if reporter:
                reporter.write_line(f"No test passed {where}; failing the run.", red=True)
            session.exitstatus = 1
