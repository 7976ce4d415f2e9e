"""Many people logging in at once on SQLite, served the production way (gunicorn, 4 workers).

Checking a password takes Argon2 about a tenth of a second by design.  SQLite has one
writer at a time, so a login that checked the password while holding the write lock
made every other login (and every other write) queue behind it; under load some
waited past the busy timeout and got "database is locked" (a 500).  Here fifty
logins arrive together and every one must succeed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import insert, select

from config import TestConfig
from tracker import create_app
from tracker.extensions import db
from tracker.models import LoginSession, Role, User
from tracker.services import accounts

ROOT = Path(__file__).resolve().parent.parent
LOGINS = 50
WORKERS = 4
PASSWORD = "a long enough password"


def _prepare_database(path: Path, instance: Path) -> None:
    """A migrated SQLite file with LOGINS trainees, each with a real (production-cost) hash."""
    settings = TestConfig.as_dict()
    settings.update(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", PASSWORD_HASH_FAST=False)
    app = create_app(settings, instance_path=str(instance))
    with app.app_context():
        upgrade()
        password_hash = accounts.hash_password(PASSWORD)  # one hash, shared: setup stays quick
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"load{n}@example.org",
                    "display_name": f"Load {n}",
                    "role": Role.TRAINEE.value,
                    "active": True,
                    "password_hash": password_hash,
                }
                for n in range(LOGINS)
            ],
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _start_gunicorn(database: Path, instance: Path) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "FLASK_"))}
    env.update(
        TRACKER_DATABASE_URL=f"sqlite:///{database}",
        TRACKER_INSTANCE_PATH=str(instance),
        TRACKER_SECRET_KEY="load-test-" + "k" * 40,
        # The per-address limit is not under test: every request comes from 127.0.0.1.
        TRACKER_LOGIN_RATELIMIT="10000 per minute",
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--bind",
            "127.0.0.1:0",
            "--preload",
            "--log-level",
            "info",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stderr is not None
    address, booted = None, 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and booted < WORKERS:
        line = server.stderr.readline()
        if not line:
            break
        found = re.search(r"Listening at: (http://\S+)", line)
        if found:
            address = found.group(1)
        booted += "Booting worker" in line
    if address is None or booted < WORKERS:
        server.kill()
        pytest.fail(f"gunicorn did not start: {server.stderr.read()}")
    # Keep reading the log so that the server never blocks on a full pipe.
    threading.Thread(target=server.stderr.read, daemon=True).start()
    return server, address


def _stop(server: subprocess.Popen[str]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        assert server.stderr is not None
        server.stderr.close()


def _log_in(base: str, email: str, ready: threading.Barrier) -> int:
    """GET the form (cookie and CSRF token), wait for the others, then POST it."""
    with urllib.request.urlopen(f"{base}/login", timeout=60) as page:  # noqa: S310
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token
    form = urllib.parse.urlencode(
        {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    ).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(  # noqa: S310
        f"{base}/login", data=form, headers={"Cookie": cookie, "Referer": f"{base}/login"}
    )
    ready.wait(timeout=60)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_fifty_logins_at_once_on_sqlite_under_gunicorn_all_succeed(tmp_path):
    database = tmp_path / "tracker.sqlite3"
    instance = tmp_path / "instance"
    _prepare_database(database, instance)
    server, base = _start_gunicorn(database, instance)
    try:
        ready = threading.Barrier(LOGINS)
        statuses: list[int] = [0] * LOGINS

        def run(n: int) -> None:
            statuses[n] = _log_in(base, f"load{n}@example.org", ready)

        threads = [threading.Thread(target=run, args=(n,)) for n in range(LOGINS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
    finally:
        _stop(server)

    assert [s for s in statuses if s >= 500] == []
    assert statuses == [302] * LOGINS

    settings = TestConfig.as_dict()
    settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"
    app = create_app(settings, instance_path=str(instance))
    with app.app_context():
        logged_in = db.session.scalar(
            select(db.func.count()).select_from(User).where(User.last_login_at.is_not(None))
        )
        sessions = db.session.scalar(select(db.func.count()).select_from(LoginSession))
        db.session.remove()
        db.engine.dispose()
    assert logged_in == LOGINS
    assert sessions == LOGINS
