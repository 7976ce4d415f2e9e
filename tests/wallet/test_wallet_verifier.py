"""Freshly issued certificates, checked by the verifier wallets use.

``@digitalcredentials/verifier-core`` (the library of the Learner Credential
Wallet and VerifierPlus) reads the ``.json`` download: it resolves our did:web
DID, checks the eddsa-rdfc-2022 proof in JSON-LD safe mode, the dates, and the
revocation status list (itself checked as a signed credential).  Its verdict
is a log of steps, or fatal errors when the signature fails.  The ``.jwt`` of
the same certificate goes to openbadgeslib's Open Badges 3.0 verifier.
"""

from __future__ import annotations

import copy
import json
import os
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from flask import Flask
from joserfc.jwk import ECKey
from openbadgeslib.ob3.verifier import OB3Verifier

from tests import factories
from tracker.extensions import db
from tracker.models import Certification, Program, User
from tracker.services import accounts, certifications, credentials, keys, status_lists

from .conftest import PUBLIC_URL, WalletVerifier

SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)


def steps(result: dict[str, Any]) -> dict[str, bool]:
    """The verifier's verdict per step: valid_signature, expiration, revocation_status..."""
    assert result["errors"] is None, result["errors"]
    return {step["id"]: step.get("valid") for step in result["log"]}


def assert_offline(result: dict[str, Any], public_url: str = PUBLIC_URL) -> None:
    """Everything the verifier fetched was ours; it asked for nothing else but the schema."""
    assert all(url.startswith(public_url + "/") for url in result["fetched"] if url != SCHEMA)
    assert set(result["refused"]) <= {SCHEMA}


def download(app: Flask, user: User, certification: Certification, name: str) -> str:
    """A download from the holder's certificates page, logged in as the holder."""
    client = app.test_client()
    cookie = factories.login_cookie(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = cookie
        session["_fresh"] = True
    response = client.get(f"/certificates/{certification.id}/{name}")
    assert response.status_code == 200, response.status
    return response.get_data(as_text=True)


def demo_certification(email: str, program: str = "PSS") -> tuple[User, Certification]:
    user = accounts.get_by_email(email)
    certification = db.session.scalar(
        db.select(Certification)
        .join(Program)
        .where(Certification.trainee_id == user.id, Program.code == program)
        .order_by(Certification.id.desc())
    )
    return user, certification


def test_a_freshly_issued_demo_certificate_is_accepted(
    wallet_app: Flask, wallet_server: str, wallet_verifier: WalletVerifier
):
    with wallet_app.app_context():
        casey = accounts.get_by_email("casey.morgan@example.org")  # eligible, not yet certified
        program = db.session.scalar(db.select(Program).where(Program.code == "PSS"))
        coordinator = accounts.get_by_email("coordinator@example.org")
        certification = certifications.issue(casey, program, coordinator)
        db.session.commit()
        document = json.loads(download(wallet_app, casey, certification, "badge.json"))
        token = download(wallet_app, casey, certification, "badge.jwt")
        thumbprint = keys.load().current.thumbprint

    result = wallet_verifier.verify(document)
    assert steps(result) == {
        "valid_signature": True,
        "expiration": True,
        "revocation_status": True,
        "registered_issuer": False,  # our DID is in no issuer registry (see the README)
    }
    assert_offline(result)
    assert f"{PUBLIC_URL}/.well-known/did.json" in result["fetched"]
    assert document["credentialStatus"]["statusListCredential"] in result["fetched"]
    if os.environ.get("TRACKER_OB3_SCHEMA"):
        (schema_check,) = result["additionalInformation"]
        assert [r["result"]["valid"] for r in schema_check["results"]] == [True]

    # The .jwt of the same certificate passes the Open Badges verifier, which
    # fetches the VC-JWT status list from the live server.
    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(wallet_server + urlsplit(url).path) as response:  # noqa: S310
            return response.read()

    jwk = json.loads(fetch(f"{PUBLIC_URL}/credentials/keys/{thumbprint}"))
    pem = ECKey.import_key(jwk).public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    verified = OB3Verifier(pem).verify(
        token, check_status=True, verify_status_list=True, download=fetch
    )
    assert verified.achievement.name == document["credentialSubject"]["achievement"]["name"]


# Each demo trainee's certificate as its state today; in grace is expired to a verifier.
@pytest.mark.parametrize(
    ("email", "program", "expiration", "revocation"),
    [
        ("dana.kim@example.org", "PSS", True, True),  # certified five months ago
        ("riley.chen@example.org", "PSS", True, True),  # expiring next month
        ("jesse.park@example.org", "PSS", True, True),  # renewed once
        ("sky.adams@example.org", "SGF", True, True),  # certified by override
        ("robin.walsh@example.org", "PSS", False, True),  # in the grace period
        ("taylor.brooks@example.org", "PSS", False, True),  # lapsed
        ("drew.patel@example.org", "PSS", True, False),  # revoked
    ],
)
def test_every_demo_certificate_gets_the_verdict_of_its_state(
    wallet_app: Flask, wallet_verifier: WalletVerifier, email, program, expiration, revocation
):
    with wallet_app.app_context():
        user, certification = demo_certification(email, program)
        document = json.loads(download(wallet_app, user, certification, "badge.json"))
        ours = credentials.verify(json.dumps(document)).status

    result = wallet_verifier.verify(document)
    assert steps(result) == {
        "valid_signature": True,
        "expiration": expiration,
        "revocation_status": revocation,
        "registered_issuer": False,
    }
    assert_offline(result)
    # The product's own verifier agrees.
    expected = "revoked" if not revocation else ("expired" if not expiration else "valid")
    assert ours == expected


def test_a_certificate_revoked_after_download_is_reported_revoked(
    wallet_app: Flask, wallet_verifier: WalletVerifier
):
    with wallet_app.app_context():
        trainee = factories.trainee(display_name="Morgan Lee")
        program = db.session.scalar(db.select(Program).where(Program.code == "SGF"))
        certification = certifications.issue(trainee, program, None, override_reason="test")
        db.session.commit()
        document = json.loads(download(wallet_app, trainee, certification, "badge.json"))
    assert steps(wallet_verifier.verify(document))["revocation_status"] is True

    with wallet_app.app_context():
        certification = db.session.get(Certification, certification.id)
        certifications.revoke(certification, None, "Breach of the code of ethics")
        db.session.commit()
    result = wallet_verifier.verify(document)
    assert steps(result)["revocation_status"] is False
    assert steps(result)["valid_signature"] is True


def test_a_status_list_changed_in_transit_is_not_trusted(
    wallet_app: Flask, wallet_verifier: WalletVerifier, monkeypatch
):
    """The list is itself a signed credential: clearing a revoked bit breaks its proof."""
    with wallet_app.app_context():
        user, certification = demo_certification("drew.patel@example.org")  # revoked
        document = json.loads(download(wallet_app, user, certification, "badge.json"))
    published = credentials.publish_status_list

    def cleared(status_list, now=None):  # type: ignore[no-untyped-def]
        signed = published(status_list, now)
        if isinstance(signed, dict):
            signed["credentialSubject"]["encodedList"] = status_lists.encode_bitstring(set())
        return signed

    monkeypatch.setattr(credentials, "publish_status_list", cleared)
    result = wallet_verifier.verify(document)
    (status,) = [step for step in result["log"] if step["id"] == "revocation_status"]
    assert status == {
        "id": "revocation_status",
        "error": {
            "name": "status_list_signature_error",
            "message": "The signature on the status list is invalid.",
        },
    }


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "licenseNumber"), "PSS-2099-99999"),
        (("credentialSubject", "achievement", "name"), "Master Peer Specialist"),
        (("validUntil",), "2099-12-31T23:59:59Z"),
        (("credentialStatus", "statusListIndex"), "7"),
        (("issuer", "name"), "Someone Else"),
        (("proof", "created"), "2020-01-01T00:00:00Z"),
    ],
)
def test_a_tampered_certificate_is_invalid(
    wallet_app: Flask, wallet_verifier: WalletVerifier, path, value
):
    with wallet_app.app_context():
        user, certification = demo_certification("dana.kim@example.org")
        document = json.loads(download(wallet_app, user, certification, "badge.json"))
    tampered = copy.deepcopy(document)
    target = tampered
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value

    result = wallet_verifier.verify(tampered)
    assert result["log"] is None
    assert result["errors"] == [
        {"name": "invalid_signature", "message": "The signature is not valid."}
    ]


