"""Trainees: the list, a trainee's page (eligibility, hours, completions,
certifications), enrolment, issuing, recording results, and CSV import."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from tracker.coordinator import bp
from tracker.coordinator.common import as_int, csrf_ok, list_args, new_key, program_choices
from tracker.coordinator.page_forms import (
    EnrolForm,
    ImportConfirmForm,
    ImportForm,
    OverrideForm,
    ResultForm,
    TraineeFilterForm,
    choices,
)
from tracker.coordinator.paging import RowPage
from tracker.extensions import db
from tracker.forms import ActionForm, apply_errors
from tracker.models import Program, Role, User
from tracker.services import (
    catalogue,
    decisions,
    mail,
    programs,
    progress,
    supervisors,
    trainees,
)
from tracker.services.certifications import NotEligibleError, held_by_program
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate_renewal
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.services.requirements import Refs


@bp.get("/trainees", endpoint="trainees")
def trainees_page():  # type: ignore[no-untyped-def]
    form = TraineeFilterForm(request.args)
    form.program.choices = program_choices(_("Any program"))
    form.status.choices = choices([("", _("Any status")), *trainees.STATUSES.items()])
    form.sort.choices = choices(trainees.SORTS.items())
    valid = form.validate()
    filters = trainees.TraineeFilters()
    if valid:
        filters = trainees.TraineeFilters(
            q=form.q.data or "",
            program_id=as_int(form.program.data),
            status=form.status.data or "",
            sort=form.sort.data or "name",
        )
    page = RowPage(trainees.search(filters))
    return render_template("coordinator/trainees.html", form=form, page=page, args=list_args()), (
        200 if valid else 400
    )


def _trainee(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    if user.role != Role.TRAINEE:
        abort(404)
    return user


def _program(program_id: int) -> Program:
    return db.get_or_404(Program, program_id)


def render_detail(
    trainee: User,
    status: int = 200,
    *,
    issue_forms: dict[int, OverrideForm] | None = None,
    enrol_form: EnrolForm | None = None,
    result_form: ResultForm | None = None,
) -> Any:
    today = local_today()
    views = []
    every_enrolment = programs.enrolments_of(trainee)
    enrolments = [e for e in every_enrolment if e.withdrawn_at is None]
    verdicts = progress.eligibility(trainee.id, [e.program for e in enrolments], today)
    held_now = held_by_program(trainee.id, today)
    refs = Refs()  # the catalogue, read once for every renewal on the page
    for enrolment in enrolments:
        program = enrolment.program
        certification = held_now.get(program.id)
        form = (issue_forms or {}).get(program.id) or OverrideForm(prefix=f"issue-{program.id}")
        views.append(
            {
                "enrolment": enrolment,
                "program": program,
                "eligibility": verdicts[program.id],
                "held": certification,
                "renewal": evaluate_renewal(certification, today, refs) if certification else None,
                "form": form,
            }
        )
    enrolled_ids = {v["program"].id for v in views}
    if enrol_form is None:
        enrol_form = EnrolForm()
    enrol_form.program_id.choices = choices(
        [("", _("Choose a program"))]
        + [
            (p.id, p.name)
            for p in programs.all_programs()
            if p.id not in enrolled_ids and not p.is_archived
        ]
    )
    if result_form is None:
        result_form = ResultForm(formdata=None, submission_key=new_key(), completed_on=today)
    result_form.module_id.choices = _module_choices()
    return render_template(
        "coordinator/trainee_detail.html",
        trainee=trainee,
        views=views,
        enrol_form=enrol_form,
        result_form=result_form,
        action_form=ActionForm(),
        totals=trainees.hour_totals(trainee),
        hours=trainees.recent_hours(trainee),
        completions=trainees.completions(trainee),
        certifications=trainees.certifications_of(trainee),
        withdrawn=[e for e in every_enrolment if e.withdrawn_at is not None],
        supervisors=supervisors.supervisors_of(trainee.id),
        supervisor_choices=supervisors.active_supervisors(),
    ), status


def _module_choices() -> list[Any]:
    return choices(
        [("", _("Choose a module"))]
        + [
            (
                m.id,
                _(
                    "%(code)s %(title)s (pass mark %(mark)s)",
                    code=m.code,
                    title=m.title,
                    mark=m.pass_mark,
                )
                if m.pass_mark
                else f"{m.code} {m.title}",
            )
            for m in catalogue.active_modules()
        ]
    )


def _to_trainee(trainee: User, message: str, category: str):  # type: ignore[no-untyped-def]
    """Back to the trainee's page, with a message."""
    flash(message, category)
    return redirect(url_for("coordinator.trainee_detail", user_id=trainee.id), 303)


