"""Programs and their rules, and the code of ethics."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from tracker.coordinator import bp
from tracker.coordinator.common import apply_nested_errors, as_int, csrf_ok, save
from tracker.coordinator.page_forms import EthicsForm, ProgramForm, choices
from tracker.extensions import db
from tracker.forms import ActionForm
from tracker.models import EthicsAcknowledgement, EthicsVersion, Module, Program
from tracker.services import ethics, programs
from tracker.services.accounts import clean_text
from tracker.services.eligibility import describe_hour_rule


@bp.get("/programs", endpoint="programs")
def programs_page():  # type: ignore[no-untyped-def]
    show_archived = request.args.get("archived") == "1"
    items = db.session.scalars(programs.programs_query(include_archived=show_archived)).all()
    return render_template(
        "coordinator/programs.html",
        programs=items,
        counts=programs.program_counts(),
        show_archived=show_archived,
        action_form=ActionForm(),
        describe_rule=describe_hour_rule,
    )


def _module_choices(program: Program | None) -> list[Any]:
    kept = {m.id for m in program.required_modules} if program is not None else set()
    modules = db.session.scalars(
        select(Module)
        .where(Module.archived_at.is_(None) | Module.id.in_(kept))
        .order_by(Module.code)
    ).all()
    return choices(
        (m.id, f"{m.code} {m.title}" + (" (archived)" if m.is_archived else "")) for m in modules
    )


def _fill(form: ProgramForm, program: Program) -> None:
    form.code.data = program.code
    form.name.data = program.name
    form.loaded_at.data = program.updated_at.isoformat()
    form.description.data = program.description
    form.requires_ethics.data = program.requires_ethics
    form.validity_months.data = str(program.validity_months)
    form.renewal_window_days.data = str(program.renewal_window_days)
    form.grace_days.data = str(program.grace_days)
    form.renewal_ce_hours.data = f"{program.renewal_ce_minutes / 60:g}"
    form.renewal_category.data = program.renewal_category or ""
    form.renewal_category_hours.data = (
        f"{program.renewal_category_minutes / 60:g}" if program.renewal_category_minutes else ""
    )
    form.module_ids.data = [str(m.id) for m in program.required_modules]
    while form.hour_rules.entries:
        form.hour_rules.pop_entry()
    for rule in program.hour_rules:
        form.hour_rules.append_entry(
            {
                "id": str(rule.id),
                "label": rule.label,
                "min_hours": f"{rule.min_minutes / 60:g}",
                "activities": list(rule.activities or []),
                "supervised_only": rule.supervised_only,
                "window_months": "" if rule.window_months is None else str(rule.window_months),
            }
        )
    form.hour_rules.append_entry()


def _fields(form: ProgramForm) -> dict[str, Any]:
    rules = []
    for entry in form.hour_rules.entries:
        sub = entry.form
        if sub.remove.data:
            rules.append(programs.HourRuleInput())  # blank: left out
            continue
        rules.append(
            programs.HourRuleInput(
                # An id that is no row id at all (tampered with) is refused as a foreign rule.
                id=as_int(sub.id.data) or -1 if (sub.id.data or "").strip() else None,
                label=sub.label.data or "",
                min_hours=sub.min_hours.data,
                activities=list(sub.activities.data or []),
                supervised_only=bool(sub.supervised_only.data),
                window_months=sub.window_months.data,
            )
        )
    return {
        "code": form.code.data,
        "name": form.name.data,
        "description": form.description.data or "",
        "requires_ethics": bool(form.requires_ethics.data),
        "validity_months": form.validity_months.data,
        "renewal_window_days": form.renewal_window_days.data,
        "grace_days": form.grace_days.data,
        "renewal_ce_hours": form.renewal_ce_hours.data,
        "renewal_category": form.renewal_category.data or None,
        "renewal_category_hours": form.renewal_category_hours.data or "0",
        "module_ids": list(form.module_ids.data or []),
        "hour_rules": rules,
    }


def _program_form(program: Program | None):  # type: ignore[no-untyped-def]
    form = ProgramForm()
    form.module_ids.choices = _module_choices(program)
    if request.method == "GET":
        if program is not None:
            _fill(form, program)
        else:
            form.requires_ethics.data = True
            form.validity_months.data = "24"
            form.renewal_window_days.data = "60"
            form.grace_days.data = "0"
            form.renewal_ce_hours.data = "0"
        return form, None
    if "add_rule" in request.form:
        if len(form.hour_rules.entries) < 12:
            form.hour_rules.append_entry()
        return form, None
    if not form.validate_on_submit():
        return form, None
    return form, _fields(form)


@bp.route("/programs/new", methods=["GET", "POST"])
def program_new():  # type: ignore[no-untyped-def]
    form, fields = _program_form(None)
    if fields is not None:
        program = save(
            form, lambda: programs.create_program(current_user, **fields), apply_nested_errors
        )
        if program is not None:
            flash(f"Program {program.name} created.", "success")
            return redirect(url_for("coordinator.programs"), 303)
    return _render_form(form, None)


@bp.route("/programs/<int:program_id>/edit", methods=["GET", "POST"])
def program_edit(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    form, fields = _program_form(program)
    if fields is not None:
        saved = save(
            form,
            lambda: programs.update_program(
                program, current_user, expected_updated_at=_loaded_at(form), **fields
            ),
            apply_nested_errors,
        )
        if saved is not None:
            flash(
                f"Program {program.name} saved. Certifications already issued keep the rules "
                "they were issued under.",
                "success",
            )
            return redirect(url_for("coordinator.programs"), 303)
    return _render_form(form, program)


def _loaded_at(form: ProgramForm) -> datetime | None:
    """When the page being saved was loaded; None (no check) when the field is missing or odd."""
    try:
        loaded = datetime.fromisoformat((form.loaded_at.data or "").strip())
    except ValueError:
        return None
    return loaded if loaded.tzinfo is not None else None


def _has_errors(form: ProgramForm) -> bool:
    if form.form_errors:
        return True
    for f in form:
        if f.type == "FieldList":
            # The list's own errors (a rule that is not this program's) are strings.
            if any(isinstance(e, str) for e in f.errors or []):
                return True
            if any(sub.errors for entry in f.entries for sub in entry.form):
                return True
        elif f.errors:
            return True
    return False


def _render_form(form: ProgramForm, program: Program | None):  # type: ignore[no-untyped-def]
    status = 400 if _has_errors(form) else 200
    return render_template("coordinator/program_form.html", form=form, program=program), status


@bp.post("/programs/<int:program_id>/archive")
def program_archive(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    if csrf_ok():
        changed = programs.archive_program(program, current_user)
        db.session.commit()
        if changed:
            flash(
                f"{program.name} archived: no new enrolments or certifications. "
                "Issued certifications stay valid.",
                "success",
            )
    return redirect(url_for("coordinator.programs"), 303)


@bp.post("/programs/<int:program_id>/restore")
def program_restore(program_id: int):  # type: ignore[no-untyped-def]
    program = db.get_or_404(Program, program_id)
    if csrf_ok():
        if programs.restore_program(program, current_user):
            flash(f"{program.name} restored.", "success")
        db.session.commit()
    return redirect(url_for("coordinator.programs"), 303)


# --- code of ethics ---------------------------------------------------------------------------


def _same_as_current(current: EthicsVersion | None, form: EthicsForm) -> bool:
    """A form posted twice (or unchanged) would publish the same text again."""
    return (
        current is not None
        and clean_text(form.title.data) == current.title
        and clean_text(form.body.data) == current.body
    )


@bp.route("/ethics", methods=["GET", "POST"], endpoint="ethics")
def ethics_page():  # type: ignore[no-untyped-def]
    form = EthicsForm()
    current = ethics.current_ethics_version()
    if request.method == "GET" and current is not None:
        form.title.data = current.title
        form.body.data = current.body
    if form.validate_on_submit() and _same_as_current(current, form):
        flash(
            f"This text is already the current version (version {current.version}); "
            "nothing was published.",
            "info",
        )
        return redirect(url_for("coordinator.ethics"), 303)
    if form.validate_on_submit():
        version = save(
            form, lambda: ethics.publish_version(current_user, form.title.data, form.body.data)
        )
        if version is not None:
            flash(
                f"Version {version.version} published. Trainees are asked to acknowledge it.",
                "success",
            )
            return redirect(url_for("coordinator.ethics"), 303)
    ack_counts = dict(
        db.session.execute(
            select(EthicsAcknowledgement.ethics_version_id, func.count()).group_by(
                EthicsAcknowledgement.ethics_version_id
            )
        ).all()
    )
    versions = db.session.scalars(
        select(EthicsVersion).order_by(EthicsVersion.version.desc()).limit(50)
    ).all()
    return render_template(
        "coordinator/ethics.html",
        form=form,
        current=current,
        versions=versions,
        ack_counts=ack_counts,
    ), (400 if form.errors else 200)
