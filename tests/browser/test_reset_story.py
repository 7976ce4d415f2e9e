"""A person who forgot their password gets a link by mail (a real SMTP server) and sets a
new one in the browser; every other session of the account ends."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.smtp_server import mail_settings, text_of
from tracker.extensions import db
from tracker.models import Role
from tracker.services import accounts, outbox

OLD = "the forgotten password"
NEW = "a fresh memorable passphrase"


@pytest.fixture
def mailing_app(live_app: Flask, live_server: str, smtp: Any) -> Any:
    """The live app sending to the test's SMTP server, for this test only."""
    kept = {key: live_app.config.get(key) for key in mail_settings(0)}
    live_app.config.update(mail_settings(smtp[1]))
    yield live_app
    live_app.config.update(kept)


def test_a_forgotten_password_is_reset_from_a_mailed_link(
    page: Page, page_as: Any, mailing_app: Flask, smtp: Any
) -> None:
    server, _ = smtp
    with mailing_app.app_context():
        accounts.create_user("reset.story@example.org", "Rowan Reset", Role.TRAINEE, OLD)
        db.session.commit()
        db.session.remove()
    elsewhere = page_as("reset.story@example.org", OLD)
    expect(elsewhere).to_have_url(re.compile(r"/dashboard$"))

    with mailing_app.app_context():  # what other stories queued goes out first
        outbox.send_all()
        db.session.remove()

    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("reset.story@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your mail")

    with mailing_app.app_context():
        assert len(outbox.send_all().sent) == 1
        db.session.remove()
    [message] = server.to("reset.story@example.org")
    link = re.search(r"http://127\.0\.0\.1:\d+/reset/\S+", text_of(message))
    assert link is not None

    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Repeat the new password").fill(NEW)
    page.get_by_role("button", name="Set password").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))

    # The other browser was logged out; the link works only once.
    elsewhere.goto("/dashboard")
    expect(elsewhere).to_have_url(re.compile(r"/login"))
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
