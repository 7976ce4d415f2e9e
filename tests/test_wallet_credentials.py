"""The credential wallets accept: a did:web issuer, an embedded Data Integrity proof
(eddsa-rdfc-2022), JSON-LD a strict processor accepts, and status lists per key.

Every proof is also checked by a path that shares no code with the signing
code: the DID document fetched and its Multikey decoded by hand, the documents
canonicalized by pyld directly in safe mode with openbadgeslib's copies of the
contexts, hashed, and the Ed25519 signature checked with ``cryptography``.  And
by openbadgeslib's OB3LdpVerifier, an independent Open Badges 3.0 verifier for
this proof format, which resolves the did:web DID through the app itself.  The
JavaScript verifier that wallets use runs in tests/wallet/.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import socket
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import base58
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from openbadgeslib.ob3.contexts import document_loader as openbadges_contexts
from openbadgeslib.ob3.ldp import OB3LdpVerifier
from openbadgeslib.ob3.verifier import OB3VerificationError
from pyld import jsonld

from tracker.extensions import db
from tracker.models import Program
from tracker.services import certifications, credentials, keys, linked_data, status_lists
from tracker.services.dates import local_today


@pytest.fixture
def app_overrides():
    return {"TIMEZONE": "UTC"}


def issue(make, *, issued_on=None, validity_months=24, grace_days=0, **kw):
    trainee = make.trainee(display_name="Ada Lovelace", **kw)
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


def revoke(certification) -> None:
    certifications.revoke(certification, None, "Breach of the code of ethics")
    db.session.commit()


def download(client, login_as, certification) -> dict[str, Any]:
    """The .json a holder downloads from their certificates page."""
    login_as(certification.trainee)
    response = client.get(f"/certificates/{certification.id}/badge.json")
    assert response.status_code == 200
    assert f"{certification.number}-badge.json" in response.headers["Content-Disposition"]
    return json.loads(response.get_data(as_text=True))


def fetcher(client):
    """What an outside verifier downloads, served by the app itself."""

    def fetch(url: str) -> bytes:
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        return response.data

    return fetch


# --- the independent path ------------------------------------------------------------------

ABSOLUTE_IRI = re.compile(r"^(_:|[A-Za-z][A-Za-z0-9+.\-]*:)")


def strict_nquads(document: dict[str, Any]) -> str:
    """RDFC-1.0 N-Quads by pyld, in safe mode, with openbadgeslib's copies of the contexts."""
    loader = openbadges_contexts()
    dropped: list[Any] = []
    expanded = jsonld.expand(
        document, {"documentLoader": loader, "base": None}, on_property_dropped=dropped.append
    )
    assert dropped == [], f"terms no context defines: {dropped}"

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict) and "@value" not in value:
            for iri in [*value.get("@type", []), *([value["@id"]] if "@id" in value else [])]:
                assert ABSOLUTE_IRI.match(iri), f"relative IRI {iri!r}"
            for item in value.values():
                walk(item)

    walk(expanded)
    return jsonld.normalize(
        expanded,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader},
    )


def resolve_key(client, verification_method: str) -> Ed25519PublicKey:
    """did:web resolution by hand: the DID document over HTTP, then the Multikey decoded."""
    did, _hash, _fragment = verification_method.partition("#")
    assert did == "did:web:tracker.test"
    document = client.get("/.well-known/did.json").get_json()  # https://tracker.test/...
    assert document["id"] == did
    assert verification_method in document["assertionMethod"]
    (method,) = [m for m in document["verificationMethod"] if m["id"] == verification_method]
    assert method["type"] == "Multikey" and method["controller"] == did
    raw = base58.b58decode(method["publicKeyMultibase"].removeprefix("z"))
    assert raw[:2] == b"\xed\x01" and len(raw) == 34  # the Ed25519 multicodec prefix
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def check_independently(client, document: dict[str, Any]) -> None:
    """Raise InvalidSignature (or AssertionError) unless the embedded proof checks out."""
    proof = dict(document["proof"])
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    signature = base58.b58decode(proof.pop("proofValue").removeprefix("z"))
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    options = {**proof, "@context": document["@context"]}
    hash_data = (
        hashlib.sha256(strict_nquads(options).encode()).digest()
        + hashlib.sha256(strict_nquads(unsecured).encode()).digest()
    )
    resolve_key(client, document["proof"]["verificationMethod"]).verify(signature, hash_data)


