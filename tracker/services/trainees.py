"""Trainees for the coordinator: the searchable list, its statuses, and CSV import.

Statuses (a trainee may hold several):

* ``in_training``: active, enrolled in a program whose certification they do
  not hold, and not yet eligible for it;
* ``eligible``: active, enrolled, eligible by the eligibility service, and not
  holding that program's certification yet;
* ``certified``: holds a certification (valid, expiring soon, or in grace);
* ``expiring``: holds one that is expiring soon (inside its renewal window) or
  in its grace period;
* ``lapsed``: has a lapsed certification;
* ``inactive``: the account is deactivated.

"Eligible" is the eligibility service's verdict, never recomputed here: the
verdicts stored per enrolment (:mod:`tracker.services.progress`) are read, and
the few that are missing or whose day has come are worked out afresh
(:func:`eligible_enrolment_ids`).  Hours and last activity come from the
trainees' stored totals, so sorting and paging never aggregate the whole
hours table.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from tracker.extensions import db
from tracker.models import (
    Certification,
    CertificationState,
    Enrolment,
    EnrolmentProgress,
    HourEntry,
    ModuleCompletion,
    Program,
    Role,
    TraineeTotals,
    User,
)
from tracker.services import accounts, certifications, programs, progress
from tracker.services.dates import local_today
from tracker.services.db_helpers import contains_pattern, enrolled_in, person_matches
from tracker.services.errors import ValidationError

STATUSES = {
    "in_training": _l("In training"),
    "eligible": _l("Eligible, not yet certified"),
    "certified": _l("Certified"),
    "expiring": _l("Expiring soon or in grace"),
    "lapsed": _l("Lapsed"),
    "inactive": _l("Inactive"),
}
SORTS = {
    "name": _l("Name"),
    "hours": _l("Approved hours (most first)"),
    "activity": _l("Last activity (latest first)"),
}


# --- eligibility across trainees -------------------------------------------------------------


def _held_exists(trainee_col: Any, program_col: Any = None, program_id: int | None = None) -> Any:
    query = select(Certification.id).where(
        Certification.trainee_id == trainee_col, certifications.is_held()
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


def eligible_enrolment_ids(program_id: int | None = None, today: date | None = None) -> Any:
    """A select of the ids of candidate enrolments whose verdict is "eligible" today.

    Stored verdicts still true today are read in SQL, starting from the few eligible
    ones (a partial index).  Enrolments without a stored verdict, or whose verdict's
    day has come, are evaluated afresh; they are looked for only in the programs whose
    stored sums say they may have any (:func:`progress.unsettled_programs`), which is
    rarely one since the daily ``refresh-progress`` rewrites them.
    """
    today = today or local_today()
    candidates = candidate_enrolments(program_id).with_only_columns(Enrolment.id).order_by(None)
    unsettled = progress.unsettled_programs(today, program_id)
    eligible = candidates.join(
        EnrolmentProgress, EnrolmentProgress.enrolment_id == Enrolment.id
    ).where(EnrolmentProgress.eligible == True)  # noqa: E712  (the partial index's condition)
    if not unsettled:
        # Every stored verdict is true today: the eligible ones are the answer.
        return eligible
    # Elsewhere the stored verdicts are read while they are true today, and the
    # unsettled programs' missing or stale ones are worked out afresh.
    stored = eligible.where(or_(Enrolment.program_id.not_in(unsettled), progress.is_current(today)))
    missing = select(Enrolment.id).where(
        Enrolment.withdrawn_at.is_(None),
        Enrolment.program_id.in_(unsettled),
        ~select(EnrolmentProgress.enrolment_id)
        .where(EnrolmentProgress.enrolment_id == Enrolment.id)
        .exists(),
    )
    due = select(EnrolmentProgress.enrolment_id).where(
        or_(EnrolmentProgress.changes_on <= today, EnrolmentProgress.as_of > today)
    )
    stale = candidates.where(
        Enrolment.program_id.in_(unsettled),
        or_(Enrolment.id.in_(missing), Enrolment.id.in_(due)),
    )
    fresh = [e for e, s in progress.summaries(stale, today).items() if s.eligible]
    condition = Enrolment.id.in_(stored)
    if fresh:
        condition = or_(condition, Enrolment.id.in_(fresh))
    return select(Enrolment.id).where(condition)


def eligible_trainee_ids(program_id: int | None = None, today: date | None = None) -> Any:
    """A select of the ids of trainees eligible today for a program (``program_id``, or
    any) whose certification they do not hold yet."""
    eligible = eligible_enrolment_ids(program_id, today)
    return select(Enrolment.trainee_id).where(Enrolment.id.in_(eligible))


def eligible_enrolments(
    program_id: int | None = None, today: date | None = None
) -> list[Enrolment]:
    """The candidate enrolments the eligibility service says are eligible today."""
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.id.in_(eligible_enrolment_ids(program_id, today)))
            .options(selectinload(Enrolment.trainee), selectinload(Enrolment.program))
            .order_by(Enrolment.id)
        )
    )


def eligible_count(today: date | None = None) -> int:
    """Trainees eligible for at least one program whose certification they lack."""
    return (
        db.session.scalar(
            select(func.count(func.distinct(Enrolment.trainee_id))).where(
                Enrolment.id.in_(eligible_enrolment_ids(today=today))
            )
        )
        or 0
    )


# --- the list ---------------------------------------------------------------------------------


@dataclass
class TraineeFilters:
    q: str = ""
    program_id: int | None = None
    status: str = ""
    sort: str = "name"


def search(filters: TraineeFilters, today: date | None = None) -> Select[Any]:
    """Rows of (User, ``approved_minutes``, ``last_activity``), filtered and sorted."""
    return listing(filters, today)[0]


def count(filters: TraineeFilters, today: date | None = None) -> Select[Any]:
    """A select of the number of trainees :func:`search` finds."""
    return listing(filters, today)[1]


def listing(filters: TraineeFilters, today: date | None = None) -> tuple[Select[Any], Select[Any]]:
    """The list's rows (as :func:`search`) and a select of their number, sharing one
    filter (the eligible filter works out which verdicts to trust once).

    Hours and last activity are the trainees' stored totals (indexed), so sorting
    and counting pages cost the same with ten trainees or ten thousand.
    """
    today = today or local_today()
    if filters.sort == "hours":
        # Every trainee has a totals row (:mod:`tracker.services.progress` writes one in
        # the transaction that adds the trainee): joined, not outer-joined, so the
        # database reads the approved-minutes index from the top and stops after a page,
        # instead of sorting every trainee.
        query = (
            select(
                User,
                TraineeTotals.approved_minutes,
                TraineeTotals.last_activity_on.label("last_activity"),
            )
            .join(TraineeTotals, TraineeTotals.trainee_id == User.id)
            .order_by(TraineeTotals.approved_minutes.desc(), func.lower(User.display_name), User.id)
        )
    else:
        query = select(
            User,
            func.coalesce(TraineeTotals.approved_minutes, 0).label("approved_minutes"),
            TraineeTotals.last_activity_on.label("last_activity"),
        ).outerjoin(TraineeTotals, TraineeTotals.trainee_id == User.id)
        if filters.sort == "activity":
            query = query.order_by(
                TraineeTotals.last_activity_on.desc().nulls_last(),
                func.lower(User.display_name),
                User.id,
            )
        else:
            query = query.order_by(func.lower(User.display_name), User.id)
    trainee = User.role == Role.TRAINEE
    conditions = []
    if filters.q:
        conditions.append(person_matches(contains_pattern(filters.q)))
    if filters.program_id:
        conditions.append(enrolled_in(filters.program_id))
    status = _status_condition(filters.status, filters.program_id, today)
    if status is not None:
        conditions.append(status)
    # Totals rows are written for trainees alone, so the list sorted by hours needs no
    # role condition: without it SQLite too reads the totals' index from the top, instead
    # of every trainee by the role index and a sort.
    rows = (
        query.where(*conditions) if filters.sort == "hours" else query.where(trainee, *conditions)
    )
    return rows, select(func.count()).select_from(User).where(trainee, *conditions)


def _status_condition(status: str, program_id: int | None, today: date) -> Any:
    """The SQL condition on ``User`` of a status filter (None: every status)."""
    if status == "inactive":
        return User.active.is_(False)
    if status == "certified":
        return _held_exists(User.id, program_id=program_id)
    if status == "expiring":
        soon = select(Certification.id).where(
            Certification.trainee_id == User.id,
            certifications.in_state(
                CertificationState.EXPIRING, CertificationState.IN_GRACE, today=today
            ),
        )
        if program_id:
            soon = soon.where(Certification.program_id == program_id)
        return soon.exists()
    if status == "lapsed":
        lapsed = select(Certification.id).where(
            Certification.trainee_id == User.id,
            certifications.in_state(CertificationState.LAPSED, today=today),
        )
        if program_id:
            lapsed = lapsed.where(Certification.program_id == program_id)
        return lapsed.exists()
    if status == "eligible":
        return User.id.in_(eligible_trainee_ids(program_id, today))
    if status == "in_training":
        eligible = eligible_enrolment_ids(program_id, today)
        working = (
            candidate_enrolments(program_id)
            .where(Enrolment.trainee_id == User.id, Enrolment.id.not_in(eligible))
            .with_only_columns(Enrolment.id)
            .order_by(None)
        )
        return working.exists()
    return None


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
            # Joined, not a second query: a trainee has a few dozen completions at most.
            .options(joinedload(ModuleCompletion.module))
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
            _("The file is not UTF-8 text. Save it as 'CSV UTF-8' and try again."), "file"
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
                _(
                    "Line 1 looks like column names, but '%(cell)s' is not one: name the "
                    "columns name, email and programs.",
                    cell=cell,
                )
            )
        if column in positions:
            return None, _("Line 1 names the %(column)s column twice.", column=column)
        positions[column] = index
    if "email" not in positions or "name" not in positions:
        return None, _("Line 1 names the columns, but not name and email: both are needed.")
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
        preview.errors.append(_("The file could not be read as CSV: %(exc)s.", exc=exc))
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
                _(
                    "The file has more than %(max_import_rows)s rows; split it into smaller files.",
                    max_import_rows=MAX_IMPORT_ROWS,
                )
            )
            break
        preview.rows.append(_check_row(line, cells, lookup, seen))
    if not preview.rows and not preview.errors:
        preview.errors.append(
            _("The file has no trainees in it. Each row needs: name, email, programs.")
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
            _(
                "Separate the columns with commas, not ';': "
                "save the file as 'CSV UTF-8 (comma delimited)'."
            )
        )
        return row
    if len(cells) > 3 and any(c.strip() for c in cells[3:]):
        row.errors.append(
            _(
                "Too many columns: use name, email, programs "
                "(separate several programs with ';', not ',')."
            )
        )
    if not name:
        row.errors.append(_("The name is missing."))
    elif len(name) > 120:
        row.errors.append(_("The name is longer than 120 characters."))
    if not email:
        row.errors.append(_("The email is missing."))
    elif "@" not in email or len(email) > 254 or " " in email:
        row.errors.append(_("'%(email)s' is not a valid email address.", email=email))
    elif email in seen:
        row.errors.append(
            _("The email %(email)s is also on line %(seen)s.", email=email, seen=seen[email])
        )
    elif accounts.get_by_email(email) is not None:
        row.errors.append(_("An account with the email %(email)s already exists.", email=email))
    if email and email not in seen:
        seen[email] = line
    for part in program_text.split(";"):
        wanted = part.strip()
        if not wanted:
            continue
        program = lookup.get(wanted.casefold())
        if program is None:
            row.errors.append(_("No program with the code or name '%(wanted)s'.", wanted=wanted))
        elif program.is_archived:
            row.errors.append(_("The program %(name)s is archived.", name=program.name))
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
