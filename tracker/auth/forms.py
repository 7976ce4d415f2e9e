from flask_babel import lazy_gettext as _l
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
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    next = HiddenField()  # checked by safe_next before use
    submit = SubmitField(_l("Log in"))


class SetPasswordForm(PlainForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired()],
        description=_l("At least 10 characters. A few unrelated words make a good one."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Set password"))


class ChangePasswordForm(PlainForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired()],
        description=_l("At least 10 characters."),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The two passwords differ.")),
        ],
    )
    submit = SubmitField(_l("Change password"))


class LogoutForm(PlainForm):
    submit = SubmitField(_l("Log out"))


class EndOtherSessionsForm(PlainForm):
    submit = SubmitField(_l("Log out of every other session"))


class ForgotPasswordForm(PlainForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Enter the email address you log in with.")),
            Length(max=254),
        ],
    )
    submit = SubmitField(_l("Send me a link"))


class MailPreferencesForm(PlainForm):
    topics = SelectMultipleField(
        _l("Mail I want"),
        choices=[],
        validate_choice=True,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Save"))


class UnsubscribeForm(PlainForm):
    # Reached from a mail: the signed link is the proof, there is no session to tie a
    # CSRF token to (and mail clients post the one-click request without one).
    class Meta:
        csrf = False

    submit = SubmitField(_l("Turn this mail off"))


class ApiTokenForm(PlainForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("What will use it, such as “scheduling tool” or “HR report”."),
    )
    expires_days = SelectField(
        _l("Expires"),
        choices=[
            SelectChoice("30", _l("in 30 days")),
            SelectChoice("90", _l("in 90 days")),
            SelectChoice("365", _l("in a year")),
            SelectChoice("", _l("never (until revoked)")),
        ],
        default="90",
    )
    submit = SubmitField(_l("Create token"))