# --- the issuer's DID --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("public_url", "did", "path"),
    [
        ("https://certs.example.org", "did:web:certs.example.org", "/.well-known/did.json"),
        ("https://certs.example.org/", "did:web:certs.example.org", "/.well-known/did.json"),
        ("https://example.org/tracker", "did:web:example.org:tracker", "/did.json"),
        (
            "https://Example.org/peer support/tracker/",
            "did:web:example.org:peer%20support:tracker",
            "/did.json",
        ),
        ("http://127.0.0.1:5000", "did:web:127.0.0.1%3A5000", "/.well-known/did.json"),
    ],
)
def test_the_did_comes_from_the_public_address(app, client, public_url, did, path):
    app.config["PUBLIC_URL"] = public_url
    assert credentials.issuer_did() == did
    assert credentials.did_document_path() == path
    response = client.get(path)
    assert response.status_code == 200
    assert response.get_json()["id"] == did
    other = {"/did.json", "/.well-known/did.json"} - {path}
    assert client.get(other.pop()).status_code == 404


def test_the_did_document_lists_every_ed25519_key_for_assertions(app, make, client):
    first = keys.load().current
    keys.rotate()
    current = keys.load().current
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response.mimetype == "application/did+ld+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    document = response.get_json()

    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
    assert document["id"] == "did:web:tracker.test"
    # The https issuer profile of the VC-JWTs is the same issuer.
    assert document["alsoKnownAs"] == ["http://tracker.test/credentials/issuer"]
    methods = document["verificationMethod"]
    assert [m["publicKeyMultibase"] for m in methods] == [
        linked_data.multikey(current.ed25519_public()),
        linked_data.multikey(first.ed25519_public()),
    ]
    for method in methods:
        assert method["id"] == f"did:web:tracker.test#{method['publicKeyMultibase']}"
        assert method["type"] == "Multikey" and method["controller"] == document["id"]
        assert method["publicKeyMultibase"].startswith("z6Mk")
        assert set(method) == {"id", "type", "controller", "publicKeyMultibase"}
    assert document["assertionMethod"] == [m["id"] for m in methods]
    # A strict JSON-LD processor reads every member.
    assert "publicKeyMultibase" in linked_data.canonicalize(document)


# --- the embedded proof --------------------------------------------------------------------


def test_the_download_is_the_signed_credential(app, make, client, login_as):
    certification = issue(make)
    document = download(client, login_as, certification)
    key = keys.load().current

    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    ]
    assert document["issuer"]["id"] == "did:web:tracker.test"
    proof = document["proof"]
    assert set(proof) == {
        "type",
        "cryptosuite",
        "created",
        "verificationMethod",
        "proofPurpose",
        "proofValue",
    }
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == credentials.verification_method(key)
    assert re.fullmatch(r"z[1-9A-HJ-NP-Za-km-z]{85,88}", proof["proofValue"])
    assert len(base58.b58decode(proof["proofValue"][1:])) == 64

    assert credentials.verify(json.dumps(document)).status == "valid"
    check_independently(client, document)


def test_an_independent_open_badges_verifier_accepts_the_download(app, make, client, login_as):
    certification = issue(make)
    document = download(client, login_as, certification)
    credential = OB3LdpVerifier().verify(
        document, check_status=True, download=fetcher(client), verify_status_list=False
    )
    assert credential.issuer.id == "did:web:tracker.test"
    assert credential.achievement.name == "Certified Peer Specialist"

    revoke(certification)
    with pytest.raises(OB3VerificationError, match="revocation"):
        OB3LdpVerifier().verify(
            document, check_status=True, download=fetcher(client), verify_status_list=False
        )


def test_an_expired_or_in_grace_download_is_expired(app, make, client, login_as):
    certification = issue(
        make,
        issued_on=local_today() - timedelta(days=2 * 365 + 10),
        validity_months=24,
        grace_days=60,
    )
    assert credentials.facts(certification).in_grace
    document = download(client, login_as, certification)
    check_independently(client, document)  # the signature itself is fine
    assert credentials.verify(json.dumps(document)).status == "expired"
    with pytest.raises(OB3VerificationError, match="expired"):
        OB3LdpVerifier().verify(document, download=fetcher(client))


