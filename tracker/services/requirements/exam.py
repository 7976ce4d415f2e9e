"""Exam: a passed sitting of an exam (scored against a pass mark, or pass/fail).

The day it was passed is kept (``met_on``): a program may count its validity
from it.  An exam may limit how often it is sat; when the attempts are used up
the trainee is told from which day they may sit it again.
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
from tracker.models import Exam, ExamResult
from tracker.services.dates import add_months, window_start
from tracker.services.errors import ValidationError
from tracker.services.requirements.base import (
    Context,
    Kind,
    Requirement,
    RuleResult,
    counted_from,
    with_window,
)


def attempts_left(exam: Exam, taken: list[date], as_of: date) -> tuple[int | None, date | None]:
    """How many more sittings the exam's limit allows on ``as_of`` (None: no limit),
    and, when none, the first day another one is allowed."""
    if not exam.max_attempts:
        return None, None
    if exam.attempt_period_months:
        start = window_start(as_of, exam.attempt_period_months)
        recent = sorted(d for d in taken if start <= d <= as_of)
    else:
        recent = sorted(d for d in taken if d <= as_of)
    left = max(0, exam.max_attempts - len(recent))
    if left or not exam.attempt_period_months:
        return left, None
    # The oldest sitting in the period leaves it the day it is that many months old.
    return 0, add_months(recent[len(recent) - exam.max_attempts], exam.attempt_period_months)


class ExamPassed(Kind):
    name = "exam"
    title = _l("Exam")
    summary = _l("A passed sitting of an exam: scored against a pass mark, or simply pass or fail.")

    def properties(self) -> dict[str, Any]:
        return {"exam": {"type": "string", "minLength": 1, "maxLength": 40}}

    def required_properties(self) -> list[str]:
        return ["exam"]

    def parse(self, data: dict[str, Any], refs: Any, path: str) -> dict[str, Any]:
        exam = refs.exams.by_code(data["exam"])
        if exam is None:
            raise ValidationError(
                {f"{path}.exam": [_("No exam has the code %(code)s.", code=data["exam"])]}
            )
        return {"exam_id": exam.id}

    def dump(self, settings: dict[str, Any], refs: Any) -> dict[str, Any]:
        return {"exam": refs.exams.code(settings["exam_id"])}

    def describe(self, requirement: Requirement, refs: Any) -> str:
        return with_window(
            _("Pass the exam %(exam)s", exam=refs.exams.name(requirement.settings["exam_id"])),
            requirement,
        )

    def evaluate(
        self, requirement: Requirement, context: Context, refs: Any
    ) -> dict[int, RuleResult]:
        exam = refs.exams.get(requirement.settings["exam_id"])
        results_by_trainee: dict[int, list[ExamResult]] = {}
        if exam is not None:
            for result in db.session.scalars(
                select(ExamResult)
                .where(
                    ExamResult.trainee_id.in_(context.trainee_ids),
                    ExamResult.exam_id == exam.id,
                    ExamResult.taken_on <= context.as_of,
                )
                .order_by(ExamResult.taken_on.desc(), ExamResult.id.desc())
            ):
                results_by_trainee.setdefault(result.trainee_id, []).append(result)
        since = context.since(requirement)
        label = requirement.label or self.describe(requirement, refs)
        name = exam.title if exam is not None else label
        out = {}
        for trainee_id in context.trainee_ids:
            sittings = results_by_trainee.get(trainee_id, [])
            passed = [r for r in sittings if r.passed and (since is None or r.taken_on >= since)]
            if passed:
                best = passed[0]
                if best.score is not None:
                    detail = _(
                        "passed on %(date)s with %(score)s",
                        date=human_date(best.taken_on),
                        score=best.score,
                    )
                else:
                    detail = _("passed on %(date)s", date=human_date(best.taken_on))
                out[trainee_id] = RuleResult(
                    requirement.key,
                    self.name,
                    label,
                    1,
                    1,
                    0,
                    True,
                    "exam",
                    detail,
                    met_on=best.taken_on,
                    changes_on=context.leaves_window(best.taken_on, requirement),
                )
                continue
            assert exam is not None or not sittings
            left, again_on = (
                attempts_left(exam, [r.taken_on for r in sittings], context.as_of)
                if exam is not None
                else (None, None)
            )
            if sittings:
                last = sittings[0]
                if last.score is not None:
                    detail = _(
                        "last sat on %(date)s: %(score)s, below the pass mark %(mark)s",
                        date=human_date(last.taken_on),
                        score=last.score,
                        mark=exam.pass_mark if exam is not None else "",
                    )
                else:
                    detail = _("last sat on %(date)s: not passed", date=human_date(last.taken_on))
            else:
                detail = counted_from(context, requirement) or _("not sat yet")
            if left == 0 and again_on is not None:
                step = _(
                    "Every allowed attempt at %(exam)s has been used; you may sit it again from "
                    "%(date)s.",
                    exam=name,
                    date=human_date(again_on),
                )
            elif left == 0:
                step = _(
                    "Every allowed attempt at %(exam)s has been used. Ask a coordinator.",
                    exam=name,
                )
            elif left is not None:
                step = ngettext(
                    "Sit and pass %(exam)s (%(num)d attempt left).",
                    "Sit and pass %(exam)s (%(num)d attempts left).",
                    left,
                    exam=name,
                )
            else:
                step = _("Sit and pass %(exam)s.", exam=name)
            out[trainee_id] = RuleResult(
                requirement.key,
                self.name,
                label,
                1,
                0,
                0,
                False,
                "exam",
                detail,
                step,
                changes_on=context.after_today(again_on),
            )
        return out
