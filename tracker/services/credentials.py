"""Verifiable credentials: Open Badges 3.0 for each certification, in two signed forms.

* The credential is an ``OpenBadgeCredential`` in the W3C Verifiable Credentials
  Data Model 2.0 with the Open Badges 3.0 context.  Its holder is identified by a
  salted SHA-256 hash of their email address (``IdentityObject``), never the
  address itself; the subject's ``id`` is an opaque URN derived from the salt.
* **The ``.json`` download, for wallets**, carries an embedded Data Integrity
  proof (``DataIntegrityProof``, cryptosuite ``eddsa-rdfc-2022``) made with the
  Ed25519 key of the current signing key (:mod:`tracker.services.linked_data`).
  Its issuer is a ``did:web`` DID derived from ``TRACKER_PUBLIC_URL`` (host and
  path: ``https://certs.example.org`` is ``did:web:certs.example.org``, its DID
  document at ``/.well-known/did.json``; ``https://example.org/tracker`` is
  ``did:web:example.org:tracker``, at ``/tracker/did.json``).  The DID document
  lists every Ed25519 key, current and retired, as a ``Multikey`` under
  ``assertionMethod``, and names the https issuer profile in ``alsoKnownAs``.
  Every term is defined by the contexts listed, which ship with the product.
* **The ``.jwt`` download, for JWT verifiers**, is the same credential secured
  as a compact JWS (Open Badges 3.0, "JSON Web Token Proof Format"): the JWT
  payload is the credential plus the registered claims ``iss``, ``jti``,
  ``sub``, ``nbf`` and ``exp``; the JOSE header carries only ``alg`` (ES256),
  ``kid`` and ``typ``.  The ``kid`` is a URL that answers with the public JWK,
  listed in ``/.well-known/jwks.json`` too; the issuer is the https profile.
* The two forms say the same thing (holder, achievement, number, dates, the
  issuer's name and address) and differ only where their proofs differ: the
  issuer's identifier (the DID, or the https profile a JWT's ``kid`` belongs
  to) and the status list each points to (the list in its own form).
* **Revocation** is published as W3C Bitstring Status Lists
  (:mod:`tracker.services.status_lists`), one list per signing key, at
  ``/credentials/status/<thumbprint>/<n>``: the thumbprint of an Ed25519 key
  names a ``BitstringStatusListCredential`` in JSON with its own Data Integrity
  proof from the DID, that of a P-256 key the same list as a VC-JWT.  A
  credential points to the list of the key that signed it, in the form of its
  own proof, so after a rotation the lists of a retired key are still signed by
  it and kept fresh, and credentials signed before keep their revocation check.
* ``validUntil`` is the end of the certification's expiry date (the date the
  pages and the PDF print) in the program's time zone.  A certification in its
  grace period is therefore expired to an outside verifier, while the product's
  own pages say it is in grace and can still be renewed.
* Nothing is stored: credentials and lists are built from the records on demand.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from joserfc import jws, jwt
from joserfc.errors import JoseError

from tracker.formatting import human_date
from tracker.models import Certification, CertificationState, utcnow
from tracker.services import certifications, keys, linked_data, status_lists
from tracker.services.dates import local_today
from tracker.services.keys import ALGORITHM, SigningKey
from tracker.services.linked_data import LinkedDataError

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Defines the type of credentialSchema (1EdTechJsonSchemaValidator2019).
OB_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CREDENTIAL_CONTEXTS = [VC_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT]
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
STATUS_LIST_TYPES = ["VerifiableCredential", "BitstringStatusListCredential"]

# Paths under TRACKER_PUBLIC_URL.  The routes in tracker/verify and
# tracker/wellknown are declared with these same constants.
VERIFY_PATH = "/verify/"
ISSUER_PATH = "/credentials/issuer"
ACHIEVEMENT_PATH = "/credentials/achievements/"
KEY_PATH = "/credentials/keys/"
STATUS_LIST_PATH = "/credentials/status/"
JWKS_PATH = "/.well-known/jwks.json"
DID_DOCUMENT_PATH = "/.well-known/did.json"  # for a public address without a path
DID_DOCUMENT_FILE = "/did.json"  # under the path of a public address that has one

# The two forms of a credential and of a status list.
JWT_FORM = "jwt"
LD_FORM = "ld"


# --- addresses ---------------------------------------------------------------------------


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def verification_url(certification: Certification) -> str:
    """The public page for a certification: the QR code's target and the credential's id."""
    return public_url(VERIFY_PATH + certifications.format_code(certification.verification_code))


def issuer_id() -> str:
    """The https issuer profile: the issuer of the VC-JWTs."""
    return public_url(ISSUER_PATH)


def issuer_did() -> str:
    """``did:web`` for TRACKER_PUBLIC_URL: its host (a port written ``%3A``), then its path."""
    address = urlsplit(current_app.config["PUBLIC_URL"])
    host = (address.hostname or "").lower()
    if address.port is not None:
        host += f"%3A{address.port}"
    segments = [quote(segment, safe="") for segment in address.path.split("/") if segment]
    return ":".join(["did:web", host, *segments])


def did_document_path() -> str:
    """Where, under the site's root, the DID document of :func:`issuer_did` is served."""
    has_path = urlsplit(current_app.config["PUBLIC_URL"]).path.strip("/")
    return DID_DOCUMENT_FILE if has_path else DID_DOCUMENT_PATH


