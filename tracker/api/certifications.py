"""Certifications: the list and a certification, issuing, renewing, revoking, and the
signed credential.

What a caller sees starts from ``policies.visible_certifications`` (a coordinator
every certification, anyone else only their own), so another holder's id answers
404.  The state is the one vocabulary (``valid``, ``expiring``, ``in_grace``,
``lapsed``, ``revoked``) worked out from the dates by
:func:`tracker.services.certifications.state_on`, and filtered in SQL by the same
rule's :func:`~tracker.services.certifications.state_expression`.  The decisions are
the pages' confirmations: :func:`tracker.services.programs.issue_to_enrolled`,
:func:`tracker.services.certifications.renew` and ``revoke``, each a conditional
update, so of two requests at once one wins and the other gets 409.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field

from tracker import policies
from tracker.api.framework import ApiModel, Created, operation
from tracker.api.paging import Order, Page, PageQuery, paginate
from tracker.api.problems import ApiError
from tracker.api.schemas import PersonRef
from tracker.extensions import db
from tracker.formatting import human_date
from tracker.forms import gettext_noop as N_
from tracker.models import Certification, CertificationState, Program, Role, User
from tracker.routing import MAX_ID
from tracker.services import certifications, credentials, programs
from tracker.services.dates import local_today
from tracker.services.errors import ConflictError, NotFoundError, ValidationError
from tracker.verify import downloads

REASON_MAX = 2000
REVOKE_REASON_MAX = 500
JWT_MEDIA_TYPE = "application/vc+jwt"


class ProgramRef(ApiModel):
    __doc__ = N_("A program named in another resource.")

    id: int
    code: str
    name: str


class CertificationOut(ApiModel):
    __doc__ = N_("An issued certification, with its state today and its dates.")

    id: int
    number: str = Field(description=N_("The certificate's number, e.g. PSS-2026-00042."))
    trainee: PersonRef = Field(description=N_("The holder."))
    program: ProgramRef
    state: CertificationState = Field(
        description=N_(
            "Its state today, worked out from its dates and its revocation: valid, "
            "expiring (inside the renewal window), in_grace (past expiry, still renewable), "
            "lapsed or revoked."
        )
    )
    state_label: str = Field(
        description=N_("The state in words, dated where it has a date, as every page shows it.")
    )
    state_day: date = Field(
        description=N_(
            "The day that goes with the state: the expiry while valid or expiring, "
            "the last day of grace, the day it lapsed, the day it was revoked."
        )
    )
    issued_on: date
    expires_on: date
    expiring_from: date = Field(description=N_("The first day it is expiring soon."))
    lapses_on: date = Field(description=N_("The first day it is lapsed without renewal."))
    revoked_on: date | None
    revocation_reason: str | None = Field(
        description=N_("Why it was revoked (the holder and coordinators see it, never the public).")
    )
    override_reason: str | None = Field(
        description=N_(
            "Why it was issued without meeting every rule, when it was (a decision "
            "of the organisation; not public)."
        )
    )
    verification_code: str = Field(description=N_("The public code, in groups of four."))
    verification_url: str = Field(description=N_("The public page anyone can check it on."))
    credential_url: str = Field(description=N_("The signed credential (compact JWT) in this API."))


class CertificationQuery(PageQuery):
    """Filters of the certification list."""

    program: int | None = Field(
        None, ge=1, le=MAX_ID, description=N_("Only this program's certifications.")
    )
    state: CertificationState | None = Field(
        None, description=N_("Only those in this state today.")
    )
    trainee: int | None = Field(
        None, ge=1, le=MAX_ID, description=N_("Only this holder's certifications.")
    )


class IssueIn(ApiModel):
    __doc__ = N_("Issue a program's certification to a trainee enrolled in it.")

    trainee_id: int = Field(
        ge=1, le=MAX_ID, description=N_("The trainee (enrolled in the program).")
    )
    program_id: int = Field(ge=1, le=MAX_ID)
    override_reason: str | None = Field(
        None,
        max_length=REASON_MAX,
        description=N_(
            "Required when not every rule is met: why it is issued anyway (kept in "
            "the audit log; the certificate says it was issued by a decision)."
        ),
    )


class RenewIn(ApiModel):
    __doc__ = N_("Renew a certification for another cycle.")

    expires_on: date = Field(
        description=N_(
            "The expiry date you saw (the certification's `expires_on`). If it has "
            "moved on meanwhile (renewed by someone else), nothing changes and the answer is 409."
        )
    )
    override_reason: str | None = Field(
        None,
        max_length=REASON_MAX,
        description=N_("Required when not every renewal rule is met: why it is renewed anyway."),
    )


class RevokeIn(ApiModel):
    __doc__ = N_("Revoke a certification for good.")

    reason: str = Field(
        min_length=1,
        max_length=REVOKE_REASON_MAX,
        description=N_("Why it is revoked (the holder and coordinators see it, not the public)."),
    )


ORDER = (Order(Certification.id),)


def serialize(certification: Certification, trainee: User, program: Program) -> CertificationOut:
    today = local_today()
    state = certifications.describe_state(certification, today)
    revoked_at = certification.revoked_at
    return CertificationOut(
        id=certification.id,
        number=certification.number,
        trainee=PersonRef(id=trainee.id, display_name=trainee.display_name),
        program=ProgramRef(id=program.id, code=program.code, name=program.name),
        state=state.state,
        state_label=state.label,
        state_day=state.day,
        issued_on=certification.issued_on,
        expires_on=certification.expires_on,
        expiring_from=certification.expiring_from,
        lapses_on=certification.lapses_on,
        revoked_on=revoked_at.date() if revoked_at else None,
        revocation_reason=certification.revocation_reason,
        override_reason=certification.override_reason,
        verification_code=certifications.format_code(certification.verification_code),
        verification_url=credentials.verification_url(certification),
        credential_url=url_for("api.certification_credential", certification_id=certification.id),
    )


def _out(certification: Certification) -> CertificationOut:
    return serialize(certification, certification.trainee, certification.program)


def visible(user: User, certification_id: int) -> Certification:
    """The certification when ``user`` may see it; NotFoundError otherwise."""
    found = db.session.scalar(
        policies.visible_certifications(user).where(Certification.id == certification_id)
    )
    if found is None:
        raise NotFoundError(_("That certification was not found."))
    return found


def _decider(user: User) -> None:
    if not policies.can_decide_certifications(user):
        raise ApiError(403, _("Only coordinators issue, renew and revoke certifications."))


def _override_needed(exc: certifications.NotEligibleError, message: str) -> ValidationError:
    missing = "; ".join(rule.label for rule in exc.eligibility.missing_rules)
    return ValidationError({"override_reason": [message, _("Not met: %(rules)s.", rules=missing)]})


@operation(
    "GET",
    "/certifications",
    summary=_l("Certifications"),
    description=_l(
        "Coordinators see every certification; anyone else only their own. Filter by "
        "program, state today and holder. Ordered by id."
    ),
    tags=("certifications",),
    response=Page[CertificationOut],
    query=CertificationQuery,
)
def list_certifications(user: User, query: CertificationQuery) -> Page[CertificationOut]:
    rows = (
        policies.visible_certifications(user)
        .add_columns(User, Program)
        .join(User, User.id == Certification.trainee_id)
        .join(Program, Program.id == Certification.program_id)
    )
    if query.program is not None:
        rows = rows.where(Certification.program_id == query.program)
    if query.trainee is not None:
        rows = rows.where(Certification.trainee_id == query.trainee)
    if query.state is not None:
        rows = rows.where(certifications.state_expression(local_today()) == query.state.value)
    return paginate(
        rows,
        ORDER,
        query,
        serialize=lambda row: serialize(*row),
        values_of=lambda row: [row[0].id],
        scalars=False,
    )


@operation(
    "GET",
    "/certifications/<int:certification_id>",
    summary=_l("A certification"),
    description=_l("Its holder, program, state today and dates. Another holder's answers 404."),
    tags=("certifications",),
    response=CertificationOut,
)
def get_certification(user: User, certification_id: int) -> CertificationOut:
    return _out(visible(user, certification_id))


@operation(
    "GET",
    "/certifications/<int:certification_id>/credential",
    summary=_l("The signed credential"),
    description=_l(
        "The certification as a signed Open Badges 3.0 credential in compact JWT form "
        "(application/vc+jwt), the same file the holder's wallet download gives."
    ),
    tags=("certifications",),
    files=(JWT_MEDIA_TYPE,),
    errors=(503,),
)
def certification_credential(user: User, certification_id: int):  # type: ignore[no-untyped-def]
    # Without a signing key the download answers 503, as a problem like every error here.
    return downloads.jwt_file(visible(user, certification_id))


@operation(
    "POST",
    "/certifications",
    summary=_l("Issue a certification"),
    description=_l(
        "Coordinators only. Issues the program's certification to a trainee enrolled in it "
        "when every rule is met, or with an override reason. A second request for the same "
        "trainee and program (at once, or later while it is held) gets 409."
    ),
    tags=("certifications",),
    response=CertificationOut,
    status=201,
    body=IssueIn,
    errors=(403, 409),
    idempotent=True,
)
def issue_certification(user: User, body: IssueIn) -> Created:
    _decider(user)
    trainee = db.session.get(User, body.trainee_id)
    if trainee is None or trainee.role != Role.TRAINEE:
        raise ValidationError(_("No trainee has this id."), "trainee_id")
    program = db.session.get(Program, body.program_id)
    if program is None:
        raise ValidationError(_("No program has this id."), "program_id")
    try:
        certification = programs.issue_to_enrolled(
            trainee, program, user, override_reason=body.override_reason
        )
    except certifications.NotEligibleError as exc:
        raise _override_needed(
            exc, _("Not every rule is met. To issue anyway, give the reason for the override.")
        ) from None
    return Created(
        _out(certification),
        url_for("api.get_certification", certification_id=certification.id),
    )


@operation(
    "POST",
    "/certifications/<int:certification_id>/renew",
    summary=_l("Renew a certification"),
    description=_l(
        "Coordinators only. Starts a new cycle when the renewal rules are met, or with an "
        "override reason. Send the expiry date you saw: if it has moved on (renewed "
        "meanwhile), nothing changes and the answer is 409."
    ),
    tags=("certifications",),
    response=CertificationOut,
    body=RenewIn,
    errors=(403, 409),
)
def renew_certification(user: User, certification_id: int, body: RenewIn) -> CertificationOut:
    _decider(user)
    certification = visible(user, certification_id)
    if body.expires_on != certification.expires_on:
        raise ConflictError(
            _(
                "%(number)s is valid until %(date)s, not the date you sent: it was renewed "
                "meanwhile, or the date is wrong. Nothing was changed.",
                number=certification.number,
                date=human_date(certification.expires_on),
            )
        )
    try:
        certifications.renew(certification, user, override_reason=body.override_reason)
    except certifications.NotEligibleError as exc:
        raise _override_needed(
            exc,
            _("The renewal rules are not met. To renew anyway, give the reason for the override."),
        ) from None
    return _out(certification)


@operation(
    "POST",
    "/certifications/<int:certification_id>/revoke",
    summary=_l("Revoke a certification"),
    description=_l(
        "Coordinators only. Revoking is final: the public page, the PDF and the published "
        "status list say so from now on. A certification already revoked gets 409."
    ),
    tags=("certifications",),
    response=CertificationOut,
    body=RevokeIn,
    errors=(403, 409),
)
def revoke_certification(user: User, certification_id: int, body: RevokeIn) -> CertificationOut:
    _decider(user)
    certification = visible(user, certification_id)
    certifications.revoke(certification, user, body.reason)
    return _out(certification)
