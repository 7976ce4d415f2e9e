"""Import a program's history (past hours, completions, supervision, certifications)
from CSV: check every row first, then import all or nothing.  The rules live in
:mod:`tracker.services.history_import`."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from tracker.coordinator import bp
from tracker.extensions import db
from tracker.forms import PlainForm, apply_errors
from tracker.services import history_import
from tracker.services.errors import ValidationError
from tracker.services.trainees import decode_upload

TITLES = {
    "hours": lazy_gettext("Past hours"),
    "completions": lazy_gettext("Module completions"),
    "supervision": lazy_gettext("Supervision sessions"),
    "certifications": lazy_gettext("Certifications already issued"),
}


class HistoryForm(PlainForm):
    file = FileField(lazy_gettext("CSV file"))
    text = TextAreaField(
        lazy_gettext("Or paste the rows"),
        description=lazy_gettext("With the column names on the first line."),
        validators=[Optional(), Length(max=2_000_000)],
    )
    submit = SubmitField(lazy_gettext("Check the file"))


class HistoryConfirmForm(PlainForm):
    text = HiddenField()
    submit = SubmitField(lazy_gettext("Import the new rows"))


def _kind(kind: str) -> str:
    if kind not in history_import.KINDS:
        abort(404)
    return kind


@bp.route("/import-history", methods=["GET"], endpoint="import_history_kinds")
def import_history_kinds():  # type: ignore[no-untyped-def]
    return render_template(
        "coordinator/history_kinds.html", titles=TITLES, columns=history_import.COLUMNS
    )


@bp.route("/import-history/<kind>", methods=["GET", "POST"], endpoint="import_history")
def import_history(kind: str):  # type: ignore[no-untyped-def]
    kind = _kind(kind)
    form = HistoryForm()
    preview = None
    confirm = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if upload is not None and getattr(upload, "filename", ""):
                text = decode_upload(upload.read())
            else:
                text = form.text.data or ""
            if not text.strip():
                raise ValidationError(_("Choose a CSV file, or paste the rows."), "file")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            preview = history_import.preview(kind, text, current_user)
            db.session.rollback()  # checking reads only; nothing may stay in the session
            if preview.ok:
                confirm = HistoryConfirmForm(formdata=None, text=text)
    status = 400 if form.errors or (preview is not None and not preview.ok) else 200
    return render_template(
        "coordinator/history_import.html",
        kind=kind,
        title=TITLES[kind],
        columns=history_import.COLUMNS[kind],
        form=form,
        preview=preview,
        confirm=confirm,
    ), status


@bp.post("/import-history/<kind>/confirm", endpoint="import_history_confirm")
def import_history_confirm(kind: str):  # type: ignore[no-untyped-def]
    kind = _kind(kind)
    confirm = HistoryConfirmForm()
    if not confirm.validate_on_submit():
        flash(_("The form expired. Please check the file again."), "error")
        return redirect(url_for("coordinator.import_history", kind=kind), 303)
    try:
        result = history_import.import_history(kind, confirm.text.data or "", current_user)
    except ValidationError:
        db.session.rollback()
        flash(_("Nothing was imported: the file has problems now. Check it again."), "warning")
        return redirect(url_for("coordinator.import_history", kind=kind), 303)
    db.session.commit()
    flash(
        _(
            "%(imported_rows)s; %(skipped_rows)s.",
            imported_rows=ngettext(
                "Imported %(num)d row", "Imported %(num)d rows", result.imported
            ),
            skipped_rows=ngettext(
                "%(num)d already present was skipped",
                "%(num)d already present were skipped",
                result.skipped,
            ),
        ),
        "success",
    )
    return redirect(url_for("coordinator.import_history", kind=kind), 303)
