"""Account → API tokens: make a personal access token (shown once), see and revoke them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.auth import bp
from tracker.auth.forms import ApiTokenForm
from tracker.extensions import db
from tracker.forms import ActionForm, apply_errors
from tracker.models import utcnow
from tracker.services import api_tokens
from tracker.services.errors import NotFoundError, ValidationError


def _page(form: ApiTokenForm, new_token: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template(
        "auth/api_tokens.html",
        form=form,
        tokens=api_tokens.tokens_of(current_user),
        new_token=new_token,
        revoke_form=ActionForm(),
        now=utcnow(),
        is_live=api_tokens.is_live,
    ), status


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def api_tokens_page():  # type: ignore[no-untyped-def]
    form = ApiTokenForm()
    if form.validate_on_submit():
        days = int(form.expires_days.data) if form.expires_days.data else None
        try:
            made = api_tokens.create(current_user._get_current_object(), form.name.data or "", days)
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        else:
            db.session.commit()
            # Shown on this answer only: it is not stored, so it cannot be shown again.
            return _page(ApiTokenForm(formdata=None), new_token=made.raw)
    return _page(form, status=400 if form.errors else 200)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):  # type: ignore[no-untyped-def]
    if not ActionForm().validate_on_submit():
        flash(_("The form was too old; please try again."), "warning")
        return redirect(url_for("auth.api_tokens_page"), 303)
    try:
        changed = api_tokens.revoke(current_user._get_current_object(), token_id)
    except NotFoundError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(
        _("The token is revoked: it no longer opens the API.")
        if changed
        else _("This token was already revoked."),
        "success",
    )
    return redirect(url_for("auth.api_tokens_page"), 303)
