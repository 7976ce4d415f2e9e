"""The signing key: created on first use in development, required in production,
rotated without breaking old credentials, and never shown.

(Rotation as wallets see it, through the DID document and the JSON-LD status
lists, is tested in tests/test_wallet_credentials.py and tests/wallet/.)"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from joserfc.jwk import ECKey
from openbadgeslib.ob3.verifier import OB3Verifier

from tracker.extensions import db
from tracker.services import certifications, credentials, keys

PUBLIC_MEMBERS = {"kty", "crv", "x", "y", "kid", "use", "alg"}


def issue(make):
    trainee = make.trainee()
    program = make.program()
    certification = certifications.issue(trainee, program, None, override_reason="test")
    db.session.commit()
    return certification


def private_values(path: Path) -> list[str]:
    """Every private member stored in the key file: the ``d`` of each P-256 and Ed25519 key."""
    document = json.loads(path.read_text())
    found = []
    for entry in [document["current"], *document["retired"]]:
        found += [entry[half]["d"] for half in ("jwk", "ed25519") if "d" in entry.get(half, {})]
    return found


@pytest.fixture
def production(app, tmp_path):
    """The app as deployed: neither debug nor testing; the key file setting is the test's."""
    app.testing = False
    app.debug = False
    app.config["SIGNING_KEY_AUTOCREATE"] = False  # what create_app decides for production
    app.config["SIGNING_KEY_FILE"] = None
    return app


def test_key_is_created_on_first_use_in_the_instance_folder(app):
    path = Path(app.instance_path) / "signing-key.json"
    assert not path.exists()
    ring = keys.load()
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.load().current_thumbprint == ring.current_thumbprint  # made once, then kept
    document = json.loads(path.read_text())
    assert document["format"] == "tracker-signing-keys/2"
    assert document["current"]["jwk"]["crv"] == "P-256"
    assert document["current"]["ed25519"]["crv"] == "Ed25519"
    assert ring.current.ed25519_thumbprint == keys.load().current.ed25519_thumbprint


def test_development_is_decided_when_the_app_is_built(tmp_path):
    """``flask run`` resets app.debug after create_app; a debug app still makes its key."""
    from config import TestConfig
    from tracker import create_app

    settings = TestConfig.as_dict()
    settings.update(TESTING=False, DEBUG=True)
    development = create_app(settings, instance_path=str(tmp_path / "dev"))
    development.debug = False  # what the flask command does without FLASK_DEBUG
    with development.app_context():
        assert keys.load().current_thumbprint
    assert (tmp_path / "dev" / "signing-key.json").exists()

    settings.update(DEBUG=False, SECRET_KEY="k" * 64)
    production = create_app(settings, instance_path=str(tmp_path / "prod"))
    assert production.config["SIGNING_KEY_AUTOCREATE"] is False
    with production.app_context(), pytest.raises(keys.SigningKeyError):
        keys.load()


def test_the_setting_names_the_key_file(app, tmp_path):
    path = tmp_path / "secrets" / "issuer-key.json"
    app.config["SIGNING_KEY_FILE"] = str(path)
    ring = keys.load()
    assert path.exists()
    assert not (Path(app.instance_path) / "signing-key.json").exists()
    assert json.loads(path.read_text())["current"]["jwk"]["kty"] == "EC"
    assert ring.current.jwk()["crv"] == "P-256"
    assert ring.current.ed25519_public() is not None


def test_an_existing_key_is_never_replaced(app, tmp_path):
    path = tmp_path / "key.json"
    app.config["SIGNING_KEY_FILE"] = str(path)
    first = keys.load().current_thumbprint
    keys._create_exclusively(path, keys._new_document())  # a second process racing to create it
    assert keys.load().current_thumbprint == first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".signing-key-")] == []


def test_production_requires_the_setting(production):
    with pytest.raises(keys.SigningKeyError, match="TRACKER_SIGNING_KEY_FILE is not set"):
        keys.load()
    assert not (Path(production.instance_path) / "signing-key.json").exists()


def test_production_never_invents_a_missing_key(production, tmp_path):
    path = tmp_path / "missing.json"
    production.config["SIGNING_KEY_FILE"] = str(path)
    with pytest.raises(keys.SigningKeyError, match="rotate-signing-key"):
        keys.load()
    assert not path.exists()


