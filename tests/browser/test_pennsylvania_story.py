"""The Pennsylvania CPS template end to end in a real browser: a trainee one hour short of
the 75 hours of approved training, with neither twelve months of work nor a transcript
and no notarised release, is told exactly that on the dashboard; she reports the missing
hour, uploads a transcript (the second option of "work or credits") and the release; a
coordinator verifies and accepts them; only then does the dashboard say she meets every
requirement.

Jamie Keystone, the trainee, is made by this module only.
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
    Domain,
    Enrolment,
    ExternalTraining,
    ExternalTrainingDomain,
    Program,
    ReviewStatus,
    User,
)
from tracker.services import accounts
from tracker.services.dates import local_today

TRAINEE = "jamie.keystone@example.org"
NAME = "Jamie Keystone"
COORDINATOR = "coordinator@example.org"
PROGRAM = "Pennsylvania Certified Peer Specialist"
TRAINING = "75 hours of approved CPS training"
WORK_OR_CREDITS = "12 months of peer-support work or 24 college credits, within the last 3 years"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_jamie(app: Flask) -> None:
    """The PCB exam passed and the code signed; 74 verified hours of approved training."""
    with app.app_context():
        today = local_today()
        lead = db.session.scalar(select(User).where(User.email == COORDINATOR))
        program = db.session.scalar(select(Program).where(Program.code == "PACPS"))
        jamie = accounts.create_user(TRAINEE, NAME, "trainee", password=DEMO_PASSWORD)
        db.session.add(Enrolment(trainee_id=jamie.id, program_id=program.id))
        cps = db.session.scalar(select(Domain).where(Domain.code == "cps_training"))
        training = ExternalTraining(
            trainee_id=jamie.id,
            provider="Keystone peer academy",
            title="CPS core course",
            completed_on=today - timedelta(days=90),
            minutes=74 * 60,
            status=ReviewStatus.APPROVED,
            decided_by_id=lead.id,
        )
        training.domain_hours = [ExternalTrainingDomain(domain_id=cps.id, minutes=74 * 60)]
        db.session.add(training)
        exam_passed(jamie.id, "pcb-cps", lead.id, today - timedelta(days=20))
        ethics_acknowledged(jamie.id, "pcb", today - timedelta(days=5))
        db.session.commit()


def program_card(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("region", name=PROGRAM)


def rule_row(page: Page, label: str):  # type: ignore[no-untyped-def]
    return program_card(page).locator(".progress-row", has_text=label)


def expect_flash(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def upload(page: Page, name: str) -> None:
    page.get_by_label("File").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload").click()
    expect_flash(page, "A coordinator will review it")


def test_a_trainee_meets_the_pennsylvania_template_through_the_pages(
    page: Page, login, page_as, live_app: Flask
) -> None:
    make_jamie(live_app)
    login(TRAINEE)
    page.goto("/dashboard")
    card = program_card(page)
    expect(card).to_contain_text("You meet 2 of 5 requirements")
    expect(rule_row(page, TRAINING)).to_contain_text("74 of 75 hours · 1 hour to go")
    expect(card).to_contain_text("Complete 1 more training hour in Approved CPS training")
    expect(card).to_contain_text(
        "Meet one of these: 12 months of peer-support work or A transcript with 24 college credits"
    )

    # The missing hour, taken elsewhere.
    rule_row(page, TRAINING).get_by_role("link", name="Report training taken elsewhere").click()
    page.get_by_label("Provider").fill("Keystone peer academy")
    page.get_by_label("Title").fill("CPS core course, last session")
    page.get_by_label("Hours", exact=True).fill("1")
    page.get_by_label("Approved CPS training").fill("1")
    page.get_by_role("button", name="Send for verification").click()
    expect_flash(page, "A coordinator will verify it")

    # A transcript: the second option of "work or credits".
    page.goto("/dashboard")
    rule_row(page, WORK_OR_CREDITS).get_by_role("link", name="Upload your documents").click()
    page.get_by_role("link", name=re.compile("College transcript")).click()
    upload(page, "transcript.pdf")

    # The notarised release.
    page.goto("/dashboard")
    rule_row(page, "Notarised release").get_by_role("link", name="Upload the document").click()
    upload(page, "release.pdf")

    page.goto("/dashboard")
    expect(program_card(page)).to_contain_text("You meet 2 of 5 requirements")

    coordinator = page_as(COORDINATOR)
    coordinator.goto("/coordinator/evidence/documents")
    for _ in range(2):
        coordinator.get_by_role("link", name=re.compile(f"Accept.*{NAME}")).first.click()
        coordinator.get_by_role("button", name="Accept").click()
        expect_flash(coordinator, f"of {NAME}")
        coordinator.goto("/coordinator/evidence/documents")
    coordinator.goto("/coordinator/evidence/training")
    coordinator.get_by_role("button", name=re.compile(f"Verify .*{NAME}")).click()
    expect_flash(coordinator, f"Verified 1 hour of training of {NAME}.")

    page.goto("/dashboard")
    card = program_card(page)
    expect(card).to_contain_text("You meet every requirement")
    expect(rule_row(page, TRAINING)).to_contain_text("Done")
    expect(rule_row(page, "Notarised release")).to_contain_text("Done")
