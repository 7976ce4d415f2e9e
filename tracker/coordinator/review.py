"""The review queue: pending hours (approve, reject, approve a selection) and
self-reported modules (verify, reject).

When two coordinators decide the same entry at once, the service lets one
decision stand; the other coordinator is sent back to the queue with a
warning saying who decided it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from tracker.coordinator import bp
from tracker.coordinator.common import (
    as_int,
    back,
    csrf_ok,
    current_path,
    list_args,
    module_choices,
)
from tracker.coordinator.page_forms import (
    CompletionFilterForm,
    ReasonForm,
    ReviewFilterForm,
)
from tracker.coordinator.paging import RowPage
from tracker.extensions import db
from tracker.formatting import hours_text, human_date
from tracker.forms import ActionForm, apply_errors
from tracker.models import (
    CompletionSource,
    CompletionStatus,
    HourEntry,
    HourStatus,
    ModuleCompletion,
)
from tracker.services import review
from tracker.services.errors import ConflictError, NotFoundError, ValidationError


def _queue(  # type: ignore[no-untyped-def]
    template: str, form: Any, query: Any, valid: bool, count: Any = None, **extra: Any
):
    """A review queue page: the pending rows, with the one-button forms' token.
    ``?select=all`` ticks every entry of the page (select-all without JavaScript)."""
    args = list_args()
    extra.setdefault("ticked", set())
    extra.setdefault("bulk_errors", {})
    extra.setdefault("bulk_reason", "")
    return render_template(
        template,
        form=form,
        page=RowPage(query, count=count),
        args=args,
        action_form=ActionForm(),
        here=current_path(),
        select_all=request.args.get("select") == "all",
        select_all_url=url_for(
            "coordinator.review_modules" if "modules" in template else "coordinator.review",
            **{**args, "select": "all"},
        )
        + "#review-form",
        **extra,
    ), (200 if valid else 400)


def _decide(  # type: ignore[no-untyped-def]
    queue: str, decide: Callable[[], Any], missing: str, done: Callable[[Any], str], repeat: str
):
    """A one-button decision from a queue; a repeat of one's own decision changes nothing."""
    if not csrf_ok():
        return back(queue)
    try:
        decision = decide()
    except NotFoundError:
        db.session.rollback()
        flash(missing, "error")
        return back(queue)
    except ConflictError as exc:
        db.session.rollback()
        flash(exc.message, "warning")
        return back(queue)
    db.session.commit()
    if decision.changed:
        flash(done(decision.record), "success")
    else:
        flash(repeat, "info")
    return back(queue)


def _reject(  # type: ignore[no-untyped-def]
    queue: str,
    kind: str,
    shown: dict[str, Any],
    reject: Callable[[str], Any],
    done: Callable[[], str],
):
    """The reason form for a rejection, and the rejection when it is posted."""
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            reject(form.reason.data)
        except ValidationError as exc:
            db.session.rollback()
            apply_errors(form, exc)
        except ConflictError as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return redirect(url_for(queue), 303)
        else:
            db.session.commit()
            flash(done(), "success")
            return back(queue)
    status = 400 if form.errors else 200
    return render_template(
        "coordinator/reject.html",
        form=form,
        kind=kind,
        next=request.form.get("next") or request.args.get("next", ""),
        **shown,
    ), status


@bp.get("/review", endpoint="review")
def review_hours():  # type: ignore[no-untyped-def]
    form = ReviewFilterForm(request.args)
    valid = form.validate()
    filters = review.HourFilters()
    if valid:
        filters = review.HourFilters(
            q=form.q.data or "",
            activity=form.activity.data or "",
            supervised=form.supervised.data or "",
            start=form.start.data,
            end=form.end.data,
        )
    return _queue(
        "coordinator/review_hours.html",
        form,
        review.pending_hours(filters),
        valid,
        count=review.pending_hours_count(filters),
    )


@bp.post("/review/hours/<int:entry_id>/approve")
def approve_hours(entry_id: int):  # type: ignore[no-untyped-def]
    return _decide(
        "coordinator.review",
        lambda: review.approve_hours(entry_id, current_user),
        _("That entry does not exist."),
        lambda entry: _(
            "Approved %(hours)s of %(name)s on %(date)s.",
            hours=hours_text(entry.minutes),
            name=entry.trainee.display_name,
            date=human_date(entry.worked_on),
        ),
        _("You had already approved this entry."),
    )


