"""One truth: for a certificate in each state, every place that shows it says the same state
in the same words, with the same dates.

The places: the holder's dashboard and /certificates, the coordinator's certifications
list and the certification's page, the public /verify page, the PDF's text, and the
signed credential (its validUntil, and the verdict a verifier reaches from its status
and dates).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import Certification, User
from tracker.services import certifications, credentials, status_lists
from tracker.services.dates import local_today

STATES = ("valid", "expiring", "in_grace", "lapsed", "revoked")
BADGE = re.compile(r'class="badge badge-(valid|expiring|in_grace|lapsed|revoked)"')
# What a verifier of the signed credential concludes: its validUntil is the expiry date
# the pages print, so past that date (in grace, lapsed) it is expired; revoked by status.
CREDENTIAL_VERDICT = {
    "valid": credentials.VALID,
    "expiring": credentials.VALID,
    "in_grace": credentials.EXPIRED,
    "lapsed": credentials.EXPIRED,
    "revoked": credentials.REVOKED,
}


@dataclass
class Case:
    state: str
    holder: User
    certification: Certification
    words: str  # the state as every place must say it, with its date
    dates: list[date]  # the dates every place must give


@pytest.fixture
def cases(db, make) -> dict[str, Case]:
    today = local_today()
    program = make.program(
        code="PSS", name="Peer Support Specialist", renewal_window_days=60, grace_days=30
    )
    expiries = {
        "valid": today + timedelta(days=400),
        "expiring": today + timedelta(days=20),
        "in_grace": today - timedelta(days=10),
        "lapsed": today - timedelta(days=100),
        "revoked": today + timedelta(days=400),
    }
    found = {}
    for state, expires in expiries.items():
        holder = make.trainee(display_name=f"Holder {state}")
        make.enrolment(holder, program)
        certification = make.certification(
            holder,
            program,
            expires_on=expires,
            issued_on=expires - timedelta(days=730),
            verification_code=certifications.new_verification_code(),
            status_index=status_lists.new_index(),
        )
        found[state] = (holder, certification)
    db.session.commit()
    certifications.revoke(found["revoked"][1], None, "Breach of the code of ethics")
    db.session.commit()
    revoked_on = found["revoked"][1].revoked_at.date()
    words = {
        "valid": "Valid",
        "expiring": "Expiring soon",
        "in_grace": f"In grace until {human_date(expiries['in_grace'] + timedelta(days=30))}",
        "lapsed": "Lapsed",
        "revoked": f"Revoked on {human_date(revoked_on)}",
    }
    return {
        state: Case(
            state,
            holder,
            certification,
            words[state],
            [certification.expires_on] if state != "revoked" else [revoked_on],
        )
        for state, (holder, certification) in found.items()
    }


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def pdf_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def says(place: str, text: str, case: Case) -> None:
    """``text`` gives the case's state words and dates, and no other state's badge."""
    assert case.words in text, f"{place}: no “{case.words}”"
    for day in case.dates:
        assert human_date(day) in text, f"{place}: no {human_date(day)}"
    badges = set(BADGE.findall(text))
    assert badges <= {case.state}, f"{place}: badges {badges} for a {case.state} certificate"


@pytest.mark.parametrize("state", STATES)
def test_every_place_says_the_same_state_and_dates(client, login_as, make, cases, state):
    case = cases[state]
    certification = case.certification
    code = certifications.format_code(certification.verification_code)

    # The holder's own pages.
    login_as(case.holder)
    dashboard = html(client, "/dashboard")
    says("dashboard", dashboard, case)
    assert BADGE.findall(dashboard), "dashboard: no state badge"
    mine = html(client, "/certificates")
    says("/certificates", mine, case)
    base = f"/certificates/{certification.id}"
    says("PDF", pdf_text(client, f"{base}/certificate.pdf"), case)

    # The signed credential, both forms: validUntil is the expiry the pages print, and a
    # verifier's verdict follows from its dates and status as the state does.
    for name in ("badge.json", "badge.jwt"):
        download = client.get(f"{base}/{name}").get_data(as_text=True)
        verdict = credentials.verify(download)
        assert verdict.status == CREDENTIAL_VERDICT[state], (name, verdict.reason)
        assert verdict.credential["validUntil"].startswith(certification.expires_on.isoformat())
    document = json.loads(client.get(f"{base}/badge.json").get_data(as_text=True))
    assert document["validUntil"].startswith(certification.expires_on.isoformat())

    # The coordinator's list and the certification's page.
    login_as(make.coordinator())
    listed = html(client, f"/coordinator/certifications?q={certification.number}")
    assert certification.number in listed
    says("coordinator list", listed, case)
    says("coordinator page", html(client, f"/coordinator/certifications/{certification.id}"), case)

    # The public page, without an account.
    client.post("/logout")
    with client.session_transaction() as session:
        session.clear()
    public = html(client, f"/verify/{code}")
    says("/verify", public, case)
    assert f"verify-{state}" in public


def test_the_filtered_list_and_its_count_agree_with_the_pages(client, login_as, make, cases):
    """A state filter finds exactly the certificates every page calls by that state."""
    login_as(make.coordinator())
    for state, case in cases.items():
        listed = html(client, f"/coordinator/certifications?state={state}")
        numbers = {c.certification.number for c in cases.values() if c.state == state}
        shown = set(re.findall(r"PSS-\d{4}-\d{5}", listed))
        assert shown == numbers, (state, shown)
        says(f"list filtered by {state}", listed, case)


def test_held_agrees_with_the_state(cases):
    """A certificate is held (blocks a second issue, counts as certified) exactly while
    the pages call it valid, expiring soon or in grace."""
    for state, case in cases.items():
        held = certifications.held(case.holder, case.certification.program)
        assert (held is not None) == (state in ("valid", "expiring", "in_grace")), state
    assert db.session.get(Certification, cases["valid"].certification.id) is not None
