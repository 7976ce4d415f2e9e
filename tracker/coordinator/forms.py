from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from tracker.forms import PlainForm
from tracker.models import Role


class InviteForm(PlainForm):
    display_name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    role = SelectField(
        "Role",
        choices=[
            SelectChoice(Role.TRAINEE.value, "Trainee"),
            SelectChoice(Role.SUPERVISOR.value, "Supervisor"),
            SelectChoice(Role.COORDINATOR.value, "Coordinator"),
        ],
        default=Role.TRAINEE.value,
    )
    submit = SubmitField("Create invitation")


class AccountFilterForm(PlainForm):
    class Meta:
        csrf = False

    q = StringField("Search name or email", validators=[Optional(), Length(max=100)])
    role = SelectField(
        "Role",
        choices=[
            SelectChoice("", "Any role"),
            SelectChoice(Role.TRAINEE.value, "Trainees"),
            SelectChoice(Role.SUPERVISOR.value, "Supervisors"),
            SelectChoice(Role.COORDINATOR.value, "Coordinators"),
        ],
        validators=[Optional()],
    )
    status = SelectField(
        "Status",
        choices=[
            SelectChoice("", "Any status"),
            SelectChoice("active", "Active"),
            SelectChoice("inactive", "Deactivated"),
            SelectChoice("invited", "Invited, no password yet"),
        ],
        validators=[Optional()],
    )
