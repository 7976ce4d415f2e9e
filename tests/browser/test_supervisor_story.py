"""A supervisor in a real browser: Chris Okafor (the demo's supervisor of Alex, Kai and
Quinn) opens Quinn's page from "My trainees", sees Quinn's progress and the supervised shift
and session waiting, approves the shift and rejects the session with a reason; another
trainee's page answers 404 and the coordinator pages 403."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import HourEntry, HourStatus, ReviewStatus, SupervisionRecord, User

SUPERVISOR = "mentor@example.org"


def _quinn(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == "quinn.martinez@example.org"))


def test_a_supervisor_signs_off_their_trainees_supervised_time(
    page: Page, login, live_app: Flask
) -> None:
    quinn = _quinn(live_app)
    login(SUPERVISOR)
    expect(page.get_by_role("heading", name="My trainees", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Sam Taylor")).to_have_count(0)
    page.get_by_role("link", name="Quinn Martinez").first.click()
    expect(page.get_by_role("heading", name="Quinn Martinez", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()

    page.get_by_role("button", name="Approve 3 hours of Quinn Martinez").click()
    expect(page.locator(".flashes")).to_contain_text(
        "Approved 3 supervised hours of Quinn Martinez"
    )
    page.get_by_role("link", name="Reject… 1 hours of supervision of Quinn Martinez").click()
    page.get_by_label("Reason").fill("We met for half an hour only; log 0.5.")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("No supervision sessions are waiting.")).to_be_visible()

    with live_app.app_context():
        shift = db.session.scalar(
            select(HourEntry).where(HourEntry.trainee_id == quinn, HourEntry.supervised.is_(True))
        )
        session = db.session.scalar(
            select(SupervisionRecord).where(
                SupervisionRecord.trainee_id == quinn,
                SupervisionRecord.supervisor_name == "Chris Okafor",
            )
        )
        assert shift.status == HourStatus.APPROVED
        assert session.status == ReviewStatus.REJECTED
        other = db.session.scalar(select(User.id).where(User.email == "sam.taylor@example.org"))

    assert page.goto(f"/supervisor/trainees/{other}").status == 404
    assert page.goto("/coordinator/").status == 403
