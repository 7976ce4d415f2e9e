"""Trainees for the coordinator: the searchable list, its statuses, and CSV import.

Statuses (a trainee may hold several):

* ``in_training``: active, enrolled in a program whose certification they do
  not hold, and not yet eligible for it;
* ``eligible``: active, enrolled, eligible by the eligibility service, and not
  holding that program's certification yet;
* ``certified``: holds a current (active or expiring) certification;
* ``expiring``: holds one that expires within the next 60 days (or is in its
  grace period);
* ``lapsed``: has a lapsed certification;
* ``inactive``: the account is deactivated.

"Eligible" is the eligibility service's verdict, never recomputed here:
:func:`eligible_enrolments` asks :func:`tracker.services.eligibility.evaluate_many`
about every enrolment that could be eligible (current, active trainee, no
certification held) and keeps those it says are.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, select, union_all
from sqlalchemy.orm import aliased, selectinload

from tracker.extensions import db
from tracker.models import (
    Certification,
    CertificationState,
    Enrolment,
    HourEntry,
    HourStatus,
    ModuleCompletion,
    Program,
    Role,
    User,
)
from tracker.services import accounts, programs
from tracker.services.certifications import HELD_STATES
from tracker.services.dates import local_today
from tracker.services.db_helpers import contains_pattern, enrolled_in, person_matches
from tracker.services.eligibility import evaluate_many
from tracker.services.errors import ValidationError

EXPIRING_SOON_DAYS = 60

STATUSES = {
    "in_training": "In training",
    "eligible": "Eligible, not yet certified",
    "certified": "Certified",
    "expiring": f"Expiring within {EXPIRING_SOON_DAYS} days",
    "lapsed": "Lapsed",
    "inactive": "Inactive",
}
SORTS = {
    "name": "Name",
    "hours": "Approved hours (most first)",
    "activity": "Last activity (latest first)",
}


# --- eligibility across trainees -------------------------------------------------------------


def _held_exists(trainee_col: Any, program_col: Any = None, program_id: int | None = None) -> Any:
    query = select(Certification.id).where(
        Certification.trainee_id == trainee_col, Certification.state.in_(HELD_STATES)
    )
    if program_col is not None:
        query = query.where(Certification.program_id == program_col)
    if program_id:
        query = query.where(Certification.program_id == program_id)
    return query.exists()


def candidate_enrolments(program_id: int | None = None) -> Select[tuple[Enrolment]]:
    """Enrolments that could be eligible: current, of an active trainee, in a live
    program, whose certification the trainee does not hold."""
    # An alias, so that a caller can correlate this query with an outer ``User``.
    trainee = aliased(User)
    query = (
        select(Enrolment)
        .join(trainee, trainee.id == Enrolment.trainee_id)
        .join(Program, Program.id == Enrolment.program_id)
        .where(
            Enrolment.withdrawn_at.is_(None),
            trainee.active.is_(True),
            trainee.role == Role.TRAINEE,
            Program.archived_at.is_(None),
            ~_held_exists(Enrolment.trainee_id, Enrolment.program_id),
        )
    )
    if program_id:
        query = query.where(Enrolment.program_id == program_id)
    return query.order_by(Enrolment.id)


def eligible_enrolments(
    program_id: int | None = None, today: date | None = None
) -> list[Enrolment]:
    """The candidate enrolments the eligibility service says are eligible now."""
    today = today or local_today()
    query = candidate_enrolments(program_id).options(
        selectinload(Enrolment.trainee),
        selectinload(Enrolment.program).selectinload(Program.required_modules),
        selectinload(Enrolment.program).selectinload(Program.hour_rules),
    )
    enrolments = db.session.scalars(query).all()
    eligible: set[tuple[int, int]] = set()
    for program in {e.program for e in enrolments}:
        ids = [e.trainee_id for e in enrolments if e.program_id == program.id]
        verdicts = evaluate_many(ids, program, today)
        eligible.update((t, program.id) for t, v in verdicts.items() if v.eligible)
    return [e for e in enrolments if (e.trainee_id, e.program_id) in eligible]


def eligible_count(today: date | None = None) -> int:
    """Trainees eligible for at least one program whose certification they lack."""
    return len({e.trainee_id for e in eligible_enrolments(today=today)})


# --- the list ---------------------------------------------------------------------------------


@dataclass
class TraineeFilters:
    q: str = ""
    program_id: int | None = None
    status: str = ""
    sort: str = "name"


def search(filters: TraineeFilters, today: date | None = None) -> Select[Any]:
    """Rows of (User, approved minutes, last activity date), filtered and sorted.

    Approved hours and last activity are aggregated in the database (grouped
    subqueries joined to the users), so sorting works over every trainee.
    """
    today = today or local_today()
    approved = (
        select(
            HourEntry.trainee_id.label("trainee_id"),
            func.sum(HourEntry.minutes).label("minutes"),
        )
        .where(HourEntry.status == HourStatus.APPROVED)
        .group_by(HourEntry.trainee_id)
        .subquery("approved")
    )
    events = union_all(
        select(HourEntry.trainee_id.label("trainee_id"), HourEntry.worked_on.label("day")).where(
            HourEntry.status != HourStatus.WITHDRAWN
        ),
        select(ModuleCompletion.trainee_id, ModuleCompletion.completed_on),
    ).subquery("events")
    last = (
        select(events.c.trainee_id, func.max(events.c.day).label("day"))
        .group_by(events.c.trainee_id)
        .subquery("last_activity")
    )
    minutes = func.coalesce(approved.c.minutes, 0).label("approved_minutes")
    query = (
        select(User, minutes, last.c.day.label("last_activity"))
        .outerjoin(approved, approved.c.trainee_id == User.id)
        .outerjoin(last, last.c.trainee_id == User.id)
        .where(User.role == Role.TRAINEE)
    )
    if filters.q:
        query = query.where(person_matches(contains_pattern(filters.q)))
    program_id = filters.program_id
    if program_id:
        query = query.where(enrolled_in(program_id))
    query = _status_filter(query, filters.status, program_id, today)
    if filters.sort == "hours":
        query = query.order_by(minutes.desc(), func.lower(User.display_name), User.id)
    elif filters.sort == "activity":
        query = query.order_by(
            last.c.day.desc().nulls_last(), func.lower(User.display_name), User.id
        )
    else:
        query = query.order_by(func.lower(User.display_name), User.id)
    return query


def _status_filter(query: Select[Any], status: str, program_id: int | None, today: date) -> Any:
    if status == "inactive":
        return query.where(User.active.is_(False))
    if status == "certified":
        return query.where(_held_exists(User.id, program_id=program_id))
    if status == "expiring":
        soon = select(Certification.id).where(
            Certification.trainee_id == User.id,
            Certification.state.in_(HELD_STATES),
            Certification.expires_on <= today + timedelta(days=EXPIRING_SOON_DAYS),
        )
        if program_id:
            soon = soon.where(Certification.program_id == program_id)
        return query.where(soon.exists())
    if status == "lapsed":
        lapsed = select(Certification.id).where(
            Certification.trainee_id == User.id,
            Certification.state == CertificationState.LAPSED,
        )
        if program_id:
            lapsed = lapsed.where(Certification.program_id == program_id)
        return query.where(lapsed.exists())
    if status == "eligible":
        ids = sorted({e.trainee_id for e in eligible_enrolments(program_id, today)})
        return query.where(User.id.in_(ids))
    if status == "in_training":
        eligible_ids = [e.id for e in eligible_enrolments(program_id, today)]
        working = candidate_enrolments(program_id).where(Enrolment.trainee_id == User.id)
        if eligible_ids:
            working = working.where(Enrolment.id.not_in(eligible_ids))
        return query.where(working.with_only_columns(Enrolment.id).exists())
    return query


# --- the detail page ----------------------------------------------------------------------


def recent_hours(trainee: User, limit: int = 20) -> list[HourEntry]:
    return list(
        db.session.scalars(
            select(HourEntry)
            .where(HourEntry.trainee_id == trainee.id)
            .order_by(HourEntry.worked_on.desc(), HourEntry.id.desc())
            .limit(limit)
        ).all()
    )


def hour_totals(trainee: User) -> dict[str, int]:
    rows = db.session.execute(
        select(HourEntry.status, func.sum(HourEntry.minutes))
        .where(HourEntry.trainee_id == trainee.id)
        .group_by(HourEntry.status)
    ).all()
    return {str(status): int(total or 0) for status, total in rows}


def completions(trainee: User) -> list[ModuleCompletion]:
    return list(
        db.session.scalars(
            select(ModuleCompletion)
            .options(selectinload(ModuleCompletion.module))
            .where(ModuleCompletion.trainee_id == trainee.id)
            .order_by(ModuleCompletion.completed_on.desc(), ModuleCompletion.id.desc())
        ).all()
    )


def certifications_of(trainee: User) -> list[Certification]:
    return list(
        db.session.scalars(
            select(Certification)
            .where(Certification.trainee_id == trainee.id)
            .order_by(Certification.issued_on.desc(), Certification.id.desc())
        ).all()
    )


# --- CSV import -----------------------------------------------------------------------------

MAX_IMPORT_ROWS = 1000
COLUMNS = ("name", "email", "programs")
# The names a first row may give each column, compared by their letters alone
# ("E-mail", "Full_name" and "Program codes" are all understood).
HEADER_NAMES = {
    "name": {"name", "fullname", "displayname", "trainee", "traineename", "person"},
    "email": {"email", "emailaddress", "mail"},
    "programs": {
        "programs",
        "program",
        "programme",
        "programmes",
        "programcode",
        "programcodes",
        "certification",
        "certifications",
    },
}


@dataclass
class ImportRow:
    line: int
    name: str
    email: str
    programs: list[Program] = field(default_factory=list)
    program_text: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.bad_rows and bool(self.rows)


def decode_upload(data: bytes) -> str:
    """The uploaded file's text; a file that is not UTF-8 is a field error."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.", "file"
        ) from None


