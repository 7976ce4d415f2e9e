"""The Alembic chain: upgrade, no drift from the models, downgrade to nothing, upgrade again.

Runs on a fresh SQLite file and, when TRACKER_TEST_DATABASE_URL is set, on a
fresh PostgreSQL database created for the test and dropped after it.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

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


# --- carrying data forward ------------------------------------------------------------------

DATA = Path(__file__).resolve().parent / "data"


def _load_demo_0001(url: str, tmp_path) -> None:
    """A database at revision 0001 holding the demo data of that revision.

    SQLite loads the dump as it is; PostgreSQL gets the 0001 schema from the
    migrations and the same rows copied in, table by table, then its id
    sequences moved past them.
    """
    script = (DATA / "demo-0001.sql").read_text(encoding="utf-8")
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        connection = sqlite3.connect(path)
        connection.executescript(script)
        connection.close()
        return
    source = tmp_path / "source.sqlite3"
    connection = sqlite3.connect(source)
    connection.executescript(script)
    connection.close()
    app = _app(url, tmp_path)
    with app.app_context():
        flask_migrate.upgrade(revision="0001")
        db.session.remove()
        target = db.engine
        reader = sa.create_engine(f"sqlite:///{source}")
        metadata = sa.MetaData()
        metadata.reflect(bind=target)
        with reader.connect() as read, target.begin() as write:
            for table in metadata.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = [
                    dict(r._mapping)
                    for r in read.execute(sa.select(sa.text("*")).select_from(sa.table(table.name)))
                ]
                for row in rows:
                    for column in table.columns:
                        value = row.get(column.name)
                        if isinstance(column.type, sa.Boolean) and value is not None:
                            row[column.name] = bool(value)
                        elif isinstance(column.type, sa.JSON) and isinstance(value, str):
                            row[column.name] = json.loads(value)
                        elif isinstance(column.type, sa.DateTime) and isinstance(value, str):
                            row[column.name] = datetime.fromisoformat(value)
                        elif isinstance(column.type, sa.Date) and isinstance(value, str):
                            row[column.name] = date.fromisoformat(value)
                if rows:
                    write.execute(table.insert(), rows)
                if "id" in table.columns:
                    write.execute(
                        sa.text(
                            # The table names are the application's own metadata's.
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
        reader.dispose()
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("fresh_database", DATABASES, indirect=True)
def test_upgrading_a_database_in_use_keeps_every_verdict(fresh_database, tmp_path):
    """Programs, modules and issued certificates carried over to requirement kinds
    give every trainee the same verdict, rule by rule, as before the migration."""
    from tracker.models import Certification, Enrolment
    from tracker.services.eligibility import evaluate, evaluate_renewal

    before = json.loads((DATA / "demo-0001-verdicts.json").read_text(encoding="utf-8"))
    as_of = date.fromisoformat(before["as_of"])
    _load_demo_0001(fresh_database, tmp_path)
    app = _app(fresh_database, tmp_path)
    with app.app_context():
        try:
            flask_migrate.upgrade()
            db.session.remove()
            flask_migrate.check()
            enrolments = db.session.scalars(sa.select(Enrolment).order_by(Enrolment.id)).all()
            assert len(enrolments) == len(before["enrolments"])
            for old, enrolment in zip(before["enrolments"], enrolments, strict=True):
                assert (old["email"], old["program"]) == (
                    enrolment.trainee.email,
                    enrolment.program.code,
                )
                new = evaluate(enrolment.trainee, enrolment.program, as_of)
                who = f"{old['email']} in {old['program']}"
                assert new.eligible == old["eligible"], who
                modules = [r for r in old["rules"] if r["kind"] == "module"]
                hours = [r for r in old["rules"] if r["kind"] == "hours"]
                ethics = [r for r in old["rules"] if r["kind"] == "ethics"]
                if modules:
                    rule = new.rule("modules")
                    assert rule.met == all(r["met"] for r in modules), who
                    assert rule.done == sum(r["done"] for r in modules), who
                    assert rule.pending == sum(r["pending"] for r in modules), who
                    assert [i.met for i in rule.items] == [r["met"] for r in modules], who
                for n, old_rule in enumerate(hours, start=1):
                    rule = new.rule(f"hours-{n}")
                    assert (rule.required, rule.done, rule.pending, rule.met) == (
                        old_rule["required"],
                        old_rule["done"],
                        old_rule["pending"],
                        old_rule["met"],
                    ), who
                for old_rule in ethics:
                    assert new.rule("ethics").met == old_rule["met"], who
                assert len(new.rules) == (1 if modules else 0) + len(hours) + len(ethics)

            certifications = db.session.scalars(
                sa.select(Certification).order_by(Certification.id)
            ).all()
            assert [c.number for c in certifications] == [r["number"] for r in before["renewals"]]
            for old, certification in zip(before["renewals"], certifications, strict=True):
                new = evaluate_renewal(certification, as_of)
                assert new.eligible == old["eligible"], certification.number
                total = next(r for r in old["rules"] if r["key"] == "ce")
                in_category = [r for r in old["rules"] if r["key"].startswith("ce:")]
                assert sum(r.required for r in new.rules) == total["required"]
                if in_category:
                    assert new.rules[0].required == in_category[0]["required"]
                    assert new.rules[0].done == in_category[0]["done"]
                    assert new.rules[0].met == in_category[0]["met"]
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.mark.parametrize("fresh_database", DATABASES, indirect=True)
def test_a_database_in_use_goes_down_and_up_again(fresh_database, tmp_path):
    """Downgrading to 0001 keeps what the old schema can express, and upgrading again works."""
    _load_demo_0001(fresh_database, tmp_path)
    app = _app(fresh_database, tmp_path)
    with app.app_context():
        try:
            flask_migrate.upgrade()
            flask_migrate.downgrade(revision="0001")
            with db.engine.connect() as conn:
                rules = conn.execute(sa.text("SELECT COUNT(*) FROM hour_rules")).scalar()
                modules = conn.execute(sa.text("SELECT COUNT(*) FROM program_modules")).scalar()
                ethics = conn.execute(
                    sa.text("SELECT COUNT(*) FROM programs WHERE requires_ethics")
                ).scalar()
            assert (rules, modules, ethics) == (4, 15, 2)
            db.session.remove()
            flask_migrate.upgrade()
            flask_migrate.check()
            # Every program gets its sums; verdicts start unstored (0003), so every current
            # enrolment counts as missing until refresh-progress.
            with db.engine.connect() as conn:
                sums = conn.execute(
                    sa.text(
                        "SELECT sum(missing), count(*), sum(eligible), sum(enrolled) "
                        "FROM program_progress"
                    )
                ).one()
                enrolled = conn.execute(
                    sa.text("SELECT count(*) FROM enrolments WHERE withdrawn_at IS NULL")
                ).scalar()
                programs = conn.execute(sa.text("SELECT count(*) FROM programs")).scalar()
            assert tuple(sums) == (enrolled, programs, 0, enrolled) and enrolled > 0
            # Every trainee has a totals row, with the sums of their entries.
            with db.engine.connect() as conn:
                lacking = conn.execute(
                    sa.text(
                        "SELECT count(*) FROM users u WHERE u.role = 'trainee' AND NOT EXISTS "
                        "(SELECT 1 FROM trainee_totals t WHERE t.trainee_id = u.id)"
                    )
                ).scalar()
                wrong = conn.execute(
                    sa.text(
                        "SELECT count(*) FROM trainee_totals t WHERE t.approved_minutes != "
                        "(SELECT coalesce(sum(minutes), 0) FROM hour_entries h "
                        "WHERE h.trainee_id = t.trainee_id AND h.status = 'approved')"
                    )
                ).scalar()
            assert (lacking, wrong) == (0, 0)
        finally:
            db.session.remove()
            db.engine.dispose()
