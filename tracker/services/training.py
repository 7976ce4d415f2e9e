"""Training from the trainee's side: the module catalogue and self-reported completions.

A trainee reports a module done with its date; the report waits, pending,
for a coordinator to verify it (:mod:`tracker.services.review`).  Scores are
recorded by coordinators only: a report never carries one.  Whether a
module counts is decided by the eligibility service alone
(:func:`tracker.services.eligibility.module_standings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from tracker.extensions import db
from tracker.models import (
    CompletionSource,
    CompletionStatus,
    Enrolment,
    Module,
    ModuleCompletion,
    Program,
    ProgramRequirement,
    User,
)
from tracker.services import audit
from tracker.services.db_helpers import find_submitted, insert_or_find
from tracker.services.eligibility import RuleResult, module_standings
from tracker.services.errors import ServiceError, ValidationError
from tracker.services.hours import clean_submission_key, parse_past_date

MSG_MODULE_MISSING = _l("Choose the module you completed.")
MSG_MODULE_UNKNOWN = _l("Choose a module from the list.")
MSG_MODULE_ARCHIVED = _l("This module is no longer offered, so it cannot be reported.")
MSG_ALREADY_DONE = _l("You have already completed this module.")
MSG_ALREADY_REPORTED = _l("You have already reported this module; it is waiting for verification.")


@dataclass(frozen=True)
class CatalogueItem:
    module: Module
    standing: RuleResult  # as the eligibility rules count it
    latest: ModuleCompletion | None  # the trainee's latest record of the module, if any
    required_by: list[str]  # names of the trainee's current programs that require it

    @property
    def status(self) -> str:
        """``completed``, ``pending``, ``below_pass_mark``, ``rejected`` or ``not_started``."""
        if self.standing.met:
            return "completed"
        if self.standing.pending:
            return "pending"
        if self.latest is not None and self.latest.status == CompletionStatus.REJECTED:
            return "rejected"
        if self.latest is not None and self.latest.status == CompletionStatus.VERIFIED:
            return "below_pass_mark"
        return "not_started"

    @property
    def can_report(self) -> bool:
        return not self.module.is_archived and self.status not in {"completed", "pending"}


def catalogue_query(include_archived_for: int | None = None) -> Select[tuple[Module]]:
    """Active modules, by code; with ``include_archived_for``, also the archived
    modules that trainee has a record of (their history still counts)."""
    query = select(Module)
    if include_archived_for is None:
        query = query.where(Module.archived_at.is_(None))
    else:
        has_record = (
            select(ModuleCompletion.id)
            .where(
                ModuleCompletion.module_id == Module.id,
                ModuleCompletion.trainee_id == include_archived_for,
            )
            .exists()
        )
        query = query.where(Module.archived_at.is_(None) | has_record)
    return query.order_by(Module.code)


def catalogue_items(
    trainee: User, modules: list[Module], as_of: date | None = None
) -> list[CatalogueItem]:
    """The trainee's standing on each of ``modules`` (one page of the catalogue)."""
    if not modules:
        return []
    ids = [m.id for m in modules]
    standings = {int(r.key.split(":")[1]): r for r in module_standings(trainee.id, modules, as_of)}
    latest: dict[int, ModuleCompletion] = {}
    for completion in db.session.scalars(
        select(ModuleCompletion)
        .where(ModuleCompletion.trainee_id == trainee.id, ModuleCompletion.module_id.in_(ids))
        .order_by(ModuleCompletion.created_at, ModuleCompletion.id)
    ):
        latest[completion.module_id] = completion
    required: dict[int, list[str]] = {}
    wanted = set(ids)
    for kind, settings, name in db.session.execute(
        select(ProgramRequirement.kind, ProgramRequirement.settings, Program.name)
        .join(Program, Program.id == ProgramRequirement.program_id)
        .join(Enrolment, Enrolment.program_id == Program.id)
        .where(
            Enrolment.trainee_id == trainee.id,
            Enrolment.withdrawn_at.is_(None),
            ProgramRequirement.kind.in_(["modules", "alternatives"]),
        )
        .order_by(Program.name)
    ):
        for module_id in _module_ids(kind, settings or {}) & wanted:
            if name not in required.setdefault(module_id, []):
                required[module_id].append(name)
    return [
        CatalogueItem(m, standings[m.id], latest.get(m.id), required.get(m.id, [])) for m in modules
    ]


