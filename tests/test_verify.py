"""The public verification page, its rate limit, and the holder's certificates page."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
import zxingcpp
from pypdf import PdfReader

from tracker.extensions import db
from tracker.models import CertificationState, HourStatus
from tracker.services import certifications, credentials, keys, status_lists
from tracker.services.dates import local_today


def issue(make, trainee=None, *, issued_on=None, **program_kw):
    trainee = trainee or make.trainee(display_name="Ada Lovelace")
    program = make.program(**program_kw)
    certification = certifications.issue(
        trainee, program, None, override_reason="issued for a test", today=issued_on
    )
    db.session.commit()
    return certification


def grouped(certification) -> str:
    return certifications.format_code(certification.verification_code)


# --- the public page ---------------------------------------------------------------------


def test_page_shows_the_facts_and_nothing_else(app, make, client):
    trainee = make.trainee(display_name="Ada Lovelace", email="ada.l@example.org")
    make.hour_entry(
        trainee, minutes=600, notes="PRIVATE-NOTE about a session", status=HourStatus.APPROVED
    )
    certification = issue(make, trainee, name="Certified Peer Specialist")

    response = client.get(f"/verify/{grouped(certification)}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Ada Lovelace" in page
    assert "Certified Peer Specialist" in page
    assert certification.number in page
    assert certification.issued_on.strftime("%d %b %Y") in page
    assert certification.expires_on.strftime("%d %b %Y") in page
    assert app.config["ORGANISATION_NAME"] in page
    assert ">Valid<" in page
    for private in ("ada.l@example.org", "ada.l", "PRIVATE-NOTE", "issued for a test", "10 hours"):
        assert private not in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "spelling",
    [
        lambda code: code,  # ABCD-EFGH-...
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: code.replace("-", "").lower(),
        lambda code: code.replace("-", " "),
        lambda code: f"  {code.lower()} ",
    ],
    ids=["grouped", "lower", "no-dashes", "lower-no-dashes", "spaces", "padded"],
)
def test_codes_match_without_regard_to_case_and_dashes(app, make, client, spelling):
    certification = issue(make)
    response = client.get("/verify/" + quote(spelling(grouped(certification))))
    assert response.status_code == 200
    assert certification.number in response.get_data(as_text=True)


BAD_CODES = [
    "x",
    "ABCD",
    "2345-6789-ABCD-EFGH-JKMN",  # well formed, issued to nobody
    "2345-6789-ABCD-EFGH-JKM",  # one character short
    "2345-6789-ABCD-EFGH-JKMNP",  # one too many
    "O0I1-L0O1-I1L0-O1I1-L0O1",  # characters the alphabet leaves out
    "A" * 300,
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "Ωmega-кириллица-李小龍",
    "abc/def",
    "%00",
    "' OR '1'='1",
]


def test_unknown_or_malformed_codes_get_one_identical_404(app, make, client):
    issue(make)  # a real one exists, and none of these finds it
    bodies = set()
    for code in BAD_CODES:
        for url in (f"/verify/{quote(code, safe='/')}", f"/verify?code={quote(code)}"):
            response = client.get(url)
            assert response.status_code == 404, url
            bodies.add(response.data)
    empty = client.get("/verify/")
    assert empty.status_code == 404
    bodies.add(empty.data)
    assert len(bodies) == 1
    (body,) = bodies
    assert b"Certificate not found" in body
    assert b"etc/passwd" not in body and b"<script>alert" not in body


def test_a_revoked_certificate_says_revoked_with_its_date_not_its_reason(app, make, client):
    certification = issue(make)
    certifications.revoke(certification, None, "Confidential reason from the panel")
    db.session.commit()
    page = client.get(f"/verify/{grouped(certification)}").get_data(as_text=True)
    assert ">Revoked on " in page
    assert f"revoked on {certification.revoked_at.date().strftime('%d %b %Y')}" in page
    assert "Confidential reason" not in page
    assert ">Valid<" not in page


def test_state_follows_the_dates_even_before_cron_runs(app, make, client):
    # Issued 25 months ago for 24 months: lapsed by date, still stored "active".
    lapsed = issue(make, issued_on=local_today() - timedelta(days=760), validity_months=24)
    assert lapsed.state == CertificationState.VALID
    page = client.get(f"/verify/{grouped(lapsed)}").get_data(as_text=True)
    assert ">Lapsed<" in page
    assert "no longer valid" in page

    expiring = issue(
        make,
        issued_on=local_today() - timedelta(days=340),
        validity_months=12,
        renewal_window_days=60,
    )
    page = client.get(f"/verify/{grouped(expiring)}").get_data(as_text=True)
    assert ">Expiring soon<" in page

    grace = issue(
        make, issued_on=local_today() - timedelta(days=370), validity_months=12, grace_days=30
    )
    page = client.get(f"/verify/{grouped(grace)}").get_data(as_text=True)
    assert ">In grace until " in page
    assert (grace.expires_on + timedelta(days=30)).strftime("%d %b %Y") in page


def test_lookup_form(app, make, client):
    certification = issue(make)
    form = client.get("/verify")
    assert form.status_code == 200
    assert b'name="code"' in form.data and b"<label" in form.data

    blank = client.get("/verify?code=")
    assert blank.status_code == 400
    assert b"Enter the code printed on the certificate." in blank.data

    code = certification.verification_code.lower()
    found = client.get(f"/verify?code={code}")
    assert found.status_code == 303
    assert urlsplit(found.headers["Location"]).path == f"/verify/{grouped(certification)}"


def test_footer_links_to_the_lookup(app, client):
    assert b'href="/verify"' in client.get("/login").data


# --- the rate limit ----------------------------------------------------------------------

LIMITED = {"RATELIMIT_ENABLED": True, "VERIFY_RATELIMIT": "5 per minute"}


@pytest.mark.parametrize("app_overrides", [LIMITED])
def test_lookups_are_rate_limited_per_address(app, make, client):
    certification = issue(make)
    first = {"REMOTE_ADDR": "127.0.0.2"}
    urls = [f"/verify/{grouped(certification)}", "/verify/NOPE", "/verify?code=x", "/verify"]
    statuses = [client.get(urls[i % 4], environ_base=first).status_code for i in range(5)]
    assert 429 not in statuses
    blocked = client.get(f"/verify/{grouped(certification)}", environ_base=first)
    assert blocked.status_code == 429
    assert client.get("/verify?code=abc", environ_base=first).status_code == 429
    # Another address has its own budget.
    other = client.get(
        f"/verify/{grouped(certification)}", environ_base={"REMOTE_ADDR": "127.0.0.3"}
    )
    assert other.status_code == 200


# --- the holder's certificates -----------------------------------------------------------


def test_trainee_sees_their_certificates_with_state_and_links(app, make, client, login_as):
    trainee = make.trainee()
    mine = issue(make, trainee, name="Certified Peer Specialist")
    revoked = issue(make, trainee, name="Group Facilitator")
    certifications.revoke(revoked, None, "reason")
    db.session.commit()
    theirs = issue(make, name="Someone Else's Program")
    login_as(trainee)

    response = client.get("/certificates")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert mine.number in page and revoked.number in page
    assert theirs.number not in page
    assert f'href="/verify/{grouped(mine)}"' in page
    assert f'href="/certificates/{mine.id}/certificate.pdf"' in page
    assert f'href="/certificates/{mine.id}/badge.jwt"' in page
    assert f'href="/certificates/{mine.id}/badge.json"' in page
    assert ">Revoked on " in page and ">Valid<" in page


def test_trainee_downloads_their_own_files(app, make, client, login_as):
    certification = issue(make)
    login_as(certification.trainee)

    pdf = client.get(f"/certificates/{certification.id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert f"filename={certification.number}.pdf" in pdf.headers["Content-Disposition"]
    assert certification.number in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()

    token = client.get(f"/certificates/{certification.id}/badge.jwt")
    assert token.status_code == 200 and token.mimetype == "application/vc+jwt"
    assert "attachment" in token.headers["Content-Disposition"]
    assert credentials.verify(token.get_data(as_text=True)).status == "valid"

    document = client.get(f"/certificates/{certification.id}/badge.json")
    assert document.status_code == 200
    assert "attachment" in document.headers["Content-Disposition"]
    assert document.get_json()["credentialSubject"]["licenseNumber"] == certification.number
    assert document.get_json()["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credentials.verify(document.get_data(as_text=True)).status == "valid"


@pytest.mark.parametrize("name", ["certificate.pdf", "badge.jwt", "badge.json"])
def test_another_trainees_certification_is_404(app, make, client, login_as, name):
    theirs = issue(make)
    login_as("trainee")
    assert client.get(f"/certificates/{theirs.id}/{name}").status_code == 404
    assert client.get(f"/certificates/999999/{name}").status_code == 404


@pytest.mark.parametrize("name", ["certificate.pdf", "badge.jwt", "badge.json"])
def test_coordinators_download_any_certification(app, make, client, login_as, name):
    certification = issue(make)
    url = f"/coordinator/certifications/{certification.id}/{name}"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login_as("trainee")
    assert client.get(url).status_code == 403
    login_as("coordinator")
    response = client.get(url)
    assert response.status_code == 200
    assert certification.number in response.headers["Content-Disposition"]
    assert client.get(f"/coordinator/certifications/999999/{name}").status_code == 404


# --- the whole story ---------------------------------------------------------------------


def test_scan_the_qr_then_revoke(app, make, client, login_as, runner, tmp_path):
    certification = issue(make)
    login_as(certification.trainee)
    pdf = client.get(f"/certificates/{certification.id}/certificate.pdf").data
    badge = tmp_path / "badge.jwt"
    badge.write_bytes(client.get(f"/certificates/{certification.id}/badge.jwt").data)
    wallet = tmp_path / "badge.json"
    wallet.write_bytes(client.get(f"/certificates/{certification.id}/badge.json").data)

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    (scanned,) = [r.text for image in page.images for r in zxingcpp.read_barcodes(image.image)]
    assert scanned.startswith(app.config["PUBLIC_URL"] + "/verify/")
    assert ">Valid<" in client.get(urlsplit(scanned).path).get_data(as_text=True)
    assert runner.invoke(args=["verify-credential", str(badge)]).exit_code == 0
    assert runner.invoke(args=["verify-credential", str(wallet)]).exit_code == 0

    certifications.revoke(certification, None, "reason")
    db.session.commit()
    assert ">Revoked on " in client.get(urlsplit(scanned).path).get_data(as_text=True)
    for path in (badge, wallet):
        result = runner.invoke(args=["verify-credential", str(path)])
        assert result.exit_code == 1 and result.output.startswith("verdict: revoked")
    key = keys.load().current
    for thumbprint in (key.thumbprint, key.ed25519_thumbprint):
        published = credentials.find_status_list(thumbprint, 1)
        status = credentials.build_status_list(published)["credentialSubject"]["encodedList"]
        bits = status_lists.decode_bitstring(status)
        assert status_lists.bit_is_set(bits, certification.status_index)
