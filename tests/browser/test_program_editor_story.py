"""The program editor in a real browser: a coordinator creates a program from the IC&RC
Peer Recovery template, changes one requirement's hours through its form, and sees
whose standing the change would alter before saving it.

The trainee enrolled in the new program (Robin Editor) is made by this module only.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Enrolment, HourEntry, HourStatus, Program, Role, Setting, User
from tracker.services.dates import local_today

COORDINATOR = "coordinator@example.org"
CODE = "ICRCED"


def enrol_a_trainee_with_hours(app: Flask, code: str) -> None:
    """Robin has 24 approved practice hours, far from the template's 500."""
    with app.app_context():
        program = db.session.scalar(select(Program).where(Program.code == code))
        robin = User(email="robin.editor@example.org", display_name="Robin Editor")
        robin.role = Role.TRAINEE
        db.session.add(robin)
        db.session.flush()
        for days in (3, 4, 5):
            db.session.add(
                HourEntry(
                    trainee_id=robin.id,
                    worked_on=local_today() - timedelta(days=days),
                    minutes=480,
                    activity="support_group",
                    setting=Setting.IN_PERSON,
                    status=HourStatus.APPROVED,
                )
            )
        db.session.add(Enrolment(trainee_id=robin.id, program_id=program.id))
        db.session.commit()


def experience_minutes(app: Flask, code: str) -> int:
    with app.app_context():
        program = db.session.scalar(select(Program).where(Program.code == code))
        row = next(r for r in program.requirements if r.key == "experience")
        return int(row.settings["minutes"])


def test_a_program_from_the_template_edited_with_a_preview(
    page: Page, login, live_app: Flask
) -> None:
    login(COORDINATOR)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    page.get_by_role("main").get_by_role("link", name="New program").click()
    page.get_by_role("link", name=re.compile(r"^Use this template\W+IC&RC Peer Recovery")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "New program from the template IC&RC Peer Recovery"
    )
    expect(page.get_by_role("main")).to_contain_text("46 hours of training")
    page.get_by_label("Code").fill(CODE)
    page.get_by_label("Name").fill("IC&RC Peer Recovery (county)")
    page.get_by_role("button", name="Create the program").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("IC&RC Peer Recovery (county)")
    expect(page.locator(".requirement-card")).to_have_count(10)
    enrol_a_trainee_with_hours(live_app, CODE)

    # Requirement 6 is the 500 hours of experience: make it 20.
    page.reload()
    card = page.locator("#req-experience")
    expect(card).to_contain_text("500 hours of paid or volunteer experience")
    card.get_by_role("link", name="Edit requirement 6").click()
    hours = page.get_by_label("Hours required", exact=True)
    expect(hours).to_have_value("500")
    hours.fill("20")
    page.get_by_label("Label (optional)").fill("20 hours of paid or volunteer experience")
    page.get_by_role("button", name="Save the requirement").click()

    # The preview: Robin would meet one more requirement; nothing is saved yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the change before saving")
    row = page.get_by_role("row", name=re.compile("Robin Editor"))
    expect(row).to_contain_text("0 of 10 requirements met")
    expect(row).to_contain_text("1 of 10 requirements met")
    assert experience_minutes(live_app, CODE) == 500 * 60

    page.get_by_role("button", name="Save the requirement").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Requirement “20 hours of paid or volunteer experience” saved."
    )
    expect(page.locator("#req-experience")).to_contain_text("In plain words: 20 practice hours")
    assert experience_minutes(live_app, CODE) == 20 * 60
