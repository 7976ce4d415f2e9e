"""The module catalogue and training sessions (with the attendance checklist)."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from tracker.coordinator import bp
from tracker.coordinator.common import as_int, csrf_ok, list_args, module_choices, save
from tracker.coordinator.page_forms import (
    ModuleFilterForm,
    ModuleForm,
    SessionFilterForm,
    SessionForm,
    domain_choices,
    module_form,
)
from tracker.extensions import db
from tracker.forms import ActionForm, page_arg
from tracker.models import Domain, Module, TrainingSession
from tracker.services import catalogue, programs, vocabulary
from tracker.services.dates import local_today
from tracker.services.errors import ConflictError, ServiceError, ValidationError

# --- modules --------------------------------------------------------------------------------


@bp.get("/modules")
def modules():  # type: ignore[no-untyped-def]
    form = ModuleFilterForm(request.args)
    form.domain.choices = domain_choices(_("Any training domain"))
    valid = form.validate()
    query = catalogue.modules_query(
        status=(form.status.data or "active") if valid else "active",
        q=(form.q.data or "") if valid else "",
        domain_id=as_int(form.domain.data) if valid else None,
    )
    page = db.paginate(
        query, page=page_arg(), per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False
    )
    return render_template(
        "coordinator/modules.html",
        form=form,
        page=page,
        args=list_args(),
        action_form=ActionForm(),
    ), (200 if valid else 400)


def _module_fields(form: ModuleForm) -> dict[str, Any]:
    return {
        "code": form.code.data,
        "title": form.title.data,
        "description": form.description.data or "",
        "contact_hours": form.contact_hours.data,
        "pass_mark": form.pass_mark.data,
        "domain_hours": dict(form.domain_hours.data),  # type: ignore[attr-defined]
    }


def _domains_for(module: Module | None) -> list[tuple[int, str]]:
    """The active domains, and any archived one the module already counts in."""
    kept = {row.domain_id for row in module.domain_hours} if module is not None else set()
    return [
        (d.id, _("%(name)s (archived)", name=d.name) if d.is_archived else d.name)
        for d in vocabulary.rows(Domain, include_archived=True)
        if not d.is_archived or d.id in kept
    ]


@bp.route("/modules/new", methods=["GET", "POST"])
def module_new():  # type: ignore[no-untyped-def]
    form = module_form(
        _domains_for(None), formdata=request.form if request.method == "POST" else None
    )
    if form.validate_on_submit():
        module = save(form, lambda: catalogue.create_module(current_user, **_module_fields(form)))
        if module is not None:
            flash(_("Module %(code)s created.", code=module.code), "success")
            return redirect(url_for("coordinator.modules"), 303)
    return render_template("coordinator/module_form.html", form=form, module=None), (
        400 if form.errors else 200
    )


@bp.route("/modules/<int:module_id>/edit", methods=["GET", "POST"])
def module_edit(module_id: int):  # type: ignore[no-untyped-def]
    module = db.get_or_404(Module, module_id)
    domains = _domains_for(module)
    if request.method == "GET":
        form = module_form(
            domains,
            code=module.code,
            title=module.title,
            description=module.description,
            contact_hours=f"{module.contact_minutes / 60:g}",
            pass_mark="" if module.pass_mark is None else str(module.pass_mark),
            domain_hours={str(r.domain_id): f"{r.minutes / 60:g}" for r in module.domain_hours},
        )
    else:
        form = module_form(domains, formdata=request.form)
    if form.validate_on_submit():
        saved = save(
            form, lambda: catalogue.update_module(module, current_user, **_module_fields(form))
        )
        if saved is not None:
            flash(_("Module %(code)s saved.", code=module.code), "success")
            return redirect(url_for("coordinator.modules"), 303)
    return render_template("coordinator/module_form.html", form=form, module=module), (
        400 if form.errors else 200
    )


@bp.post("/modules/<int:module_id>/archive")
def module_archive(module_id: int):  # type: ignore[no-untyped-def]
    module = db.get_or_404(Module, module_id)
    if csrf_ok():
        changed = catalogue.archive_module(module, current_user)
        db.session.commit()
        flash(
            _("Module %(code)s archived. Completions of it still count.", code=module.code)
            if changed
            else _("Module %(code)s was already archived.", code=module.code),
            "success" if changed else "info",
        )
    return redirect(url_for("coordinator.modules"), 303)


@bp.post("/modules/<int:module_id>/restore")
def module_restore(module_id: int):  # type: ignore[no-untyped-def]
    module = db.get_or_404(Module, module_id)
    if csrf_ok():
        changed = catalogue.restore_module(module, current_user)
        db.session.commit()
        flash(
            _("Module %(code)s restored.", code=module.code)
            if changed
            else _("Module %(code)s was active.", code=module.code),
            "success" if changed else "info",
        )
    return redirect(url_for("coordinator.modules", status="archived"), 303)


# --- sessions -------------------------------------------------------------------------------


@bp.get("/sessions")
def sessions():  # type: ignore[no-untyped-def]
    form = SessionFilterForm(request.args)
    form.module.choices = module_choices(_("Any module"))
    valid = form.validate()
    query = catalogue.sessions_query(
        when=(form.when.data or "") if valid else "",
        module_id=as_int(form.module.data) if valid else None,
    )
    page = db.paginate(
        query, page=page_arg(), per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False
    )
    return render_template("coordinator/sessions.html", form=form, page=page, args=list_args()), (
        200 if valid else 400
    )


@bp.route("/sessions/new", methods=["GET", "POST"])
def session_new():  # type: ignore[no-untyped-def]
    form = SessionForm()
    form.module_id.choices = module_choices(_("Choose a module"))
    if request.method == "GET" and request.args.get("module"):
        form.module_id.data = request.args.get("module")
    if form.validate_on_submit():
        session = save(
            form,
            lambda: catalogue.create_session(
                current_user,
                module_id=form.module_id.data,
                held_on=form.held_on.data,
                location=form.location.data or "",
                notes=form.notes.data or "",
            ),
        )
        if session is not None:
            flash(_("Session scheduled."), "success")
            return redirect(url_for("coordinator.session_detail", session_id=session.id), 303)
    return render_template("coordinator/session_form.html", form=form), (
        400 if form.errors else 200
    )


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
def session_detail(session_id: int):  # type: ignore[no-untyped-def]
    session = db.get_or_404(TrainingSession, session_id)
    program_id = as_int(request.args.get("program"))
    action_form = ActionForm()
    errors: dict[str, list[str]] = {}
    ticked: set[int] = set()
    typed: dict[int, str] = {}
    status = 200
    if request.method == "POST":
        ticked = {i for i in (as_int(v) for v in request.form.getlist("attended")) if i}
        for key, value in request.form.items():
            if key.startswith("score-") and as_int(key[6:]) and value.strip():
                typed[int(key[6:])] = value
        if not action_form.validate_on_submit():
            flash(_("The form expired. Please try again."), "error")
            return redirect(url_for("coordinator.session_detail", session_id=session.id), 303)
        try:
            result = catalogue.record_attendance(session, sorted(ticked), current_user, typed)
        except ValidationError as exc:
            db.session.rollback()
            errors = exc.errors
            status = 400
        except ConflictError as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return redirect(url_for("coordinator.session_detail", session_id=session.id), 303)
        except ServiceError as exc:
            db.session.rollback()
            errors = {"attended": [exc.message]}
            status = 400
        else:
            db.session.commit()
            parts = []
            if result.completed:
                n = len(result.completed)
                parts.append(
                    ngettext(
                        "%(num)d trainee marked as attending: %(code)s is completed for them",
                        "%(num)d trainees marked as attending: %(code)s is completed for them",
                        n,
                        code=session.module.code,
                    )
                )
            if result.scored:
                n = len(result.scored)
                parts.append(ngettext("%(num)d score recorded", "%(num)d scores recorded", n))
            if not parts:
                parts.append(_("Nothing new to record"))
            flash(_("%(parts)s.", parts=_("; ").join(parts)), "success")
            return redirect(url_for("coordinator.session_detail", session_id=session.id), 303)
    completions = catalogue.session_completions(session)
    return render_template(
        "coordinator/session_detail.html",
        session=session,
        candidates=catalogue.attendance_candidates(session, program_id),
        completions=completions,
        ticked=ticked,
        typed=typed,
        errors=errors,
        action_form=action_form,
        program_id=program_id,
        program_options=programs.all_programs(),
        today_date=local_today(),
    ), status
