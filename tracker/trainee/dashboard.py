"""The trainee's start page: where they stand, what waits, what to do next.

Every number comes from the eligibility service or an aggregate query; this
view only arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker import policies
from tracker.extensions import db
from tracker.models import Certification, CertificationState, Enrolment, HourRule, Program
from tracker.services import ethics, training
from tracker.services import hours as hours_service
from tracker.services.certifications import HELD_STATES, format_code, state_on
from tracker.services.charts import bar_chart_svg, format_number
from tracker.services.dates import local_today
from tracker.services.eligibility import (
    Eligibility,
    RuleResult,
    describe_hour_rule,
    evaluate,
    evaluate_renewal,
)
from tracker.trainee import bp

CHART_MONTHS = 12


def endpoint_url(endpoint: str, **values: Any) -> str | None:
    """The URL of ``endpoint`` when that page exists in this installation, else None."""
    if endpoint in current_app.view_functions:
        return url_for(endpoint, **values)
    return None


def certificates_url() -> str | None:
    """The trainee's certificates page, when it exists."""
    return endpoint_url("trainee.certifications")


def sentence(text: str) -> str:
    """``text`` with its first letter upper-cased (Jinja's capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


@bp.context_processor
def _trainee_helpers() -> dict[str, Any]:
    return {"certificates_url": certificates_url, "num": format_number, "sentence": sentence}


@dataclass(frozen=True)
class RuleView:
    rule: RuleResult
    text: str  # "18.5 of 25 supervised hours"


@dataclass(frozen=True)
class ProgramView:
    program: Program
    eligibility: Eligibility
    modules: list[RuleResult]
    modules_done: int
    hour_rules: list[RuleView]
    ethics: RuleResult | None
    held: Certification | None


@dataclass(frozen=True)
class CertificationView:
    certification: Certification
    state: CertificationState
    code: str
    renewal: list[RuleResult]


def _hour_text(rule: RuleResult, rules_by_key: dict[str, HourRule]) -> str:
    source = rules_by_key.get(rule.key)
    what = describe_hour_rule(source) if source is not None else f"{num(rule.required)} hours"
    return f"{num(rule.done)} of {what}"


def num(value: float) -> str:
    return format_number(value)


def _program_view(program: Program, today: date, held: Certification | None) -> ProgramView:
    eligibility = evaluate(current_user, program, today)
    modules = eligibility.of_kind("module")
    by_key = {f"hours:{rule.id}": rule for rule in program.hour_rules}
    ethics_rules = eligibility.of_kind("ethics")
    return ProgramView(
        program=program,
        eligibility=eligibility,
        modules=modules,
        modules_done=sum(1 for m in modules if m.met),
        hour_rules=[RuleView(r, _hour_text(r, by_key)) for r in eligibility.of_kind("hours")],
        ethics=ethics_rules[0] if ethics_rules else None,
        held=held,
    )


def _certifications(today: date) -> list[CertificationView]:
    views = []
    for certification in db.session.scalars(
        policies.visible_certifications(current_user).order_by(
            Certification.issued_on.desc(), Certification.id.desc()
        )
    ):
        state = state_on(certification, today)
        renewal: list[RuleResult] = []
        if state in HELD_STATES:
            renewal = [r for r in evaluate_renewal(certification, today).rules if r.required > 0]
        views.append(
            CertificationView(
                certification, state, format_code(certification.verification_code), renewal
            )
        )
    return views


def _chart(today: date) -> tuple[Any, list[tuple[str, str]], float]:
    months = hours_service.approved_minutes_by_month(
        today, CHART_MONTHS, trainee_id=current_user.id
    )
    series = []
    for start, minutes in months:
        label = start.strftime("%b")
        if start.month == 1 or start == months[0][0]:
            label += "\n" + start.strftime("%Y")
        series.append((label, minutes / 60))
    svg = bar_chart_svg(
        series,
        f"Approved hours per month, last {CHART_MONTHS} months",
        "hours",
        width=520,
        height=240,
        chart_id="hours-chart",
    )
    rows = [(start.strftime("%B %Y"), num(minutes / 60)) for start, minutes in months]
    return svg, rows, sum(m for _, m in months) / 60


@bp.get("/dashboard")
def dashboard():  # type: ignore[no-untyped-def]
    today = local_today()
    certifications = _certifications(today)
    held = {
        c.certification.program_id: c.certification
        for c in certifications
        if c.state in HELD_STATES
    }
    programs = db.session.scalars(
        select(Program)
        .join(Enrolment, Enrolment.program_id == Program.id)
        .where(Enrolment.trainee_id == current_user.id, Enrolment.withdrawn_at.is_(None))
        .order_by(Program.name)
    ).all()
    pending_count, pending_reports = training.pending_reports(current_user.id)
    chart_svg, chart_rows, chart_total = _chart(today)
    return render_template(
        "trainee/dashboard.html",
        programs=[_program_view(p, today, held.get(p.id)) for p in programs],
        certifications=certifications,
        pending_hours=hours_service.pending_total(current_user.id),
        rejected_hours=hours_service.uncorrected_rejections(current_user.id),
        pending_report_count=pending_count,
        pending_reports=pending_reports,
        ethics_status=ethics.status_for(current_user.id),
        chart_svg=chart_svg,
        chart_rows=chart_rows,
        chart_total=chart_total,
        today=today,
    )
