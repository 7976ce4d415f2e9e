"""WCAG 2.2 AA on every main page, for each audience, checked with axe-core in Chromium.

Each page is also loaded with the console watched: no script errors and no
Content-Security-Policy violations (Chromium reports those as console errors).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from sqlalchemy import func, select

from tests.browser.conftest import log_in
from tracker.extensions import db
from tracker.models import Certification, HourEntry, Program, User
from tracker.services.certifications import format_code

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
TRAINEE = "trainee@example.org"
CERTIFIED = "dana.kim@example.org"
COORDINATOR = "coordinator@example.org"
BOARD_TRAINEE = "jordan.rivers@example.org"  # IC&RC Peer Recovery: supervision, a diploma, an exam


# --- helpers -----------------------------------------------------------------------------


def user_id(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def certification_of(app: Flask, email: str) -> Certification:
    with app.app_context():
        certification = db.session.scalar(
            select(Certification)
            .join(User, Certification.trainee_id == User.id)
            .where(User.email == email)
        )
        db.session.expunge(certification)
        return certification


def program_id(app: Flask, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Program.id).where(Program.code == code))


def hour_count(app: Flask, email: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(HourEntry)
            .join(User, HourEntry.trainee_id == User.id)
            .where(User.email == email)
        )


def violations_text(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


class ConsoleWatch:
    """Console errors and uncaught exceptions of one page (CSP violations show up here)."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        self.expected_status: int | None = None
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught: {exc}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type not in ("error", "warning"):
            return
        text = message.text
        # A page answered on purpose with a 4xx (a form's error state, "not found"):
        # Chromium logs the status of the document itself; nothing else is allowed.
        if (
            self.expected_status
            and message.type == "error"
            and f"status of {self.expected_status}" in text
        ):
            return
        if message.type == "warning" and "Content Security Policy" not in text:
            return
        self.problems.append(f"{message.type}: {text}")


def check_page(page: Page, watch: ConsoleWatch, what: str) -> None:
    expect(page.get_by_role("main")).to_be_visible()
    results = AXE.run(page, options=AXE_OPTIONS).response
    violations = results["violations"]
    assert not violations, f"{what} ({page.url}) has WCAG violations:\n" + violations_text(
        violations
    )
    assert not watch.problems, f"{what} ({page.url}) logged console errors:\n" + "\n".join(
        watch.problems
    )


# --- fixtures: one logged-in browser context per audience ------------------------------


def _context_for(browser: Browser, context_args: dict[str, Any], email: str) -> BrowserContext:
    context = browser.new_context(**context_args)
    page = context.new_page()
    log_in(page, email)
    page.close()
    return context


@pytest.fixture(scope="module")
def contexts(
    browser: Browser, browser_context_args: dict[str, Any], live_server: str
) -> Iterator[Callable[[str | None], BrowserContext]]:
    made: dict[str | None, BrowserContext] = {}

    def _get(email: str | None) -> BrowserContext:
        if email not in made:
            made[email] = (
                browser.new_context(**browser_context_args)
                if email is None
                else _context_for(browser, browser_context_args, email)
            )
        return made[email]

    yield _get
    for context in made.values():
        context.close()


@pytest.fixture
def audit_page(contexts: Callable[[str | None], BrowserContext]) -> Iterator[Any]:
    """``audit_page(email)``: a new, watched page of that person's (None: anonymous)."""
    pages: list[Page] = []

    def _open(email: str | None) -> tuple[Page, ConsoleWatch]:
        page = contexts(email).new_page()
        pages.append(page)
        return page, ConsoleWatch(page)

    yield _open
    for page in pages:
        page.close()


# --- anyone ------------------------------------------------------------------------------


def test_login_page(audit_page) -> None:
    page, watch = audit_page(None)
    page.goto("/login")
    check_page(page, watch, "login")


def test_login_page_with_an_error(audit_page) -> None:
    page, watch = audit_page(None)
    page.goto("/login")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("not the password")
    watch.expected_status = 401
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, watch, "login with an error")


