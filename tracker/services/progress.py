"""Stored verdicts: each current enrolment's eligibility, and each trainee's totals,
kept true in the same transaction as every change that can alter them.

Lists, counts, filters and reports read these rows instead of evaluating every
trainee on every request; pages about one trainee still ask the eligibility
service directly.

How they stay true:

* Every flush is watched (``after_flush``): a changed record that belongs to a
  trainee (an hour entry, a completion, supervision, a document, outside
  training, an exam result, an acknowledgement, an enrolment, a certification)
  marks that trainee; a changed requirement marks its program; a change to the
  catalogue (modules, domains, activities, exams, document types, codes of
  ethics and their versions) marks every program, since any requirement may
  name it and every verdict's wording may change.
* Bulk UPDATE and DELETE statements (the conditional updates that decide a
  review, revoke a certificate, withdraw an enrolment...) are watched too
  (``do_orm_execute``): the trainees of the rows they will touch are marked
  before they run.
* Just before the outermost transaction commits (``before_commit``), the
  marked enrolments are evaluated again (in batches, :func:`evaluate_many`) and
  their rows replaced, with the trainees' totals and their programs' sums
  (:class:`ProgramProgress`); a rollback forgets the marks.  A new trainee is
  marked too, so every trainee has a totals row.

Time passes without any event: a verdict stores ``changes_on``, the first day
on which time alone may change it.  Readers treat a row whose day has come (or
a missing row) as stale and evaluate that enrolment afresh
(:func:`summaries`).  Counts over many enrolments first read the programs' sums
(:func:`unsettled_programs`) and look for such rows only in a program that may
have one.  ``flask --app tracker refresh-progress`` rewrites every row and is safe
to run from cron.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import force_locale
from sqlalchemy import and_, case, delete, event, func, insert, inspect, or_, select, union_all
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.i18n import current_language, default_language
from tracker.models import (
    Activity,
    Certification,
    CertificationRenewal,
    Document,
    DocumentType,
    Domain,
    Enrolment,
    EnrolmentProgress,
    EthicsAcknowledgement,
    EthicsCode,
    EthicsVersion,
    Exam,
    ExamResult,
    ExternalTraining,
    ExternalTrainingDomain,
    HourDayTotals,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    ModuleDomain,
    Program,
    ProgramProgress,
    ProgramRequirement,
    Role,
    SupervisionRecord,
    TraineeTotals,
    User,
    utcnow,
)
from tracker.services.dates import local_today

# The column naming the trainee a record belongs to.
TRAINEE_COLUMNS: dict[type[Any], Any] = {
    HourEntry: HourEntry.trainee_id,
    ModuleCompletion: ModuleCompletion.trainee_id,
    SupervisionRecord: SupervisionRecord.trainee_id,
    Document: Document.trainee_id,
    ExternalTraining: ExternalTraining.trainee_id,
    ExamResult: ExamResult.trainee_id,
    EthicsAcknowledgement: EthicsAcknowledgement.user_id,
    Enrolment: Enrolment.trainee_id,
    Certification: Certification.trainee_id,
}
# Records whose change may alter every program's verdicts (or their wording).
CATALOGUE = (
    Module,
    ModuleDomain,
    Domain,
    Activity,
    Exam,
    DocumentType,
    EthicsCode,
    EthicsVersion,
)
MARKS = "progress_marks"
BATCH = 500


@dataclass
class Marks:
    trainees: set[int]
    programs: set[int]
    everything: bool = False
    certifications: set[int] | None = None
    trainings: set[int] | None = None
    days: set[date] | None = None  # days of work whose hour totals must be summed again
    everything_days: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.trainees
            or self.programs
            or self.everything
            or self.certifications
            or self.trainings
            or self.days
            or self.everything_days
        )


def _marks(session: Session) -> Marks:
    marks = session.info.get(MARKS)
    if marks is None:
        marks = session.info[MARKS] = Marks(set(), set(), False, set(), set(), set())
    return marks


def touch_trainees(ids: Iterable[int]) -> None:
    """Mark trainees whose verdicts must be worked out again before the commit."""
    _marks(db.session()).trainees.update(i for i in ids if i is not None)


def touch_programs(ids: Iterable[int]) -> None:
    _marks(db.session()).programs.update(i for i in ids if i is not None)


def touch_everything() -> None:
    _marks(db.session()).everything = True


# --- watching changes ---------------------------------------------------------------------


@event.listens_for(Session, "after_flush")
def _watch_flush(session: Session, _flush_context: Any) -> None:
    marks = None
    for obj in (*session.new, *session.dirty, *session.deleted):
        kind = type(obj)
        if kind in TRAINEE_COLUMNS:
            marks = marks or _marks(session)
            owner = getattr(obj, TRAINEE_COLUMNS[kind].key)
            if owner is not None:
                marks.trainees.add(owner)
            if kind is HourEntry:
                _mark_days(marks, obj)
        elif kind is CertificationRenewal:
            marks = marks or _marks(session)
            marks.certifications.add(obj.certification_id)  # type: ignore[union-attr]
        elif kind is ExternalTrainingDomain:
            marks = marks or _marks(session)
            marks.trainings.add(obj.external_training_id)  # type: ignore[union-attr]
        elif kind is ProgramRequirement or kind is Program:
            marks = marks or _marks(session)
            program_id = obj.program_id if kind is ProgramRequirement else obj.id
            if program_id is not None:
                marks.programs.add(program_id)
        elif kind in CATALOGUE:
            (marks or _marks(session)).everything = True
        elif kind is User and obj in session.new and obj.role == Role.TRAINEE:
            # A new trainee gets a totals row at once: the list sorted by hours joins them.
            marks = marks or _marks(session)
            marks.trainees.add(obj.id)  # type: ignore[attr-defined]


@event.listens_for(Session, "do_orm_execute")
def _watch_bulk(state: Any) -> None:
    """Before a bulk UPDATE or DELETE of trainee records, mark the trainees it touches."""
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    entity = mapper.class_ if mapper is not None else None
    column = TRAINEE_COLUMNS.get(entity)  # type: ignore[arg-type]
    if column is None:
        return
    where = state.statement.whereclause
    query = select(column).distinct()
    if where is not None:
        query = query.where(where)
    owners = state.session.execute(query).scalars().all()
    marks = _marks(state.session)
    marks.trainees.update(owners)
    if entity is HourEntry:
        days = select(HourEntry.worked_on).distinct()
        if where is not None:
            days = days.where(where)
        assert marks.days is not None
        marks.days.update(state.session.execute(days).scalars())
        # An update may move entries to another day: that day's totals change too.
        for column, value in (getattr(state.statement, "_values", None) or {}).items():
            if getattr(column, "key", column) == "worked_on":
                day = getattr(value, "value", None)
                if isinstance(day, date):
                    marks.days.add(day)
                else:  # set from an expression: sum every day again
                    marks.everything_days = True


def _mark_days(marks: Marks, entry: Any) -> None:
    """The day an entry is worked on now and the day it was on before this flush."""
    assert marks.days is not None
    history = inspect(entry).attrs.worked_on.history
    marks.days.update(d for d in (*history.added, *history.unchanged, *history.deleted) if d)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the outermost transaction only
        session.info.pop(MARKS, None)


@event.listens_for(Session, "before_commit")
def _refresh_marked(session: Session) -> None:
    # Changes not flushed yet are flushed first: the commit's own flush comes after this
    # hook, so marks it would add (a certificate's new dates, say) would never be read.
    if session.new or session.dirty or session.deleted:
        session.flush()
    marks: Marks | None = session.info.get(MARKS)
    if marks is None or marks.empty:
        return
    marks = session.info.pop(MARKS, marks)
    _resolve(session, marks)
    if marks.days or marks.everything_days:
        refresh_day_totals(None if marks.everything_days else marks.days, session=session)
    refresh(
        trainee_ids=None if marks.everything else marks.trainees,
        program_ids=None if marks.everything else marks.programs,
        session=session,
    )
    # The refresh itself wrote rows; nothing it wrote calls for another round.
    session.info.pop(MARKS, None)


def _resolve(session: Session, marks: Marks) -> None:
    """Turn marked renewals and outside-training domains into their trainees."""
    if marks.certifications:
        marks.trainees.update(
            session.scalars(
                select(Certification.trainee_id).where(Certification.id.in_(marks.certifications))
            )
        )
    if marks.trainings:
        marks.trainees.update(
            session.scalars(
                select(ExternalTraining.trainee_id).where(ExternalTraining.id.in_(marks.trainings))
            )
        )


# --- working verdicts out ----------------------------------------------------------------


def refresh(
    trainee_ids: Iterable[int] | None = None,
    program_ids: Iterable[int] | None = None,
    today: date | None = None,
    session: Session | None = None,
) -> int:
    """Evaluate and store the verdicts of the current enrolments of ``trainee_ids`` and of
    ``program_ids`` (both None: every enrolment), with those trainees' totals.

    Returns the number of verdicts stored.  Rows of withdrawn enrolments go.
    """
    from tracker.services.eligibility import evaluate_many
    from tracker.services.requirements import Refs

    session = session or db.session()
    today = today or local_today()
    everything = trainee_ids is None and program_ids is None
    trainees = set(trainee_ids or ())
    programs = set(program_ids or ())
    if not everything and not trainees and not programs:
        return 0
    query = select(Enrolment.id, Enrolment.trainee_id, Enrolment.program_id).where(
        Enrolment.withdrawn_at.is_(None)
    )
    if not everything:
        query = query.where(
            or_(Enrolment.trainee_id.in_(trainees), Enrolment.program_id.in_(programs))
        )
    rows = session.execute(query).all()
    # Withdrawn enrolments keep no verdict.
    gone = select(Enrolment.id).where(Enrolment.withdrawn_at.is_not(None))
    if not everything:
        gone = gone.where(
            or_(Enrolment.trainee_id.in_(trainees), Enrolment.program_id.in_(programs))
        )
    session.execute(delete(EnrolmentProgress).where(EnrolmentProgress.enrolment_id.in_(gone)))
    by_program: dict[int, list[tuple[int, int]]] = {}
    for enrolment_id, trainee_id, program_id in rows:
        by_program.setdefault(program_id, []).append((enrolment_id, trainee_id))
    refs = Refs()
    stored = 0
    now = utcnow()
    stored_language = default_language()
    for program_id, members in by_program.items():
        program = session.get(Program, program_id)
        assert program is not None
        for start in range(0, len(members), BATCH):
            chunk = members[start : start + BATCH]
            # Stored in one language, the default; a page in another evaluates afresh.
            with force_locale(stored_language):
                verdicts = evaluate_many([t for _e, t in chunk], program, today, refs)
                words = {t: verdicts[t].to_dict() for t in verdicts}
            enrolment_ids = [e for e, _t in chunk]
            session.execute(
                delete(EnrolmentProgress).where(EnrolmentProgress.enrolment_id.in_(enrolment_ids))
            )
            session.execute(
                insert(EnrolmentProgress),
                [
                    {
                        "enrolment_id": enrolment_id,
                        "trainee_id": trainee_id,
                        "program_id": program_id,
                        "eligible": verdicts[trainee_id].eligible,
                        "met_count": verdicts[trainee_id].met_count,
                        "rule_count": len(verdicts[trainee_id].rules),
                        "verdict": words[trainee_id],
                        "as_of": today,
                        "changes_on": verdicts[trainee_id].changes_on,
                        "computed_at": now,
                    }
                    for enrolment_id, trainee_id in chunk
                ],
            )
            stored += len(chunk)
    if everything:
        summed = None
    else:
        # Every program these trainees are or were enrolled in: a withdrawal takes a
        # verdict away from its program's sums too.
        summed = programs | set(
            session.scalars(
                select(Enrolment.program_id).where(Enrolment.trainee_id.in_(trainees)).distinct()
            )
        )
    refresh_program_progress(summed, session=session)
    refresh_totals(None if everything else trainees, session=session)
    return stored


def refresh_program_progress(
    program_ids: Iterable[int] | None = None, session: Session | None = None
) -> None:
    """Sum the stored verdicts of ``program_ids`` (None: every program) again into
    :class:`ProgramProgress`: a few grouped queries over those programs' index ranges."""
    session = session or db.session()
    ids = None if program_ids is None else sorted(set(program_ids))
    if ids is not None and not ids:
        return
    current = Enrolment.withdrawn_at.is_(None)
    enrolled = (
        select(Enrolment.program_id, func.count())
        .join(User, User.id == Enrolment.trainee_id)
        .where(current, User.role == Role.TRAINEE)
        .group_by(Enrolment.program_id)
    )
    missing = (
        select(Enrolment.program_id, func.count())
        .outerjoin(EnrolmentProgress, EnrolmentProgress.enrolment_id == Enrolment.id)
        .where(current, EnrolmentProgress.enrolment_id.is_(None))
        .group_by(Enrolment.program_id)
    )
    sums = (
        select(
            EnrolmentProgress.program_id,
            func.min(EnrolmentProgress.changes_on),
            func.max(EnrolmentProgress.as_of),
        )
        .join(Enrolment, Enrolment.id == EnrolmentProgress.enrolment_id)
        .where(current)
        .group_by(EnrolmentProgress.program_id)
    )
    eligible = (
        select(EnrolmentProgress.program_id, func.count())
        .join(Enrolment, Enrolment.id == EnrolmentProgress.enrolment_id)
        .where(current, EnrolmentProgress.eligible == True)  # noqa: E712  (the partial index)
        .group_by(EnrolmentProgress.program_id)
    )
    targets = select(Program.id)
    if ids is not None:
        enrolled = enrolled.where(Enrolment.program_id.in_(ids))
        missing = missing.where(Enrolment.program_id.in_(ids))
        sums = sums.where(EnrolmentProgress.program_id.in_(ids))
        eligible = eligible.where(EnrolmentProgress.program_id.in_(ids))
        targets = targets.where(Program.id.in_(ids))
    counted = dict(session.execute(enrolled).tuples().all())
    lacking = dict(session.execute(missing).tuples().all())
    summed = {p: (due, latest) for p, due, latest in session.execute(sums)}
    yes = dict(session.execute(eligible).tuples().all())
    every = list(session.scalars(targets))
    delete_rows = delete(ProgramProgress)
    if ids is not None:
        delete_rows = delete_rows.where(ProgramProgress.program_id.in_(ids))
    session.execute(delete_rows)
    if every:
        now = utcnow()
        session.execute(
            insert(ProgramProgress),
            [
                {
                    "program_id": p,
                    "enrolled": int(counted.get(p, 0)),
                    "missing": int(lacking.get(p, 0)),
                    "eligible": int(yes.get(p, 0)),
                    "due_on": summed.get(p, (None, None))[0],
                    "latest_as_of": summed.get(p, (None, None))[1],
                    "updated_at": now,
                }
                for p in every
            ],
        )


