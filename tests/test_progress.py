"""Stored verdicts (tracker.services.progress): true after every change, in the same
transaction, and worked out afresh once time alone may have changed them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tracker.extensions import db as _db
from tracker.models import (
    Enrolment,
    EnrolmentProgress,
    HourStatus,
    Program,
    ProgramProgress,
    TraineeTotals,
)
from tracker.services import certifications, ethics, programs, progress, review, trainees
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate


def stored(trainee, program) -> EnrolmentProgress | None:
    return _db.session.scalar(
        sa.select(EnrolmentProgress)
        .join(Enrolment, Enrolment.id == EnrolmentProgress.enrolment_id)
        .where(Enrolment.trainee_id == trainee.id, Enrolment.program_id == program.id)
    )


def fresh(trainee, program, today=None):
    return evaluate(trainee, program, today or local_today())


def same(row: EnrolmentProgress | None, verdict) -> bool:
    return row is not None and (
        row.eligible,
        row.met_count,
        row.rule_count,
        [r["met"] for r in row.verdict["rules"]],
    ) == (verdict.eligible, verdict.met_count, len(verdict.rules), [r.met for r in verdict.rules])


@pytest.fixture
def enrolled(db, make):
    coordinator = make.coordinator()
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 120}], requires_ethics=True)
    make.enrolment(trainee, program)
    db.session.commit()
    return coordinator, trainee, program


def test_enrolling_stores_a_verdict(db, enrolled):
    _, trainee, program = enrolled
    row = stored(trainee, program)
    assert row is not None and not row.eligible and (row.met_count, row.rule_count) == (0, 2)
    assert same(row, fresh(trainee, program))


def test_an_approved_hour_entry_changes_it_in_the_same_transaction(db, make, enrolled):
    coordinator, trainee, program = enrolled
    entry = make.hour_entry(trainee, minutes=120)
    db.session.commit()
    assert stored(trainee, program).met_count == 0
    review.approve_hours(entry.id, coordinator)  # a conditional UPDATE, not an ORM change
    db.session.commit()
    row = stored(trainee, program)
    assert row.met_count == 1 and same(row, fresh(trainee, program))
    totals = db.session.get(TraineeTotals, trainee.id)
    assert (totals.approved_minutes, totals.pending_minutes) == (120, 0)


def test_a_rolled_back_change_stores_nothing(db, make, enrolled):
    _, trainee, program = enrolled
    make.hour_entry(trainee, minutes=120, status=HourStatus.APPROVED)
    db.session.rollback()
    db.session.commit()
    assert stored(trainee, program).met_count == 0


def test_a_new_code_of_ethics_version_and_an_acknowledgement(db, make, enrolled):
    coordinator, trainee, program = enrolled
    version = ethics.publish_version(coordinator, ethics.codes()[0], "Code", "Be kind.")
    db.session.commit()
    assert not stored(trainee, program).verdict["rules"][1]["met"]
    ethics.acknowledge(trainee, version.id)
    db.session.commit()
    assert stored(trainee, program).verdict["rules"][1]["met"]
    ethics.publish_version(coordinator, ethics.codes()[0], "Code", "Be kinder.")
    db.session.commit()
    assert not stored(trainee, program).verdict["rules"][1]["met"]


def test_a_rule_edited_changes_every_enrolled_trainees_verdict(db, make, enrolled):
    coordinator, trainee, program = enrolled
    make.hour_entry(trainee, minutes=60, status=HourStatus.APPROVED)
    db.session.commit()
    assert not stored(trainee, program).verdict["rules"][0]["met"]
    programs.save_requirement(
        program, coordinator, {"kind": "experience_hours", "hours": 1}, key="hours-1"
    )
    db.session.commit()
    assert stored(trainee, program).verdict["rules"][0]["met"]


def test_withdrawing_removes_the_verdict_and_holding_a_certificate_counts(db, make, enrolled):
    coordinator, trainee, program = enrolled
    advanced = make.program(
        requirements=[{"kind": "certification", "settings": {"program_id": program.id}}]
    )
    make.enrolment(trainee, advanced)
    db.session.commit()
    assert not stored(trainee, advanced).eligible
    certification = certifications.issue(trainee, program, coordinator, override_reason="Test")
    db.session.commit()
    assert stored(trainee, advanced).eligible
    certifications.revoke(certification, coordinator, "Breach of the code")
    db.session.commit()
    assert not stored(trainee, advanced).eligible
    programs.withdraw(trainee, advanced, coordinator)
    db.session.commit()
    assert stored(trainee, advanced) is None


def test_a_change_the_commit_itself_flushes_still_moves_the_verdict(db, make, enrolled):
    """A record changed and committed with no flush in between (the commit's own flush
    runs after the hook that stores verdicts) still moves the stored verdict."""
    coordinator, trainee, program = enrolled
    advanced = make.program(
        requirements=[{"kind": "certification", "settings": {"program_id": program.id}}]
    )
    make.enrolment(trainee, advanced)
    certification = certifications.issue(trainee, program, coordinator, override_reason="Test")
    db.session.commit()
    dates = certifications.dates_for(
        local_today() + timedelta(days=10), program.renewal_window_days, program.grace_days
    )
    for name, value in dates.items():
        setattr(certification, name, value)
    db.session.commit()
    assert stored(trainee, advanced).changes_on == local_today() + timedelta(days=11)


def test_readers_work_a_verdict_out_again_once_its_day_has_come(db, make, enrolled):
    _, trainee, _ = enrolled
    short = make.program(hour_rules=[{"min_minutes": 60, "window_months": 1}])
    make.enrolment(trainee, short)
    make.hour_entry(
        trainee,
        minutes=60,
        status=HourStatus.APPROVED,
        worked_on=local_today() - timedelta(days=10),
    )
    db.session.commit()
    row = stored(trainee, short)
    assert row.eligible and row.changes_on is not None
    enrolment = select_enrolment(trainee, short)
    later = row.changes_on
    assert progress.summaries(enrolment, later - timedelta(days=1))[row.enrolment_id].eligible
    assert not progress.summaries(enrolment, later)[row.enrolment_id].eligible
    assert not fresh(trainee, short, later).eligible


def select_enrolment(trainee, program):
    return sa.select(Enrolment.id).where(
        Enrolment.trainee_id == trainee.id, Enrolment.program_id == program.id
    )


def test_refresh_progress_rebuilds_everything_and_changes_nothing_twice(runner, db, make):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 60}])
    make.enrolment(trainee, program)
    db.session.commit()
    # Rows lost (or a database upgraded before the table existed): readers still answer.
    db.session.execute(sa.delete(EnrolmentProgress))
    db.session.execute(sa.delete(ProgramProgress))
    db.session.execute(sa.delete(TraineeTotals))
    db.session.commit()
    assert progress.stale_count() == 1
    assert progress.unsettled_programs(local_today()) == [program.id]
    first = runner.invoke(args=["refresh-progress"])
    assert first.exit_code == 0, first.output
    assert "Stored 1 verdicts." in first.output
    assert progress.stale_count() == 0
    before = [
        (r.enrolment_id, r.eligible, r.verdict)
        for r in db.session.scalars(sa.select(EnrolmentProgress))
    ]
    assert runner.invoke(args=["refresh-progress"]).exit_code == 0
    db.session.expire_all()
    after = [
        (r.enrolment_id, r.eligible, r.verdict)
        for r in db.session.scalars(sa.select(EnrolmentProgress))
    ]
    assert after == before
    assert db.session.get(TraineeTotals, trainee.id).approved_minutes == 0


def program_sums() -> dict[int, tuple]:
    return {
        r.program_id: (r.enrolled, r.missing, r.eligible, r.due_on, r.latest_as_of)
        for r in _db.session.scalars(sa.select(ProgramProgress))
    }


def program_sums_afresh() -> dict[int, tuple]:
    """The per-program sums worked out from the enrolments and stored verdicts, in Python."""
    sums: dict[int, tuple] = dict.fromkeys(
        _db.session.scalars(sa.select(Program.id)), (0, 0, 0, None, None)
    )
    current = _db.session.scalars(sa.select(Enrolment).where(Enrolment.withdrawn_at.is_(None)))
    for enrolment in current:
        enrolled, missing, eligible, due, latest = sums[enrolment.program_id]
        enrolled += 1
        row = _db.session.get(EnrolmentProgress, enrolment.id)
        if row is None:
            missing += 1
        else:
            eligible += int(row.eligible)
            if row.changes_on is not None:
                due = row.changes_on if due is None else min(due, row.changes_on)
            latest = row.as_of if latest is None else max(latest, row.as_of)
        sums[enrolment.program_id] = (enrolled, missing, eligible, due, latest)
    return sums


def test_program_sums_follow_enrolments_verdicts_and_withdrawals(db, make, enrolled):
    coordinator, trainee, program = enrolled
    assert program_sums()[program.id] == (1, 0, 0, None, local_today())
    make.hour_entry(trainee, minutes=120, status=HourStatus.APPROVED)
    version = ethics.publish_version(coordinator, ethics.codes()[0], "Code", "Be kind.")
    ethics.acknowledge(trainee, version.id)
    db.session.commit()
    assert program_sums()[program.id][:3] == (1, 0, 1)
    assert program_sums() == program_sums_afresh()
    programs.withdraw(trainee, program, coordinator)
    db.session.commit()
    assert program_sums()[program.id] == (0, 0, 0, None, None)
    assert program_sums() == program_sums_afresh()


def test_a_new_trainee_has_totals_at_once_and_is_listed_by_hours(db, make):
    busy, new = make.trainee(display_name="Busy Bee"), make.trainee(display_name="New Person")
    make.hour_entry(busy, minutes=90, status=HourStatus.APPROVED)
    db.session.commit()
    assert db.session.get(TraineeTotals, new.id).approved_minutes == 0
    filters = trainees.TraineeFilters(sort="hours")
    rows = db.session.execute(trainees.search(filters)).all()
    assert [(u.id, minutes) for u, minutes, _ in rows] == [(busy.id, 90), (new.id, 0)]
    assert db.session.scalar(trainees.count(filters)) == 2


def test_a_program_whose_verdicts_are_missing_or_due_is_looked_at_afresh(db, make, enrolled):
    _, trainee, program = enrolled
    today = local_today()
    assert progress.unsettled_programs(today) == []
    # A verdict lost (written around the application): the sums say so once summed again.
    db.session.execute(sa.delete(EnrolmentProgress))
    progress.refresh_program_progress()
    db.session.commit()
    assert progress.unsettled_programs(today) == [program.id]
    progress.refresh()
    db.session.commit()
    assert progress.unsettled_programs(today) == []
    # A verdict that changes on a day: its program is settled until that day.
    short = make.program(hour_rules=[{"min_minutes": 60, "window_months": 1}])
    make.enrolment(trainee, short)
    make.hour_entry(
        trainee, minutes=60, status=HourStatus.APPROVED, worked_on=today - timedelta(days=10)
    )
    db.session.commit()
    due = program_sums()[short.id][3]
    assert due is not None and due > today
    assert progress.unsettled_programs(due - timedelta(days=1)) == []
    assert progress.unsettled_programs(due) == [short.id]
    eligible_then = set(db.session.scalars(trainees.eligible_enrolment_ids(short.id, due)))
    assert eligible_then == set()
    assert set(db.session.scalars(trainees.eligible_enrolment_ids(short.id, today))) == {
        db.session.scalar(select_enrolment(trainee, short))
    }


# --- the property: stored verdicts always equal fresh ones ----------------------------------


class StoredVerdicts(RuleBasedStateMachine):
    """Random sequences of the changes that alter verdicts, and of days passing.

    After each step, for every current enrolment, the verdict the pages read
    (stored, or worked out afresh once its day has come) equals a fresh evaluation
    on the simulated day; and after each commit, stored rows computed today equal
    today's fresh evaluation.
    """

    make = None

    @initialize()
    def setup(self) -> None:
        # Each example starts from an empty database (but the starting vocabularies).
        for table in reversed(_db.metadata.sorted_tables):
            if table.name not in {"domains", "activities", "ethics_codes"}:
                _db.session.execute(table.delete())
        _db.session.commit()
        make = self.make
        self.published = 0
        self.today = local_today()
        self.coordinator = make.coordinator()
        self.exam = make.exam(max_attempts=2, attempt_period_months=6)
        self.document_type = make.document_type()
        self.module = make.module(contact_minutes=120, domains={"ethics": 120})
        self.base = make.program(hour_rules=[{"min_minutes": 120, "window_months": 2}])
        self.program = make.program(
            modules=[self.module],
            hour_rules=[{"min_minutes": 180, "supervised_only": True, "window_months": 3}],
            requires_ethics=True,
            requirements=[
                {"kind": "exam", "settings": {"exam_id": self.exam.id}, "window_months": 4},
                {
                    "kind": "documents",
                    "settings": {"document_type_id": self.document_type.id, "count": 1},
                },
                {"kind": "certification", "settings": {"program_id": self.base.id}},
                {
                    "kind": "training_hours",
                    "settings": {"minutes": 120, "domain_ids": [make.domain("ethics").id]},
                    "window_months": 3,
                },
            ],
        )
        self.trainees = [make.trainee() for _ in range(3)]
        for trainee in self.trainees:
            make.enrolment(trainee, self.program)
            make.enrolment(trainee, self.base)
        _db.session.commit()

    def _day(self, ago: int) -> date:
        return local_today() - timedelta(days=ago)

    @rule(
        who=st.integers(0, 2),
        ago=st.integers(0, 120),
        hours=st.integers(1, 4),
        supervised=st.booleans(),
        approve=st.booleans(),
    )
    def log_hours(self, who, ago, hours, supervised, approve):
        entry = self.make.hour_entry(
            self.trainees[who], worked_on=self._day(ago), minutes=hours * 60, supervised=supervised
        )
        _db.session.commit()
        if approve:
            review.approve_hours(entry.id, self.coordinator)
            _db.session.commit()

    @rule(who=st.integers(0, 2), ago=st.integers(0, 150))
    def complete_module(self, who, ago):
        self.make.completion(self.trainees[who], self.module, completed_on=self._day(ago))
        _db.session.commit()

    @rule(who=st.integers(0, 2), ago=st.integers(0, 200), passed=st.booleans())
    def sit_exam(self, who, ago, passed):
        self.make.exam_result(self.trainees[who], self.exam, passed=passed, taken_on=self._day(ago))
        _db.session.commit()

    @rule(who=st.integers(0, 2), expires_in=st.one_of(st.none(), st.integers(1, 60)))
    def accept_document(self, who, expires_in):
        self.make.document(
            self.trainees[who],
            self.document_type,
            dated_on=self._day(5),
            expires_on=None if expires_in is None else local_today() + timedelta(days=expires_in),
        )
        _db.session.commit()

    @rule(who=st.integers(0, 2))
    def acknowledge(self, who):
        version = ethics.current_version(ethics.codes()[0].id)
        if version is not None:
            ethics.acknowledge(self.trainees[who], version.id)
            _db.session.commit()

    @rule()
    def publish_ethics(self):
        self.published += 1
        ethics.publish_version(
            self.coordinator, ethics.codes()[0], "Code", f"Version {self.published}: be kind."
        )
        _db.session.commit()

    @rule(who=st.integers(0, 2), days=st.integers(5, 90))
    def certify_base(self, who, days):
        trainee = self.trainees[who]
        if certifications.held(trainee, self.base) is None:
            cert = certifications.issue(
                trainee, self.base, self.coordinator, override_reason="Property test"
            )
            dates = certifications.dates_for(
                local_today() + timedelta(days=days),
                self.base.renewal_window_days,
                self.base.grace_days,
            )
            for name, value in dates.items():
                setattr(cert, name, value)
            cert.state = certifications.state_on(cert)
            _db.session.commit()

    @rule(who=st.integers(0, 2))
    def revoke_base(self, who):
        cert = certifications.held(self.trainees[who], self.base)
        if cert is not None:
            certifications.revoke(cert, self.coordinator, "Property test")
            _db.session.commit()

    @rule(hours=st.integers(1, 6))
    def edit_rule(self, hours):
        row = next(r for r in self.program.requirements if r.kind == "experience_hours")
        programs.save_requirement(
            self.program,
            self.coordinator,
            {"kind": "experience_hours", "hours": hours, "supervised": True, "within_months": 3},
            key=row.key,
        )
        _db.session.commit()

    @rule(who=st.integers(0, 2))
    def withdraw_and_return(self, who):
        programs.withdraw(self.trainees[who], self.program, self.coordinator)
        _db.session.commit()
        programs.enrol(self.trainees[who], self.program, self.coordinator)
        _db.session.commit()

    @rule()
    def refresh_everything(self):
        progress.refresh()
        _db.session.commit()

    @rule(days=st.integers(1, 120))
    def time_passes(self, days):
        self.today = self.today + timedelta(days=days)

    @invariant()
    def program_sums_equal_the_stored_verdicts(self):
        if not hasattr(self, "trainees"):
            return
        assert program_sums() == program_sums_afresh()

    @invariant()
    def the_eligible_are_those_a_fresh_evaluation_finds(self):
        if not hasattr(self, "trainees"):
            return
        for program_id in (None, self.program.id, self.base.id):
            candidates = _db.session.scalars(trainees.candidate_enrolments(program_id)).all()
            expected = {
                e.id for e in candidates if evaluate(e.trainee, e.program, self.today).eligible
            }
            found = set(
                _db.session.scalars(trainees.eligible_enrolment_ids(program_id, self.today))
            )
            assert found == expected, (program_id, self.today)

    @invariant()
    def stored_rows_are_todays_truth(self):
        if not hasattr(self, "trainees"):
            return
        for trainee in self.trainees:
            for program in (self.program, self.base):
                row = stored(trainee, program)
                assert same(row, fresh(trainee, program))

    @invariant()
    def readers_see_the_truth_on_any_later_day(self):
        if not hasattr(self, "trainees"):
            return
        ids = sa.select(Enrolment.id).where(Enrolment.withdrawn_at.is_(None))
        seen = progress.summaries(ids, self.today)
        for enrolment in _db.session.scalars(
            sa.select(Enrolment).where(Enrolment.withdrawn_at.is_(None))
        ):
            truth = evaluate(enrolment.trainee, enrolment.program, self.today)
            summary = seen[enrolment.id]
            assert (summary.eligible, summary.met_count) == (truth.eligible, truth.met_count), (
                enrolment.trainee.email,
                enrolment.program.code,
                self.today,
            )


def test_stored_verdicts_always_equal_a_fresh_evaluation(app, make):
    StoredVerdicts.make = make
    run = StoredVerdicts.TestCase
    run.settings = settings(
        max_examples=10,
        stateful_step_count=12,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    run().runTest()