def _program_lookup() -> dict[str, Program]:
    lookup: dict[str, Program] = {}
    for program in programs.all_programs():
        lookup[program.name.casefold()] = program
        lookup[program.code.casefold()] = program
    return lookup


def _column_of(cell: str) -> str | None:
    letters = "".join(c for c in cell.casefold() if c.isalpha())
    return next((column for column, names in HEADER_NAMES.items() if letters in names), None)


def _read_header(cells: list[str]) -> tuple[list[int | None] | None, str | None]:
    """The first row, read as column names.

    Returns ``(positions, None)`` when it names the columns (``positions`` gives,
    for name, email and programs, the index of its column or None), ``(None,
    None)`` when it is a row of data, and ``(None, message)`` when it looks like
    column names but one of them is not understood.
    """
    named = [(index, cell.strip(), _column_of(cell)) for index, cell in enumerate(cells)]
    named = [item for item in named if item[1]]
    if not any(column for _i, _c, column in named) or any("@" in cell for _i, cell, _c in named):
        return None, None
    positions: dict[str, int] = {}
    for index, cell, column in named:
        if column is None:
            return None, (
                f"Line 1 looks like column names, but '{cell}' is not one: "
                "name the columns name, email and programs."
            )
        if column in positions:
            return None, f"Line 1 names the {column} column twice."
        positions[column] = index
    if "email" not in positions or "name" not in positions:
        return None, "Line 1 names the columns, but not name and email: both are needed."
    return [positions.get(column) for column in COLUMNS], None


