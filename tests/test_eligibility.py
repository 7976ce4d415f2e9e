"""The eligibility service, requirement kind by kind (tracker.services.eligibility and
tracker.services.requirements).

Each test builds the smallest situation that makes one requirement pass or fail
(met, one short, outside the window, a limit exceeded, an alternative met by
either option), so a change to a rule breaks exactly the test that names it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from tracker.extensions import db
from tracker.models import (
    CertificationRenewal,
    CompletionStatus,
    HourStatus,
    ReviewStatus,
    SupervisionFormat,
    utcnow,
)
from tracker.services.eligibility import (
    evaluate,
    evaluate_many,
    evaluate_renewal,
    module_standings,
)

AS_OF = date(2026, 11, 25)
DONE_ON = date(2026, 6, 1)  # fixed dates: the results never depend on the day the tests run


def one(result, kind):
    """The only requirement of ``kind`` in a verdict."""
    (rule,) = result.of_kind(kind)
    return rule


def ids(make, kind, **settings):
    """A program with one requirement of ``kind`` and ``settings`` (stored form)."""
    window = settings.pop("window_months", None)
    return make.program(
        requirements=[{"kind": kind, "settings": settings, "window_months": window}]
    )


# --- experience hours ------------------------------------------------------------------------


def test_only_approved_hours_count_and_pending_are_shown_apart(make):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 600}])
    day = date(2026, 11, 1)
    make.hour_entry(trainee, worked_on=day, minutes=240, status=HourStatus.APPROVED)
    make.hour_entry(trainee, worked_on=day, minutes=120, status=HourStatus.PENDING)
    make.hour_entry(trainee, worked_on=day, minutes=600, status=HourStatus.REJECTED)
    make.hour_entry(trainee, worked_on=day, minutes=600, status=HourStatus.WITHDRAWN)
    make.hour_entry(make.trainee(), worked_on=day, minutes=600, status=HourStatus.APPROVED)
    rule = one(evaluate(trainee, program, AS_OF), "experience_hours")
    assert (rule.required, rule.done, rule.pending, rule.missing) == (10, 4, 2, 6)
    assert not rule.met
    assert rule.percent == 40
    assert "Log 6 more hours" in rule.next_step
    assert "2 hours are waiting for review" in rule.next_step


def test_hours_met_exactly_at_the_minimum_and_one_quarter_short(make):
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 600}])
    make.hour_entry(trainee, worked_on=AS_OF, minutes=585, status=HourStatus.APPROVED)
    rule = one(evaluate(trainee, program, AS_OF), "experience_hours")
    assert not rule.met and rule.missing == 0.25
    make.hour_entry(trainee, worked_on=DONE_ON, minutes=15, status=HourStatus.APPROVED)
    result = evaluate(trainee, program, AS_OF)
    assert one(result, "experience_hours").met and result.eligible
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
    rule = one(evaluate(trainee, program, AS_OF), "experience_hours")
    assert rule.met is counted
    assert rule.done == (1 if counted else 0)
    assert rule.detail == "counted from 26 Nov 2024"
    if counted and worked_on <= AS_OF:
        # The day the entry leaves the window, the verdict must be worked out again.
        assert rule.changes_on == date(worked_on.year + 2, worked_on.month, worked_on.day)


def test_window_at_the_end_of_a_month(make):
    """From 31 March, "the last month" starts on 1 March (28 Feb moved on a day)."""
    trainee = make.trainee()
    program = make.program(hour_rules=[{"min_minutes": 60, "window_months": 1}])
    make.hour_entry(trainee, worked_on=date(2026, 2, 28), minutes=60, status=HourStatus.APPROVED)
    assert not one(evaluate(trainee, program, date(2026, 3, 31)), "experience_hours").met
    make.hour_entry(trainee, worked_on=date(2026, 3, 1), minutes=60, status=HourStatus.APPROVED)
    assert one(evaluate(trainee, program, date(2026, 3, 31)), "experience_hours").met


def test_activities_included_or_excluded(make):
    trainee = make.trainee()
    include = make.program(
        hour_rules=[{"min_minutes": 120, "activities": ["support_group", "one_on_one"]}]
    )
    other = make.activity("other")
    exclude = ids(
        make, "experience_hours", minutes=120, activity_ids=[other.id], activity_mode="exclude"
    )
    day = date(2026, 10, 1)
    make.hour_entry(trainee, worked_on=day, minutes=60, activity="support_group", status="approved")
    make.hour_entry(trainee, worked_on=day, minutes=600, activity="other", status="approved")
    make.hour_entry(trainee, worked_on=day, minutes=30, activity="one_on_one", status="pending")
    rule = one(evaluate(trainee, include, AS_OF), "experience_hours")
    assert (rule.done, rule.pending, rule.met) == (1, 0.5, False)
    assert "in support group, one-on-one" in rule.label
    assert one(evaluate(trainee, exclude, AS_OF), "experience_hours").done == 1
    assert "other than other" in one(evaluate(trainee, exclude, AS_OF), "experience_hours").label
    make.hour_entry(trainee, worked_on=day, minutes=60, activity="one_on_one", status="approved")
    assert one(evaluate(trainee, include, AS_OF), "experience_hours").met
    assert one(evaluate(trainee, exclude, AS_OF), "experience_hours").met


def test_setting_paid_and_supervised_filters(make):
    trainee = make.trainee()
    program = ids(
        make, "experience_hours", minutes=120, settings=["in_person"], paid="paid", supervised=True
    )
    day = date(2026, 10, 1)
    kw = {"worked_on": day, "status": "approved"}
    make.hour_entry(trainee, minutes=60, setting="online", is_paid=True, supervised=True, **kw)
    make.hour_entry(trainee, minutes=60, setting="in_person", is_paid=False, supervised=True, **kw)
    make.hour_entry(trainee, minutes=60, setting="in_person", is_paid=True, supervised=False, **kw)
    make.hour_entry(trainee, minutes=90, setting="in_person", is_paid=True, supervised=True, **kw)
    rule = one(evaluate(trainee, program, AS_OF), "experience_hours")
    assert (rule.done, rule.met) == (1.5, False)
    assert rule.label == "2 supervised practice hours (in person; paid)"
    volunteer = ids(make, "experience_hours", minutes=60, paid="volunteer")
    assert one(evaluate(trainee, volunteer, AS_OF), "experience_hours").done == 1


def test_a_limit_caps_what_some_activities_count(make):
    trainee = make.trainee()
    online = make.activity("online_community")
    program = ids(
        make,
        "experience_hours",
        minutes=600,
        limits=[{"activity_ids": [online.id], "max_minutes": 120}],
    )
    day = date(2026, 10, 1)
    make.hour_entry(
        trainee, worked_on=day, minutes=300, activity="online_community", status="approved"
    )
    make.hour_entry(
        trainee,
        worked_on=day + timedelta(days=1),
        minutes=420,
        activity="one_on_one",
        status="approved",
    )
    rule = one(evaluate(trainee, program, AS_OF), "experience_hours")
    # 5 online hours logged, only 2 count: 2 + 7 = 9 of 10.
    assert (rule.done, rule.met) == (9, False)
    (limit,) = rule.items
    assert limit.label == "At most 2 hours of online community count"
    assert limit.detail == "5 hours logged, 2 counted"
    make.hour_entry(
        trainee,
        worked_on=day + timedelta(days=2),
        minutes=60,
        activity="one_on_one",
        status="approved",
    )
    assert one(evaluate(trainee, program, AS_OF), "experience_hours").met


def test_a_percent_limit_is_a_share_of_the_requirement(make):
    trainee = make.trainee()
    program = ids(
        make, "experience_hours", minutes=600, limits=[{"settings": ["phone"], "max_percent": 25}]
    )
    make.hour_entry(trainee, worked_on=DONE_ON, minutes=600, setting="phone", status="approved")
    rule = one(evaluate(trainee, program, AS_OF), "experience_hours")
    assert rule.done == 2.5 and not rule.met


def test_a_minimum_share_must_come_from_some_settings(make):
    trainee = make.trainee()
    program = ids(
        make,
        "experience_hours",
        minutes=600,
        shares=[{"settings": ["in_person"], "min_percent": 50}],
    )
    make.hour_entry(trainee, worked_on=DONE_ON, minutes=600, setting="online", status="approved")
    make.hour_entry(
        trainee,
        worked_on=DONE_ON + timedelta(days=1),
        minutes=240,
        setting="in_person",
        status="approved",
    )
    rule = one(evaluate(trainee, program, AS_OF), "experience_hours")
    # Enough hours, not enough of them face to face.
    assert rule.done == 14 and not rule.met
    (share,) = rule.items
    assert (share.required, share.done, share.met) == (5, 4, False)
    assert share.label == "At least 50% of the hours in in person"
    assert rule.next_step == "Log 1 more hour of in person, and have it approved."
    make.hour_entry(
        trainee,
        worked_on=DONE_ON + timedelta(days=2),
        minutes=60,
        setting="in_person",
        status="approved",
    )
    assert one(evaluate(trainee, program, AS_OF), "experience_hours").met


def test_months_of_practice_count_months_with_enough_hours(make):
    trainee = make.trainee()
    program = ids(make, "experience_hours", months=3, month_minutes=600, window_months=36)
    for month, minutes in ((3, 600), (4, 585), (5, 300), (6, 300), (7, 720)):
        make.hour_entry(trainee, worked_on=date(2026, month, 2), minutes=minutes, status="approved")
    make.hour_entry(trainee, worked_on=date(2026, 5, 9), minutes=300, status="approved")
    make.hour_entry(trainee, worked_on=date(2026, 4, 9), minutes=15, status="pending")
    rule = one(evaluate(trainee, program, AS_OF), "experience_hours")
    # March, May (300 + 300) and July count; April is a quarter hour short (pending).
    assert (rule.unit, rule.required, rule.done, rule.pending, rule.met) == (
        "months",
        3,
        3,
        1,
        True,
    )
    later = one(evaluate(trainee, program, date(2029, 3, 15)), "experience_hours")
    assert later.done == 2 and not later.met  # March 2026 left the 36-month window


def test_several_hour_requirements_are_each_judged(make):
    trainee = make.trainee()
    program = make.program(
        hour_rules=[
            {"min_minutes": 60, "label": "Any hours"},
            {"min_minutes": 60, "supervised_only": True, "label": "Supervised hours"},
        ]
    )
    make.hour_entry(trainee, worked_on=date(2026, 1, 5), minutes=60, status="approved")
    result = evaluate(trainee, program, AS_OF)
    assert [(r.label, r.met) for r in result.of_kind("experience_hours")] == [
        ("Any hours", True),
        ("Supervised hours", False),
    ]
    assert not result.eligible
    assert result.met_count == 1


# --- required modules ------------------------------------------------------------------------


def module_items(result):
    return one(result, "modules").items


def test_verified_completion_counts(make):
    trainee = make.trainee()
    module = make.module()
    program = make.program(modules=[module])
    make.completion(trainee, module, completed_on=date(2026, 5, 1))
    rule = one(evaluate(trainee, program, AS_OF), "modules")
    assert rule.met and rule.done == 1 and rule.met_on == date(2026, 5, 1)
    assert rule.items[0].detail == "completed on 01 May 2026"


@pytest.mark.parametrize(
    ("score", "met"), [(80, True), (95, True), (79, False), (None, False), (0, False)]
)
def test_pass_mark_reached_or_not(make, score, met):
    trainee = make.trainee()
    module = make.module(pass_mark=80)
    program = make.program(modules=[module])
    make.completion(trainee, module, score=score, completed_on=DONE_ON)
    (item,) = module_items(evaluate(trainee, program, AS_OF))
    assert item.met is met
    if not met and score is not None:
        assert f"score {score} is below the pass mark 80" == item.detail
        assert "Retake" in item.next_step


def test_a_later_pass_counts_after_a_failed_attempt(make):
    trainee = make.trainee()
    module = make.module(pass_mark=70)
    program = make.program(modules=[module])
    make.completion(trainee, module, score=50, completed_on=date(2026, 1, 1))
    make.completion(trainee, module, score=72, completed_on=date(2026, 2, 1))
    (item,) = module_items(evaluate(trainee, program, AS_OF))
    assert item.met and "score 72" in item.detail


def test_unverified_rejected_and_future_completions_do_not_count(make):
    trainee = make.trainee()
    pending, rejected, future = make.module(), make.module(), make.module()
    program = make.program(modules=[pending, rejected, future])
    make.completion(
        trainee,
        pending,
        status=CompletionStatus.PENDING,
        source="self_reported",
        completed_on=DONE_ON,
    )
    make.completion(
        trainee,
        rejected,
        status=CompletionStatus.REJECTED,
        rejection_reason="Not attended",
        completed_on=DONE_ON,
    )
    make.completion(trainee, future, completed_on=date(2026, 11, 26))
    rule = one(evaluate(trainee, program, AS_OF), "modules")
    assert (rule.done, rule.pending, rule.met) == (0, 1, False)
    waiting, refused, later = rule.items
    assert "waiting for a coordinator" in waiting.detail
    assert refused.next_step.startswith("Complete the module")
    assert not later.met


def test_modules_inside_a_window(make):
    trainee = make.trainee()
    module = make.module()
    program = ids(make, "modules", module_ids=[module.id], window_months=12)
    make.completion(trainee, module, completed_on=date(2025, 11, 25))
    assert not one(evaluate(trainee, program, AS_OF), "modules").met
    make.completion(trainee, module, completed_on=date(2025, 11, 26))
    rule = one(evaluate(trainee, program, AS_OF), "modules")
    assert rule.met and rule.changes_on == date(2026, 11, 26)


def test_archived_module_completion_still_counts(make):
    trainee = make.trainee()
    module = make.module()
    program = make.program(modules=[module])
    make.completion(trainee, module, completed_on=date(2025, 1, 1))
    module.archived_at = utcnow()
    db.session.flush()
    assert one(evaluate(trainee, program, AS_OF), "modules").met


def test_module_standings_match_the_program_requirement(make):
    trainee = make.trainee()
    done, waiting, todo = make.module(), make.module(), make.module(pass_mark=60)
    make.completion(trainee, done, completed_on=DONE_ON)
    make.completion(trainee, waiting, status=CompletionStatus.PENDING, completed_on=DONE_ON)
    standings = module_standings(trainee.id, [done, waiting, todo], AS_OF)
    assert [(s.met, s.pending) for s in standings] == [(True, 0), (False, 1), (False, 0)]
    program = make.program(modules=[done, waiting, todo])
    assert [r.met for r in module_items(evaluate(trainee, program, AS_OF))] == [
        s.met for s in standings
    ]


# --- training hours --------------------------------------------------------------------------


def test_training_hours_in_total_and_in_a_domain(make):
    trainee = make.trainee()
    advocacy = make.domain("advocacy")
    total = ids(make, "training_hours", minutes=600)
    in_domain = ids(make, "training_hours", minutes=600, domain_ids=[advocacy.id])
    mixed = make.module(contact_minutes=480, domains={"advocacy": 300, "ethics": 180})
    make.completion(trainee, mixed, completed_on=DONE_ON)
    make.completion(trainee, mixed, completed_on=DONE_ON + timedelta(days=3))  # counted once
    make.external_training(trainee, minutes=240, domains={"advocacy": 240}, completed_on=DONE_ON)
    make.external_training(
        trainee,
        minutes=600,
        domains={"advocacy": 600},
        status=ReviewStatus.PENDING,
        completed_on=DONE_ON,
    )
    rule = one(evaluate(trainee, total, AS_OF), "training_hours")
    assert (rule.done, rule.pending, rule.met) == (12, 10, True)
    rule = one(evaluate(trainee, in_domain, AS_OF), "training_hours")
    # 5 hours of the module and 4 of the outside training are in Advocacy: one hour short.
    assert (rule.required, rule.done, rule.met) == (10, 9, False)
    assert rule.label == "10 training hours in Advocacy"
    assert rule.next_step.startswith("Complete 1 more training hour in Advocacy")
    assert "10 hours are waiting for a coordinator to verify them." in rule.next_step


def test_training_hours_count_passed_modules_and_verified_outside_training_only(make):
    trainee = make.trainee()
    program = ids(make, "training_hours", minutes=240)
    exam = make.module(contact_minutes=240, pass_mark=70)
    make.completion(trainee, exam, score=50, completed_on=DONE_ON)
    make.external_training(
        trainee, minutes=240, status=ReviewStatus.REJECTED, rejection_reason="No certificate"
    )
    assert one(evaluate(trainee, program, AS_OF), "training_hours").done == 0
    make.completion(trainee, exam, score=70, completed_on=DONE_ON)
    rule = one(evaluate(trainee, program, AS_OF), "training_hours")
    assert rule.met and rule.met_on == DONE_ON


def test_training_hours_outside_the_window_do_not_count(make):
    trainee = make.trainee()
    program = ids(make, "training_hours", minutes=240, window_months=24)
    make.external_training(trainee, minutes=240, completed_on=date(2024, 11, 25))
    assert not one(evaluate(trainee, program, AS_OF), "training_hours").met
    make.external_training(trainee, minutes=240, completed_on=date(2024, 11, 26))
    assert one(evaluate(trainee, program, AS_OF), "training_hours").met


# --- supervision --------------------------------------------------------------------------


def test_supervision_is_its_own_record_never_experience(make):
    trainee = make.trainee()
    program = make.program(
        requirements=[{"kind": "supervision_hours", "settings": {"minutes": 120, "format": "any"}}],
        hour_rules=[{"min_minutes": 60}],
    )
    make.supervision(trainee, minutes=60, held_on=DONE_ON)
    make.supervision(trainee, minutes=45, status=ReviewStatus.PENDING, held_on=DONE_ON)
    make.supervision(trainee, minutes=600, status=ReviewStatus.REJECTED, held_on=DONE_ON)
    make.hour_entry(trainee, minutes=600, supervised=True, status="approved", worked_on=DONE_ON)
    result = evaluate(trainee, program, AS_OF)
    supervision = one(result, "supervision_hours")
    assert (supervision.done, supervision.pending, supervision.met) == (1, 0.75, False)
    assert one(result, "experience_hours").done == 10  # the supervision hour is not in here
    make.supervision(trainee, minutes=60, held_on=DONE_ON)
    assert one(evaluate(trainee, program, AS_OF), "supervision_hours").met


def test_supervision_by_format_and_window(make):
    trainee = make.trainee()
    program = ids(make, "supervision_hours", minutes=60, format="individual", window_months=12)
    make.supervision(trainee, minutes=60, format=SupervisionFormat.GROUP, held_on=DONE_ON)
    make.supervision(trainee, minutes=60, held_on=date(2025, 11, 25))
    rule = one(evaluate(trainee, program, AS_OF), "supervision_hours")
    assert (
        not rule.met and rule.label == "1 hour of individual supervision within the last 12 months"
    )
    make.supervision(trainee, minutes=60, held_on=date(2025, 11, 26))
    assert one(evaluate(trainee, program, AS_OF), "supervision_hours").met


# --- documents -----------------------------------------------------------------------------


def test_documents_count_when_accepted_and_current(make):
    trainee = make.trainee()
    letter = make.document_type(name="Letter of recommendation")
    program = ids(make, "documents", document_type_id=letter.id, count=2)
    make.document(trainee, letter, dated_on=DONE_ON)
    make.document(trainee, letter, status=ReviewStatus.PENDING, dated_on=DONE_ON)
    make.document(trainee, letter, status=ReviewStatus.REJECTED, dated_on=DONE_ON)
    make.document(trainee, letter, expires_on=AS_OF - timedelta(days=1), dated_on=DONE_ON)
    rule = one(evaluate(trainee, program, AS_OF), "documents")
    assert (rule.required, rule.done, rule.pending, rule.met) == (2, 1, 1, False)
    assert rule.label == "Letter of recommendation (2)"
    current = make.document(
        trainee, letter, expires_on=AS_OF + timedelta(days=10), dated_on=DONE_ON
    )
    rule = one(evaluate(trainee, program, AS_OF), "documents")
    assert rule.met and rule.changes_on == current.expires_on + timedelta(days=1)
    assert not one(
        evaluate(trainee, program, current.expires_on + timedelta(days=1)), "documents"
    ).met


def test_documents_dated_outside_the_window_do_not_count(make):
    trainee = make.trainee()
    transcript = make.document_type(name="Transcript")
    program = ids(make, "documents", document_type_id=transcript.id, count=1, window_months=36)
    make.document(trainee, transcript, dated_on=date(2023, 11, 25))
    assert not one(evaluate(trainee, program, AS_OF), "documents").met
    make.document(trainee, transcript, dated_on=date(2023, 11, 26))
    assert one(evaluate(trainee, program, AS_OF), "documents").met


# --- exam ----------------------------------------------------------------------------------


def test_a_passed_exam_keeps_the_day_it_was_passed(make):
    trainee = make.trainee()
    exam = make.exam(title="Peer Recovery exam", pass_mark=70)
    program = ids(make, "exam", exam_id=exam.id)
    make.exam_result(trainee, exam, score=65, taken_on=date(2026, 3, 1))
    rule = one(evaluate(trainee, program, AS_OF), "exam")
    assert not rule.met and rule.detail == "last sat on 01 Mar 2026: 65, below the pass mark 70"
    assert rule.next_step == "Sit and pass Peer Recovery exam."
    make.exam_result(trainee, exam, score=82, taken_on=date(2026, 4, 2))
    rule = one(evaluate(trainee, program, AS_OF), "exam")
    assert rule.met and rule.met_on == date(2026, 4, 2)
    assert rule.detail == "passed on 02 Apr 2026 with 82"


def test_a_pass_fail_exam_and_its_attempt_limit(make):
    trainee = make.trainee()
    exam = make.exam(title="Board exam", max_attempts=2, attempt_period_months=12)
    program = ids(make, "exam", exam_id=exam.id)
    make.exam_result(trainee, exam, passed=False, taken_on=date(2026, 2, 10))
    rule = one(evaluate(trainee, program, AS_OF), "exam")
    assert rule.next_step == "Sit and pass Board exam (1 attempt left)."
    make.exam_result(trainee, exam, passed=False, taken_on=date(2026, 5, 10))
    rule = one(evaluate(trainee, program, AS_OF), "exam")
    assert "you may sit it again from 10 Feb 2027" in rule.next_step
    assert rule.changes_on == date(2027, 2, 10)


def test_an_exam_passed_outside_the_window_does_not_count(make):
    trainee = make.trainee()
    exam = make.exam()
    program = ids(make, "exam", exam_id=exam.id, window_months=24)
    make.exam_result(trainee, exam, passed=True, taken_on=date(2024, 11, 25))
    assert not one(evaluate(trainee, program, AS_OF), "exam").met


# --- code of ethics ------------------------------------------------------------------------


def test_ethics_needs_a_published_version(make):
    trainee = make.trainee()
    program = make.program(requires_ethics=True)
    rule = one(evaluate(trainee, program, AS_OF), "ethics")
    assert not rule.met and rule.detail == "no version has been published yet"


def test_a_new_ethics_version_requires_a_new_acknowledgement(make):
    trainee = make.trainee()
    program = make.program(requires_ethics=True)
    first = make.ethics_version()
    make.acknowledgement(trainee, first, acknowledged_at=datetime(2026, 1, 2, tzinfo=UTC))
    assert one(evaluate(trainee, program, AS_OF), "ethics").met
    second = make.ethics_version()
    rule = one(evaluate(trainee, program, AS_OF), "ethics")
    assert not rule.met
    assert f"(version {second.version})" in rule.next_step
    make.acknowledgement(trainee, second)
    assert one(evaluate(trainee, program, utcnow().date()), "ethics").met


def test_each_program_names_its_own_code(make):
    trainee = make.trainee()
    board = make.ethics_code("board", name="Board code of conduct")
    program = ids(make, "ethics", ethics_code_id=board.id)
    make.acknowledgement(trainee, make.ethics_version())  # the general code: not this one
    assert not one(evaluate(trainee, program, AS_OF), "ethics").met
    make.acknowledgement(
        trainee, make.ethics_version(board), acknowledged_at=datetime(2026, 1, 2, tzinfo=UTC)
    )
    rule = one(evaluate(trainee, program, AS_OF), "ethics")
    assert rule.met and rule.label == "Acknowledge the Board code of conduct"


def test_an_acknowledgement_older_than_the_window_asks_again(make):
    trainee = make.trainee()
    code = make.ethics_code("annual")
    program = ids(make, "ethics", ethics_code_id=code.id, window_months=12)
    make.acknowledgement(
        trainee, make.ethics_version(code), acknowledged_at=datetime(2025, 11, 20, tzinfo=UTC)
    )
    rule = one(evaluate(trainee, program, AS_OF), "ethics")
    assert not rule.met and "too long ago" in rule.detail


def test_programs_without_requirements_are_met(make):
    result = evaluate(make.trainee(), make.program(), AS_OF)
    assert result.rules == [] and result.eligible


# --- holds a certification -------------------------------------------------------------------


def test_holding_a_current_certification_in_another_program(make):
    trainee = make.trainee()
    base = make.program(name="Base credential")
    program = ids(make, "certification", program_id=base.id)
    rule = one(evaluate(trainee, program, AS_OF), "certification")
    assert not rule.met and rule.label == "Hold a current Base credential certification"
    held = make.certification(
        trainee, base, issued_on=date(2025, 1, 1), expires_on=date(2027, 1, 1)
    )
    rule = one(evaluate(trainee, program, AS_OF), "certification")
    assert rule.met and rule.changes_on == date(2027, 1, 2)
    assert not one(evaluate(trainee, program, date(2027, 1, 2)), "certification").met
    held.revoked_at = utcnow()
    held.revocation_reason = "Breach"
    held.state = "revoked"
    db.session.flush()
    assert not one(evaluate(trainee, program, AS_OF), "certification").met


# --- alternatives --------------------------------------------------------------------------


@pytest.fixture
def work_or_credits(make):
    transcript = make.document_type(name="College transcript")
    program = make.program(
        requirements=[
            {
                "kind": "alternatives",
                "key": "work-or-credits",
                "settings": {
                    "options": [
                        {
                            "kind": "experience_hours",
                            "label": "12 months of work",
                            "window_months": 36,
                            "settings": {"months": 12, "month_minutes": 1200},
                        },
                        {
                            "kind": "documents",
                            "label": "24 credits",
                            "window_months": 36,
                            "settings": {"document_type_id": transcript.id, "count": 1},
                        },
                    ]
                },
            }
        ]
    )
    return program, transcript


def test_an_alternative_is_met_by_either_option(make, work_or_credits):
    program, transcript = work_or_credits
    nobody, worker, student = make.trainee(), make.trainee(), make.trainee()
    for month in range(12):
        make.hour_entry(
            worker,
            worked_on=date(2025, 12, 1) + timedelta(days=31 * month),
            minutes=1200,
            status="approved",
        )
    make.document(student, transcript, dated_on=date(2024, 1, 1))
    results = evaluate_many([nobody.id, worker.id, student.id], program, AS_OF)
    rules = {t: one(results[t], "alternatives") for t in results}
    assert not rules[nobody.id].met
    assert rules[nobody.id].next_step == "Meet one of these: 12 months of work or 24 credits."
    assert rules[worker.id].met and [i.met for i in rules[worker.id].items] == [True, False]
    assert rules[student.id].met and [i.met for i in rules[student.id].items] == [False, True]


# --- the verdict ----------------------------------------------------------------------------


def test_verdict_and_next_steps_over_several_kinds(make):
    trainee = make.trainee()
    module = make.module(code="ETH1", title="Ethics basics")
    program = make.program(
        modules=[module], hour_rules=[{"min_minutes": 120}], requires_ethics=True
    )
    version = make.ethics_version()
    result = evaluate(trainee, program, AS_OF)
    assert not result.eligible
    assert [r.kind for r in result.missing_rules] == ["modules", "experience_hours", "ethics"]
    assert len(result.next_steps) == 3
    assert "ETH1 Ethics basics" in result.next_steps[0]

    make.completion(trainee, module, completed_on=DONE_ON)
    make.hour_entry(trainee, worked_on=AS_OF, minutes=120, status="approved")
    make.acknowledgement(trainee, version, acknowledged_at=datetime(2026, 7, 1, tzinfo=UTC))
    result = evaluate(trainee, program, AS_OF)
    assert result.eligible and result.next_steps == []
    data = result.to_dict()
    assert data["eligible"] is True and data["met"] == data["total"] == 3


# --- renewal --------------------------------------------------------------------------------


def renewal_snapshot(*buckets):
    return {
        "name": "Peer Specialist",
        "validity": {"months": 24},
        "renewal": {"buckets": list(buckets) or [{"label": "CE", "hours": 10}]},
    }


def test_renewal_counts_ce_hours_within_the_cycle_only(make):
    trainee = make.trainee()
    program = make.program()
    certification = make.certification(
        trainee, program, issued_on=date(2025, 1, 10), program_snapshot=renewal_snapshot()
    )
    before, first, later, waiting, refused, future = (
        make.module(contact_minutes=minutes) for minutes in (240, 240, 240, 240, 240, 240)
    )
    make.completion(trainee, before, completed_on=date(2025, 1, 9))  # before the cycle
    make.completion(trainee, first, completed_on=date(2025, 1, 10))  # first day counts
    make.completion(trainee, later, completed_on=date(2026, 1, 1))
    make.completion(trainee, waiting, completed_on=date(2026, 2, 1), status="pending")
    make.completion(
        trainee, refused, completed_on=date(2026, 3, 1), status="rejected", rejection_reason="No"
    )
    make.completion(trainee, future, completed_on=date(2026, 12, 1))  # after as_of
    result = evaluate_renewal(certification, AS_OF)
    (rule,) = result.rules
    assert result.renewal
    assert (rule.required, rule.done, rule.pending, rule.met) == (10, 8, 4, False)
    assert rule.detail == "since 10 Jan 2025"
    make.completion(trainee, make.module(contact_minutes=120), completed_on=date(2026, 6, 1))
    assert evaluate_renewal(certification, AS_OF).eligible


def test_renewal_counts_a_module_once_however_often_it_was_completed(make):
    trainee = make.trainee()
    certification = make.certification(
        trainee, make.program(), issued_on=date(2025, 1, 10), program_snapshot=renewal_snapshot()
    )
    module = make.module(contact_minutes=300)
    make.completion(trainee, module, completed_on=date(2025, 6, 1))
    make.completion(trainee, module, completed_on=date(2025, 9, 1))
    assert evaluate_renewal(certification, AS_OF).rules[0].done == 5


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
    assert result.rules[0].detail == "since 02 Jan 2025"


def test_several_ce_buckets_with_electives(make):
    """Pennsylvania's 36 hours: 24 in peer support, 3 in ethics, 9 elective."""
    trainee = make.trainee()
    make.domain("peer_support")
    certification = make.certification(
        trainee,
        make.program(),
        issued_on=date(2025, 1, 1),
        program_snapshot=renewal_snapshot(
            {"label": "Peer support", "hours": 24, "domains": ["peer_support"]},
            {"label": "Ethics", "hours": 3, "domains": ["ethics"]},
            {"label": "Elective", "hours": 9},
        ),
    )
    make.completion(
        trainee,
        make.module(contact_minutes=1800, domains={"peer_support": 1800}),
        completed_on=DONE_ON,
    )
    make.external_training(trainee, minutes=120, domains={"ethics": 120}, completed_on=DONE_ON)
    make.completion(
        trainee, make.module(contact_minutes=180, domains={"recovery": 180}), completed_on=DONE_ON
    )
    peer, ethics, elective = evaluate_renewal(certification, AS_OF).rules
    assert (peer.done, peer.met) == (30, True)
    assert (ethics.done, ethics.met) == (2, False)
    # 35 hours in all; peer support keeps 24 and ethics its 2: 9 left for the electives.
    assert (elective.done, elective.met) == (9, True)
    assert "1 more hour of continuing education for “Ethics”" in ethics.next_step
    make.external_training(trainee, minutes=60, domains={"ethics": 60}, completed_on=DONE_ON)
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


