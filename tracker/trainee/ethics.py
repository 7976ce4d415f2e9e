"""The code of ethics: read the current version and acknowledge it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.forms import apply_errors
from tracker.services import ethics as ethics_service
from tracker.services.errors import ConflictError, ServiceError, ValidationError
from tracker.trainee import bp
from tracker.trainee.forms import AcknowledgeForm

MSG_CONFIRM = "Tick the box to confirm that you have read the code and will follow it."


@bp.route("/ethics", methods=["GET", "POST"])
def ethics():  # type: ignore[no-untyped-def]
    form = AcknowledgeForm()
    if form.validate_on_submit():
        if not form.confirm.data:
            apply_errors(form, ValidationError(MSG_CONFIRM, "confirm"))
        else:
            try:
                result = ethics_service.acknowledge(current_user, form.version_id.data)
            except ConflictError as exc:
                db.session.rollback()
                flash(exc.message, "warning")
                return redirect(url_for("trainee.ethics"), 303)
            except ServiceError as exc:
                db.session.rollback()
                flash(exc.message, "error")
                return redirect(url_for("trainee.ethics"), 303)
            db.session.commit()
            ack = result.acknowledgement
            flash(
                f"Thank you. You acknowledged version {ack.version.version} on "
                f"{human_date(ack.acknowledged_at)}.",
                "success",
            )
            return redirect(url_for("trainee.ethics"), 303)
    status = ethics_service.status_for(current_user.id)
    if status.current is not None:
        form.version_id.data = str(status.current.id)
    return render_template(
        "trainee/ethics.html",
        form=form,
        status=status,
        history=ethics_service.acknowledgements(current_user.id),
    ), (400 if form.errors else 200)
