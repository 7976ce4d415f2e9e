"""Evidence in a real browser: a trainee in the IC&RC Peer Recovery demo program sees what
is missing (a diploma, five hours of supervision, eight hours of ethics training), uploads
the diploma, logs a supervision session and reports training taken elsewhere, each from
the link on its requirement line; a coordinator (a second browser) accepts all three in
"Evidence to review"; the trainee's dashboard then shows every requirement met.

Morgan Evidence, the trainee, is made by this module only.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.records import ethics_acknowledged, exam_passed
from tracker.extensions import db
from tracker.models import (
    CompletionSource,
    CompletionStatus,
    Enrolment,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    Program,
    ReviewStatus,
    Setting,
    SupervisionRecord,
    User,
)
from tracker.services import accounts
from tracker.services.dates import local_today

TRAINEE = "morgan.evidence@example.org"
NAME = "Morgan Evidence"
COORDINATOR = "coordinator@example.org"
PROGRAM = "IC&RC Peer Recovery"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_morgan(app: Flask) -> None:
    """Everything IC&RC asks but the diploma, 5 of the 25 supervision hours, and the second
    ethics module (8 of the 16 ethics hours, 38 of the 46 in all)."""
    with app.app_context():
        today = local_today()
        lead = db.session.scalar(select(User).where(User.email == COORDINATOR))
        program = db.session.scalar(select(Program).where(Program.code == "ICRCPR"))
        morgan = accounts.create_user(TRAINEE, NAME, "trainee", password=DEMO_PASSWORD)
        db.session.add(Enrolment(trainee_id=morgan.id, program_id=program.id))
        for code in ("PR-ADV", "PR-MEN", "PR-REC", "PR-ETH1"):
            module = db.session.scalar(select(Module).where(Module.code == code))
            db.session.add(
                ModuleCompletion(
                    trainee_id=morgan.id,
                    module_id=module.id,
                    completed_on=today - timedelta(days=60),
                    source=CompletionSource.COORDINATOR,
                    status=CompletionStatus.VERIFIED,
                    recorded_by_id=lead.id,
                    verified_by_id=lead.id,
                )
            )
        for n in range(21):  # 21 days of 24 hours: 504 hours of experience
            db.session.add(
                HourEntry(
                    trainee_id=morgan.id,
                    worked_on=today - timedelta(days=30 + n),
                    minutes=24 * 60,
                    activity="support_group",
                    setting=Setting.IN_PERSON,
                    status=HourStatus.APPROVED,
                    decided_by_id=lead.id,
                )
            )
        for n in range(20):
            db.session.add(
                SupervisionRecord(
                    trainee_id=morgan.id,
                    held_on=today - timedelta(days=10 + n),
                    minutes=60,
                    supervisor_name="Dr Ada Stone",
                    status=ReviewStatus.APPROVED,
                    decided_by_id=lead.id,
                )
            )
        exam_passed(morgan.id, "icrc-pr", lead.id, today - timedelta(days=20))
        ethics_acknowledged(morgan.id, "icrc-pr", today - timedelta(days=5))
        db.session.commit()


def program_card(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("region", name=PROGRAM)


def rule_row(page: Page, label: str):  # type: ignore[no-untyped-def]
    card = program_card(page)
    return card.locator(".progress-row", has=page.get_by_role("progressbar", name=label))


def expect_flash(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def test_trainee_gives_evidence_and_a_coordinator_accepts_it(
    page: Page, login, page_as, live_app: Flask
) -> None:
    make_morgan(live_app)
    login(TRAINEE)
    page.goto("/dashboard")
    card = program_card(page)
    expect(card).to_contain_text("In progress")
    expect(rule_row(page, "25 hours of supervision")).to_contain_text("20 of 25 hours")
    expect(rule_row(page, "16 hours of training in Ethical responsibility")).to_contain_text(
        "8 of 16 hours"
    )

    # The diploma, from the link on its requirement line.
    card.get_by_role("link", name="Upload the document").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Upload")
    page.get_by_label("File").set_input_files(
        {"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload").click()
    expect_flash(page, "A coordinator will review it")

    # Five hours of supervision.
    page.goto("/dashboard")
    program_card(page).get_by_role("link", name="Log a supervision session").click()
    page.get_by_label("Hours").fill("5")
    page.get_by_label("Supervisor's name").fill("Dr Ada Stone")
    page.get_by_label("Individual or group").select_option("group")
    page.get_by_role("button", name="Save the session").click()
    expect_flash(page, "A coordinator will review it")
    expect(page.get_by_role("table", name=re.compile("21 sessions"))).to_be_visible()

    # Eight hours of ethics training taken elsewhere, with a certificate.
    page.goto("/dashboard")
    rule_row(page, "16 hours of training in Ethical responsibility").get_by_role(
        "link", name="Report training taken elsewhere"
    ).click()
    page.get_by_label("Provider").fill("State peer network")
    page.get_by_label("Title").fill("Ethics and boundaries")
    page.get_by_label("Hours", exact=True).fill("8")
    page.get_by_label("Ethical responsibility").fill("8")
    page.get_by_label("Certificate (optional)").set_input_files(
        {"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Send for verification").click()
    expect_flash(page, "A coordinator will verify it")

    # Still missing until a coordinator accepts them; waiting shows on the dashboard.
    page.goto("/dashboard")
    expect(rule_row(page, "25 hours of supervision")).to_contain_text("5 hours waiting for review")
    expect(program_card(page)).to_contain_text("In progress")

    coordinator = page_as(COORDINATOR)
    coordinator.goto("/coordinator/")
    coordinator.get_by_role("link", name="Review evidence").click()
    coordinator.get_by_role("button", name=re.compile(f"Approve .*{NAME}")).click()
    expect_flash(coordinator, "Approved 5 hours of supervision")
    coordinator.get_by_role("link", name=re.compile(r"^Documents \(")).click()
    coordinator.get_by_role("link", name=re.compile(f"Accept.*{NAME}")).click()
    coordinator.get_by_role("button", name="Accept").click()
    expect_flash(coordinator, f"of {NAME}")
    coordinator.get_by_role("link", name=re.compile(r"^Training taken elsewhere \(")).click()
    coordinator.get_by_role("button", name=re.compile(f"Verify .*{NAME}")).click()
    expect_flash(coordinator, "Verified 8 hours of training")

    page.goto("/dashboard")
    expect(program_card(page)).to_contain_text("You meet every requirement")
    expect(rule_row(page, "25 hours of supervision")).to_contain_text("Done")
    expect(rule_row(page, "High-school diploma or equivalent")).to_contain_text("Done")
    expect(rule_row(page, "16 hours of training in Ethical responsibility")).to_contain_text("Done")
