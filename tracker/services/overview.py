"""Counts for the coordinator's dashboard, each one aggregate query."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import CompletionStatus, HourEntry, HourStatus, ModuleCompletion, Role, User


def coordinator_counts() -> dict[str, int]:
    pending_hours = (
        select(func.count()).select_from(HourEntry).where(HourEntry.status == HourStatus.PENDING)
    )
    pending_completions = (
        select(func.count())
        .select_from(ModuleCompletion)
        .where(ModuleCompletion.status == CompletionStatus.PENDING)
    )
    active_trainees = (
        select(func.count())
        .select_from(User)
        .where(User.role == Role.TRAINEE, User.active.is_(True))
    )
    return {
        "pending_hours": db.session.scalar(pending_hours) or 0,
        "pending_completions": db.session.scalar(pending_completions) or 0,
        "active_trainees": db.session.scalar(active_trainees) or 0,
    }
