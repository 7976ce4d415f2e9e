from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from tracker.forms import PlainForm
from tracker.models import Role


class InviteForm(PlainForm):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.TRAINEE.value, _l("Trainee")),
            SelectChoice(Role.SUPERVISOR.value, _l("Supervisor")),
            SelectChoice(Role.COORDINATOR.value, _l("Coordinator")),
        ],
        default=Role.TRAINEE.value,
    )
    submit = SubmitField(_l("Create invitation"))


class AccountFilterForm(PlainForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search name or email"), validators=[Optional(), Length(max=100)])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("", _l("Any role")),
            SelectChoice(Role.TRAINEE.value, _l("Trainees")),
            SelectChoice(Role.SUPERVISOR.value, _l("Supervisors")),
            SelectChoice(Role.COORDINATOR.value, _l("Coordinators")),
        ],
        validators=[Optional()],
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Any status")),
            SelectChoice("active", _l("Active")),
            SelectChoice("inactive", _l("Deactivated")),
            SelectChoice("invited", _l("Invited, no password yet")),
        ],
        validators=[Optional()],
    )