def test_forgot_password_page(audit_page) -> None:
    page, watch = audit_page(None)
    page.goto("/forgot-password")
    check_page(page, watch, "forgot password")
    watch.expected_status = 400
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page, watch, "forgot password with an error")


def test_verify_lookup(audit_page) -> None:
    page, watch = audit_page(None)
    page.goto("/verify")
    check_page(page, watch, "verify lookup")


def test_verify_result(audit_page, live_app: Flask) -> None:
    certification = certification_of(live_app, CERTIFIED)
    page, watch = audit_page(None)
    page.goto(f"/verify/{format_code(certification.verification_code)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate check")
    check_page(page, watch, "verify result")


def test_verify_not_found(audit_page) -> None:
    page, watch = audit_page(None)
    watch.expected_status = 404
    page.goto("/verify/NOPE-NOPE")
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate not found")
    check_page(page, watch, "verify not found")


# --- trainees ----------------------------------------------------------------------------

TRAINEE_PAGES = [
    (TRAINEE, "/dashboard"),
    (TRAINEE, "/hours"),
    (TRAINEE, "/training"),
    (TRAINEE, "/ethics"),
    (TRAINEE, "/my-data"),
    (TRAINEE, "/certificates"),
    (TRAINEE, "/account/mail"),
    (CERTIFIED, "/dashboard"),
    (CERTIFIED, "/certificates"),
    (CERTIFIED, "/ethics"),
    (BOARD_TRAINEE, "/dashboard"),
    (BOARD_TRAINEE, "/evidence"),
    (BOARD_TRAINEE, "/evidence/supervision/new"),
    (BOARD_TRAINEE, "/evidence/training/new"),
    (TRAINEE, "/hours/week"),
    ("mentor@example.org", "/supervisor/"),
]


@pytest.mark.parametrize(("email", "path"), TRAINEE_PAGES)
def test_trainee_page(audit_page, email: str, path: str) -> None:
    page, watch = audit_page(email)
    page.goto(path)
    check_page(page, watch, f"{email} {path}")


def test_new_hours_form_in_its_error_state(audit_page, live_app: Flask) -> None:
    before = hour_count(live_app, TRAINEE)
    page, watch = audit_page(TRAINEE)
    page.goto("/hours/new")
    check_page(page, watch, "new hours form")
    page.get_by_label("Hours").fill("25")
    page.get_by_label("This time was supervised").check()
    watch.expected_status = 400
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save entry").click()
    assert posted.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Please correct the highlighted fields")
    expect(page.get_by_label("Hours")).to_have_attribute("aria-invalid", "true")
    check_page(page, watch, "new hours form with errors")
    assert hour_count(live_app, TRAINEE) == before


# --- coordinators --------------------------------------------------------------------------

COORDINATOR_PAGES = [
    "/coordinator/",
    "/coordinator/review",
    "/coordinator/review/modules",
    "/coordinator/trainees",
    "/coordinator/modules",
    "/coordinator/modules/new",
    "/coordinator/sessions",
    "/coordinator/programs",
    "/coordinator/programs/new",
    "/coordinator/certifications",
    "/coordinator/reports",
    "/coordinator/accounts",
    "/coordinator/accounts/invite",
    "/coordinator/audit",
    "/coordinator/ethics",
    "/coordinator/trainees/import",
    "/coordinator/evidence",
    "/coordinator/evidence/documents",
    "/coordinator/evidence/training",
    "/coordinator/outbox",
    "/coordinator/hours/sheet",
    "/coordinator/import-history",
    "/coordinator/import-history/hours",
]


@pytest.mark.parametrize("path", COORDINATOR_PAGES)
def test_coordinator_page(audit_page, path: str) -> None:
    page, watch = audit_page(COORDINATOR)
    page.goto(path)
    check_page(page, watch, path)


