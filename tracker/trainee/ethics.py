"""Codes of ethics: read the current version of each code asked of the trainee, and acknowledge it.

Each code's acknowledgement form has its own prefix (``code3-``), so several
forms on the page keep distinct field ids and the posted one is known.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.forms import apply_errors
from tracker.services import ethics as ethics_service
from tracker.services.errors import ConflictError, ServiceError, ValidationError
from tracker.trainee import bp
from tracker.trainee.forms import AcknowledgeForm


def _prefix(code_id: int) -> str:
    return f"code{code_id}"


@bp.route("/ethics", methods=["GET", "POST"])
def ethics():  # type: ignore[no-untyped-def]
    statuses = ethics_service.statuses_for(current_user.id)
    forms: dict[int, AcknowledgeForm] = {}
    for status in statuses:
        if status.current is not None and status.acknowledged is None:
            form = AcknowledgeForm(prefix=_prefix(status.code.id))
            forms[status.code.id] = form
    failed = False
    if request.method == "POST":
        posted = next(
            (f for f in forms.values() if f.version_id.name in request.form), None
        ) or AcknowledgeForm(prefix="none")
        if posted.validate_on_submit():
            if not posted.confirm.data:
                apply_errors(
                    posted,
                    ValidationError(
                        _(
                            "Tick the box to confirm that you have read the code and will "
                            "follow it."
                        ),
                        "confirm",
                    ),
                )
                failed = True
            else:
                try:
                    result = ethics_service.acknowledge(current_user, posted.version_id.data)
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
                    _(
                        "Thank you. You acknowledged the %(code)s, version %(version)s, on "
                        "%(date)s.",
                        code=ack.version.code.name,
                        version=ack.version.version,
                        date=human_date(ack.acknowledged_at),
                    ),
                    "success",
                )
                return redirect(url_for("trainee.ethics"), 303)
        else:
            failed = True
    for status in statuses:
        form = forms.get(status.code.id)
        if form is not None and not form.version_id.data:
            form.version_id.data = str(status.current.id)  # type: ignore[union-attr]
    return render_template(
        "trainee/ethics.html",
        statuses=statuses,
        forms=forms,
        history=ethics_service.acknowledgements(current_user.id),
    ), (400 if failed else 200)
