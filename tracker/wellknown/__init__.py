"""What a verifier needs with only a credential in hand, public and cacheable.

``/.well-known/jwks.json`` lists every public key a credential of ours may name
(the current one and the retired ones); ``/credentials/keys/<thumbprint>`` is the
single JWK a credential's ``kid`` points to; ``/credentials/status/<n>`` is a
signed Bitstring Status List of revocations; ``/credentials/issuer`` is the
issuer's profile.
"""

from flask import Blueprint

from tracker.services.keys import remember_environment

bp = Blueprint("wellknown", __name__)
bp.record_once(remember_environment)


from tracker.wellknown import routes  # noqa: E402, F401
