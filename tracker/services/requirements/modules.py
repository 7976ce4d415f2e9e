"""Required modules: each listed module completed, verified, and passed where it has a pass mark.

A completion counts when a coordinator verified it (or recorded it), on or
before the day evaluated, inside the look-back window when there is one, and
with a score at or above the module's pass mark when it has one.  An archived
module's completions still count.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import CompletionStatus, Module, ModuleCompletion
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

MAX_MODULES = 100


def passes(module: Module, completion: ModuleCompletion) -> bool:
    if module.pass_mark is None:
        return True
    return completion.score is not None and completion.score >= module.pass_mark


def attempts(
    trainee_ids: list[int], module_ids: list[int], as_of: date, since: date | None
) -> dict[int, dict[int, list[ModuleCompletion]]]:
    """Each trainee's attempts at each module (rejected ones left out), newest first."""
    if not module_ids or not trainee_ids:
        return {}
    query = select(ModuleCompletion).where(
        ModuleCompletion.trainee_id.in_(trainee_ids),
        ModuleCompletion.module_id.in_(module_ids),
        ModuleCompletion.completed_on <= as_of,
        ModuleCompletion.status != CompletionStatus.REJECTED,
    )
    if since is not None:
        query = query.where(ModuleCompletion.completed_on >= since)
    grouped: dict[int, dict[int, list[ModuleCompletion]]] = {}
    for completion in db.session.scalars(
        query.order_by(ModuleCompletion.completed_on.desc(), ModuleCompletion.id.desc())
    ):
        grouped.setdefault(completion.trainee_id, {}).setdefault(completion.module_id, []).append(
            completion
        )
    return grouped


def module_standing(
    module: Module,
    tries: list[ModuleCompletion],
    context: Context | None = None,
    requirement: Requirement | None = None,
) -> RuleResult:
    """One module's standing from the trainee's attempts at it (newest first)."""
    passed = [c for c in tries if c.status == CompletionStatus.VERIFIED and passes(module, c)]
    pending = [c for c in tries if c.status == CompletionStatus.PENDING]
    failed = [c for c in tries if c.status == CompletionStatus.VERIFIED and not passes(module, c)]
    label = f"{module.code} {module.title}"
    key = f"module:{module.id}"
    if passed:
        best = passed[0]
        if best.score is not None:
            detail = _(
                "completed on %(date)s, score %(score)s",
                date=human_date(best.completed_on),
                score=best.score,
            )
        else:
            detail = _("completed on %(date)s", date=human_date(best.completed_on))
        leaves = (
            context.leaves_window(best.completed_on, requirement)
            if context is not None and requirement is not None
            else None
        )
        return RuleResult(
            key,
            "module",
            label,
            1,
            1,
            0,
            True,
            "modules",
            detail,
            met_on=best.completed_on,
            changes_on=leaves,
        )
    if pending:
        detail = _("reported, waiting for a coordinator to verify it")
        step = _("Wait for a coordinator to verify your report of %(module)s.", module=label)
    elif failed:
        score = failed[0].score
        detail = _(
            "score %(score)s is below the pass mark %(mark)s", score=score, mark=module.pass_mark
        )
        step = _(
            "Retake %(module)s: you need a score of %(mark)s (your last score was %(score)s).",
            module=label,
            mark=module.pass_mark,
            score=score,
        )
    else:
        detail = _("not completed yet")
        if module.pass_mark is not None:
            step = _(
                "Complete the module %(module)s and pass its exam (%(mark)s or more).",
                module=label,
                mark=module.pass_mark,
            )
        else:
            step = _("Complete the module %(module)s.", module=label)
    return RuleResult(
        key, "module", label, 1, 0, 1 if pending else 0, False, "modules", detail, step
    )


class RequiredModules(Kind):
    name = "modules"
    title = _l("Required modules")
    summary = _l(
        "Named modules from the catalogue, each completed (and passed, where it has a pass mark)."
    )

    def properties(self) -> dict[str, Any]:
        return {
            "modules": {
                "type": "array",
                "items": {"type": "string", "minLength": 1, "maxLength": 20},
                "minItems": 1,
                "maxItems": MAX_MODULES,
                "uniqueItems": True,
                "description": "Module codes from the catalogue.",
            }
        }

    def required_properties(self) -> list[str]:
        return ["modules"]

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        ids = []
        for code in data["modules"]:
            module = refs.modules.by_code(code)
            if module is None:
                raise ValidationError(
                    {f"{path}.modules": [_("No module has the code %(code)s.", code=code)]}
                )
            ids.append(module.id)
        return {"module_ids": ids}

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        return {"modules": [refs.modules.code(i) for i in settings.get("module_ids", [])]}

    def _modules(self, settings: dict[str, Any], refs: Any) -> list[Module]:
        modules = [refs.modules.get(i) for i in settings.get("module_ids", [])]
        return sorted((m for m in modules if m is not None), key=lambda m: m.code)

    def describe(self, requirement: Requirement, refs: Any) -> str:
        count = len(requirement.settings.get("module_ids", []))
        text = ngettext(
            "Complete the required module", "Complete the %(num)d required modules", count
        )
        return with_window(text, requirement)

    def criteria(self, requirement: Requirement, refs: Any) -> str:
        names = []
        for module in self._modules(requirement.settings, refs):
            if module.pass_mark is not None:
                names.append(
                    _("%(module)s (pass mark %(mark)s)", module=module.title, mark=module.pass_mark)
                )
            else:
                names.append(module.title)
        return with_window(
            _("Completed the required training modules: %(modules)s", modules="; ".join(names)),
            requirement,
        )

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        modules = self._modules(requirement.settings, refs)
        since = context.since(requirement)
        tries = attempts(context.trainee_ids, [m.id for m in modules], context.as_of, since)
        label = requirement.label or self.describe(requirement, refs)
        results = {}
        for trainee_id in context.trainee_ids:
            by_module = tries.get(trainee_id, {})
            items = tuple(
                module_standing(m, by_module.get(m.id, []), context, requirement) for m in modules
            )
            done = sum(1 for item in items if item.met)
            pending = sum(1 for item in items if not item.met and item.pending)
            met = done == len(items)
            missing = [item for item in items if not item.met]
            if met:
                step = ""
            elif len(missing) == 1:
                step = missing[0].next_step
            else:
                step = ngettext(
                    "Complete %(num)d more module: %(modules)s.",
                    "Complete %(num)d more modules: %(modules)s.",
                    len(missing),
                    modules=", ".join(item.label for item in missing),
                )
            results[trainee_id] = RuleResult(
                requirement.key,
                self.name,
                label,
                len(items),
                done,
                pending,
                met,
                "modules",
                counted_from(context, requirement),
                step,
                items,
                met_on=max((i.met_on for i in items if i.met_on), default=None) if met else None,
                changes_on=earliest(*(i.changes_on for i in items)),
            )
        return results
