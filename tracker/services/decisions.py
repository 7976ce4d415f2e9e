"""Lasting decisions, summarised before they are confirmed.

Issuing, renewing and revoking a certification, and withdrawing a trainee from a
program, last: a certificate becomes public, a revocation cannot be undone.  Each
has a summary here (who, what, the dates, what becomes public), worked out
without changing anything, so that a page (or an API) shows it first and acts
only on a confirmation.  A summary raises the error the action itself would raise
(not eligible, already held, already revoked...), so that a refusal is given
before the confirmation is asked for.  The actions are
:func:`tracker.services.certifications.issue`, ``renew``, ``revoke`` and
:func:`tracker.services.programs.withdraw`; they check everything again when
confirmed, inside the transaction that changes the records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import Certification, Enrolment, Program, User
from tracker.services import certifications
from tracker.services.dates import local_today
from tracker.services.errors import NotFoundError, ServiceError


@dataclass(frozen=True)
class Summary:
    """What a decision would do: shown before it is confirmed.

    ``rows`` are (label, value) pairs in words for a page; ``facts`` the same in
    machine form (ISO dates) for an API; ``public`` says what anyone outside will
    see; ``lasting`` what cannot be undone and what stays."""

    action: str  # "issue", "renew", "revoke" or "withdraw"
    title: str
    rows: list[tuple[str, str]]
    public: list[str]
    lasting: list[str]
    facts: dict[str, Any] = field(default_factory=dict)


def _who(user: User) -> str:
    return f"{user.display_name} ({user.email})"


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def issue_summary(
    trainee: User, program: Program, override_reason: str | None, today: date | None = None
) -> Summary:
    today = today or local_today()
    if _current_enrolment(trainee, program) is None:
        raise ServiceError(
            _(
                "%(name)s is not enrolled in %(program)s.",
                name=trainee.display_name,
                program=program.name,
            )
        )
    plan = certifications.plan_issue(trainee, program, override_reason, today)
    dates = plan.dates
    rows = [
        (_("Holder"), _who(trainee)),
        (_("Program"), f"{program.name} ({program.code})"),
        (_("Issued on"), human_date(today)),
        (_("Valid until"), human_date(plan.expires_on)),
        (_("Renewal window opens"), human_date(dates["expiring_from"])),
        (_("Lapses without renewal on"), human_date(dates["lapses_on"])),
    ]
    if plan.starts_on != today:
        rows.insert(4, (_("Validity counted from"), human_date(plan.starts_on)))
    public = [
        _(
            "A public page anyone with the certificate's code can open shows the holder's "
            "name, the program, the number and these dates, and its state every day."
        ),
        _("The holder can download the PDF certificate and the signed credential, and share them."),
    ]
    if plan.override_reason is None:
        rows.append((_("Basis"), _("Every requirement of the program is met.")))
    else:
        missing = "; ".join(r.label for r in plan.eligibility.missing_rules)
        rows.append((_("Basis"), _("Override: %(reason)s", reason=plan.override_reason)))
        rows.append((_("Not met"), missing))
        public.append(
            _(
                "The certificate and the credential say it was issued on %(date)s by a "
                "coordinator's decision. The reason is kept in the audit log and shown to "
                "the holder and coordinators, not in public.",
                date=human_date(today),
            )
        )
    return Summary(
        action="issue",
        title=_(
            "Issue the %(program)s certification to %(name)s?",
            program=program.name,
            name=trainee.display_name,
        ),
        rows=rows,
        public=public,
        lasting=[
            _(
                "Once issued, the certificate can be renewed or revoked, never deleted; a "
                "revocation stays public."
            )
        ],
        facts={
            "trainee_id": trainee.id,
            "program_id": program.id,
            "issued_on": _iso(today),
            **{name: _iso(value) for name, value in dates.items()},
            "override_reason": plan.override_reason,
        },
    )


def renew_summary(
    certification: Certification, override_reason: str | None, today: date | None = None
) -> Summary:
    today = today or local_today()
    plan = certifications.plan_renew(certification, override_reason, today)
    details = certification.program_snapshot or {}
    rows = [
        (_("Holder"), _who(certification.trainee)),
        (_("Certificate"), certification.number),
        (_("Program"), details.get("name") or certification.program.name),
        (_("State today"), certifications.state_label(certification, today)),
        (_("Valid until now"), human_date(plan.previous_expires_on)),
        (_("Valid until after renewal"), human_date(plan.expires_on)),
        (_("Renewal window of the new cycle opens"), human_date(plan.dates["expiring_from"])),
        (_("Lapses without renewal on"), human_date(plan.dates["lapses_on"])),
    ]
    if plan.override_reason is None:
        rows.append((_("Basis"), _("Every renewal requirement is met.")))
    else:
        rows.append((_("Basis"), _("Override: %(reason)s", reason=plan.override_reason)))
    return Summary(
        action="renew",
        title=_("Renew certificate %(number)s?", number=certification.number),
        rows=rows,
        public=[
            _(
                "From now on the public page, the PDF and the credential give the new "
                "expiry date, %(date)s.",
                date=human_date(plan.expires_on),
            )
        ],
        lasting=[_("The earlier cycle's dates stay in the certificate's history.")],
        facts={
            "certification_id": certification.id,
            "previous_expires_on": _iso(plan.previous_expires_on),
            **{name: _iso(value) for name, value in plan.dates.items()},
            "override_reason": plan.override_reason,
        },
    )


def revoke_summary(
    certification: Certification, reason: str | None, today: date | None = None
) -> Summary:
    today = today or local_today()
    cleaned = certifications.plan_revoke(certification, reason)
    details = certification.program_snapshot or {}
    return Summary(
        action="revoke",
        title=_("Revoke certificate %(number)s?", number=certification.number),
        rows=[
            (_("Holder"), _who(certification.trainee)),
            (_("Certificate"), certification.number),
            (_("Program"), details.get("name") or certification.program.name),
            (_("State today"), certifications.state_label(certification, today)),
            (_("Revoked on"), human_date(today)),
            (_("Reason"), cleaned),
        ],
        public=[
            _(
                "From now on the public page and the PDF say “Revoked on %(date)s”, and the "
                "published status list marks the credential revoked, so wallets and "
                "verifiers reject it.",
                date=human_date(today),
            ),
            _("The reason is shown to the holder and coordinators, not in public."),
        ],
        lasting=[
            _("Revoking is final: it cannot be undone, and the certificate cannot be renewed.")
        ],
        facts={
            "certification_id": certification.id,
            "revoked_on": _iso(today),
            "reason": cleaned,
        },
    )


def withdraw_summary(trainee: User, program: Program, today: date | None = None) -> Summary:
    today = today or local_today()
    enrolment = _current_enrolment(trainee, program)
    if enrolment is None:
        if _any_enrolment(trainee, program) is None:
            raise NotFoundError(_("This trainee is not enrolled in that program."))
        raise ServiceError(
            _(
                "%(name)s was already withdrawn from %(program)s.",
                name=trainee.display_name,
                program=program.name,
            )
        )
    rows = [
        (_("Trainee"), _who(trainee)),
        (_("Program"), f"{program.name} ({program.code})"),
        (_("Enrolled since"), human_date(enrolment.enrolled_at.date())),
        (_("Withdrawn on"), human_date(today)),
    ]
    current = certifications.held(trainee, program, today)
    lasting = [
        _(
            "Their hours, training and certificates stay. The program is no longer on their "
            "dashboard or in the program's lists; they can be enrolled again later."
        )
    ]
    if current is not None:
        rows.append(
            (
                _("Certificate held"),
                f"{current.number} ({certifications.state_label(current, today)})",
            )
        )
        lasting.append(
            _(
                "Certificate %(number)s stays as it is; renew or revoke it on its own page.",
                number=current.number,
            )
        )
    return Summary(
        action="withdraw",
        title=_(
            "Withdraw %(name)s from %(program)s?", name=trainee.display_name, program=program.name
        ),
        rows=rows,
        public=[_("Nothing public changes.")],
        lasting=lasting,
        facts={"trainee_id": trainee.id, "program_id": program.id, "withdrawn_on": _iso(today)},
    )


def _current_enrolment(trainee: User, program: Program) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(
            Enrolment.trainee_id == trainee.id,
            Enrolment.program_id == program.id,
            Enrolment.withdrawn_at.is_(None),
        )
    )


def _any_enrolment(trainee: User, program: Program) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).where(
            Enrolment.trainee_id == trainee.id, Enrolment.program_id == program.id
        )
    )
