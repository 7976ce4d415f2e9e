"""Training hours, in total or in some training domains ("10 hours in Advocacy").

Counted from two sources:

* completed modules: verified, passed where the module has a pass mark, each
  module once however often it was completed (its newest counted
  completion); in total its contact hours, in a domain the hours the module
  gives that domain;
* training taken elsewhere, verified by a coordinator: in total its hours, in a
  domain the hours its report gives that domain.

Only what lies inside the look-back window counts.  The same counting serves
continuing education for renewal (:func:`credits`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from tracker.extensions import db
from tracker.formatting import nhours
from tracker.models import (
    CompletionStatus,
    ExternalTraining,
    ExternalTrainingDomain,
    Module,
    ModuleCompletion,
    ReviewStatus,
)
from tracker.services.errors import ValidationError
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

MAX_HOURS = 10_000


@dataclass
class Credit:
    """Training hours a trainee has (or has waiting for review), by source."""

    day: date
    minutes: int
    domains: dict[int, int]
    approved: bool


@dataclass
class Credits:
    items: list[Credit] = field(default_factory=list)

    def minutes(self, domain_ids: list[int] | None, approved: bool = True) -> int:
        return sum(
            self._of(credit, domain_ids) for credit in self.items if credit.approved == approved
        )

    @staticmethod
    def _of(credit: Credit, domain_ids: list[int] | None) -> int:
        if not domain_ids:
            return credit.minutes
        return sum(credit.domains.get(d, 0) for d in domain_ids)

    def met_on(self, domain_ids: list[int] | None, required: int) -> date | None:
        """The day the approved hours reached ``required`` (oldest first)."""
        total = 0
        for credit in sorted((c for c in self.items if c.approved), key=lambda c: c.day):
            total += self._of(credit, domain_ids)
            if total >= required:
                return credit.day
        return None

    def oldest(self, domain_ids: list[int] | None) -> date | None:
        days = [c.day for c in self.items if c.approved and self._of(c, domain_ids) > 0]
        return min(days) if days else None


def credits(
    trainee_ids: list[int], as_of: date, since: date | None, refs: Any
) -> dict[int, Credits]:
    """Every trainee's training credits between ``since`` (or ever) and ``as_of``.

    Two queries: module completions (newest per module and state), and external
    training with its domains.
    """
    result: dict[int, Credits] = {t: Credits() for t in trainee_ids}
    if not trainee_ids:
        return result
    counts = or_(Module.pass_mark.is_(None), ModuleCompletion.score >= Module.pass_mark)
    conditions = [
        ModuleCompletion.trainee_id.in_(trainee_ids),
        ModuleCompletion.completed_on <= as_of,
        ModuleCompletion.status.in_([CompletionStatus.VERIFIED, CompletionStatus.PENDING]),
    ]
    if since is not None:
        conditions.append(ModuleCompletion.completed_on >= since)
    rows = db.session.execute(
        select(
            ModuleCompletion.trainee_id,
            ModuleCompletion.module_id,
            ModuleCompletion.status,
            ModuleCompletion.completed_on,
            Module.contact_minutes,
        )
        .join(Module, Module.id == ModuleCompletion.module_id)
        .where(and_(*conditions), or_(ModuleCompletion.status == CompletionStatus.PENDING, counts))
        .order_by(ModuleCompletion.completed_on.desc(), ModuleCompletion.id.desc())
    ).all()
    module_domains = refs.module_domain_minutes()
    seen: set[tuple[int, int]] = set()
    waiting: dict[tuple[int, int], Credit] = {}
    for trainee_id, module_id, status, day, minutes in rows:
        if status == CompletionStatus.VERIFIED:
            if (trainee_id, module_id) in seen:
                continue
            seen.add((trainee_id, module_id))
            result[trainee_id].items.append(
                Credit(day, minutes, module_domains.get(module_id, {}), True)
            )
        else:
            waiting.setdefault(
                (trainee_id, module_id),
                Credit(day, minutes, module_domains.get(module_id, {}), False),
            )
    for (trainee_id, module_id), credit in waiting.items():
        if (trainee_id, module_id) not in seen:
            result[trainee_id].items.append(credit)

    conditions = [
        ExternalTraining.trainee_id.in_(trainee_ids),
        ExternalTraining.completed_on <= as_of,
        ExternalTraining.status.in_([ReviewStatus.APPROVED, ReviewStatus.PENDING]),
    ]
    if since is not None:
        conditions.append(ExternalTraining.completed_on >= since)
    trainings = db.session.execute(
        select(
            ExternalTraining.id,
            ExternalTraining.trainee_id,
            ExternalTraining.status,
            ExternalTraining.completed_on,
            ExternalTraining.minutes,
            ExternalTrainingDomain.domain_id,
            ExternalTrainingDomain.minutes,
        )
        .outerjoin(
            ExternalTrainingDomain,
            ExternalTrainingDomain.external_training_id == ExternalTraining.id,
        )
        .where(and_(*conditions))
    ).all()
    by_training: dict[int, Credit] = {}
    owner: dict[int, int] = {}
    for ident, trainee_id, status, day, minutes, domain_id, domain_minutes in trainings:
        credit = by_training.get(ident)
        if credit is None:
            credit = Credit(day, minutes, {}, status == ReviewStatus.APPROVED)
            by_training[ident] = credit
            owner[ident] = trainee_id
        if domain_id is not None:
            credit.domains[domain_id] = domain_minutes
    for ident, credit in by_training.items():
        result[owner[ident]].items.append(credit)
    return result


class TrainingHours(Kind):
    name = "training_hours"
    title = _l("Training hours")
    summary = _l(
        "Hours of completed modules and verified outside training, in total or in some "
        "training domains."
    )

    def properties(self) -> dict[str, Any]:
        return {
            "hours": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": MAX_HOURS,
                "multipleOf": 0.25,
            },
            "domains": {
                "type": "array",
                "items": {"type": "string", "minLength": 1, "maxLength": 40},
                "uniqueItems": True,
                "description": "Training domain codes; empty or absent: hours in any domain.",
            },
        }

    def required_properties(self) -> list[str]:
        return ["hours"]

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        domain_ids = []
        for code in data.get("domains") or []:
            domain = refs.domains.by_code(code)
            if domain is None:
                raise ValidationError(
                    {f"{path}.domains": [_("No training domain has the code %(code)s.", code=code)]}
                )
            domain_ids.append(domain.id)
        return {
            "minutes": hours_to_minutes(data["hours"], f"{path}.hours"),
            "domain_ids": domain_ids,
        }

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"hours": hours_number(settings["minutes"])}
        if settings.get("domain_ids"):
            data["domains"] = [refs.domains.code(i) for i in settings["domain_ids"]]
        return data

    def describe(self, requirement: Requirement, refs: Any) -> str:
        settings = requirement.settings
        minutes = settings["minutes"]
        domain_ids = settings.get("domain_ids") or []
        if domain_ids:
            names = ", ".join(refs.domains.name(i) for i in domain_ids)
            text = nhours(
                "%(hours)s training hour in %(domains)s",
                "%(hours)s training hours in %(domains)s",
                minutes,
                domains=names,
            )
        else:
            text = nhours("%(hours)s training hour", "%(hours)s training hours", minutes)
        return with_window(text, requirement)

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        since = context.since(requirement)
        by_trainee = context.shared(
            ("training-credits", since),
            lambda: credits(context.trainee_ids, context.as_of, since, refs),
        )
        required = int(requirement.settings["minutes"])
        domain_ids = requirement.settings.get("domain_ids") or []
        label = requirement.label or self.describe(requirement, refs)
        results = {}
        for trainee_id in context.trainee_ids:
            have: Credits = by_trainee[trainee_id]
            done = have.minutes(domain_ids)
            waiting = have.minutes(domain_ids, approved=False)
            met = done >= required
            step = ""
            if not met:
                missing = required - done
                if domain_ids:
                    names = ", ".join(refs.domains.name(i) for i in domain_ids)
                    step = nhours(
                        "Complete %(hours)s more training hour in %(domains)s: modules from "
                        "the catalogue, or training elsewhere that you report with its "
                        "certificate.",
                        "Complete %(hours)s more training hours in %(domains)s: modules from "
                        "the catalogue, or training elsewhere that you report with its "
                        "certificate.",
                        missing,
                        domains=names,
                    )
                else:
                    step = nhours(
                        "Complete %(hours)s more training hour: modules from the catalogue, "
                        "or training elsewhere that you report with its certificate.",
                        "Complete %(hours)s more training hours: modules from the catalogue, "
                        "or training elsewhere that you report with its certificate.",
                        missing,
                    )
                if waiting:
                    step += " " + nhours(
                        "%(hours)s hour is waiting for a coordinator to verify it.",
                        "%(hours)s hours are waiting for a coordinator to verify them.",
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
                met_on=have.met_on(domain_ids, required) if met else None,
                changes_on=context.leaves_window(have.oldest(domain_ids), requirement),
            )
        return results
