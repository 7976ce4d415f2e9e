"""The coordinator's story from issue #4, in a real browser.

Morgan Ellis (coordinator@example.org) works through the review queue,
issues a certification to the trainee the demo has ready (Casey Morgan) and
revokes it, is stopped from issuing to a new trainee (Sam Taylor) without a
written reason, reads the reports, exports CSV and finds it all in the audit
log.  Kai Nguyen's pending hours, Casey and Sam are used by this module only.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Certification, HourEntry, User
from tracker.services import reports

COORDINATOR = "coordinator@example.org"
NUMBER = re.compile(r"PSS-\d{4}-\d{5}")


# --- helpers -----------------------------------------------------------------------------


def expect_flash(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def main_nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def hour_entry(app: Flask, entry_id: int) -> HourEntry:
    with app.app_context():
        entry = db.session.get(HourEntry, entry_id)
        db.session.expunge(entry)
        return entry


def certification_count(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(Certification)
            .join(User, Certification.trainee_id == User.id)
            .where(User.email == email)
        )


def open_trainee(page: Page, name: str) -> None:
    main_nav(page, "Trainees")
    page.get_by_label("Search name or email").fill(name)
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def audit_rows(page: Page, action: str) -> object:
    main_nav(page, "Audit log")
    page.get_by_label("Action").select_option(action)
    page.get_by_role("button", name="Filter").click()
    return page.get_by_role("table").get_by_role("row")


def downloaded(page: Page, link_name: str) -> tuple[str, bytes]:
    with page.expect_download() as download:
        page.get_by_role("main").get_by_role("link", name=link_name, exact=True).click()
    body = Path(download.value.path()).read_bytes()
    return download.value.suggested_filename, body


# --- the stories -------------------------------------------------------------------------


def test_review_queue_approve_and_reject_with_a_reason(page: Page, login, live_app: Flask) -> None:
    login(COORDINATOR)
    main_nav(page, "Review")
    expect(page.get_by_role("heading", level=2, name="Hours waiting for review")).to_be_visible()
    page.get_by_label("Trainee name or email").fill("kai.nguyen@example.org")
    page.get_by_role("button", name="Filter").click()
    queue = page.get_by_role("table")
    expect(queue.get_by_role("caption")).to_have_text("3 entries waiting")

    # Approve the oldest.
    approve = queue.get_by_role("button", name=re.compile(r"^Approve .* of Kai Nguyen on ")).first
    approve_name = " ".join(approve.text_content().split())
    approved_id = int(re.search(r"/hours/(\d+)/approve", approve.get_attribute("formaction"))[1])
    approve.click()
    expect_flash(page, re.compile(r"Approved [\d.]+ hours? of Kai Nguyen on \d{1,2} \w{3} \d{4}\."))
    expect(page.get_by_role("button", name=approve_name, exact=True)).to_have_count(0)
    expect(queue.get_by_role("caption")).to_have_text("2 entries waiting")
    assert hour_entry(live_app, approved_id).status == "approved"

    # Reject the next one: a reason is required, and the trainee will see it.
    reject = queue.get_by_role("link", name=re.compile(r"^Reject… .* of Kai Nguyen on ")).first
    rejected_id = int(re.search(r"/hours/(\d+)/reject", reject.get_attribute("href"))[1])
    reject.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reject hours")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Reject").click()
    assert posted.value.status == 400
    reason = page.get_by_label("Reason")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(re.compile(r"The trainee sees this\..+"))
    assert hour_entry(live_app, rejected_id).status == "pending"

    reason.fill("Please log the two group sessions as two entries, one per day.")
    page.get_by_role("button", name="Reject").click()
    expect(page).to_have_url(re.compile(r"/coordinator/review"))
    expect_flash(page, "Rejected the entry of Kai Nguyen; they see your reason.")
    rejected = hour_entry(live_app, rejected_id)
    assert rejected.status == "rejected"
    assert rejected.rejection_reason == (
        "Please log the two group sessions as two entries, one per day."
    )
    page.goto("/coordinator/review?q=kai.nguyen%40example.org")
    expect(page.get_by_role("table").get_by_role("caption")).to_have_text("1 entry waiting")


def test_issue_to_an_eligible_trainee_then_revoke_it_and_find_both_in_the_audit_log(
    page: Page, login, today: date
) -> None:
    login(COORDINATOR)
    open_trainee(page, "Casey Morgan")
    program = page.get_by_role("region", name=re.compile("^Peer Support Specialist"))
    expect(program).to_contain_text("Eligible")
    expect(program).to_contain_text("Every requirement is met (4 of 4)")
    expect(program.get_by_label("Reason for the override")).to_have_count(0)
    program.get_by_role("button", name="Issue the Peer Support Specialist certification").click()

    # A summary first: who, what, the dates, what becomes public; nothing issued yet.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Issue the Peer Support Specialist certification to Casey Morgan?"
    )
    expect(page.locator("dl.decision-summary")).to_contain_text(
        "Every requirement of the program is met."
    )
    expect(page.get_by_role("heading", name="What becomes public")).to_be_visible()
    page.get_by_role("button", name="Issue the certificate").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(rf"^Certification PSS-{today.year}-\d{{5}}$"))
    number = NUMBER.search(heading.inner_text())[0]
    expect_flash(page, f"Issued certification {number} to Casey Morgan.")
    details = page.locator("dl.details")
    expect(details).to_contain_text("Casey Morgan")
    expect(details).to_contain_text("Valid")
    code = page.locator("code.verification-code")
    expect(code).to_have_text(re.compile(r"^([2-9A-HJKMNP-Z]{4}-){4}[2-9A-HJKMNP-Z]{4}$"))

    # Revoke: a reason is required.
    revoke = page.get_by_role("button", name="Revoke certification")
    revoke.click()
    reason = page.get_by_label("Reason for revoking")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("dl.details")).to_contain_text("Valid")
    reason.fill("Issued in error: the exam result was entered for the wrong trainee.")
    revoke.click()
    # The summary says what becomes public; only its button revokes.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Revoke certificate {number}?")
    expect(page.locator("dl.decision-summary")).to_contain_text("Issued in error")
    page.get_by_role("button", name="Revoke the certificate").click()
    expect_flash(page, f"{number} is revoked.")
    expect(page.locator("dl.details")).to_contain_text("Revoked")
    expect(page.get_by_role("button", name="Revoke certification")).to_have_count(0)

    # The audit log has both, with who did it.
    issued = audit_rows(page, "certification.issued").filter(has_text=number)
    expect(issued).to_have_count(1)
    expect(issued).to_contain_text("Morgan Ellis")
    expect(issued).to_contain_text(f"issued {number} to Casey Morgan")
    revoked = audit_rows(page, "certification.revoked").filter(has_text=number)
    expect(revoked).to_have_count(1)
    expect(revoked).to_contain_text("Morgan Ellis")
    revoked.get_by_text("Before and after").click()
    expect(revoked).to_contain_text("Issued in error: the exam result was entered")


def test_a_trainee_not_eligible_shows_what_is_missing_and_the_override_needs_a_reason(
    page: Page, login, live_app: Flask
) -> None:
    login(COORDINATOR)
    open_trainee(page, "Sam Taylor")
    program = page.get_by_role("region", name=re.compile("^Peer Support Specialist"))
    expect(program).to_contain_text("Not yet eligible")
    missing = program.get_by_role("list").filter(has_text="Log 100 more hours")
    expect(missing).to_contain_text(
        "Complete 10 more modules: PSS-101 Foundations of peer support,"
    )
    expect(missing).to_contain_text("Read and acknowledge the Code of ethics (version 2).")
    expect(program.get_by_role("button", name=re.compile("^Issue the "))).to_have_count(0)

    # Without a reason: told next to the field, nothing issued.
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        program.get_by_role("button", name="Issue with override").click()
    assert posted.value.status == 400
    program = page.get_by_role("region", name=re.compile("^Peer Support Specialist"))
    reason = program.get_by_label("Reason for the override")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(
        re.compile("Not every rule is met. To issue anyway, write the reason for the override.")
    )
    assert certification_count(live_app, "sam.taylor@example.org") == 0

    # With one: issued, and the override is audited with its reason.
    reason.fill("Twenty years as a peer mentor with the county; credential transferred.")
    program.get_by_role("button", name="Issue with override").click()
    expect(page.locator("dl.decision-summary")).to_contain_text("Override: Twenty years")
    assert certification_count(live_app, "sam.taylor@example.org") == 0
    page.get_by_role("button", name="Issue the certificate").click()
    expect_flash(page, "The override and its reason are in the audit log.")
    number = NUMBER.search(page.get_by_role("heading", level=1).inner_text())[0]
    assert certification_count(live_app, "sam.taylor@example.org") == 1
    override = audit_rows(page, "certification.override").filter(has_text=number)
    expect(override).to_have_count(1)
    override.get_by_text("Before and after").click()
    expect(override).to_contain_text("Twenty years as a peer mentor")


def test_reports_show_a_chart_and_a_table_and_export_csv(page: Page, login) -> None:
    login(COORDINATOR)
    main_nav(page, "Reports")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")

    chart = page.get_by_role("img", name="Approved hours per month")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Approved hours per month")
    expect(table.get_by_role("row")).to_have_count(12 + 2)  # header, 12 months, total
    total = table.get_by_role("row", name=re.compile("^Total")).get_by_role("cell").first
    chart_text = chart.get_attribute("aria-labelledby")
    description = page.locator(f"#{chart_text.split()[1]}").text_content()
    assert f"Total: {total.inner_text()} hours" in description  # chart and table agree
    expect(page.get_by_role("img", name="Approved hours by activity")).to_be_visible()
    expect(
        page.get_by_role("table", name="Enrolled, eligible and certified trainees")
    ).to_be_visible()

    # Filtering by program narrows the numbers.
    page.get_by_label("Program").select_option(label="Support Group Facilitator")
    page.get_by_role("button", name="Update").click()
    expect(page).to_have_url(re.compile(r"program=\d+"))
    funnel = page.get_by_role("table", name="Enrolled, eligible and certified trainees")
    expect(funnel.get_by_role("rowheader")).to_have_text(["Support Group Facilitator"])

    for link, header, prefix in [
        ("Hour entries in this range", reports.HOURS_HEADER, "hours-"),
        ("Trainees' progress", reports.PROGRESS_HEADER, "progress"),
        ("Certifications", reports.CERTIFICATIONS_HEADER, "certifications"),
    ]:
        name, body = downloaded(page, link)
        assert name.startswith(prefix) and name.endswith(".csv"), name
        assert body.startswith("\ufeff".encode())  # so spreadsheets read names correctly
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows[0] == header, f"{name}: first line {rows[0]}"
        assert len(rows) > 1, f"{name} has no data rows"
        assert all(len(row) == len(header) for row in rows), name


def test_import_trainees_from_an_uploaded_csv_file(
    page: Page, login, live_app: Flask, tmp_path: Path
) -> None:
    """The upload path, as a coordinator meets it: a spreadsheet's file, checked, imported."""
    emails = ["upload.one@example.org", "upload.two@example.org"]
    sheet = tmp_path / "new-trainees.csv"
    sheet.write_bytes(
        "\ufeffName,E-mail,Program\r\n"
        f"Uma Upload,{emails[0]},PSS\r\n"
        f'"Owusu, Tom",{emails[1]},\r\n'.encode()
    )
    login(COORDINATOR)
    main_nav(page, "Trainees")
    page.get_by_role("link", name="Import from CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import trainees from a CSV file")
    page.get_by_label("CSV file").set_input_files(sheet)
    page.get_by_role("button", name="Check the file").click()
    expect(
        page.get_by_role("status").filter(has_text="All 2 rows are ready to import.")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Rows in the file")).to_contain_text("Owusu, Tom")

    page.get_by_role("button", name="Import these trainees").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2 trainees imported")
    invitations = page.get_by_role("table", name="Invitations")
    expect(invitations).to_contain_text("Uma Upload")
    expect(invitations).to_contain_text("/invite/")
    with live_app.app_context():
        stored = db.session.scalars(select(User.email).where(User.email.in_(emails))).all()
        db.session.remove()
    assert sorted(stored) == emails