def _module_ids(kind: str, settings: dict[str, Any]) -> set[int]:
    """The modules a requirement names (inside its options too)."""
    if kind == "modules":
        return set(settings.get("module_ids") or [])
    found: set[int] = set()
    for option in settings.get("options") or []:
        found |= _module_ids(option.get("kind", ""), option.get("settings") or {})
    return found


def reportable_modules(trainee: User) -> list[Module]:
    """Active modules the trainee may report: not already completed nor waiting."""
    modules = list(db.session.scalars(catalogue_query()))
    return [item.module for item in catalogue_items(trainee, modules) if item.can_report]


@dataclass(frozen=True)
class Reported:
    completion: ModuleCompletion
    created: bool


def report_completion(
    trainee: User,
    *,
    module_id: Any,
    completed_on: Any,
    submission_key: str | None = None,
    today: date | None = None,
) -> Reported:
    """Record the trainee's report that they completed a module: pending, without a score."""
    if not trainee.is_trainee or not trainee.active:
        raise ServiceError(_("Only active trainees report training."))
    key = clean_submission_key(submission_key)
    earlier = find_submitted(ModuleCompletion, trainee, key)
    if earlier is not None:
        return Reported(earlier, False)

    errors: dict[str, list[str]] = {}
    module = _module(module_id, errors)
    try:
        day = parse_past_date(completed_on, "completed_on", today)
    except ValidationError as exc:
        errors.update(exc.errors)
        day = None
    if module is not None and not errors:
        standing = module_standings(trainee.id, [module], today)[0]
        if standing.met:
            errors["module_id"] = [MSG_ALREADY_DONE]
        elif standing.pending:
            errors["module_id"] = [MSG_ALREADY_REPORTED]
    if errors or module is None or day is None:
        raise ValidationError(errors)

    completion = ModuleCompletion(
        trainee_id=trainee.id,
        module_id=module.id,
        completed_on=day,
        score=None,
        source=CompletionSource.SELF_REPORTED,
        status=CompletionStatus.PENDING,
        recorded_by_id=trainee.id,
        submission_key=key,
    )
    stored, created = insert_or_find(
        completion, lambda: find_submitted(ModuleCompletion, trainee, key)
    )
    if not created:
        return Reported(stored, False)
    audit.record(
        trainee,
        "completion.reported",
        completion,
        f"reported {module.code} completed on {day.isoformat()}",
        after={"module": module.code, "completed_on": day.isoformat(), "status": "pending"},
    )
    return Reported(completion, True)


def _module(raw: Any, errors: dict[str, list[str]]) -> Module | None:
    text = "" if raw is None else str(raw).strip()
    if not text:
        errors["module_id"] = [MSG_MODULE_MISSING]
        return None
    if not text.isdigit() or len(text) > 12:
        errors["module_id"] = [MSG_MODULE_UNKNOWN]
        return None
    module = db.session.get(Module, int(text))
    if module is None:
        errors["module_id"] = [MSG_MODULE_UNKNOWN]
        return None
    if module.is_archived:
        errors["module_id"] = [MSG_MODULE_ARCHIVED]
        return None
    return module


def pending_reports(trainee_id: int, limit: int = 10) -> tuple[int, list[ModuleCompletion]]:
    """How many of the trainee's module records wait for verification, and the first few."""
    condition = (
        ModuleCompletion.trainee_id == trainee_id,
        ModuleCompletion.status == CompletionStatus.PENDING,
    )
    # One statement: the count of every waiting record rides along each row read.
    rows = db.session.execute(
        select(ModuleCompletion, func.count().over())
        .where(*condition)
        .order_by(ModuleCompletion.completed_on.desc(), ModuleCompletion.id.desc())
        .limit(limit)
    ).all()
    return (int(rows[0][1]) if rows else 0), [row[0] for row in rows]
