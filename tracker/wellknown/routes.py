from __future__ import annotations

from flask import Response, abort, current_app, jsonify, request

from tracker.services import credentials
from tracker.services.keys import SigningKeyError
from tracker.wellknown import bp

JWT_MEDIA_TYPE = "application/vc+jwt"
LD_CREDENTIAL_MEDIA_TYPE = "application/vc+ld+json"
DID_MEDIA_TYPE = "application/did+ld+json"


@bp.after_request
def _public_headers(response):  # type: ignore[no-untyped-def]
    # Wallets and verifiers in browsers fetch these from other origins.
    response.headers["Access-Control-Allow-Origin"] = "*"
    if response.status_code == 200:
        response.headers.setdefault("Cache-Control", "public, max-age=300")
    return response


@bp.errorhandler(SigningKeyError)
def _signing_unavailable(exc: SigningKeyError):  # type: ignore[no-untyped-def]
    current_app.logger.error("Credential signing is not configured: %s", exc)
    return jsonify(error="Service Unavailable", message="No signing key is configured."), 503


def _json(document: dict, mimetype: str) -> Response:
    response = jsonify(document)
    response.mimetype = mimetype
    return response


@bp.get(credentials.JWKS_PATH)
def jwks():  # type: ignore[no-untyped-def]
    return jsonify(credentials.public_jwks())


@bp.get(credentials.KEY_PATH + "<thumbprint>")
def key(thumbprint: str):  # type: ignore[no-untyped-def]
    jwk = credentials.public_jwk(thumbprint)
    if jwk is None:
        abort(404)
    return jsonify(jwk)


# did:web resolves a DID without a path to /.well-known/did.json and one with a
# path to <path>/did.json; each answers only for the DID this site has.
@bp.get(credentials.DID_DOCUMENT_PATH)
@bp.get(credentials.DID_DOCUMENT_FILE)
def did_document():  # type: ignore[no-untyped-def]
    if request.path != credentials.did_document_path():
        abort(404)
    return _json(credentials.did_document(), DID_MEDIA_TYPE)


@bp.get(credentials.ISSUER_PATH)
def issuer():  # type: ignore[no-untyped-def]
    profile = {"@context": [credentials.VC_CONTEXT, credentials.OB_CONTEXT]}
    profile.update(credentials.issuer_profile())
    return jsonify(profile)


@bp.get(credentials.STATUS_LIST_PATH + "<thumbprint>/<int:number>")
@bp.get(credentials.STATUS_LIST_PATH + "<int:number>")
def status_list(number: int, thumbprint: str | None = None):  # type: ignore[no-untyped-def]
    if thumbprint is None:
        # The address credentials downloaded before lists were kept per key point to.
        found = credentials.legacy_status_list(number)
    else:
        found = credentials.find_status_list(thumbprint, number)
    if found is None:
        abort(404)
    published = credentials.publish_status_list(found)
    if isinstance(published, str):
        response = Response(published, mimetype=JWT_MEDIA_TYPE)
    else:
        response = _json(published, LD_CREDENTIAL_MEDIA_TYPE)
    # Revocations should reach verifiers quickly.
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
