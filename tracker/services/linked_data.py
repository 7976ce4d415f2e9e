"""JSON-LD in safe mode and Data Integrity proofs (``eddsa-rdfc-2022``).

What a wallet checks is not the JSON of a credential but the RDF it expands to:
the signature covers the canonical N-Quads (RDFC-1.0) of the document.  So:

* **Contexts are local.**  Every ``@context`` URL resolves to a file shipped in
  ``tracker/contexts/`` (see the README there for where each comes from and its
  licence); any other URL is refused, so signing and checking never touch the
  network and a credential cannot pull in a context of someone else's choosing.
* **Safe mode.**  A JSON-LD processor silently drops a member whose name no
  context defines, and keeps a type it cannot resolve as a relative IRI, which
  canonicalization then drops too: such data would travel unsigned.  Like the
  ``safe`` mode of the JavaScript processor that wallets use, :func:`expand`
  refuses the document instead (an undefined term, a relative ``@type`` or
  ``@id``).  Signing and checking both go through it.
* **The proof** (W3C Data Integrity EdDSA Cryptosuites v1.0, ``eddsa-rdfc-2022``):
  the proof options (the proof without ``proofValue``, with the document's
  ``@context``) and the document (without ``proof``) are canonicalized, each
  hashed with SHA-256, and the 64 bytes ``hash(options) || hash(document)`` are
  signed with Ed25519.  ``proofValue`` is the signature in multibase base58btc
  (a ``z`` prefix).
* **Multikey**: an Ed25519 public key is published as ``z`` + base58btc of the
  multicodec prefix ``0xed 0x01`` and the 32 key bytes (``z6Mk...``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

CONTEXT_FOLDER = Path(__file__).resolve().parent.parent / "contexts"
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
}

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
ED25519_MULTICODEC = b"\xed\x01"
MAX_DOCUMENT_BYTES = 256 * 1024  # a credential is a few KiB; a status list about 1 KiB

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# pyld keeps resolved contexts in a process-wide cache that is not thread-safe.
_PYLD_LOCK = threading.Lock()


class LinkedDataError(ValueError):
    """A document a strict JSON-LD processor refuses, or a proof that does not check out."""


# --- contexts ----------------------------------------------------------------------------


@cache
def _context_document(url: str) -> dict[str, Any]:
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise LinkedDataError(f"the context {url} is not one this issuer ships")
    return json.loads((CONTEXT_FOLDER / name).read_text(encoding="utf-8"))


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader: the shipped contexts, and nothing else."""
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(_context_document(url)),
    }


# --- safe mode ---------------------------------------------------------------------------


def _dropped(term: str | None) -> None:
    raise LinkedDataError(f"the term {term!r} is not defined by the document's contexts")


def _check_iri(value: Any, what: str) -> None:
    if not isinstance(value, str) or not (
        value.startswith("_:") or _ABSOLUTE_IRI.match(value) is not None
    ):
        raise LinkedDataError(f"the {what} {value!r} is not defined by the document's contexts")


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        for key, item in value.items():
            if key != "@value":
                yield from _nodes(item)


def expand(document: dict[str, Any]) -> list[Any]:
    """The expanded form of ``document``; LinkedDataError where a safe-mode processor stops."""
    if not isinstance(document, dict) or "@context" not in document:
        raise LinkedDataError("a JSON-LD document needs an @context")
    options = {"documentLoader": document_loader, "base": None}
    try:
        with _PYLD_LOCK:
            expanded = jsonld.expand(document, options, on_property_dropped=_dropped)
    except jsonld.JsonLdError as exc:
        raise LinkedDataError(f"the document is not valid JSON-LD ({_cause(exc)})") from None
    for node in _nodes(expanded):
        if "@value" in node:
            if "@type" in node:
                _check_iri(node["@type"], "datatype")
            continue
        types = node.get("@type", [])
        for type_ in types if isinstance(types, list) else [types]:
            _check_iri(type_, "type")
        if "@id" in node:
            _check_iri(node["@id"], "identifier")
    return expanded


def _cause(exc: BaseException) -> str:
    """The innermost message: pyld wraps the loader's and its own errors."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of ``document``, in safe mode."""
    expanded = expand(document)
    options = {
        "algorithm": "URDNA2015",  # RDFC-1.0 is URDNA2015 under its standard name
        "format": "application/n-quads",
        "documentLoader": document_loader,
        "base": None,
    }
    try:
        with _PYLD_LOCK:
            return jsonld.normalize(expanded, options)
    except jsonld.JsonLdError as exc:
        raise LinkedDataError(f"the document cannot be canonicalized ({_cause(exc)})") from None


# --- multibase and Multikey --------------------------------------------------------------


def multibase_base58(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode("ascii")


def from_multibase_base58(value: Any) -> bytes:
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise LinkedDataError("not a multibase base58btc value (a 'z' prefix)")
    try:
        return base58.b58decode(value[1:])
    except ValueError:
        raise LinkedDataError("not a multibase base58btc value") from None


def multikey(public_key: Ed25519PublicKey) -> str:
    """The ``publicKeyMultibase`` of an Ed25519 key: ``z6Mk...``."""
    return multibase_base58(ED25519_MULTICODEC + public_key.public_bytes_raw())


def public_key_from_multikey(value: Any) -> Ed25519PublicKey:
    raw = from_multibase_base58(value)
    if len(raw) != 34 or not raw.startswith(ED25519_MULTICODEC):
        raise LinkedDataError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


# --- Data Integrity proofs ---------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _hash_data(unsecured: dict[str, Any], options: dict[str, Any]) -> bytes:
    """SHA-256 of the canonical proof options, then of the canonical document."""
    options = {**options, "@context": unsecured["@context"]}
    options.pop("proofValue", None)
    return (
        hashlib.sha256(canonicalize(options).encode("utf-8")).digest()
        + hashlib.sha256(canonicalize(unsecured).encode("utf-8")).digest()
    )


def add_proof(
    document: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
) -> dict[str, Any]:
    """``document`` with an embedded ``DataIntegrityProof`` made with ``private_key``."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _iso(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    signature = private_key.sign(_hash_data(unsecured, options))
    return {**unsecured, "proof": {**options, "proofValue": multibase_base58(signature)}}


def proof_of(document: dict[str, Any]) -> dict[str, Any]:
    """The one ``eddsa-rdfc-2022`` assertion proof ``document`` carries; LinkedDataError if not."""
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if not isinstance(proof, dict):
        raise LinkedDataError("the document carries no proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise LinkedDataError(f"the proof is not a {PROOF_TYPE} with {CRYPTOSUITE}")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        raise LinkedDataError(f"the proof's purpose is not {PROOF_PURPOSE}")
    if not isinstance(proof.get("verificationMethod"), str):
        raise LinkedDataError("the proof names no verification method")
    return proof


def check_proof(document: dict[str, Any], public_key: Ed25519PublicKey) -> None:
    """Raise LinkedDataError unless ``document``'s proof was made by ``public_key``."""
    proof = proof_of(document)
    if len(json.dumps(document)) > MAX_DOCUMENT_BYTES:
        raise LinkedDataError("the document is too large")
    if "@context" in proof and proof["@context"] != document.get("@context"):
        raise LinkedDataError("the proof's @context differs from the document's")
    signature = from_multibase_base58(proof.get("proofValue"))
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key not in ("proofValue", "@context")}
    try:
        public_key.verify(signature, _hash_data(unsecured, options))
    except InvalidSignature:
        raise LinkedDataError("the signature does not match the document") from None
