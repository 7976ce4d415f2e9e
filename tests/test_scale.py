"""seed-scale: realistic records in bulk, on an empty database, with every verdict stored."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.models import (
    Certification,
    CertificationState,
    Document,
    Enrolment,
    EnrolmentProgress,
    ExamResult,
    HourEntry,
    HourStatus,
    ModuleCompletion,
    Program,
    TraineeTotals,
    User,
)
from tracker.services import accounts, demo, progress, scale
from tracker.services.certifications import state_on
from tracker.services.eligibility import evaluate_many


def _count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0


def test_seed_scale_fills_an_empty_database_with_every_kind_of_record(runner, db, today):
    result = runner.invoke(
        args=[
            "seed-scale",
            "--trainees",
            "40",
            "--hours-per-trainee",
            "30",
            "--password",
            "scale password 1",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Added 40 trainees" in result.output
    assert demo.is_present()  # the demo programs came first
    scaled = User.email.like(f"{scale.EMAIL_PREFIX}%")
    ids = list(db.session.scalars(sa.select(User.id).where(scaled)))
    assert len(ids) == 40
    assert _count(db, HourEntry, HourEntry.trainee_id.in_(ids)) == 40 * 30
    statuses = set(
        db.session.scalars(
            sa.select(HourEntry.status).where(HourEntry.trainee_id.in_(ids)).distinct()
        )
    )
    assert statuses == {s.value for s in HourStatus}
    years = db.session.scalars(
        sa.select(HourEntry.worked_on).where(HourEntry.trainee_id.in_(ids))
    ).all()
    assert len({d.year for d in years}) >= 3 and max(years) <= today
    assert _count(db, ModuleCompletion, ModuleCompletion.trainee_id.in_(ids)) > 0
    assert _count(db, Document, Document.trainee_id.in_(ids)) > 0
    assert _count(db, ExamResult, ExamResult.trainee_id.in_(ids)) > 0
    programs = {p.id for p in db.session.scalars(sa.select(Program))}
    enrolled = set(
        db.session.scalars(
            sa.select(Enrolment.program_id).where(Enrolment.trainee_id.in_(ids)).distinct()
        )
    )
    assert len(enrolled) >= 3 and enrolled <= programs
    # Every scale trainee can log in with the password given.
    someone = db.session.get(User, ids[0])
    assert accounts.check_password(someone, "scale password 1")

    # Certifications whose dates and revocation give each state.
    certified = db.session.scalars(
        sa.select(Certification).where(Certification.trainee_id.in_(ids))
    ).all()
    states = {state_on(c, today) for c in certified}
    assert {CertificationState.VALID, CertificationState.REVOKED} <= states
    assert all(c.state == state_on(c, today).value for c in certified)

    # Every current enrolment has its verdict stored, equal to a fresh evaluation.
    assert progress.stale_count(today) == 0
    assert _count(db, TraineeTotals, TraineeTotals.trainee_id.in_(ids)) == 40
    for program_id in enrolled:
        program = db.session.get(Program, program_id)
        rows = db.session.execute(
            sa.select(EnrolmentProgress.trainee_id, EnrolmentProgress.verdict).where(
                EnrolmentProgress.program_id == program_id,
                EnrolmentProgress.trainee_id.in_(ids),
            )
        ).all()
        fresh = evaluate_many([t for t, _v in rows], program, today)
        for trainee_id, verdict in rows:
            assert verdict == fresh[trainee_id].to_dict()
    approved = db.session.scalar(
        sa.select(sa.func.sum(HourEntry.minutes)).where(
            HourEntry.trainee_id == ids[0], HourEntry.status == HourStatus.APPROVED
        )
    )
    assert db.session.get(TraineeTotals, ids[0]).approved_minutes == approved


def test_seed_scale_adds_more_trainees_when_run_again(runner, db, today):
    for _ in range(2):
        result = runner.invoke(args=["seed-scale", "--trainees", "3", "--hours-per-trainee", "2"])
        assert result.exit_code == 0, result.output
    emails = db.session.scalars(
        sa.select(User.email).where(User.email.like(f"{scale.EMAIL_PREFIX}%"))
    ).all()
    assert len(emails) == len(set(emails)) == 6


def test_refresh_progress_gathers_planner_statistics(runner, db, make):
    make.trainee()
    db.session.commit()
    result = runner.invoke(args=["refresh-progress"])
    assert result.exit_code == 0, result.output
    if db.engine.dialect.name == "sqlite":
        stats = db.session.scalar(sa.text("SELECT count(*) FROM sqlite_stat1"))
        assert stats > 0
