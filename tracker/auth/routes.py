"""Log in, log out, set a password from a one-time link, change password, end sessions."""

from __future__ import annotations

import hashlib
import time

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth import bp
from tracker.auth.forms import (
    ChangePasswordForm,
    EndOtherSessionsForm,
    ForgotPasswordForm,
    LoginForm,
    LogoutForm,
    MailPreferencesForm,
    SetPasswordForm,
    UnsubscribeForm,
)
from tracker.extensions import csrf, db, limiter
from tracker.forms import apply_errors, safe_next
from tracker.services import accounts, logins, mail
from tracker.services.errors import ValidationError

ACCOUNT_PAUSED = _l(
    "There have been too many failed attempts to log in to this account, so logging in "
    "to it is paused for up to an hour. If you have forgotten your password, use "
    "“Forgot your password?” for a link to choose a new one."
)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATELIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATELIMIT"]


def _typed_account() -> str:
    """The account a login names: the typed email, normalised and hashed.

    Counted whether or not an account has that email, so the limit says nothing
    about which accounts exist; hashed, so the counters hold no addresses.
    """
    email = accounts.normalize_email(request.form.get("email", ""))
    return hashlib.sha256(email.encode()).hexdigest() if email else "no-email"


def _login_failed(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 401


def _start_session(user) -> None:  # type: ignore[no-untyped-def]
    """A fresh session for a fresh login: nothing from before carries over.

    Records the login (see services/logins.py) and commits the caller's work with it.
    """
    logins.start(user, request.headers.get("User-Agent"))
    db.session.commit()
    session.clear()
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
# Failed logins per account, from any number of addresses: only a 401 counts, and
# while the limit holds, even the right password is refused.
@limiter.limit(
    _account_limit,
    methods=["POST"],
    key_func=_typed_account,
    scope="login-account",
    deduct_when=_login_failed,
    error_message=lambda: str(ACCOUNT_PAUSED),
)
def login():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(url_for("index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    error = None
    if form.validate_on_submit():
        result = accounts.authenticate(form.email.data or "", form.password.data or "")
        if result.user is not None:
            _start_session(result.user)
            flash(_("Welcome, %(name)s.", name=result.user.display_name), "success")
            return redirect(safe_next(form.next.data) or url_for("index"))
        db.session.rollback()
        error = result.error
    status = 401 if error else (400 if form.errors else 200)
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["GET", "POST"])
def logout():  # type: ignore[no-untyped-def]
    form = LogoutForm()
    if request.method == "POST":
        if form.validate_on_submit():
            if current_user.is_authenticated:
                # Ended for good, not only forgotten by this browser: a copy of the
                # cookie is worth nothing from now on.
                logins.end(current_user.login_key)
                db.session.commit()
            logout_user()
            session.clear()
            flash(_("You are logged out."), "info")
            return redirect(url_for("auth.login"))
        return render_template("auth/logout.html", form=form), 400
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html", form=form)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):  # type: ignore[no-untyped-def]
    return _use_link(token, "auth/set_password.html")


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):  # type: ignore[no-untyped-def]
    return _use_link(token, "auth/reset_password.html")


def _use_link(token: str, template: str):  # type: ignore[no-untyped-def]
    """A one-time link (invitation or reset): choose a password, which ends every other
    session of the account, and log in."""
    try:
        account_token = accounts.find_token(token)
    except accounts.TokenProblem as problem:
        return render_template("auth/link_problem.html", problem=problem), 410 if problem.kind in {
            "expired",
            "used",
        } else 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.set_password_with_token(token, form.password.data or "")
        except accounts.TokenProblem as problem:
            db.session.rollback()
            return render_template("auth/link_problem.html", problem=problem), 410
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        else:
            _start_session(user)
            flash(_("Your password is set. Welcome!"), "success")
            return redirect(url_for("index"))
    status = 400 if form.errors else 200
    return (
        render_template(template, form=form, user=account_token.user),
        status,
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():  # type: ignore[no-untyped-def]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, form.current_password.data or "", form.new_password.data or ""
            )
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        else:
            _start_session(current_user._get_current_object())
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("index"))
    status = 400 if form.errors else 200
    return _password_page(form, status)


def _password_page(form: ChangePasswordForm, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template(
        "auth/change_password.html",
        form=form,
        sessions=logins.live_sessions(current_user),
        end_form=EndOtherSessionsForm(),
    ), status


@bp.post("/account/sessions/end-others")
@login_required
def end_other_sessions():  # type: ignore[no-untyped-def]
    logins.end_others(current_user._get_current_object())
    db.session.commit()
    flash(_("You are logged out of every other session."), "success")
    return redirect(url_for("auth.change_password"), 303)


def _reset_limit() -> str:
    return current_app.config["RESET_RATELIMIT"]


def _reset_account_limit() -> str:
    return current_app.config["RESET_ACCOUNT_RATELIMIT"]


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"], scope="reset-address")
# Per typed address, whether or not an account has it, so the limit tells nothing.
@limiter.limit(
    _reset_account_limit,
    methods=["POST"],
    key_func=_typed_account,
    scope="reset-account",
    error_message=lambda: _(
        "Several links were asked for this address lately. Use the newest one, or try "
        "again in an hour."
    ),
)
def forgot_password():  # type: ignore[no-untyped-def]
    """Ask for a reset link.  The answer is the same, and takes as long, whether or not
    the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        accounts.request_password_reset(form.email.data or "")
        db.session.commit()
        # The work differs a little with and without an account: the answer waits
        # until a fixed time has passed, so its timing tells nothing either.
        pause = current_app.config["RESET_ANSWER_SECONDS"] - (time.monotonic() - started)
        if pause > 0:
            time.sleep(pause)
        return render_template("auth/reset_requested.html", email=form.email.data)
    status = 400 if form.errors else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/account/mail", methods=["GET", "POST"])
@login_required
def mail_preferences():  # type: ignore[no-untyped-def]
    user = current_user._get_current_object()
    topics = mail.topics_for(user)
    form = MailPreferencesForm()
    form.topics.choices = [(t.code, str(t.label)) for t in topics]
    if request.method == "GET":
        off = mail.turned_off(user)
        form.topics.data = [t.code for t in topics if t.code not in off]
    if form.validate_on_submit():
        mail.set_preferences(user, set(form.topics.data or []))
        db.session.commit()
        flash(_("Your mail settings are saved."), "success")
        return redirect(url_for("auth.mail_preferences"), 303)
    status = 400 if form.errors else 200
    return render_template("auth/mail_preferences.html", form=form, topics=topics), status


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):  # type: ignore[no-untyped-def]
    """The link every non-security mail carries.  A GET asks (a link scanner must not
    unsubscribe anyone); a POST turns the mail off: the button on the page, or a mail
    client's one-click request (RFC 8058, body ``List-Unsubscribe=One-Click``)."""
    found = mail.read_unsubscribe_token(token)
    if found is None:
        abort(404)
    user, topic = found
    label = mail.TOPICS[topic].label
    form = UnsubscribeForm()
    if request.method == "POST":
        mail.set_topic(user, topic, False)
        db.session.commit()
        return render_template("auth/unsubscribed.html", label=label)
    return render_template("auth/unsubscribe.html", form=form, label=label, email=user.email)
