"""Forms of the coordinator's pages (helper C's part): filters are GET forms
without CSRF; actions are Flask-WTF forms.  Choices are ``SelectChoice``s
(tuples are deprecated in WTForms 3.3)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.validators import ValidationError as FieldError
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.forms import PlainForm
from tracker.models import CertificationState, RenewalCycle


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as SelectChoices (values as text)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


# --- filters (GET, no CSRF) ---------------------------------------------------------------


def activity_choices(blank: str) -> list[SelectChoice]:
    """The active activities (and a blank choice), for filters and forms, read at request time."""
    from tracker.services.vocabulary import active_activities

    return choices([("", blank), *((a.code, a.name) for a in active_activities())])


def domain_choices(blank: str) -> list[SelectChoice]:
    from tracker.services.vocabulary import active_domains

    return choices([("", blank), *((d.id, d.name) for d in active_domains())])


class _GetForm(PlainForm):
    class Meta:
        csrf = False


def _end_not_before_start(form, field) -> None:  # type: ignore[no-untyped-def]
    start = getattr(form, "start", None)
    if start is not None and start.data and field.data and field.data < start.data:
        raise FieldError(_("The end date cannot be before the start date."))


class ReviewFilterForm(_GetForm):
    q = StringField(_l("Trainee name or email"), validators=[Optional(), Length(max=100)])
    activity = SelectField(
        _l("Activity"), choices=[], validate_choice=False, validators=[Optional()]
    )
    supervised = SelectField(
        _l("Supervised"),
        choices=choices(
            [("", _l("Either")), ("yes", _l("Supervised")), ("no", _l("Not supervised"))]
        ),
        validators=[Optional()],
    )
    start = DateField(_l("Worked from"), validators=[Optional()])
    end = DateField(
        _l("Worked until"),
        description=_l("Included."),
        validators=[Optional(), _end_not_before_start],
    )


class CompletionFilterForm(_GetForm):
    q = StringField(_l("Trainee name or email"), validators=[Optional(), Length(max=100)])
    module = SelectField(_l("Module"), coerce=str, validators=[Optional()])


class TraineeFilterForm(_GetForm):
    q = StringField(_l("Search name or email"), validators=[Optional(), Length(max=100)])
    program = SelectField(_l("Program"), coerce=str, validators=[Optional()])
    status = SelectField(_l("Status"), coerce=str, validators=[Optional()])
    sort = SelectField(_l("Sort by"), coerce=str, validators=[Optional()])


class CertificationFilterForm(_GetForm):
    q = StringField(_l("Number, name or email"), validators=[Optional(), Length(max=100)])
    state = SelectField(
        _l("State"),
        choices=choices(
            [
                ("", _l("Any state")),
                (CertificationState.VALID.value, _l("Valid")),
                (CertificationState.EXPIRING.value, _l("Expiring soon")),
                (CertificationState.IN_GRACE.value, _l("In grace")),
                ("renewal", _l("Expiring soon or in grace")),
                (CertificationState.LAPSED.value, _l("Lapsed")),
                (CertificationState.REVOKED.value, _l("Revoked")),
            ]
        ),
        validators=[Optional()],
    )
    program = SelectField(_l("Program"), coerce=str, validators=[Optional()])
    due = SelectField(
        _l("Expiring"),
        choices=choices(
            [
                ("", _l("Any time")),
                ("30", _l("Within 30 days")),
                ("60", _l("Within 60 days")),
                ("90", _l("Within 90 days")),
            ]
        ),
        validators=[Optional()],
    )


class ReportFilterForm(_GetForm):
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(
        _l("Until"), description=_l("Included."), validators=[Optional(), _end_not_before_start]
    )
    program = SelectField(_l("Program"), coerce=str, validators=[Optional()])


class AuditFilterForm(_GetForm):
    action = SelectField(_l("Action"), coerce=str, validators=[Optional()])
    actor = SelectField(_l("Who"), coerce=str, validators=[Optional()])
    entity_type = SelectField(_l("Record type"), coerce=str, validators=[Optional()])
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(
        _l("Until"), description=_l("Included."), validators=[Optional(), _end_not_before_start]
    )


class ModuleFilterForm(_GetForm):
    q = StringField(_l("Search code or title"), validators=[Optional(), Length(max=100)])
    status = SelectField(
        _l("Show"),
        choices=choices(
            [
                ("active", _l("Active modules")),
                ("archived", _l("Archived modules")),
                ("all", _l("All")),
            ]
        ),
        default="active",
        validators=[Optional()],
    )
    domain = SelectField(
        _l("Training domain"), choices=[], validate_choice=False, validators=[Optional()]
    )


class SessionFilterForm(_GetForm):
    when = SelectField(
        _l("Show"),
        choices=choices(
            [("", _l("All sessions")), ("upcoming", _l("Today and later")), ("past", _l("Past"))]
        ),
        validators=[Optional()],
    )
    module = SelectField(_l("Module"), coerce=str, validators=[Optional()])


# --- coordinator pages: actions (POST, CSRF) -------------------------------------------------


class ReasonForm(PlainForm):
    reason = TextAreaField(
        _l("Reason"),
        description=_l("The trainee sees this. Say what to fix."),
        validators=[DataRequired(message=_l("Give a reason.")), Length(max=500)],
    )
    submit = SubmitField(_l("Reject"))


class ModuleForm(PlainForm):
    code = StringField(
        _l("Code"),
        description=_l("Short and unique, e.g. ETH-101."),
        validators=[DataRequired(), Length(max=20)],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    contact_hours = StringField(
        _l("Contact hours"),
        description=_l("In quarter-hour steps, e.g. 1.5."),
        validators=[DataRequired()],
        render_kw={"inputmode": "decimal"},
    )
    pass_mark = StringField(
        _l("Pass mark"),
        description=_l("0 to 100. Leave empty when there is no exam."),
        validators=[Optional()],
        render_kw={"inputmode": "numeric"},
    )
    submit = SubmitField(_l("Save module"))


class SessionForm(PlainForm):
    module_id = SelectField(
        _l("Module"), coerce=str, validators=[DataRequired(_l("Choose a module."))]
    )
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date of the session."))])
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Schedule session"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:  # type: ignore[no-untyped-def]
        # Choices are checked by the service (it says which one is wrong).
        pass


def module_form(
    domains: Iterable[tuple[int, str]], formdata: object = None, **data: object
) -> ModuleForm:
    """A ModuleForm with one hours field per training domain (``domain_hours-<id>``)."""

    class DomainHours(Form):
        pass

    for domain_id, name in domains:
        setattr(
            DomainHours,
            str(domain_id),
            StringField(name, validators=[Optional()], render_kw={"inputmode": "decimal"}),
        )

    class WithDomains(ModuleForm):
        domain_hours = FormField(
            DomainHours,
            _l("Hours in each training domain"),
            description=_l("How many of the contact hours count in each domain; empty for none."),
        )

    if formdata is None:
        return WithDomains(**data)
    return WithDomains(formdata=formdata, **data)


class ProgramForm(PlainForm):
    """A program's terms; its requirements are edited one by one on the program's page."""

    code = StringField(
        _l("Code"),
        description=_l("2 to 10 capital letters or digits; it starts certificate numbers."),
        validators=[DataRequired(), Length(max=10)],
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    source = TextAreaField(
        _l("Source of the rules"),
        description=_l("The board's published standard these rules follow, with its address."),
        validators=[Optional(), Length(max=2000)],
    )
    validity_months = StringField(
        _l("Valid for (months)"), validators=[DataRequired()], render_kw={"inputmode": "numeric"}
    )
    validity_from = SelectField(
        _l("Validity counted from"),
        choices=[],
        validate_choice=False,
        description=_l("The issue date, or the day a requirement was met (the exam, say)."),
    )
    renewal_cycle = SelectField(
        _l("Renewal cycles"),
        choices=choices(
            [
                (RenewalCycle.ROLLING.value, _l("Rolling: each cycle lasts the validity")),
                (RenewalCycle.CALENDAR.value, _l("Calendar: cycles end on 31 December")),
            ]
        ),
        validate_choice=False,
    )
    renewal_window_days = StringField(
        _l("Renewal window (days)"),
        description=_l("A certification shows as expiring this many days before its expiry."),
        validators=[DataRequired()],
        render_kw={"inputmode": "numeric"},
    )
    grace_days = StringField(
        _l("Grace period (days)"),
        description=_l("Days after expiry before it lapses."),
        validators=[DataRequired()],
        render_kw={"inputmode": "numeric"},
    )
    # The program's updated_at when the page was loaded: a later save by someone else is a conflict.
    loaded_at = HiddenField()
    submit = SubmitField(_l("Save program"))


class EnrolForm(PlainForm):
    program_id = SelectField(
        _l("Program"), coerce=str, validators=[DataRequired(_l("Choose a program."))]
    )
    submit = SubmitField(_l("Enrol"))


class OverrideForm(PlainForm):
    override_reason = TextAreaField(
        _l("Reason for the override"),
        description=_l("Required when not every rule is met. It is kept in the audit log."),
        validators=[Optional(), Length(max=2000)],
    )


class RenewForm(OverrideForm):
    # The expiry the coordinator saw: a second submission (or a second coordinator)
    # finds it moved on and renews nothing.
    expected_expiry = HiddenField()


class RevokeForm(PlainForm):
    reason = TextAreaField(
        _l("Reason for revoking"),
        description=_l("Kept with the certification and in the audit log."),
        validators=[DataRequired(_l("Give the reason for revoking.")), Length(max=500)],
    )
    submit = SubmitField(_l("Revoke certification"))


class ResultForm(PlainForm):
    submission_key = HiddenField()
    module_id = SelectField(
        _l("Module"), coerce=str, validators=[DataRequired(_l("Choose a module."))]
    )
    completed_on = DateField(_l("Completed on"), validators=[DataRequired(_l("Enter the date."))])
    score = StringField(
        _l("Exam score"),
        description=_l("0 to 100; required when the module has a pass mark."),
        validators=[Optional()],
        render_kw={"inputmode": "numeric"},
    )
    submit = SubmitField(_l("Record result"))


class ImportForm(PlainForm):
    file = FileField(_l("CSV file"), description=_l("Columns: name, email, programs."))
    text = TextAreaField(
        _l("Or paste the rows"),
        description=_l("One trainee per line: name, email, programs (separate programs with ';')."),
        validators=[Optional(), Length(max=500_000)],
    )
    submit = SubmitField(_l("Check the file"))


class ImportConfirmForm(PlainForm):
    text = HiddenField()
    submit = SubmitField(_l("Import these trainees"))


class ProgramImportForm(PlainForm):
    file = FileField(_l("Program document (JSON)"))
    text = TextAreaField(
        _l("Or paste the document"),
        description=_l("The JSON that “Export” gives, or a template."),
        validators=[Optional(), Length(max=1_000_000)],
    )
    replace = BooleanField(
        _l("Replace the program with the same code, if there is one"),
        description=_l(
            "Its requirements become the document's. Certificates already issued keep theirs."
        ),
    )
    submit = SubmitField(_l("Import program"))


class EthicsForm(PlainForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(
        _l("Text of the code"),
        description=_l("Publishing asks every trainee to acknowledge this new version."),
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Publish new version"))
