"""Exam results, recorded by a coordinator: a score against the exam's pass
mark, or pass/fail when the exam has none; the date it was sat.

An exam may limit how often it is sat (``max_attempts`` within
``attempt_period_months``): a sitting beyond the limit is refused with the day
from which another is allowed.  A form carries a ``submission_key``: posting
it twice records one sitting.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.models import Exam, ExamResult, User
from tracker.services import audit
from tracker.services.db_helpers import find_submitted, insert_or_find, parse_id
from tracker.services.errors import ServiceError, ValidationError
from tracker.services.evidence import Errors, Submitted
from tracker.services.hours import _lock_trainee, clean_submission_key, parse_past_date
from tracker.services.requirements.exam import attempts_left

_SCORE = re.compile(r"^\d{1,3}$")
_PASSED = {"pass": True, "passed": True, "yes": True, "fail": False, "failed": False, "no": False}


def active_exams() -> list[Exam]:
    return list(
        db.session.scalars(select(Exam).where(Exam.archived_at.is_(None)).order_by(Exam.title))
    )


def _score(raw: Any) -> int:
    text = str(raw if raw is not None else "").strip()
    if not text:
        raise ValidationError(_("Enter the score."), "score")
    if not _SCORE.match(text) or int(text) > 100:
        raise ValidationError(_("Enter the score as a whole number from 0 to 100."), "score")
    return int(text)


def record_result(
    trainee: User,
    actor: User,
    *,
    exam_id: Any,
    taken_on: Any,
    score: Any = None,
    passed: Any = None,
    submission_key: str | None = None,
    today: date | None = None,
) -> Submitted:
    """Record one sitting of ``exam_id`` by ``trainee``; whether it passed follows from the
    score and the pass mark, or is given (pass/fail exams)."""
    if not trainee.is_trainee:
        raise ServiceError(_("Exam results are recorded for trainees only."))
    key = clean_submission_key(submission_key)
    earlier = find_submitted(ExamResult, trainee, key)
    if earlier is not None:
        return Submitted(earlier, False)
    check = Errors()
    ident = parse_id(exam_id)
    exam = db.session.get(Exam, ident) if ident else None
    if exam is None or exam.is_archived:
        check.add("exam_id", _("Choose an exam from the list."))
    check.attempt("taken_on", lambda: parse_past_date(taken_on, "taken_on", today))
    result_score: int | None = None
    result_passed = False
    if exam is not None:
        if exam.pass_mark is not None:
            try:
                result_score = _score(score)
                result_passed = result_score >= exam.pass_mark
            except ValidationError as exc:
                check.errors.update(exc.errors)
        else:
            verdict = _PASSED.get(str(passed or "").strip().lower())
            if verdict is None:
                check.add("passed", _("Choose passed or not passed."))
            else:
                result_passed = verdict
    check.raise_any()
    assert exam is not None
    taken = check.values["taken_on"]
    _lock_trainee(trainee)
    sittings = list(
        db.session.scalars(
            select(ExamResult.taken_on).where(
                ExamResult.trainee_id == trainee.id, ExamResult.exam_id == exam.id
            )
        )
    )
    left, again_on = attempts_left(exam, sittings, taken)
    if left == 0:
        if again_on is not None:
            message = _(
                "%(name)s has used every allowed attempt at %(exam)s by %(date)s; "
                "another sitting is allowed from %(again)s.",
                name=trainee.display_name,
                exam=exam.title,
                date=human_date(taken),
                again=human_date(again_on),
            )
        else:
            message = _(
                "%(name)s has used every allowed attempt at %(exam)s (%(num)d).",
                name=trainee.display_name,
                exam=exam.title,
                num=exam.max_attempts or 0,
            )
        raise ValidationError(message, "taken_on")
    result = ExamResult(
        trainee_id=trainee.id,
        exam_id=exam.id,
        taken_on=taken,
        score=result_score,
        passed=result_passed,
        recorded_by_id=actor.id,
        submission_key=key,
    )
    stored, created = insert_or_find(result, lambda: find_submitted(ExamResult, trainee, key))
    if not created:
        return Submitted(stored, False)
    audit.record(
        actor,
        "exam.recorded",
        result,
        f"recorded {exam.code} for {trainee.display_name} on {taken.isoformat()}: "
        + ("passed" if result_passed else "not passed")
        + (f" ({result_score})" if result_score is not None else ""),
        after={
            "exam": exam.code,
            "taken_on": taken.isoformat(),
            "score": result_score,
            "passed": result_passed,
        },
    )
    return Submitted(result, True)


def results_of(trainee_id: int) -> list[ExamResult]:
    return list(
        db.session.scalars(
            select(ExamResult)
            .where(ExamResult.trainee_id == trainee_id)
            .order_by(ExamResult.taken_on.desc(), ExamResult.id.desc())
        )
    )