def key_id(thumbprint: str) -> str:
    return public_url(KEY_PATH + thumbprint)


def verification_method(key: SigningKey) -> str:
    """The DID URL of a key's Ed25519 half: the DID, then its Multikey as the fragment."""
    public = key.ed25519_public()
    if public is None:
        raise keys.SigningKeyError("This signing key has no Ed25519 key.")
    return f"{issuer_did()}#{linked_data.multikey(public)}"


def status_list_url(thumbprint: str, list_number: int) -> str:
    return public_url(f"{STATUS_LIST_PATH}{thumbprint}/{list_number}")


def _zone_instant(day: date, at: time) -> datetime:
    """``at`` on ``day`` in the program's time zone (TRACKER_TIMEZONE, else the server's)."""
    zone = current_app.config.get("TIMEZONE")
    naive = datetime.combine(day, at)
    return naive.replace(tzinfo=ZoneInfo(zone)) if zone else naive.astimezone()


def _iso(moment: datetime) -> str:
    """An XML Schema dateTimeStamp, to the second: ``Z`` for UTC, else the zone's offset."""
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _parse_iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


# --- what a certificate says -------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the public page, the PDF and the lists show about one certification."""

    holder_name: str
    program_name: str
    program_code: str
    number: str
    issued_on: date
    expires_on: date
    lapses_on: date
    state: CertificationState
    label: str  # the state in words, as every page shows it ("In grace until 10 Jan 2027")
    revoked_on: date | None
    issuer_name: str
    code: str  # grouped, e.g. ABCD-EFGH-...
    verification_url: str
    in_grace: bool  # past the expiry date, inside the program's grace period
    # What it was issued on, in public words: the requirements met, or a coordinator's
    # decision (an override; its reason stays private), with the date.
    basis: str = ""
    by_decision: bool = False

    @property
    def grace_ends_on(self) -> date:
        """The last day of the grace period (the day before it lapses)."""
        return self.lapses_on - timedelta(days=1)


def program_details(certification: Certification) -> dict[str, Any]:
    """The program as it stood at issue time, completed from the live program if need be."""
    snapshot = dict(certification.program_snapshot or {})
    program = certification.program
    snapshot.setdefault("name", program.name)
    snapshot.setdefault("code", program.code)
    snapshot.setdefault("description", program.description or "")
    if not snapshot.get("criteria"):
        snapshot["criteria"] = certifications.criteria_narrative(program)
    return snapshot


