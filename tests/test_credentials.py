"""Open Badges 3.0 credentials: structure, the VC-JWT, status lists, and the command.

(The JSON-LD form with its Data Integrity proof, for wallets, is tested in
tests/test_wallet_credentials.py; both forms share the structure tests here.)

Every signature is also checked by libraries that share no code with ours:
PyJWT (a second JOSE implementation) and openbadgeslib's OB3Verifier (an
independent, spec-following Open Badges 3.0 verifier that fetches the status
list and checks it).  The credential's shape is checked against the fields the
Open Badges 3.0 specification requires; when TRACKER_OB3_SCHEMA is set to the
official ``ob_v3p0_achievementcredential_schema.json`` it is validated against
that schema too.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from openbadgeslib.ob3.status import decode_encoded_list
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from tracker.extensions import db
from tracker.models import AuditEvent, Certification, Program
from tracker.services import certifications, credentials, keys, status_lists
from tracker.services.dates import local_today


def issue(make, *, issued_on=None, validity_months=24, grace_days=0, name="Ada Lovelace", **kw):
    trainee = make.trainee(display_name=name, **kw)
    program = db.session.scalar(
        db.select(Program).where(Program.name == "Certified Peer Specialist")
    ) or make.program(
        name="Certified Peer Specialist",
        description="Peer support in groups and one-on-one.",
        validity_months=validity_months,
        grace_days=grace_days,
    )
    certification = certifications.issue(
        trainee, program, None, override_reason="issued for a test", today=issued_on
    )
    db.session.commit()
    return certification


def revoke(certification: Certification) -> None:
    certifications.revoke(certification, None, "Breach of the code of ethics")
    db.session.commit()


def issuer_pems(client) -> list[bytes]:
    """The published public keys as PEM, read with PyJWT (not our code)."""
    keys = client.get("/.well-known/jwks.json").get_json()["keys"]
    return [
        pyjwt.PyJWK(jwk).key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        for jwk in keys
    ]


def fetcher(client):
    """What an independent verifier downloads, served by the app itself."""

    def download(url: str) -> bytes:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        return response.data

    return download


def segment(token: str, index: int) -> dict:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def encode_segment(value: dict) -> str:
    raw = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# --- structure ---------------------------------------------------------------------------

DATE_TIME_STAMP = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$"

# The members Open Badges 3.0 requires, written from the specification's data model
# (AchievementCredential, Profile, AchievementSubject, IdentityObject, Achievement,
# Criteria) and VC Data Model 2.0, plus what this issuer promises on top.
SPEC_SHAPE = {
    "type": "object",
    "required": ["@context", "id", "type", "issuer", "validFrom", "credentialSubject"],
    "properties": {
        "@context": {
            "type": "array",
            "minItems": 2,
            "prefixItems": [
                {"const": "https://www.w3.org/ns/credentials/v2"},
                {
                    "pattern": r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$"
                },
                # credentialSchema's type is defined here: without it, JSON-LD drops it.
                {"const": "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"},
            ],
        },
        "id": {"type": "string", "format": "uri", "pattern": "^https?://"},
        "type": {
            "type": "array",
            "allOf": [
                {"contains": {"const": "VerifiableCredential"}},
                {"contains": {"enum": ["OpenBadgeCredential", "AchievementCredential"]}},
            ],
        },
        "issuer": {
            "type": "object",
            "required": ["id", "type", "name"],
            "properties": {
                "id": {"type": "string", "pattern": "^(https?://|did:web:)"},
                "type": {"type": "array", "contains": {"const": "Profile"}},
                "name": {"type": "string", "minLength": 1},
            },
        },
        "validFrom": {"type": "string", "pattern": DATE_TIME_STAMP},
        "validUntil": {"type": "string", "pattern": DATE_TIME_STAMP},
        "credentialSubject": {
            "type": "object",
            "required": ["type", "achievement", "identifier"],
            "properties": {
                "type": {"type": "array", "contains": {"const": "AchievementSubject"}},
                "identifier": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["type", "hashed", "identityHash", "identityType", "salt"],
                        "properties": {
                            "type": {"const": "IdentityObject"},
                            "hashed": {"const": True},
                            "identityHash": {"pattern": "^sha256\\$[0-9a-f]{64}$"},
                            "identityType": {"const": "emailAddress"},
                        },
                    },
                },
                "achievement": {
                    "type": "object",
                    "required": ["id", "type", "criteria", "description", "name"],
                    "properties": {
                        "type": {"type": "array", "contains": {"const": "Achievement"}},
                        "criteria": {
                            "type": "object",
                            "required": ["narrative"],
                            "properties": {"narrative": {"type": "string", "minLength": 1}},
                        },
                    },
                },
            },
        },
        "credentialStatus": {
            "type": "object",
            "required": [
                "id",
                "type",
                "statusPurpose",
                "statusListIndex",
                "statusListCredential",
            ],
            "properties": {
                "type": {"const": "BitstringStatusListEntry"},
                "statusPurpose": {"const": "revocation"},
                "statusListIndex": {"type": "string", "pattern": "^[0-9]+$"},
            },
        },
    },
}


@pytest.fixture
def app_overrides():
    # Credentials write their dates in the program's time zone; UTC keeps them plain here.
    return {"TIMEZONE": "UTC"}


def test_credential_has_the_shape_open_badges_3_requires(app, make):
    certification = issue(make)
    wallet = credentials.signed_credential(certification)
    claims = segment(credentials.sign_credential(certification), 1)
    for document in (wallet, claims):
        jsonschema.Draft202012Validator(SPEC_SHAPE).validate(document)
        assert document["credentialSubject"]["licenseNumber"] == certification.number
        assert document["validFrom"] == f"{certification.issued_on.isoformat()}T00:00:00Z"
        assert document["validUntil"] == f"{certification.expires_on.isoformat()}T23:59:59Z"
        assert document["id"] == (
            "http://tracker.test/verify/"
            + certifications.format_code(certification.verification_code)
        )
    assert wallet["issuer"]["id"] == "did:web:tracker.test"
    assert claims["issuer"]["id"] == "http://tracker.test/credentials/issuer"


def test_both_forms_say_the_same_thing(app, make):
    """The .json and the .jwt differ only where their proofs differ."""
    certification = issue(make)
    wallet = credentials.signed_credential(certification)
    claims = segment(credentials.sign_credential(certification), 1)
    ring = keys.load()
    assert wallet["credentialStatus"]["statusListCredential"] == (
        f"http://tracker.test/credentials/status/{ring.current.ed25519_thumbprint}/1"
    )
    assert claims["credentialStatus"]["statusListCredential"] == (
        f"http://tracker.test/credentials/status/{ring.current.thumbprint}/1"
    )
    for name in ("statusListIndex", "statusPurpose", "type"):
        assert wallet["credentialStatus"][name] == claims["credentialStatus"][name]

    def said(document: dict) -> dict:
        kept = {
            key: value
            for key, value in document.items()
            if key not in {"proof", "credentialStatus", "iss", "jti", "sub", "nbf", "exp"}
        }
        kept["issuer"] = {k: v for k, v in document["issuer"].items() if k != "id"}
        return kept

    assert said(wallet) == said(claims)
    assert said(wallet)["issuer"] == {
        "type": ["Profile"],
        "name": app.config["ORGANISATION_NAME"],
        "url": "http://tracker.test/",
    }


def test_valid_until_is_the_end_of_the_expiry_date_in_the_program_time_zone(app, make):
    app.config["TIMEZONE"] = "America/New_York"
    certification = issue(make, issued_on=date(2026, 7, 1))  # expires 1 July 2028 (EDT)
    assert certification.expires_on == date(2028, 7, 1)
    token = credentials.sign_credential(certification)
    wallet = credentials.signed_credential(certification)
    for document in (segment(token, 1), wallet):
        assert document["validFrom"] == "2026-07-01T00:00:00-04:00"
        assert document["validUntil"] == "2028-07-01T23:59:59-04:00"
    evening = datetime(2028, 7, 2, 3, 59, 58, tzinfo=UTC)  # 23:59:58 on 1 July in New York
    assert credentials.verify(token, now=evening).status == "valid"
    assert credentials.verify(json.dumps(wallet), now=evening).status == "valid"
    midnight = datetime(2028, 7, 2, 4, 0, 0, tzinfo=UTC)
    assert credentials.verify(token, now=midnight).status == "expired"
    assert credentials.verify(json.dumps(wallet), now=midnight).status == "expired"


@pytest.mark.skipif(
    not os.environ.get("TRACKER_OB3_SCHEMA"),
    reason="set TRACKER_OB3_SCHEMA to the official ob_v3p0_achievementcredential_schema.json",
)
def test_credential_validates_against_the_official_schema(app, make):
    schema = json.loads(Path(os.environ["TRACKER_OB3_SCHEMA"]).read_text(encoding="utf-8"))
    certification = issue(make)
    jsonschema.Draft201909Validator(schema).validate(credentials.signed_credential(certification))
    claims = segment(credentials.sign_credential(certification), 1)
    jsonschema.Draft201909Validator(schema).validate(claims)


def test_the_holder_is_a_salted_hash_of_the_email_never_the_email(app, make):
    certification = issue(make, email="Holder.Person@Example.org")
    token = credentials.sign_credential(certification)
    document = credentials.build_credential(certification)
    identity = document["credentialSubject"]["identifier"][0]
    expected = hashlib.sha256(
        ("holder.person@example.org" + certification.subject_salt).encode()
    ).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert identity["salt"] == certification.subject_salt
    for text in (json.dumps(document), json.dumps(segment(token, 1)), token):
        assert "holder.person" not in text.lower()
        assert "Ada Lovelace" not in text


def test_criteria_narrative_describes_the_program_rules(app, make):
    module = make.module(title="Boundaries and ethics", pass_mark=80)
    trainee = make.trainee()
    program = make.program(
        modules=[module], hour_rules=[{"min_minutes": 1500, "supervised_only": True}]
    )
    certification = certifications.issue(trainee, program, None, override_reason="test")
    db.session.commit()
    narrative = credentials.build_credential(certification)["credentialSubject"]["achievement"][
        "criteria"
    ]["narrative"]
    assert "Boundaries and ethics (pass mark 80)" in narrative
    assert "25" in narrative and "supervised" in narrative


# --- the signature -----------------------------------------------------------------------


def test_signature_round_trip_and_header(app, make, client):
    certification = issue(make)
    token = credentials.sign_credential(certification)
    header, claims = segment(token, 0), segment(token, 1)
    # Open Badges 3.0 allows only these JOSE headers; the kid dereferences to the JWK.
    assert set(header) == {"alg", "kid", "typ"}
    assert header["alg"] == "ES256" and header["typ"] == "JWT"
    jwk = client.get(urlsplit(header["kid"]).path).get_json()
    assert jwk in client.get("/.well-known/jwks.json").get_json()["keys"]
    assert jwk["kid"] == header["kid"]

    # Our own verifier.
    verdict = credentials.verify(token)
    assert verdict.status == "valid", verdict.reason
    # PyJWT, with the key taken from the published JWKS.
    decoded = pyjwt.decode(token, pyjwt.PyJWK(jwk).key, algorithms=["ES256"])
    assert decoded == claims
    # The registered claims mirror the credential, as Open Badges 3.0 asks.
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"]
    assert claims["sub"] == claims["credentialSubject"]["id"]
    assert claims["nbf"] == int(datetime.fromisoformat(claims["validFrom"]).timestamp())
    assert claims["exp"] == int(datetime.fromisoformat(claims["validUntil"]).timestamp())


def test_an_independent_open_badges_verifier_accepts_it(app, make, client):
    certification = issue(make)
    token = credentials.sign_credential(certification)
    (pem,) = issuer_pems(client)
    credential = OB3Verifier(pem).verify(
        token, check_status=True, verify_status_list=True, download=fetcher(client)
    )
    assert credential.issuer.id == "http://tracker.test/credentials/issuer"
    assert credential.achievement.name == "Certified Peer Specialist"


def _flip(text: str, index: int) -> str:
    replacement = "A" if text[index] != "A" else "B"
    return text[:index] + replacement + text[index + 1 :]


@pytest.mark.parametrize("part", [0, 1, 2], ids=["header", "payload", "signature"])
def test_one_changed_byte_fails(app, make, client, part):
    token = credentials.sign_credential(issue(make))
    parts = token.split(".")
    parts[part] = _flip(parts[part], len(parts[part]) // 2)
    tampered = ".".join(parts)

    assert credentials.verify(tampered).status == "invalid signature"
    (pem,) = issuer_pems(client)
    with pytest.raises(OB3VerificationError):
        OB3Verifier(pem).verify(tampered)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "licenseNumber"), "CPS-2099-99999"),
        (("validUntil",), "2099-01-01T00:00:00Z"),
        (("exp",), 4070908800),
        (("credentialSubject", "achievement", "name"), "Master Peer Specialist"),
    ],
)
def test_one_changed_claim_fails(app, make, client, path, value):
    token = credentials.sign_credential(issue(make))
    header, _payload, signature = token.split(".")
    payload = segment(token, 1)
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    tampered = f"{header}.{encode_segment(payload)}.{signature}"

    assert credentials.verify(tampered).status == "invalid signature"
    (pem,) = issuer_pems(client)
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt.decode(tampered, pem, algorithms=["ES256"])


def test_a_credential_signed_by_another_key_fails(app, make):
    token = credentials.sign_credential(issue(make))
    stranger = ec.generate_private_key(ec.SECP256R1())
    forged = pyjwt.encode(segment(token, 1), stranger, algorithm="ES256", headers=segment(token, 0))
    assert forged.split(".")[0] != "" and forged != token
    assert credentials.verify(forged).status == "invalid signature"
    unknown_kid = pyjwt.encode(
        segment(token, 1), stranger, algorithm="ES256", headers={"kid": "http://x/keys/other"}
    )
    verdict = credentials.verify(unknown_kid)
    assert verdict.status == "invalid signature"
    assert "does not hold" in verdict.reason


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("", "invalid signature"),
        ("hello", "invalid signature"),
        ("a.b.c", "invalid signature"),
        ("{}", "invalid signature"),
        ('{"proof": {"type": "DataIntegrityProof"}}', "invalid signature"),
        ("{not json", "invalid"),
        ("[1, 2]", "invalid signature"),
    ],
)
def test_not_a_credential_at_all(app, text, status):
    assert credentials.verify(text).status == status


# --- expiry and revocation ---------------------------------------------------------------


def test_expired_credential_is_reported_expired(app, make, client):
    issued_on = local_today() - timedelta(days=3 * 365)
    certification = issue(make, issued_on=issued_on, validity_months=24)
    token = credentials.sign_credential(certification)

    verdict = credentials.verify(token)
    assert verdict.status == "expired"
    (pem,) = issuer_pems(client)
    with pytest.raises(OB3VerificationError, match="expired"):
        OB3Verifier(pem).verify(token)
    # It was valid while it lasted.
    during = datetime.combine(issued_on + timedelta(days=30), datetime.min.time(), tzinfo=UTC)
    assert credentials.verify(token, now=during).status == "valid"


def test_in_grace_the_product_says_renewable_while_a_verifier_says_expired(app, make, client):
    """validUntil is the expiry date the pages print, never expiry plus grace."""
    issued_on = local_today() - timedelta(days=2 * 365 + 10)
    certification = issue(make, issued_on=issued_on, validity_months=24, grace_days=30)
    token = credentials.sign_credential(certification)
    wallet = credentials.signed_credential(certification)

    facts = credentials.facts(certification)
    assert facts.in_grace and facts.expires_on < local_today() < facts.lapses_on
    code = certifications.format_code(certification.verification_code)
    assert client.get(f"/verify/{code}").status_code == 200

    expiry = f"{certification.expires_on.isoformat()}T23:59:59Z"
    assert segment(token, 1)["validUntil"] == wallet["validUntil"] == expiry
    assert segment(token, 1)["exp"] == int(
        datetime.fromisoformat(expiry.replace("Z", "+00:00")).timestamp()
    )
    assert credentials.verify(token).status == "expired"
    assert credentials.verify(json.dumps(wallet)).status == "expired"
    (pem,) = issuer_pems(client)
    with pytest.raises(OB3VerificationError, match="expired"):
        OB3Verifier(pem).verify(token)

    last_second = datetime.combine(certification.expires_on, datetime.min.time(), tzinfo=UTC)
    last_second += timedelta(hours=23, minutes=59, seconds=58)
    assert credentials.verify(token, now=last_second).status == "valid"
    assert credentials.verify(json.dumps(wallet), now=last_second).status == "valid"


def test_revoked_credential_is_reported_revoked(app, make, client):
    certification = issue(make)
    token = credentials.sign_credential(certification)  # downloaded before the revocation
    revoke(certification)

    assert credentials.verify(token).status == "revoked"
    (pem,) = issuer_pems(client)
    OB3Verifier(pem).verify(token)  # the signature alone is still fine...
    with pytest.raises(OB3VerificationError, match="revocation"):
        OB3Verifier(pem).verify(  # ...but the status list says revoked
            token, check_status=True, verify_status_list=True, download=fetcher(client)
        )


def test_status_list_is_a_signed_bitstring_status_list(app, make, client):
    kept = issue(make)
    revoked = issue(make)
    revoke(revoked)
    thumbprint = keys.load().current.thumbprint
    url = f"http://tracker.test/credentials/status/{thumbprint}/1"

    entry = segment(credentials.sign_credential(revoked), 1)["credentialStatus"]
    assert entry["statusListCredential"] == url
    assert entry["statusListIndex"] == str(revoked.status_index)
    assert entry["id"] == f"{url}#{revoked.status_index}"

    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    token = response.get_data(as_text=True)
    (pem,) = issuer_pems(client)
    claims = pyjwt.decode(token, pem, algorithms=["ES256"])
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert claims["issuer"] == claims["iss"] == "http://tracker.test/credentials/issuer"
    subject = claims["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert subject["id"] == f"{url}#list"
    assert claims["id"] == claims["jti"] == url

    # Decoded by hand with the standard library: multibase 'u', base64url, GZIP.
    encoded = subject["encodedList"]
    assert encoded.startswith("u") and "=" not in encoded
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131072  # the spec's minimum: 16 KiB
    assert bits == decode_encoded_list(encoded)  # and by openbadgeslib

    def bit(index: int) -> bool:
        return bool(bits[index // 8] & (0x80 >> (index % 8)))

    assert bit(revoked.status_index)
    assert not bit(kept.status_index)
    assert sum(bin(b).count("1") for b in bits) == 1


def test_status_lists_that_do_not_exist_are_404(app, make, client):
    issue(make)
    key = keys.load().current
    for thumbprint in (key.thumbprint, key.ed25519_thumbprint):
        assert client.get(f"/credentials/status/{thumbprint}/1").status_code == 200
        assert client.get(f"/credentials/status/{thumbprint}/0").status_code == 404
        assert client.get(f"/credentials/status/{thumbprint}/2").status_code == 404
        assert client.get(f"/credentials/status/{thumbprint}/abc").status_code == 404
    assert client.get("/credentials/status/not-a-key/1").status_code == 404
    # The keyless address of earlier credentials answers (see below); list 2 does not exist.
    assert client.get("/credentials/status/2").status_code == 404


def test_status_index_maps_to_list_and_position():
    assert status_lists.position(1) == (1, 1)
    assert status_lists.position(131071) == (1, 131071)
    assert status_lists.position(131072) == (2, 0)
    assert status_lists.decode_bitstring(status_lists.encode_bitstring({0, 7, 131071})) == (
        bytes([0x81]) + bytes(16382) + bytes([0x01])
    )
    with pytest.raises(ValueError):
        status_lists.decode_bitstring("not multibase")


def test_status_indexes_are_random_and_never_shared(app, make, monkeypatch):
    """The public list must not tell how many certificates were issued, or in which order."""
    issued = [issue(make) for _ in range(12)]
    indexes = [c.status_index for c in issued]
    assert len(set(indexes)) == len(indexes)
    assert all(0 <= index < status_lists.BITS for index in indexes)
    assert indexes != sorted(indexes)  # 12 random draws in order: about 1 in 479 million
    assert max(indexes) > 1000  # not counting up from 1

    # A draw that meets a position already held draws again.
    free = next(index for index in range(status_lists.BITS) if index not in indexes)
    draws = iter([indexes[0], indexes[1], free])
    monkeypatch.setattr(status_lists.secrets, "randbelow", lambda _n: next(draws))
    assert status_lists.new_index() == free


def test_a_new_list_opens_when_the_first_is_half_full(app, make, monkeypatch):
    monkeypatch.setattr(status_lists, "LIST_FILL", 3)
    first = [issue(make).status_index for _ in range(3)]
    assert all(index < status_lists.BITS for index in first)
    fourth = issue(make)
    assert status_lists.BITS <= fourth.status_index < 2 * status_lists.BITS
    assert status_lists.list_count() == 2
    revoke(fourth)
    entry = credentials.signed_credential(fourth)["credentialStatus"]
    assert entry["statusListCredential"].endswith("/2")
    assert entry["statusListIndex"] == str(fourth.status_index - status_lists.BITS)
    assert credentials.verify(json.dumps(credentials.signed_credential(fourth))).status == (
        "revoked"
    )


def test_issuer_profile_is_published(app, client):
    profile = client.get("/credentials/issuer").get_json()
    assert profile["id"] == "http://tracker.test/credentials/issuer"
    assert profile["type"] == ["Profile"]
    assert profile["name"] == app.config["ORGANISATION_NAME"]


# --- the command -------------------------------------------------------------------------


def run_verify(runner, tmp_path, text: str, name: str = "badge.jwt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["verify-credential", str(path)])


def downloads(certification) -> dict[str, str]:
    """Both downloads of a certification, as the files a holder has."""
    return {
        "badge.jwt": credentials.sign_credential(certification),
        "badge.json": json.dumps(credentials.signed_credential(certification), indent=2),
    }


PROOFS = {
    "badge.jwt": "proof: VC-JWT (ES256)",
    "badge.json": "proof: Data Integrity proof (eddsa-rdfc-2022)",
}


@pytest.mark.parametrize("name", ["badge.jwt", "badge.json"])
def test_command_says_valid(app, make, runner, tmp_path, name):
    certification = issue(make)
    result = run_verify(runner, tmp_path, downloads(certification)[name], name)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "verdict: valid"
    assert PROOFS[name] in result.output
    assert f"number: {certification.number}" in result.output
    assert f"valid until: {certification.expires_on.isoformat()}T23:59:59Z" in result.output


@pytest.mark.parametrize("name", ["badge.jwt", "badge.json"])
def test_command_says_revoked(app, make, runner, tmp_path, name):
    certification = issue(make)
    text = downloads(certification)[name]
    revoke(certification)
    result = run_verify(runner, tmp_path, text, name)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "verdict: revoked"


@pytest.mark.parametrize("name", ["badge.jwt", "badge.json"])
def test_command_says_expired(app, make, runner, tmp_path, name):
    certification = issue(make, issued_on=local_today() - timedelta(days=800), validity_months=24)
    result = run_verify(runner, tmp_path, downloads(certification)[name], name)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "verdict: expired"


def test_command_says_invalid_signature(app, make, runner, tmp_path):
    token = credentials.sign_credential(issue(make))
    header, _payload, signature = token.split(".")
    claims = segment(token, 1)
    claims["credentialSubject"]["achievement"]["name"] = "Something else"
    result = run_verify(runner, tmp_path, f"{header}.{encode_segment(claims)}.{signature}")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "verdict: invalid signature"

    document = credentials.signed_credential(issue(make))
    document["credentialSubject"]["achievement"]["name"] = "Something else"
    result = run_verify(runner, tmp_path, json.dumps(document), "badge.json")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "verdict: invalid signature"

    # An unsigned copy of the credential is refused for what it is.
    del document["proof"]
    result = run_verify(runner, tmp_path, json.dumps(document), "badge.json")
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "verdict: invalid signature",
        "reason: the document carries no proof",
    ]


def test_command_on_unreadable_file(app, runner, tmp_path):
    path = tmp_path / "binary.jwt"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(args=["verify-credential", str(path)])
    assert result.exit_code == 1
    assert "verdict: invalid" in result.output


def test_signing_writes_nothing_to_the_database(app, make):
    certification = issue(make)
    events = db.session.scalar(db.select(db.func.count(AuditEvent.id)))
    credentials.sign_credential(certification)
    credentials.signed_credential(certification)
    key = keys.load().current
    for thumbprint in (key.thumbprint, key.ed25519_thumbprint):
        credentials.publish_status_list(credentials.find_status_list(thumbprint, 1))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == events


def test_the_status_list_address_of_earlier_credentials_still_answers(app, make, client):
    """Credentials downloaded before lists were kept per key point to /credentials/status/1."""
    certification = issue(make)
    certifications.revoke(certification, None, "Breach of the code")
    db.session.commit()
    response = client.get("/credentials/status/1")
    assert response.status_code == 200
    assert response.mimetype == "application/vc+jwt"
    claims = segment(response.get_data(as_text=True), 1)
    assert claims["id"] == "http://tracker.test/credentials/status/1"
    bits = decode_encoded_list(claims["credentialSubject"]["encodedList"])
    list_number, position = status_lists.position(certification.status_index)
    assert list_number == 1
    assert bits[position // 8] & (0x80 >> (position % 8))
    assert client.get("/credentials/status/2").status_code == 404
