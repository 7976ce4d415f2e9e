"""Certifications: the filtered list, a certification's page, renew and revoke.

Renewing and revoking first show a summary (tracker/services/decisions.py), reached by
GET or by the page's form, which changes nothing; only the ``/confirm`` POST acts.
Issuing is on the trainee's page (per enrolled program); see trainees.py.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.coordinator import bp
from tracker.coordinator.common import as_int, list_args, program_choices
from tracker.coordinator.page_forms import (
    CertificationFilterForm,
    RenewForm,
    RevokeForm,
)
from tracker.coordinator.paging import RowPage
from tracker.coordinator.trainees import render_decision as _render_decision
from tracker.extensions import db
from tracker.formatting import human_date
from tracker.forms import apply_errors
from tracker.models import Certification
from tracker.services import certifications, decisions, reports
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate_renewal
from tracker.services.errors import ConflictError, ServiceError, ValidationError


def certification_filters() -> tuple[CertificationFilterForm, reports.CertificationFilters, bool]:
    """The list's filters from the query string (the page and its CSV export)."""
    form = CertificationFilterForm(request.args)
    form.program.choices = program_choices(_("Any program"))
    valid = form.validate()
    filters = reports.CertificationFilters()
    if valid:
        filters = reports.CertificationFilters(
            state=form.state.data or "",
            program_id=as_int(form.program.data),
            due=as_int(form.due.data),
            q=form.q.data or "",
        )
    return form, filters, valid


@bp.get("/certifications", endpoint="certifications")
def certifications_page():  # type: ignore[no-untyped-def]
    form, filters, valid = certification_filters()
    page = RowPage(reports.certifications_query(filters))
    return render_template(
        "coordinator/certifications.html",
        form=form,
        page=page,
        args=list_args(),
        today=local_today(),
    ), (200 if valid else 400)


def render_certification(
    certification: Certification,
    status: int = 200,
    *,
    renew_form: RenewForm | None = None,
    revoke_form: RevokeForm | None = None,
) -> Any:
    today = local_today()
    current = certifications.state_on(certification, today)
    held = current in certifications.HELD_STATES
    return render_template(
        "coordinator/certification_detail.html",
        certification=certification,
        current_state=current,
        renewal=evaluate_renewal(certification, today) if held else None,
        renew_form=renew_form
        or RenewForm(prefix="renew", expected_expiry=certification.expires_on.isoformat()),
        revoke_form=revoke_form or RevokeForm(prefix="revoke"),
        code=certifications.format_code(certification.verification_code),
        snapshot=certification.program_snapshot or {},
        lapses_on=certifications.lapses_on(certification),
    ), status


def _to_detail(cert_id: int, message: str, category: str):  # type: ignore[no-untyped-def]
    """Back to the certification's page, with a message."""
    flash(message, category)
    return redirect(url_for("coordinator.certification_detail", cert_id=cert_id), 303)


@bp.get("/certifications/<int:cert_id>")
def certification_detail(cert_id: int):  # type: ignore[no-untyped-def]
    return render_certification(db.get_or_404(Certification, cert_id))


def _already_renewed(certification: Certification):  # type: ignore[no-untyped-def]
    return _to_detail(
        certification.id,
        _(
            "%(number)s was already renewed: it is now valid until %(date)s. Nothing was changed.",
            number=certification.number,
            date=human_date(certification.expires_on),
        ),
        "warning",
    )


def _renew_refused(certification: Certification, form: RenewForm, exc: ServiceError):  # type: ignore[no-untyped-def]
    db.session.rollback()
    if isinstance(exc, certifications.NotEligibleError):
        form.override_reason.errors = [
            _("The renewal rules are not met. To renew anyway, write the reason for the override.")
        ]
        return render_certification(certification, 400, renew_form=form)
    if isinstance(exc, ValidationError):
        apply_errors(form, exc)
        return render_certification(certification, 400, renew_form=form)
    category = "warning" if isinstance(exc, ConflictError) else "error"
    return _to_detail(certification.id, exc.message, category)


