"""Eligibility: for a trainee and a program, each requirement with what is
required, what is done and what is missing, and the overall verdict.

This is the only place these verdicts are computed.  The trainee's dashboard,
the coordinator's pages, the commands, the API and the tests all call
:func:`evaluate` (first certification), :func:`evaluate_many` (the same for
many trainees, in a fixed number of queries) or :func:`evaluate_renewal` (a
certification's current cycle).

A program's requirements are rows of kinds registered in
:mod:`tracker.services.requirements`; each kind evaluates itself.  The rules
all kinds share:

* only approved evidence counts (verified completions, approved hours and
  supervision, accepted documents, verified outside training); what waits
  for review is reported apart as ``pending``;
* a look-back window counts whole days, the first and the last included
  (:func:`tracker.services.dates.window_start`);
* nothing dated after the day evaluated counts.

Renewal counts continuing education (completed modules and verified outside
training) inside the current cycle, in the buckets copied onto the
certification when it was issued (:func:`evaluate_renewal`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from tracker.formatting import human_date, nhours
from tracker.i18n import current_language
from tracker.models import Certification, Module, Program, ProgramRequirement, User
from tracker.services import requirements
from tracker.services.dates import local_today
from tracker.services.requirements import Context, Refs, Requirement, RuleResult
from tracker.services.requirements.base import earliest, minutes_to_hours
from tracker.services.requirements.modules import attempts, module_standing
from tracker.services.requirements.training import credits

__all__ = [
    "Eligibility",
    "RuleResult",
    "cycle_start",
    "describe",
    "evaluate",
    "evaluate_many",
    "evaluate_renewal",
    "module_standings",
    "requirement_of",
]


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

    def rule(self, key: str) -> RuleResult | None:
        return next((rule for rule in self.rules if rule.key == key), None)

    @property
    def met_count(self) -> int:
        return sum(1 for rule in self.rules if rule.met)

    @property
    def changes_on(self) -> date | None:
        """The first day on which time alone may change this verdict (None: only events can)."""
        return earliest(*(rule.changes_on for rule in self.rules))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Eligibility:
        """A verdict from :meth:`to_dict`'s output (as stored per enrolment)."""
        return cls(
            trainee_id=data["trainee_id"],
            program_id=data["program_id"],
            program_name=data["program"],
            as_of=date.fromisoformat(data["as_of"]),
            rules=[RuleResult.from_dict(rule) for rule in data["rules"]],
            renewal=data.get("renewal", False),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "trainee_id": self.trainee_id,
            "program_id": self.program_id,
            "program": self.program_name,
            "as_of": self.as_of.isoformat(),
            "renewal": self.renewal,
            "eligible": self.eligible,
            "met": self.met_count,
            "total": len(self.rules),
            "rules": [rule.to_dict() for rule in self.rules],
            "next_steps": self.next_steps,
            # The language its words were written in (stored verdicts: the default one).
            "language": current_language(),
        }


def requirement_of(row: ProgramRequirement) -> Requirement:
    return Requirement(
        key=row.key,
        kind=row.kind,
        label=row.label or "",
        window_months=row.window_months,
        settings=dict(row.settings or {}),
    )


def describe(row: ProgramRequirement | Requirement, refs: Refs | None = None) -> str:
    """A requirement in plain words (its own label when it has one)."""
    requirement = row if isinstance(row, Requirement) else requirement_of(row)
    if requirement.label:
        return requirement.label
    kind = requirements.get(requirement.kind)
    if kind is None:
        return requirement.key
    return kind.describe(requirement, refs or Refs())


def evaluate(trainee: User, program: Program, as_of: date | None = None) -> Eligibility:
    """Where ``trainee`` stands against ``program``'s requirements on ``as_of`` (default today)."""
    return evaluate_many([trainee.id], program, as_of)[trainee.id]


# Trainees evaluated per round of queries; keeps each IN (...) list a sensible size.
BATCH = 500


