"""The audit log: who did what to which record, when, with before and after."""

from __future__ import annotations

from typing import Any

from tracker.extensions import db
from tracker.models import AuditEvent, User, utcnow


def record(
    actor: User | None,
    action: str,
    entity: Any,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event for ``entity`` (a model instance, flushed so it has an id)."""
    if entity is not None and getattr(entity, "id", None) is None:
        db.session.flush()
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity_type=entity.__tablename__ if entity is not None else "system",
        entity_id=getattr(entity, "id", None),
        summary=summary[:300],
        before=before,
        after=after,
    )
    db.session.add(event)
    return event