@pytest.mark.parametrize(
    "email", ["casey.morgan@example.org", "sam.taylor@example.org", "jesse.park@example.org"]
)
def test_trainee_detail(audit_page, live_app: Flask, email: str) -> None:
    page, watch = audit_page(COORDINATOR)
    page.goto(f"/coordinator/trainees/{user_id(live_app, email)}")
    check_page(page, watch, f"trainee detail of {email}")


def test_program_form(audit_page, live_app: Flask) -> None:
    page, watch = audit_page(COORDINATOR)
    page.goto(f"/coordinator/programs/{program_id(live_app, 'PSS')}/edit")
    check_page(page, watch, "program form")


def test_certification_detail(audit_page, live_app: Flask) -> None:
    certification = certification_of(live_app, "jesse.park@example.org")
    page, watch = audit_page(COORDINATOR)
    page.goto(f"/coordinator/certifications/{certification.id}")
    check_page(page, watch, "certification detail")


@pytest.mark.parametrize("module", ["PSS-106", "PSS-107"])  # attendance recorded / to record
def test_session_detail(audit_page, module: str) -> None:
    page, watch = audit_page(COORDINATOR)
    page.goto("/coordinator/sessions")
    page.get_by_role("row", name=re.compile(module)).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(module)
    check_page(page, watch, f"session of {module}")


def test_the_checker_finds_a_planted_violation(audit_page) -> None:
    """Guards the checks above against passing vacuously (axe not running, wrong tags)."""
    page, watch = audit_page(None)
    page.goto("/login")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<input type=text id=planted><p style=\"color: red\">inline style</p>')"
    )
    page.evaluate("console.error('planted console error')")
    results = AXE.run(page, options=AXE_OPTIONS).response
    ids = {v["id"] for v in results["violations"]}
    assert "label" in ids, violations_text(results["violations"])
    assert any("planted console error" in p for p in watch.problems)
    assert any("Content Security Policy" in p for p in watch.problems), watch.problems


# --- the program editor and the vocabularies -----------------------------------------------

EDITOR_PAGES = [
    "/coordinator/vocabularies",
    "/coordinator/vocabularies/domains",
    "/coordinator/vocabularies/exams/new",
    "/coordinator/programs/new/pennsylvania-cps",
    "{program}",
    "{program}/add-requirement",
    "{program}/add-requirement/experience_hours",
    "{program}/add-requirement/alternatives",
    "{program}/requirements/hours/edit",
    "{program}/renewal",
]


@pytest.mark.parametrize("path", EDITOR_PAGES)
def test_program_editor_page(audit_page, live_app: Flask, path: str) -> None:
    page, watch = audit_page(COORDINATOR)
    page.goto(path.format(program=f"/coordinator/programs/{program_id(live_app, 'PSS')}"))
    check_page(page, watch, path)


def test_requirement_form_with_errors_and_the_preview(audit_page, live_app: Flask) -> None:
    page, watch = audit_page(COORDINATOR)
    page.goto(f"/coordinator/programs/{program_id(live_app, 'PSS')}/requirements/hours/edit")
    page.get_by_label("Hours required", exact=True).fill("0")
    watch.expected_status = 400
    page.get_by_role("button", name="Save the requirement").click()
    expect(page.get_by_role("alert")).to_contain_text("Hours required")
    check_page(page, watch, "requirement form with an error")
    # A value that saves: the program has enrolled trainees, so the preview comes first.
    page.get_by_label("Hours required", exact=True).fill("90")
    page.get_by_role("button", name="Save the requirement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the change before saving")
    check_page(page, watch, "preview of a change")


def test_alternatives_with_an_open_option(audit_page, live_app: Flask) -> None:
    page, watch = audit_page(COORDINATOR)
    page.goto(f"/coordinator/programs/{program_id(live_app, 'PSS')}/add-requirement/alternatives")
    page.get_by_label("Kind of the new option").select_option("documents")
    page.get_by_role("button", name="Add an option of this kind").click()
    expect(page.get_by_role("heading", name="Option 1: Documents")).to_be_visible()
    check_page(page, watch, "alternatives with an open option")


