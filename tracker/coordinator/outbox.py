"""The Outbox page: every message waiting, sent or failed, and the text of those not
delivered, so that an invitation or reset link can be passed on by hand."""

from __future__ import annotations

from flask import current_app, render_template, request

from tracker.coordinator import bp
from tracker.coordinator.common import list_args
from tracker.extensions import db
from tracker.forms import page_arg
from tracker.models import OutboxMessage, OutboxStatus
from tracker.services import mail, outbox


@bp.get("/outbox")
def outbox_page():  # type: ignore[no-untyped-def]
    status = request.args.get("status", "")
    if status not in set(OutboxStatus):
        status = ""
    page = db.paginate(
        outbox.listing(status),
        page=page_arg(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "coordinator/outbox.html",
        page=page,
        status=status,
        statuses=list(OutboxStatus),
        counts=outbox.counts(),
        configured=mail.mail_configured(),
        args=list_args(),
    )


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id: int):  # type: ignore[no-untyped-def]
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template(
        "coordinator/outbox_message.html",
        message=message,
        body_visible=outbox.body_visible(message),
    )