def unsettled_programs(today: date, program_id: int | None = None) -> list[int]:
    """Programs (all, or ``program_id``) where some current enrolment may lack a stored
    verdict true on ``today``, in one read of :class:`ProgramProgress`: pages read the
    other programs' stored verdicts alone, and look for stale ones only in these."""
    query = select(
        Program.id,
        ProgramProgress.program_id,
        ProgramProgress.missing,
        ProgramProgress.due_on,
        ProgramProgress.latest_as_of,
    ).outerjoin(ProgramProgress, ProgramProgress.program_id == Program.id)
    if program_id:
        query = query.where(Program.id == program_id)
    return [
        found
        for found, summed, missing, due_on, latest in db.session.execute(query)
        if summed is None
        or missing
        or (due_on is not None and due_on <= today)
        or (latest is not None and latest > today)
    ]


def refresh_totals(
    trainee_ids: Iterable[int] | None = None, session: Session | None = None
) -> None:
    """Work each trainee's hour totals and last activity out again (None: everyone)."""
    session = session or db.session()
    ids = None if trainee_ids is None else sorted(set(trainee_ids))
    if ids is not None and not ids:
        return
    approved = HourEntry.status == HourStatus.APPROVED
    pending = HourEntry.status == HourStatus.PENDING
    hours = select(
        HourEntry.trainee_id.label("trainee_id"),
        func.sum(case((approved, HourEntry.minutes), else_=0)).label("approved"),
        func.sum(case((pending, HourEntry.minutes), else_=0)).label("pending"),
    ).group_by(HourEntry.trainee_id)
    events = union_all(
        select(HourEntry.trainee_id.label("trainee_id"), HourEntry.worked_on.label("day")).where(
            HourEntry.status != HourStatus.WITHDRAWN
        ),
        select(ModuleCompletion.trainee_id, ModuleCompletion.completed_on),
    ).subquery()
    last = select(events.c.trainee_id, func.max(events.c.day).label("day")).group_by(
        events.c.trainee_id
    )
    people = select(User.id).where(User.role == Role.TRAINEE)
    if ids is not None:
        hours = hours.where(HourEntry.trainee_id.in_(ids))
        last = last.where(events.c.trainee_id.in_(ids))
        people = people.where(User.id.in_(ids))
    sums = {t: (int(a or 0), int(p or 0)) for t, a, p in session.execute(hours)}
    days = dict(session.execute(last).tuples().all())
    targets = list(session.scalars(people))
    for start in range(0, len(targets), 5000):
        chunk = targets[start : start + 5000]
        session.execute(delete(TraineeTotals).where(TraineeTotals.trainee_id.in_(chunk)))
        now = utcnow()
        session.execute(
            insert(TraineeTotals),
            [
                {
                    "trainee_id": t,
                    "approved_minutes": sums.get(t, (0, 0))[0],
                    "pending_minutes": sums.get(t, (0, 0))[1],
                    "last_activity_on": days.get(t),
                    "updated_at": now,
                }
                for t in chunk
            ],
        )