@bp.post("/review/hours/approve-selected")
def bulk_approve():  # type: ignore[no-untyped-def]
    if not csrf_ok():
        return back("coordinator.review")
    ids = [i for i in (as_int(v) for v in request.form.getlist("selected")) if i]
    try:
        result = review.bulk_approve(ids, current_user)
    except ValidationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return back("coordinator.review")
    db.session.commit()
    if result.approved:
        count = len(result.approved)
        flash(ngettext("Approved %(num)d entry.", "Approved %(num)d entries.", count), "success")
    if result.skipped:
        count = len(result.skipped)
        flash(
            ngettext(
                "%(num)d entry was already decided by someone else and left as they were.",
                "%(num)d entries were already decided by someone else and left as they were.",
                count,
            ),
            "warning",
        )
    if not result.approved and not result.skipped:
        flash(_("You had already approved these entries."), "info")
    return back("coordinator.review")


@bp.post("/review/hours/reject-selected")
def bulk_reject():  # type: ignore[no-untyped-def]
    """Reject the ticked entries with one reason; without a reason or a tick, the queue
    again with the message next to the field and the ticks kept."""
    if not csrf_ok():
        return back("coordinator.review")
    ids = [i for i in (as_int(v) for v in request.form.getlist("selected")) if i]
    reason = request.form.get("bulk_reason", "")
    try:
        result = review.bulk_reject(ids, current_user, reason)
    except ValidationError as exc:
        db.session.rollback()
        return _queue(
            "coordinator/review_hours.html",
            ReviewFilterForm(formdata=None),
            review.pending_hours(review.HourFilters()),
            False,
            count=review.pending_hours_count(review.HourFilters()),
            bulk_errors=exc.errors,
            ticked=set(ids),
            bulk_reason=reason,
        )
    db.session.commit()
    if result.approved:
        count = len(result.approved)
        flash(
            ngettext(
                "Rejected %(num)d entry; each trainee sees your reason.",
                "Rejected %(num)d entries; each trainee sees your reason.",
                count,
            ),
            "success",
        )
    if result.skipped:
        count = len(result.skipped)
        flash(
            ngettext(
                "%(num)d entry was already decided by someone else and left as they were.",
                "%(num)d entries were already decided by someone else and left as they were.",
                count,
            ),
            "warning",
        )
    if not result.approved and not result.skipped:
        flash(_("You had already rejected these entries."), "info")
    return back("coordinator.review")


@bp.route("/review/hours/<int:entry_id>/reject", methods=["GET", "POST"])
def reject_hours(entry_id: int):  # type: ignore[no-untyped-def]
    entry = db.get_or_404(HourEntry, entry_id)
    if entry.status != HourStatus.PENDING:
        already = {
            HourStatus.APPROVED: _("This entry is already approved; there is nothing to decide."),
            HourStatus.REJECTED: _("This entry is already rejected; there is nothing to decide."),
        }
        flash(
            already.get(entry.status, _("This entry was withdrawn; there is nothing to decide.")),
            "warning",
        )
        return redirect(url_for("coordinator.review"), 303)
    return _reject(
        "coordinator.review",
        "hours",
        {"entry": entry},
        lambda reason: review.reject_hours(entry.id, current_user, reason),
        lambda: _(
            "Rejected the entry of %(name)s; they see your reason.",
            name=entry.trainee.display_name,
        ),
    )


# --- self-reported modules ------------------------------------------------------------------


@bp.get("/review/modules")
def review_modules():  # type: ignore[no-untyped-def]
    form = CompletionFilterForm(request.args)
    form.module.choices = module_choices(_("Any module"))
    valid = form.validate()
    query = review.pending_completions(
        q=(form.q.data or "") if valid else "",
        module_id=as_int(form.module.data) if valid else None,
    )
    return _queue("coordinator/review_modules.html", form, query, valid)


@bp.post("/review/modules/<int:completion_id>/verify")
def verify_completion(completion_id: int):  # type: ignore[no-untyped-def]
    return _decide(
        "coordinator.review_modules",
        lambda: review.verify_completion(completion_id, current_user),
        _("That report does not exist."),
        lambda completion: _(
            "Verified %(code)s for %(name)s.",
            code=completion.module.code,
            name=completion.trainee.display_name,
        ),
        _("You had already verified this report."),
    )


@bp.route("/review/modules/<int:completion_id>/reject", methods=["GET", "POST"])
def reject_completion(completion_id: int):  # type: ignore[no-untyped-def]
    completion = db.get_or_404(ModuleCompletion, completion_id)
    if completion.source != CompletionSource.SELF_REPORTED:
        return redirect(url_for("coordinator.review_modules"), 303)
    if completion.status != CompletionStatus.PENDING:
        flash(
            _("This report is already verified; there is nothing to decide.")
            if completion.status == CompletionStatus.VERIFIED
            else _("This report is already rejected; there is nothing to decide."),
            "warning",
        )
        return redirect(url_for("coordinator.review_modules"), 303)
    return _reject(
        "coordinator.review_modules",
        "module",
        {"completion": completion},
        lambda reason: review.reject_completion(completion.id, current_user, reason),
        lambda: _(
            "Rejected %(code)s reported by %(name)s.",
            code=completion.module.code,
            name=completion.trainee.display_name,
        ),
    )
