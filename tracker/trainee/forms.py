"""The trainee's forms.

The rules themselves (what a valid entry is) live in the services, so that the
pages, the API and the tests share one set of messages; these forms only
carry the values, the labels and hints, and the CSRF token.
"""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import DateInput

from tracker.forms import PlainForm
from tracker.models import HourStatus, Setting, SupervisionFormat
from tracker.services.hours import NOTES_MAX

NOTES_REMINDER = _l(
    "Never name or describe the people you supported: no names, initials, places or "
    "stories that could identify them. At most %(max)s characters.",
    max=NOTES_MAX,
)


def new_submission_key() -> str:
    return str(uuid.uuid4())


def activity_choices(blank: str | LazyString, keep: str | None = None) -> list[SelectChoice]:
    """The active activities after a blank choice; ``keep`` adds an archived one an entry has."""
    from tracker.services.vocabulary import active_activities, activity_names

    pairs = [(a.code, a.name) for a in active_activities()]
    if keep and keep not in {code for code, _name in pairs}:
        pairs.append((keep, activity_names().get(keep, keep)))
    return [SelectChoice("", blank)] + [SelectChoice(code, name) for code, name in pairs]


class HourEntryForm(PlainForm):
    worked_on = StringField(
        _l("Date"), widget=DateInput(), description=_l("The day you did it: today or earlier.")
    )
    hours = StringField(
        _l("Hours"),
        description=_l("In quarter hours: 1.5 is an hour and a half (you can also write 1:30)."),
        render_kw={"inputmode": "decimal", "autocomplete": "off", "size": 6},
    )
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
    supervised = BooleanField(_l("This time was supervised"))
    supervisor_name = StringField(
        _l("Supervisor's name"),
        description=_l("Needed when the time was supervised."),
        render_kw={"autocomplete": "off"},
    )
    notes = TextAreaField(_l("Notes (optional)"), description=NOTES_REMINDER)
    submission_key = HiddenField()
    submit = SubmitField(_l("Save entry"))

    def __init__(self, *args: object, keep_activity: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.activity.choices = activity_choices(_l("Choose an activity"), keep_activity)

    def values(self) -> dict[str, object]:
        """The typed values, for the hours service (which checks them all)."""
        return {
            "worked_on": self.worked_on.data,
            "hours": self.hours.data,
            "activity": self.activity.data,
            "setting": self.setting.data,
            "is_paid": self.is_paid.data,
            "supervised": bool(self.supervised.data),
            "supervisor_name": self.supervisor_name.data,
            "notes": self.notes.data,
        }


# The states an entry can be filtered by.
STATUS_LABELS = {
    HourStatus.PENDING: _l("Pending"),
    HourStatus.APPROVED: _l("Approved"),
    HourStatus.REJECTED: _l("Rejected"),
    HourStatus.WITHDRAWN: _l("Withdrawn"),
}


class HourFilterForm(PlainForm):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Any status"))]
        + [SelectChoice(s.value, STATUS_LABELS[s]) for s in HourStatus],
        validate_choice=False,
    )
    activity = SelectField(_l("Activity"), choices=[], validate_choice=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.activity.choices = activity_choices(_l("Any activity"))

    date_from = StringField(_l("From"), widget=DateInput())
    date_to = StringField(_l("To"), widget=DateInput())


class ReportModuleForm(PlainForm):
    module_id = SelectField(_l("Module"), choices=[], validate_choice=False)
    completed_on = StringField(
        _l("Date completed"),
        widget=DateInput(),
        description=_l("The day you finished it: today or earlier."),
    )
    submission_key = HiddenField()
    submit = SubmitField(_l("Report as completed"))


class AcknowledgeForm(PlainForm):
    confirm = BooleanField(_l("I have read the code of ethics and I will follow it"))
    version_id = HiddenField()
    submit = SubmitField(_l("Acknowledge"))


class SupervisionForm(PlainForm):
    held_on = StringField(
        _l("Date"), widget=DateInput(), description=_l("The day of the session: today or earlier.")
    )
    hours = StringField(
        _l("Hours"),
        description=_l("In quarter hours: 1.5 is an hour and a half (you can also write 1:30)."),
        render_kw={"inputmode": "decimal", "autocomplete": "off", "size": 6},
    )
    supervisor_name = StringField(_l("Supervisor's name"), render_kw={"autocomplete": "off"})
    format = SelectField(
        _l("Individual or group"),
        choices=[SelectChoice(f.value, f.label) for f in SupervisionFormat],
        default=SupervisionFormat.INDIVIDUAL.value,
        validate_choice=False,
    )
    notes = TextAreaField(_l("Notes (optional)"), description=NOTES_REMINDER)
    submission_key = HiddenField()
    submit = SubmitField(_l("Save the session"))

    def values(self) -> dict[str, object]:
        return {
            "held_on": self.held_on.data,
            "hours": self.hours.data,
            "supervisor_name": self.supervisor_name.data,
            "format": self.format.data,
            "notes": self.notes.data,
        }


class DocumentForm(PlainForm):
    dated_on = StringField(
        _l("Date on the document"),
        widget=DateInput(),
        description=_l("The day it was issued or signed: today or earlier."),
    )
    file = FileField(_l("File"), render_kw={"accept": ".pdf,.jpg,.jpeg,.png"})
    notes = TextAreaField(
        _l("Notes for the coordinator (optional)"), description=_l("At most 500 characters.")
    )
    submission_key = HiddenField()
    submit = SubmitField(_l("Upload"))


class TrainingForm(PlainForm):
    provider = StringField(_l("Provider"), description=_l("Who gave the training."))
    title = StringField(_l("Title"))
    completed_on = StringField(
        _l("Date completed"), widget=DateInput(), description=_l("The day you finished it.")
    )
    hours = StringField(
        _l("Hours"),
        description=_l("Contact hours, in quarter hours: 7.5 is seven and a half hours."),
        render_kw={"inputmode": "decimal", "autocomplete": "off", "size": 6},
    )
    file = FileField(_l("Certificate (optional)"), render_kw={"accept": ".pdf,.jpg,.jpeg,.png"})
    notes = TextAreaField(
        _l("Notes for the coordinator (optional)"), description=_l("At most 500 characters.")
    )
    submission_key = HiddenField()
    submit = SubmitField(_l("Send for verification"))
