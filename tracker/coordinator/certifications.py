"""Certifications: the filtered list, a certification's page, renew and revoke.

Issuing is on the trainee's page (per enrolled program); see trainees.py.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.coordinator import bp
from tracker.coordinator.common import as_int, list_args, program_choices
from tracker.coordinator.page_forms import (
    CertificationFilterForm,
    RenewForm,
    RevokeForm,
)
from tracker.coordinator.paging import RowPage
from tracker.extensions import db
from tracker.forms import apply_errors
from tracker.models import Certification
from tracker.services import certifications, reports
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate_renewal
from tracker.services.errors import ConflictError, ServiceError, ValidationError


def certification_filters() -> tuple[CertificationFilterForm, reports.CertificationFilters, bool]:
    """The list's filters from the query string (the page and its CSV export)."""
    form = CertificationFilterForm(request.args)
    form.program.choices = program_choices("Any program")
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


@bp.post("/certifications/<int:cert_id>/renew")
def renew_certification(cert_id: int):  # type: ignore[no-untyped-def]
    certification = db.get_or_404(Certification, cert_id)
    form = RenewForm(prefix="renew")
    if not form.validate_on_submit():
        return render_certification(certification, 400, renew_form=form)
    if form.expected_expiry.data != certification.expires_on.isoformat():
        return _to_detail(
            cert_id,
            f"{certification.number} was already renewed: it is now valid until "
            f"{certification.expires_on.isoformat()}. Nothing was changed.",
            "warning",
        )
    try:
        renewal = certifications.renew(
            certification, current_user, override_reason=form.override_reason.data
        )
    except certifications.NotEligibleError:
        db.session.rollback()
        form.override_reason.errors = [
            "The renewal rules are not met. To renew anyway, write the reason for the override."
        ]
        return render_certification(certification, 400, renew_form=form)
    except ConflictError as exc:
        db.session.rollback()
        return _to_detail(cert_id, exc.message, "warning")
    except ServiceError as exc:
        db.session.rollback()
        return _to_detail(cert_id, exc.message, "error")
    db.session.commit()
    return _to_detail(
        cert_id,
        f"{certification.number} renewed until {renewal.new_expires_on.isoformat()}.",
        "success",
    )


@bp.post("/certifications/<int:cert_id>/revoke")
def revoke_certification(cert_id: int):  # type: ignore[no-untyped-def]
    certification = db.get_or_404(Certification, cert_id)
    form = RevokeForm(prefix="revoke")
    if certification.revoked_at is not None:
        return _to_detail(cert_id, "This certification is already revoked.", "warning")
    if not form.validate_on_submit():
        return render_certification(certification, 400, revoke_form=form)
    try:
        certifications.revoke(certification, current_user, form.reason.data or "")
    except ValidationError as exc:
        db.session.rollback()
        apply_errors(form, exc)
        return render_certification(certification, 400, revoke_form=form)
    except ConflictError as exc:
        db.session.rollback()
        return _to_detail(cert_id, exc.message, "warning")
    db.session.commit()
    return _to_detail(cert_id, f"{certification.number} is revoked.", "success")
