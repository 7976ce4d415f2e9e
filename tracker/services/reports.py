"""Reports for funders and boards, the certification list, the audit log and CSV exports.

* Date ranges include both ends: an entry worked on the end date counts, one on
  the day after does not.
* Totals are aggregated in the database (``GROUP BY``), never by loading rows, from
  the daily totals kept with every change to an hour entry (a program filter sums
  the entries themselves).
* The program funnel counts enrolled trainees, then those eligible (by the
  eligibility service, the one place the rules are computed) or already
  certified, then those certified.
* Exports stream: rows are read in keyset-paginated chunks and written out as
  they are read, so memory stays flat however many rows there are; every cell
  goes through :mod:`tracker.services.csv_safe`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, Select, String, case, cast, extract, func, select
from sqlalchemy.orm import defer, selectinload

from tracker.extensions import db
from tracker.formatting import activity_name, locale
from tracker.models import (
    AuditEvent,
    Certification,
    CertificationState,
    CompletionStatus,
    Enrolment,
    HourDayTotals,
    HourEntry,
    HourStatus,
    ModuleCompletion,
    Program,
    ProgramProgress,
    Role,
    User,
)
from tracker.services import certifications, csv_safe, progress
from tracker.services.certifications import state_on
from tracker.services.dates import add_months, local_today
from tracker.services.db_helpers import contains_pattern, person_matches
from tracker.services.trainees import eligible_enrolment_ids

CHUNK = 500


@dataclass
class ReportFilters:
    start: date | None = None
    end: date | None = None  # included
    program_id: int | None = None

    @classmethod
    def default(cls, today: date | None = None) -> ReportFilters:
        """The last twelve months, this month included."""
        today = today or local_today()
        return cls(start=add_months(today.replace(day=1), -11), end=today)


def _enrolled_in(program_id: int, trainee_col: Any) -> Any:
    return (
        select(Enrolment.id)
        .where(Enrolment.trainee_id == trainee_col, Enrolment.program_id == program_id)
        .exists()
    )


def _hour_conditions(filters: ReportFilters, status: str | None = HourStatus.APPROVED) -> list[Any]:
    conditions: list[Any] = []
    if status is not None:
        conditions.append(HourEntry.status == status)
    if filters.start:
        conditions.append(HourEntry.worked_on >= filters.start)
    if filters.end:
        conditions.append(HourEntry.worked_on <= filters.end)
    if filters.program_id:
        conditions.append(_enrolled_in(filters.program_id, HourEntry.trainee_id))
    return conditions


@dataclass
class MonthRow:
    year: int
    month: int
    minutes: int
    entries: int

    @property
    def label(self) -> str:
        return format_date(date(self.year, self.month, 1), "MMM y", locale=locale())


class _Sums:
    """The columns a report groups by and sums, over entries or over daily totals."""

    def __init__(self, model: Any, entries: Any) -> None:
        self.worked_on = model.worked_on
        self.status = model.status
        self.activity = model.activity
        self.supervised = model.supervised
        self.minute_column = model.minutes
        self.minutes = func.sum(model.minutes)
        self.entries = entries


def _source(filters: ReportFilters, statuses: tuple[str, ...]) -> tuple[_Sums, list[Any]]:
    """Where the hour sums come from, and the conditions that select them.

    Without a program filter: the daily totals (:class:`HourDayTotals`, a few rows a day
    whatever the number of entries); with one, the entries themselves, since a day's
    totals do not say whose hours they hold.
    """
    if filters.program_id:
        entries = [*_hour_conditions(filters, None), HourEntry.status.in_(statuses)]
        return _Sums(HourEntry, func.count()), entries
    conditions: list[Any] = [HourDayTotals.status.in_(statuses)]
    if filters.start:
        conditions.append(HourDayTotals.worked_on >= filters.start)
    if filters.end:
        conditions.append(HourDayTotals.worked_on <= filters.end)
    return _Sums(HourDayTotals, func.sum(HourDayTotals.entries)), conditions


@dataclass
class ActivityRow:
    activity: str
    minutes: int
    supervised_minutes: int
    entries: int

    @property
    def label(self) -> str:
        return activity_name(self.activity)


@dataclass
class HourSums:
    """The reports page's hours: approved per month (oldest first, months with none
    included) and per activity (most first), and the minutes still waiting for review."""

    months: list[MonthRow]
    activities: list[ActivityRow]
    pending_minutes: int


def hour_sums(filters: ReportFilters) -> HourSums:
    """One statement sums the range's approved and waiting hours by month, activity and
    supervision (a few hundred groups for a year, whatever the number of entries); the
    months, the activities and the waiting minutes are added up from those groups."""
    source, conditions = _source(filters, (HourStatus.APPROVED, HourStatus.PENDING))
    year = cast(extract("year", source.worked_on), Integer)
    month = cast(extract("month", source.worked_on), Integer)
    status = source.status
    groups = db.session.execute(
        select(
            status, year, month, source.activity, source.supervised, source.minutes, source.entries
        )
        .where(*conditions)
        .group_by(status, year, month, source.activity, source.supervised)
    ).all()
    found: dict[tuple[int, int], list[int]] = {}
    by_activity: dict[str, list[int]] = {}
    pending = 0
    for state, y, m, activity, supervised, total, entries in groups:
        minutes, entries = int(total or 0), int(entries)
        if state != HourStatus.APPROVED:
            pending += minutes
            continue
        sums = found.setdefault((int(y), int(m)), [0, 0])
        sums[0] += minutes
        sums[1] += entries
        sums = by_activity.setdefault(activity, [0, 0, 0])
        sums[0] += minutes
        sums[1] += minutes if supervised else 0
        sums[2] += entries
    activities = sorted(
        (ActivityRow(a, m, s, n) for a, (m, s, n) in by_activity.items()),
        key=lambda row: (-row.minutes, row.activity),
    )
    return HourSums(_months(filters, found), activities, pending)


def _months(filters: ReportFilters, found: dict[tuple[int, int], list[int]]) -> list[MonthRow]:
    if not found and not (filters.start and filters.end):
        return []
    keys = sorted(found)
    first = (filters.start.year, filters.start.month) if filters.start else keys[0]
    last = (filters.end.year, filters.end.month) if filters.end else keys[-1]
    result = []
    current = date(first[0], first[1], 1)
    stop = date(last[0], last[1], 1)
    # A very long range without data would make a very long table: cap it.
    while current <= stop and len(result) < 240:
        minutes, entries = found.get((current.year, current.month), (0, 0))
        result.append(MonthRow(current.year, current.month, minutes, entries))
        current = add_months(current, 1)
    return result


def hours_by_month(filters: ReportFilters) -> list[MonthRow]:
    """Approved hours per calendar month of the work, oldest first (months with none included)."""
    return hour_sums(filters).months


def hours_by_activity(filters: ReportFilters) -> list[ActivityRow]:
    return hour_sums(filters).activities


def pending_minutes(filters: ReportFilters) -> int:
    return hour_sums(filters).pending_minutes


@dataclass
class FunnelRow:
    program: Program
    enrolled: int
    eligible: int  # eligible now, or already certified
    certified: int

    def percent(self, value: int) -> int:
        return round(100 * value / self.enrolled) if self.enrolled else 0


def funnel(program_id: int | None = None, today: date | None = None) -> list[FunnelRow]:
    """Per program, as of today: enrolled -> eligible (or certified) -> certified.

    Counts are of trainees currently enrolled.  Enrolled and certified are
    counted in the database; "eligible" asks the eligibility service about
    each enrolled trainee who does not hold the certification yet.
    """
    today = today or local_today()
    query = select(Program).where(Program.archived_at.is_(None)).order_by(Program.name)
    if program_id:
        query = select(Program).where(Program.id == program_id)
    program_list = db.session.scalars(query).all()
    current = [Enrolment.withdrawn_at.is_(None)]
    # Enrolled trainees: each program's stored count, kept with its verdicts.
    enrolled = dict(
        db.session.execute(
            select(ProgramProgress.program_id, ProgramProgress.enrolled).where(
                ProgramProgress.program_id.in_([p.id for p in program_list])
            )
        ).all()
    )
    if len(enrolled) < len(program_list):  # sums not stored yet (before refresh-progress)
        enrolled = dict(
            db.session.execute(
                select(Enrolment.program_id, func.count())
                .join(User, User.id == Enrolment.trainee_id)
                .where(*current, User.role == Role.TRAINEE)
                .group_by(Enrolment.program_id)
            ).all()
        )
    certified = dict(
        db.session.execute(
            select(Certification.program_id, func.count(func.distinct(Certification.trainee_id)))
            .join(
                Enrolment,
                (Enrolment.trainee_id == Certification.trainee_id)
                & (Enrolment.program_id == Certification.program_id),
            )
            .where(*current, certifications.is_held(today))
            .group_by(Certification.program_id)
        ).all()
    )
    eligible_now: dict[int, int] = dict(
        db.session.execute(
            select(Enrolment.program_id, func.count())
            .where(Enrolment.id.in_(eligible_enrolment_ids(program_id, today)))
            .group_by(Enrolment.program_id)
        ).all()
    )
    return [
        FunnelRow(
            program,
            int(enrolled.get(program.id, 0)),
            int(certified.get(program.id, 0)) + eligible_now.get(program.id, 0),
            int(certified.get(program.id, 0)),
        )
        for program in program_list
    ]


@dataclass
class QuarterRow:
    year: int
    quarter: int
    issued: int

    @property
    def label(self) -> str:
        return _("Q%(quarter)d %(year)d", quarter=self.quarter, year=self.year)


def certifications_per_quarter(filters: ReportFilters) -> list[QuarterRow]:
    year = cast(extract("year", Certification.issued_on), Integer)
    # Floor division (``//``): SQLAlchemy's ``/`` is true division, which PostgreSQL
    # would then round when cast back to an integer.
    quarter = (cast(extract("month", Certification.issued_on), Integer) + 2) // 3
    conditions = []
    if filters.start:
        conditions.append(Certification.issued_on >= filters.start)
    if filters.end:
        conditions.append(Certification.issued_on <= filters.end)
    if filters.program_id:
        conditions.append(Certification.program_id == filters.program_id)
    rows = db.session.execute(
        select(year, quarter, func.count())
        .where(*conditions)
        .group_by(year, quarter)
        .order_by(year, quarter)
    ).all()
    return [QuarterRow(int(y), int(q), int(n)) for y, q, n in rows]


# --- certification lists ----------------------------------------------------------------------


@dataclass
class CertificationFilters:
    state: str = ""
    program_id: int | None = None
    due: int | None = None  # held and expiring within this many days
    renewals: bool = False  # only those expiring soon or in grace (renewals to chase)
    q: str = ""


def certifications_query(
    filters: CertificationFilters, today: date | None = None
) -> Select[tuple[Certification, User, Program]]:
    today = today or local_today()
    query = (
        select(Certification, User, Program)
        .join(User, User.id == Certification.trainee_id)
        .join(Program, Program.id == Certification.program_id)
        # Lists show numbers, names and dates: the JSON documents and long texts stay in
        # the database (decoding each row's program snapshot was most of a page's time).
        .options(
            defer(Certification.program_snapshot),
            defer(Program.renewal_buckets),
            defer(Program.description),
            defer(Program.source),
        )
    )
    if filters.state in {s.value for s in CertificationState}:
        query = query.where(certifications.in_state(CertificationState(filters.state), today=today))
    elif filters.state == "renewal":
        filters = CertificationFilters(**{**filters.__dict__, "renewals": True})
    if filters.program_id:
        query = query.where(Certification.program_id == filters.program_id)
    if filters.due:
        query = query.where(
            certifications.is_held(today),
            Certification.expires_on <= today + timedelta(days=filters.due),
        )
    if filters.renewals:
        query = query.where(
            certifications.in_state(
                CertificationState.EXPIRING, CertificationState.IN_GRACE, today=today
            )
        )
    if filters.due or filters.renewals:
        query = query.order_by(Certification.expires_on, Certification.id)
    if filters.q:
        pattern = contains_pattern(filters.q)
        query = query.where(
            func.lower(Certification.number).like(pattern, escape="\\") | person_matches(pattern)
        )
    if not (filters.due or filters.renewals):
        query = query.order_by(Certification.issued_on.desc(), Certification.id.desc())
    return query


def expiring_soon_count(today: date | None = None) -> int:
    """Certifications expiring soon (inside their renewal window) or in their grace period."""
    today = today or local_today()
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Certification)
            .where(
                certifications.in_state(
                    CertificationState.EXPIRING, CertificationState.IN_GRACE, today=today
                )
            )
        )
        or 0
    )


def lapsed_count(today: date | None = None) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Certification)
            .where(certifications.in_state(CertificationState.LAPSED, today=today))
        )
        or 0
    )


# The reports page shows the first few of each certification list and links to the
# whole list on the certifications page (paged), so the report costs the same at any size.
REPORT_LIST = 10


def _first_few(
    states: tuple[CertificationState, ...],
    order: tuple[Any, ...],
    program_id: int | None,
    today: date | None,
    limit: int,
) -> list[Any]:
    """The first ``limit`` certifications in ``states``, with their holders and programs.

    The few are chosen from the certifications alone (the state's dates, sorted, cut),
    then joined: joining first looked up the holder and the program of every
    certification in those states before sorting them, which grew with their number."""
    chosen = select(Certification.id).where(certifications.in_state(*states, today=today))
    if program_id:
        chosen = chosen.where(Certification.program_id == program_id)
    chosen = chosen.order_by(*order).limit(limit)
    query = (
        certifications_query(CertificationFilters(), today)
        .where(Certification.id.in_(chosen.scalar_subquery()))
        .order_by(None)
        .order_by(*order)
    )
    return list(db.session.execute(query).all())


def expiring_list(
    program_id: int | None = None, today: date | None = None, limit: int = REPORT_LIST
) -> list[Any]:
    """Expiring soon or in grace: the renewals to chase, soonest first."""
    return _first_few(
        (CertificationState.EXPIRING, CertificationState.IN_GRACE),
        (Certification.expires_on, Certification.id),
        program_id,
        today,
        limit,
    )


def lapsed_list(
    program_id: int | None = None, today: date | None = None, limit: int = REPORT_LIST
) -> list[Any]:
    """Lapsed, the latest first."""
    return _first_few(
        (CertificationState.LAPSED,),
        (Certification.expires_on.desc(), Certification.id.desc()),
        program_id,
        today,
        limit,
    )


# --- audit log ------------------------------------------------------------------------------------


@dataclass
class AuditFilters:
    action: str = ""
    actor_id: int | None = None
    system_only: bool = False  # events with no actor (commands, cron)
    entity_type: str = ""
    start: date | None = None
    end: date | None = None  # included


def audit_query(filters: AuditFilters) -> Select[tuple[AuditEvent]]:
    query = select(AuditEvent).options(selectinload(AuditEvent.actor))
    if filters.action:
        if filters.action.endswith("."):
            query = query.where(AuditEvent.action.startswith(filters.action, autoescape=True))
        else:
            query = query.where(AuditEvent.action == filters.action)
    if filters.system_only:
        query = query.where(AuditEvent.actor_id.is_(None))
    elif filters.actor_id:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.entity_type:
        query = query.where(AuditEvent.entity_type == filters.entity_type)
    if filters.start:
        query = query.where(AuditEvent.occurred_at >= _midnight(filters.start))
    if filters.end:
        query = query.where(AuditEvent.occurred_at < _midnight(filters.end + timedelta(days=1)))
    return query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())


def _midnight(day: date) -> datetime:
    from datetime import UTC

    return datetime.combine(day, time.min, tzinfo=UTC)


def audit_actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    )


def audit_entity_types() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.entity_type).distinct().order_by(AuditEvent.entity_type)
        ).all()
    )


def audit_actors() -> list[User]:
    ids = select(AuditEvent.actor_id).where(AuditEvent.actor_id.is_not(None)).distinct()
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(ids)).order_by(func.lower(User.display_name))
        ).all()
    )


# --- CSV exports (streamed) -----------------------------------------------------------------

HOURS_HEADER = [
    _l("entry id"),
    _l("trainee"),
    _l("email"),
    _l("date"),
    _l("hours"),
    _l("activity"),
    _l("setting"),
    _l("paid"),
    _l("supervised"),
    _l("supervisor"),
    _l("status"),
    _l("decided on"),
    _l("rejection reason"),
    _l("notes"),
]


def export_hours(filters: ReportFilters, status: str | None = None) -> Iterator[tuple[Any, ...]]:
    """Hour entries in the date range (every status unless ``status``), in id order, each
    cell as the CSV writes it (text already made safe for spreadsheets)."""
    for chunk in _hour_export_chunks(filters, status):
        yield from chunk


def export_hours_csv(filters: ReportFilters, status: str | None = None) -> Iterator[bytes]:
    """The hours export as CSV bytes (the header first), in pieces of about 64 KB.

    A million entries at full speed: one SQL statement on the raw database cursor
    (PostgreSQL: a server-side cursor), read ``EXPORT_CHUNK`` rows at a time, dates and
    yes/no written by the database, and each chunk handed to one ``csv.writer``.
    Memory stays flat however many rows there are.
    """
    yield (csv_safe.BOM + csv_safe.csv_line(HOURS_HEADER)).encode("utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for chunk in _hour_export_chunks(filters, status):
        writer.writerows(chunk)
        if buffer.tell() >= csv_safe.PIECE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


EXPORT_CHUNK = 5000


def _hour_export_chunks(
    filters: ReportFilters, status: str | None
) -> Iterator[list[tuple[Any, ...]]]:
    connection = db.session.connection()
    query = (
        select(
            HourEntry.id,
            User.display_name,
            User.email,
            cast(HourEntry.worked_on, String),
            HourEntry.minutes,
            HourEntry.activity,
            HourEntry.setting,
            case((HourEntry.is_paid, "yes"), else_="no"),
            case((HourEntry.supervised, "yes"), else_="no"),
            func.coalesce(HourEntry.supervisor_name, ""),
            HourEntry.status,
            # The day (UTC) of the decision.
            func.coalesce(cast(func.date(HourEntry.decided_at), String), ""),
            func.coalesce(HourEntry.rejection_reason, ""),
            HourEntry.notes,
        )
        .join(User, User.id == HourEntry.trainee_id)
        .where(*_hour_conditions(filters, status))
        .order_by(HourEntry.id)
    )
    # The filters are dates, a status and a program id of our own making: written into
    # the statement, so that it runs as is on the driver's cursor.
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    raw = connection.connection.driver_connection
    assert raw is not None
    postgresql = connection.dialect.name == "postgresql"
    cursor = raw.cursor(name="hours_export") if postgresql else raw.cursor()
    hours = _HoursText()
    formula = csv_safe.FORMULA_FIRST
    try:
        cursor.execute(sql)
        while True:
            rows = cursor.fetchmany(EXPORT_CHUNK)
            if not rows:
                return
            yield [
                (
                    row[0],
                    "'" + row[1] if row[1][:1] in formula else row[1],
                    "'" + row[2] if row[2][:1] in formula else row[2],
                    row[3],
                    hours[row[4]],
                    "'" + row[5] if row[5][:1] in formula else row[5],
                    row[6],
                    row[7],
                    row[8],
                    "'" + row[9] if row[9][:1] in formula else row[9],
                    row[10],
                    row[11],
                    "'" + row[12] if row[12][:1] in formula else row[12],
                    "'" + row[13] if row[13][:1] in formula else row[13],
                )
                for row in rows
            ]
    finally:
        cursor.close()


class _HoursText(dict[int, str]):
    """Minutes as the export writes hours ("1.25"), worked out once per value."""

    def __missing__(self, minutes: int) -> str:
        text = self[minutes] = _hours_value(minutes)
        return text


def _hours_value(minutes: int) -> str:
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".") or "0"


PROGRESS_HEADER = [
    _l("trainee"),
    _l("email"),
    _l("active"),
    _l("program"),
    _l("enrolled on"),
    _l("approved hours (all)"),
    _l("pending hours (all)"),
    _l("modules completed"),
    _l("rules met"),
    _l("rules in all"),
    _l("eligible"),
    _l("missing"),
    _l("certification"),
    _l("certification state"),
    _l("expires on"),
]


def export_progress(
    program_id: int | None = None, today: date | None = None
) -> Iterator[list[Any]]:
    """One row per current enrolment: totals, the eligibility verdict and the certification.

    The verdict is the eligibility service's, as stored per enrolment (worked out
    afresh where the stored one is stale); totals are summed in the database per
    chunk of enrolments.
    """
    today = today or local_today()
    last_id = 0
    program_cache: dict[int, Program] = {}
    while True:
        query = (
            select(Enrolment)
            .options(selectinload(Enrolment.trainee))
            .join(User, User.id == Enrolment.trainee_id)
            .where(
                Enrolment.id > last_id,
                Enrolment.withdrawn_at.is_(None),
                User.role == Role.TRAINEE,
            )
            .order_by(Enrolment.id)
            .limit(CHUNK)
        )
        if program_id:
            query = query.where(Enrolment.program_id == program_id)
        chunk = db.session.scalars(query).all()
        if not chunk:
            return
        trainee_ids = {e.trainee_id for e in chunk}
        totals = _minutes_by_trainee(trainee_ids)
        modules_done = dict(
            db.session.execute(
                select(
                    ModuleCompletion.trainee_id,
                    func.count(func.distinct(ModuleCompletion.module_id)),
                )
                .where(
                    ModuleCompletion.trainee_id.in_(trainee_ids),
                    ModuleCompletion.status == CompletionStatus.VERIFIED,
                )
                .group_by(ModuleCompletion.trainee_id)
            ).all()
        )
        held = {
            (c.trainee_id, c.program_id): c
            for c in db.session.scalars(
                select(Certification)
                .where(Certification.trainee_id.in_(trainee_ids))
                .order_by(Certification.issued_on, Certification.id)
            ).all()
        }
        stored = progress.verdicts([e.id for e in chunk], today)
        for program_key in {e.program_id for e in chunk} - set(program_cache):
            program = db.session.get(Program, program_key)
            assert program is not None
            program_cache[program.id] = program
        for enrolment in chunk:
            program = program_cache[enrolment.program_id]
            trainee = enrolment.trainee
            result = stored[enrolment.id]
            cert = held.get((trainee.id, program.id))
            approved, pending = totals.get(trainee.id, (0, 0))
            yield [
                trainee.display_name,
                trainee.email,
                trainee.active,
                program.name,
                enrolment.enrolled_at.date(),
                _hours_value(approved),
                _hours_value(pending),
                int(modules_done.get(trainee.id, 0)),
                result["met"],
                result["total"],
                result["eligible"],
                "; ".join(rule["label"] for rule in result["rules"] if not rule["met"]),
                cert.number if cert else "",
                state_on(cert, today).value if cert else "",
                cert.expires_on if cert else "",
            ]
        last_id = chunk[-1].id


def _minutes_by_trainee(trainee_ids: set[int]) -> dict[int, tuple[int, int]]:
    approved = func.sum(case((HourEntry.status == HourStatus.APPROVED, HourEntry.minutes), else_=0))
    pending = func.sum(case((HourEntry.status == HourStatus.PENDING, HourEntry.minutes), else_=0))
    rows = db.session.execute(
        select(HourEntry.trainee_id, approved, pending)
        .where(HourEntry.trainee_id.in_(trainee_ids))
        .group_by(HourEntry.trainee_id)
    ).all()
    return {tid: (int(a or 0), int(p or 0)) for tid, a, p in rows}


CERTIFICATIONS_HEADER = [
    _l("number"),
    _l("trainee"),
    _l("email"),
    _l("program"),
    _l("issued on"),
    _l("expires on"),
    _l("state"),
    _l("renewals"),
    _l("issued with override"),
    _l("revoked on"),
    _l("revocation reason"),
]


def export_certifications(
    filters: CertificationFilters, today: date | None = None
) -> Iterator[list[Any]]:
    today = today or local_today()
    from tracker.models import CertificationRenewal

    renewals = (
        select(func.count())
        .where(CertificationRenewal.certification_id == Certification.id)
        .scalar_subquery()
    )
    base = certifications_query(filters, today).order_by(None).add_columns(renewals)
    last_id = 0
    while True:
        rows = db.session.execute(
            base.where(Certification.id > last_id).order_by(Certification.id).limit(CHUNK)
        ).all()
        if not rows:
            return
        for cert, trainee, program, renewal_count in rows:
            yield [
                cert.number,
                trainee.display_name,
                trainee.email,
                program.name,
                cert.issued_on,
                cert.expires_on,
                state_on(cert, today).value,
                int(renewal_count or 0),
                bool(cert.override_reason),
                cert.revoked_at.date() if cert.revoked_at else "",
                cert.revocation_reason or "",
            ]
        last_id = rows[-1][0].id
