"""Realistic data in bulk, for measuring the product at a state-wide scale.

``flask --app tracker seed-scale --trainees N --hours-per-trainee M`` adds N
trainees to the demo programs (seeding the demo first on an empty database),
each with M hour entries over the last five years in every review state,
completed modules, documents, supervision, exam sittings, acknowledgements of
the codes of ethics, and, for about one trainee in eight, a certification in
one of the five states (valid, expiring soon, in grace, lapsed, revoked).

Rows go in with bulk statements (``executemany`` on SQLite, ``COPY`` on
PostgreSQL, the hour entries as text in large writes), never one ORM object at a time,
then every stored verdict and trainee total is worked out in batches
(:func:`tracker.services.progress.refresh`).  Every scale trainee has the same
password, so a benchmark can log in as any of them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select

from tracker.extensions import db
from tracker.models import (
    Activity,
    Certification,
    CertificationState,
    CompletionSource,
    CompletionStatus,
    Document,
    Enrolment,
    EthicsAcknowledgement,
    EthicsVersion,
    ExamResult,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    Program,
    ReviewStatus,
    Role,
    Setting,
    SupervisionRecord,
    User,
    utcnow,
)
from tracker.services.dates import add_months, local_today

EMAIL_PREFIX = "scale-"
EMAIL_DOMAIN = "example.org"
SEED = 20261201
YEARS = 5
# Of every 100 hour entries: approved, pending, rejected, withdrawn.
STATUS_WEIGHTS = (
    (HourStatus.APPROVED.value, 76),
    (HourStatus.PENDING.value, 12),
    (HourStatus.REJECTED.value, 5),
    (HourStatus.WITHDRAWN.value, 7),
)
SUPERVISORS = ("Jordan Blake, CPS", "Dr. Lena Ortiz", "Sam Whitfield, LCSW")
NOTES = ("", "", "", "Weekly group", "Phone check-in", "Covered for a colleague")
REJECTION = "The date falls outside the placement."
CERTIFIED_SHARE = 8  # one trainee in this many holds or held a certification
HOUR_BATCH = 20_000
COPY_CHUNK = 10_000  # rows per write to PostgreSQL's COPY (about 1.5 MB of text)
REVIEWED_WITHIN = 21  # days: older entries have all been decided


@dataclass(frozen=True)
class ScaleResult:
    trainees: int
    enrolments: int
    hour_entries: int
    certifications: int
    verdicts: int


def _timestamp(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


class _Rows:
    """Writes rows in bulk on the session's connection: one executemany per batch on
    SQLite, COPY on PostgreSQL (every table; the hour entries, a million rows at full
    scale, as text)."""

    def __init__(self) -> None:
        self.connection = db.session.connection()
        self.postgresql = self.connection.dialect.name == "postgresql"

    def insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Values converted by the columns' own types (SQLAlchemy's bind processors):
        COPY on PostgreSQL (an executemany of the trainees' completions, documents and
        the rest took a quarter of the seed's Python time there), executemany on SQLite."""
        if not rows:
            return
        if not self.postgresql:
            for start in range(0, len(rows), 5000):
                self.connection.execute(insert(table), rows[start : start + 5000])
            return
        names = list(rows[0])
        dialect = self.connection.dialect
        convert = [(name, table.c[name].type.bind_processor(dialect)) for name in names]
        raw = self.connection.connection.driver_connection
        assert raw is not None
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(
                    [
                        value if value is None or process is None else process(value)
                        for name, process in convert
                        for value in (row[name],)
                    ]
                )

    def analyze(self) -> None:
        """ANALYZE in the loading transaction (its rows count; no other connection could
        see them yet).  On SQLite a full one (analysis_limit=0, under a second for a
        million entries): a sampled one guesses a thousand entries per status, and the
        verdicts' batched sums then walk the status index through every approved entry
        instead of each trainee's own (40 s instead of 5 s at 10,000 x 100)."""
        if not self.postgresql:
            self.connection.exec_driver_sql("PRAGMA analysis_limit=0")
        self.connection.exec_driver_sql("ANALYZE")

    # The values of :meth:`copy`'s rows are in the form the load takes: on PostgreSQL the
    # text of COPY's text format (so a row is one ``join`` and a million rows go in a
    # hundred writes, where psycopg's ``write_row`` converted every value of every row,
    # a fifth of the seed's Python time); on SQLite the driver's own values.

    def day(self, value: date) -> Any:
        """A date as :meth:`copy` takes it (SQLite: SQLAlchemy's text form)."""
        return value.isoformat()

    def stamp(self, value: datetime) -> Any:
        """A naive UTC datetime as :meth:`copy` takes it."""
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")

    def flag(self, value: bool) -> Any:
        return ("t" if value else "f") if self.postgresql else int(value)

    def number(self, value: int) -> Any:
        return str(value) if self.postgresql else value

    @property
    def null(self) -> Any:
        return "\\N" if self.postgresql else None

    def copy(self, table: Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        """Rows of values already in the load's form (:meth:`day`, :meth:`stamp`,
        :meth:`flag`, :meth:`number`, :attr:`null`; texts free of tabs, newlines and
        backslashes): COPY's text format on PostgreSQL, executemany on SQLite."""
        raw = self.connection.connection.driver_connection
        assert raw is not None
        names = ", ".join(columns)
        if self.postgresql:
            cursor = raw.cursor()
            with cursor:
                # As on SQLite: the table's plain indexes are built once the rows are in
                # (one sorted pass each) rather than updated for each of a million rows.
                # Those behind constraints (the primary key, unique pairs) stay.
                cursor.execute(
                    "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE i.indrelid = %s::regclass AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
                    (table.name,),
                )
                indexes = cursor.fetchall()
                for name, _create in indexes:
                    cursor.execute(f'DROP INDEX "{name}"')
                with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                    lines: list[str] = []
                    for row in rows:
                        lines.append("\t".join(row))
                        if len(lines) >= COPY_CHUNK:
                            lines.append("")
                            copy.write("\n".join(lines))
                            lines.clear()
                    if lines:
                        lines.append("")
                        copy.write("\n".join(lines))
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                for _name, create in indexes:
                    cursor.execute(create)
            return
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608 (our names)
        cursor = raw.cursor()
        # A large page cache while loading, and the table's indexes built afresh once the
        # rows are in (one sorted pass each) rather than updated row by row.
        cursor.execute("PRAGMA cache_size = -262144")
        indexes = cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table.name,),
        ).fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= HOUR_BATCH:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
        for _name, create in indexes:
            cursor.execute(create)
        cursor.close()


