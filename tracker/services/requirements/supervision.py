"""Supervision hours: approved supervision sessions, individual, group or either.

Supervision is its own record (a session with a supervisor), never counted as
experience hours, and experience hours never count here.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select

from tracker.extensions import db
from tracker.formatting import nhours
from tracker.models import ReviewStatus, SupervisionFormat, SupervisionRecord
from tracker.services.requirements.base import (
    Context,
    Kind,
    Requirement,
    RuleResult,
    counted_from,
    hours_number,
    hours_to_minutes,
    minutes_to_hours,
    with_window,
)

FORMATS = ("any", *(f.value for f in SupervisionFormat))


class SupervisionHours(Kind):
    name = "supervision_hours"
    title = _l("Supervision hours")
    summary = _l("Approved supervision sessions with a supervisor, individual, group or either.")

    def properties(self) -> dict[str, Any]:
        return {
            "hours": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 10_000,
                "multipleOf": 0.25,
            },
            "format": {"enum": list(FORMATS)},
        }

    def required_properties(self) -> list[str]:
        return ["hours"]

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        return {
            "minutes": hours_to_minutes(data["hours"], f"{path}.hours"),
            "format": data.get("format", "any"),
        }

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"hours": hours_number(settings["minutes"])}
        if settings.get("format", "any") != "any":
            data["format"] = settings["format"]
        return data

    def describe(self, requirement: Requirement, refs: Any) -> str:
        minutes = requirement.settings["minutes"]
        form = requirement.settings.get("format", "any")
        if form == SupervisionFormat.INDIVIDUAL:
            text = nhours(
                "%(hours)s hour of individual supervision",
                "%(hours)s hours of individual supervision",
                minutes,
            )
        elif form == SupervisionFormat.GROUP:
            text = nhours(
                "%(hours)s hour of group supervision",
                "%(hours)s hours of group supervision",
                minutes,
            )
        else:
            text = nhours(
                "%(hours)s hour of supervision", "%(hours)s hours of supervision", minutes
            )
        return with_window(text, requirement)

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        settings = requirement.settings
        required = int(settings["minutes"])
        conditions = [
            SupervisionRecord.trainee_id.in_(context.trainee_ids),
            SupervisionRecord.held_on <= context.as_of,
            SupervisionRecord.status.in_([ReviewStatus.APPROVED, ReviewStatus.PENDING]),
        ]
        if settings.get("format", "any") != "any":
            conditions.append(SupervisionRecord.format == settings["format"])
        since = context.since(requirement)
        if since is not None:
            conditions.append(SupervisionRecord.held_on >= since)
        approved = SupervisionRecord.status == ReviewStatus.APPROVED
        rows = {
            trainee_id: (int(done or 0), int(waiting or 0), oldest)
            for trainee_id, done, waiting, oldest in db.session.execute(
                select(
                    SupervisionRecord.trainee_id,
                    func.sum(case((approved, SupervisionRecord.minutes), else_=0)),
                    func.sum(case((approved, 0), else_=SupervisionRecord.minutes)),
                    func.min(case((approved, SupervisionRecord.held_on), else_=None)),
                )
                .where(and_(*conditions))
                .group_by(SupervisionRecord.trainee_id)
            )
        }
        label = requirement.label or self.describe(requirement, refs)
        results = {}
        for trainee_id in context.trainee_ids:
            done, waiting, oldest = rows.get(trainee_id, (0, 0, None))
            met = done >= required
            step = ""
            if not met:
                step = nhours(
                    "Log %(hours)s more hour of supervision sessions, and have it approved.",
                    "Log %(hours)s more hours of supervision sessions, and have them approved.",
                    required - done,
                )
                if waiting:
                    step += " " + nhours(
                        "%(hours)s hour is waiting for review.",
                        "%(hours)s hours are waiting for review.",
                        waiting,
                    )
            results[trainee_id] = RuleResult(
                requirement.key,
                self.name,
                label,
                minutes_to_hours(required),
                minutes_to_hours(done),
                minutes_to_hours(waiting),
                met,
                "hours",
                counted_from(context, requirement),
                step,
                changes_on=context.leaves_window(oldest, requirement),
            )
        return results
