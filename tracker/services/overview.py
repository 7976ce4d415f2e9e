"""Counts for the coordinator's dashboard: what needs attention.

Each count is one aggregate query, except "eligible, not yet certified",
which is the eligibility service's verdict over the trainees who could be
eligible (see :func:`tracker.services.trainees.eligible_enrolments`).
Each count has a filtered list behind it; the dashboard links to it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import (
    CompletionSource,
    CompletionStatus,
    HourEntry,
    HourStatus,
    ModuleCompletion,
    Role,
    User,
)
from tracker.services.dates import local_today


def coordinator_counts(today: date | None = None) -> dict[str, int]:
    from tracker.services import reports, trainees

    today = today or local_today()
    pending_hours = (
        select(func.count()).select_from(HourEntry).where(HourEntry.status == HourStatus.PENDING)
    )
    pending_completions = (
        select(func.count())
        .select_from(ModuleCompletion)
        .where(
            ModuleCompletion.status == CompletionStatus.PENDING,
            ModuleCompletion.source == CompletionSource.SELF_REPORTED,
        )
    )
    active_trainees = (
        select(func.count())
        .select_from(User)
        .where(User.role == Role.TRAINEE, User.active.is_(True))
    )
    from tracker.services.evidence_review import pending_counts

    evidence = pending_counts()
    return {
        "pending_evidence": sum(evidence.values()),
        "pending_supervision": evidence["supervision"],
        "pending_documents": evidence["documents"],
        "pending_training": evidence["training"],
        "pending_hours": db.session.scalar(pending_hours) or 0,
        "pending_completions": db.session.scalar(pending_completions) or 0,
        "active_trainees": db.session.scalar(active_trainees) or 0,
        "eligible_not_certified": trainees.eligible_count(today),
        "expiring_soon": reports.expiring_soon_count(today),
        "lapsed": reports.lapsed_count(),
    }
