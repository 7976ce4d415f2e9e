"""``/verify/{code}``: check a certificate by its code, without a token.

The same look-up, the same answer for every unknown code, and the same rate limit
(per address, shared with the public pages) as ``/verify/<code>``; the same facts
as the public page shows, as JSON.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field

from tracker.api.framework import ApiModel, operation
from tracker.forms import gettext_noop as N_
from tracker.models import CertificationState
from tracker.services import certifications, credentials
from tracker.services.dates import local_today
from tracker.services.errors import NotFoundError
from tracker.verify.routes import rate_limited


class Verification(ApiModel):
    __doc__ = N_("What the public verification page shows about a certificate.")

    code: str = Field(description=N_("The verification code, grouped as printed."))
    holder_name: str
    program: str = Field(description=N_("The program's name, as issued."))
    program_code: str
    number: str = Field(description=N_("The certificate's number."))
    issued_on: date
    expires_on: date
    lapses_on: date = Field(description=N_("The day it lapses when not renewed."))
    state: CertificationState = Field(description=N_("Its state today."))
    label: str = Field(description=N_("The state in words, as the public page says it."))
    revoked_on: date | None
    basis: str = Field(description=N_("What it was issued on, in public words."))
    issuer: str
    verification_url: str = Field(description=N_("The public page of this certificate."))


@operation(
    "GET",
    "/verify/<code>",
    summary=_l("Check a certificate by its code"),
    description=_l(
        "No token needed. Codes match without regard to case or dashes; any code that "
        "matches no certificate gets the same 404. Rate-limited per address, together "
        "with the public verification pages."
    ),
    tags=("verify",),
    response=Verification,
    auth=False,
    errors=(404,),
    decorators=(rate_limited,),
)
def verify_certificate(code: str) -> Verification:
    certification = certifications.find_by_code(code)
    if certification is None:
        raise NotFoundError(_("No certificate has this code."))
    facts = credentials.facts(certification, local_today())
    return Verification(
        code=facts.code,
        holder_name=facts.holder_name,
        program=facts.program_name,
        program_code=facts.program_code,
        number=facts.number,
        issued_on=facts.issued_on,
        expires_on=facts.expires_on,
        lapses_on=facts.lapses_on,
        state=facts.state,
        label=facts.label,
        revoked_on=facts.revoked_on,
        basis=facts.basis,
        issuer=facts.issuer_name,
        verification_url=facts.verification_url,
    )