@bp.get("/trainees/<int:user_id>")
def trainee_detail(user_id: int):  # type: ignore[no-untyped-def]
    return render_detail(_trainee(user_id))


@bp.post("/trainees/<int:user_id>/supervisors", endpoint="assign_supervisor")
def assign_supervisor(user_id: int):  # type: ignore[no-untyped-def]
    trainee = _trainee(user_id)
    if not csrf_ok():
        return redirect(url_for("coordinator.trainee_detail", user_id=trainee.id), 303)
    try:
        changed = supervisors.assign(request.form.get("supervisor_id"), trainee, current_user)
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(
            _("Supervisor assigned.") if changed else _("That supervisor was already assigned."),
            "success" if changed else "info",
        )
    return redirect(url_for("coordinator.trainee_detail", user_id=trainee.id), 303)


@bp.post(
    "/trainees/<int:user_id>/supervisors/<int:supervisor_id>/remove",
    endpoint="unassign_supervisor",
)
def unassign_supervisor(user_id: int, supervisor_id: int):  # type: ignore[no-untyped-def]
    trainee = _trainee(user_id)
    if not csrf_ok():
        return redirect(url_for("coordinator.trainee_detail", user_id=trainee.id), 303)
    changed = supervisors.unassign(supervisor_id, trainee, current_user)
    db.session.commit()
    flash(
        _("Supervisor removed.") if changed else _("That supervisor was not assigned."),
        "success" if changed else "info",
    )
    return redirect(url_for("coordinator.trainee_detail", user_id=trainee.id), 303)


@bp.post("/trainees/<int:user_id>/enrol")
def enrol(user_id: int):  # type: ignore[no-untyped-def]
    trainee = _trainee(user_id)
    form = EnrolForm()
    form.program_id.choices = program_choices(_("Choose a program"))
    if not form.validate_on_submit():
        return render_detail(trainee, 400, enrol_form=form)
    program = db.session.get(Program, as_int(form.program_id.data) or 0)
    if program is None:
        form.program_id.errors = [_("Choose a program.")]
        return render_detail(trainee, 400, enrol_form=form)
    try:
        _enrolment, changed = programs.enrol(trainee, program, current_user)
    except (ServiceError, IntegrityError) as exc:
        db.session.rollback()
        form.program_id.errors = [getattr(exc, "message", _("Please try again."))]
        return render_detail(trainee, 400, enrol_form=form)
    db.session.commit()
    if changed:
        return _to_trainee(
            trainee,
            _(
                "%(name)s is enrolled in %(program)s.",
                name=trainee.display_name,
                program=program.name,
            ),
            "success",
        )
    return _to_trainee(
        trainee,
        _(
            "%(name)s was already enrolled in %(program)s.",
            name=trainee.display_name,
            program=program.name,
        ),
        "info",
    )


def render_decision(summary: decisions.Summary, **context: Any) -> Any:
    """A lasting decision's summary with its one confirmation form (changes nothing)."""
    # Whatever reading the summary took, nothing of it is kept.
    db.session.rollback()
    context.setdefault("hidden", [])
    context.setdefault("danger", False)
    return render_template("coordinator/confirm_decision.html", summary=summary, **context)


