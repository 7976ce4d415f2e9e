"""Forms of the coordinator's pages (helper C's part): filters are GET forms
without CSRF; actions are Flask-WTF forms.  Choices are ``SelectChoice``s
(tuples are deprecated in WTForms 3.3)."""

from __future__ import annotations

from collections.abc import Iterable

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
        raise FieldError("The end date cannot be before the start date.")


class ReviewFilterForm(_GetForm):
    q = StringField("Trainee name or email", validators=[Optional(), Length(max=100)])
    activity = SelectField("Activity", choices=[], validate_choice=False, validators=[Optional()])
    supervised = SelectField(
        "Supervised",
        choices=choices([("", "Either"), ("yes", "Supervised"), ("no", "Not supervised")]),
        validators=[Optional()],
    )
    start = DateField("Worked from", validators=[Optional()])
    end = DateField(
        "Worked until", description="Included.", validators=[Optional(), _end_not_before_start]
    )


class CompletionFilterForm(_GetForm):
    q = StringField("Trainee name or email", validators=[Optional(), Length(max=100)])
    module = SelectField("Module", coerce=str, validators=[Optional()])


class TraineeFilterForm(_GetForm):
    q = StringField("Search name or email", validators=[Optional(), Length(max=100)])
    program = SelectField("Program", coerce=str, validators=[Optional()])
    status = SelectField("Status", coerce=str, validators=[Optional()])
    sort = SelectField("Sort by", coerce=str, validators=[Optional()])


class CertificationFilterForm(_GetForm):
    q = StringField("Number, name or email", validators=[Optional(), Length(max=100)])
    state = SelectField(
        "State",
        choices=choices(
            [
                ("", "Any state"),
                (CertificationState.VALID.value, "Valid"),
                (CertificationState.EXPIRING.value, "Expiring soon"),
                (CertificationState.IN_GRACE.value, "In grace"),
                ("renewal", "Expiring soon or in grace"),
                (CertificationState.LAPSED.value, "Lapsed"),
                (CertificationState.REVOKED.value, "Revoked"),
            ]
        ),
        validators=[Optional()],
    )
    program = SelectField("Program", coerce=str, validators=[Optional()])
    due = SelectField(
        "Expiring",
        choices=choices(
            [
                ("", "Any time"),
                ("30", "Within 30 days"),
                ("60", "Within 60 days"),
                ("90", "Within 90 days"),
            ]
        ),
        validators=[Optional()],
    )


class ReportFilterForm(_GetForm):
    start = DateField("From", validators=[Optional()])
    end = DateField(
        "Until", description="Included.", validators=[Optional(), _end_not_before_start]
    )
    program = SelectField("Program", coerce=str, validators=[Optional()])


class AuditFilterForm(_GetForm):
    action = SelectField("Action", coerce=str, validators=[Optional()])
    actor = SelectField("Who", coerce=str, validators=[Optional()])
    entity_type = SelectField("Record type", coerce=str, validators=[Optional()])
    start = DateField("From", validators=[Optional()])
    end = DateField(
        "Until", description="Included.", validators=[Optional(), _end_not_before_start]
    )


class ModuleFilterForm(_GetForm):
    q = StringField("Search code or title", validators=[Optional(), Length(max=100)])
    status = SelectField(
        "Show",
        choices=choices(
            [("active", "Active modules"), ("archived", "Archived modules"), ("all", "All")]
        ),
        default="active",
        validators=[Optional()],
    )
    domain = SelectField(
        "Training domain", choices=[], validate_choice=False, validators=[Optional()]
    )


class SessionFilterForm(_GetForm):
    when = SelectField(
        "Show",
        choices=choices([("", "All sessions"), ("upcoming", "Today and later"), ("past", "Past")]),
        validators=[Optional()],
    )
    module = SelectField("Module", coerce=str, validators=[Optional()])


# --- coordinator pages: actions (POST, CSRF) -------------------------------------------------


class ReasonForm(PlainForm):
    reason = TextAreaField(
        "Reason",
        description="The trainee sees this. Say what to fix.",
        validators=[DataRequired(message="Give a reason."), Length(max=500)],
    )
    submit = SubmitField("Reject")


class ModuleForm(PlainForm):
    code = StringField(
        "Code",
        description="Short and unique, e.g. ETH-101.",
        validators=[DataRequired(), Length(max=20)],
    )
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    contact_hours = StringField(
        "Contact hours",
        description="In quarter-hour steps, e.g. 1.5.",
        validators=[DataRequired()],
        render_kw={"inputmode": "decimal"},
    )
    pass_mark = StringField(
        "Pass mark",
        description="0 to 100. Leave empty when there is no exam.",
        validators=[Optional()],
        render_kw={"inputmode": "numeric"},
    )
    submit = SubmitField("Save module")


