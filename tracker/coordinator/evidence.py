"""Evidence to review: queues for supervision sessions, documents and
training taken elsewhere (approve or accept, reject with a reason), the
uploaded files, and a trainee's exam results.

Decisions go through :mod:`tracker.services.evidence_review`: when two
coordinators decide one record at once, one decision stands and the other
coordinator is sent back to the queue with a warning saying who decided.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import DateInput

from tracker.coordinator import bp
from tracker.coordinator.common import current_path, list_args, new_key
from tracker.coordinator.page_forms import ReasonForm
from tracker.coordinator.paging import RowPage
from tracker.coordinator.review import _decide
from tracker.extensions import db
from tracker.formatting import human_date, nhours
from tracker.forms import ActionForm, PlainForm, apply_errors
from tracker.models import Document, ExternalTraining, ReviewStatus, SupervisionRecord, User
from tracker.services import evidence_review, exams, uploads
from tracker.services.dates import local_today
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.trainee.evidence import file_response

QUEUE_TITLES = {
    "supervision": _l("Supervision sessions"),
    "documents": _l("Documents"),
    "training": _l("Training taken elsewhere"),
}


class AcceptDocumentForm(PlainForm):
    expires_on = StringField(
        _l("Expires on (optional)"),
        widget=DateInput(),
        description=_l("Leave empty for the document type's usual validity, or for no expiry."),
    )
    submit = SubmitField(_l("Accept"))


class ExamResultForm(PlainForm):
    exam_id = SelectField(_l("Exam"), choices=[], validate_choice=False)
    taken_on = StringField(_l("Date sat"), widget=DateInput())
    score = StringField(
        _l("Score"),
        description=_l("0 to 100, for an exam with a pass mark."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 4},
    )
    passed = SelectField(
        _l("Outcome"),
        description=_l("For a pass/fail exam."),
        choices=[
            SelectChoice("", _l("Choose")),
            SelectChoice("pass", _l("Passed")),
            SelectChoice("fail", _l("Not passed")),
        ],
        validate_choice=False,
    )
    submission_key = HiddenField()
    submit = SubmitField(_l("Record result"))


@bp.get("/evidence", endpoint="evidence")
@bp.get("/evidence/<kind>", endpoint="evidence_queue")
def evidence_queue(kind: str = "supervision"):  # type: ignore[no-untyped-def]
    if kind not in QUEUE_TITLES:
        abort(404)
    q = (request.args.get("q") or "").strip()[:100]
    return render_template(
        "coordinator/evidence_queue.html",
        kind=kind,
        titles=QUEUE_TITLES,
        counts=evidence_review.pending_counts(),
        page=RowPage(evidence_review.pending(kind, q)),
        q=q,
        args=list_args(),
        action_form=ActionForm(),
        here=current_path(),
        today=local_today(),
    )


def _queue_endpoint(kind: str) -> str:
    return url_for("coordinator.evidence_queue", kind=kind)


def _already_decided(status: str) -> str:
    """What a coordinator is told when the record was decided (or withdrawn) before."""
    if status == ReviewStatus.APPROVED:
        return _("This is already approved; there is nothing to decide.")
    if status == ReviewStatus.REJECTED:
        return _("This is already rejected; there is nothing to decide.")
    return _("This was withdrawn; there is nothing to decide.")


def _reject_page(kind: str, record: Any, reject: Any, done: str):  # type: ignore[no-untyped-def]
    if record.status != ReviewStatus.PENDING:
        flash(_already_decided(record.status), "warning")
        return redirect(_queue_endpoint(kind), 303)
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
            return redirect(_queue_endpoint(kind), 303)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(_queue_endpoint(kind), 303)
    return render_template(
        "coordinator/evidence_reject.html", form=form, kind=kind, record=record
    ), (400 if form.errors else 200)


# --- supervision ---------------------------------------------------------------------------


@bp.post("/evidence/supervision/<int:record_id>/approve")
def approve_supervision(record_id: int):  # type: ignore[no-untyped-def]
    return _decide(
        "coordinator.evidence",
        lambda: evidence_review.approve_supervision(record_id, current_user),
        _("That supervision session does not exist."),
        lambda r: nhours(
            "Approved %(hours)s hour of supervision of %(name)s.",
            "Approved %(hours)s hours of supervision of %(name)s.",
            r.minutes,
            name=r.trainee.display_name,
        ),
        _("You had already approved this session."),
    )


@bp.route("/evidence/supervision/<int:record_id>/reject", methods=["GET", "POST"])
def reject_supervision(record_id: int):  # type: ignore[no-untyped-def]
    record = db.get_or_404(SupervisionRecord, record_id)
    return _reject_page(
        "supervision",
        record,
        lambda reason: evidence_review.reject_supervision(record.id, current_user, reason),
        _(
            "Rejected the session of %(name)s; they see your reason.",
            name=record.trainee.display_name,
        ),
    )


# --- documents -----------------------------------------------------------------------------


@bp.route("/evidence/documents/<int:document_id>/accept", methods=["GET", "POST"])
def accept_document(document_id: int):  # type: ignore[no-untyped-def]
    document = db.get_or_404(Document, document_id)
    if document.status != ReviewStatus.PENDING:
        flash(_already_decided(document.status), "warning")
        return redirect(_queue_endpoint("documents"), 303)
    form = AcceptDocumentForm()
    if form.validate_on_submit():
        try:
            decision = evidence_review.accept_document(
                document.id, current_user, form.expires_on.data
            )
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except (ConflictError, NotFoundError) as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return redirect(_queue_endpoint("documents"), 303)
        else:
            db.session.commit()
            if decision.changed:
                flash(
                    _(
                        "Accepted %(document)s of %(name)s.",
                        document=document.document_type.name,
                        name=document.trainee.display_name,
                    ),
                    "success",
                )
            else:
                flash(_("You had already accepted this document."), "info")
            return redirect(_queue_endpoint("documents"), 303)
    return render_template(
        "coordinator/document_accept.html",
        form=form,
        document=document,
        default_expiry=evidence_review.default_expiry(document),
    ), (400 if form.errors else 200)


@bp.route("/evidence/documents/<int:document_id>/reject", methods=["GET", "POST"])
def reject_document(document_id: int):  # type: ignore[no-untyped-def]
    document = db.get_or_404(Document, document_id)
    return _reject_page(
        "documents",
        document,
        lambda reason: evidence_review.reject_document(document.id, current_user, reason),
        _(
            "Rejected %(document)s of %(name)s; they see your reason and may upload another.",
            document=document.document_type.name,
            name=document.trainee.display_name,
        ),
    )


# --- training taken elsewhere --------------------------------------------------------------


@bp.post("/evidence/training/<int:training_id>/verify")
def verify_training(training_id: int):  # type: ignore[no-untyped-def]
    return _decide(
        "coordinator.evidence",
        lambda: evidence_review.verify_training(training_id, current_user),
        _("That training report does not exist."),
        lambda r: nhours(
            "Verified %(hours)s hour of training of %(name)s.",
            "Verified %(hours)s hours of training of %(name)s.",
            r.minutes,
            name=r.trainee.display_name,
        ),
        _("You had already verified this training."),
    )


@bp.route("/evidence/training/<int:training_id>/reject", methods=["GET", "POST"])
def reject_training(training_id: int):  # type: ignore[no-untyped-def]
    training = db.get_or_404(ExternalTraining, training_id)
    return _reject_page(
        "training",
        training,
        lambda reason: evidence_review.reject_training(training.id, current_user, reason),
        _(
            "Rejected the training of %(name)s; they see your reason.",
            name=training.trainee.display_name,
        ),
    )


# --- files and exam results ----------------------------------------------------------------


@bp.get("/files/<int:file_id>")
def file(file_id: int):  # type: ignore[no-untyped-def]
    try:
        stored = uploads.visible_file(current_user, file_id)
    except NotFoundError:
        abort(404)
    return file_response(stored)


@bp.route("/trainees/<int:user_id>/exams", methods=["GET", "POST"])
def trainee_exams(user_id: int):  # type: ignore[no-untyped-def]
    trainee = db.get_or_404(User, user_id)
    if not trainee.is_trainee:
        abort(404)
    form = ExamResultForm()
    form.exam_id.choices = [SelectChoice("", _("Choose an exam"))] + [
        SelectChoice(
            str(e.id),
            _("%(title)s (pass mark %(mark)s)", title=e.title, mark=e.pass_mark)
            if e.pass_mark is not None
            else _("%(title)s (pass/fail)", title=e.title),
        )
        for e in exams.active_exams()
    ]
    if request.method == "GET":
        form.taken_on.data = local_today().isoformat()
        form.submission_key.data = new_key()
    elif form.validate_on_submit():
        try:
            result = exams.record_result(
                trainee,
                current_user,
                exam_id=form.exam_id.data,
                taken_on=form.taken_on.data,
                score=form.score.data,
                passed=form.passed.data,
                submission_key=form.submission_key.data,
            )
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            if result.created:
                flash(
                    _(
                        "Recorded: %(exam)s on %(date)s, %(outcome)s.",
                        exam=result.record.exam.title,
                        date=human_date(result.record.taken_on),
                        outcome=_("passed") if result.record.passed else _("not passed"),
                    ),
                    "success",
                )
            else:
                flash(_("That result was already recorded; it is stored once."), "info")
            return redirect(url_for("coordinator.trainee_exams", user_id=trainee.id), 303)
    return render_template(
        "coordinator/trainee_exams.html",
        trainee=trainee,
        form=form,
        results=exams.results_of(trainee.id),
    ), (400 if form.errors else 200)
