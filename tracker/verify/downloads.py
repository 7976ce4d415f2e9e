"""The files a certification can be downloaded as: shared by the trainee and coordinator views."""

from __future__ import annotations

import io
import json

from flask import Response, abort, current_app, send_file
from flask_babel import gettext as _

from tracker.models import Certification
from tracker.services import credentials, pdf
from tracker.services.keys import SigningKeyError


def _signing_unavailable(exc: SigningKeyError) -> None:
    current_app.logger.error("Credential signing is not configured: %s", exc)
    abort(
        503,
        description=_(
            "Digital badges cannot be signed on this server yet; please tell the coordinator."
        ),
    )


def _attachment(body: bytes, mimetype: str, name: str) -> Response:
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True, download_name=name)


def pdf_file(certification: Certification) -> Response:
    return _attachment(pdf.render(certification), "application/pdf", f"{certification.number}.pdf")


def jwt_file(certification: Certification) -> Response:
    try:
        token = credentials.sign_credential(certification)
    except SigningKeyError as exc:
        _signing_unavailable(exc)
    return _attachment(
        token.encode("ascii"), "application/vc+jwt", f"{certification.number}-badge.jwt"
    )


def json_file(certification: Certification) -> Response:
    """The credential with its embedded Data Integrity proof, the form wallets accept."""
    try:
        document = credentials.signed_credential(certification)
    except SigningKeyError as exc:
        _signing_unavailable(exc)
    body = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    return _attachment(body, "application/json", f"{certification.number}-badge.json")
