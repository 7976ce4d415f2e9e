"""Reports (charts and tables), streamed CSV exports, and the read-only audit log."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_babel import ngettext

from tracker.coordinator import bp
from tracker.coordinator.certifications import certification_filters
from tracker.coordinator.common import as_int, list_args, program_choices
from tracker.coordinator.page_forms import (
    AuditFilterForm,
    ReportFilterForm,
    choices,
)
from tracker.extensions import db
from tracker.forms import page_arg
from tracker.services import charts, csv_safe, reports
from tracker.services.dates import local_today


def _report_form() -> tuple[ReportFilterForm, reports.ReportFilters, bool]:
    form = ReportFilterForm(request.args)
    form.program.choices = program_choices(_("All programs"))
    valid = form.validate()
    filters = reports.ReportFilters.default()
    if valid:
        if request.args.get("start") or request.args.get("end"):
            filters = reports.ReportFilters(start=form.start.data, end=form.end.data)
        filters.program_id = as_int(form.program.data)
    if not request.args.get("start") and not request.args.get("end"):
        form.start.data, form.end.data = filters.start, filters.end
    return form, filters, valid


@bp.get("/reports", endpoint="reports")
def reports_page():  # type: ignore[no-untyped-def]
    form, filters, valid = _report_form()
    hours = reports.hour_sums(filters)
    months, activities = hours.months, hours.activities
    quarters = reports.certifications_per_quarter(filters)
    month_series = [(f"{m.label[:3]}\n{m.year}", m.minutes / 60) for m in months]
    activity_series = [(a.label, a.minutes / 60) for a in activities]
    quarter_series = [
        (_("Q%(quarter)s\n%(year)s", quarter=q.quarter, year=q.year), float(q.issued))
        for q in quarters
    ]
    return render_template(
        "coordinator/reports.html",
        form=form,
        filters=filters,
        months=months,
        activities=activities,
        quarters=quarters,
        pending_minutes=hours.pending_minutes,
        funnel=reports.funnel(filters.program_id),
        expiring=reports.expiring_list(filters.program_id),
        lapsed=reports.lapsed_list(filters.program_id),
        month_chart=charts.bar_chart_svg(
            month_series,
            _("Approved hours per month"),
            (ngettext("hour", "hours", 1), ngettext("hour", "hours", 2)),
            chart_id="chart-months",
        )
        if month_series
        else None,
        activity_chart=charts.bar_chart_svg(
            activity_series,
            _("Approved hours by activity"),
            (ngettext("hour", "hours", 1), ngettext("hour", "hours", 2)),
            chart_id="chart-activities",
        )
        if activity_series
        else None,
        quarter_chart=charts.bar_chart_svg(
            quarter_series,
            _("Certifications issued per quarter"),
            (
                ngettext("certificate issued", "certificates issued", 1),
                ngettext("certificate issued", "certificates issued", 2),
            ),
            chart_id="chart-quarters",
        )
        if quarter_series
        else None,
        export_args=_export_args(filters),
    ), (200 if valid else 400)


def _export_args(filters: reports.ReportFilters) -> dict[str, str]:
    args = {}
    if filters.start:
        args["start"] = filters.start.isoformat()
    if filters.end:
        args["end"] = filters.end.isoformat()
    if filters.program_id:
        args["program"] = str(filters.program_id)
    return args


def _csv_response(
    name: str, header: list[str] | None = None, rows: Any = None, body: Any = None
) -> Response:
    """Stream the CSV: each row is written as it is read, inside the request's context.
    ``body``: CSV bytes already written (the header included), instead of rows."""
    pieces = body if body is not None else csv_safe.csv_rows(header or [], rows)
    response = Response(stream_with_context(pieces), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _stamp(filters: reports.ReportFilters) -> str:
    start = filters.start.isoformat() if filters.start else "start"
    end = filters.end.isoformat() if filters.end else local_today().isoformat()
    return f"{start}-to-{end}"


def _bad_filters(form: Any) -> Response:
    messages = _("; ").join(
        _("%(field)s: %(message)s", field=form[name].label.text, message=errors[0])
        for name, errors in form.errors.items()
    )
    return Response(
        _("The filters are not valid: %(problems)s", problems=messages) + "\n",
        400,
        mimetype="text/plain",
    )


@bp.get("/reports/hours.csv")
def export_hours():  # type: ignore[no-untyped-def]
    form, filters, valid = _report_form()
    if not valid:
        return _bad_filters(form)
    status = request.args.get("status") or None
    if status not in (None, "approved", "pending", "rejected", "withdrawn"):
        status = None
    return _csv_response(
        f"hours-{_stamp(filters)}.csv", body=reports.export_hours_csv(filters, status)
    )


@bp.get("/reports/progress.csv")
def export_progress():  # type: ignore[no-untyped-def]
    program_id = as_int(request.args.get("program"))
    return _csv_response(
        f"progress-{local_today().isoformat()}.csv",
        reports.PROGRESS_HEADER,
        reports.export_progress(program_id),
    )


@bp.get("/reports/certifications.csv")
def export_certifications():  # type: ignore[no-untyped-def]
    form, filters, valid = certification_filters()
    if not valid:
        return _bad_filters(form)
    return _csv_response(
        f"certifications-{local_today().isoformat()}.csv",
        reports.CERTIFICATIONS_HEADER,
        reports.export_certifications(filters),
    )


# --- audit log ----------------------------------------------------------------------------------


@bp.get("/audit")
def audit_log():  # type: ignore[no-untyped-def]
    form = AuditFilterForm(request.args)
    actions = reports.audit_actions()
    groups = sorted({a.split(".")[0] + "." for a in actions if "." in a})
    form.action.choices = choices(
        [("", _("Any action"))]
        + [(g, _("Any %(group)s action", group=g[:-1])) for g in groups]
        + [(a, a) for a in actions]
    )
    form.actor.choices = choices(
        [("", _("Anyone")), ("system", _("The system (commands)"))]
        + [(u.id, f"{u.display_name} ({u.email})") for u in reports.audit_actors()]
    )
    form.entity_type.choices = choices(
        [("", _("Any record"))] + [(t, t.replace("_", " ")) for t in reports.audit_entity_types()]
    )
    valid = form.validate()
    filters = reports.AuditFilters()
    if valid:
        filters = reports.AuditFilters(
            action=form.action.data or "",
            actor_id=as_int(form.actor.data),
            system_only=form.actor.data == "system",
            entity_type=form.entity_type.data or "",
            start=form.start.data,
            end=form.end.data,
        )
    page = db.paginate(
        reports.audit_query(filters),
        page=page_arg(),
        per_page=current_app.config["ITEMS_PER_PAGE"],
        error_out=False,
    )
    return render_template("coordinator/audit_log.html", form=form, page=page, args=list_args()), (
        200 if valid else 400
    )