class SessionForm(PlainForm):
    module_id = SelectField("Module", coerce=str, validators=[DataRequired("Choose a module.")])
    held_on = DateField("Date", validators=[DataRequired("Enter the date of the session.")])
    location = StringField("Location", validators=[Optional(), Length(max=200)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Schedule session")


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
            "Hours in each training domain",
            description="How many of the contact hours count in each domain; empty for none.",
        )

    if formdata is None:
        return WithDomains(**data)
    return WithDomains(formdata=formdata, **data)


class ProgramForm(PlainForm):
    """A program's terms; its requirements are edited one by one on the program's page."""

    code = StringField(
        "Code",
        description="2 to 10 capital letters or digits; it starts certificate numbers.",
        validators=[DataRequired(), Length(max=10)],
    )
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    source = TextAreaField(
        "Source of the rules",
        description="The board's published standard these rules follow, with its address.",
        validators=[Optional(), Length(max=2000)],
    )
    validity_months = StringField(
        "Valid for (months)", validators=[DataRequired()], render_kw={"inputmode": "numeric"}
    )
    validity_from = SelectField(
        "Validity counted from",
        choices=[],
        validate_choice=False,
        description="The issue date, or the day a requirement was met (the exam, say).",
    )
    renewal_cycle = SelectField(
        "Renewal cycles",
        choices=choices(
            [
                (RenewalCycle.ROLLING.value, "Rolling: each cycle lasts the validity"),
                (RenewalCycle.CALENDAR.value, "Calendar: cycles end on 31 December"),
            ]
        ),
        validate_choice=False,
    )
    renewal_window_days = StringField(
        "Renewal window (days)",
        description="A certification shows as expiring this many days before its expiry.",
        validators=[DataRequired()],
        render_kw={"inputmode": "numeric"},
    )
    grace_days = StringField(
        "Grace period (days)",
        description="Days after expiry before it lapses.",
        validators=[DataRequired()],
        render_kw={"inputmode": "numeric"},
    )
    # The program's updated_at when the page was loaded: a later save by someone else is a conflict.
    loaded_at = HiddenField()
    submit = SubmitField("Save program")


class EnrolForm(PlainForm):
    program_id = SelectField("Program", coerce=str, validators=[DataRequired("Choose a program.")])
    submit = SubmitField("Enrol")


class OverrideForm(PlainForm):
    override_reason = TextAreaField(
        "Reason for the override",
        description="Required when not every rule is met. It is kept in the audit log.",
        validators=[Optional(), Length(max=2000)],
    )


class RenewForm(OverrideForm):
    # The expiry the coordinator saw: a second submission (or a second coordinator)
    # finds it moved on and renews nothing.
    expected_expiry = HiddenField()


class RevokeForm(PlainForm):
    reason = TextAreaField(
        "Reason for revoking",
        description="Kept with the certification and in the audit log.",
        validators=[DataRequired("Give the reason for revoking."), Length(max=500)],
    )
    submit = SubmitField("Revoke certification")


class ResultForm(PlainForm):
    submission_key = HiddenField()
    module_id = SelectField("Module", coerce=str, validators=[DataRequired("Choose a module.")])
    completed_on = DateField("Completed on", validators=[DataRequired("Enter the date.")])
    score = StringField(
        "Exam score",
        description="0 to 100; required when the module has a pass mark.",
        validators=[Optional()],
        render_kw={"inputmode": "numeric"},
    )
    submit = SubmitField("Record result")


class ImportForm(PlainForm):
    file = FileField("CSV file", description="Columns: name, email, programs.")
    text = TextAreaField(
        "Or paste the rows",
        description="One trainee per line: name, email, programs (separate programs with ';').",
        validators=[Optional(), Length(max=500_000)],
    )
    submit = SubmitField("Check the file")


class ImportConfirmForm(PlainForm):
    text = HiddenField()
    submit = SubmitField("Import these trainees")


class ProgramImportForm(PlainForm):
    file = FileField("Program document (JSON)")
    text = TextAreaField(
        "Or paste the document",
        description="The JSON that “Export” gives, or a template.",
        validators=[Optional(), Length(max=1_000_000)],
    )
    replace = BooleanField(
        "Replace the program with the same code, if there is one",
        description="Its requirements become the document's. Certificates already issued keep "
        "theirs.",
    )
    submit = SubmitField("Import program")


class EthicsForm(PlainForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(
        "Text of the code",
        description="Publishing asks every trainee to acknowledge this new version.",
        validators=[DataRequired()],
    )
    submit = SubmitField("Publish new version")
