"""What a verifier needs with only a credential in hand, public and cacheable.

``/.well-known/did.json`` (or ``<path>/did.json`` when the public address has a
path) is the issuer's ``did:web`` DID document, listing every Ed25519 key the
Data Integrity proofs may name; ``/.well-known/jwks.json`` lists every P-256 key
a VC-JWT may name (the current one and the retired ones);
``/credentials/keys/<thumbprint>`` is the single JWK a VC-JWT's ``kid`` points
to; ``/credentials/status/<thumbprint>/<n>`` is a signing key's Bitstring
Status List of revocations (JSON-LD with a Data Integrity proof for an Ed25519
key, a VC-JWT for a P-256 key); ``/credentials/issuer`` is the issuer's https
profile.
"""

from flask import Blueprint

from tracker.services.keys import remember_environment

bp = Blueprint("wellknown", __name__)
bp.record_once(remember_environment)


from tracker.wellknown import routes  # noqa: E402, F401
