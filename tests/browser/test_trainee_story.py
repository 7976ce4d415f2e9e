"""The trainee's story from issue #3, in a real browser.

Alex Rivera (trainee@example.org, half-way through the specialist program)
reads their progress, logs hours, gets a bad entry explained, reports a
module, acknowledges the new code of ethics, and sees the number move once a
coordinator (a second browser, at the same time) approves the hours.  Then
the same flow at a phone's width, with the keyboard only.

Only this module changes Alex's records.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask import Flask
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import HourEntry, User

TRAINEE = "trainee@example.org"
NAME = "Alex Rivera"
PROGRAM = "Peer Support Specialist"
HOURS_RULE = "100 approved volunteer hours"
SUPERVISED_RULE = "25 supervised hours within the last 24 months"
PHONE = {"width": 375, "height": 812}


# --- helpers -----------------------------------------------------------------------------


def entries_of(app: Flask, email: str) -> list[HourEntry]:
    with app.app_context():
        entries = list(
            db.session.scalars(
                select(HourEntry)
                .join(User, HourEntry.trainee_id == User.id)
                .where(User.email == email)
                .order_by(HourEntry.id)
            )
        )
        db.session.expunge_all()
        return entries


def entry_count(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(HourEntry)
            .join(User, HourEntry.trainee_id == User.id)
            .where(User.email == email)
        )


def rule_numbers(page: Page, rule: str) -> tuple[float, float]:
    """(done, waiting for review) as the dashboard writes them under the rule's progress bar."""
    program = page.get_by_role("region", name=PROGRAM)
    row = program.locator(".progress-row", has=page.get_by_role("progressbar", name=rule))
    text = row.locator(".progress-text").inner_text()
    done = re.match(r"\s*([\d.]+) of ", text)
    assert done, f"no 'X of ...' in {text!r}"
    pending = re.search(r"([\d.]+) hours? waiting for review", text)
    return float(done.group(1)), float(pending.group(1)) if pending else 0.0


def expect_flash(page: Page, text: str) -> None:
    """A message shown after an action (in a role="status" region, read out by screen readers)."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at a {PHONE['width']}px viewport"


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until ``target`` has the focus (fails when it is not reachable)."""
    for _ in range(limit):
        if is_focused(target):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


def tab_next(page: Page, target: Locator, leaving: Locator | None = None) -> None:
    """The next Tab moves the focus to ``target``: the focus order follows the form.

    ``leaving``: a field with inner stops (a date field's picker button) left first.
    """
    page.keyboard.press("Tab")
    for _ in range(3):
        if leaving is None or not is_focused(leaving):
            break
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


# --- the story ---------------------------------------------------------------------------