def facts(certification: Certification, today: date | None = None) -> Facts:
    today = today or local_today()
    details = program_details(certification)
    revoked_at = certification.revoked_at
    state = certifications.state_on(certification, today)
    return Facts(
        holder_name=certification.trainee.display_name,
        program_name=details["name"],
        program_code=details["code"],
        number=certification.number,
        issued_on=certification.issued_on,
        expires_on=certification.expires_on,
        lapses_on=certifications.lapses_on(certification),
        state=state,
        label=certifications.state_label(certification, today),
        revoked_on=revoked_at.date() if revoked_at else None,
        issuer_name=current_app.config["ORGANISATION_NAME"],
        code=certifications.format_code(certification.verification_code),
        verification_url=verification_url(certification),
        in_grace=state == CertificationState.IN_GRACE,
        basis=basis(certification),
        by_decision=bool(certification.override_reason),
    )


def basis(certification: Certification) -> str:
    """What the certificate was issued on, as the public page, the PDF and the credential
    say it: meeting the program's requirements, or (an override) a decision of the
    issuer.  The override's reason is not public."""
    issued = human_date(certification.issued_on)
    if certification.override_reason:
        return _(
            "Issued on %(date)s by a decision of %(issuer)s.",
            date=issued,
            issuer=current_app.config["ORGANISATION_NAME"],
        )
    return _(
        "Issued on %(date)s for meeting the requirements of %(program)s.",
        date=issued,
        program=program_details(certification)["name"],
    )


# --- the credential ----------------------------------------------------------------------


def issuer_profile(identifier: str | None = None) -> dict[str, Any]:
    """The issuer as a credential names it: by ``identifier`` (the DID or the https profile)."""
    return {
        "id": identifier or issuer_id(),
        "type": ["Profile"],
        "name": current_app.config["ORGANISATION_NAME"],
        "url": public_url("/"),
    }


def identity_hash(email: str, salt: str) -> str:
    """``sha256$<hex>`` over the address and the salt (Open Badges IdentityHash)."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def subject_id(certification: Certification) -> str:
    """An opaque, stable identifier for the holder of this one credential."""
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, issuer_id() + "#" + _salt(certification))
    )


def _salt(certification: Certification) -> str:
    if not certification.subject_salt:
        raise ValueError("certification has no subject salt")
    return certification.subject_salt


def valid_from(certification: Certification) -> datetime:
    """The start of the current cycle: the issue date, or the latest renewal."""
    if certification.renewals:
        return certification.renewals[-1].renewed_at.replace(microsecond=0)
    return _zone_instant(certification.issued_on, time.min)


def valid_until(certification: Certification) -> datetime:
    """The last second of the expiry date: the date the pages and the PDF print."""
    return _zone_instant(certification.expires_on, time(23, 59, 59))


def status_entry(certification: Certification, list_key: str) -> dict[str, Any] | None:
    """The credential's entry in the status list named by the thumbprint ``list_key``."""
    if certification.status_index is None:
        return None
    list_number, position = status_lists.position(certification.status_index)
    url = status_list_url(list_key, list_number)
    return {
        "id": f"{url}#{position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": status_lists.PURPOSE,
        "statusListIndex": str(position),
        "statusListCredential": url,
    }


