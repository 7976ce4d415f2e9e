"""/healthz tells the truth about the database, in each of its states.

Migrated: "ok" with the revision it is at (200).  Not migrated, or not
reachable: "error" (503), so a load balancer or a deploy script stops there.
Each state is built for real, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import flask_migrate
import pytest
from alembic.script import ScriptDirectory
from flask import current_app

from config import TestConfig
from tests.test_migrations import DATABASES, _keep_logging, fresh_database  # noqa: F401
from tracker import create_app
from tracker.extensions import db

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-folder/for-sure/tracker.sqlite3",
    # Port 1 on this machine: nothing listens there, the connection is refused at once.
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/tracker?connect_timeout=2",
}


def _app(url: str, tmp_path):  # type: ignore[no-untyped-def]
    settings = TestConfig.as_dict()
    settings["SQLALCHEMY_DATABASE_URI"] = url
    return create_app(settings, instance_path=str(tmp_path / "instance"))


def _health(app):  # type: ignore[no-untyped-def]
    response = app.test_client().get("/healthz")
    return response.status_code, response.get_json()


def _head() -> str:
    config = current_app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head
    return head


@pytest.mark.parametrize("fresh_database", DATABASES, indirect=True)
def test_an_empty_database_is_an_error_and_a_migrated_one_is_ok(fresh_database, tmp_path):  # noqa: F811
    app = _app(fresh_database, tmp_path)
    with app.app_context():
        try:
            status, body = _health(app)
            assert status == 503
            assert body["status"] == "error"
            assert body["database"]["status"] == "error"
            assert "revision" not in body["database"]

            flask_migrate.upgrade()
            db.session.remove()
            status, body = _health(app)
            assert status == 200
            assert body == {
                "status": "ok",
                "database": {
                    "status": "ok",
                    "dialect": db.engine.dialect.name,
                    "revision": _head(),
                },
            }
        finally:
            db.session.remove()
            db.engine.dispose()


def test_tables_built_without_the_migrations_are_an_error(client):
    """The suite's own databases have the tables but no migration history."""
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"]["status"] == "error"


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_an_unreachable_database_is_an_error(tmp_path, dialect):
    app = _app(UNREACHABLE[dialect], tmp_path)
    with app.app_context():
        try:
            status, body = _health(app)
        finally:
            db.session.remove()
            db.engine.dispose()
    assert status == 503
    assert body["status"] == "error"
    assert body["database"] == {"status": "error", "error": "OperationalError"}
