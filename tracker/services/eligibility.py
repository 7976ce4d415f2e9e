"""Eligibility: for a trainee and a program, each rule with what is required,
what is done and what is missing, and the overall verdict.

This is the only place these rules are computed.  The trainee's dashboard,
the coordinator's pages, the commands, the API and the tests all call
:func:`evaluate` (first certification) or :func:`evaluate_renewal` (a
certification's current cycle).

The rules, as the product defines them:

* Only approved hours count; pending hours are reported apart.
* A window counts whole days, the first and the last included
  (:func:`tracker.services.dates.window_start`).
* A module completion counts when verified and, where the module has a pass
  mark, when its score reaches the mark.  An archived module's completions
  still count.
* Renewal: continuing-education hours are the contact hours of modules
  completed (and verified) inside the current cycle, optionally with a
  minimum in one category; the rules are those copied onto the certification
  when it was issued.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from tracker.extensions import db
from tracker.formatting import hours as fmt_hours
from tracker.models import (
    Activity,
    Certification,
    CompletionStatus,
    EthicsAcknowledgement,
    EthicsVersion,
    HourEntry,
    HourRule,
    HourStatus,
    Module,
    ModuleCategory,
    ModuleCompletion,
    Program,
    User,
)
from tracker.services.dates import local_today, window_start


@dataclass(frozen=True)
class RuleResult:
    """One rule's standing.  Hour amounts are in hours; a module counts as 1."""

    key: str  # stable id: "module:7", "hours:3", "ethics", "ce", "ce:ethics"
    kind: str  # "module" | "hours" | "ethics" | "ce"
    label: str
    required: float
    done: float
    pending: float
    met: bool
    unit: str  # "hours" | "module" | "acknowledgement"
    detail: str = ""
    next_step: str = ""

    @property
    def missing(self) -> float:
        return max(0.0, round(self.required - self.done, 2))

    @property
    def percent(self) -> int:
        if self.required <= 0:
            return 100
        return min(100, int(100 * self.done / self.required))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["missing"] = self.missing
        return data


@dataclass(frozen=True)
class Eligibility:
    trainee_id: int
    program_id: int
    program_name: str
    as_of: date
    rules: list[RuleResult] = field(default_factory=list)
    renewal: bool = False

    @property
    def eligible(self) -> bool:
        return all(rule.met for rule in self.rules)

    @property
    def missing_rules(self) -> list[RuleResult]:
        return [rule for rule in self.rules if not rule.met]

    @property
    def next_steps(self) -> list[str]:
        return [rule.next_step for rule in self.rules if not rule.met and rule.next_step]

    def of_kind(self, kind: str) -> list[RuleResult]:
        return [rule for rule in self.rules if rule.kind == kind]

    @property
    def met_count(self) -> int:
        return sum(1 for rule in self.rules if rule.met)

    def to_dict(self) -> dict[str, Any]:
        return {
            "trainee_id": self.trainee_id,
            "program_id": self.program_id,
            "program": self.program_name,
            "as_of": self.as_of.isoformat(),
            "renewal": self.renewal,
            "eligible": self.eligible,
            "rules": [rule.to_dict() for rule in self.rules],
            "next_steps": self.next_steps,
        }


def _hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 2)


def evaluate(trainee: User, program: Program, as_of: date | None = None) -> Eligibility:
    """Where ``trainee`` stands against ``program``'s rules on ``as_of`` (default today)."""
    return evaluate_many([trainee.id], program, as_of)[trainee.id]


# Trainees evaluated per round of queries; keeps each IN (...) list a sensible size.
BATCH = 500