def test_a_rotated_key_keeps_older_certificates_valid_and_revocable(
    wallet_app: Flask, wallet_verifier: WalletVerifier, tmp_path
):
    """With its own key ring and a public address with a path (did:web:tracker.test:rotation),
    so that no DID document the verifier cached earlier is in the way."""
    public_url = PUBLIC_URL + "/rotation"
    saved = {name: wallet_app.config[name] for name in ("PUBLIC_URL", "SIGNING_KEY_FILE")}
    wallet_app.config.update(PUBLIC_URL=public_url, SIGNING_KEY_FILE=str(tmp_path / "keys.json"))
    try:
        with wallet_app.app_context():
            user, certification = demo_certification("jesse.park@example.org")
            before = json.loads(download(wallet_app, user, certification, "badge.json"))
            keys.rotate()
            after = json.loads(download(wallet_app, user, certification, "badge.json"))
        assert before["issuer"]["id"] == after["issuer"]["id"] == "did:web:tracker.test:rotation"
        assert before["proof"]["verificationMethod"] != after["proof"]["verificationMethod"]

        results = [wallet_verifier.verify(document, public_url) for document in (before, after)]
        # The DID document of a public address with a path is <path>/did.json.
        assert f"{public_url}/did.json" in results[0]["fetched"]
        for document, result in zip((before, after), results, strict=True):
            assert steps(result)["valid_signature"] is True
            assert steps(result)["expiration"] is True
            assert steps(result)["revocation_status"] is True
            assert_offline(result, public_url)
            # Each checked the status list of the key that signed it.
            assert document["credentialStatus"]["statusListCredential"] in result["fetched"]
        assert (
            before["credentialStatus"]["statusListCredential"]
            != after["credentialStatus"]["statusListCredential"]
        )

        with wallet_app.app_context():
            certification = db.session.get(Certification, certification.id)
            certifications.revoke(certification, None, "Breach of the code of ethics")
            db.session.commit()
        for document in (before, after):
            result = wallet_verifier.verify(document, public_url)
            assert steps(result)["valid_signature"] is True
            assert steps(result)["revocation_status"] is False
    finally:
        wallet_app.config.update(saved)
