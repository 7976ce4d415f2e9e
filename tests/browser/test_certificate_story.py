"""The certificate's story from issue #5, in real browsers.

A coordinator issues a certification; its holder downloads the PDF and the
signed badge; an employer, with no account, opens the address the PDF's QR
code holds and sees it valid.  After the coordinator revokes it, the public
page, the published status list and ``flask verify-credential`` all say
revoked, and the public page still shows no email and no reason.

The holder is a trainee of this module's own, made eligible through the
services, so nothing here depends on what other tests do to the demo people.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import zxingcpp
from flask import Flask
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from tests.browser.conftest import DEMO_PASSWORD
from tracker.extensions import db
from tracker.models import Certification, Module, Program
from tracker.services import accounts, catalogue, ethics, hours, programs, review

COORDINATOR = "coordinator@example.org"
REVOKE_REASON = "Confidential panel finding 2291: falsified supervision letters."


@dataclass(frozen=True)
class Holder:
    email: str
    name: str


@pytest.fixture
def holder(live_app: Flask, today: date) -> Holder:
    """A trainee who meets every rule of the specialist program, recorded as a coordinator would."""
    person = Holder("zoe.lukasiewicz@example.org", "Zoë Łukasiewicz")
    with live_app.app_context():
        coordinator = accounts.get_by_email(COORDINATOR)
        trainee = accounts.create_user(
            person.email, person.name, password=DEMO_PASSWORD, actor=coordinator
        )
        program = db.session.scalar(select(Program).where(Program.code == "PSS"))
        programs.enrol(trainee, program, coordinator)
        required = next(r for r in program.requirements if r.kind == "modules")
        for module_id in required.settings["module_ids"]:
            module = db.session.get(Module, module_id)
            catalogue.record_result(
                coordinator,
                trainee,
                module_id=module.id,
                completed_on=today - timedelta(days=30),
                score=90 if module.pass_mark else None,
            )
        for days_ago in range(10, 15):
            logged = hours.log_entry(
                trainee,
                worked_on=(today - timedelta(days=days_ago)).isoformat(),
                hours="21",
                activity="support_group",
                setting="in_person",
                is_paid="volunteer",
                supervised=True,
                supervisor_name="Jordan Blake, CPS",
            )
            review.approve_hours(logged.entry.id, coordinator)
        code = ethics.codes_for(trainee.id)[0]
        ethics.acknowledge(trainee, ethics.current_version(code.id).id)
        db.session.commit()
    return person


def expect_flash(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def download(page: Page, link_name: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def jwt_payload(token: str) -> dict:
    payload = token.strip().split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def published_bit(page: Page, status: dict) -> bool:
    """The credential's bit in the status list as the issuer publishes it, read by hand."""
    response = page.request.get(status["statusListCredential"])
    assert response.ok
    encoded = jwt_payload(response.text())["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    data = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    index = int(status["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def verify_credential(app: Flask, path: Path) -> tuple[int, str]:
    # `flask` itself runs each command inside an application context; the test runner
    # calling the command directly does not, so this does what `flask` would.
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["verify-credential", str(path)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_issue_download_verify_and_revoke(
    page_as, holder: Holder, live_app: Flask, live_server: str, tmp_path: Path
) -> None:
    # The coordinator issues the certification.
    coordinator = page_as(COORDINATOR)
    coordinator.get_by_role("navigation", name="Main").get_by_role("link", name="Trainees").click()
    coordinator.get_by_label("Search name or email").fill(holder.email)
    coordinator.get_by_role("button", name="Show").click()
    coordinator.get_by_role("link", name=holder.name, exact=True).click()
    program = coordinator.get_by_role("region", name=re.compile("^Peer Support Specialist"))
    expect(program).to_contain_text("Every requirement is met")
    program.get_by_role("button", name="Issue the Peer Support Specialist certification").click()
    coordinator.get_by_role("button", name="Issue the certificate").click()
    heading = coordinator.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^Certification PSS-\d{4}-\d{5}$"))
    number = heading.inner_text().removeprefix("Certification ")
    certification_page = coordinator.url

    # The holder finds it on their certificates page and downloads the PDF and the badge.
    trainee = page_as(holder.email)
    trainee.get_by_role("navigation", name="Main").get_by_role("link", name="Certificates").click()
    row = trainee.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("Valid")
    public_link = row.get_by_role("link", name=f"Verify certificate {number}")
    code = public_link.get_attribute("href").removeprefix("/verify/")

    pdf_file = download(trainee, f"PDF of certificate {number}", tmp_path)
    data = pdf_file.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert number in text
    assert holder.name in text
    qr = [r.text for image in reader.pages[0].images for r in zxingcpp.read_barcodes(image.image)]
    assert qr == [f"{live_server}/verify/{code}"]

    jwt_file = download(trainee, f"Badge (.jwt) of certificate {number}", tmp_path)
    assert jwt_file.suffix == ".jwt"
    token = jwt_file.read_text()
    assert re.fullmatch(r"[\w-]+\.[\w-]+\.[\w-]+\s*", token)
    claims = jwt_payload(token)
    assert "OpenBadgeCredential" in claims["type"]
    assert holder.email not in json.dumps(claims)  # the subject is a salted hash, not the email
    status = claims["credentialStatus"]
    status = status[0] if isinstance(status, list) else status

    exit_code, output = verify_credential(live_app, jwt_file)
    assert (exit_code, output.splitlines()[0]) == (0, "verdict: valid"), output

    # An employer scans the QR code: no account, a browser of their own.
    employer = page_as(None)
    employer.goto(qr[0])
    expect(employer.get_by_role("heading", level=1)).to_have_text("Certificate check")
    verdict = employer.get_by_role("status")
    expect(verdict).to_contain_text("Valid")
    expect(verdict).to_contain_text("This certificate is valid until")
    facts = employer.locator("dl.verify-details")
    expect(facts).to_contain_text(holder.name)
    expect(facts).to_contain_text(number)
    expect(facts).to_contain_text("Peer Support Specialist")
    assert not published_bit(employer, status)

    # The coordinator revokes it.
    coordinator.goto(certification_page)
    coordinator.get_by_label("Reason for revoking").fill(REVOKE_REASON)
    coordinator.get_by_role("button", name="Revoke certification").click()
    coordinator.get_by_role("button", name="Revoke the certificate").click()
    expect_flash(coordinator, f"{number} is revoked.")
    with live_app.app_context():
        revoked_at = db.session.scalar(
            select(Certification.revoked_at).where(Certification.number == number)
        )
        db.session.remove()
    revoked_on = revoked_at.date()

    # The public page says revoked, with the date and nothing private.
    employer.reload()
    expect(verdict).to_contain_text("Revoked")
    expect(verdict).to_contain_text(
        f"This certificate was revoked on {revoked_on:%d %b %Y} and is no longer valid."
    )
    expect(verdict).not_to_contain_text("Valid")
    body = employer.locator("body")
    expect(body).not_to_contain_text(holder.email)
    expect(body).not_to_contain_text("panel finding")
    assert holder.email not in employer.content()
    assert "2291" not in employer.content()

    # So do the holder's page, the published status list, and the command.
    trainee.reload()
    expect(trainee.get_by_role("row").filter(has_text=number)).to_contain_text("Revoked")
    assert published_bit(employer, status)
    exit_code, output = verify_credential(live_app, jwt_file)
    assert exit_code == 1, output
    assert output.splitlines()[0] == "verdict: revoked", output
    assert f"number: {number}" in output
