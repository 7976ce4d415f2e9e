"""The commands: create-coordinator, seed-demo and backup."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import threading
import time
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from config import TestConfig
from tracker import create_app
from tracker.extensions import db as _db
from tracker.models import (
    AuditEvent,
    Certification,
    CertificationRenewal,
    CertificationState,
    CompletionSource,
    CompletionStatus,
    EthicsAcknowledgement,
    EthicsVersion,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    Program,
    Role,
    User,
)
from tracker.services import accounts, demo, eligibility
from tracker.services.vocabulary import default_ethics_code

DEMO_PASSWORD = "demo password 1234"


def count(model) -> int:
    return _db.session.scalar(sa.select(sa.func.count()).select_from(model))


def row_counts() -> dict[str, int]:
    return {
        table.name: _db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in _db.metadata.sorted_tables
    }


def user(email: str) -> User:
    return _db.session.scalar(sa.select(User).where(User.email == email))


# --- create-coordinator -------------------------------------------------------------


def test_create_coordinator_with_the_password_from_the_environment(runner, db):
    result = runner.invoke(
        args=["create-coordinator", "--email", "Lead@Example.org", "--name", "Lee Lead"],
        env={"TRACKER_PASSWORD": "a long enough password"},
    )
    assert result.exit_code == 0, result.output
    assert "Coordinator lead@example.org created" in result.output
    created = user("lead@example.org")
    assert (created.role, created.display_name, created.active) == (
        Role.COORDINATOR,
        "Lee Lead",
        True,
    )
    assert accounts.check_password(created, "a long enough password")
    assert "a long enough password" not in result.output


def test_create_coordinator_asks_for_the_password_twice(runner, db):
    result = runner.invoke(
        args=["create-coordinator", "--email", "c@example.org", "--name", "C"],
        input="typed password one\ntyped password one\n",
        env={"TRACKER_PASSWORD": ""},
    )
    assert result.exit_code == 0, result.output
    assert "Password (at least 10 characters)" in result.output
    assert accounts.check_password(user("c@example.org"), "typed password one")


def test_create_coordinator_refuses_a_short_password(runner, db):
    result = runner.invoke(
        args=["create-coordinator", "--email", "c@example.org", "--name", "C"],
        env={"TRACKER_PASSWORD": "short"},
    )
    assert result.exit_code == 1
    assert "Error: Password: Use at least 10 characters." in result.output
    assert count(User) == 0


def test_create_coordinator_refuses_an_email_in_use(runner, db, make):
    make.trainee(email="taken@example.org")
    db.session.commit()
    result = runner.invoke(
        args=["create-coordinator", "--email", "TAKEN@example.org", "--name", "C"],
        env={"TRACKER_PASSWORD": "a long enough password"},
    )
    assert result.exit_code == 1
    assert "An account with this email already exists." in result.output
    assert count(User) == 1
    assert user("taken@example.org").role == Role.TRAINEE


# --- seed-demo ----------------------------------------------------------------------


def test_seed_demo_twice_creates_everything_once(runner, db):
    first = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD])
    assert first.exit_code == 0, first.output
    assert "Demo data created." in first.output
    assert f"Password for every demo account: {DEMO_PASSWORD}" in first.output
    counts = row_counts()
    assert counts["users"] >= 14
    assert counts["hour_entries"] > 100

    second = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD])
    assert second.exit_code == 0, second.output
    assert "already present" in second.output
    assert row_counts() == counts
    # The logins are printed both times, and the password when it is the right one.
    for output in (first.output, second.output):
        for login in demo.PEOPLE:
            assert login.email in output
        assert re.search(r"coordinator@example\.org\s+coordinator", output)
        assert re.search(r"trainee@example\.org\s+trainee\s+half-way", output)
    assert DEMO_PASSWORD in second.output

    third = runner.invoke(args=["seed-demo", "--password", "some other password"])
    assert "some other password" not in third.output
    assert "the one given when the demo data was first created" in third.output
    assert row_counts() == counts


def test_seed_demo_sets_every_password(runner, db):
    assert runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD]).exit_code == 0
    for login in demo.PEOPLE:
        account = user(login.email)
        assert account is not None, login.email
        assert account.role == login.role
        assert account.active is login.active
        if login.has_password:
            assert accounts.check_password(account, DEMO_PASSWORD), login.email
        else:
            assert account.password_hash is None


def test_seed_demo_generates_and_prints_a_password(app, runner, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    password = re.search(r"Password for every demo account: (\S+)", result.output).group(1)
    assert len(password) >= 10
    response = app.test_client().post(
        "/login", data={"email": "coordinator@example.org", "password": password}
    )
    assert response.status_code == 302
    again = runner.invoke(args=["seed-demo"])
    assert "already present" in again.output
    assert password not in again.output


def test_seed_demo_refuses_a_short_password_and_stores_nothing(runner, db):
    before = row_counts()
    result = runner.invoke(args=["seed-demo", "--password", "short"])
    assert result.exit_code == 1
    assert "Use at least 10 characters." in result.output
    assert row_counts() == before


# --- the demo data itself -----------------------------------------------------------

TODAY = date(2026, 3, 16)


@pytest.fixture
def seeded(request, db) -> date:  # type: ignore[no-untyped-def]
    """The demo, seeded as of TODAY (or the date a test passes); returns that date."""
    today = getattr(request, "param", TODAY)
    result = demo.seed(DEMO_PASSWORD, today=today)
    db.session.commit()
    assert result.created
    return today


def program(code: str) -> Program:
    return _db.session.scalar(sa.select(Program).where(Program.code == code))


def test_the_specialist_program_is_as_the_issue_describes(seeded):
    pss = program("PSS")
    assert pss.name == "Peer Support Specialist"
    kinds = [(r.kind, r.window_months) for r in pss.requirements]
    assert kinds == [
        ("modules", None),
        ("experience_hours", None),
        ("experience_hours", 24),
        ("ethics", None),
    ]
    modules = [_db.session.get(Module, i) for i in pss.requirements[0].settings["module_ids"]]
    assert len(modules) == 10
    assert sum(m.contact_minutes for m in modules) == 40 * 60
    ethics_minutes = sum(
        row.minutes for m in modules for row in m.domain_hours if row.domain.code == "ethics"
    )
    assert ethics_minutes == 6 * 60
    assert [m.pass_mark for m in modules if m.pass_mark is not None] == [70]
    hours = [r.settings for r in pss.requirements if r.kind == "experience_hours"]
    assert hours == [{"minutes": 100 * 60}, {"minutes": 25 * 60, "supervised": True}]
    assert (pss.validity_months, pss.grace_days, pss.renewal_window_days) == (24, 60, 60)
    assert [(b["label"], b["minutes"]) for b in pss.renewal_buckets] == [
        ("Ethics", 180),
        ("Any domain", 1020),
    ]
    assert pss.renewal_minutes == 1200
    sgf = program("SGF")
    assert sgf.name == "Support Group Facilitator"
    assert {r.kind for r in sgf.requirements} == {"modules", "experience_hours", "ethics"}
    assert count(Module) > len(modules) + 5


def test_the_code_of_ethics_has_two_versions_with_real_text(seeded):
    general = default_ethics_code()
    versions = _db.session.scalars(
        sa.select(EthicsVersion)
        .where(EthicsVersion.ethics_code_id == general.id)
        .order_by(EthicsVersion.version)
    ).all()
    assert [v.version for v in versions] == [1, 2]
    current = versions[-1].body.lower()
    for topic in (
        "confidentiality",
        "boundaries",
        "dual relationships",
        "self-disclosure",
        "mandatory reporting",
    ):
        assert topic in current


@pytest.mark.parametrize(
    "seeded",
    [TODAY, date(2028, 2, 29), date(2027, 12, 31), date(2027, 8, 1)],
    ids=str,
    indirect=True,
)
def test_trainees_are_at_every_stage(seeded):
    today = seeded
    pss, sgf = program("PSS"), program("SGF")

    half_way = eligibility.evaluate(user("trainee@example.org"), pss, today)
    assert not half_way.eligible
    modules = half_way.rule("modules")
    assert 5 <= modules.done < modules.required
    assert 0 < half_way.rule("hours").done < half_way.rule("hours").required
    assert eligibility.evaluate(user("casey.morgan@example.org"), pss, today).eligible
    new = eligibility.evaluate(user("sam.taylor@example.org"), pss, today)
    assert new.met_count == 0

    states = {
        c.trainee.email: (c.program.code, c.state)
        for c in _db.session.scalars(sa.select(Certification))
    }
    assert states["dana.kim@example.org"] == ("PSS", CertificationState.VALID)
    assert states["riley.chen@example.org"] == ("PSS", CertificationState.EXPIRING)
    assert states["robin.walsh@example.org"] == ("PSS", CertificationState.IN_GRACE)
    assert states["taylor.brooks@example.org"] == ("PSS", CertificationState.LAPSED)
    assert states["drew.patel@example.org"] == ("PSS", CertificationState.REVOKED)
    assert states["jesse.park@example.org"] == ("PSS", CertificationState.VALID)
    assert states["avery.johnson@example.org"] == ("SGF", CertificationState.VALID)
    assert states["sky.adams@example.org"] == ("SGF", CertificationState.VALID)
    assert "casey.morgan@example.org" not in states

    riley = _db.session.scalar(
        sa.select(Certification).where(
            Certification.trainee_id == user("riley.chen@example.org").id
        )
    )
    assert today < riley.expires_on <= today + timedelta(days=60)
    robin = _db.session.scalar(
        sa.select(Certification).where(
            Certification.trainee_id == user("robin.walsh@example.org").id
        )
    )
    assert robin.expires_on < today
    assert eligibility.evaluate_renewal(robin, today).eligible
    assert not eligibility.evaluate_renewal(riley, today).eligible

    sky = _db.session.scalar(
        sa.select(Certification).where(Certification.trainee_id == user("sky.adams@example.org").id)
    )
    assert sky.override_reason
    assert count(CertificationRenewal) == 1
    assert not user("jamie.fox@example.org").active
    assert user("lee.jordan@example.org").password_hash is None
    assert sgf.id != pss.id


def test_the_demo_has_a_program_from_each_template(seeded):
    today = seeded
    icrc, pa = program("ICRCPR"), program("PACPS")
    assert icrc.name == "IC&RC Peer Recovery" and len(icrc.requirements) == 10
    assert pa.name == "Pennsylvania Certified Peer Specialist"
    jordan = eligibility.evaluate(user("jordan.rivers@example.org"), icrc, today)
    assert [r.key for r in jordan.missing_rules] == ["training", "training-ethics"]
    assert jordan.rule("training-ethics").missing == 1
    pat = eligibility.evaluate(user("pat.morales@example.org"), pa, today)
    assert pat.eligible
    assert [i.met for i in pat.rule("work-or-credits").items] == [True, False]


def test_certifications_were_issued_through_the_service(seeded):
    numbers = set(_db.session.scalars(sa.select(Certification.number)))
    assert len(numbers) == 8
    for certification in _db.session.scalars(sa.select(Certification)):
        assert re.fullmatch(rf"{certification.program.code}-\d{{4}}-\d{{5}}", certification.number)
        assert certification.program_snapshot["code"] == certification.program.code
        assert certification.issued_by_id == user("coordinator@example.org").id
    actions = set(_db.session.scalars(sa.select(AuditEvent.action)))
    assert {
        "certification.issued",
        "certification.override",
        "certification.renewed",
        "certification.revoked",
        "certification.lapsed",
        "certification.expiring",
        "account.deactivated",
    } <= actions


def test_hours_and_completions_cover_every_status(seeded):
    by_status = dict(
        _db.session.execute(
            sa.select(HourEntry.status, sa.func.count()).group_by(HourEntry.status)
        ).all()
    )
    assert by_status[HourStatus.APPROVED] > 100
    assert by_status[HourStatus.PENDING] >= 5
    assert by_status[HourStatus.REJECTED] >= 3
    assert _db.session.scalar(sa.select(sa.func.max(HourEntry.worked_on))) <= TODAY, (
        "no hours in the future"
    )
    year_ago = TODAY - timedelta(days=365)
    recent = set(
        _db.session.scalars(
            sa.select(HourEntry.status).where(HourEntry.worked_on >= year_ago).distinct()
        )
    )
    assert recent >= {HourStatus.APPROVED, HourStatus.PENDING, HourStatus.REJECTED}
    rejected = _db.session.scalars(
        sa.select(HourEntry).where(HourEntry.status == HourStatus.REJECTED)
    ).all()
    assert all(entry.rejection_reason for entry in rejected)
    supervised = _db.session.scalars(sa.select(HourEntry).where(HourEntry.supervised)).all()
    assert supervised and all(entry.supervisor_name for entry in supervised)
    per_day = _db.session.execute(
        sa.select(sa.func.sum(HourEntry.minutes)).group_by(
            HourEntry.trainee_id, HourEntry.worked_on
        )
    ).scalars()
    assert max(per_day) <= 24 * 60

    completions = _db.session.scalars(sa.select(ModuleCompletion)).all()
    assert any(
        c.status == CompletionStatus.PENDING and c.source == CompletionSource.SELF_REPORTED
        for c in completions
    )
    assert any(c.source == CompletionSource.ATTENDANCE for c in completions)
    assert any(
        c.status == CompletionStatus.VERIFIED
        and c.module.pass_mark is not None
        and c.score is not None
        and c.score < c.module.pass_mark
        for c in completions
    )
    assert count(EthicsAcknowledgement) >= 10


def test_the_demo_is_the_same_every_time(db):
    def snapshot() -> list[tuple]:
        rows = _db.session.execute(
            sa.select(User.email, HourEntry.worked_on, HourEntry.minutes, HourEntry.status)
            .join(User, User.id == HourEntry.trainee_id)
            .order_by(User.email, HourEntry.worked_on)
        ).all()
        return [tuple(row) for row in rows]

    demo.seed(DEMO_PASSWORD, today=TODAY)
    db.session.commit()
    first = snapshot()
    for table in reversed(_db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    demo.seed(DEMO_PASSWORD, today=TODAY)
    db.session.commit()
    assert snapshot() == first
    assert len(first) > 100


# --- backup ---------------------------------------------------------------------------


def _file_app(tmp_path, url: str | None = None):  # type: ignore[no-untyped-def]
    settings = TestConfig.as_dict()
    settings["SQLALCHEMY_DATABASE_URI"] = url or f"sqlite:///{tmp_path / 'live.sqlite3'}"
    return create_app(settings, instance_path=str(tmp_path / "instance"))


def test_backup_copies_a_database_while_it_is_written(tmp_path):
    app = _file_app(tmp_path)
    source = tmp_path / "live.sqlite3"
    with app.app_context():
        _db.create_all()
        for n in range(300):
            _db.session.add(
                User(email=f"person{n}@example.org", display_name=f"Person {n}", role="trainee")
            )
        _db.session.add_all(
            AuditEvent(action="seed", entity_type="system", summary="x" * 250) for _ in range(4000)
        )
        _db.session.commit()

        stop = threading.Event()
        written = []

        def writer() -> None:
            conn = sqlite3.connect(source, timeout=30)
            try:
                while not stop.is_set():
                    conn.execute(
                        "INSERT INTO audit_events (occurred_at, action, entity_type, summary)"
                        " VALUES (CURRENT_TIMESTAMP, 'write', 'system', 'during backup')"
                    )
                    conn.commit()
                    written.append(time.monotonic())
            finally:
                conn.close()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            while len(written) < 20:
                time.sleep(0.001)
            started = time.monotonic()
            result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
            finished = time.monotonic()
            time.sleep(0.05)
        finally:
            stop.set()
            thread.join()
        _db.session.remove()
        _db.engine.dispose()

    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    # The app kept writing while the backup ran, and after it.
    assert any(t > finished for t in written)
    assert any(t < started for t in written)

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM users").fetchone()[0] == 300
        copied_events = copy.execute("SELECT count(*) FROM audit_events").fetchone()[0]
        assert 4000 + 20 <= copied_events <= 4000 + len(written)
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        copy.close()
    assert not (tmp_path / "copy.sqlite3-wal").exists()


def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    app = _file_app(tmp_path)
    with app.app_context():
        _db.create_all()
        _db.engine.dispose()
    previous = os.umask(0o022)  # the usual umask, which leaves new files world-readable
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "copy.sqlite3").stat().st_mode) == 0o600


def test_backup_never_overwrites_a_file(tmp_path):
    app = _file_app(tmp_path)
    with app.app_context():
        _db.create_all()
        _db.engine.dispose()
    existing = tmp_path / "existing.sqlite3"
    existing.write_text("keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code == 1
    assert "exists already" in result.output
    assert existing.read_text() == "keep me"


def test_backup_of_a_missing_database_file_is_refused(tmp_path):
    app = _file_app(tmp_path, f"sqlite:///{tmp_path / 'nothing-here.sqlite3'}")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "copy.sqlite3").exists()
    assert not (tmp_path / "nothing-here.sqlite3").exists()


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    app = _file_app(tmp_path, "postgresql+psycopg://tracker@db.internal:5432/tracker")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy")])
    assert result.exit_code == 1
    assert "pg_dump" in result.output
    assert "--host=db.internal" in result.output
    assert not (tmp_path / "copy").exists()


def test_backup_on_the_test_database(runner, db, tmp_path):
    """On the suite's databases: PostgreSQL gets the pg_dump hint, in-memory SQLite a refusal."""
    result = runner.invoke(args=["backup", str(tmp_path / "copy")])
    assert result.exit_code == 1
    if db.engine.dialect.name == "postgresql":
        assert "pg_dump" in result.output
    else:
        assert "in memory" in result.output
    assert not (tmp_path / "copy").exists()