def evaluate_many(
    trainee_ids: Iterable[int], program: Program, as_of: date | None = None
) -> dict[int, Eligibility]:
    """:func:`evaluate` for many trainees at once, in a fixed number of queries.

    Each round of up to ``BATCH`` trainees costs one query for the module
    completions, one grouped sum per hour rule and one for the ethics
    acknowledgements, however many trainees there are: lists, counts,
    reports and exports stay as fast with thousands of trainees.
    """
    as_of = as_of or local_today()
    ids = list(dict.fromkeys(trainee_ids))
    modules = list(program.required_modules)
    hour_rules = list(program.hour_rules)
    ethics = current_ethics_version() if program.requires_ethics else None
    results: dict[int, Eligibility] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        completions = _completions_by_trainee(chunk, modules, as_of)
        sums = [_hour_sums(chunk, rule, as_of) for rule in hour_rules]
        acknowledged = _acknowledged(chunk, ethics) if program.requires_ethics else set()
        for trainee_id in chunk:
            rules = _module_results(modules, completions.get(trainee_id, {}))
            for rule, by_trainee in zip(hour_rules, sums, strict=True):
                approved, pending = by_trainee.get(trainee_id, (0, 0))
                rules.append(_hour_result(rule, approved, pending, as_of))
            if program.requires_ethics:
                rules.append(_ethics_result(ethics, trainee_id in acknowledged))
            results[trainee_id] = Eligibility(trainee_id, program.id, program.name, as_of, rules)
    return results


def describe_hour_rule(
    rule: HourRule | dict[str, Any], minutes: int | None = None, more: bool = False
) -> str:
    """A rule in words, e.g. "25 supervised hours within the last 24 months".

    ``minutes`` replaces the rule's own minimum and ``more`` says "6.5 more
    supervised hours...", to tell what is still missing.
    """
    get = rule.get if isinstance(rule, dict) else lambda name: getattr(rule, name)
    parts = [fmt_hours(get("min_minutes") if minutes is None else minutes)]
    if more:
        parts.append("more")
    if get("supervised_only"):
        parts.append("supervised")
    parts.append("hours")
    activities = get("activities") or []
    if activities:
        names = ", ".join(Activity(a).label.lower() for a in activities if a in set(Activity))
        parts.append(f"of {names}")
    if get("window_months"):
        parts.append(f"within the last {get('window_months')} months")
    return " ".join(parts)


def module_standings(
    trainee_id: int, modules: list[Module], as_of: date | None = None
) -> list[RuleResult]:
    """The trainee's standing on each of ``modules``, as a program's module rule counts it.

    For pages that list modules outside a program (the training catalogue).
    """
    completions = _completions_by_trainee([trainee_id], modules, as_of or local_today())
    return _module_results(modules, completions.get(trainee_id, {}))


def _completions_by_trainee(
    trainee_ids: list[int], modules: list[Module], as_of: date
) -> dict[int, dict[int, list[ModuleCompletion]]]:
    """Each trainee's attempts at each of ``modules`` (rejected ones left out), newest first."""
    if not modules or not trainee_ids:
        return {}
    completions = db.session.scalars(
        select(ModuleCompletion)
        .where(
            ModuleCompletion.trainee_id.in_(trainee_ids),
            ModuleCompletion.module_id.in_([m.id for m in modules]),
            ModuleCompletion.completed_on <= as_of,
            ModuleCompletion.status != CompletionStatus.REJECTED,
        )
        .order_by(ModuleCompletion.completed_on.desc(), ModuleCompletion.id.desc())
    ).all()
    grouped: dict[int, dict[int, list[ModuleCompletion]]] = {}
    for completion in completions:
        by_module = grouped.setdefault(completion.trainee_id, {})
        by_module.setdefault(completion.module_id, []).append(completion)
    return grouped


