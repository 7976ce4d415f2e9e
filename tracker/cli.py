"""Command-line commands, all under ``flask --app tracker``.  Each calls services."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from tracker.extensions import db
from tracker.models import Role
from tracker.services import accounts
from tracker.services.errors import ValidationError


def register(app: Flask) -> None:
    app.cli.add_command(create_coordinator)
    app.cli.add_command(create_token)
    app.cli.add_command(seed_demo)
    app.cli.add_command(seed_scale)
    app.cli.add_command(backup)
    app.cli.add_command(import_history_command)
    from tracker.coordinator.commands import expire_certifications

    app.cli.add_command(expire_certifications)
    from tracker.verify.cli import rotate_signing_key, verify_credential

    app.cli.add_command(verify_credential)
    app.cli.add_command(rotate_signing_key)
    from tracker.program_cli import eligibility_command, programs_group, refresh_progress

    app.cli.add_command(programs_group)
    app.cli.add_command(eligibility_command)
    app.cli.add_command(refresh_progress)
    from tracker.mail_cli import send_mail, send_reminders

    app.cli.add_command(send_mail)
    app.cli.add_command(send_reminders)


@click.command("create-coordinator")
@with_appcontext
@click.option("--email", required=True, help="The coordinator's email address.")
@click.option("--name", required=True, help="The name shown in the app.")
def create_coordinator(email: str, name: str) -> None:
    """Create a coordinator account.  The password comes from TRACKER_PASSWORD or a prompt."""
    password = os.environ.get("TRACKER_PASSWORD")
    if not password:
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        password = click.prompt(
            f"Password (at least {minimum} characters)",
            hide_input=True,
            confirmation_prompt=True,
        )
    # The password is checked first, so that a short one is refused before anything else.
    problems = accounts.password_problems(password)
    try:
        if problems:
            raise ValidationError({"password": problems})
        user = accounts.create_user(email, name, Role.COORDINATOR, password=password)
    except ValidationError as exc:
        db.session.rollback()
        _fail(exc)
    db.session.commit()
    click.echo(f"Coordinator {user.email} created. Log in at {_login_url()}")


@click.command("import-history")
@with_appcontext
@click.argument(
    "kind", type=click.Choice(["hours", "completions", "supervision", "certifications"])
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--by",
    "by_email",
    default=None,
    help="The coordinator the import is recorded under (default: the first coordinator).",
)
def import_history_command(kind: str, file: Path, by_email: str | None) -> None:
    """Import past records from a CSV file, all or nothing; rows already present are skipped."""
    from sqlalchemy import select

    from tracker.models import User
    from tracker.services import history_import
    from tracker.services.trainees import decode_upload

    query = select(User).where(User.role == Role.COORDINATOR, User.active.is_(True))
    if by_email:
        query = query.where(User.email == accounts.normalize_email(by_email))
    actor = db.session.scalar(query.order_by(User.id).limit(1))
    if actor is None:
        click.echo("Error: no active coordinator to record the import under (--by).", err=True)
        raise SystemExit(1)
    try:
        text = decode_upload(file.read_bytes())
        result = history_import.import_history(kind, text, actor)
    except ValidationError as exc:
        db.session.rollback()
        _fail(exc)
    db.session.commit()
    click.echo(
        f"Imported {result.imported} {kind} rows; {result.skipped} already present were skipped."
    )


@click.command("create-token")
@with_appcontext
@click.option("--email", required=True, help="The account the token acts as.")
@click.option("--name", required=True, help="What the token is for (shown in the account).")
@click.option(
    "--expires-days",
    type=click.IntRange(1, 3650),
    default=None,
    help="Days until it expires (default: never; it can be revoked at any time).",
)
def create_token(email: str, name: str, expires_days: int | None) -> None:
    """Make a personal API token and print it (only once: it is stored as a hash)."""
    from sqlalchemy import select

    from tracker.models import User
    from tracker.services import api_tokens

    user = db.session.scalar(select(User).where(User.email == accounts.normalize_email(email)))
    if user is None:
        click.echo(f"Error: no account has the email {email!r}.", err=True)
        raise SystemExit(1)
    try:
        made = api_tokens.create(user, name, expires_days)
    except ValidationError as exc:
        db.session.rollback()
        _fail(exc)
    db.session.commit()
    click.echo(made.raw)


_FIELD_NAMES = {
    "password": "Password",
    "email": "Email (--email)",
    "display_name": "Name (--name)",
    "name": "Name (--name)",
    "expires_days": "Expiry (--expires-days)",
    "user": "Account (--email)",
}


def _fail(exc: ValidationError) -> NoReturn:
    """Print a service's validation messages and stop with exit code 1."""
    for field, messages in exc.errors.items():
        for message in messages:
            label = _FIELD_NAMES.get(field, field)
            click.echo(f"Error: {label}: {message}" if label else f"Error: {message}", err=True)
    raise SystemExit(1)


