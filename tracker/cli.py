"""Command-line commands, all under ``flask --app tracker``.  Each calls services."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy.engine import make_url

from tracker.extensions import db
from tracker.models import Role
from tracker.services import accounts
from tracker.services.errors import ValidationError


def register(app: Flask) -> None:
    app.cli.add_command(create_coordinator)
    app.cli.add_command(seed_demo)
    app.cli.add_command(backup)


@click.command("create-coordinator")
@click.option("--email", required=True, help="The coordinator's email address.")
@click.option("--name", required=True, help="The name shown in the app.")
def create_coordinator(email: str, name: str) -> None:
    """Create a coordinator account.  The password comes from TRACKER_PASSWORD or a prompt."""
    password = os.environ.get("TRACKER_PASSWORD")
    if not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = accounts.create_user(email, name, Role.COORDINATOR, password=password)
    except ValidationError as exc:
        db.session.rollback()
        for field, messages in exc.errors.items():
            for message in messages:
                click.echo(f"{field}: {message}", err=True)
        raise SystemExit(1) from None
    db.session.commit()
    click.echo(f"Coordinator {user.email} created.")


@click.command("seed-demo")
@click.option("--password", default=None, help="Password for every demo account.")
def seed_demo(password: str | None) -> None:
    """Fill the database with a demo program and trainees.  Safe to run twice."""
    from tracker.services import demo

    result = demo.seed(password)
    db.session.commit()
    if result.created:
        click.echo("Demo data created. Log in with:")
        for email, role in result.logins:
            click.echo(f"  {role:<12} {email}")
        if result.password_generated:
            click.echo(f"  password     {result.password}")
        else:
            click.echo("  password     (the one you gave)")
    else:
        click.echo("Demo data already present; nothing changed.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent copy of the SQLite database to PATH, even while the app writes."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            "backup copies SQLite databases. For PostgreSQL use pg_dump, e.g. "
            "`pg_dump --format=custom --file=tracker.dump DATABASE`."
        )
    if not url.database or url.database == ":memory:":
        raise click.ClickException("The database is in memory; there is nothing to back up.")
    if path.exists():
        raise click.ClickException(f"{path} exists already; choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(url.database)
    target = sqlite3.connect(path)
    try:
        # SQLite's online backup API copies a consistent snapshot page by page,
        # letting writers go on between steps.
        source.backup(target, pages=256)
    finally:
        target.close()
        source.close()
    check = sqlite3.connect(path)
    try:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if verdict != "ok":
        raise click.ClickException(f"the copy failed its integrity check: {verdict}")
    click.echo(f"Backed up to {path}.")