def test_production_without_a_key_answers_503_not_500(production, make, client, login_as):
    certification = issue(make)
    assert client.get("/.well-known/jwks.json").status_code == 503
    assert client.get("/.well-known/did.json").status_code == 503
    assert client.get("/credentials/status/any-thumbprint/1").status_code == 503
    login_as(certification.trainee)
    for name in ("badge.jwt", "badge.json"):
        response = client.get(f"/certificates/{certification.id}/{name}")
        assert response.status_code == 503
        assert b"cannot be signed" in response.data
    # What needs no signature still works.
    assert client.get(f"/certificates/{certification.id}/certificate.pdf").status_code == 200
    code = certifications.format_code(certification.verification_code)
    assert client.get(f"/verify/{code}").status_code == 200


def test_rotate_command_creates_then_rotates(production, runner, tmp_path):
    path = tmp_path / "keys" / "issuer.json"
    production.config["SIGNING_KEY_FILE"] = str(path)

    created = runner.invoke(args=["rotate-signing-key"])
    assert created.exit_code == 0, created.output
    assert "Created the signing key" in created.output
    first = keys.load().current_thumbprint

    first_ed25519 = keys.load().current.ed25519_thumbprint

    rotated = runner.invoke(args=["rotate-signing-key"])
    assert rotated.exit_code == 0, rotated.output
    assert f"previous key {first} stays published and keeps signing its status lists" in (
        rotated.output
    )
    ring = keys.load()
    assert ring.current_thumbprint != first
    assert ring.current.ed25519_thumbprint != first_ed25519
    assert [key.thumbprint for key in ring.retired] == [first]
    assert [key.ed25519_thumbprint for key in ring.retired] == [first_ed25519]
    assert ring.retired[0].can_sign and not ring.retired[0].is_current

    # A retired key keeps its private halves for its status lists (see keys.py).
    document = json.loads(path.read_text())
    assert len(private_values(path)) == 4
    assert document["retired"][0]["retired_at"]
    assert not (tmp_path / "keys" / "issuer.json.lock").read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for secret in private_values(path):
        assert secret not in created.output + rotated.output


def test_rotate_command_without_setting_in_production(production, runner):
    result = runner.invoke(args=["rotate-signing-key"])
    assert result.exit_code == 1
    assert "TRACKER_SIGNING_KEY_FILE is not set" in result.output


def test_a_rotated_key_still_verifies_old_credentials(app, make, client):
    certification = issue(make)
    old_token = credentials.sign_credential(certification)
    keys.rotate()
    middle_token = credentials.sign_credential(certification)
    keys.rotate()
    new_token = credentials.sign_credential(certification)

    kids = [pyjwt.get_unverified_header(t)["kid"] for t in (old_token, middle_token, new_token)]
    assert len(set(kids)) == 3
    published = client.get("/.well-known/jwks.json").get_json()["keys"]
    assert [jwk["kid"] for jwk in published] == list(reversed(kids))

    for token, kid in zip((old_token, middle_token, new_token), kids, strict=True):
        assert credentials.verify(token).status == "valid"
        # Independently: the kid dereferences to the key, which PyJWT and the
        # Open Badges verifier accept.
        jwk = client.get(urlsplit(kid).path).get_json()
        public = pyjwt.PyJWK(jwk).key
        decoded = pyjwt.decode(token, public, algorithms=["ES256"])
        assert decoded["jti"] == credentials.verification_url(certification)
        pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        OB3Verifier(pem).verify(token)


def test_credentials_survive_a_change_of_public_address(app, make):
    token = credentials.sign_credential(issue(make))
    app.config["PUBLIC_URL"] = "https://certificates.example.org"
    assert credentials.verify(token).status == "valid"


def test_jwks_never_contains_private_parts(app, make, client, login_as):
    certification = issue(make)
    keys.load()
    keys.rotate()
    path = Path(app.instance_path) / "signing-key.json"
    published = client.get("/.well-known/jwks.json").get_json()["keys"]
    assert len(published) == 2
    for jwk in published:
        assert "d" not in jwk
        assert set(jwk) <= PUBLIC_MEMBERS
        single = client.get(urlsplit(jwk["kid"]).path).get_json()
        assert single == jwk and "d" not in single
    assert client.get("/credentials/keys/not-a-key").status_code == 404

    login_as(certification.trainee)
    code = certifications.format_code(certification.verification_code)
    status_lists = [
        client.get(f"/credentials/status/{thumbprint}/1")
        for key in keys.load().all()
        for thumbprint in (key.thumbprint, key.ed25519_thumbprint)
    ]
    responses = [
        client.get("/.well-known/jwks.json"),
        client.get("/.well-known/did.json"),
        *status_lists,
        client.get("/credentials/issuer"),
        client.get(f"/verify/{code}"),
        client.get(f"/certificates/{certification.id}/badge.jwt"),
        client.get(f"/certificates/{certification.id}/badge.json"),
    ]
    secrets = private_values(path)
    assert len(secrets) == 4  # two generations, each a P-256 and an Ed25519 key
    for response in responses:
        assert response.status_code == 200
        for secret in secrets:
            assert secret.encode() not in response.data


