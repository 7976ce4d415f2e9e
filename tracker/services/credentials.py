"""Verifiable credentials: Open Badges 3.0 for each certification, signed as VC-JWT.

* The credential is an ``OpenBadgeCredential`` in the W3C Verifiable Credentials
  Data Model 2.0 with the Open Badges 3.0 context.  Its holder is identified by a
  salted SHA-256 hash of their email address (``IdentityObject``), never the
  address itself; the subject's ``id`` is an opaque URN derived from the salt.
* It is secured as a compact JWS (Open Badges 3.0, "JSON Web Token Proof
  Format"): the JWT payload is the credential plus the registered claims
  ``iss``, ``jti``, ``sub``, ``nbf`` and ``exp``; the JOSE header carries only
  ``alg`` (ES256), ``kid`` and ``typ``.  The ``kid`` is a URL that answers with the
  public JWK, and the same key is listed under that ``kid`` in
  ``/.well-known/jwks.json``.
* Revocation is published as a W3C Bitstring Status List v1.0: each
  certification owns one bit (``status_index``) of a list of 131,072 bits (the
  spec's minimum, 16 KiB), served as a signed ``BitstringStatusListCredential``.
  A verifier that holds only the credential follows ``credentialStatus`` to it.
* ``validUntil`` is the first instant the certification is lapsed (its expiry
  plus the program's grace period), so the credential, the public page and the
  ``verify-credential`` command agree on the day it stops being valid.
* Nothing is stored: credentials and lists are built from the records on demand.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from joserfc import jws, jwt
from joserfc.errors import JoseError
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Certification, CertificationState, utcnow
from tracker.services import certifications, keys
from tracker.services.dates import local_today
from tracker.services.keys import ALGORITHM

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
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

STATUS_LIST_BITS = 131_072  # Bitstring Status List v1.0 minimum: 16 KiB
STATUS_PURPOSE = "revocation"
# A published list says how long it may be relied on: a copy older than this is
# stale, so an old list cannot be replayed to hide a later revocation.
STATUS_LIST_VALIDITY = timedelta(days=1)
STATUS_LIST_TTL_MS = 5 * 60 * 1000
MAX_BITSTRING_BYTES = 16 * 1024 * 1024


# --- addresses ---------------------------------------------------------------------------


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def verification_url(certification: Certification) -> str:
    """The public page for a certification: the QR code's target and the credential's id."""
    return public_url(VERIFY_PATH + certifications.format_code(certification.verification_code))


def issuer_id() -> str:
    return public_url(ISSUER_PATH)


def key_id(thumbprint: str) -> str:
    return public_url(KEY_PATH + thumbprint)


def status_list_url(list_number: int) -> str:
    return public_url(f"{STATUS_LIST_PATH}{list_number}")


def _instant(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


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
    revoked_on: date | None
    issuer_name: str
    code: str  # grouped, e.g. ABCD-EFGH-...
    verification_url: str
    in_grace: bool  # past the expiry date, inside the program's grace period

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
        revoked_on=revoked_at.date() if revoked_at else None,
        issuer_name=current_app.config["ORGANISATION_NAME"],
        code=certifications.format_code(certification.verification_code),
        verification_url=verification_url(certification),
        in_grace=state == CertificationState.EXPIRING and today > certification.expires_on,
    )


# --- the credential ----------------------------------------------------------------------


def issuer_profile() -> dict[str, Any]:
    return {
        "id": issuer_id(),
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
    return _instant(certification.issued_on)


def valid_until(certification: Certification) -> datetime:
    return _instant(certifications.lapses_on(certification))


def status_position(status_index: int) -> tuple[int, int]:
    """(list number, bit position in that list) for a certification's status index."""
    return status_index // STATUS_LIST_BITS + 1, status_index % STATUS_LIST_BITS


def status_entry(certification: Certification) -> dict[str, Any] | None:
    if certification.status_index is None:
        return None
    list_number, position = status_position(certification.status_index)
    url = status_list_url(list_number)
    return {
        "id": f"{url}#{position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(position),
        "statusListCredential": url,
    }


