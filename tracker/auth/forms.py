from flask_babel import lazy_gettext
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.forms import PlainForm


class LoginForm(PlainForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired()])
    next = HiddenField()  # checked by safe_next before use
    submit = SubmitField("Log in")


class SetPasswordForm(PlainForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired()],
        description="At least 10 characters. A few unrelated words make a good one.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords differ.")],
    )
    submit = SubmitField("Set password")


class ChangePasswordForm(PlainForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired()],
        description="At least 10 characters.",
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new_password", message="The two passwords differ.")],
    )
    submit = SubmitField("Change password")


class LogoutForm(PlainForm):
    submit = SubmitField("Log out")


class EndOtherSessionsForm(PlainForm):
    submit = SubmitField("Log out of every other session")


class ForgotPasswordForm(PlainForm):
    email = EmailField(
        lazy_gettext("Email"),
        validators=[
            DataRequired(lazy_gettext("Enter the email address you log in with.")),
            Length(max=254),
        ],
    )
    submit = SubmitField(lazy_gettext("Send me a link"))


class MailPreferencesForm(PlainForm):
    topics = SelectMultipleField(
        lazy_gettext("Mail I want"),
        choices=[],
        validate_choice=True,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField(lazy_gettext("Save"))


class UnsubscribeForm(PlainForm):
    # Reached from a mail: the signed link is the proof, there is no session to tie a
    # CSRF token to (and mail clients post the one-click request without one).
    class Meta:
        csrf = False

    submit = SubmitField(lazy_gettext("Turn this mail off"))


class ApiTokenForm(PlainForm):
    name = StringField(
        lazy_gettext("Name"),
        validators=[DataRequired(), Length(max=120)],
        description=lazy_gettext("What will use it, such as “scheduling tool” or “HR report”."),
    )
    expires_days = SelectField(
        lazy_gettext("Expires"),
        choices=[
            SelectChoice("30", lazy_gettext("in 30 days")),
            SelectChoice("90", lazy_gettext("in 90 days")),
            SelectChoice("365", lazy_gettext("in a year")),
            SelectChoice("", lazy_gettext("never (until revoked)")),
        ],
        default="90",
    )
    submit = SubmitField(lazy_gettext("Create token"))
