"""Records the browser stories give their own trainees before a story starts: an exam
passed and a code of ethics acknowledged, written as a coordinator would have recorded them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import EthicsAcknowledgement, EthicsCode, EthicsVersion, Exam, ExamResult


def exam_passed(trainee_id: int, exam_code: str, recorded_by_id: int, taken_on: date) -> None:
    exam = db.session.scalar(select(Exam).where(Exam.code == exam_code))
    db.session.add(
        ExamResult(
            trainee_id=trainee_id,
            exam_id=exam.id,
            taken_on=taken_on,
            passed=True,
            recorded_by_id=recorded_by_id,
        )
    )


def ethics_acknowledged(trainee_id: int, code: str, on: date) -> None:
    """The latest version of the code of ethics ``code``, acknowledged at noon on ``on``."""
    version = db.session.scalar(
        select(EthicsVersion)
        .join(EthicsCode, EthicsCode.id == EthicsVersion.ethics_code_id)
        .where(EthicsCode.code == code)
        .order_by(EthicsVersion.version.desc())
    )
    db.session.add(
        EthicsAcknowledgement(
            user_id=trainee_id,
            ethics_version_id=version.id,
            acknowledged_at=datetime.combine(on, time(12), tzinfo=UTC),
        )
    )
