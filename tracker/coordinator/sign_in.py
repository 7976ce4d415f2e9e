"""A paper sign-in sheet entered on one page: the session's date, activity, setting
and supervisor once, then each trainee's hours (blank: absent).  The rules live in
:mod:`tracker.services.sign_in`."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SubmitField

from tracker.coordinator import bp
from tracker.coordinator.common import as_int, new_key, program_choices
from tracker.extensions import db
from tracker.forms import apply_errors
from tracker.services import sign_in
from tracker.services.dates import local_today
from tracker.services.errors import ValidationError
from tracker.trainee.forms import HourEntryForm


class SignInSheetForm(HourEntryForm):
    """The fields of one hour entry that a whole session shares (no hours: each row has its own)."""

    hours = None
    submit = SubmitField(_l("Record the sheet"))

    def values(self) -> dict[str, object]:
        return {
            "worked_on": self.worked_on.data,
            "activity": self.activity.data,
            "setting": self.setting.data,
            "is_paid": self.is_paid.data,
            "supervised": bool(self.supervised.data),
            "supervisor_name": self.supervisor_name.data,
            "notes": self.notes.data,
        }


@bp.route("/hours/sheet", methods=["GET", "POST"], endpoint="sign_in_sheet")
def sign_in_sheet():  # type: ignore[no-untyped-def]
    program_id = as_int(request.values.get("program"))
    trainees = sign_in.sheet_trainees(program_id)
    if request.method == "POST":
        form = SignInSheetForm()
    else:
        form = SignInSheetForm(formdata=None, submission_key=new_key(), worked_on=local_today())
    rows = {t.id: (request.form.get(sign_in.row_field(t.id)) or "") for t in trainees}
    row_errors: dict[str, list[str]] = {}
    status = 200
    if form.validate_on_submit():
        try:
            sheet = sign_in.record_sheet(
                current_user, rows, submission_key=form.submission_key.data, **form.values()
            )
        except ValidationError as exc:
            db.session.rollback()
            row_errors = {k: v for k, v in exc.errors.items() if k.startswith("hours-")}
            apply_errors(
                form,
                ValidationError({k: v for k, v in exc.errors.items() if k not in row_errors}),
            )
            status = 400
        else:
            db.session.commit()
            if sheet.created:
                flash(
                    ngettext(
                        "Recorded and approved the hours of %(num)d trainee.",
                        "Recorded and approved the hours of %(num)d trainees.",
                        len(sheet.entries),
                    ),
                    "success",
                )
            else:
                flash(_("This sheet was already recorded; nothing was added."), "info")
            return redirect(url_for("coordinator.sign_in_sheet"), 303)
    elif request.method == "POST":
        status = 400
    return render_template(
        "coordinator/sign_in_sheet.html",
        form=form,
        trainees=trainees,
        rows=rows,
        row_errors=row_errors,
        row_field=sign_in.row_field,
        program_id=program_id,
        programs=program_choices(_("Every active trainee")),
    ), status