def test_key_ring_repr_and_errors_show_no_key_material(app, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    ring = keys.load()
    path = Path(app.instance_path) / "signing-key.json"
    secrets = private_values(path)
    secret = secrets[0]
    assert len(secrets) == 2
    for value in secrets:
        assert value not in repr(ring) and value not in repr(ring.current)

    broken = tmp_path / "broken.json"
    document = json.loads(path.read_text())
    document["current"]["jwk"]["crv"] = "P-384"
    broken.write_text(json.dumps(document))
    app.config["SIGNING_KEY_FILE"] = str(broken)
    with pytest.raises(keys.SigningKeyError) as raised:
        keys.load()
    assert "not a P-256 key" in str(raised.value)
    assert secret not in str(raised.value)

    public_only = json.loads(path.read_text())
    del public_only["current"]["jwk"]["d"]
    broken.write_text(json.dumps(public_only))
    with pytest.raises(keys.SigningKeyError, match="no private part"):
        keys.load()

    broken.write_text("not json " + secret)
    with pytest.raises(keys.SigningKeyError, match="cannot be read") as raised:
        keys.load()
    assert secret not in str(raised.value)
    for secret_value in secrets:
        assert secret_value not in caplog.text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda entry: entry.pop("ed25519"), "the current key has no Ed25519 key"),
        (lambda entry: entry["ed25519"].pop("d"), "an Ed25519 key has no private part"),
        (lambda entry: entry["ed25519"].update(crv="X25519"), "not an OKP Ed25519 key"),
    ],
    ids=["missing", "public only", "wrong curve"],
)
def test_a_broken_ed25519_key_is_refused(app, tmp_path, change, message):
    keys.load()
    document = json.loads((Path(app.instance_path) / "signing-key.json").read_text())
    change(document["current"])
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    app.config["SIGNING_KEY_FILE"] = str(broken)
    with pytest.raises(keys.SigningKeyError, match=message):
        keys.load()


def first_format_file(path: Path) -> tuple[str, str]:
    """A key file as the first format wrote it: P-256 only, the retired key public only."""
    current = ECKey.generate_key("P-256", private=True)
    retired = ECKey.generate_key("P-256", private=True)
    public = {name: retired.as_dict()[name] for name in ("kty", "crv", "x", "y")}
    path.write_text(
        json.dumps(
            {
                "format": "tracker-signing-keys/1",
                "current": {
                    "jwk": current.as_dict(private=True),
                    "created_at": "2026-01-01T00:00:00Z",
                },
                "retired": [{"jwk": public, "created_at": "2025-01-01T00:00:00Z"}],
            }
        )
    )
    return current.thumbprint(), retired.thumbprint()


def test_a_first_format_key_file_is_upgraded_in_place(app, make, tmp_path, client):
    path = tmp_path / "old-key.json"
    app.config["SIGNING_KEY_FILE"] = str(path)
    current, retired = first_format_file(path)

    ring = keys.load()
    assert ring.current.thumbprint == current  # the same P-256 key goes on signing
    assert ring.current.can_sign and ring.current.ed25519_public() is not None
    document = json.loads(path.read_text())
    assert document["format"] == "tracker-signing-keys/2"
    assert "ed25519" in document["current"]
    assert keys.load().current.ed25519_thumbprint == ring.current.ed25519_thumbprint  # once
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    # The old retired key still verifies what it signed, and signs nothing.
    (old,) = ring.retired
    assert old.thumbprint == retired and not old.can_sign and old.ed25519 is None
    assert [jwk["kid"].rsplit("/", 1)[-1] for jwk in credentials.public_jwks()["keys"]] == [
        current,
        retired,
    ]
    assert len(credentials.did_document()["verificationMethod"]) == 1
    issue(make)
    assert client.get(f"/credentials/status/{retired}/1").status_code == 404

    rotated = keys.rotate()
    assert rotated.retired_thumbprint == current
    assert [key.thumbprint for key in keys.load().retired] == [current, retired]


def test_a_first_format_file_that_cannot_be_rewritten_says_what_to_do(app, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    path = folder / "old-key.json"
    first_format_file(path)
    app.config["SIGNING_KEY_FILE"] = str(path)
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root writes anywhere: make the rewrite fail instead
            path.with_name(path.name + ".lock").mkdir()
        with pytest.raises(keys.SigningKeyError, match="rotate-signing-key"):
            keys.load()
    finally:
        folder.chmod(0o700)
    assert json.loads(path.read_text())["format"] == "tracker-signing-keys/1"