def build_credential(
    certification: Certification, key: SigningKey | None = None, form: str = LD_FORM
) -> dict[str, Any]:
    """The OpenBadgeCredential, before its proof, as ``key`` signs it in ``form``.

    ``form`` decides the issuer's identifier and the status list the credential
    points to (see the module's docstring); everything else is the same.
    """
    key = key or keys.load().current
    details = program_details(certification)
    salt = _salt(certification)
    achievement = {
        "id": public_url(ACHIEVEMENT_PATH + details["code"]),
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": details["name"],
        "description": details["description"] or details["name"],
        # What earning the achievement takes (the program's rules); what this one was
        # issued on (the rules met, or a decision) is the credential's description.
        "criteria": {"narrative": details["criteria"]},
        "humanCode": details["code"],
    }
    subject = {
        "id": subject_id(certification),
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(certification.trainee.email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ],
        "licenseNumber": certification.number,
        "achievement": achievement,
    }
    if form == JWT_FORM:
        issuer, list_key = issuer_id(), key.thumbprint
    else:
        issuer, list_key = issuer_did(), key.ed25519_thumbprint or ""
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXTS),
        "id": verification_url(certification),
        "type": list(CREDENTIAL_TYPES),
        "name": details["name"],
        "description": basis(certification),
        "issuer": issuer_profile(issuer),
        "validFrom": _iso(valid_from(certification)),
        "validUntil": _iso(valid_until(certification)),
        "awardedDate": _iso(_zone_instant(certification.issued_on, time.min)),
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    status = status_entry(certification, list_key)
    if status is not None:
        credential["credentialStatus"] = status
    return credential


def _registered_claims(document: dict[str, Any]) -> dict[str, Any]:
    """The JWT claims Open Badges 3.0 asks for, mirrored from the credential."""
    claims = dict(document)
    issuer = document["issuer"]
    claims["iss"] = issuer["id"] if isinstance(issuer, dict) else issuer
    claims["jti"] = document["id"]
    subject = document.get("credentialSubject", {})
    if isinstance(subject, dict) and subject.get("id"):
        claims["sub"] = subject["id"]
    start = _parse_iso(document["validFrom"])
    assert start is not None
    claims["nbf"] = int(start.timestamp())
    end = _parse_iso(document.get("validUntil"))
    if end is not None:
        claims["exp"] = int(end.timestamp())
    return claims


def _sign_jwt(key: SigningKey, claims: dict[str, Any]) -> str:
    header = {"alg": ALGORITHM, "kid": key_id(key.thumbprint), "typ": "JWT"}
    return jwt.encode(header, claims, key.es256, algorithms=[ALGORITHM])


def _add_proof(key: SigningKey, document: dict[str, Any], now: datetime) -> dict[str, Any]:
    return linked_data.add_proof(document, key.ed25519_private(), verification_method(key), now)


def signed_credential(certification: Certification) -> dict[str, Any]:
    """The credential with its Data Integrity proof: the ``.json`` download, for wallets."""
    key = keys.load().current  # credentials are signed by the current key only
    return _add_proof(key, build_credential(certification, key, LD_FORM), utcnow())


def sign_credential(certification: Certification) -> str:
    """The credential as a compact JWS (VC-JWT): the ``.jwt`` download."""
    key = keys.load().current  # credentials are signed by the current key only
    return _sign_jwt(key, _registered_claims(build_credential(certification, key, JWT_FORM)))


# --- keys as published -------------------------------------------------------------------


def public_jwks() -> dict[str, Any]:
    """Every P-256 public key a VC-JWT of ours may name: the current one and the retired ones."""
    entries = []
    for key in keys.load().all():
        jwk = key.jwk()
        jwk.update({"kid": key_id(key.thumbprint), "use": "sig", "alg": ALGORITHM})
        assert "d" not in jwk
        entries.append(jwk)
    return {"keys": entries}


def public_jwk(thumbprint: str) -> dict[str, Any] | None:
    for jwk in public_jwks()["keys"]:
        if jwk["kid"] == key_id(thumbprint):
            return jwk
    return None


