"""/verify/{code} through the API: public, the page's facts, the page's rate limit."""

from __future__ import annotations

import pytest

from tests.api.test_framework import assert_problem
from tracker.services import certifications


@pytest.fixture
def certificate(make, db):  # type: ignore[no-untyped-def]
    trainee = make.trainee(display_name="Robin Holder")
    program = make.program(name="Peer Specialist")
    code = (certifications.CODE_ALPHABET * 2)[: certifications.CODE_LENGTH]
    issued = make.certification(trainee, program, verification_code=code)
    db.session.commit()
    return issued


def test_anyone_checks_a_certificate_by_its_code(client, certificate):
    code = certifications.format_code(certificate.verification_code)
    response = client.get(f"/api/v1/verify/{code.lower()}")
    assert response.status_code == 200, response.text
    body = response.json
    assert body["holder_name"] == "Robin Holder"
    assert body["code"] == code
    assert body["state"] == "valid"
    assert body["verification_url"].endswith(code) or code in body["verification_url"]


def test_every_unknown_code_gets_the_same_404(client):
    first = assert_problem(client.get("/api/v1/verify/AAAA-BBBB"), 404)
    second = assert_problem(client.get("/api/v1/verify/%E2%9C%93"), 404)
    assert first == second


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "VERIFY_RATELIMIT": "2 per minute"}]
)
def test_the_pages_rate_limit_counts_the_api_too(client, app_overrides):
    assert client.get("/verify/NOPE").status_code == 404
    assert client.get("/api/v1/verify/NOPE").status_code == 404
    assert_problem(client.get("/api/v1/verify/NOPE"), 429)
