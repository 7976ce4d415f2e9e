"""Training: the module catalogue with the trainee's standing, and self-reports."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.forms import apply_errors, page_arg
from tracker.services import training as training_service
from tracker.services.dates import local_today
from tracker.services.errors import ServiceError, ValidationError
from tracker.trainee import bp
from tracker.trainee.forms import ReportModuleForm, new_submission_key


def _render(form: ReportModuleForm, status: int = 200):  # type: ignore[no-untyped-def]
    page = db.paginate(
        training_service.catalogue_query(include_archived_for=current_user.id),
        page=page_arg(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        error_out=False,
    )
    items = training_service.catalogue_items(current_user, list(page.items))
    reportable = training_service.reportable_modules(current_user)
    form.module_id.choices = [SelectChoice("", _("Choose a module"))] + [
        SelectChoice(str(m.id), f"{m.code} {m.title}") for m in reportable
    ]
    form.completed_on.render_kw = {"min": "2000-01-01", "max": local_today().isoformat()}
    return render_template(
        "trainee/training.html", form=form, page=page, items=items, reportable=reportable
    ), status


@bp.get("/training")
def training():  # type: ignore[no-untyped-def]
    form = ReportModuleForm()
    form.submission_key.data = new_submission_key()
    form.completed_on.data = local_today().isoformat()
    module = request.args.get("module", "")
    if module.isdigit():
        form.module_id.data = module
    return _render(form)


@bp.post("/training/report")
def report_module():  # type: ignore[no-untyped-def]
    form = ReportModuleForm()
    if form.validate_on_submit():
        if not form.submission_key.data:
            form.submission_key.data = new_submission_key()
        try:
            result = training_service.report_completion(
                current_user,
                module_id=form.module_id.data,
                completed_on=form.completed_on.data,
                submission_key=form.submission_key.data,
            )
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for("trainee.training"), 303)
        else:
            db.session.commit()
            completion = result.completion
            if result.created:
                flash(
                    _(
                        "Reported: %(code)s %(title)s, completed %(date)s. "
                        "A coordinator will verify it.",
                        code=completion.module.code,
                        title=completion.module.title,
                        date=human_date(completion.completed_on),
                    ),
                    "success",
                )
            else:
                flash(_("That report was already saved; it is stored once."), "info")
            return redirect(url_for("trainee.training"), 303)
    return _render(form, 400)
