"""Next steps for every certificate state, on the holder's pages, and what an override
certificate says it was issued on (the pages, the PDF, the credential)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import HourStatus
from tracker.services import certificate_steps, certifications, credentials, pdf
from tracker.services.dates import local_today


@pytest.fixture
def program(make):
    return make.program(
        code="PSS",
        name="Peer Support Specialist",
        hour_rules=[{"min_minutes": 600}],
        renewal_ce_minutes=240,
        renewal_window_days=60,
        grace_days=30,
    )


@pytest.fixture
def coordinators(make):
    people = [make.coordinator(display_name=name) for name in ("Jordan Lee", "Pat Quinn")]
    db.session.commit()
    return people


def certificate(make, program, expires_in_days: int, **kw):
    holder = make.trainee(display_name="Robin Walsh")
    make.enrolment(holder, program)
    expires = local_today() + timedelta(days=expires_in_days)
    certification = make.certification(
        holder, program, expires_on=expires, issued_on=expires - timedelta(days=730), **kw
    )
    db.session.commit()
    return certification


def test_in_grace_says_what_is_left_by_when_and_who_renews(make, program, coordinators):
    certification = certificate(make, program, -10)
    steps = certificate_steps.for_holder(certification)
    grace_end = certification.lapses_on - timedelta(days=1)
    assert steps.state.value == "in_grace"
    assert human_date(certification.expires_on) in steps.headline
    assert f"renewed until {human_date(grace_end)}" in steps.headline
    assert f"on {human_date(certification.lapses_on)} it lapses" in steps.headline
    assert steps.left == [
        "Complete 4 more hours of continuing education for “Continuing education” before renewal."
    ]
    assert steps.all_steps[0] == steps.left[0]
    assert "Jordan Lee, Pat Quinn" in steps.steps[-1]
    assert f"before {human_date(grace_end)}" in steps.steps[-1]
    assert [r.required for r in steps.renewal] == [4]


def test_in_grace_with_the_renewal_done_asks_the_coordinators(make, program, coordinators):
    certification = certificate(make, program, -10)
    module = make.module(contact_minutes=240)
    make.completion(certification.trainee, module, completed_on=local_today())
    db.session.commit()
    steps = certificate_steps.for_holder(certification)
    assert steps.steps == [
        "Every renewal requirement is met: ask the coordinators of Peer Support Training "
        f"Program (Jordan Lee, Pat Quinn) to renew it before "
        f"{human_date(certification.lapses_on - timedelta(days=1))}."
    ]


def test_expiring_soon_gives_the_date_and_the_renewal_progress(make, program, coordinators):
    certification = certificate(make, program, 20)
    steps = certificate_steps.for_holder(certification)
    assert steps.state.value == "expiring"
    assert steps.headline == f"Renew it by {human_date(certification.expires_on)}, its expiry date."
    assert steps.renewal and steps.renewal[0].done == 0
    assert "Jordan Lee" in steps.steps[-1]


def test_lapsed_must_be_earned_again_with_todays_verdict(make, program, coordinators):
    certification = certificate(make, program, -100)
    make.hour_entry(certification.trainee, minutes=120, status=HourStatus.APPROVED)
    db.session.commit()
    steps = certificate_steps.for_holder(certification)
    assert steps.state.value == "lapsed"
    assert "must be earned again" in steps.headline
    assert human_date(certification.lapses_on) in steps.headline
    assert steps.verdict is not None and not steps.verdict.eligible
    assert "you meet 0 of 1" in steps.steps[0]
    assert any("8 more hours" in s for s in steps.left), steps.left
    assert steps.all_steps[0] == steps.steps[0]  # first: it must be earned again
    assert steps.renewal == []


def test_lapsed_with_a_newer_certificate_says_so(make, program):
    certification = certificate(make, program, -100)
    newer = make.certification(certification.trainee, program)
    db.session.commit()
    steps = certificate_steps.for_holder(certification)
    assert steps.verdict is None
    assert steps.steps == [f"You hold a newer certificate in this program, {newer.number}."]


def test_revoked_gives_the_reason_and_the_date(make, program, coordinators):
    certification = certificate(make, program, 300)
    certifications.revoke(certification, None, "Breach of confidentiality")
    db.session.commit()
    steps = certificate_steps.for_holder(certification)
    assert steps.headline == (
        f"It was revoked on {human_date(certification.revoked_at.date())} and is not valid. "
        "The reason: Breach of confidentiality"
    )
    assert "cannot be renewed" in steps.steps[0]


def test_the_holder_pages_show_the_next_steps(client, login_as, make, program, coordinators):
    lapsed = certificate(make, program, -100)
    login_as(lapsed.trainee)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    # The program card: the certificate ended and must be earned again.
    assert f"Certificate {lapsed.number}: It lapsed on" in dashboard
    assert "To earn it again you meet 0 of 1 requirements today." in dashboard
    assert dashboard.count("Log 10 more hours") == 1  # in the program card, not repeated
    mine = client.get("/certificates").get_data(as_text=True)
    assert "What to do next" in mine
    assert "must be earned again" in mine and "Log 10 more hours" in mine


def test_the_holder_sees_the_revocation_reason(client, login_as, make, program):
    revoked = certificate(make, program, 300)
    certifications.revoke(revoked, None, "Breach of confidentiality")
    db.session.commit()
    login_as(revoked.trainee)
    for url in ("/dashboard", "/certificates"):
        page = client.get(url).get_data(as_text=True)
        assert "The reason: Breach of confidentiality" in page, url
        assert human_date(revoked.revoked_at.date()) in page, url


# --- override certificates -------------------------------------------------------------------


@pytest.fixture
def override(make, program):
    holder = make.trainee(display_name="Sam Taylor")
    make.enrolment(holder, program)
    db.session.commit()
    certification = certifications.issue(
        holder, program, make.coordinator(), override_reason="Certified in another state"
    )
    db.session.commit()
    return certification


def test_an_override_pdf_says_it_was_issued_by_decision(app, override):
    reader = PdfReader(io.BytesIO(pdf.render(override)))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "has met the requirements" not in text
    assert f"was certified on {human_date(override.issued_on)} by a decision of the issuer" in text
    assert "Certified in another state" not in text  # the reason stays private


def test_an_override_credential_says_it_was_issued_by_decision(app, override, make, program):
    document = credentials.build_credential(override)
    assert document["description"] == (
        f"Issued on {human_date(override.issued_on)} by a decision of "
        f"{app.config['ORGANISATION_NAME']}."
    )
    assert "Certified in another state" not in str(document)
    # A certificate earned by the rules says so.
    earned = make.certification(make.trainee(), program)
    db.session.commit()
    assert credentials.build_credential(earned)["description"] == (
        f"Issued on {human_date(earned.issued_on)} for meeting the requirements of "
        "Peer Support Specialist."
    )


def test_an_override_on_the_pages(client, login_as, override):
    code = certifications.format_code(override.verification_code)
    public = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "by a decision of" in public and "Certified in another state" not in public
    login_as(override.trainee)
    for url in ("/dashboard", "/certificates"):
        page = client.get(url).get_data(as_text=True)
        assert (
            f"Issued on {human_date(override.issued_on)} by a coordinator's decision: "
            "Certified in another state" in page.replace("&#39;", "'")
        ), url
