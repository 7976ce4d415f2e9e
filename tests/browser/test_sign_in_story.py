"""A paper sign-in sheet in a real browser: a coordinator lists the twenty trainees of a
program, gives the session once (date, activity, setting, supervisor), types each
person's hours, and records the sheet in one submit; every entry is stored approved.

The program and its twenty trainees are made by this module only."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Enrolment, HourEntry, HourStatus, Program, User
from tracker.services import accounts
from tracker.services.dates import local_today

PEOPLE = [f"Sheet Person {n:02}" for n in range(1, 21)]


def make_group(app: Flask) -> int:
    with app.app_context():
        program = Program(code="SHEET", name="Sign-in sheet group", validity_months=24)
        db.session.add(program)
        db.session.flush()
        for n, name in enumerate(PEOPLE, start=1):
            person = accounts.create_user(f"sheet.person{n}@example.org", name, "trainee")
            db.session.add(Enrolment(trainee_id=person.id, program_id=program.id))
        db.session.commit()
        return program.id


def test_a_coordinator_enters_a_twenty_person_sign_in_sheet(
    page: Page, login, live_app: Flask
) -> None:
    program_id = make_group(live_app)
    login("coordinator@example.org")
    page.goto("/coordinator/hours/sheet")
    page.get_by_label("List the trainees of").select_option(str(program_id))
    page.get_by_role("button", name="List them").click()
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(21)

    page.get_by_label("Date").fill(local_today().isoformat())
    page.get_by_label("Activity").select_option("support_group")
    page.get_by_label("This time was supervised").check()
    page.get_by_label("Supervisor's name").fill("Priya Raman")
    for n, name in enumerate(PEOPLE):
        page.get_by_label(name, exact=True).fill("1.5" if n % 2 else "2")
    page.get_by_role("button", name="Record the sheet").click()
    expect(page.locator(".flashes")).to_contain_text("Recorded and approved the hours of 20")

    with live_app.app_context():
        rows = db.session.execute(
            select(HourEntry.status, func.count(), func.sum(HourEntry.minutes))
            .join(User, User.id == HourEntry.trainee_id)
            .where(User.display_name.in_(PEOPLE))
            .group_by(HourEntry.status)
        ).all()
    assert rows == [(HourStatus.APPROVED, 20, 10 * 90 + 10 * 120)]
