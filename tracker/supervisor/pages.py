"""A supervisor's pages: their trainees and each one's progress, the supervised
hours and supervision sessions waiting for their sign-off, and attestations.

Every trainee is looked up through :func:`tracker.policies.visible_trainees`, so
another supervisor's trainee answers 404; decisions go through the review
services, whose policy check refuses a record that is not the supervisor's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.widgets import DateInput

from tracker.coordinator.common import csrf_ok, new_key
from tracker.coordinator.page_forms import ReasonForm
from tracker.extensions import db
from tracker.formatting import nhours
from tracker.forms import ActionForm, PlainForm, apply_errors
from tracker.models import HourEntry, ReviewStatus, SupervisionRecord, User
from tracker.policies import can_decide_hours, can_decide_supervision
from tracker.services import evidence_review, programs, progress, review, supervisors
from tracker.services.dates import local_today
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.supervisor import bp

# A record that is no longer pending, in a whole sentence for each state it can be in.
DECIDED = {
    ReviewStatus.APPROVED: _l("This is already approved; there is nothing to decide."),
    ReviewStatus.REJECTED: _l("This is already rejected; there is nothing to decide."),
    ReviewStatus.WITHDRAWN: _l("This is already withdrawn; there is nothing to decide."),
}


class AttestationForm(PlainForm):
    document_type_id = SelectField(_l("Document"), choices=[], validate_choice=False)
    dated_on = StringField(_l("Date of the attestation"), widget=DateInput())
    statement = TextAreaField(
        _l("What you attest"),
        description=_l(
            "For example: hours supervised, competencies observed. Never name the people "
            "the trainee supported."
        ),
    )
    submission_key = HiddenField()
    submit = SubmitField(_l("Sign the attestation"))


def _trainee(trainee_id: int) -> User:
    try:
        return supervisors.trainee_for(current_user, trainee_id)
    except NotFoundError:
        abort(404)


@bp.get("/", endpoint="dashboard")
def dashboard():  # type: ignore[no-untyped-def]
    trainees = supervisors.trainees_of(current_user)
    hours = supervisors.pending_hours(current_user)
    sessions = supervisors.pending_supervision(current_user)
    return render_template(
        "supervisor/dashboard.html",
        trainees=trainees,
        hours=hours,
        sessions=sessions,
        action_form=ActionForm(),
    )


@bp.get("/trainees/<int:trainee_id>", endpoint="trainee")
def trainee_page(trainee_id: int):  # type: ignore[no-untyped-def]
    trainee = _trainee(trainee_id)
    today = local_today()
    enrolments = programs.current_enrolments(trainee)
    verdicts = progress.eligibility(trainee.id, [e.program for e in enrolments], today)
    return render_template(
        "supervisor/trainee.html",
        trainee=trainee,
        views=[{"program": e.program, "eligibility": verdicts[e.program.id]} for e in enrolments],
        hours=supervisors.pending_hours(current_user, trainee.id),
        sessions=supervisors.pending_supervision(current_user, trainee.id),
        can_attest=bool(supervisors.attestable_types(trainee)),
        action_form=ActionForm(),
    )


def _one_button(decide: Callable[[], Any], done: Callable[[Any], str], repeat: str):  # type: ignore[no-untyped-def]
    if not csrf_ok():
        return redirect(url_for("supervisor.dashboard"), 303)
    try:
        decision = decide()
    except NotFoundError:
        db.session.rollback()
        abort(404)
    except ConflictError as exc:
        db.session.rollback()
        flash(exc.message, "warning")
        return redirect(url_for("supervisor.dashboard"), 303)
    db.session.commit()
    flash(done(decision.record) if decision.changed else repeat, "success")
    return redirect(url_for("supervisor.trainee", trainee_id=decision.record.trainee_id), 303)


@bp.post("/hours/<int:entry_id>/approve", endpoint="approve_hours")
def approve_hours(entry_id: int):  # type: ignore[no-untyped-def]
    return _one_button(
        lambda: review.approve_hours(entry_id, current_user),
        lambda r: nhours(
            "Approved %(hours)s supervised hour of %(name)s.",
            "Approved %(hours)s supervised hours of %(name)s.",
            r.minutes,
            name=r.trainee.display_name,
        ),
        _("You had already approved these hours."),
    )


@bp.post("/supervision/<int:record_id>/approve", endpoint="approve_supervision")
def approve_supervision(record_id: int):  # type: ignore[no-untyped-def]
    return _one_button(
        lambda: evidence_review.approve_supervision(record_id, current_user),
        lambda r: nhours(
            "Approved %(hours)s hour of supervision of %(name)s.",
            "Approved %(hours)s hours of supervision of %(name)s.",
            r.minutes,
            name=r.trainee.display_name,
        ),
        _("You had already approved this session."),
    )


def _reject(kind: str, record: Any, reject: Callable[[str], Any]):  # type: ignore[no-untyped-def]
    back = url_for("supervisor.trainee", trainee_id=record.trainee_id)
    if record.status != ReviewStatus.PENDING:
        flash(
            str(DECIDED.get(record.status, DECIDED[ReviewStatus.APPROVED])),
            "warning",
        )
        return redirect(back, 303)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            reject(form.reason.data)
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ConflictError as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return redirect(back, 303)
        except NotFoundError:
            db.session.rollback()
            abort(404)
        else:
            db.session.commit()
            flash(_("Rejected. The trainee sees your reason."), "success")
            return redirect(back, 303)
    return render_template("supervisor/reject.html", form=form, kind=kind, record=record), (
        400 if form.errors else 200
    )


@bp.route("/hours/<int:entry_id>/reject", methods=["GET", "POST"], endpoint="reject_hours")
def reject_hours(entry_id: int):  # type: ignore[no-untyped-def]
    entry = db.get_or_404(HourEntry, entry_id)
    if not can_decide_hours(current_user, entry):
        abort(404)
    return _reject(
        "hours", entry, lambda reason: review.reject_hours(entry_id, current_user, reason)
    )


@bp.route(
    "/supervision/<int:record_id>/reject", methods=["GET", "POST"], endpoint="reject_supervision"
)
def reject_supervision(record_id: int):  # type: ignore[no-untyped-def]
    record = db.get_or_404(SupervisionRecord, record_id)
    if not can_decide_supervision(current_user, record):
        abort(404)
    return _reject(
        "supervision",
        record,
        lambda reason: evidence_review.reject_supervision(record_id, current_user, reason),
    )


@bp.route("/trainees/<int:trainee_id>/attest", methods=["GET", "POST"], endpoint="attest")
def attest(trainee_id: int):  # type: ignore[no-untyped-def]
    trainee = _trainee(trainee_id)
    types = supervisors.attestable_types(trainee)
    form = AttestationForm()
    if not form.is_submitted():
        form = AttestationForm(formdata=None, submission_key=new_key(), dated_on=local_today())
    form.document_type_id.choices = [("", _("Choose a document"))] + [
        (str(t.id), t.name) for t in types
    ]
    if form.validate_on_submit():
        try:
            stored = supervisors.attest(
                current_user,
                trainee,
                form.document_type_id.data,
                dated_on=form.dated_on.data,
                statement=form.statement.data,
                submission_key=form.submission_key.data,
            )
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
        else:
            db.session.commit()
            if stored.created:
                flash(
                    _(
                        "Your attestation of %(document)s for %(name)s is stored and counts now.",
                        document=stored.record.document_type.name,
                        name=trainee.display_name,
                    ),
                    "success",
                )
            return redirect(url_for("supervisor.trainee", trainee_id=trainee.id), 303)
    return render_template("supervisor/attest.html", form=form, trainee=trainee, types=types), (
        400 if form.errors else 200
    )
