"""The daily hour totals the reports read stay equal to the entries they sum."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tracker.extensions import db as _db
from tracker.models import HourDayTotals, HourEntry, HourStatus
from tracker.services import hours, progress, reports, review
from tracker.services.dates import local_today
from tracker.services.errors import ServiceError


def stored_totals() -> set[tuple]:
    return {
        (r.status, r.worked_on, r.activity, bool(r.supervised), r.minutes, r.entries)
        for r in _db.session.scalars(sa.select(HourDayTotals))
    }


def fresh_totals() -> set[tuple]:
    return {
        (status, day, activity, bool(supervised), int(minutes), int(count))
        for status, day, activity, supervised, minutes, count in _db.session.execute(
            progress.day_totals_query()
        )
    }


class DayTotals(RuleBasedStateMachine):
    """Random entries logged, edited (to another day), withdrawn, approved, rejected and
    deleted, some rolled back: after each step the stored totals equal a fresh GROUP BY."""

    make = None

    @initialize()
    def setup(self) -> None:
        _db.session.execute(sa.delete(HourDayTotals))
        _db.session.execute(sa.delete(HourEntry))
        _db.session.commit()
        self.coordinator = self.make.coordinator()
        self.trainees = [self.make.trainee() for _ in range(2)]
        self.make.activity("one_on_one")
        _db.session.commit()

    def _entries(self) -> list[HourEntry]:
        return list(_db.session.scalars(sa.select(HourEntry).order_by(HourEntry.id)))

    def _pick(self, index: int, status: str | None = None) -> HourEntry | None:
        entries = [e for e in self._entries() if status is None or e.status == status]
        return entries[index % len(entries)] if entries else None

    @rule(
        who=st.integers(0, 1),
        ago=st.integers(0, 6),
        quarters=st.integers(1, 8),
        activity=st.sampled_from(["support_group", "one_on_one"]),
        supervised=st.booleans(),
        keep=st.booleans(),
    )
    def log(self, who, ago, quarters, activity, supervised, keep):
        try:
            hours.log_entry(
                self.trainees[who],
                worked_on=local_today() - timedelta(days=ago),
                hours=str(quarters / 4),
                activity=activity,
                setting="in_person",
                supervised=supervised,
                supervisor_name="Sam Supervisor" if supervised else None,
            )
        except ServiceError:  # more than 24 hours in a day, say
            _db.session.rollback()
            return
        if keep:
            _db.session.commit()
        else:
            _db.session.rollback()

    @rule(index=st.integers(0, 50), ago=st.integers(0, 6), quarters=st.integers(1, 8))
    def edit(self, index, ago, quarters):
        entry = self._pick(index, HourStatus.PENDING)
        if entry is None:
            return
        try:
            hours.edit_entry(
                entry.trainee,
                entry,
                worked_on=local_today() - timedelta(days=ago),
                hours=str(quarters / 4),
                activity=entry.activity,
                setting=entry.setting,
                supervised=entry.supervised,
                supervisor_name=entry.supervisor_name,
            )
        except ServiceError:
            _db.session.rollback()
            return
        _db.session.commit()

    @rule(index=st.integers(0, 50), decision=st.sampled_from(["approve", "reject", "withdraw"]))
    def decide(self, index, decision):
        entry = self._pick(index, HourStatus.PENDING)
        if entry is None:
            return
        if decision == "approve":
            review.approve_hours(entry.id, self.coordinator)
        elif decision == "reject":
            review.reject_hours(entry.id, self.coordinator, "Not a practice activity")
        else:
            hours.withdraw_entry(entry.trainee, entry)
        _db.session.commit()

    @rule(index=st.integers(0, 50))
    def delete(self, index):
        entry = self._pick(index)
        if entry is None:
            return
        _db.session.execute(sa.update(HourEntry).values(corrects_id=None))
        _db.session.delete(entry)
        _db.session.commit()

    @invariant()
    def stored_equal_fresh(self):
        if hasattr(self, "trainees"):
            assert stored_totals() == fresh_totals()


def test_daily_totals_always_equal_a_fresh_aggregate(app, make):
    DayTotals.make = make
    run = DayTotals.TestCase
    run.settings = settings(
        max_examples=15,
        stateful_step_count=15,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    run().runTest()


def test_reports_read_the_daily_totals_and_refresh_progress_rebuilds_them(runner, db, make):
    trainee = make.trainee()
    make.hour_entry(trainee, minutes=90, status=HourStatus.APPROVED)
    make.hour_entry(trainee, minutes=30, status=HourStatus.PENDING)
    db.session.commit()
    filters = reports.ReportFilters.default()
    assert sum(m.minutes for m in reports.hours_by_month(filters)) == 90
    assert reports.pending_minutes(filters) == 30
    db.session.execute(sa.delete(HourDayTotals))
    db.session.commit()
    # The page reads the totals, not the entries...
    assert sum(m.minutes for m in reports.hours_by_month(filters)) == 0
    assert reports.hours_by_activity(filters) == []
    # ... and the nightly command puts them back.
    result = runner.invoke(args=["refresh-progress"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert sum(m.minutes for m in reports.hours_by_month(filters)) == 90
    [row] = reports.hours_by_activity(filters)
    assert (row.minutes, row.entries) == (90, 1)
    assert reports.pending_minutes(filters) == 30
    assert stored_totals() == fresh_totals()