def seed(
    trainees: int,
    hours_per_trainee: int,
    password: str | None = None,
    today: date | None = None,
    progress_report: Callable[[str], None] | None = None,
) -> ScaleResult:
    """Add ``trainees`` trainees with ``hours_per_trainee`` hour entries each (see the module
    documentation), then store every verdict.  The caller commits."""
    from tracker.services import accounts, demo, progress

    say = progress_report or (lambda _text: None)
    today = today or local_today()
    if trainees < 1 or hours_per_trainee < 0:
        raise ValueError("at least one trainee, and no negative number of entries")
    if not demo.is_present():
        demo.seed(password, today=today)
        db.session.commit()
        say("demo data created")
    coordinator = accounts.get_by_email(demo.COORDINATOR_EMAIL)
    assert coordinator is not None
    password_hash = (
        accounts.hash_password(password) if password is not None else coordinator.password_hash
    )
    first = (
        db.session.scalar(
            select(func.count()).select_from(User).where(User.email.like(f"{EMAIL_PREFIX}%"))
        )
        or 0
    )
    # One generator per trainee number: a trainee's records are the same whatever the
    # number of trainees seeded with them (the benchmark compares pages about one trainee).
    rngs = {
        n: random.Random(SEED * 1_000_003 + n)  # noqa: S311  (repeatable sample data)
        for n in range(first, first + trainees)
    }
    rows = _Rows()
    now = utcnow()

    # --- people and enrolments -----------------------------------------------------------
    joined = {
        n: today - timedelta(days=rngs[n].randrange(30, YEARS * 365))
        for n in range(first, first + trainees)
    }
    rows.insert(
        User.__table__,
        [
            {
                "email": f"{EMAIL_PREFIX}{n:06d}@{EMAIL_DOMAIN}",
                "display_name": f"Scale Trainee {n:06d}",
                "role": Role.TRAINEE.value,
                "active": True,
                "password_hash": password_hash,
                "created_at": _timestamp(day, 9),
                "deactivated_at": None,
                "last_login_at": None,
            }
            for n, day in joined.items()
        ],
    )
    people = db.session.execute(
        select(User.id, User.email).where(
            User.email.in_(
                select(User.email)
                .where(User.email.like(f"{EMAIL_PREFIX}%"))
                .order_by(User.id.desc())
                .limit(trainees)
            )
        )
    ).all()
    since = {pid: joined[int(email[len(EMAIL_PREFIX) : email.index("@")])] for pid, email in people}
    ids = sorted(since)
    by_id = {pid: rngs[int(email[len(EMAIL_PREFIX) : email.index("@")])] for pid, email in people}
    say(f"{len(ids)} trainees")

    programs = {p.code: p for p in db.session.scalars(select(Program)).all()}
    main = [programs[c] for c in ("PSS", "SGF", "ICRCPR", "PACPS") if c in programs]
    weights = [55, 15, 15, 15][: len(main)]
    enrolled: dict[int, list[Program]] = {}
    for pid in ids:
        rng = by_id[pid]
        chosen = rng.choices(main, weights)[0]
        enrolled[pid] = [chosen]
        if chosen.code == "PSS" and len(main) > 1 and rng.random() < 0.2:
            enrolled[pid].append(main[1])
    rows.insert(
        Enrolment.__table__,
        [
            {
                "trainee_id": pid,
                "program_id": program.id,
                "enrolled_at": _timestamp(since[pid], 10),
                "enrolled_by_id": coordinator.id,
                "withdrawn_at": None,
            }
            for pid, chosen in enrolled.items()
            for program in chosen
        ],
    )

    # --- hour entries ---------------------------------------------------------------------
    activities = list(
        db.session.scalars(select(Activity.code).where(Activity.archived_at.is_(None)))
    )
    settings = [s.value for s in Setting]
    statuses = [s for s, _w in STATUS_WEIGHTS]
    status_weights = [w for _s, w in STATUS_WEIGHTS]
    columns = (
        "trainee_id",
        "worked_on",
        "minutes",
        "activity",
        "setting",
        "is_paid",
        "supervised",
        "supervisor_name",
        "notes",
        "status",
        "rejection_reason",
        "decided_by_id",
        "decided_at",
        "submission_key",
        "created_at",
        "updated_at",
    )
    # Each day's two values (the day worked, the day it was entered and decided: the next
    # one, or the same when that would be tomorrow), by how many days ago it was: a few
    # thousand distinct days for a million rows.
    dated: dict[int, tuple[Any, Any]] = {}

    def dated_of(offset: int) -> tuple[Any, Any]:
        day = today - timedelta(days=offset)
        entered = day + timedelta(days=1) if offset else day
        value = dated[offset] = (rows.day(day), rows.stamp(datetime.combine(entered, time(18))))
        return value

    yes, no, null = rows.flag(True), rows.flag(False), rows.null
    approved, rejected = HourStatus.APPROVED.value, HourStatus.REJECTED.value
    pending = HourStatus.PENDING.value
    quarters = [rows.number(15 * n) for n in range(2, 17)]
    decider = rows.number(coordinator.id)
    supervisors = [SUPERVISORS[i % 3] for i in range(hours_per_trainee)]

    def hour_rows() -> Iterable[tuple[Any, ...]]:
        m = hours_per_trainee
        for pid in ids:
            rng = by_id[pid]
            trainee = rows.number(pid)
            span = max((today - since[pid]).days, 1)
            offsets = [rng.randrange(0, span) for _ in range(m)]
            chosen = rng.choices(statuses, status_weights, k=m)
            minutes = rng.choices(quarters, k=m)
            kinds = rng.choices(activities, k=m)
            places = rng.choices(settings, k=m)
            notes = rng.choices(NOTES, k=m)
            draws = [rng.random() for _ in range(m)]
            for offset, status, length, kind, place, note, draw, supervisor in zip(
                offsets, chosen, minutes, kinds, places, notes, draws, supervisors, strict=True
            ):
                day, stamp = dated.get(offset) or dated_of(offset)
                if status == pending and offset > REVIEWED_WITHIN:
                    status = approved  # coordinators review every week or two
                supervised = draw < 0.3
                decided = status in (approved, rejected)
                yield (
                    trainee,
                    day,
                    length,
                    kind,
                    place,
                    yes if 0.25 < draw < 0.4 else no,
                    yes if supervised else no,
                    supervisor if supervised else null,
                    note,
                    status,
                    REJECTION if status == rejected else null,
                    decider if decided else null,
                    stamp if decided else null,
                    null,
                    stamp,
                    stamp,
                )

    rows.copy(HourEntry.__table__, columns, hour_rows())
    progress.refresh_day_totals()
    say(f"{len(ids) * hours_per_trainee} hour entries")

    # --- training, documents, supervision, exams, ethics ---------------------------------
    modules = list(db.session.scalars(select(Module.id).where(Module.archived_at.is_(None))))
    completions = []
    for pid in ids:
        rng = by_id[pid]
        for module_id in rng.sample(modules, rng.randrange(0, min(len(modules), 14) + 1)):
            pending = rng.random() < 0.05
            day = since[pid] + timedelta(days=rng.randrange(0, max((today - since[pid]).days, 1)))
            completions.append(
                {
                    "trainee_id": pid,
                    "module_id": module_id,
                    "completed_on": day,
                    "score": None,
                    "source": (
                        CompletionSource.SELF_REPORTED.value
                        if pending
                        else CompletionSource.COORDINATOR.value
                    ),
                    "status": (
                        CompletionStatus.PENDING.value
                        if pending
                        else CompletionStatus.VERIFIED.value
                    ),
                    "session_id": None,
                    "recorded_by_id": None if pending else coordinator.id,
                    "verified_by_id": None if pending else coordinator.id,
                    "decided_at": None if pending else _timestamp(day),
                    "rejection_reason": None,
                    "submission_key": None,
                    "created_at": _timestamp(day),
                }
            )
    rows.insert(ModuleCompletion.__table__, completions)

    board = {pid for pid, chosen in enrolled.items() if chosen[0].code in ("ICRCPR", "PACPS")}
    document_types = _document_types(list(programs.values()))
    documents, supervision, exams = [], [], []
    exam_ids = _exam_ids(list(programs.values()))
    for pid in sorted(board):
        rng = by_id[pid]
        for type_id in document_types:
            if rng.random() < 0.7:
                day = since[pid] + timedelta(days=rng.randrange(0, 60))
                status = rng.choice(
                    [ReviewStatus.APPROVED.value] * 4 + [ReviewStatus.PENDING.value]
                )
                documents.append(
                    {
                        "trainee_id": pid,
                        "document_type_id": type_id,
                        "file_id": None,
                        "statement": "Statement on file with the program office.",
                        "dated_on": day,
                        "expires_on": None,
                        "notes": "",
                        "status": status,
                        "rejection_reason": None,
                        "submitted_by_id": pid,
                        "decided_by_id": coordinator.id if status != "pending" else None,
                        "decided_at": _timestamp(day) if status != "pending" else None,
                        "submission_key": None,
                        "created_at": _timestamp(day),
                    }
                )
        for _ in range(rng.randrange(0, 8)):
            day = today - timedelta(days=rng.randrange(0, max((today - since[pid]).days, 1)))
            supervision.append(
                {
                    "trainee_id": pid,
                    "held_on": day,
                    "minutes": 60,
                    "format": rng.choice(["individual", "group"]),
                    "supervisor_name": rng.choice(SUPERVISORS),
                    "notes": "",
                    "status": ReviewStatus.APPROVED.value,
                    "rejection_reason": None,
                    "decided_by_id": coordinator.id,
                    "decided_at": _timestamp(day),
                    "submission_key": None,
                    "created_at": _timestamp(day),
                    "updated_at": _timestamp(day),
                }
            )
        if exam_ids and rng.random() < 0.6:
            score = rng.randrange(40, 100)
            exams.append(
                {
                    "trainee_id": pid,
                    "exam_id": rng.choice(exam_ids),
                    "taken_on": today - timedelta(days=rng.randrange(10, 700)),
                    "score": score,
                    "passed": score >= 70,
                    "recorded_by_id": coordinator.id,
                    "submission_key": None,
                    "created_at": now,
                }
            )
    rows.insert(Document.__table__, documents)
    rows.insert(SupervisionRecord.__table__, supervision)
    rows.insert(ExamResult.__table__, exams)
    latest = list(
        db.session.scalars(
            select(func.max(EthicsVersion.id)).group_by(EthicsVersion.ethics_code_id)
        )
    )
    rows.insert(
        EthicsAcknowledgement.__table__,
        [
            {"user_id": pid, "ethics_version_id": version, "acknowledged_at": now}
            for pid in ids
            if by_id[pid].random() < 0.8
            for version in latest
        ],
    )

    # --- certifications in every state ----------------------------------------------------
    certified = _certifications(rows, by_id, ids, enrolled, coordinator.id, today)
    say(f"{certified} certifications")

    # --- stored verdicts and totals ---------------------------------------------------------
    # Planner statistics first: without them (or with sampled ones) SQLite sums a batch of
    # trainees' hours by scanning every approved entry (the reports' index) instead of
    # each trainee's own.
    rows.analyze()
    say("planner statistics gathered")
    verdicts = progress.refresh(trainee_ids=ids, today=today)
    say(f"{verdicts} verdicts stored")
    return ScaleResult(
        trainees=len(ids),
        enrolments=sum(len(c) for c in enrolled.values()),
        hour_entries=len(ids) * hours_per_trainee,
        certifications=certified,
        verdicts=verdicts,
    )


