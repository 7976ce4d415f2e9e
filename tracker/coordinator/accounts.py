"""Accounts: list, invite, deactivate and reactivate."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.coordinator import bp
from tracker.coordinator.common import list_args, save
from tracker.coordinator.forms import AccountFilterForm, InviteForm
from tracker.extensions import db
from tracker.forms import ActionForm, page_arg
from tracker.models import User
from tracker.services import accounts, mail
from tracker.services.errors import ServiceError


@bp.get("/accounts", endpoint="accounts")
def accounts_page():  # type: ignore[no-untyped-def]
    form = AccountFilterForm(request.args)
    form.validate()
    query = accounts.search_users(
        q=form.q.data or "", role=form.role.data or "", status=form.status.data or ""
    )
    page = db.paginate(
        query, page=page_arg(), per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False
    )
    return render_template(
        "coordinator/accounts.html",
        page=page,
        form=form,
        args=list_args(),
        action_form=ActionForm(),
    )


@bp.route("/accounts/invite", methods=["GET", "POST"])
def invite():  # type: ignore[no-untyped-def]
    form = InviteForm()
    if form.validate_on_submit():
        invited = save(
            form,
            lambda: accounts.invite(
                form.email.data or "", form.display_name.data or "", form.role.data, current_user
            ),
        )
        if invited is not None:
            return _show_link(*invited)
    status = 400 if form.errors else 200
    return render_template("coordinator/invite.html", form=form), status


def _show_link(user: User, raw: str):  # type: ignore[no-untyped-def]
    link = url_for("auth.accept_invitation", token=raw, _external=True)
    # The invitation mail was queued with the account; the sender delivers it later.
    mailed = mail.mail_configured()
    return render_template("coordinator/invited.html", user=user, link=link, mailed=mailed)


def _account(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.post("/accounts/<int:user_id>/reinvite")
def reinvite(user_id: int):  # type: ignore[no-untyped-def]
    user = _account(user_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for("coordinator.accounts")), 303
    try:
        raw = accounts.reinvite(user, current_user)
    except ServiceError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("coordinator.accounts")), 303
    db.session.commit()
    return _show_link(user, raw)


def _set_active(user_id: int, active: bool):  # type: ignore[no-untyped-def]
    user = _account(user_id)
    if ActionForm().validate_on_submit():
        try:
            accounts.set_active(current_user, user, active)
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            if active:
                flash(_("%(name)s's account is reactivated.", name=user.display_name), "success")
            else:
                flash(_("%(name)s's account is deactivated.", name=user.display_name), "success")
    else:
        flash(_("The form expired. Please try again."), "error")
    return redirect(
        request.referrer if _same_site(request.referrer) else url_for("coordinator.accounts"), 303
    )


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)  # type: ignore[union-attr]


@bp.post("/accounts/<int:user_id>/deactivate")
def deactivate(user_id: int):  # type: ignore[no-untyped-def]
    return _set_active(user_id, False)


@bp.post("/accounts/<int:user_id>/reactivate")
def reactivate(user_id: int):  # type: ignore[no-untyped-def]
    return _set_active(user_id, True)