def _module_results(
    modules: list[Module], by_module: dict[int, list[ModuleCompletion]]
) -> list[RuleResult]:
    results = []
    for module in modules:
        attempts = by_module.get(module.id, [])
        passed = [
            c for c in attempts if c.status == CompletionStatus.VERIFIED and _passes(module, c)
        ]
        pending = [c for c in attempts if c.status == CompletionStatus.PENDING]
        failed = [
            c for c in attempts if c.status == CompletionStatus.VERIFIED and not _passes(module, c)
        ]
        label = f"{module.code} {module.title}"
        if passed:
            best = passed[0]
            detail = f"completed {best.completed_on.isoformat()}"
            if best.score is not None:
                detail += f", score {best.score}"
            results.append(
                RuleResult(f"module:{module.id}", "module", label, 1, 1, 0, True, "module", detail)
            )
            continue
        if pending:
            detail = "reported, waiting for a coordinator to verify it"
            step = f"Wait for a coordinator to verify your report of {label}."
        elif failed:
            score = failed[0].score
            detail = f"score {score} is below the pass mark {module.pass_mark}"
            step = f"Retake {label}: you need a score of {module.pass_mark} (last score {score})."
        else:
            detail = "not completed yet"
            step = f"Complete the module {label}."
            if module.pass_mark is not None:
                step = (
                    f"Complete the module {label} and pass its exam ({module.pass_mark} or more)."
                )
        results.append(
            RuleResult(
                f"module:{module.id}",
                "module",
                label,
                1,
                0,
                1 if pending else 0,
                False,
                "module",
                detail,
                step,
            )
        )
    return results


def _passes(module: Module, completion: ModuleCompletion) -> bool:
    if module.pass_mark is None:
        return True
    return completion.score is not None and completion.score >= module.pass_mark


def _hour_result(rule: HourRule, approved: int, pending: int, as_of: date) -> RuleResult:
    """One hour rule's standing, from the approved and pending minutes it counts."""
    required = _hours(rule.min_minutes)
    done = _hours(approved)
    met = approved >= rule.min_minutes
    label = rule.label or describe_hour_rule(rule).capitalize()
    detail = ""
    if rule.window_months:
        detail = f"counted from {window_start(as_of, rule.window_months).isoformat()}"
    step = ""
    if not met:
        missing = describe_hour_rule(rule, rule.min_minutes - approved, more=True)
        step = f"Log {missing}, and have them approved."
        if pending:
            step += f" {fmt_hours(pending)} hours are waiting for review."
    return RuleResult(
        f"hours:{rule.id}",
        "hours",
        label,
        required,
        done,
        _hours(pending),
        met,
        "hours",
        detail,
        step,
    )


def _hour_sums(trainee_ids: list[int], rule: HourRule, as_of: date) -> dict[int, tuple[int, int]]:
    """Approved and pending minutes that ``rule`` counts, per trainee, summed in the database."""
    conditions = [HourEntry.trainee_id.in_(trainee_ids), HourEntry.worked_on <= as_of]
    if rule.window_months:
        conditions.append(HourEntry.worked_on >= window_start(as_of, rule.window_months))
    if rule.supervised_only:
        conditions.append(HourEntry.supervised.is_(True))
    if rule.activities:
        conditions.append(HourEntry.activity.in_(list(rule.activities)))
    approved = func.sum(case((HourEntry.status == HourStatus.APPROVED, HourEntry.minutes), else_=0))
    pending = func.sum(case((HourEntry.status == HourStatus.PENDING, HourEntry.minutes), else_=0))
    rows = db.session.execute(
        select(HourEntry.trainee_id, approved, pending)
        .where(and_(*conditions))
        .group_by(HourEntry.trainee_id)
    ).all()
    return {trainee_id: (int(a or 0), int(p or 0)) for trainee_id, a, p in rows}


def current_ethics_version() -> EthicsVersion | None:
    return db.session.scalar(select(EthicsVersion).order_by(EthicsVersion.version.desc()).limit(1))


def has_acknowledged_current(trainee_id: int) -> bool:
    current = current_ethics_version()
    return trainee_id in _acknowledged([trainee_id], current)


def _acknowledged(trainee_ids: list[int], version: EthicsVersion | None) -> set[int]:
    """Which of ``trainee_ids`` have acknowledged ``version``."""
    if version is None or not trainee_ids:
        return set()
    return set(
        db.session.scalars(
            select(EthicsAcknowledgement.user_id).where(
                EthicsAcknowledgement.user_id.in_(trainee_ids),
                EthicsAcknowledgement.ethics_version_id == version.id,
            )
        )
    )