@bp.route("/trainees/<int:user_id>/programs/<int:program_id>/withdraw", methods=["GET", "POST"])
def withdraw(user_id: int, program_id: int):  # type: ignore[no-untyped-def]
    """What withdrawing would do; the confirmation posts to :func:`confirm_withdraw`."""
    trainee = _trainee(user_id)
    program = _program(program_id)
    try:
        summary = decisions.withdraw_summary(trainee, program)
    except NotFoundError:
        abort(404)
    except ServiceError as exc:
        db.session.rollback()
        return _to_trainee(trainee, exc.message, "info")
    return render_decision(
        summary,
        action=url_for("coordinator.confirm_withdraw", user_id=trainee.id, program_id=program.id),
        back=url_for("coordinator.trainee_detail", user_id=trainee.id),
        button=_("Withdraw from %(program)s", program=program.name),
        danger=True,
    )


@bp.post("/trainees/<int:user_id>/programs/<int:program_id>/withdraw/confirm")
def confirm_withdraw(user_id: int, program_id: int):  # type: ignore[no-untyped-def]
    trainee = _trainee(user_id)
    program = _program(program_id)
    if csrf_ok():
        try:
            changed = programs.withdraw(trainee, program, current_user)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            if changed:
                flash(
                    _(
                        "%(name)s is withdrawn from %(program)s. Their hours, training and "
                        "certifications stay.",
                        name=trainee.display_name,
                        program=program.name,
                    ),
                    "success",
                )
            else:
                flash(
                    _(
                        "%(name)s was already withdrawn from %(program)s. Nothing was changed.",
                        name=trainee.display_name,
                        program=program.name,
                    ),
                    "info",
                )
    return redirect(url_for("coordinator.trainee_detail", user_id=trainee.id), 303)


def _issue_refused(trainee: User, program: Program, form: OverrideForm, exc: ServiceError):  # type: ignore[no-untyped-def]
    """The trainee's page with the reason issuing was refused next to the field, or a message."""
    db.session.rollback()
    if isinstance(exc, NotEligibleError):
        form.override_reason.errors = [
            _("Not every rule is met. To issue anyway, write the reason for the override.")
        ]
        return render_detail(trainee, 400, issue_forms={program.id: form})
    if isinstance(exc, ValidationError):
        apply_errors(form, exc)
        return render_detail(trainee, 400, issue_forms={program.id: form})
    # A ConflictError too: someone issued it first.
    return _to_trainee(trainee, exc.message, "warning")


@bp.route("/trainees/<int:user_id>/programs/<int:program_id>/issue", methods=["GET", "POST"])
def issue_certification(user_id: int, program_id: int):  # type: ignore[no-untyped-def]
    """What issuing would do (the trainee page's form posts here); changes nothing.  The
    confirmation posts to :func:`confirm_issue`."""
    trainee = _trainee(user_id)
    program = _program(program_id)
    form = OverrideForm(prefix=f"issue-{program.id}")
    if request.method == "POST" and not form.validate_on_submit():
        return render_detail(trainee, 400, issue_forms={program.id: form})
    reason = form.override_reason.data if request.method == "POST" else None
    try:
        summary = decisions.issue_summary(trainee, program, reason)
    except ServiceError as exc:
        return _issue_refused(trainee, program, form, exc)
    return render_decision(
        summary,
        action=url_for("coordinator.confirm_issue", user_id=trainee.id, program_id=program.id),
        back=url_for("coordinator.trainee_detail", user_id=trainee.id),
        button=_("Issue the certificate"),
        hidden=[(form.override_reason.name, summary.facts["override_reason"] or "")],
    )