def _document_types(programs: list[Program]) -> list[int]:
    found: set[int] = set()
    for program in programs:
        for requirement in program.requirements:
            settings = requirement.settings or {}
            if "document_type_id" in settings:
                found.add(int(settings["document_type_id"]))
            for option in settings.get("options", []):
                type_id = (option.get("settings") or {}).get("document_type_id")
                if type_id:
                    found.add(int(type_id))
    return sorted(found)


def _exam_ids(programs: list[Program]) -> list[int]:
    return sorted(
        {
            int(r.settings["exam_id"])
            for p in programs
            for r in p.requirements
            if r.kind == "exam" and (r.settings or {}).get("exam_id")
        }
    )


def _certifications(
    rows: _Rows,
    rngs: dict[int, random.Random],
    ids: list[int],
    enrolled: dict[int, list[Program]],
    coordinator_id: int,
    today: date,
) -> int:
    from tracker.services.certifications import dates_for, new_verification_code, program_snapshot

    states = list(CertificationState)
    snapshots: dict[int, dict[str, Any]] = {}
    serials: dict[tuple[int, int], int] = {}
    next_index = (db.session.scalar(select(func.max(Certification.status_index))) or 0) + 1
    records = []
    for position, pid in enumerate(pid for pid in ids if rngs[pid].randrange(CERTIFIED_SHARE) == 0):
        program = enrolled[pid][0]
        state = states[position % len(states)]
        window = program.renewal_window_days
        grace = program.grace_days
        if state is CertificationState.EXPIRING:
            expires = today + timedelta(days=max(window // 2, 1))
        elif state is CertificationState.IN_GRACE and grace > 1:
            expires = today - timedelta(days=grace // 2)
        elif state in (CertificationState.LAPSED, CertificationState.IN_GRACE):
            expires = today - timedelta(days=grace + 30)
            state = CertificationState.LAPSED
        else:  # valid, and revoked ones revoked while valid
            expires = today + timedelta(days=window + 200)
        issued = add_months(expires, -program.validity_months)
        if issued >= expires:
            issued = expires - timedelta(days=365)
        key = (program.id, issued.year)
        if key not in serials:
            serials[key] = (
                db.session.scalar(
                    select(func.max(Certification.serial)).where(
                        Certification.program_id == program.id,
                        Certification.issue_year == issued.year,
                    )
                )
                or 0
            )
        serials[key] += 1
        if program.id not in snapshots:
            snapshots[program.id] = program_snapshot(program)
        revoked = state is CertificationState.REVOKED
        records.append(
            {
                "trainee_id": pid,
                "program_id": program.id,
                "number": f"{program.code}-{issued.year}-{serials[key]:05d}",
                "issue_year": issued.year,
                "serial": serials[key],
                "verification_code": new_verification_code(),
                "issued_on": issued,
                **dates_for(expires, window, grace),
                "issued_by_id": coordinator_id,
                "state": state.value,
                "state_changed_at": _timestamp(issued),
                "revoked_at": _timestamp(today - timedelta(days=3)) if revoked else None,
                "revoked_by_id": coordinator_id if revoked else None,
                "revocation_reason": "Issued in error." if revoked else None,
                "override_reason": None,
                "status_index": next_index,
                "subject_salt": f"{rngs[pid].getrandbits(128):032x}",
                "program_snapshot": snapshots[program.id],
                "created_at": _timestamp(issued),
            }
        )
        next_index += 1
    rows.insert(Certification.__table__, records)
    return len(records)