def did_document() -> dict[str, Any]:
    """The issuer's DID document: every Ed25519 key, current first, may make assertions."""
    did = issuer_did()
    methods = []
    for key in keys.load().all():
        public = key.ed25519_public()
        if public is None:
            continue  # a retired key from before Data Integrity proofs signed no JSON-LD
        methods.append(
            {
                "id": verification_method(key),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": linked_data.multikey(public),
            }
        )
    return {
        "@context": list(DID_CONTEXTS),
        "id": did,
        "alsoKnownAs": [issuer_id()],
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


# --- status lists ------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusList:
    """One published list: list ``number`` of ``key``, in ``form`` (JSON-LD or VC-JWT)."""

    key: SigningKey
    form: str
    number: int
    # Published at the address earlier credentials name (no key in it).
    legacy: bool = False

    @property
    def url(self) -> str:
        if self.legacy:
            return public_url(f"{STATUS_LIST_PATH}{self.number}")
        thumbprint = self.key.thumbprint if self.form == JWT_FORM else self.key.ed25519_thumbprint
        return status_list_url(thumbprint or "", self.number)


def find_status_list(thumbprint: str, number: int) -> StatusList | None:
    """The list ``/credentials/status/<thumbprint>/<number>`` names, if it is published.

    The thumbprint of a P-256 key names its VC-JWT list, that of an Ed25519 key
    its JSON-LD list.  Keys that cannot sign (retired before the key file had
    Ed25519 keys) publish no list.
    """
    if not 1 <= number <= status_lists.list_count():
        return None
    ring = keys.load()
    key = ring.find(thumbprint)
    if key is not None and key.can_sign:
        return StatusList(key, JWT_FORM, number)
    key = ring.find_ed25519(thumbprint)
    if key is not None and key.can_sign:
        return StatusList(key, LD_FORM, number)
    return None


def legacy_status_list(number: int) -> StatusList | None:
    """The list at ``/credentials/status/<number>``, where credentials signed before lists
    were kept per key point.

    They were all VC-JWTs whose list was signed by the key current at the time; the
    oldest key that can still sign is the one that was current when the key file gained
    its Ed25519 keys, so it serves these lists.
    """
    if not 1 <= number <= status_lists.list_count():
        return None
    signing = [key for key in keys.load().all() if key.can_sign]  # newest first
    if not signing:
        return None
    return StatusList(signing[-1], JWT_FORM, number, legacy=True)


def build_status_list(status_list: StatusList, now: datetime | None = None) -> dict[str, Any]:
    now = (now or utcnow()).replace(microsecond=0)
    url = status_list.url
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": list(STATUS_LIST_TYPES),
        "issuer": issuer_id() if status_list.form == JWT_FORM else issuer_did(),
        "validFrom": _iso(now.astimezone(UTC)),
        "validUntil": _iso((now + status_lists.VALIDITY).astimezone(UTC)),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_lists.PURPOSE,
            "encodedList": status_lists.encode_bitstring(
                status_lists.revoked_positions(status_list.number)
            ),
            "ttl": status_lists.TTL_MS,
        },
    }


def publish_status_list(status_list: StatusList, now: datetime | None = None) -> str | dict:
    """The list signed by its own key: a VC-JWT (text), or a JSON-LD document with its proof."""
    now = now or utcnow()
    document = build_status_list(status_list, now)
    if status_list.form == JWT_FORM:
        return _sign_jwt(status_list.key, _registered_claims(document))
    return _add_proof(status_list.key, document, now)


# --- verification ------------------------------------------------------------------------

VALID = "valid"
EXPIRED = "expired"
NOT_YET_VALID = "not yet valid"
REVOKED = "revoked"
INVALID_SIGNATURE = "invalid signature"
INVALID = "invalid"

PROOF_NAMES = {
    JWT_FORM: "VC-JWT (ES256)",
    LD_FORM: "Data Integrity proof (eddsa-rdfc-2022)",
}


@dataclass
class Verdict:
    status: str
    reason: str
    credential: dict[str, Any] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)
    form: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == VALID

    @property
    def proof(self) -> str:
        return PROOF_NAMES.get(self.form or "", "")