def test_evidence_forms_with_ids(audit_page, live_app: Flask) -> None:
    """The document upload form (a type the trainee's program asks for) and a trainee's
    exam results with the form to record one."""
    from tracker.models import DocumentType

    with live_app.app_context():
        transcript = db.session.scalar(
            select(DocumentType.id).where(DocumentType.code == "transcript")
        )
    page, watch = audit_page("pat.morales@example.org")  # Pennsylvania CPS: no transcript yet
    page.goto(f"/evidence/documents/{transcript}/upload")
    expect(page.get_by_label("File")).to_be_visible()
    check_page(page, watch, "document upload form")
    page, watch = audit_page(COORDINATOR)
    page.goto(f"/coordinator/trainees/{user_id(live_app, BOARD_TRAINEE)}/exams")
    check_page(page, watch, "exam results")


# --- certificates in each state, and the summaries of lasting decisions ----------------------

STATE_HOLDERS = [
    "riley.chen@example.org",  # expiring soon
    "robin.walsh@example.org",  # in grace
    "taylor.brooks@example.org",  # lapsed
    "drew.patel@example.org",  # revoked
]


@pytest.mark.parametrize("email", STATE_HOLDERS)
@pytest.mark.parametrize("path", ["/dashboard", "/certificates"])
def test_next_steps_in_each_state(audit_page, email: str, path: str) -> None:
    page, watch = audit_page(email)
    page.goto(path)
    check_page(page, watch, f"{email} {path}")


def test_decision_summaries(audit_page, live_app: Flask) -> None:
    page, watch = audit_page(COORDINATOR)
    casey = user_id(live_app, "casey.morgan@example.org")
    pss = program_id(live_app, "PSS")
    page.goto(f"/coordinator/trainees/{casey}/programs/{pss}/issue")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Issue the")
    check_page(page, watch, "issue summary")
    page.goto(f"/coordinator/trainees/{casey}/programs/{pss}/withdraw")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Withdraw")
    check_page(page, watch, "withdraw summary")
    certification = certification_of(live_app, CERTIFIED)
    page.goto(f"/coordinator/certifications/{certification.id}")
    page.get_by_label("Reason for revoking").fill("Checked for accessibility only")
    page.get_by_role("button", name="Revoke certification").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revoke certificate")
    check_page(page, watch, "revoke summary")
    robin = certification_of(live_app, "robin.walsh@example.org")
    page.goto(f"/coordinator/certifications/{robin.id}/renew")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Renew certificate")
    check_page(page, watch, "renew summary")


# --- supervisors, sign-in sheets and the week view ---------------------------------------


def test_supervisor_trainee_page(audit_page, live_app: Flask) -> None:
    page, watch = audit_page("mentor@example.org")
    page.goto(f"/supervisor/trainees/{user_id(live_app, 'quinn.martinez@example.org')}")
    check_page(page, watch, "a supervisor's trainee page")


def test_sign_in_sheet_in_its_error_state(audit_page, live_app: Flask) -> None:
    page, watch = audit_page(COORDINATOR)
    page.goto("/coordinator/hours/sheet")
    page.get_by_label("Sam Taylor").fill("1.1")
    watch.expected_status = 400
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Record the sheet").click()
    assert posted.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Nothing was stored")
    check_page(page, watch, "sign-in sheet with errors")


def test_week_view_in_its_error_state(audit_page, live_app: Flask) -> None:
    before = hour_count(live_app, TRAINEE)
    page, watch = audit_page(TRAINEE)
    page.goto("/hours/week?week=2024-01-01")
    page.get_by_label("Row 1: Hours").fill("2")
    watch.expected_status = 400
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Save the week").click()
    assert posted.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    check_page(page, watch, "week view with errors")
    assert hour_count(live_app, TRAINEE) == before
