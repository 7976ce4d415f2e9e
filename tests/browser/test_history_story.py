"""Moving in, in a real browser, on a fresh demo database of its own: a coordinator
uploads each example history file under docs/examples on the Import history page, sees
every row checked, imports it, and imports it again to see nothing new; /verify then
shows an imported certificate as issued on its original date."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from config import TestConfig
from tests.browser.conftest import DEMO_PASSWORD, log_in
from tracker import create_app
from tracker.extensions import db
from tracker.models import Certification
from tracker.services.dates import local_today

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
FIGURES = {"hours": 24, "completions": 5, "supervision": 4, "certifications": 2}


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    from flask_migrate import upgrade

    from tracker.services import demo

    settings = TestConfig.as_dict()
    settings.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=False,
        TODAY=local_today(),
    )
    app = create_app(settings, instance_path=str(tmp_path / "instance"))
    with app.app_context():
        upgrade()
        demo.seed(DEMO_PASSWORD)
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def _import(page: Any, kind: str) -> None:
    page.goto(f"/coordinator/import-history/{kind}")
    page.get_by_label("CSV file").set_input_files(str(EXAMPLES / f"history-{kind}.csv"))
    page.get_by_role("button", name="Check the file").click()


def test_the_example_history_imports_in_the_browser_and_again_changes_nothing(
    browser: Any, fresh_server: tuple[Flask, str]
) -> None:
    app, url = fresh_server
    page = browser.new_context(base_url=url).new_page()
    log_in(page, "coordinator@example.org")
    for kind, count in FIGURES.items():
        _import(page, kind)
        expect(page.get_by_role("status").last).to_contain_text(
            f"{count} new rows are ready to import; 0 already present"
        )
        page.get_by_role("button", name="Import the new rows").click()
        expect(page.locator(".flashes")).to_contain_text(
            f"Imported {count} rows; 0 already present were skipped."
        )
    for kind, count in FIGURES.items():
        _import(page, kind)
        expect(page.get_by_role("status").last).to_contain_text(
            f"0 new rows are ready to import; {count} already present"
        )
        page.get_by_role("button", name="Import the new rows").click()
        expect(page.locator(".flashes")).to_contain_text(f"Imported 0 rows; {count} already")

    with app.app_context():
        code = db.session.scalar(
            select(Certification.verification_code).where(Certification.number == "OLD-PSS-0042")
        )
    page.goto("/verify")
    page.get_by_label("Verification code").fill(code)
    page.get_by_role("button", name="Check certificate").click()
    expect(page.locator(".verify-details")).to_contain_text("OLD-PSS-0042")
    expect(page.locator(".verify-details")).to_contain_text("01 Jun 2025")