def _ethics_result(current: EthicsVersion | None, acknowledged: bool) -> RuleResult:
    label = "Code of ethics acknowledged"
    if current is None:
        return RuleResult(
            "ethics",
            "ethics",
            label,
            1,
            0,
            0,
            False,
            "acknowledgement",
            "no code of ethics has been published yet",
            "Ask a coordinator: no code of ethics has been published yet.",
        )
    if acknowledged:
        return RuleResult(
            "ethics",
            "ethics",
            label,
            1,
            1,
            0,
            True,
            "acknowledgement",
            f"version {current.version} acknowledged",
        )
    return RuleResult(
        "ethics",
        "ethics",
        label,
        1,
        0,
        0,
        False,
        "acknowledgement",
        f"version {current.version} not acknowledged yet",
        f"Read and acknowledge the code of ethics (version {current.version}).",
    )


# --- renewal ---------------------------------------------------------------------------


def cycle_start(certification: Certification) -> date:
    """The first day of the certification's current cycle."""
    if certification.renewals:
        return certification.renewals[-1].renewed_at.date()
    return certification.issued_on


def evaluate_renewal(certification: Certification, as_of: date | None = None) -> Eligibility:
    """Continuing education inside the current cycle.

    Measured against the renewal rules copied onto the certification when it
    was issued, so later edits to the program do not change them.
    """
    as_of = as_of or local_today()
    snapshot = certification.program_snapshot or {}
    start = cycle_start(certification)
    total_required = int(snapshot.get("renewal_ce_minutes", 0) or 0)
    category = snapshot.get("renewal_category")
    category_required = int(snapshot.get("renewal_category_minutes", 0) or 0)

    base = [
        ModuleCompletion.trainee_id == certification.trainee_id,
        ModuleCompletion.completed_on >= start,
        ModuleCompletion.completed_on <= as_of,
    ]
    # A verified completion counts when its module has no pass mark or the score reaches it.
    verified = and_(
        ModuleCompletion.status == CompletionStatus.VERIFIED,
        or_(Module.pass_mark.is_(None), ModuleCompletion.score >= Module.pass_mark),
    )
    pending = ModuleCompletion.status == CompletionStatus.PENDING
    in_category = Module.category == category if category else False
    row = db.session.execute(
        select(
            func.sum(case((verified, Module.contact_minutes), else_=0)),
            func.sum(case((pending, Module.contact_minutes), else_=0)),
            func.sum(case((and_(verified, in_category), Module.contact_minutes), else_=0)),
            func.sum(case((and_(pending, in_category), Module.contact_minutes), else_=0)),
        )
        .select_from(ModuleCompletion)
        .join(Module, Module.id == ModuleCompletion.module_id)
        .where(*base)
    ).one()
    done, waiting, cat_done, cat_waiting = (int(v or 0) for v in row)

    since = f"since {start.isoformat()}"
    rules = [
        RuleResult(
            "ce",
            "ce",
            "Continuing-education hours in this cycle",
            _hours(total_required),
            _hours(done),
            _hours(waiting),
            done >= total_required,
            "hours",
            since,
            ""
            if done >= total_required
            else f"Complete {fmt_hours(total_required - done)} more training hours before renewal.",
        )
    ]
    if category and category_required:
        name = ModuleCategory(category).label.lower()
        rules.append(
            RuleResult(
                f"ce:{category}",
                "ce",
                f"Of them, {name} hours",
                _hours(category_required),
                _hours(cat_done),
                _hours(cat_waiting),
                cat_done >= category_required,
                "hours",
                since,
                ""
                if cat_done >= category_required
                else f"Complete {fmt_hours(category_required - cat_done)} more {name} hours.",
            )
        )
    name = snapshot.get("name") or certification.program.name
    return Eligibility(
        certification.trainee_id, certification.program_id, name, as_of, rules, renewal=True
    )