def _in_order(cells: list[str], positions: list[int | None]) -> list[str]:
    """A row's cells as name, email, programs, then any cells of no named column."""
    ordered = [cells[i] if i is not None and i < len(cells) else "" for i in positions]
    return ordered + [c for i, c in enumerate(cells) if i not in positions]


def preview_import(text: str) -> ImportPreview:
    """Check every row; each bad row gets its own messages.  Stores nothing.

    A first row of column names (in any order, spelled as people do) is used to
    find the columns; without one, the columns are name, email, programs.
    """
    preview = ImportPreview()
    # Pasted text may keep the byte-order mark spreadsheets write; uploads lose it in decoding.
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    lookup = _program_lookup()
    seen: dict[str, int] = {}
    try:
        raw_rows = list(reader)
    except csv.Error as exc:
        preview.errors.append(f"The file could not be read as CSV: {exc}.")
        return preview
    positions: list[int | None] | None = None
    line = 0
    for line, cells in enumerate(raw_rows, start=1):
        if not cells or all(not c.strip() for c in cells):
            continue
        if line == 1:
            positions, problem = _read_header(cells)
            if problem:
                preview.errors.append(problem)
                return preview
            if positions is not None:
                continue
        if positions is not None:
            cells = _in_order(cells, positions)
        if len(preview.rows) >= MAX_IMPORT_ROWS:
            preview.errors.append(
                f"The file has more than {MAX_IMPORT_ROWS} rows; split it into smaller files."
            )
            break
        preview.rows.append(_check_row(line, cells, lookup, seen))
    if not preview.rows and not preview.errors:
        preview.errors.append(
            "The file has no trainees in it. Each row needs: name, email, programs."
        )
    return preview