def day_totals_query(days: Iterable[date] | None = None) -> Any:
    """SQL: hour entries summed per day, status, activity and supervision (None: every day)."""
    query = select(
        HourEntry.status,
        HourEntry.worked_on,
        HourEntry.activity,
        HourEntry.supervised,
        func.sum(HourEntry.minutes),
        func.count(),
    ).group_by(HourEntry.status, HourEntry.worked_on, HourEntry.activity, HourEntry.supervised)
    if days is not None:
        query = query.where(HourEntry.worked_on.in_(sorted(set(days))))
    return query


def refresh_day_totals(days: Iterable[date] | None = None, session: Session | None = None) -> None:
    """Sum the hour entries of ``days`` again into :class:`HourDayTotals` (None: every day),
    in SQL: one DELETE and one INSERT ... SELECT per batch of days."""
    session = session or db.session()
    if days is None:
        session.execute(delete(HourDayTotals))
        batches: list[list[date] | None] = [None]
    else:
        ordered = sorted(set(days))
        if not ordered:
            return
        batches = [ordered[i : i + 500] for i in range(0, len(ordered), 500)]
    columns = ["status", "worked_on", "activity", "supervised", "minutes", "entries"]
    for batch in batches:
        if batch is not None:
            session.execute(delete(HourDayTotals).where(HourDayTotals.worked_on.in_(batch)))
        session.execute(insert(HourDayTotals).from_select(columns, day_totals_query(batch)))