class _Rejected(Exception):
    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _verify_token(token: str) -> tuple[dict[str, Any], dict[str, Any], SigningKey]:
    """(header, claims, key) when ``token`` is a VC-JWT signed by one of this issuer's keys.

    Raises ``_Rejected`` with the verdict otherwise.
    """
    try:
        unverified = jws.extract_compact(token.encode("ascii"))
        header = dict(unverified.headers())
    except (JoseError, ValueError, UnicodeError) as exc:
        raise _Rejected(INVALID_SIGNATURE, f"not a compact JWS ({exc})") from None
    if header.get("alg") != ALGORITHM:
        raise _Rejected(INVALID_SIGNATURE, f"unexpected algorithm {header.get('alg')!r}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _Rejected(INVALID_SIGNATURE, "the header names no key (kid)")
    # The key is found by its thumbprint, so credentials keep verifying after the
    # site's public address changes; the thumbprint binds the key material itself.
    thumbprint = urlsplit(kid).path.rsplit("/", 1)[-1]
    key = keys.load().find(thumbprint)
    if key is None:
        raise _Rejected(INVALID_SIGNATURE, "signed with a key this issuer does not hold")
    try:
        decoded = jwt.decode(token, key.public_es256(), algorithms=[ALGORITHM])
    except (JoseError, ValueError) as exc:
        raise _Rejected(INVALID_SIGNATURE, f"the signature does not match ({exc})") from None
    return header, dict(decoded.claims), key


def _verify_document(document: dict[str, Any]) -> tuple[dict[str, Any], SigningKey]:
    """(proof, key) when ``document`` carries a Data Integrity proof by one of this issuer's keys.

    Raises ``_Rejected`` with the verdict otherwise.
    """
    try:
        proof = linked_data.proof_of(document)
    except LinkedDataError as exc:
        raise _Rejected(INVALID_SIGNATURE, str(exc)) from None
    did, _hash, fragment = proof["verificationMethod"].partition("#")
    # As for a JWT's kid, the key is found by its public key alone (the fragment is
    # its Multikey), so a change of the site's address does not break old credentials.
    key = next(
        (
            candidate
            for candidate in keys.load().all()
            if candidate.ed25519_public() is not None
            and linked_data.multikey(candidate.ed25519_public()) == fragment  # type: ignore[arg-type]
        ),
        None,
    )
    if key is None:
        raise _Rejected(INVALID_SIGNATURE, "signed with a key this issuer does not hold")
    try:
        linked_data.check_proof(document, key.ed25519_public())  # type: ignore[arg-type]
    except LinkedDataError as exc:
        raise _Rejected(INVALID_SIGNATURE, f"the proof does not check out ({exc})") from None
    issuer = document.get("issuer")
    issuer_ref = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_ref != did:
        raise _Rejected(INVALID, "the issuer is not the DID whose key signed the credential")
    return proof, key


def _check_structure(document: dict[str, Any]) -> None:
    context = document.get("@context")
    if not isinstance(context, list) or context[:2] != [VC_CONTEXT, OB_CONTEXT]:
        raise _Rejected(INVALID, "the @context is not VC 2.0 + Open Badges 3.0")
    types = document.get("type")
    if not isinstance(types, list) or not set(CREDENTIAL_TYPES) <= set(types):
        raise _Rejected(INVALID, "not an OpenBadgeCredential")
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
        raise _Rejected(INVALID, "the credential has no achievement subject")
    if _parse_iso(document.get("validFrom")) is None:
        raise _Rejected(INVALID, "validFrom is not a date and time")
    if "validUntil" in document and _parse_iso(document["validUntil"]) is None:
        raise _Rejected(INVALID, "validUntil is not a date and time")


def _check_registered_claims(claims: dict[str, Any]) -> None:
    issuer = claims.get("issuer")
    issuer_ref = issuer.get("id") if isinstance(issuer, dict) else issuer
    if claims.get("iss") != issuer_ref or not issuer_ref:
        raise _Rejected(INVALID, "the iss claim does not match the issuer")
    if claims.get("jti") != claims.get("id"):
        raise _Rejected(INVALID, "the jti claim does not match the credential id")
    subject = claims["credentialSubject"]
    if subject.get("id") is not None and claims.get("sub") != subject.get("id"):
        raise _Rejected(INVALID, "the sub claim does not match the credential subject")
    start = _parse_iso(claims.get("validFrom"))
    if start is None or claims.get("nbf") != int(start.timestamp()):
        raise _Rejected(INVALID, "the nbf claim does not match validFrom")
    end = _parse_iso(claims.get("validUntil"))
    if claims.get("validUntil") is not None and (
        end is None or claims.get("exp") != int(end.timestamp())
    ):
        raise _Rejected(INVALID, "the exp claim does not match validUntil")


def _status_list_of(url: Any, form: str) -> StatusList:
    """The published list a status entry points to, in the form of the credential's proof."""
    path = urlsplit(url).path if isinstance(url, str) else ""
    thumbprint, _slash, number = path.removeprefix(STATUS_LIST_PATH).partition("/")
    found = None
    if path.startswith(STATUS_LIST_PATH) and number.isascii() and number.isdigit():
        found = find_status_list(thumbprint, int(number))
    if found is None or found.form != form:
        raise _Rejected(INVALID, "the status list is not one of this issuer's")
    return found


def is_revoked(entry: dict[str, Any], form: str, now: datetime | None = None) -> bool:
    """Read the credential's bit from its status list exactly as it is published."""
    status_list = _status_list_of(entry.get("statusListCredential"), form)
    try:
        position = int(entry.get("statusListIndex"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _Rejected(INVALID, "the status list index is not a number") from None
    published = publish_status_list(status_list, now)
    if isinstance(published, str):
        _header, document, _key = _verify_token(published)
    else:
        document = published
        _proof, _key = _verify_document(document)
    subject = document["credentialSubject"]
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise _Rejected(INVALID, "the status entry's purpose does not match the list")
    try:
        return status_lists.bit_is_set(
            status_lists.decode_bitstring(subject["encodedList"]), position
        )
    except ValueError as exc:
        raise _Rejected(INVALID, str(exc)) from None


def _judge(document: dict[str, Any], form: str, now: datetime) -> tuple[str, str]:
    """Status, then dates, of a credential whose proof and structure check out."""
    entries = document.get("credentialStatus") or []
    if isinstance(entries, dict):
        entries = [entries]
    for entry in entries:
        if (
            isinstance(entry, dict)
            and entry.get("type") == "BitstringStatusListEntry"
            and entry.get("statusPurpose") == status_lists.PURPOSE
            and is_revoked(entry, form, now)
        ):
            return REVOKED, "the issuer has revoked it"
    start = _parse_iso(document["validFrom"])
    end = _parse_iso(document.get("validUntil"))
    if start is not None and now < start:
        return NOT_YET_VALID, f"valid from {document['validFrom']}"
    if end is not None and now >= end:
        return EXPIRED, f"expired at {document['validUntil']}"
    return VALID, "signature, dates and status all check out"


def verify(text: str, now: datetime | None = None) -> Verdict:
    """Check a credential against this issuer: proof, structure, status, then dates.

    ``text`` is the content of a ``.json`` download (a credential with a Data
    Integrity proof) or of a ``.jwt`` download (a VC-JWT).
    """
    now = now or utcnow()
    text = text.strip()
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except ValueError:
            return Verdict(INVALID, "neither a VC-JWT nor a JSON document")
        if not isinstance(document, dict):
            return Verdict(INVALID, "neither a VC-JWT nor a JSON document")
        form = LD_FORM
        try:
            proof, _key = _verify_document(document)
        except _Rejected as rejected:
            return Verdict(rejected.status, rejected.reason, form=form)
        header: dict[str, Any] = {"verificationMethod": proof["verificationMethod"]}
    else:
        form = JWT_FORM
        try:
            header, document, _key = _verify_token(text)
        except _Rejected as rejected:
            return Verdict(rejected.status, rejected.reason, form=form)
    try:
        _check_structure(document)
        if form == JWT_FORM:
            _check_registered_claims(document)
        status, reason = _judge(document, form, now)
    except _Rejected as rejected:
        return Verdict(rejected.status, rejected.reason, document, header, form)
    return Verdict(status, reason, document, header, form)
