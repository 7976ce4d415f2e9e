from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

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
