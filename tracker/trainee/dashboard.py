"""The trainee's start page: where they stand, what waits, what to do next.

Every number comes from the eligibility service or an aggregate query; this
view only arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel.dates import format_date
from flask import current_app, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from tracker import policies
from tracker.extensions import db
from tracker.formatting import locale
from tracker.models import Certification, Enrolment, Program
from tracker.services import certificate_steps, ethics, progress, training
from tracker.services import hours as hours_service
from tracker.services.certificate_steps import HolderSteps
from tracker.services.certifications import StateView, format_code
from tracker.services.charts import bar_chart_svg, format_number
from tracker.services.dates import local_today
from tracker.services.eligibility import Eligibility, RuleResult
from tracker.services.requirements import Refs
from tracker.trainee import bp
from tracker.trainee.evidence import requirement_links

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
class ProgramView:
    program: Program
    eligibility: Eligibility
    held: Certification | None
    # Requirement key -> (url, link text): where the missing evidence is given.
    links: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The latest certificate in the program that ended (lapsed or revoked), when none is held.
    ended: CertificationView | None = None


@dataclass(frozen=True)
class CertificationView:
    certification: Certification
    state: StateView
    code: str
    renewal: list[RuleResult]
    steps: HolderSteps


def num(value: float) -> str:
    return format_number(value)


def _certifications(today: date) -> list[CertificationView]:
    views = []
    refs = Refs()  # the catalogue, read once for every renewal on the page
    for certification in db.session.scalars(
        policies.visible_certifications(current_user).order_by(
            Certification.issued_on.desc(), Certification.id.desc()
        )
    ):
        steps = certificate_steps.for_holder(certification, today, refs)
        views.append(
            CertificationView(
                certification,
                steps.state,
                format_code(certification.verification_code),
                steps.renewal,
                steps,
            )
        )
    return views


def chart_caption() -> str:
    """The chart's title, also its table's caption."""
    return ngettext(
        "Approved hours per month, last %(num)d month",
        "Approved hours per month, last %(num)d months",
        CHART_MONTHS,
    )


def _chart(today: date) -> tuple[Any, list[tuple[str, str]], float]:
    months = hours_service.approved_minutes_by_month(
        today, CHART_MONTHS, trainee_id=current_user.id
    )
    series = []
    for start, minutes in months:
        label = format_date(start, "LLL", locale=locale())
        if start.month == 1 or start == months[0][0]:
            label += "\n" + str(start.year)
        series.append((label, minutes / 60))
    svg = bar_chart_svg(
        series,
        chart_caption(),
        (ngettext("hour", "hours", 1), ngettext("hour", "hours", 2)),
        width=520,
        height=240,
        chart_id="hours-chart",
    )
    rows = [
        (format_date(start, "LLLL y", locale=locale()), num(minutes / 60))
        for start, minutes in months
    ]
    return svg, rows, sum(m for _, m in months) / 60


@bp.get("/dashboard")
def dashboard():  # type: ignore[no-untyped-def]
    today = local_today()
    certifications = _certifications(today)
    held = {c.certification.program_id: c.certification for c in certifications if c.state.held}
    ended: dict[int, CertificationView] = {}
    for c in certifications:  # newest first
        if not c.state.held:
            ended.setdefault(c.certification.program_id, c)
    programs = db.session.scalars(
        select(Program)
        .join(Enrolment, Enrolment.program_id == Program.id)
        .where(Enrolment.trainee_id == current_user.id, Enrolment.withdrawn_at.is_(None))
        .order_by(Program.name)
    ).all()
    verdicts = progress.eligibility(current_user.id, list(programs), today)
    pending_count, pending_reports = training.pending_reports(current_user.id)
    chart_svg, chart_rows, chart_total = _chart(today)
    links = requirement_links([p.id for p in programs])
    return render_template(
        "trainee/dashboard.html",
        programs=[
            ProgramView(
                program=p,
                eligibility=verdicts[p.id],
                held=held.get(p.id),
                links=links[p.id],
                ended=None if p.id in held else ended.get(p.id),
            )
            for p in programs
        ],
        certifications=certifications,
        pending_hours=hours_service.pending_total(current_user.id),
        rejected_hours=hours_service.uncorrected_rejections(current_user.id),
        pending_report_count=pending_count,
        pending_reports=pending_reports,
        ethics_statuses=[
            s for s in ethics.statuses_for(current_user.id) if s.needs_acknowledgement
        ],
        chart_svg=chart_svg,
        chart_rows=chart_rows,
        chart_total=chart_total,
        chart_caption=chart_caption(),
        today=today,
    )