# --- reading verdicts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """An enrolment's verdict as lists and counts need it."""

    enrolment_id: int
    trainee_id: int
    program_id: int
    eligible: bool
    met_count: int
    rule_count: int


def is_current(today: date) -> Any:
    """SQL: a stored verdict that is still true on ``today``."""
    return and_(
        EnrolmentProgress.as_of <= today,
        or_(EnrolmentProgress.changes_on.is_(None), EnrolmentProgress.changes_on > today),
    )


def summaries(enrolment_query: Any, today: date | None = None) -> dict[int, Summary]:
    """The verdicts of the enrolments ``enrolment_query`` selects (a select of Enrolment.id).

    Stored rows are used while they are current; missing or stale ones are
    worked out afresh (and not stored: a page only reads), so the answer is
    always the eligibility service's for today.
    """
    from tracker.services.eligibility import evaluate_many
    from tracker.services.requirements import Refs

    today = today or local_today()
    rows = db.session.execute(
        select(
            Enrolment.id,
            Enrolment.trainee_id,
            Enrolment.program_id,
            EnrolmentProgress.eligible,
            EnrolmentProgress.met_count,
            EnrolmentProgress.rule_count,
            is_current(today).label("current"),
        )
        .outerjoin(EnrolmentProgress, EnrolmentProgress.enrolment_id == Enrolment.id)
        .where(Enrolment.id.in_(enrolment_query))
    ).all()
    result: dict[int, Summary] = {}
    stale: dict[int, list[tuple[int, int]]] = {}
    for enrolment_id, trainee_id, program_id, eligible, met, total, current in rows:
        if eligible is not None and current:
            result[enrolment_id] = Summary(
                enrolment_id, trainee_id, program_id, eligible, met, total
            )
        else:
            stale.setdefault(program_id, []).append((enrolment_id, trainee_id))
    refs = Refs()
    for program_id, members in stale.items():
        program = db.session.get(Program, program_id)
        assert program is not None
        verdicts = evaluate_many([t for _e, t in members], program, today, refs)
        for enrolment_id, trainee_id in members:
            verdict = verdicts[trainee_id]
            result[enrolment_id] = Summary(
                enrolment_id,
                trainee_id,
                program_id,
                verdict.eligible,
                verdict.met_count,
                len(verdict.rules),
            )
    return result