def _check_row(
    line: int, cells: list[str], lookup: dict[str, Program], seen: dict[str, int]
) -> ImportRow:
    cells = [*cells, "", "", ""][: max(3, len(cells))]
    name = accounts.clean_text(cells[0])
    email = accounts.normalize_email(cells[1])
    program_text = accounts.clean_text(cells[2])
    row = ImportRow(line, name, email, program_text=program_text)
    if len([c for c in cells if c.strip()]) == 1 and cells[0].count(";") >= 1 and "@" in cells[0]:
        # A spreadsheet saved with ';' between columns (common outside English locales).
        row.errors.append(
            "Separate the columns with commas, not ';': "
            "save the file as 'CSV UTF-8 (comma delimited)'."
        )
        return row
    if len(cells) > 3 and any(c.strip() for c in cells[3:]):
        row.errors.append(
            "Too many columns: use name, email, programs "
            "(separate several programs with ';', not ',')."
        )
    if not name:
        row.errors.append("The name is missing.")
    elif len(name) > 120:
        row.errors.append("The name is longer than 120 characters.")
    if not email:
        row.errors.append("The email is missing.")
    elif "@" not in email or len(email) > 254 or " " in email:
        row.errors.append(f"'{email}' is not a valid email address.")
    elif email in seen:
        row.errors.append(f"The email {email} is also on line {seen[email]}.")
    elif accounts.get_by_email(email) is not None:
        row.errors.append(f"An account with the email {email} already exists.")
    if email and email not in seen:
        seen[email] = line
    for part in program_text.split(";"):
        wanted = part.strip()
        if not wanted:
            continue
        program = lookup.get(wanted.casefold())
        if program is None:
            row.errors.append(f"No program with the code or name '{wanted}'.")
        elif program.is_archived:
            row.errors.append(f"The program {program.name} is archived.")
        elif program not in row.programs:
            row.programs.append(program)
    return row


@dataclass
class Imported:
    user: User
    token: str
    programs: list[Program]


def import_trainees(text: str, actor: User) -> list[Imported]:
    """Create the accounts (as invitations) and enrolments, all or nothing.

    The file is checked again first; if any row is bad, nothing is stored and
    ValidationError is raised.  The caller commits (or rolls back).
    """
    preview = preview_import(text)
    if not preview.ok:
        problems = preview.errors + [
            f"Line {row.line}: {message}" for row in preview.bad_rows for message in row.errors
        ]
        raise ValidationError({"file": problems})
    done: list[Imported] = []
    for row in preview.rows:
        user, token = accounts.invite(row.email, row.name, Role.TRAINEE, actor)
        for program in row.programs:
            programs.enrol(user, program, actor)
        done.append(Imported(user, token, row.programs))
    return done


def enrolment_status(trainee: User) -> dict[int, Enrolment]:
    """Every enrolment of the trainee (current or withdrawn), by program id."""
    rows = db.session.scalars(select(Enrolment).where(Enrolment.trainee_id == trainee.id)).all()
    return {e.program_id: e for e in rows}
