"""The trainee's hours: list with filters, log, edit, withdraw, correct.

Every entry is looked up from ``policies.visible_hours``: another trainee's
entry is not in that query, so its id answers 404 and nothing changes.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker import policies
from tracker.extensions import db
from tracker.formatting import hours as fmt_hours
from tracker.formatting import human_date, nhours
from tracker.forms import ActionForm, apply_errors, page_arg
from tracker.models import HourEntry, HourStatus
from tracker.services import hours as hours_service
from tracker.services.dates import local_today
from tracker.services.errors import NotFoundError, ServiceError, ValidationError
from tracker.services.vocabulary import activity_names
from tracker.trainee import bp
from tracker.trainee.forms import HourEntryForm, HourFilterForm, new_submission_key


def _own(entry_id: int) -> HourEntry:
    return db.first_or_404(policies.visible_hours(current_user).where(HourEntry.id == entry_id))


def _form_page(form: HourEntryForm, mode: str, entry: HourEntry | None):  # type: ignore[no-untyped-def]
    """The entry form (new, correct or edit); 400 when it carries errors."""
    form.worked_on.render_kw = {"min": "2000-01-01", "max": local_today().isoformat()}
    return render_template("trainee/hour_form.html", form=form, mode=mode, entry=entry), (
        400 if form.errors else 200
    )


def _to_entry(entry_id: int, message: str, category: str):  # type: ignore[no-untyped-def]
    """Back to the entry's page, saying why nothing was changed."""
    flash(message, category)
    return redirect(url_for("trainee.hour_entry", entry_id=entry_id), 303)


def _fill(form: HourEntryForm, entry: HourEntry) -> None:
    form.worked_on.data = entry.worked_on.isoformat()
    form.hours.data = fmt_hours(entry.minutes)
    form.activity.data = entry.activity
    form.setting.data = entry.setting
    form.is_paid.data = "paid" if entry.is_paid else "volunteer"
    form.supervised.data = bool(entry.supervised)
    form.supervisor_name.data = entry.supervisor_name or ""
    form.notes.data = entry.notes or ""


def _saved_message(entry: HourEntry) -> str:
    return nhours(
        "Saved: %(hours)s hour on %(date)s. A coordinator will review it.",
        "Saved: %(hours)s hours on %(date)s. A coordinator will review them.",
        entry.minutes,
        date=human_date(entry.worked_on),
    )


@bp.get("/hours")
def hours():  # type: ignore[no-untyped-def]
    form = HourFilterForm(request.args)
    filters: dict[str, object] = {
        "status": form.status.data if form.status.data in set(HourStatus) else None,
        "activity": form.activity.data if form.activity.data in activity_names() else None,
    }
    for name in ("date_from", "date_to"):
        try:
            filters[name] = hours_service.parse_optional_date(getattr(form, name).data, name)
        except ValidationError as exc:
            apply_errors(form, exc)
            filters[name] = None
    query = hours_service.filter_entries(policies.visible_hours(current_user), **filters)  # type: ignore[arg-type]
    page = db.paginate(
        query, page=page_arg(), per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False
    )
    rejected = [e.id for e in page.items if e.status == HourStatus.REJECTED]
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "trainee/hours.html",
        form=form,
        page=page,
        args=args,
        totals=hours_service.status_totals(query),
        corrections=hours_service.corrected_ids(rejected),
        filtered=any(filters.values()),
    ), (400 if form.errors else 200)


@bp.get("/hours/<int:entry_id>")
def hour_entry(entry_id: int):  # type: ignore[no-untyped-def]
    entry = _own(entry_id)
    correction = (
        hours_service.correction_of(entry.id) if entry.status == HourStatus.REJECTED else None
    )
    original = (
        db.session.scalar(
            policies.visible_hours(current_user).where(HourEntry.id == entry.corrects_id)
        )
        if entry.corrects_id
        else None
    )
    return render_template(
        "trainee/hour_entry.html", entry=entry, correction=correction, original=original
    )


