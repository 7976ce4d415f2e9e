"""A week's timesheet: several days and activities logged in one submit, each row
under the rules of a single entry (:func:`tracker.services.hours.log_timesheet`),
and "repeat" from an earlier entry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import DateInput

from tracker import policies
from tracker.coordinator.common import apply_nested_errors, as_int
from tracker.extensions import db
from tracker.formatting import hours as fmt_hours
from tracker.formatting import hours_text
from tracker.forms import PlainForm
from tracker.models import HourEntry, Setting
from tracker.services import hours as hours_service
from tracker.services.dates import local_today
from tracker.services.errors import ServiceError, ValidationError
from tracker.trainee import bp
from tracker.trainee.forms import NOTES_REMINDER, activity_choices, new_submission_key

DAYS = 7


class TimesheetRow(Form):
    worked_on = StringField(_l("Date"), widget=DateInput())
    hours = StringField(_l("Hours"), render_kw={"inputmode": "decimal", "autocomplete": "off"})
    activity = SelectField(_l("Activity"), choices=[], validate_choice=False)
    setting = SelectField(
        _l("Setting"),
        choices=[SelectChoice(s.value, s.label) for s in Setting],
        default=Setting.IN_PERSON.value,
        validate_choice=False,
    )
    is_paid = SelectField(
        _l("Paid or volunteer"),
        choices=[SelectChoice("volunteer", _l("Volunteer")), SelectChoice("paid", _l("Paid"))],
        default="volunteer",
        validate_choice=False,
    )
    supervised = BooleanField(_l("Supervised"))
    supervisor_name = StringField(_l("Supervisor's name"), render_kw={"autocomplete": "off"})
    notes = StringField(_l("Notes (optional)"))


class TimesheetForm(PlainForm):
    rows = FieldList(FormField(TimesheetRow), min_entries=DAYS, max_entries=DAYS)
    submission_key = HiddenField()
    submit = SubmitField(_l("Save the week"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = activity_choices(_l("Choose an activity"))
        for row in self.rows:
            row.form.activity.choices = choices

    def values(self) -> list[dict[str, Any]]:
        return [
            {
                "worked_on": row.form.worked_on.data,
                "hours": row.form.hours.data,
                "activity": row.form.activity.data,
                "setting": row.form.setting.data,
                "is_paid": row.form.is_paid.data,
                "supervised": bool(row.form.supervised.data),
                "supervisor_name": row.form.supervisor_name.data,
                "notes": row.form.notes.data,
            }
            for row in self.rows
        ]


def _monday(raw: str | None) -> date:
    try:
        day = date.fromisoformat(raw) if raw else local_today()
    except ValueError:
        day = local_today()
    return day - timedelta(days=day.weekday())


def _repeat(raw: str | None) -> HourEntry | None:
    """The trainee's own entry to repeat; another's (or none) is ignored."""
    entry_id = as_int(raw)
    if entry_id is None:
        return None
    return db.session.scalar(policies.visible_hours(current_user).where(HourEntry.id == entry_id))


def _blank_form(monday: date, repeat: HourEntry | None) -> TimesheetForm:
    rows = []
    for n in range(DAYS):
        row: dict[str, Any] = {"worked_on": (monday + timedelta(days=n)).isoformat()}
        if repeat is not None:
            # Every day of the week gets the repeated entry's activity and setting; only
            # its own weekday gets its hours, the others stay empty until typed.
            row |= {
                "activity": repeat.activity,
                "setting": repeat.setting,
                "is_paid": "paid" if repeat.is_paid else "volunteer",
                "supervised": bool(repeat.supervised),
                "supervisor_name": repeat.supervisor_name or "",
                "notes": repeat.notes or "",
            }
            if n == repeat.worked_on.weekday():
                row["hours"] = fmt_hours(repeat.minutes)
        rows.append(row)
    return TimesheetForm(formdata=None, data={"rows": rows, "submission_key": new_submission_key()})


@bp.route("/hours/week", methods=["GET", "POST"], endpoint="timesheet")
def timesheet():  # type: ignore[no-untyped-def]
    monday = _monday(request.args.get("week"))
    repeat = _repeat(request.args.get("repeat"))
    form = TimesheetForm() if request.method == "POST" else _blank_form(monday, repeat)
    if request.method == "POST" and form.validate_on_submit():
        try:
            entries = hours_service.log_timesheet(
                current_user, form.values(), submission_key=form.submission_key.data
            )
        except ValidationError as exc:
            db.session.rollback()
            apply_nested_errors(form, exc)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for("trainee.hours"), 303)
        else:
            db.session.commit()
            flash(
                ngettext(
                    "Saved %(num)d entry, %(total)s in all. A coordinator will review it.",
                    "Saved %(num)d entries, %(total)s in all. A coordinator will review them.",
                    len(entries),
                    total=hours_text(sum(e.minutes for e in entries)),
                ),
                "success",
            )
            return redirect(url_for("trainee.timesheet", week=monday.isoformat()), 303)
    logged = list(
        db.session.scalars(
            policies.visible_hours(current_user)
            .where(
                HourEntry.worked_on >= monday,
                HourEntry.worked_on < monday + timedelta(days=DAYS),
            )
            .order_by(HourEntry.worked_on, HourEntry.id)
        )
    )
    recent = list(
        db.session.scalars(
            policies.visible_hours(current_user).order_by(HourEntry.id.desc()).limit(5)
        )
    )
    # A row's errors sit on its fields (FieldList keeps no summary of them).
    wrong = form.form_errors or any(sub.errors for r in form.rows for sub in r.form)
    status = 400 if wrong else 200
    return render_template(
        "trainee/timesheet.html",
        form=form,
        monday=monday,
        previous=(monday - timedelta(days=DAYS)).isoformat(),
        following=(monday + timedelta(days=DAYS)).isoformat(),
        logged=logged,
        recent=recent,
        notes_reminder=NOTES_REMINDER,
    ), status
