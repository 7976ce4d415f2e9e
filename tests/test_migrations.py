"""The Alembic chain: upgrade, no drift from the models, downgrade to nothing, upgrade again.

Runs on a fresh SQLite file and, when TRACKER_TEST_DATABASE_URL is set, on a
fresh PostgreSQL database created for the test and dropped after it.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator

import flask_migrate
import pytest
import sqlalchemy as sa

from config import TestConfig
from tracker import create_app
from tracker.extensions import db

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "").strip()


@pytest.fixture
def fresh_database(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"tracker_migrations_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def _keep_logging() -> Iterator[None]:
    """migrations/env.py configures logging from alembic.ini; put pytest's back afterwards."""
    names = ["", "alembic", "flask_migrate", "sqlalchemy.engine"]
    saved = {
        name: (list(logging.getLogger(name).handlers), logging.getLogger(name).level)
        for name in names
    }
    yield
    for name, (handlers, level) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)


def _app(url: str, tmp_path):  # type: ignore[no-untyped-def]
    settings = TestConfig.as_dict()
    settings["SQLALCHEMY_DATABASE_URI"] = url
    return create_app(settings, instance_path=str(tmp_path / "instance"))


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="TRACKER_TEST_DATABASE_URL is not set"),
    ),
]


@pytest.mark.parametrize("fresh_database", DATABASES, indirect=True)
def test_upgrade_check_downgrade_upgrade(fresh_database, tmp_path):
    app = _app(fresh_database, tmp_path)
    model_tables = set(db.metadata.tables)
    with app.app_context():
        try:
            assert _tables() == set()
            flask_migrate.upgrade()
            assert _tables() == model_tables | {"alembic_version"}
            head = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            assert head
            db.session.remove()

            flask_migrate.check()  # exits (SystemExit) when the models and migrations differ

            flask_migrate.downgrade(revision="base")
            assert _tables() <= {"alembic_version"}

            flask_migrate.upgrade()
            assert _tables() == model_tables | {"alembic_version"}
            # The migrated schema enforces the models' rules: e.g. lower-case emails.
            with db.engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):
                conn.execute(
                    sa.text(
                        "INSERT INTO users (email, display_name, role, active, created_at)"
                        " VALUES ('UPPER@EXAMPLE.ORG', 'U', 'trainee', true, CURRENT_TIMESTAMP)"
                    )
                )
            flask_migrate.check()
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("fresh_database", ["sqlite"], indirect=True)
def test_check_notices_a_model_the_migrations_lack(fresh_database, tmp_path, capsys):
    """The drift check is real: a table only in the models is reported."""
    app = _app(fresh_database, tmp_path)
    with app.app_context():
        try:
            flask_migrate.upgrade()
            extra = sa.Table(
                "not_migrated", db.metadata, sa.Column("id", sa.Integer, primary_key=True)
            )
            try:
                # Flask-Migrate reports the difference in the log and exits with 1.
                with pytest.raises(SystemExit) as exited:
                    flask_migrate.check()
                assert exited.value.code == 1
                assert "Detected added table 'not_migrated'" in capsys.readouterr().err
            finally:
                db.metadata.remove(extra)
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("fresh_database", ["sqlite"], indirect=True)
def test_a_sqlite_file_runs_in_wal_mode_with_foreign_keys(fresh_database, tmp_path):
    app = _app(fresh_database, tmp_path)
    with app.app_context():
        try:
            flask_migrate.upgrade()
            with db.engine.connect() as conn:
                assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
                assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
                assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar() == 5000
        finally:
            db.session.remove()
            db.engine.dispose()