def build_credential(certification: Certification) -> dict[str, Any]:
    """The OpenBadgeCredential document (unsigned): what the JSON download holds."""
    details = program_details(certification)
    salt = _salt(certification)
    achievement = {
        "id": public_url(ACHIEVEMENT_PATH + details["code"]),
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": details["name"],
        "description": details["description"] or details["name"],
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
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": verification_url(certification),
        "type": list(CREDENTIAL_TYPES),
        "name": details["name"],
        "issuer": issuer_profile(),
        "validFrom": _iso(valid_from(certification)),
        "validUntil": _iso(valid_until(certification)),
        "awardedDate": _iso(_instant(certification.issued_on)),
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    status = status_entry(certification)
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


def _sign(claims: dict[str, Any]) -> str:
    ring = keys.load()
    header = {"alg": ALGORITHM, "kid": key_id(ring.current_thumbprint), "typ": "JWT"}
    return jwt.encode(header, claims, ring.current, algorithms=[ALGORITHM])


def sign_credential(certification: Certification) -> str:
    """The credential as a compact JWS (VC-JWT): what the ``.jwt`` download holds."""
    return _sign(_registered_claims(build_credential(certification)))


# --- keys as published -------------------------------------------------------------------


def public_jwks() -> dict[str, Any]:
    """Every public key a credential of ours may name: the current one and the retired ones."""
    entries = []
    for public in keys.load().public_keys():
        jwk = public.jwk()
        jwk.update({"kid": key_id(public.thumbprint), "use": "sig", "alg": ALGORITHM})
        assert "d" not in jwk
        entries.append(jwk)
    return {"keys": entries}


def public_jwk(thumbprint: str) -> dict[str, Any] | None:
    for jwk in public_jwks()["keys"]:
        if jwk["kid"] == key_id(thumbprint):
            return jwk
    return None


# --- the status list ---------------------------------------------------------------------


def encode_bitstring(positions: list[int] | set[int], size: int = STATUS_LIST_BITS) -> str:
    """Multibase base64url (``u`` prefix, no padding) of the GZIP-compressed bitstring.

    Bit 0 is the most significant bit of the first byte, as the spec orders them.
    """
    bits = bytearray(size // 8)
    for position in positions:
        if not 0 <= position < size:
            raise ValueError(f"position {position} is outside the list")
        bits[position // 8] |= 0x80 >> (position % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    """The bitstring from an ``encodedList``; ValueError when it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (a 'u' prefix)")
    data = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        inflater = zlib.decompressobj(wbits=31)  # GZIP framing
        bits = inflater.decompress(compressed, MAX_BITSTRING_BYTES)
    except (binascii.Error, zlib.error) as exc:
        raise ValueError(f"encodedList is not GZIP-compressed base64url: {exc}") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("encodedList is truncated or too large")
    return bits


def bit_is_set(bits: bytes, position: int) -> bool:
    if not 0 <= position < len(bits) * 8:
        raise ValueError(f"position {position} is outside the list")
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def status_list_count() -> int:
    highest = db.session.scalar(select(func.max(Certification.status_index)))
    return 1 if highest is None else status_position(highest)[0]


def revoked_positions(list_number: int) -> set[int]:
    low = (list_number - 1) * STATUS_LIST_BITS
    rows = db.session.scalars(
        select(Certification.status_index).where(
            Certification.state == CertificationState.REVOKED,
            Certification.status_index >= low,
            Certification.status_index < low + STATUS_LIST_BITS,
        )
    )
    return {index - low for index in rows if index is not None}


def build_status_list(list_number: int, now: datetime | None = None) -> dict[str, Any]:
    now = (now or utcnow()).replace(microsecond=0)
    url = status_list_url(list_number)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": list(STATUS_LIST_TYPES),
        "issuer": issuer_id(),
        "validFrom": _iso(now),
        "validUntil": _iso(now + STATUS_LIST_VALIDITY),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_bitstring(revoked_positions(list_number)),
            "ttl": STATUS_LIST_TTL_MS,
        },
    }


def sign_status_list(list_number: int, now: datetime | None = None) -> str:
    return _sign(_registered_claims(build_status_list(list_number, now)))


# --- verification ------------------------------------------------------------------------

VALID = "valid"
EXPIRED = "expired"
NOT_YET_VALID = "not yet valid"
REVOKED = "revoked"
INVALID_SIGNATURE = "invalid signature"
INVALID = "invalid"


@dataclass
class Verdict:
    status: str
    reason: str
    credential: dict[str, Any] = field(default_factory=dict)
    header: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == VALID


def _verify_signature(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, claims) when ``token`` is signed by one of this issuer's keys.

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
    public = keys.load().find(thumbprint)
    if public is None:
        raise _Rejected(INVALID_SIGNATURE, "signed with a key this issuer does not hold")
    try:
        decoded = jwt.decode(token, public.key, algorithms=[ALGORITHM])
    except (JoseError, ValueError) as exc:
        raise _Rejected(INVALID_SIGNATURE, f"the signature does not match ({exc})") from None
    claims = dict(decoded.claims)
    return header, claims


class _Rejected(Exception):
    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _check_structure(claims: dict[str, Any]) -> None:
    context = claims.get("@context")
    if not isinstance(context, list) or context[:2] != [VC_CONTEXT, OB_CONTEXT]:
        raise _Rejected(INVALID, "the @context is not VC 2.0 + Open Badges 3.0")
    types = claims.get("type")
    if not isinstance(types, list) or not set(CREDENTIAL_TYPES) <= set(types):
        raise _Rejected(INVALID, "not an OpenBadgeCredential")
    issuer = claims.get("issuer")
    issuer_ref = issuer.get("id") if isinstance(issuer, dict) else issuer
    if claims.get("iss") != issuer_ref or not issuer_ref:
        raise _Rejected(INVALID, "the iss claim does not match the issuer")
    if claims.get("jti") != claims.get("id"):
        raise _Rejected(INVALID, "the jti claim does not match the credential id")
    subject = claims.get("credentialSubject")
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
        raise _Rejected(INVALID, "the credential has no achievement subject")
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


def _status_list_number(url: Any) -> int | None:
    if not isinstance(url, str):
        return None
    path = urlsplit(url).path
    if not path.startswith(STATUS_LIST_PATH):
        return None
    tail = path[len(STATUS_LIST_PATH) :]
    return int(tail) if tail.isascii() and tail.isdigit() and int(tail) >= 1 else None


def is_revoked(entry: dict[str, Any], now: datetime | None = None) -> bool:
    """Read the credential's bit from the status list exactly as it is published."""
    list_number = _status_list_number(entry.get("statusListCredential"))
    if list_number is None:
        raise _Rejected(INVALID, "the status list is not one of this issuer's")
    try:
        position = int(entry.get("statusListIndex"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _Rejected(INVALID, "the status list index is not a number") from None
    published = sign_status_list(list_number, now)
    _header, status_list = _verify_signature(published)
    subject = status_list["credentialSubject"]
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise _Rejected(INVALID, "the status entry's purpose does not match the list")
    try:
        return bit_is_set(decode_bitstring(subject["encodedList"]), position)
    except ValueError as exc:
        raise _Rejected(INVALID, str(exc)) from None


def verify(text: str, now: datetime | None = None) -> Verdict:
    """Check a credential against this issuer: signature, structure, status, then dates.

    ``text`` is the content of a ``.jwt`` download (or of the JSON copy, which
    carries no signature and is reported as such).
    """
    now = now or utcnow()
    token = text.strip()
    if token.startswith("{"):
        try:
            document = json.loads(token)
        except ValueError:
            document = None
        reason = "this is a JSON document without a signature"
        if isinstance(document, dict) and "OpenBadgeCredential" in (document.get("type") or []):
            reason = "this is the readable JSON copy, which carries no signature; check the .jwt"
        return Verdict(INVALID_SIGNATURE, reason)
    try:
        header, claims = _verify_signature(token)
    except _Rejected as rejected:
        return Verdict(rejected.status, rejected.reason)
    try:
        _check_structure(claims)
        entries = claims.get("credentialStatus") or []
        if isinstance(entries, dict):
            entries = [entries]
        for entry in entries:
            if (
                isinstance(entry, dict)
                and entry.get("type") == "BitstringStatusListEntry"
                and entry.get("statusPurpose") == STATUS_PURPOSE
                and is_revoked(entry, now)
            ):
                return Verdict(REVOKED, "the issuer has revoked it", claims, header)
    except _Rejected as rejected:
        return Verdict(rejected.status, rejected.reason, claims, header)
    if now.timestamp() < claims["nbf"]:
        return Verdict(NOT_YET_VALID, f"valid from {claims['validFrom']}", claims, header)
    if "exp" in claims and now.timestamp() >= claims["exp"]:
        return Verdict(EXPIRED, f"expired at {claims['validUntil']}", claims, header)
    return Verdict(VALID, "signature, dates and status all check out", claims, header)