@bp.post("/trainees/<int:user_id>/programs/<int:program_id>/issue/confirm")
def confirm_issue(user_id: int, program_id: int):  # type: ignore[no-untyped-def]
    """Issue, once confirmed.  A second confirmation (a double click, or another
    coordinator) finds the certificate held and is told so."""
    trainee = _trainee(user_id)
    program = _program(program_id)
    form = OverrideForm(prefix=f"issue-{program.id}")
    if not form.validate_on_submit():
        return render_detail(trainee, 400, issue_forms={program.id: form})
    try:
        certification = programs.issue_to_enrolled(
            trainee, program, current_user, override_reason=form.override_reason.data
        )
    except ServiceError as exc:
        return _issue_refused(trainee, program, form, exc)
    db.session.commit()
    message = _(
        "Issued certification %(number)s to %(name)s.",
        number=certification.number,
        name=trainee.display_name,
    )
    if certification.override_reason:
        message += " " + _("The override and its reason are in the audit log.")
    flash(message, "success")
    return redirect(url_for("coordinator.certification_detail", cert_id=certification.id), 303)


@bp.post("/trainees/<int:user_id>/results")
def record_result(user_id: int):  # type: ignore[no-untyped-def]
    trainee = _trainee(user_id)
    form = ResultForm()
    form.module_id.choices = _module_choices()
    if not form.validate_on_submit():
        return render_detail(trainee, 400, result_form=form)
    try:
        completion = catalogue.record_result(
            current_user,
            trainee,
            module_id=form.module_id.data,
            completed_on=form.completed_on.data,
            score=form.score.data,
            submission_key=form.submission_key.data,
        )
    except ValidationError as exc:
        db.session.rollback()
        apply_errors(form, exc)
        return render_detail(trainee, 400, result_form=form)
    except ConflictError as exc:
        db.session.rollback()
        return _to_trainee(trainee, exc.message, "info")
    db.session.commit()
    return _to_trainee(
        trainee,
        _(
            "Recorded %(code)s for %(name)s.",
            code=completion.module.code,
            name=trainee.display_name,
        ),
        "success",
    )


# --- CSV import ---------------------------------------------------------------------------------


@bp.route("/trainees/import", methods=["GET", "POST"])
def import_trainees():  # type: ignore[no-untyped-def]
    form = ImportForm()
    preview = None
    confirm = None
    if form.validate_on_submit():
        text = ""
        upload = form.file.data
        try:
            if upload is not None and getattr(upload, "filename", ""):
                text = trainees.decode_upload(upload.read())
            else:
                text = form.text.data or ""
            if not text.strip():
                raise ValidationError(_("Choose a CSV file, or paste the rows."), "file")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            preview = trainees.preview_import(text)
            if preview.ok:
                # Filled from the file, never from the posted form: its "text" field is
                # the paste box, empty when a file was uploaded.
                confirm = ImportConfirmForm(formdata=None, text=text)
    status = 400 if form.errors or (preview is not None and not preview.ok) else 200
    return render_template(
        "coordinator/import.html", form=form, preview=preview, confirm=confirm
    ), status


@bp.post("/trainees/import/confirm")
def import_confirm():  # type: ignore[no-untyped-def]
    confirm = ImportConfirmForm()
    if not confirm.validate_on_submit():
        flash(_("The form expired. Please check the file again."), "error")
        return redirect(url_for("coordinator.import_trainees"), 303)
    text = confirm.text.data or ""
    try:
        imported = trainees.import_trainees(text, current_user)
        db.session.commit()
    except ValidationError:
        db.session.rollback()
        preview = trainees.preview_import(text)
        flash(
            _("Nothing was imported: the file has problems now (was it imported already?)."),
            "warning",
        )
        return render_template(
            "coordinator/import.html", form=ImportForm(), preview=preview, confirm=None
        ), 409
    except IntegrityError:
        db.session.rollback()
        flash(
            _(
                "Nothing was imported: some of these accounts were created at the same moment. "
                "Check the file again."
            ),
            "warning",
        )
        return redirect(url_for("coordinator.import_trainees"), 303)
    links = []
    for item in imported:
        link = url_for("auth.accept_invitation", token=item.token, _external=True)
        mailed = mail.mail_configured()
        links.append({"user": item.user, "link": link, "mailed": mailed, "programs": item.programs})
    flash(
        ngettext("Imported %(num)d trainee.", "Imported %(num)d trainees.", len(imported)),
        "success",
    )
    return render_template("coordinator/imported.html", links=links)