def leaves(value: Any, path: tuple = ()) -> list[tuple]:
    """The path of every member and array item that holds a plain value."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in leaves(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in leaves(item, (*path, index))]
    return [path]


def changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if value.startswith("https://www.w3.org/ns/credentials/v2"):
        return "https://www.w3.org/2018/credentials/v1"
    return value[:-1] + ("A" if value[-1] != "A" else "B")


def test_changing_any_field_is_refused(app, make, client):
    original = credentials.signed_credential(issue(make))
    paths = leaves(original)
    assert len(paths) >= 40
    for path in paths:
        tampered = copy.deepcopy(original)
        target = tampered
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = changed(target[path[-1]])

        verdict = credentials.verify(json.dumps(tampered))
        assert verdict.status == "invalid signature", (path, verdict.reason)
        if path[0] != "proof":
            with pytest.raises((InvalidSignature, AssertionError, jsonld.JsonLdError)):
                check_independently(client, tampered)


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("description", "Added after signing."),  # a term the contexts define
        ("evidence", [{"type": ["Evidence"], "name": "Added"}]),
        ("awardedDate", None),  # a member removed
        ("credentialStatus", None),  # the revocation check removed
        ("validUntil", None),  # the expiry removed
        ("madeUpTerm", "a term no context defines"),
    ],
)
def test_adding_or_removing_a_member_is_refused(app, make, member, value):
    document = credentials.signed_credential(issue(make))
    if value is None:
        del document[member]
    else:
        document[member] = value
    assert credentials.verify(json.dumps(document)).status == "invalid signature"


def test_a_proof_by_another_key_or_did_is_refused(app, make):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    document = credentials.signed_credential(issue(make))
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    stranger = Ed25519PrivateKey.generate()
    method = "did:web:tracker.test#" + linked_data.multikey(stranger.public_key())
    forged = linked_data.add_proof(unsigned, stranger, method, document_created(document))
    verdict = credentials.verify(json.dumps(forged))
    assert verdict.status == "invalid signature" and "does not hold" in verdict.reason

    # Our key, but the credential names another issuer than the DID that signed it.
    key = keys.load().current
    other = copy.deepcopy(unsigned)
    other["issuer"]["id"] = "did:web:elsewhere.example"
    method = credentials.verification_method(key)
    created = document_created(document)
    resigned = linked_data.add_proof(other, key.ed25519_private(), method, created)
    verdict = credentials.verify(json.dumps(resigned))
    assert verdict.status == "invalid" and "issuer" in verdict.reason


def document_created(document):
    from datetime import datetime

    return datetime.fromisoformat(document["proof"]["created"].replace("Z", "+00:00"))


# --- JSON-LD in safe mode --------------------------------------------------------------------


def test_safe_mode_refuses_a_term_no_context_defines(app, make):
    document = credentials.build_credential(issue(make))
    assert linked_data.canonicalize(document)

    # Without the extensions context, credentialSchema's type is undefined: pyld's
    # default mode turns it into a made-up IRI without a word, the safe mode
    # refuses the document.
    without = copy.deepcopy(document)
    without["@context"].remove("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
    lax = jsonld.normalize(
        without,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": linked_data.document_loader,
        },
    )
    assert "<http://example.org/base/1EdTechJsonSchemaValidator2019>" in lax
    with pytest.raises(linked_data.LinkedDataError, match="1EdTechJsonSchemaValidator2019"):
        linked_data.canonicalize(without)
    with pytest.raises(AssertionError, match="1EdTechJsonSchemaValidator2019"):
        strict_nquads(without)

    undefined = {**document, "holderNickname": "Ada"}
    with pytest.raises(linked_data.LinkedDataError, match="holderNickname"):
        linked_data.canonicalize(undefined)
    # Nothing undefined is ever signed.
    key = keys.load().current
    with pytest.raises(linked_data.LinkedDataError):
        linked_data.add_proof(
            undefined,
            key.ed25519_private(),
            credentials.verification_method(key),
            document_created({"proof": {"created": "2026-01-01T00:00:00Z"}}),
        )


def test_contexts_are_local_and_nothing_else_is_loaded(app, make, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    certification = issue(make)
    document = credentials.signed_credential(certification)
    assert credentials.verify(json.dumps(document)).status == "valid"

    foreign = {**document, "@context": [*document["@context"], "https://example.org/ctx.json"]}
    with pytest.raises(linked_data.LinkedDataError, match="not one this issuer ships"):
        linked_data.canonicalize(foreign)
    assert credentials.verify(json.dumps(foreign)).status == "invalid signature"


def test_the_shipped_contexts_are_the_published_documents(app):
    folder = Path(linked_data.CONTEXT_FOLDER)
    readme = (folder / "README.md").read_text()
    for url, name in linked_data.CONTEXT_FILES.items():
        shipped = json.loads((folder / name).read_text())
        assert "@context" in shipped
        assert f"`{url}`" in readme and f"`{name}`" in readme
    assert sorted(p.name for p in (folder / "licenses").iterdir()) == [
        "credentials-v2-context.txt",
        "did-context.md",
        "multikey-context.txt",
        "open-badges-context.txt",
    ]
    # Another project's copies of the same documents agree (the Open Badges 3.0.3
    # context there also defines jti and endorsementJwt, which we never use).
    theirs = openbadges_contexts()
    for url in (
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://w3id.org/security/multikey/v1",
    ):
        assert linked_data.document_loader(url)["document"] == theirs(url, {})["document"]
    ours = linked_data.document_loader(credentials.OB_CONTEXT)["document"]["@context"]
    other = dict(theirs(credentials.OB_CONTEXT, {})["document"]["@context"])
    assert {k: v for k, v in other.items() if k not in {"jti", "endorsementJwt"}} == ours


# --- status lists ----------------------------------------------------------------------------


def test_the_json_status_list_has_its_own_proof_from_the_same_did(app, make, client, login_as):
    kept = issue(make)
    revoked = issue(make)
    document = download(client, login_as, revoked)
    revoke(revoked)
    key = keys.load().current

    entry = document["credentialStatus"]
    url = f"http://tracker.test/credentials/status/{key.ed25519_thumbprint}/1"
    assert entry == {
        "id": f"{url}#{revoked.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(revoked.status_index),
        "statusListCredential": url,
    }
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    assert response.mimetype == "application/vc+ld+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    status_list = response.get_json()
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list["issuer"] == "did:web:tracker.test"
    assert status_list["id"] == url
    assert status_list["proof"]["verificationMethod"] == document["proof"]["verificationMethod"]
    subject = status_list["credentialSubject"]
    assert subject["id"] == f"{url}#list" and subject["statusPurpose"] == "revocation"
    assert status_lists.bit_is_set(
        status_lists.decode_bitstring(subject["encodedList"]), revoked.status_index
    )
    assert not status_lists.bit_is_set(
        status_lists.decode_bitstring(subject["encodedList"]), kept.status_index
    )
    check_independently(client, status_list)
    tampered = copy.deepcopy(status_list)
    tampered["credentialSubject"]["encodedList"] = status_lists.encode_bitstring(set())
    with pytest.raises(InvalidSignature):
        check_independently(client, tampered)

    assert credentials.verify(json.dumps(document)).status == "revoked"


def test_rotation_keeps_older_wallet_credentials_valid_and_revocable(app, make, client, login_as):
    certification = issue(make)
    before = download(client, login_as, certification)
    old_key = keys.load().current
    keys.rotate()
    after = download(client, login_as, certification)
    new_key = keys.load().current

    assert before["proof"]["verificationMethod"] != after["proof"]["verificationMethod"]
    for document in (before, after):
        assert credentials.verify(json.dumps(document)).status == "valid"
        check_independently(client, document)
    # Each credential points to the list of the key that signed it, signed by that key.
    for document, key in ((before, old_key), (after, new_key)):
        url = document["credentialStatus"]["statusListCredential"]
        assert url.endswith(f"/{key.ed25519_thumbprint}/1")
        status_list = client.get(urlsplit(url).path).get_json()
        assert status_list["proof"]["verificationMethod"] == credentials.verification_method(key)
        check_independently(client, status_list)

    revoke(certification)
    for document in (before, after):
        assert credentials.verify(json.dumps(document)).status == "revoked"
        with pytest.raises(OB3VerificationError, match="revocation"):
            OB3LdpVerifier().verify(
                document, check_status=True, download=fetcher(client), verify_status_list=False
            )
    # The retired key signs its lists, never a credential.
    assert credentials.signed_credential(certification)["proof"]["verificationMethod"] == (
        credentials.verification_method(new_key)
    )
