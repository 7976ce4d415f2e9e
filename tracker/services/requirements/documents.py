"""Documents: so many accepted documents of one type (a diploma, three letters...).

A document counts once a coordinator accepted it, while it has not expired,
and when the date it bears lies inside the look-back window.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import and_, or_, select

from tracker.extensions import db
from tracker.models import Document, ReviewStatus
from tracker.services.errors import ValidationError
from tracker.services.requirements.base import (
    Context,
    Kind,
    Requirement,
    RuleResult,
    counted_from,
    earliest,
    with_window,
)

MAX_COUNT = 20


class Documents(Kind):
    name = "documents"
    title = _l("Documents")
    summary = _l(
        "Evidence the program asks for: a diploma, a transcript, a signed release, letters "
        "of recommendation..."
    )

    def properties(self) -> dict[str, Any]:
        return {
            "document_type": {"type": "string", "minLength": 1, "maxLength": 40},
            "count": {"type": "integer", "minimum": 1, "maximum": MAX_COUNT},
        }

    def required_properties(self) -> list[str]:
        return ["document_type"]

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        document_type = refs.document_types.by_code(data["document_type"])
        if document_type is None:
            raise ValidationError(
                {
                    f"{path}.document_type": [
                        _("No document type has the code %(code)s.", code=data["document_type"])
                    ]
                }
            )
        return {"document_type_id": document_type.id, "count": int(data.get("count", 1))}

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "document_type": refs.document_types.code(settings["document_type_id"])
        }
        if int(settings.get("count", 1)) != 1:
            data["count"] = int(settings["count"])
        return data

    def describe(self, requirement: Requirement, refs: Any) -> str:
        name = refs.document_types.name(requirement.settings["document_type_id"])
        count = int(requirement.settings.get("count", 1))
        if count == 1:
            return with_window(name, requirement)
        return with_window(
            ngettext("%(document)s (%(num)d)", "%(document)s (%(num)d)", count, document=name),
            requirement,
        )

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        settings = requirement.settings
        type_id = settings["document_type_id"]
        needed = int(settings.get("count", 1))
        conditions = [
            Document.trainee_id.in_(context.trainee_ids),
            Document.document_type_id == type_id,
            Document.status.in_([ReviewStatus.APPROVED, ReviewStatus.PENDING]),
            Document.dated_on <= context.as_of,
            or_(Document.expires_on.is_(None), Document.expires_on >= context.as_of),
        ]
        since = context.since(requirement)
        if since is not None:
            conditions.append(Document.dated_on >= since)
        rows = db.session.execute(
            select(
                Document.trainee_id,
                Document.status,
                Document.dated_on,
                Document.expires_on,
                Document.decided_at,
            ).where(and_(*conditions))
        ).all()
        accepted: dict[int, list[Any]] = {}
        waiting: dict[int, int] = {}
        for trainee_id, status, dated_on, expires_on, decided_at in rows:
            if status == ReviewStatus.APPROVED:
                accepted.setdefault(trainee_id, []).append((dated_on, expires_on, decided_at))
            else:
                waiting[trainee_id] = waiting.get(trainee_id, 0) + 1
        name = refs.document_types.name(type_id)
        label = requirement.label or self.describe(requirement, refs)
        results = {}
        for trainee_id in context.trainee_ids:
            have = accepted.get(trainee_id, [])
            met = len(have) >= needed
            pending = waiting.get(trainee_id, 0)
            step = ""
            if not met:
                step = ngettext(
                    "Upload %(document)s for a coordinator to accept.",
                    "Upload %(num)d more documents of the type “%(document)s” for a "
                    "coordinator to accept.",
                    needed - len(have),
                    document=name,
                )
                if pending:
                    step += " " + ngettext(
                        "%(num)d is waiting for review.", "%(num)d are waiting for review.", pending
                    )
            changes = earliest(
                *(context.after_today(exp + timedelta(days=1)) for _d, exp, _t in have if exp),
                *(context.leaves_window(d, requirement) for d, _e, _t in have),
            )
            met_on = None
            if met:
                decided = sorted(t.date() for _d, _e, t in have if t is not None)
                met_on = decided[needed - 1] if len(decided) >= needed else None
            results[trainee_id] = RuleResult(
                requirement.key,
                self.name,
                label,
                needed,
                len(have),
                pending,
                met,
                "documents",
                counted_from(context, requirement),
                step,
                met_on=met_on,
                changes_on=changes,
            )
        return results