def evaluate_many(
    trainee_ids: Iterable[int],
    program: Program,
    as_of: date | None = None,
    refs: Refs | None = None,
) -> dict[int, Eligibility]:
    """:func:`evaluate` for many trainees at once, in a fixed number of queries.

    Each round of up to ``BATCH`` trainees costs one or two queries per
    requirement, however many trainees there are.
    """
    as_of = as_of or local_today()
    refs = refs or Refs()
    ids = list(dict.fromkeys(trainee_ids))
    rows = [requirement_of(row) for row in program.requirements]
    results: dict[int, Eligibility] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        context = Context(chunk, as_of)
        per_requirement = []
        for requirement in rows:
            kind = requirements.get(requirement.kind)
            if kind is None:
                continue
            per_requirement.append(kind.evaluate(requirement, context, refs))
        for trainee_id in chunk:
            rules = [standing[trainee_id] for standing in per_requirement]
            results[trainee_id] = Eligibility(trainee_id, program.id, program.name, as_of, rules)
    return results


def module_standings(
    trainee_id: int, modules: list[Module], as_of: date | None = None
) -> list[RuleResult]:
    """The trainee's standing on each of ``modules``, as a required-modules requirement counts it.

    For pages that list modules outside a program (the training catalogue).
    """
    tries = attempts([trainee_id], [m.id for m in modules], as_of or local_today(), None)
    mine = tries.get(trainee_id, {})
    return [module_standing(module, mine.get(module.id, [])) for module in modules]


# --- renewal ---------------------------------------------------------------------------


def cycle_start(certification: Certification) -> date:
    """The first day of the certification's current cycle (the issue or the last renewal)."""
    if certification.renewals:
        return certification.renewals[-1].renewed_at.date()
    return certification.issued_on


def renewal_buckets(certification: Certification) -> list[dict[str, Any]]:
    """The continuing-education buckets copied onto the certification when it was issued."""
    renewal = (certification.program_snapshot or {}).get("renewal") or {}
    return list(renewal.get("buckets") or [])


def evaluate_renewal(
    certification: Certification, as_of: date | None = None, refs: Refs | None = None
) -> Eligibility:
    """Continuing education inside the current cycle, bucket by bucket.

    A bucket with domains counts the hours training gives those domains; a
    bucket without domains (electives) counts what is left of all the hours
    once the other buckets have taken what they need.  Measured against the
    buckets copied onto the certification when it was issued, so later edits
    to the program change nothing for it.
    """
    as_of = as_of or local_today()
    refs = refs or Refs()
    start = cycle_start(certification)
    have = credits([certification.trainee_id], as_of, start, refs)[certification.trainee_id]
    buckets = renewal_buckets(certification)
    since = _("since %(date)s", date=human_date(start))
    rules: list[RuleResult] = []
    taken = 0
    specific = [b for b in buckets if b.get("domains")]
    electives = [b for b in buckets if not b.get("domains")]
    for n, bucket in enumerate(specific + electives):
        required = round(float(bucket.get("hours") or 0) * 60)
        if bucket.get("domains"):
            domain_ids = [d.id for d in (refs.domains.by_code(c) for c in bucket["domains"]) if d]
            done = have.minutes(domain_ids) if domain_ids else 0
            waiting = have.minutes(domain_ids, approved=False) if domain_ids else 0
            taken += min(done, required)
        else:
            done = max(0, have.minutes(None) - taken)
            waiting = have.minutes(None, approved=False)
            taken += min(done, required)
        met = done >= required
        label = bucket.get("label") or _("Continuing education")
        rules.append(
            RuleResult(
                f"ce:{n}",
                "ce",
                label,
                minutes_to_hours(required),
                minutes_to_hours(done),
                minutes_to_hours(waiting),
                met,
                "hours",
                since,
                ""
                if met
                else nhours(
                    "Complete %(hours)s more hour of continuing education for “%(bucket)s” "
                    "before renewal.",
                    "Complete %(hours)s more hours of continuing education for “%(bucket)s” "
                    "before renewal.",
                    required - done,
                    bucket=label,
                ),
            )
        )
    name = (certification.program_snapshot or {}).get("name") or certification.program.name
    return Eligibility(
        certification.trainee_id, certification.program_id, name, as_of, rules, renewal=True
    )