def _login_url() -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + "/login"


@click.command("seed-demo")
@with_appcontext
@click.option(
    "--password",
    default=None,
    help="Password for every demo account (at least 10 characters). "
    "Without it, one is generated and printed.",
)
def seed_demo(password: str | None) -> None:
    """Fill the database with a demo program and trainees.  Safe to run twice."""
    from tracker.services import demo

    try:
        result = demo.seed(password)
    except ValidationError as exc:
        db.session.rollback()
        _fail(exc)
    shown = result.password
    if not result.created and password is not None:
        # Show the password given only if it is the one the demo accounts really have.
        coordinator = accounts.get_by_email(demo.COORDINATOR_EMAIL)
        if coordinator is None or not accounts.check_password(coordinator, password):
            shown = None
    db.session.commit()

    if result.created:
        click.echo("Demo data created.")
    else:
        click.echo("Demo data already present; nothing changed.")
    click.echo(f"Log in at {_login_url()} as:")
    width = max((len(login.email) for login in result.logins), default=0)
    for login in result.logins:
        note = "" if login.can_log_in else " (cannot log in)"
        click.echo(f"  {login.email:<{width}}  {login.role:<11}  {login.stage}{note}")
    if shown:
        click.echo(f"Password for every demo account: {shown}")
    else:
        click.echo("Password: the one given when the demo data was first created.")


@click.command("seed-scale")
@with_appcontext
@click.option("--trainees", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True)
@click.option("--hours-per-trainee", type=click.IntRange(0, 10_000), default=100, show_default=True)
@click.option(
    "--password",
    default=None,
    help="Password of the new trainees (default: the demo coordinator's).",
)
def seed_scale(trainees: int, hours_per_trainee: int, password: str | None) -> None:
    """Add many trainees with realistic records in bulk, for measuring at scale.

    Seeds the demo programs first on an empty database.  Then refreshes the
    planner statistics.
    """
    import time

    from tracker.program_cli import optimize_database
    from tracker.services import scale

    started = time.perf_counter()

    def say(text: str) -> None:
        click.echo(
            f"  {time.perf_counter() - started:6.1f}s ({time.process_time():5.1f}s CPU)  {text}"
        )

    try:
        result = scale.seed(trainees, hours_per_trainee, password, progress_report=say)
    except ValidationError as exc:
        db.session.rollback()
        _fail(exc)
    db.session.commit()
    optimize_database()
    click.echo(
        f"Added {result.trainees} trainees, {result.enrolments} enrolments, "
        f"{result.hour_entries} hour entries, {result.certifications} certifications; "
        f"stored {result.verdicts} verdicts in {time.perf_counter() - started:.1f}s."
    )


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent copy of the SQLite database to PATH, even while the app writes."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            "backup copies SQLite databases; this one is PostgreSQL. Use pg_dump, e.g. "
            f"`pg_dump --format=custom --file=tracker.dump --host={url.host or 'localhost'} "
            f"--username={url.username or 'postgres'} {url.database}`, "
            "and pg_restore to bring it back."
        )
    if not url.database or url.database == ":memory:" or url.database.startswith("file::memory:"):
        raise click.ClickException("The database is in memory; there is nothing to back up.")
    source_path = Path(url.database)
    if not source_path.is_file():
        raise click.ClickException(f"The database file {source_path} does not exist.")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Reserve the name at once (exclusive create): an existing file is never overwritten.
        # Readable by its owner only: the copy holds every account and record, and SQLite
        # gives its journal the same permissions.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise click.ClickException(f"{path} exists already; choose a new file name.") from None
    try:
        verdict, tables = _copy_sqlite(source_path, path)
    except (sqlite3.Error, OSError) as exc:
        path.unlink(missing_ok=True)
        raise click.ClickException(f"the backup failed: {exc}") from exc
    if verdict != "ok":
        path.unlink(missing_ok=True)
        raise click.ClickException(f"the copy failed its integrity check: {verdict}")
    click.echo(f"Backed up {tables} tables to {path} ({path.stat().st_size} bytes); integrity ok.")


def _copy_sqlite(source_path: Path, target_path: Path) -> tuple[str, int]:
    """SQLite's online backup API, in one step: it reads one consistent snapshot, and in WAL
    mode the app's writers carry on meanwhile.  Returns the copy's integrity verdict and its
    number of tables."""
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
        # A single-file copy: no -wal or -shm files beside it.
        target.execute("PRAGMA journal_mode=DELETE").fetchone()
        verdict = target.execute("PRAGMA integrity_check").fetchone()[0]
        tables = target.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
    finally:
        target.close()
        source.close()
    return verdict, tables
