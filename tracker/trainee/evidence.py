"""The trainee's evidence: supervision sessions, documents, training taken
elsewhere and exam results, on one page; a form for each; withdrawing a
pending record; downloading one's own files.

Every record and file is looked up through the services' owner checks: another
trainee's id answers 404 and nothing changes.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.forms import ActionForm, apply_errors
from tracker.models import ProgramRequirement
from tracker.services import evidence, exams, uploads
from tracker.services.dates import local_today
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.trainee import bp
from tracker.trainee.forms import (
    DocumentForm,
    SupervisionForm,
    TrainingForm,
    new_submission_key,
)

WITHDRAWABLE = {"supervision", "document", "training"}


def file_response(stored: Any):  # type: ignore[no-untyped-def]
    """A stored file as a download: never shown inline, never cached, never sniffed."""
    response = current_app.response_class(stored.content, mimetype=stored.content_type)
    name = uploads.safe_filename(stored.filename, stored.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Length"] = str(stored.size_bytes)
    return response


def file_hint() -> str:
    return _("A PDF, JPEG or PNG file of at most %(mb)s MB.", mb=uploads.max_megabytes())


def _overview_anchor(kind: str) -> str:
    return (
        url_for("trainee.evidence")
        + "#"
        + {
            "supervision": "supervision",
            "document": "documents",
            "training": "training",
        }.get(kind, "")
    )


@bp.get("/evidence", endpoint="evidence")
def evidence_overview():  # type: ignore[no-untyped-def]
    return render_template(
        "trainee/evidence.html",
        supervision=evidence.supervision_of(current_user.id),
        slots=evidence.document_slots(current_user),
        trainings=evidence.trainings_of(current_user.id),
        results=exams.results_of(current_user.id),
        today=local_today(),
    )


def _submitted(result: Any, saved: str) -> Any:
    db.session.commit()
    if result.created:
        flash(saved, "success")
    else:
        flash(_("That was already saved; it is stored once."), "info")
    return None


@bp.route("/evidence/supervision/new", methods=["GET", "POST"])
def new_supervision():  # type: ignore[no-untyped-def]
    form = SupervisionForm()
    if request.method == "GET":
        form.held_on.data = local_today().isoformat()
        form.submission_key.data = new_submission_key()
    elif form.validate_on_submit():
        try:
            result = evidence.log_supervision(
                current_user, submission_key=form.submission_key.data, **form.values()
            )
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(_overview_anchor("supervision"), 303)
        else:
            _submitted(
                result,
                _(
                    "Saved: supervision on %(date)s. A coordinator will review it.",
                    date=human_date(result.record.held_on),
                ),
            )
            return redirect(_overview_anchor("supervision"), 303)
    form.held_on.render_kw = {"min": "2000-01-01", "max": local_today().isoformat()}
    return render_template("trainee/supervision_form.html", form=form), (
        400 if form.errors else 200
    )


@bp.route("/evidence/documents/<int:type_id>/upload", methods=["GET", "POST"])
def upload_document(type_id: int):  # type: ignore[no-untyped-def]
    try:
        document_type = evidence.document_type_for(current_user, type_id)
    except NotFoundError:
        abort(404)
    form = DocumentForm()
    if request.method == "GET":
        form.dated_on.data = local_today().isoformat()
        form.submission_key.data = new_submission_key()
    elif form.validate_on_submit():
        try:
            result = evidence.upload_document(
                current_user,
                document_type.id,
                dated_on=form.dated_on.data,
                file=request.files.get("file"),
                notes=form.notes.data,
                submission_key=form.submission_key.data,
            )
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return redirect(_overview_anchor("document"), 303)
        else:
            _submitted(
                result,
                _(
                    "Uploaded: %(document)s. A coordinator will review it.",
                    document=document_type.name,
                ),
            )
            return redirect(_overview_anchor("document"), 303)
    form.dated_on.render_kw = {"min": "2000-01-01", "max": local_today().isoformat()}
    needed = evidence.requested_types(current_user).get(document_type.id, 1)
    return render_template(
        "trainee/document_form.html",
        form=form,
        document_type=document_type,
        file_hint=file_hint(),
        can_upload=evidence.standing_documents(current_user.id, document_type.id) < needed,
    ), (400 if form.errors else 200)


def _domain_values() -> dict[int, Any]:
    values = {}
    for domain in evidence.active_domains():
        raw = request.form.get(evidence.domain_field(domain), "")
        if raw.strip():
            values[domain.id] = raw
    return values


@bp.route("/evidence/training/new", methods=["GET", "POST"])
def new_training():  # type: ignore[no-untyped-def]
    form = TrainingForm()
    domain_errors: dict[str, list[str]] = {}
    if request.method == "GET":
        form.completed_on.data = local_today().isoformat()
        form.submission_key.data = new_submission_key()
    elif form.validate_on_submit():
        try:
            result = evidence.report_training(
                current_user,
                provider=form.provider.data,
                title=form.title.data,
                completed_on=form.completed_on.data,
                hours=form.hours.data,
                domain_hours=_domain_values(),
                notes=form.notes.data,
                file=request.files.get("file"),
                submission_key=form.submission_key.data,
            )
        except ValidationError as exc:
            db.session.rollback()
            domain_errors = {k: v for k, v in exc.errors.items() if k.startswith("domain")}
            apply_errors(
                form,
                ValidationError({k: v for k, v in exc.errors.items() if k not in domain_errors}),
            )
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(_overview_anchor("training"), 303)
        else:
            _submitted(
                result,
                _(
                    "Sent: %(title)s. A coordinator will verify it.",
                    title=result.record.title,
                ),
            )
            return redirect(_overview_anchor("training"), 303)
    form.completed_on.render_kw = {"min": "2000-01-01", "max": local_today().isoformat()}
    return render_template(
        "trainee/training_form.html",
        form=form,
        domains=evidence.active_domains(),
        domain_values=request.form if request.method == "POST" else {},
        domain_errors=domain_errors,
        file_hint=file_hint(),
    ), (400 if form.errors or domain_errors else 200)


@bp.route("/evidence/<kind>/<int:record_id>/withdraw", methods=["GET", "POST"])
def withdraw_evidence(kind: str, record_id: int):  # type: ignore[no-untyped-def]
    if kind not in WITHDRAWABLE:
        abort(404)
    try:
        record = evidence.own_record(current_user, kind, record_id)
    except NotFoundError:
        abort(404)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(_("The form expired. Please try again."), "error")
            return redirect(request.path, 303)
        try:
            evidence.withdraw(current_user, kind, record.id)
        except ConflictError as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return redirect(_overview_anchor(kind), 303)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(_overview_anchor(kind), 303)
        db.session.commit()
        flash(_("Withdrawn: it stays in your history and no longer counts."), "success")
        return redirect(_overview_anchor(kind), 303)
    if record.status != "pending":
        flash(evidence.locked_message(record), "warning")
        return redirect(_overview_anchor(kind), 303)
    return render_template("trainee/evidence_withdraw.html", record=record, kind=kind, form=form)


@bp.get("/files/<int:file_id>")
def file(file_id: int):  # type: ignore[no-untyped-def]
    try:
        stored = uploads.visible_file(current_user, file_id)
    except NotFoundError:
        abort(404)
    return file_response(stored)


def requirement_links(program_ids: list[int]) -> dict[int, dict[str, tuple[str, str]]]:
    """For each requirement of these programs that evidence meets, where to give it:
    ``{program id: {key: (url, link text)}}``, for the dashboard's requirement lines.
    Two queries whatever the number of programs."""
    every: dict[int, dict[str, tuple[str, str]]] = {pid: {} for pid in program_ids}
    if not program_ids:
        return every
    rows = db.session.scalars(
        select(ProgramRequirement).where(ProgramRequirement.program_id.in_(program_ids))
    ).all()
    requested = evidence.requested_types(current_user)
    for row in rows:
        links = every[row.program_id]
        if row.kind == "supervision_hours":
            links[row.key] = (
                url_for("trainee.new_supervision"),
                _("Log a supervision session"),
            )
        elif row.kind == "training_hours":
            links[row.key] = (
                url_for("trainee.new_training"),
                _("Report training taken elsewhere"),
            )
        elif row.kind == "exam":
            links[row.key] = (url_for("trainee.evidence") + "#exams", _("See your exam results"))
        elif row.kind == "documents":
            type_id = int((row.settings or {}).get("document_type_id", 0))
            if type_id in requested:
                links[row.key] = (
                    url_for("trainee.upload_document", type_id=type_id),
                    _("Upload the document"),
                )
        elif row.kind == "alternatives" and evidence._requirement_documents(row):
            links[row.key] = (
                url_for("trainee.evidence") + "#documents",
                _("Upload your documents"),
            )
    return every
