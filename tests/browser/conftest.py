"""End-to-end tests in a real Chromium, driven by Playwright.

The app runs in a real HTTP server on 127.0.0.1 (a port the OS picks), on a
SQLite file migrated with the project's own migrations and filled by the
demo seed, with CSRF protection on, as a person would meet it.

Chromium is looked for in this order: TRACKER_CHROMIUM, /usr/bin/chromium,
then Playwright's own browser.  Without any, these tests are skipped, unless
TRACKER_REQUIRE_BROWSER=1 (as in CI), where that is an error.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from config import TestConfig
from tracker import create_app
from tracker.extensions import db
from tracker.services.dates import local_today

DEMO_PASSWORD = "browser-demo-password"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str | None:
    explicit = os.environ.get("TRACKER_CHROMIUM")
    if explicit:
        return explicit
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _playwright_has_own_browser() -> bool:
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache/ms-playwright"))
    return cache.exists() and any(cache.glob("chromium*"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_items = [item for item in items if "tests/browser" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if _chromium() or _playwright_has_own_browser():
        return
    if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError("TRACKER_REQUIRE_BROWSER=1 but no Chromium was found.")
    skip = pytest.mark.skip(reason="no Chromium: set TRACKER_CHROMIUM or install chromium")
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = {**browser_type_launch_args, "headless": True, "args": CHROMIUM_ARGS}
    executable = _chromium()
    if executable:
        args["executable_path"] = executable
    return args


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from tracker.services import demo

    folder = tmp_path_factory.mktemp("browser")
    settings = TestConfig.as_dict()
    settings.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'tracker.sqlite3'}",
        WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=False,
        # One "today" for the whole run, so a run across midnight sees one day.
        TODAY=local_today(),
    )
    app = create_app(settings, instance_path=str(folder / "instance"))
    with app.app_context():
        upgrade()
        demo.seed(DEMO_PASSWORD)
        db.session.commit()
        db.session.remove()
    yield app


@pytest.fixture
def today(live_app: Flask) -> date:
    """The live app's "today", as its pages see it."""
    return live_app.config["TODAY"]


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    live_app.config["PUBLIC_URL"] = url
    yield url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


def log_in(page: Any, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log ``page`` in through the real form."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


@pytest.fixture
def login(page: Any) -> Any:
    """Log the page in through the real form: ``login("trainee@example.org")``."""

    def _login(email: str, password: str = DEMO_PASSWORD) -> None:
        log_in(page, email, password)

    return _login


@pytest.fixture
def page_as(new_context: Any) -> Any:
    """A second person at once: ``page_as("coordinator@example.org")`` gives a page in a
    browser context of its own (its own cookies), logged in; ``page_as(None)`` an anonymous one.
    Extra keyword arguments go to the context (``viewport=...``)."""

    def _page_as(email: str | None, password: str = DEMO_PASSWORD, **context_args: Any) -> Any:
        page = new_context(**context_args).new_page()
        if email is not None:
            log_in(page, email, password)
        return page

    return _page_as