def _readable(verdict: dict[str, Any]) -> bool:
    """Whether a stored verdict's words are in the language of the page reading it (they
    are stored in the default language; other readers get a fresh evaluation)."""
    return verdict.get("language", default_language()) == current_language()


def verdicts(enrolment_ids: list[int], today: date | None = None) -> dict[int, dict[str, Any]]:
    """Whole verdicts (as :meth:`Eligibility.to_dict` gives them) of these enrolments:
    stored ones while current, fresh ones otherwise."""
    from tracker.services.eligibility import evaluate_many
    from tracker.services.requirements import Refs

    today = today or local_today()
    rows = db.session.execute(
        select(
            Enrolment.id,
            Enrolment.trainee_id,
            Enrolment.program_id,
            EnrolmentProgress.verdict,
            is_current(today).label("current"),
        )
        .outerjoin(EnrolmentProgress, EnrolmentProgress.enrolment_id == Enrolment.id)
        .where(Enrolment.id.in_(enrolment_ids))
    ).all()
    result: dict[int, dict[str, Any]] = {}
    stale: dict[int, list[tuple[int, int]]] = {}
    for enrolment_id, trainee_id, program_id, verdict, current in rows:
        if verdict is not None and current and _readable(verdict):
            result[enrolment_id] = verdict
        else:
            stale.setdefault(program_id, []).append((enrolment_id, trainee_id))
    refs = Refs()
    for program_id, members in stale.items():
        program = db.session.get(Program, program_id)
        assert program is not None
        fresh = evaluate_many([t for _e, t in members], program, today, refs)
        for enrolment_id, trainee_id in members:
            result[enrolment_id] = fresh[trainee_id].to_dict()
    return result


