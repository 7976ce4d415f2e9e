from __future__ import annotations

from flask import Response, abort, current_app, jsonify

from tracker.services import credentials
from tracker.services.keys import SigningKeyError
from tracker.wellknown import bp

STATUS_LIST_MEDIA_TYPE = "application/vc+jwt"


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


@bp.get(credentials.JWKS_PATH)
def jwks():  # type: ignore[no-untyped-def]
    return jsonify(credentials.public_jwks())


@bp.get(credentials.KEY_PATH + "<thumbprint>")
def key(thumbprint: str):  # type: ignore[no-untyped-def]
    jwk = credentials.public_jwk(thumbprint)
    if jwk is None:
        abort(404)
    return jsonify(jwk)


@bp.get(credentials.ISSUER_PATH)
def issuer():  # type: ignore[no-untyped-def]
    profile = {"@context": [credentials.VC_CONTEXT, credentials.OB_CONTEXT]}
    profile.update(credentials.issuer_profile())
    return jsonify(profile)


@bp.get(credentials.STATUS_LIST_PATH + "<int:list_number>")
def status_list(list_number: int):  # type: ignore[no-untyped-def]
    if not 1 <= list_number <= credentials.status_list_count():
        abort(404)
    token = credentials.sign_status_list(list_number)
    response = Response(token, mimetype=STATUS_LIST_MEDIA_TYPE)
    # Revocations should reach verifiers quickly.
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