def test_trainee_logs_hours_reports_a_module_and_sees_progress_after_approval(
    page: Page, login, page_as, live_app: Flask, today: date
) -> None:
    login(TRAINEE)
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {NAME}")
    ethics_notice = page.get_by_text("A new version of the code of ethics has been published")
    expect(ethics_notice).to_be_visible()
    done_before, pending_before = rule_numbers(page, HOURS_RULE)
    supervised_before, _ = rule_numbers(page, SUPERVISED_RULE)
    assert done_before < 100  # half-way: the bar is not full

    # Log hours through the form.
    worked_on = today - timedelta(days=2)
    page.get_by_role("link", name="Log hours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log hours")
    expect(page.get_by_text("Never name or describe the people you supported")).to_be_visible()
    page.get_by_label("Date").fill(worked_on.isoformat())
    page.get_by_label("Hours").fill("6.25")
    page.get_by_label("Activity").select_option(label="Support group")
    page.get_by_label("Setting").select_option(label="Online")
    page.get_by_label("Paid or volunteer").select_option(label="Volunteer")
    page.get_by_label("This time was supervised").check()
    page.get_by_label("Supervisor's name").fill("Jordan Blake, CPS")
    page.get_by_label("Notes (optional)").fill("Co-facilitated the evening recovery group.")
    page.get_by_role("button", name="Save entry").click()

    expect(page).to_have_url(re.compile(r"/hours$"))
    expect_flash(
        page, f"Saved: 6.25 hours on {human_date(worked_on)}. A coordinator will review them."
    )
    row = (
        page.get_by_role("row")
        .filter(has_text=human_date(worked_on))
        .filter(has_text="6.25")
        .filter(has_text="supervised by Jordan Blake, CPS")
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Waiting for review")
    count = entry_count(live_app, TRAINEE)

    # A bad entry: the message next to the field, a 400, and nothing stored.
    page.get_by_role("link", name="Log hours").click()
    page.get_by_label("Hours").fill("25")
    page.get_by_label("Activity").select_option(label="One-on-one")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save entry").click()
    assert posted.value.status == 400
    hours_field = page.get_by_label("Hours")
    expect(hours_field).to_have_attribute("aria-invalid", "true")
    expect(hours_field).to_have_accessible_description(re.compile(r"Enter at most 24 hours\."))
    expect(hours_field).to_have_value("25")  # what was typed is kept, to correct it
    expect(page.get_by_role("alert")).to_contain_text("Hours: Enter at most 24 hours.")
    assert entry_count(live_app, TRAINEE) == count

    # Report a module from the training page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Training").click()
    reported_on = today - timedelta(days=1)
    page.get_by_label("Module", exact=True).select_option(
        label="PSS-108 Self-care and avoiding burnout"
    )
    page.get_by_label("Date completed").fill(reported_on.isoformat())
    page.get_by_role("button", name="Report as completed").click()
    expect_flash(
        page,
        f"Reported: PSS-108 Self-care and avoiding burnout, completed {human_date(reported_on)}. "
        "A coordinator will verify it.",
    )

    # Acknowledge the code of ethics (Alex acknowledged version 1; version 2 is current).
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Code of ethics").click()
    expect(page.get_by_text("This is a new version of the code")).to_be_visible()
    confirm = page.get_by_label("I have read the code of ethics and I will follow it")
    page.get_by_role("button", name="Acknowledge").click()  # without the tick: told, not stored
    expect(confirm).to_have_accessible_description(re.compile("Tick the box to confirm"))
    acknowledged = page.get_by_role("table", name="Versions you acknowledged")
    version_2 = acknowledged.get_by_role("row").filter(has_text="(revised)")
    expect(acknowledged.get_by_role("row").filter(has_text="peer supporters")).to_have_count(1)
    expect(version_2).to_have_count(0)
    confirm.check()
    page.get_by_role("button", name="Acknowledge").click()
    expect_flash(page, "Thank you. You acknowledged the Code of ethics, version 2")
    expect(version_2).to_be_visible()
    expect(confirm).to_have_count(0)

    # The dashboard: the new hours wait for review, the module for verification, ethics done.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    done, pending = rule_numbers(page, HOURS_RULE)
    assert (done, pending) == (done_before, pending_before + 6.25)
    program = page.get_by_role("region", name=PROGRAM)
    expect(program).to_contain_text(
        "PSS-108 Self-care and avoiding burnout: not met · reported, waiting for a coordinator"
    )
    ethics_row = program.locator(".progress-row").filter(has_text="Acknowledge the Code of ethics")
    expect(ethics_row).to_contain_text("Done")
    expect(
        page.get_by_text("A new version of the Code of ethics has been published")
    ).to_have_count(0)

    # A coordinator, in a browser of their own, approves the entry from the review queue.
    coordinator = page_as("coordinator@example.org")
    coordinator.get_by_role("navigation", name="Main").get_by_role("link", name="Review").click()
    coordinator.get_by_label("Trainee name or email").fill(TRAINEE)
    coordinator.get_by_role("button", name="Filter").click()
    approve = coordinator.get_by_role(
        "button", name=f"Approve 6.25 hours of {NAME} on {human_date(worked_on)}"
    )
    expect(approve).to_have_count(1)
    approve.click()
    expect_flash(coordinator, f"Approved 6.25 hours of {NAME} on {human_date(worked_on)}.")
    expect(approve).to_have_count(0)

    # The trainee's numbers have moved by exactly the approved amount.
    page.reload()
    assert rule_numbers(page, HOURS_RULE) == (done_before + 6.25, pending_before)
    assert rule_numbers(page, SUPERVISED_RULE)[0] == supervised_before + 6.25
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My hours").click()
    expect(row).to_contain_text("Approved")


def test_on_a_phone_with_the_keyboard_only(page_as, live_app: Flask, today: date) -> None:
    page = page_as(TRAINEE, viewport=PHONE)
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    no_horizontal_scroll(page)
    before = entry_count(live_app, TRAINEE)

    # From the dashboard to the form, then through every field in order: no clicks.
    tab_to(page, page.get_by_role("main").get_by_role("link", name="Log hours"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log hours")
    no_horizontal_scroll(page)

    worked_on = today - timedelta(days=4)
    date_field = page.get_by_label("Date")
    tab_to(page, date_field)
    page.keyboard.type(worked_on.strftime("%m%d%Y"))  # Chromium's en-US date field
    expect(date_field).to_have_value(worked_on.isoformat())
    tab_next(page, page.get_by_label("Hours"), leaving=date_field)
    page.keyboard.type("1.5")
    tab_next(page, page.get_by_label("Activity"))
    page.keyboard.type("One")  # a closed select picks the option typed
    expect(page.get_by_label("Activity")).to_have_value("one_on_one")
    tab_next(page, page.get_by_label("Setting"))
    page.keyboard.type("Phone")
    expect(page.get_by_label("Setting")).to_have_value("phone")
    tab_next(page, page.get_by_label("Paid or volunteer"))
    tab_next(page, page.get_by_label("This time was supervised"))
    page.keyboard.press("Space")
    expect(page.get_by_label("This time was supervised")).to_be_checked()
    tab_next(page, page.get_by_label("Supervisor's name"))
    page.keyboard.type("Dr. Lena Ortiz")
    tab_next(page, page.get_by_label("Notes (optional)"))
    page.keyboard.type("Phone check-in shift.")
    tab_next(page, page.get_by_role("button", name="Save entry"))
    page.keyboard.press("Enter")

    expect_flash(page, f"Saved: 1.5 hours on {human_date(worked_on)}.")
    no_horizontal_scroll(page)  # the hours list, a table, reflows too
    assert entry_count(live_app, TRAINEE) == before + 1
    saved = entries_of(live_app, TRAINEE)[-1]
    assert (saved.worked_on, saved.minutes, saved.activity, saved.setting) == (
        worked_on,
        90,
        "one_on_one",
        "phone",
    )
    assert saved.supervised and saved.supervisor_name == "Dr. Lena Ortiz"
    assert (saved.notes, saved.is_paid, saved.status) == ("Phone check-in shift.", False, "pending")

    # The form's error state fits the phone too, and the error is reachable from the summary.
    page.goto("/hours/new")
    page.get_by_label("Hours").fill("0.1")
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("alert")).to_be_visible()
    no_horizontal_scroll(page)
    tab_to(page, page.get_by_role("alert").get_by_role("link", name=re.compile("^Hours:")))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Hours")).to_be_focused()
    assert entry_count(live_app, TRAINEE) == before + 1


def test_every_trainee_page_fits_a_phone(page_as) -> None:
    page = page_as("dana.kim@example.org", viewport=PHONE)  # certified: every section shows
    for path in ["/dashboard", "/hours", "/hours/new", "/training", "/ethics", "/my-data"]:
        page.goto(path)
        no_horizontal_scroll(page)
    page.goto("/certificates")
    no_horizontal_scroll(page)
    expect(page.get_by_role("link", name=re.compile(r"^PDF of certificate"))).to_be_visible()