# --- many at once ------------------------------------------------------------------------------


@pytest.fixture
def every_kind(make):
    """A program with a requirement of every kind, and three trainees at different stages."""
    exam_module = make.module(pass_mark=70)
    exam = make.exam()
    diploma = make.document_type()
    base = make.program()
    version = make.ethics_version()
    program = make.program(
        modules=[exam_module],
        hour_rules=[{"min_minutes": 600, "supervised_only": True, "window_months": 12}],
        requires_ethics=True,
        requirements=[
            {"kind": "training_hours", "settings": {"minutes": 240}},
            {"kind": "supervision_hours", "settings": {"minutes": 60}},
            {"kind": "documents", "settings": {"document_type_id": diploma.id, "count": 1}},
            {"kind": "exam", "settings": {"exam_id": exam.id}},
            {"kind": "certification", "settings": {"program_id": base.id}},
            {
                "kind": "alternatives",
                "settings": {
                    "options": [
                        {"kind": "supervision_hours", "settings": {"minutes": 600}},
                        {"kind": "training_hours", "settings": {"minutes": 60}},
                    ]
                },
            },
        ],
    )
    ready, halfway, new = make.trainee(), make.trainee(), make.trainee()
    make.completion(ready, exam_module, score=90)
    make.hour_entry(ready, minutes=600, supervised=True, status=HourStatus.APPROVED)
    make.acknowledgement(ready, version)
    make.supervision(ready)
    make.document(ready, diploma)
    make.exam_result(ready, exam, passed=True)
    make.certification(ready, base)
    make.completion(halfway, exam_module, score=50)
    make.hour_entry(halfway, minutes=300, supervised=True, status=HourStatus.APPROVED)
    make.hour_entry(halfway, minutes=120, supervised=True, status=HourStatus.PENDING)
    make.external_training(halfway, minutes=600)
    db.session.flush()
    return program, (ready, halfway, new)


def test_evaluating_many_trainees_at_once_gives_each_one_verdict(every_kind):
    """evaluate_many answers for each trainee exactly what evaluate answers alone."""
    program, (ready, halfway, new) = every_kind
    together = evaluate_many([ready.id, halfway.id, new.id, ready.id], program)
    assert set(together) == {ready.id, halfway.id, new.id}
    assert [together[t.id].eligible for t in (ready, halfway, new)] == [True, False, False]
    for trainee in (ready, halfway, new):
        assert together[trainee.id] == evaluate(trainee, program)
    assert together[halfway.id].of_kind("experience_hours")[0].pending == 2


def test_evaluating_many_costs_the_same_queries_for_one_or_many(make, db, every_kind):
    """A fixed number of queries per batch, however many trainees (no query per trainee)."""
    program, trainees = every_kind
    more = [make.trainee() for _ in range(12)]
    for trainee in more:
        make.hour_entry(trainee, status=HourStatus.APPROVED)
        make.supervision(trainee)
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

    assert queries_for([*trainees, *more]) == queries_for(more[:1])
