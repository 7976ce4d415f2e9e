"""The sweep: every page of every role, checked with axe and the Nu HTML Checker.

Every GET route of the app is either a page in ``PAGES`` (visited by the roles named
there, with example ids from ``examples``) or a download in ``NOT_PAGES``: a new route
fails ``test_every_route_is_swept_or_named_a_download`` until it is listed, so new pages
join the sweep by one line.  Forms are also visited in their error state (``ERROR_STATES``).

Each page is checked in Chromium with axe-core (WCAG 2.2 A and AA, and axe's best
practices, every impact from minor to critical) and with the console watched (script
errors, Content-Security-Policy violations).  The HTML each page was served as is kept
and checked at the end by the Nu HTML Checker (vnu.jar, run once on all of it).  The
sweep requires zero findings of either.

vnu.jar comes from tests/htmlcheck (``make test`` installs it with npm from the lock
file) and runs with Java.  Without them the sweep is skipped, unless
TRACKER_REQUIRE_BROWSER=1 (as in CI), where that is an error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask, url_for
from playwright.sync_api import Browser, BrowserContext, Page, Response
from sqlalchemy import select

from tests.browser.conftest import log_in
from tests.browser.test_accessibility import ConsoleWatch, violations_text
from tracker.extensions import db
from tracker.models import (
    Certification,
    Document,
    DocumentType,
    EthicsCode,
    ExternalTraining,
    HourEntry,
    Module,
    ModuleCompletion,
    Program,
    ReviewStatus,
    Setting,
    SupervisionRecord,
    TrainingSession,
    User,
)
from tracker.services import mail
from tracker.services.certifications import format_code
from tracker.services.dates import local_today

VNU = Path(__file__).resolve().parent.parent / "htmlcheck/node_modules/vnu-jar/build/dist/vnu.jar"
AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}


def _missing() -> str | None:
    if not shutil.which("java"):
        return "Java (java) not found: the HTML checker needs it"
    if not VNU.exists():
        return "vnu.jar not found: `make test` installs it (tests/htmlcheck, with npm)"
    return None


@pytest.fixture(scope="module", autouse=True)
def _checker_present() -> None:
    missing = _missing()
    if missing is None:
        return
    if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TRACKER_REQUIRE_BROWSER=1 but {missing}.")
    pytest.skip(missing)


# --- who -------------------------------------------------------------------------------

ANYONE = None
COORDINATOR = "coordinator@example.org"
TRAINEE = "trainee@example.org"  # half-way: the trainee with the most on every page
# A trainee in each certificate state (and the stages before one).
TRAINEES = {
    "new": "sam.taylor@example.org",
    "in progress": TRAINEE,
    "eligible": "casey.morgan@example.org",
    "valid": "dana.kim@example.org",
    "expiring": "riley.chen@example.org",
    "in grace": "robin.walsh@example.org",
    "lapsed": "taylor.brooks@example.org",
    "revoked": "drew.patel@example.org",
    "renewed": "jesse.park@example.org",
    "override": "sky.adams@example.org",
}
EVERY_TRAINEE = tuple(TRAINEES.values())
BOARD = "jordan.rivers@example.org"  # IC&RC Peer Recovery: supervision, a diploma, an exam
PENNSYLVANIA = "pat.morales@example.org"  # Pennsylvania CPS: no transcript yet
SUPERVISED = "quinn.martinez@example.org"  # supervised time waiting for the supervisor
SUPERVISOR = "mentor@example.org"

# --- what: every page (endpoint -> who visits it) ----------------------------------------

PAGES: dict[str, tuple[str | None, ...]] = {
    "auth.login": (ANYONE,),
    "auth.accept_invitation": (ANYONE,),
    "auth.change_password": (TRAINEE, COORDINATOR),
    "verify.lookup": (ANYONE,),
    "verify.certificate": (ANYONE,),
    "trainee.dashboard": EVERY_TRAINEE,
    "trainee.certifications": EVERY_TRAINEE,
    "trainee.training": EVERY_TRAINEE,
    "trainee.ethics": EVERY_TRAINEE,
    "trainee.hours": (TRAINEE, TRAINEES["valid"]),
    "trainee.hour_entry": (TRAINEE,),
    "trainee.new_hours": (TRAINEE,),
    "trainee.edit_hours": (TRAINEE,),
    "trainee.correct_hours": (TRAINEE,),
    "trainee.withdraw_hours": (TRAINEE,),
    "trainee.my_data": (TRAINEE,),
    "trainee.timesheet": (TRAINEE,),
    "trainee.evidence": (TRAINEE, BOARD, PENNSYLVANIA, SUPERVISED),
    "trainee.new_supervision": (BOARD,),
    "trainee.new_training": (BOARD,),
    "trainee.upload_document": (PENNSYLVANIA,),
    "trainee.withdraw_evidence": (SUPERVISED,),
    "auth.forgot_password": (ANYONE,),
    "auth.reset_password": (ANYONE,),
    "auth.unsubscribe": (ANYONE,),
    "auth.mail_preferences": (TRAINEE, COORDINATOR),
    "supervisor.dashboard": (SUPERVISOR,),
    "supervisor.trainee": (SUPERVISOR,),
    "supervisor.reject_hours": (SUPERVISOR,),
    "supervisor.reject_supervision": (SUPERVISOR,),
    "supervisor.attest": (SUPERVISOR,),
    "auth.api_tokens_page": (TRAINEE, COORDINATOR),
    "api.openapi_docs": (ANYONE,),
}
COORDINATOR_ENDPOINTS = [
    "coordinator.dashboard",
    "coordinator.accounts",
    "coordinator.invite",
    "coordinator.audit_log",
    "coordinator.certifications",
    "coordinator.certification_detail",
    "coordinator.ethics",
    "coordinator.ethics_code",
    "coordinator.modules",
    "coordinator.module_edit",
    "coordinator.module_new",
    "coordinator.programs",
    "coordinator.program_detail",
    "coordinator.requirement_kinds",
    "coordinator.requirement_new",
    "coordinator.program_edit",
    "coordinator.renewal_edit",
    "coordinator.requirement_edit",
    "coordinator.program_import",
    "coordinator.program_new",
    "coordinator.program_from_template",
    "coordinator.reports",
    "coordinator.review",
    "coordinator.reject_hours",
    "coordinator.review_modules",
    "coordinator.reject_completion",
    "coordinator.sessions",
    "coordinator.session_detail",
    "coordinator.session_new",
    "coordinator.trainees",
    "coordinator.trainee_detail",
    "coordinator.import_trainees",
    "coordinator.vocabularies",
    "coordinator.vocabulary_list",
    "coordinator.vocabulary_edit",
    "coordinator.vocabulary_new",
    "coordinator.issue_certification",
    "coordinator.renew_certification",
    "coordinator.revoke_certification",
    "coordinator.withdraw",
    "coordinator.evidence",
    "coordinator.evidence_queue",
    "coordinator.accept_document",
    "coordinator.reject_document",
    "coordinator.reject_supervision",
    "coordinator.reject_training",
    "coordinator.trainee_exams",
    "coordinator.import_history_kinds",
    "coordinator.import_history",
    "coordinator.sign_in_sheet",
    "coordinator.outbox_page",
    "coordinator.outbox_message",
]
PAGES.update(dict.fromkeys(COORDINATOR_ENDPOINTS, (COORDINATOR,)))

# Routes that answer with something other than a page: files, JSON, redirects.
NOT_PAGES = {
    "index",
    "static",
    "healthz",
    "auth.logout",
    "wellknown.did_document",
    "wellknown.jwks",
    "wellknown.issuer",
    "wellknown.key",
    "wellknown.status_list",
    "trainee.certificate_json",
    "trainee.certificate_jwt",
    "trainee.certificate_pdf",
    "trainee.my_data_csv",
    "trainee.my_data_json",
    "coordinator.certification_json",
    "coordinator.certification_jwt",
    "coordinator.certification_pdf",
    "coordinator.program_export",
    "coordinator.export_certifications",
    "coordinator.export_hours",
    "coordinator.export_progress",
    "trainee.file",
    "coordinator.file",
}
# The JSON API's operations (blueprint "api") answer JSON to a bearer token, never a page;
# its docs page (api.openapi_docs) is a page and is in PAGES.
API_BLUEPRINT = "api."


def _one(statement: Any) -> Any:
    found = db.session.scalar(statement.limit(1))
    assert found is not None, f"the demo has no example for {statement}"
    return found


def examples(app: Flask) -> dict[str, list[dict[str, Any]]]:
    """Example arguments for each page with arguments (more than one: each is visited)."""
    with app.app_context():
        users = {
            email: db.session.scalar(select(User.id).where(User.email == email))
            for email in EVERY_TRAINEE
        }
        certifications = db.session.scalars(select(Certification).order_by(Certification.id))
        certifications = list(certifications)
        own = users[TRAINEE]
        entries = db.session.scalars(
            select(HourEntry).where(HourEntry.trainee_id == own).order_by(HourEntry.id)
        ).all()
        pending = next(e for e in entries if e.status == "pending")
        approved = next(e for e in entries if e.status == "approved")
        pss = _one(select(Program.id).where(Program.code == "PSS"))
        people = {
            email: _one(select(User).where(User.email == email))
            for email in (BOARD, PENNSYLVANIA, SUPERVISED, "casey.morgan@example.org")
        }
        types = {
            code: _one(select(DocumentType.id).where(DocumentType.code == code))
            for code in ("transcript", "notarized-release")
        }
        # Evidence and mail waiting, so that the pages that decide or show them have one.
        waiting = Document(
            trainee_id=people[PENNSYLVANIA].id,
            document_type_id=types["notarized-release"],
            dated_on=local_today(),
            statement="Signed before a notary.",
            status=ReviewStatus.PENDING,
        )
        training = ExternalTraining(
            trainee_id=people[BOARD].id,
            provider="State peer network",
            title="Advocacy refresher",
            completed_on=local_today(),
            minutes=120,
            status=ReviewStatus.PENDING,
        )
        db.session.add_all([waiting, training])
        message = mail.queue_decision(
            "hours", people[BOARD], "Not a practice shift", "1 hour", None
        )
        db.session.commit()
        session_waiting = SupervisionRecord(
            trainee_id=people[SUPERVISED].id,
            held_on=local_today(),
            minutes=60,
            supervisor_name="Morgan Mentor",
            status=ReviewStatus.PENDING,
        )
        db.session.add(session_waiting)
        db.session.commit()
        session_waiting = session_waiting.id
        supervised_entry = HourEntry(
            trainee_id=people[SUPERVISED].id,
            worked_on=local_today(),
            minutes=90,
            activity="support_group",
            setting=Setting.IN_PERSON,
            supervised=True,
            supervisor_name="Morgan Mentor",
        )
        db.session.add(supervised_entry)
        db.session.commit()
        supervised_entry = supervised_entry.id
        by_state: dict[str, Certification] = {}
        for c in certifications:
            by_state.setdefault(c.trainee.email, c)
        found = {
            "auth.accept_invitation": [{"token": "no-such-invitation"}],
            "verify.lookup": [{}, {"code": "NOPE"}],  # the form, and in its error state
            "verify.certificate": [
                {"code": format_code(c.verification_code)} for c in certifications
            ]
            + [{"code": "NOPE-NOPE"}],
            "trainee.hour_entry": [{"entry_id": pending.id}, {"entry_id": approved.id}],
            "trainee.edit_hours": [{"entry_id": pending.id}],
            "trainee.withdraw_hours": [{"entry_id": pending.id}],
            "trainee.correct_hours": [{"entry_id": approved.id}],
            "coordinator.certification_detail": [{"cert_id": c.id} for c in certifications],
            "coordinator.ethics_code": [{"code_id": _one(select(EthicsCode.id))}],
            "coordinator.module_edit": [{"module_id": _one(select(Module.id))}],
            "coordinator.program_detail": [{"program_id": pss}],
            "coordinator.requirement_kinds": [{"program_id": pss}],
            "coordinator.requirement_new": [
                {"program_id": pss, "kind": kind}
                for kind in ("experience_hours", "alternatives", "documents")
            ],
            "coordinator.program_edit": [{"program_id": pss}],
            "coordinator.renewal_edit": [{"program_id": pss}],
            "coordinator.requirement_edit": [{"program_id": pss, "key": "hours"}],
            "coordinator.program_from_template": [{"slug": "pennsylvania-cps"}],
            "coordinator.reject_hours": [{"entry_id": pending.id}],
            "coordinator.review": [{}, {"select": "all"}],
            "coordinator.reject_completion": [
                {
                    "completion_id": _one(
                        select(ModuleCompletion.id).where(ModuleCompletion.status == "pending")
                    )
                }
            ],
            "coordinator.session_detail": [
                {"session_id": s} for s in db.session.scalars(select(TrainingSession.id))
            ][:2],
            "coordinator.trainee_detail": [{"user_id": u} for u in users.values()],
            "coordinator.vocabulary_list": [
                {"slug": s}
                for s in ("domains", "activities", "document-types", "exams", "ethics-codes")
            ],
            "coordinator.vocabulary_new": [{"slug": "exams"}],
            "coordinator.vocabulary_edit": [{"slug": "domains", "row_id": 1}],
            "trainee.upload_document": [{"type_id": types["transcript"]}],
            "trainee.withdraw_evidence": [{"kind": "supervision", "record_id": session_waiting}],
            "auth.reset_password": [{"token": "no-such-link"}],
            "auth.unsubscribe": [{"token": "no-such-link"}],
            "supervisor.trainee": [{"trainee_id": people[SUPERVISED].id}],
            "supervisor.reject_hours": [{"entry_id": supervised_entry}],
            "supervisor.reject_supervision": [{"record_id": session_waiting}],
            "supervisor.attest": [{"trainee_id": people[SUPERVISED].id}],
            "coordinator.issue_certification": [
                {"user_id": people["casey.morgan@example.org"].id, "program_id": pss}
            ],
            "coordinator.withdraw": [
                {"user_id": people["casey.morgan@example.org"].id, "program_id": pss}
            ],
            "coordinator.renew_certification": [{"cert_id": by_state[TRAINEES["in grace"]].id}],
            "coordinator.revoke_certification": [{"cert_id": by_state[TRAINEES["valid"]].id}],
            "coordinator.evidence_queue": [
                {"kind": kind} for kind in ("supervision", "documents", "training")
            ],
            "coordinator.accept_document": [{"document_id": waiting.id}],
            "coordinator.reject_document": [{"document_id": waiting.id}],
            "coordinator.reject_supervision": [{"record_id": session_waiting}],
            "coordinator.reject_training": [{"training_id": training.id}],
            "coordinator.trainee_exams": [{"user_id": people[BOARD].id}],
            "coordinator.import_history": [
                {"kind": kind} for kind in ("hours", "completions", "supervision", "certifications")
            ],
            "coordinator.outbox_message": [{"message_id": message.id}],
        }
        return found


# --- forms in their error state ------------------------------------------------------------


@dataclass
class ErrorState:
    who: str | None
    path: str  # may name {trainee} (the half-way trainee's id) and {program} (PSS's id)
    form: str  # CSS selector of the form, submitted as it is (empty, or with ``fill``)
    fill: dict[str, str] = field(default_factory=dict)  # label -> value
    status: int = 400


ERROR_STATES = [
    ErrorState(ANYONE, "/login", "main form"),
    ErrorState(TRAINEE, "/hours/new", "main form"),
    ErrorState(TRAINEE, "/training", "main form"),
    ErrorState(TRAINEE, "/ethics", "main form[action*='/ethics']"),
    ErrorState(TRAINEE, "/account/password", "main form"),
    ErrorState(COORDINATOR, "/coordinator/trainees/{trainee}", "form[action*='/enrol']"),
    ErrorState(COORDINATOR, "/coordinator/trainees/{trainee}", "form[action*='/results']"),
    ErrorState(COORDINATOR, "/coordinator/modules/new", "main form"),
    ErrorState(COORDINATOR, "/coordinator/sessions/new", "main form"),
    ErrorState(COORDINATOR, "/coordinator/accounts/invite", "main form"),
    ErrorState(COORDINATOR, "/coordinator/programs/new", "main form[method=post]"),
    ErrorState(COORDINATOR, "/coordinator/vocabularies/exams/new", "main form"),
    ErrorState(
        COORDINATOR,
        "/coordinator/programs/{program}/requirements/hours/edit",
        "main form",
        {"Hours required": "0"},
    ),
    ErrorState(
        COORDINATOR,
        "/coordinator/trainees/import",
        "main form[enctype]",
        {"Or paste the rows": "name,email,programs\nNew Person,not-an-email,PSS"},
    ),
    ErrorState(  # every row right: the preview with its confirmation form
        COORDINATOR,
        "/coordinator/trainees/import",
        "main form[enctype]",
        {"Or paste the rows": "name,email,programs\nNew Person,new.person@example.org,PSS"},
        status=200,
    ),
]


# --- the sweep -------------------------------------------------------------------------


@dataclass
class Sweep:
    pages: list[tuple[str, str]] = field(default_factory=list)  # (what, html)
    axe: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def contexts(
    browser: Browser, browser_context_args: dict[str, Any], live_server: str
) -> Iterator[Callable[[str | None], BrowserContext]]:
    made: dict[str | None, BrowserContext] = {}

    def _get(email: str | None) -> BrowserContext:
        if email not in made:
            context = browser.new_context(**browser_context_args)
            if email is not None:
                page = context.new_page()
                log_in(page, email)
                page.close()
            made[email] = context
        return made[email]

    yield _get
    for context in made.values():
        context.close()


def _check(sweep: Sweep, page: Page, watch: ConsoleWatch, response: Response, what: str) -> None:
    sweep.pages.append((what, response.text()))
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        sweep.axe.append(f"{what}:\n{violations_text(violations)}")
    if watch.problems:
        sweep.console.append(f"{what}: " + "; ".join(watch.problems))


def _visit(sweep: Sweep, contexts: Any, who: str | None, path: str) -> None:
    page = contexts(who).new_page()
    watch = ConsoleWatch(page)
    response = page.goto(path)
    assert response is not None
    if response.status >= 400:
        watch.expected_status = response.status
        watch.problems = [p for p in watch.problems if f"status of {response.status}" not in p]
    what = f"{who or 'anyone'} GET {path} ({response.status})"
    if response.status not in (200, 404):
        sweep.console.append(f"{what}: unexpected status")
    _check(sweep, page, watch, response, what)
    page.close()


def _submit_with_errors(sweep: Sweep, contexts: Any, state: ErrorState, ids: dict) -> None:
    page = contexts(state.who).new_page()
    watch = ConsoleWatch(page)
    path = state.path.format(**ids)
    page.goto(path)
    form = page.locator(state.form).first
    for label, value in state.fill.items():
        form.get_by_label(label, exact=True).fill(value)
    # The browser's own checks (required, type=email) would stop an empty submit: the
    # sweep wants the server's answer, as a browser without them would get it.
    form.evaluate("f => { f.noValidate = true; }")
    watch.expected_status = state.status
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        form.locator("[type=submit]").first.click()
    page.wait_for_load_state()
    response = posted.value
    what = f"{state.who or 'anyone'} POST {path} {state.form} ({response.status})"
    if response.status != state.status:
        sweep.console.append(f"{what}: expected {state.status}")
    if state.status == 400:
        # Errors in sight: the page opens at the error summary, which has the focus.
        sight = page.evaluate(
            """() => {
                const active = document.activeElement;
                const box = active.getBoundingClientRect();
                // Without JavaScript the page opens at the summary: through the form's
                // anchor (long pages), or because it is at the top of the page (short ones).
                const top = active.getBoundingClientRect().top + window.scrollY;
                return {
                    focused: active.classList.contains("error-summary"),
                    anchored:
                        location.hash === "#" + active.id
                        || (location.hash === "" && top < window.innerHeight),
                    inView: box.bottom > 0 && box.top < window.innerHeight,
                    where: `${active.tagName}#${active.id} at ${box.top}, ${location.hash}`,
                };
            }"""
        )
        if not (sight["focused"] and sight["anchored"] and sight["inView"]):
            sweep.console.append(
                f"{what}: the error summary is not in sight with the focus {sight}"
            )
    _check(sweep, page, watch, response, what)
    page.close()


def _html_checker(pages: list[tuple[str, str]], folder: Path) -> list[str]:
    files = []
    for number, (_what, html) in enumerate(pages):
        path = folder / f"page-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    found = []
    for message in messages:
        if message["type"] == "info" and (
            message.get("subType") != "warning"
            # said with the duplicate id's error, which is counted
            or message["message"].startswith("The first occurrence of ID")
        ):
            continue
        number = int(message["url"].rsplit("page-", 1)[1].split(".")[0])
        found.append(
            f"{pages[number][0]}: {message['type']}: {message['message']} "
            f"(line {message.get('lastLine')}: {message.get('extract', '').strip()!r})"
        )
    return found


def test_every_route_is_swept_or_named_a_download(live_app: Flask) -> None:
    get_endpoints = {
        rule.endpoint for rule in live_app.url_map.iter_rules() if "GET" in (rule.methods or ())
    }
    api_json = {e for e in get_endpoints if e.startswith(API_BLUEPRINT)} - set(PAGES)
    unlisted = get_endpoints - set(PAGES) - NOT_PAGES - api_json
    assert not unlisted, f"add these to PAGES (and examples) or NOT_PAGES: {sorted(unlisted)}"
    assert not (set(PAGES) | NOT_PAGES) - get_endpoints


def test_every_page_of_every_role_has_zero_findings(
    live_app: Flask, contexts: Any, tmp_path: Path
) -> None:
    example_args = examples(live_app)
    sweep = Sweep()
    with live_app.test_request_context():
        visits = [
            (who, url_for(endpoint, **args))
            for endpoint, whos in PAGES.items()
            for args in example_args.get(endpoint, [{}])
            for who in whos
        ]
        with live_app.app_context():
            ids = {
                "trainee": db.session.scalar(select(User.id).where(User.email == TRAINEE)),
                "program": db.session.scalar(select(Program.id).where(Program.code == "PSS")),
            }
    for who, path in visits:
        _visit(sweep, contexts, who, path)
    for state in ERROR_STATES:
        _submit_with_errors(sweep, contexts, state, ids)
    checker = _html_checker(sweep.pages, tmp_path)
    print(
        f"\nswept {len(sweep.pages)} pages: {len(sweep.axe)} with axe findings, "
        f"{len(checker)} HTML checker findings"
    )
    report = "\n".join(sweep.axe + sweep.console + checker)
    assert not (sweep.axe or sweep.console or checker), report