def _log(form: HourEntryForm, corrects: HourEntry | None):  # type: ignore[no-untyped-def]
    """Store the posted entry; on bad input, None (the errors are on the form)."""
    try:
        result = hours_service.log_entry(
            current_user,
            submission_key=form.submission_key.data,
            corrects_id=corrects.id if corrects else None,
            **form.values(),
        )
    except ValidationError as exc:
        db.session.rollback()
        apply_errors(form, exc)
        return None
    except NotFoundError:
        db.session.rollback()
        abort(404)
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("trainee.hours"), 303)
    db.session.commit()
    if result.created:
        flash(_saved_message(result.entry), "success")
    else:
        flash(_("That entry was already saved; it is stored once."), "info")
    return redirect(url_for("trainee.hours"), 303)


@bp.route("/hours/new", methods=["GET", "POST"])
def new_hours():  # type: ignore[no-untyped-def]
    form = HourEntryForm()
    if request.method == "GET":
        # "Repeat": the form filled from one of the trainee's earlier entries, dated today.
        repeat = request.args.get("repeat", "")
        earlier = (
            db.session.scalar(
                policies.visible_hours(current_user).where(HourEntry.id == int(repeat))
            )
            if repeat.isascii() and repeat.isdigit() and len(repeat) < 10
            else None
        )
        if earlier is not None:
            _fill(form, earlier)
        form.worked_on.data = local_today().isoformat()
        form.submission_key.data = new_submission_key()
    elif form.validate_on_submit():
        if not form.submission_key.data:
            form.submission_key.data = new_submission_key()
        response = _log(form, None)
        if response is not None:
            return response
    return _form_page(form, "new", None)


@bp.route("/hours/<int:entry_id>/correct", methods=["GET", "POST"])
def correct_hours(entry_id: int):  # type: ignore[no-untyped-def]
    original = _own(entry_id)
    try:
        hours_service.correctable(current_user, original.id)
    except ServiceError as exc:
        return _to_entry(original.id, exc.message, "warning")
    form = HourEntryForm()
    if request.method == "GET":
        _fill(form, original)
        form.submission_key.data = new_submission_key()
    elif form.validate_on_submit():
        response = _log(form, original)
        if response is not None:
            return response
    return _form_page(form, "correct", original)


@bp.route("/hours/<int:entry_id>/edit", methods=["GET", "POST"])
def edit_hours(entry_id: int):  # type: ignore[no-untyped-def]
    entry = _own(entry_id)
    if not policies.can_edit_hour_entry(current_user, entry):
        return _to_entry(entry.id, hours_service.locked_message(entry), "warning")
    form = HourEntryForm(keep_activity=entry.activity)
    if request.method == "GET":
        _fill(form, entry)
    elif form.validate_on_submit():
        try:
            hours_service.edit_entry(current_user, entry, **form.values())
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            return _to_entry(entry_id, exc.message, "error")
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("trainee.hours"), 303)
    return _form_page(form, "edit", entry)


@bp.route("/hours/<int:entry_id>/withdraw", methods=["GET", "POST"])
def withdraw_hours(entry_id: int):  # type: ignore[no-untyped-def]
    entry = _own(entry_id)
    if not policies.can_edit_hour_entry(current_user, entry):
        return _to_entry(entry.id, hours_service.locked_message(entry), "warning")
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(_("The form expired. Please try again."), "error")
            return redirect(url_for("trainee.withdraw_hours", entry_id=entry.id), 303)
        try:
            hours_service.withdraw_entry(current_user, entry)
        except ServiceError as exc:
            db.session.rollback()
            return _to_entry(entry.id, exc.message, "error")
        db.session.commit()
        flash(
            _(
                "Withdrawn: the entry of %(date)s no longer counts.",
                date=human_date(entry.worked_on),
            ),
            "success",
        )
        return redirect(url_for("trainee.hours"), 303)
    return render_template("trainee/hour_withdraw.html", entry=entry, form=form)