def eligibility(
    trainee_id: int, programs: list[Program], today: date | None = None
) -> dict[int, Any]:
    """The trainee's verdict for each of ``programs`` (an Eligibility per program id).

    Stored verdicts are used while current (one query for all of them); any other
    program is evaluated afresh.  The stored verdict holds every requirement's
    breakdown, so a page about one trainee costs the same whatever its programs ask.
    """
    from tracker.services.eligibility import Eligibility, evaluate_many
    from tracker.services.requirements import Refs

    today = today or local_today()
    ids = [p.id for p in programs]
    rows = db.session.execute(
        select(EnrolmentProgress.program_id, EnrolmentProgress.verdict)
        .join(Enrolment, Enrolment.id == EnrolmentProgress.enrolment_id)
        .where(
            Enrolment.trainee_id == trainee_id,
            Enrolment.withdrawn_at.is_(None),
            EnrolmentProgress.program_id.in_(ids),
            is_current(today),
        )
    ).all()
    result: dict[int, Any] = {}
    for program_id, verdict in rows:
        if not _readable(verdict):
            continue  # written in another language: evaluated afresh below
        stored = Eligibility.from_dict(verdict)
        # Read as of today: the verdict is still true (its day has not come).
        result[program_id] = Eligibility(
            stored.trainee_id, stored.program_id, stored.program_name, today, stored.rules
        )
    refs = Refs()
    for program in programs:
        if program.id not in result:
            result[program.id] = evaluate_many([trainee_id], program, today, refs)[trainee_id]
    return result


def stale_count(today: date | None = None) -> int:
    """How many current enrolments have no stored verdict true today."""
    today = today or local_today()
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .outerjoin(EnrolmentProgress, EnrolmentProgress.enrolment_id == Enrolment.id)
            .where(
                Enrolment.withdrawn_at.is_(None),
                or_(EnrolmentProgress.enrolment_id.is_(None), ~is_current(today)),
            )
        )
        or 0
    )
