"""The eligibility service, rule by rule (tracker.services.eligibility).

Each test builds the smallest situation that makes one rule pass or fail, so
a change to a rule breaks exactly the test that names it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tracker.extensions import db
from tracker.models import (
    CertificationRenewal,
    CompletionStatus,
    HourStatus,
    ModuleCategory,
    utcnow,
)
from tracker.services.eligibility import evaluate, evaluate_renewal, module_standings

AS_OF = date(2026, 11, 25)
DONE_ON = date(2026, 6, 1)  # fixed dates: the results never depend on the day the tests run


def hours_rule(result):
    (rule,) = result.of_kind("hours")
    return rule


# --- hours ----------------------------------------------------------------------------------


def test_only_approved_hours_count_and_pending_are_shown_apart(make):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 600}])
    day = date(2026, 11, 1)
    make.hour_entry(trainee, worked_on=day, minutes=240, status=HourStatus.APPROVED)
    make.hour_entry(trainee, worked_on=day, minutes=120, status=HourStatus.PENDING)
    make.hour_entry(trainee, worked_on=day, minutes=600, status=HourStatus.REJECTED)
    make.hour_entry(trainee, worked_on=day, minutes=600, status=HourStatus.WITHDRAWN)
    make.hour_entry(make.trainee(), worked_on=day, minutes=600, status=HourStatus.APPROVED)
    rule = hours_rule(evaluate(trainee, program, AS_OF))
    assert (rule.required, rule.done, rule.pending, rule.missing) == (10, 4, 2, 6)
    assert not rule.met
    assert rule.percent == 40
    assert "6 more hours" in rule.next_step and "2 hours are waiting for review" in rule.next_step


def test_hours_rule_met_exactly_at_the_minimum(make):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 600}])
    make.hour_entry(trainee, worked_on=AS_OF, minutes=600, status=HourStatus.APPROVED)
    result = evaluate(trainee, program, AS_OF)
    assert hours_rule(result).met and result.eligible
    assert result.next_steps == []


@pytest.mark.parametrize(
    ("worked_on", "counted"),
    [
        (date(2024, 11, 26), True),  # the first day of "the last 24 months"
        (date(2024, 11, 25), False),  # the day before
        (date(2026, 11, 25), True),  # the last day: as_of itself
        (date(2026, 11, 26), False),  # after as_of
    ],
)
def test_window_counts_whole_days_first_and_last_included(make, worked_on, counted):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 60, "window_months": 24}])
    make.hour_entry(trainee, worked_on=worked_on, minutes=60, status=HourStatus.APPROVED)
    rule = hours_rule(evaluate(trainee, program, AS_OF))
    assert rule.met is counted
    assert rule.done == (1 if counted else 0)
    assert rule.detail == "counted from 2024-11-26"


def test_window_at_the_end_of_a_month(make):
    """From 31 March, "the last month" starts on 1 March (28 Feb moved on a day)."""
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 60, "window_months": 1}])
    make.hour_entry(trainee, worked_on=date(2026, 2, 28), minutes=60, status=HourStatus.APPROVED)
    assert not hours_rule(evaluate(trainee, program, date(2026, 3, 31))).met
    make.hour_entry(trainee, worked_on=date(2026, 3, 1), minutes=60, status=HourStatus.APPROVED)
    assert hours_rule(evaluate(trainee, program, date(2026, 3, 31))).met


def test_activity_filter_counts_only_the_named_activities(make):
    trainee = make.trainee()
    program = make.program(
        hour_rules=[{"min_minutes": 120, "activities": ["support_group", "one_on_one"]}]
    )
    day = date(2026, 10, 1)
    make.hour_entry(trainee, worked_on=day, minutes=60, activity="support_group", status="approved")
    make.hour_entry(trainee, worked_on=day, minutes=600, activity="outreach", status="approved")
    make.hour_entry(trainee, worked_on=day, minutes=30, activity="one_on_one", status="pending")
    rule = hours_rule(evaluate(trainee, program, AS_OF))
    assert (rule.done, rule.pending, rule.met) == (1, 0.5, False)
    assert "support group, one-on-one" in rule.label
    make.hour_entry(trainee, worked_on=day, minutes=60, activity="one_on_one", status="approved")
    assert hours_rule(evaluate(trainee, program, AS_OF)).met


def test_supervised_filter_counts_only_supervised_hours(make):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 120, "supervised_only": True}])
    day = date(2026, 10, 1)
    make.hour_entry(trainee, worked_on=day, minutes=600, status="approved")
    make.hour_entry(trainee, worked_on=day, minutes=90, supervised=True, status="approved")
    rule = hours_rule(evaluate(trainee, program, AS_OF))
    assert (rule.required, rule.done, rule.met) == (2, 1.5, False)
    assert rule.label == "2 supervised hours"
    assert "0.5 more supervised hours" in rule.next_step


def test_several_hour_rules_are_each_judged(make):
    trainee = make.trainee()
    program = make.program(
        hour_rules=[
            {"min_minutes": 60, "label": "Any hours"},
            {"min_minutes": 60, "supervised_only": True, "label": "Supervised hours"},
        ]
    )
    make.hour_entry(trainee, worked_on=date(2026, 1, 5), minutes=60, status="approved")
    result = evaluate(trainee, program, AS_OF)
    assert [(r.label, r.met) for r in result.of_kind("hours")] == [
        ("Any hours", True),
        ("Supervised hours", False),
    ]
    assert not result.eligible
    assert result.met_count == 1


# --- modules --------------------------------------------------------------------------------


def module_rule(result):
    (rule,) = result.of_kind("module")
    return rule


def test_verified_completion_counts(make):
    trainee = make.trainee()
    module = make.module()
    program = make.program(modules=[module])
    make.completion(trainee, module, completed_on=date(2026, 5, 1))
    rule = module_rule(evaluate(trainee, program, AS_OF))
    assert rule.met and rule.done == 1
    assert rule.detail == "completed 2026-05-01"


@pytest.mark.parametrize(
    ("score", "met"), [(80, True), (95, True), (79, False), (None, False), (0, False)]
)
def test_pass_mark_reached_or_not(make, score, met):
    trainee = make.trainee()
    module = make.module(pass_mark=80)
    program = make.program(modules=[module])
    make.completion(trainee, module, score=score, completed_on=DONE_ON)
    rule = module_rule(evaluate(trainee, program, AS_OF))
    assert rule.met is met
    if not met and score is not None:
        assert f"score {score} is below the pass mark 80" == rule.detail
        assert "Retake" in rule.next_step


def test_a_later_pass_counts_after_a_failed_attempt(make):
    trainee = make.trainee()
    module = make.module(pass_mark=70)
    program = make.program(modules=[module])
    make.completion(trainee, module, score=50, completed_on=date(2026, 1, 1))
    make.completion(trainee, module, score=72, completed_on=date(2026, 2, 1))
    rule = module_rule(evaluate(trainee, program, AS_OF))
    assert rule.met and "score 72" in rule.detail


def test_unverified_completion_does_not_count_but_shows_as_pending(make):
    trainee = make.trainee()
    module = make.module()
    program = make.program(modules=[module])
    make.completion(
        trainee,
        module,
        status=CompletionStatus.PENDING,
        source="self_reported",
        completed_on=DONE_ON,
    )
    rule = module_rule(evaluate(trainee, program, AS_OF))
    assert not rule.met and rule.done == 0 and rule.pending == 1
    assert "waiting for a coordinator" in rule.detail


def test_rejected_completion_does_not_count(make):
    trainee = make.trainee()
    module = make.module()
    program = make.program(modules=[module])
    make.completion(
        trainee,
        module,
        status=CompletionStatus.REJECTED,
        rejection_reason="Not attended",
        completed_on=DONE_ON,
    )
    rule = module_rule(evaluate(trainee, program, AS_OF))
    assert not rule.met and rule.pending == 0
    assert rule.next_step.startswith("Complete the module")


def test_completion_after_as_of_does_not_count(make):
    trainee = make.trainee()
    module = make.module()
    program = make.program(modules=[module])
    make.completion(trainee, module, completed_on=date(2026, 11, 26))
    assert not module_rule(evaluate(trainee, program, AS_OF)).met


def test_archived_module_completion_still_counts(make):
    trainee = make.trainee()
    module = make.module()
    program = make.program(modules=[module])
    make.completion(trainee, module, completed_on=date(2025, 1, 1))
    module.archived_at = utcnow()
    db.session.flush()
    assert module_rule(evaluate(trainee, program, AS_OF)).met


def test_module_standings_match_the_program_rule(make):
    trainee = make.trainee()
    done, waiting, todo = make.module(), make.module(), make.module(pass_mark=60)
    make.completion(trainee, done, completed_on=DONE_ON)
    make.completion(trainee, waiting, status=CompletionStatus.PENDING, completed_on=DONE_ON)
    standings = module_standings(trainee.id, [done, waiting, todo], AS_OF)
    assert [(s.met, s.pending) for s in standings] == [(True, 0), (False, 1), (False, 0)]
    program = make.program(modules=[done, waiting, todo])
    assert [r.met for r in evaluate(trainee, program, AS_OF).of_kind("module")] == [
        s.met for s in standings
    ]


# --- code of ethics -------------------------------------------------------------------------


def ethics_rule(result):
    (rule,) = result.of_kind("ethics")
    return rule


def test_ethics_rule_needs_a_published_code(make):
    trainee = make.trainee()
    program = make.program(requires_ethics=True)
    rule = ethics_rule(evaluate(trainee, program, AS_OF))
    assert not rule.met and "no code of ethics" in rule.detail


def test_a_new_ethics_version_requires_a_new_acknowledgement(make):
    trainee = make.trainee()
    program = make.program(requires_ethics=True)
    first = make.ethics_version()
    make.acknowledgement(trainee, first)
    assert ethics_rule(evaluate(trainee, program, AS_OF)).met
    second = make.ethics_version()
    rule = ethics_rule(evaluate(trainee, program, AS_OF))
    assert not rule.met
    assert f"version {second.version}" in rule.next_step
    make.acknowledgement(trainee, second)
    assert ethics_rule(evaluate(trainee, program, AS_OF)).met


def test_programs_without_the_ethics_requirement_have_no_ethics_rule(make):
    trainee = make.trainee()
    program = make.program(requires_ethics=False)
    result = evaluate(trainee, program, AS_OF)
    assert result.of_kind("ethics") == []
    assert result.eligible  # a program with no rules at all is met


# --- the verdict ----------------------------------------------------------------------------


def test_verdict_and_next_steps_over_every_kind_of_rule(make):
    trainee = make.trainee()
    module = make.module(code="ETH1", title="Ethics basics")
    program = make.program(
        modules=[module], hour_rules=[{"min_minutes": 120}], requires_ethics=True
    )
    version = make.ethics_version()
    result = evaluate(trainee, program, AS_OF)
    assert not result.eligible
    assert [r.kind for r in result.missing_rules] == ["module", "hours", "ethics"]
    assert len(result.next_steps) == 3
    assert "ETH1 Ethics basics" in result.next_steps[0]

    make.completion(trainee, module, completed_on=DONE_ON)
    make.hour_entry(trainee, worked_on=AS_OF, minutes=120, status="approved")
    make.acknowledgement(trainee, version)
    result = evaluate(trainee, program, AS_OF)
    assert result.eligible and result.next_steps == []
    assert result.to_dict()["eligible"] is True


# --- renewal --------------------------------------------------------------------------------


def renewal_snapshot(**kw):
    data = {
        "name": "Peer Specialist",
        "renewal_ce_minutes": 600,
        "renewal_category": None,
        "renewal_category_minutes": 0,
        "validity_months": 24,
    }
    data.update(kw)
    return data


def test_renewal_counts_ce_hours_within_the_cycle_only(make):
    trainee = make.trainee()
    program = make.program()
    certification = make.certification(
        trainee, program, issued_on=date(2025, 1, 10), program_snapshot=renewal_snapshot()
    )
    module = make.module(contact_minutes=240)
    make.completion(trainee, module, completed_on=date(2025, 1, 9))  # before the cycle
    make.completion(trainee, module, completed_on=date(2025, 1, 10))  # first day counts
    make.completion(trainee, module, completed_on=date(2026, 1, 1))
    make.completion(trainee, module, completed_on=date(2026, 2, 1), status="pending")
    make.completion(trainee, module, completed_on=date(2026, 3, 1), status="rejected")
    make.completion(trainee, module, completed_on=date(2026, 12, 1))  # after as_of
    result = evaluate_renewal(certification, AS_OF)
    (rule,) = result.rules
    assert result.renewal
    assert (rule.required, rule.done, rule.pending, rule.met) == (10, 8, 4, False)
    assert rule.detail == "since 2025-01-10"
    make.completion(trainee, make.module(contact_minutes=120), completed_on=date(2026, 6, 1))
    assert evaluate_renewal(certification, AS_OF).eligible


def test_renewal_cycle_starts_again_at_the_last_renewal(make):
    trainee = make.trainee()
    program = make.program()
    certification = make.certification(
        trainee, program, issued_on=date(2023, 1, 1), program_snapshot=renewal_snapshot()
    )
    module = make.module(contact_minutes=600)
    make.completion(trainee, module, completed_on=date(2024, 6, 1))
    assert evaluate_renewal(certification, AS_OF).eligible
    db.session.add(
        CertificationRenewal(
            certification_id=certification.id,
            previous_expires_on=certification.expires_on,
            new_expires_on=date(2027, 1, 1),
            renewed_at=datetime(2025, 1, 2, 9, 0, tzinfo=UTC),
        )
    )
    db.session.flush()
    db.session.refresh(certification)
    result = evaluate_renewal(certification, AS_OF)
    assert not result.eligible
    assert result.rules[0].detail == "since 2025-01-02"


def test_renewal_category_minimum_counts_only_that_category(make):
    trainee = make.trainee()
    program = make.program()
    certification = make.certification(
        trainee,
        program,
        issued_on=date(2025, 1, 1),
        program_snapshot=renewal_snapshot(
            renewal_ce_minutes=600, renewal_category="ethics", renewal_category_minutes=180
        ),
    )
    ethics = make.module(category=ModuleCategory.ETHICS, contact_minutes=120)
    recovery = make.module(category=ModuleCategory.RECOVERY, contact_minutes=600)
    make.completion(trainee, recovery, completed_on=date(2025, 6, 1))
    make.completion(trainee, ethics, completed_on=date(2025, 7, 1))
    total, category = evaluate_renewal(certification, AS_OF).rules
    assert total.met and total.done == 12
    assert category.key == "ce:ethics"
    assert (category.required, category.done, category.met) == (3, 2, False)
    assert "1 more ethics hours" in category.next_step
    make.completion(
        trainee, make.module(category="ethics", contact_minutes=60), completed_on=DONE_ON
    )
    assert evaluate_renewal(certification, AS_OF).eligible


def test_renewal_rules_come_from_the_snapshot_not_the_current_program(make):
    trainee = make.trainee()
    program = make.program(renewal_ce_minutes=60)
    certification = make.certification(
        trainee, program, issued_on=date(2025, 1, 1), program_snapshot=renewal_snapshot()
    )
    make.completion(trainee, make.module(contact_minutes=60), completed_on=date(2025, 3, 1))
    result = evaluate_renewal(certification, AS_OF)
    assert result.rules[0].required == 10 and not result.eligible


def test_evaluating_many_trainees_at_once_gives_each_one_verdict(make, db):
    """evaluate_many answers for each trainee exactly what evaluate answers alone."""
    from tracker.services.eligibility import evaluate_many

    exam = make.module(pass_mark=70)
    program = make.program(
        modules=[exam],
        hour_rules=[{"min_minutes": 600, "supervised_only": True, "window_months": 12}],
        requires_ethics=True,
    )
    version = make.ethics_version()
    ready, halfway, new = make.trainee(), make.trainee(), make.trainee()
    make.completion(ready, exam, score=90)
    make.hour_entry(ready, minutes=600, supervised=True, status=HourStatus.APPROVED)
    make.acknowledgement(ready, version)
    make.completion(halfway, exam, score=50)
    make.hour_entry(halfway, minutes=300, supervised=True, status=HourStatus.APPROVED)
    make.hour_entry(halfway, minutes=120, supervised=True, status=HourStatus.PENDING)
    db.session.flush()

    together = evaluate_many([ready.id, halfway.id, new.id, ready.id], program)

    assert set(together) == {ready.id, halfway.id, new.id}
    assert [together[t.id].eligible for t in (ready, halfway, new)] == [True, False, False]
    for trainee in (ready, halfway, new):
        assert together[trainee.id] == evaluate(trainee, program)
    assert together[halfway.id].of_kind("hours")[0].pending == 2


def test_evaluating_many_costs_the_same_queries_for_one_or_many(make, db):
    """A fixed number of queries per batch, however many trainees (no query per trainee)."""
    from sqlalchemy import event

    from tracker.services.eligibility import evaluate_many

    program = make.program(
        modules=[make.module(), make.module()],
        hour_rules=[{"min_minutes": 600}, {"min_minutes": 60, "supervised_only": True}],
        requires_ethics=True,
    )
    make.ethics_version()
    trainees = [make.trainee() for _ in range(12)]
    for trainee in trainees:
        make.hour_entry(trainee, status=HourStatus.APPROVED)
    db.session.flush()

    def queries_for(people):
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            evaluate_many([p.id for p in people], program)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    assert queries_for(trainees) == queries_for(trainees[:1])