@bp.route("/certifications/<int:cert_id>/renew", methods=["GET", "POST"])
def renew_certification(cert_id: int):  # type: ignore[no-untyped-def]
    """What renewing would do (the certification page's form posts here); changes nothing.
    The confirmation posts to :func:`confirm_renew`."""
    certification = db.get_or_404(Certification, cert_id)
    form = RenewForm(prefix="renew")
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_certification(certification, 400, renew_form=form)
        if form.expected_expiry.data != certification.expires_on.isoformat():
            return _already_renewed(certification)
    reason = form.override_reason.data if request.method == "POST" else None
    try:
        summary = decisions.renew_summary(certification, reason)
    except ServiceError as exc:
        return _renew_refused(certification, form, exc)
    return _render_decision(
        summary,
        action=url_for("coordinator.confirm_renew", cert_id=certification.id),
        back=url_for("coordinator.certification_detail", cert_id=certification.id),
        button=_("Renew the certificate"),
        hidden=[
            (form.override_reason.name, summary.facts["override_reason"] or ""),
            (form.expected_expiry.name, summary.facts["previous_expires_on"]),
        ],
    )


@bp.post("/certifications/<int:cert_id>/renew/confirm")
def confirm_renew(cert_id: int):  # type: ignore[no-untyped-def]
    """Renew, once confirmed.  The expiry the coordinator saw travels with the form: a
    second confirmation finds it moved on and renews nothing."""
    certification = db.get_or_404(Certification, cert_id)
    form = RenewForm(prefix="renew")
    if not form.validate_on_submit():
        return render_certification(certification, 400, renew_form=form)
    if form.expected_expiry.data != certification.expires_on.isoformat():
        return _already_renewed(certification)
    try:
        renewal = certifications.renew(
            certification, current_user, override_reason=form.override_reason.data
        )
    except ServiceError as exc:
        return _renew_refused(certification, form, exc)
    db.session.commit()
    return _to_detail(
        cert_id,
        _(
            "%(number)s renewed until %(date)s.",
            number=certification.number,
            date=human_date(renewal.new_expires_on),
        ),
        "success",
    )


def _revoke_refused(certification: Certification, form: RevokeForm, exc: ServiceError):  # type: ignore[no-untyped-def]
    db.session.rollback()
    if isinstance(exc, ValidationError):
        apply_errors(form, exc)
        return render_certification(certification, 400, revoke_form=form)
    return _to_detail(certification.id, exc.message, "warning")


@bp.route("/certifications/<int:cert_id>/revoke", methods=["GET", "POST"])
def revoke_certification(cert_id: int):  # type: ignore[no-untyped-def]
    """What revoking would do (the certification page's form posts here, with the reason);
    changes nothing.  The confirmation posts to :func:`confirm_revoke`."""
    certification = db.get_or_404(Certification, cert_id)
    form = RevokeForm(prefix="revoke")
    if certification.revoked_at is not None:
        return _to_detail(cert_id, _("This certification is already revoked."), "warning")
    if request.method == "GET":  # the reason is asked for on the certification's page
        return redirect(
            url_for("coordinator.certification_detail", cert_id=cert_id) + "#revoke-errors", 303
        )
    if not form.validate_on_submit():
        return render_certification(certification, 400, revoke_form=form)
    try:
        summary = decisions.revoke_summary(certification, form.reason.data)
    except ServiceError as exc:
        return _revoke_refused(certification, form, exc)
    return _render_decision(
        summary,
        action=url_for("coordinator.confirm_revoke", cert_id=certification.id),
        back=url_for("coordinator.certification_detail", cert_id=certification.id),
        button=_("Revoke the certificate"),
        hidden=[(form.reason.name, summary.facts["reason"])],
        danger=True,
    )


@bp.post("/certifications/<int:cert_id>/revoke/confirm")
def confirm_revoke(cert_id: int):  # type: ignore[no-untyped-def]
    """Revoke, once confirmed.  Two confirmations at once: one wins, the other is told."""
    certification = db.get_or_404(Certification, cert_id)
    form = RevokeForm(prefix="revoke")
    if certification.revoked_at is not None:
        return _to_detail(cert_id, _("This certification is already revoked."), "warning")
    if not form.validate_on_submit():
        return render_certification(certification, 400, revoke_form=form)
    try:
        certifications.revoke(certification, current_user, form.reason.data or "")
    except ServiceError as exc:
        return _revoke_refused(certification, form, exc)
    db.session.commit()
    return _to_detail(cert_id, _("%(number)s is revoked.", number=certification.number), "success")
