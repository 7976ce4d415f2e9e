"""Importing a program's history from spreadsheets: past hour entries, module
completions, supervision sessions and certifications already issued.

It works as the trainee import does (:mod:`tracker.services.trainees`): the
file is decoded the same way, checked row by row with a message per bad row
(:func:`preview`), and stored all or nothing (:func:`import_history`), audited
as one import event with its row count.  What spreadsheets do is understood: a
byte-order mark, ``;`` between columns, dates as 31/12/2024 or 2024-12-31, and
decimal commas ("1,5" hours).

Rows matching a record already present are reported and skipped, so importing
a file twice changes nothing: hour and supervision rows carry a key made from
their content (the ``submission_key`` each trainee's rows are unique by),
completions match on trainee, module and date, certifications on their number.

Imported hours, supervision and completions are approved (verified): they were
already accepted where they come from.  Imported certifications keep their
number and dates and get a verification code, so ``/verify`` shows them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import (
    Activity,
    Certification,
    CompletionSource,
    CompletionStatus,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    Program,
    ReviewStatus,
    Role,
    Setting,
    SupervisionFormat,
    SupervisionRecord,
    User,
    utcnow,
)
from tracker.services import audit, certifications, status_lists
from tracker.services.accounts import clean_text, normalize_email
from tracker.services.dates import local_today
from tracker.services.errors import ValidationError
from tracker.services.hours import (
    EARLIEST_DATE,
    NOTES_MAX,
    SUPERVISOR_MAX,
    day_minutes,
    parse_hours,
)

MAX_ROWS = 5000
KINDS = ("hours", "completions", "supervision", "certifications")

# Each kind's columns: (column, required, names a header may give it, by letters only).
COLUMNS: dict[str, list[tuple[str, bool, set[str]]]] = {
    "hours": [
        ("email", True, {"email", "emailaddress", "trainee", "traineeemail"}),
        ("date", True, {"date", "day", "workedon", "dateworked"}),
        ("hours", True, {"hours", "hrs", "duration"}),
        ("activity", True, {"activity", "activitycode"}),
        ("setting", False, {"setting", "where"}),
        ("paid", False, {"paid", "paidorvolunteer", "ispaid"}),
        ("supervisor", False, {"supervisor", "supervisedby", "supervisorname"}),
        ("notes", False, {"notes", "note", "comment", "comments"}),
    ],
    "completions": [
        ("email", True, {"email", "emailaddress", "trainee", "traineeemail"}),
        ("module", True, {"module", "modulecode", "code"}),
        ("date", True, {"date", "completed", "completedon", "datecompleted"}),
        ("score", False, {"score", "mark", "result"}),
    ],
    "supervision": [
        ("email", True, {"email", "emailaddress", "trainee", "traineeemail"}),
        ("date", True, {"date", "heldon", "day"}),
        ("hours", True, {"hours", "hrs", "duration"}),
        ("supervisor", True, {"supervisor", "supervisedby", "supervisorname"}),
        ("format", False, {"format", "type", "individualorgroup"}),
        ("notes", False, {"notes", "note", "comment", "comments"}),
    ],
    "certifications": [
        ("email", True, {"email", "emailaddress", "trainee", "traineeemail"}),
        ("program", True, {"program", "programcode", "programme", "certification"}),
        ("number", True, {"number", "certificatenumber", "certificationnumber", "no"}),
        ("issued", True, {"issued", "issuedon", "issuedate", "dateissued"}),
        ("expires", True, {"expires", "expireson", "expiry", "expirydate", "validuntil"}),
    ],
}

_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass
class HistoryRow:
    line: int
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)
    duplicate: str = ""  # why the row is skipped: it matches a record already present
    build: Callable[[], Any] | None = None  # makes the record to store


@dataclass
class HistoryPreview:
    kind: str
    rows: list[HistoryRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def bad_rows(self) -> list[HistoryRow]:
        return [row for row in self.rows if row.errors]

    @property
    def new_rows(self) -> list[HistoryRow]:
        return [row for row in self.rows if not row.errors and not row.duplicate]

    @property
    def duplicates(self) -> list[HistoryRow]:
        return [row for row in self.rows if not row.errors and row.duplicate]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.bad_rows and bool(self.rows)


@dataclass
class HistoryResult:
    kind: str
    imported: int
    skipped: int


# --- reading what spreadsheets write -------------------------------------------------------


def parse_date(raw: str) -> date:
    """2024-12-31 or 31/12/2024 (also 31.12.2024); ValueError with a message otherwise."""
    text = raw.strip()
    found = _ISO.match(text)
    if found:
        year, month, day = (int(g) for g in found.groups())
    else:
        found = _DMY.match(text)
        if not found:
            raise ValueError(
                _("'%(value)s' is not a date: write 2024-12-31 or 31/12/2024.", value=text)
            )
        day, month, year = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("'%(value)s' is not a date that exists.", value=text)) from None


def _delimiter(text: str) -> str:
    """',' unless the first line holds more ';' (or tabs): Excel's CSV outside English locales."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _letters(cell: str) -> str:
    return "".join(c for c in cell.casefold() if c.isalpha())


def _header(kind: str, cells: list[str]) -> tuple[dict[str, int], str | None]:
    wanted = COLUMNS[kind]
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not cell.strip():
            continue
        letters = _letters(cell)
        column = next((name for name, _req, names in wanted if letters in names), None)
        if column is None:
            return {}, _("Line 1: '%(cell)s' is not a column of this kind of file.", cell=cell)
        if column in positions:
            return {}, _("Line 1 names the %(column)s column twice.", column=column)
        positions[column] = index
    missing = [name for name, required, _names in wanted if required and name not in positions]
    if missing:
        return {}, _(
            "The first line must name the columns; missing: %(columns)s.",
            columns=", ".join(missing),
        )
    return positions, None


def read_rows(kind: str, text: str) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The file's data rows as ``(line, {column: cell})``, or the file's problems."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        raw = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error as exc:
        return [], [_("The file could not be read as CSV: %(error)s.", error=str(exc))]
    raw = [
        (line, cells) for line, cells in enumerate(raw, start=1) if any(c.strip() for c in cells)
    ]
    if not raw:
        return [], [_("The file is empty.")]
    positions, problem = _header(kind, raw[0][1])
    if problem:
        return [], [problem]
    rows = []
    for line, cells in raw[1:]:
        rows.append(
            (
                line,
                {
                    name: (cells[i].strip() if i < len(cells) else "")
                    for name, i in positions.items()
                },
            )
        )
    if len(rows) > MAX_ROWS:
        return [], [_("The file has more than %(count)s rows; split it.", count=MAX_ROWS)]
    if not rows:
        return [], [_("The file has column names but no rows.")]
    return rows, []


# --- checking each kind's rows -------------------------------------------------------------


def _content_key(kind: str, trainee_id: int, *parts: Any) -> str:
    """A row's key from its content: the same row imported again finds itself."""
    digest = hashlib.sha256(
        "|".join([kind, str(trainee_id), *(str(p) for p in parts)]).encode()
    ).hexdigest()
    return f"import-{digest[:40]}"


class _Lookups:
    """Trainees, modules, programs and activities, each read once per file."""

    def __init__(self) -> None:
        self.trainees = {
            u.email: u for u in db.session.scalars(select(User).where(User.role == Role.TRAINEE))
        }
        self.modules = {m.code.casefold(): m for m in db.session.scalars(select(Module))}
        self.programs = {p.code.casefold(): p for p in db.session.scalars(select(Program))}
        activities = list(db.session.scalars(select(Activity)))
        self.activities = {a.code.casefold(): a.code for a in activities}
        self.activities |= {a.name.casefold(): a.code for a in activities}


def _trainee(row: HistoryRow, look: _Lookups) -> User | None:
    email = normalize_email(row.cells.get("email", ""))
    if not email:
        row.errors.append(_("The email is missing."))
        return None
    trainee = look.trainees.get(email)
    if trainee is None:
        row.errors.append(_("No trainee has the email %(email)s.", email=email))
    return trainee


def _date(row: HistoryRow, column: str, today: date, past: bool = True) -> date | None:
    raw = row.cells.get(column, "")
    if not raw:
        row.errors.append(_("The %(column)s is missing.", column=column))
        return None
    try:
        value = parse_date(raw)
    except ValueError as exc:
        row.errors.append(str(exc))
        return None
    if value < EARLIEST_DATE:
        row.errors.append(_("The %(column)s is before 2000.", column=column))
        return None
    if past and value > today:
        row.errors.append(_("The %(column)s %(date)s is in the future.", column=column, date=raw))
        return None
    return value


def _minutes(row: HistoryRow) -> int | None:
    try:
        return parse_hours(row.cells.get("hours", ""))
    except ValidationError as exc:
        row.errors.append(exc.message)
        return None


def _text(row: HistoryRow, column: str, limit: int) -> str:
    value = clean_text(row.cells.get(column, ""))
    if len(value) > limit:
        row.errors.append(
            _("The %(column)s is longer than %(count)s characters.", column=column, count=limit)
        )
    return value


def _check_hours(row: HistoryRow, look: _Lookups, today: date, state: dict[str, Any]) -> None:
    trainee = _trainee(row, look)
    worked_on = _date(row, "date", today)
    minutes = _minutes(row)
    activity = look.activities.get(row.cells.get("activity", "").casefold())
    if activity is None:
        row.errors.append(_("No activity '%(value)s'.", value=row.cells.get("activity", "")))
    setting_raw = (
        (row.cells.get("setting") or "in_person").casefold().replace(" ", "_").replace("-", "_")
    )
    if setting_raw not in {s.value for s in Setting}:
        row.errors.append(_("The setting must be in_person, online or phone."))
    paid_raw = (row.cells.get("paid") or "").casefold()
    if paid_raw not in {"", "paid", "yes", "true", "1", "volunteer", "no", "false", "0"}:
        row.errors.append(_("Paid must be paid or volunteer."))
    supervisor = _text(row, "supervisor", SUPERVISOR_MAX)
    notes = _text(row, "notes", NOTES_MAX)
    if row.errors or trainee is None or worked_on is None or minutes is None:
        return
    day = (trainee.id, worked_on)
    if day not in state:
        state[day] = day_minutes(trainee.id, worked_on)
    key = _content_key("hours", trainee.id, worked_on, minutes, activity, setting_raw, supervisor)
    if _seen(row, state, key) or _stored(row, HourEntry, trainee.id, key):
        return
    if state[day] + minutes > 24 * 60:
        row.errors.append(
            _(
                "More than 24 hours on %(date)s for %(email)s.",
                date=worked_on.isoformat(),
                email=trainee.email,
            )
        )
        return
    state[day] += minutes
    now = utcnow()

    def build() -> HourEntry:
        return HourEntry(
            trainee_id=trainee.id,
            worked_on=worked_on,
            minutes=minutes,
            activity=activity,
            setting=setting_raw,
            is_paid=paid_raw in {"paid", "yes", "true", "1"},
            supervised=bool(supervisor),
            supervisor_name=supervisor or None,
            notes=notes,
            status=HourStatus.APPROVED,
            decided_by_id=state["actor"].id,
            decided_at=now,
            submission_key=key,
        )

    row.build = build


def _seen(row: HistoryRow, state: dict[str, Any], key: str) -> bool:
    """The same row earlier in the file: reported and skipped."""
    seen = state.setdefault("keys", {})
    if key in seen:
        row.duplicate = _("the same as line %(line)s", line=seen[key])
        return True
    seen[key] = row.line
    return False


def _stored(row: HistoryRow, model: Any, trainee_id: int, key: str) -> bool:
    found = db.session.scalar(
        select(model.id).where(model.trainee_id == trainee_id, model.submission_key == key)
    )
    if found is not None:
        row.duplicate = _("already imported")
        return True
    return False


def _check_supervision(row: HistoryRow, look: _Lookups, today: date, state: dict[str, Any]) -> None:
    trainee = _trainee(row, look)
    held_on = _date(row, "date", today)
    minutes = _minutes(row)
    supervisor = _text(row, "supervisor", SUPERVISOR_MAX)
    if not supervisor:
        row.errors.append(_("The supervisor is missing."))
    fmt = (row.cells.get("format") or "individual").casefold()
    if fmt not in {f.value for f in SupervisionFormat}:
        row.errors.append(_("The format must be individual or group."))
    notes = _text(row, "notes", NOTES_MAX)
    if row.errors or trainee is None or held_on is None or minutes is None:
        return
    key = _content_key("supervision", trainee.id, held_on, minutes, supervisor, fmt)
    if _seen(row, state, key) or _stored(row, SupervisionRecord, trainee.id, key):
        return
    now = utcnow()
    row.build = lambda: SupervisionRecord(
        trainee_id=trainee.id,
        held_on=held_on,
        minutes=minutes,
        format=fmt,
        supervisor_name=supervisor,
        notes=notes,
        status=ReviewStatus.APPROVED,
        decided_by_id=state["actor"].id,
        decided_at=now,
        submission_key=key,
    )


def _check_completion(row: HistoryRow, look: _Lookups, today: date, state: dict[str, Any]) -> None:
    trainee = _trainee(row, look)
    module = look.modules.get(row.cells.get("module", "").casefold())
    if module is None:
        row.errors.append(
            _("No module with the code '%(code)s'.", code=row.cells.get("module", ""))
        )
    completed_on = _date(row, "date", today)
    score: int | None = None
    raw_score = row.cells.get("score", "").replace(",", ".")
    if raw_score:
        try:
            number = float(raw_score)
        except ValueError:
            number = -1
        if not (0 <= number <= 100) or number != int(number):
            row.errors.append(_("The score must be a whole number from 0 to 100."))
        else:
            score = int(number)
    if row.errors or trainee is None or module is None or completed_on is None:
        return
    key = _content_key("completions", trainee.id, module.id, completed_on)
    if _seen(row, state, key):
        return
    present = db.session.scalar(
        select(ModuleCompletion.id).where(
            ModuleCompletion.trainee_id == trainee.id,
            ModuleCompletion.module_id == module.id,
            ModuleCompletion.completed_on == completed_on,
            ModuleCompletion.status != CompletionStatus.REJECTED,
        )
    )
    if present is not None:
        row.duplicate = _("already recorded")
        return
    now = utcnow()
    row.build = lambda: ModuleCompletion(
        trainee_id=trainee.id,
        module_id=module.id,
        completed_on=completed_on,
        score=score,
        source=CompletionSource.IMPORTED,
        status=CompletionStatus.VERIFIED,
        recorded_by_id=state["actor"].id,
        verified_by_id=state["actor"].id,
        decided_at=now,
        submission_key=key,
    )


def _serial(program: Program, year: int, number: str, state: dict[str, Any]) -> int:
    """The serial in a number of this installation's form (CODE-YEAR-00042), so that
    numbers issued later never take it; otherwise the next free one of that year."""
    found = re.fullmatch(rf"{re.escape(program.code)}-{year}-0*(\d{{1,9}})", number, re.I)
    highest = state.setdefault("serials", {})
    key = (program.id, year)
    if key not in highest:
        highest[key] = (
            db.session.scalar(
                select(func.max(Certification.serial)).where(
                    Certification.program_id == program.id, Certification.issue_year == year
                )
            )
            or 0
        )
    if found and int(found.group(1)) > 0:
        serial = int(found.group(1))
    else:
        serial = highest[key] + 1
    highest[key] = max(highest[key], serial)
    return serial


def _check_certification(
    row: HistoryRow, look: _Lookups, today: date, state: dict[str, Any]
) -> None:
    trainee = _trainee(row, look)
    program = look.programs.get(row.cells.get("program", "").casefold())
    if program is None:
        row.errors.append(
            _("No program with the code '%(code)s'.", code=row.cells.get("program", ""))
        )
    number = clean_text(row.cells.get("number", ""))
    if not number:
        row.errors.append(_("The number is missing."))
    elif len(number) > 40:
        row.errors.append(_("The number is longer than 40 characters."))
    issued = _date(row, "issued", today)
    expires = _date(row, "expires", today, past=False)
    if issued and expires and expires <= issued:
        row.errors.append(_("The expiry date must come after the issue date."))
    if row.errors or trainee is None or program is None or issued is None or expires is None:
        return
    if _seen(row, state, f"certificate:{number.casefold()}"):
        return
    existing = db.session.scalar(
        select(Certification).where(func.lower(Certification.number) == number.casefold())
    )
    if existing is not None:
        if (existing.trainee_id, existing.program_id, existing.issued_on) == (
            trainee.id,
            program.id,
            issued,
        ):
            row.duplicate = _("already imported")
        else:
            row.errors.append(
                _("The number %(number)s belongs to another certificate.", number=number)
            )
        return
    # A certificate still held today must be the only one held in its program, as
    # issuing keeps it; lapsed ones from the past may be many.
    grace = timedelta(days=program.grace_days + 1)
    if today < expires + grace:
        holders = state.setdefault("held", {})
        if (trainee.id, program.id) in holders or certifications.held(trainee, program, today):
            row.errors.append(
                _(
                    "%(email)s already holds a current %(program)s certificate.",
                    email=trainee.email,
                    program=program.name,
                )
            )
            return
        holders[(trainee.id, program.id)] = row.line
    serial = _serial(program, issued.year, number, state)
    in_file = state.setdefault("serials_used", set())
    if (program.id, issued.year, serial) in in_file:
        row.errors.append(_("The number %(number)s clashes with another line.", number=number))
        return
    in_file.add((program.id, issued.year, serial))
    clash = db.session.scalar(
        select(Certification.id).where(
            Certification.program_id == program.id,
            Certification.issue_year == issued.year,
            Certification.serial == serial,
        )
    )
    if clash is not None:
        row.errors.append(
            _("The number %(number)s clashes with one already issued.", number=number)
        )
        return
    actor = state["actor"]

    def build() -> Certification:
        snapshot = certifications.program_snapshot(program)
        snapshot["imported"] = {"by": actor.id, "on": today.isoformat()}
        certification = Certification(
            trainee_id=trainee.id,
            program_id=program.id,
            number=number,
            issue_year=issued.year,
            serial=serial,
            verification_code=certifications.new_verification_code(),
            issued_on=issued,
            **certifications.dates_for(expires, program.renewal_window_days, program.grace_days),
            issued_by_id=None,
            status_index=status_lists.new_index(),
            program_snapshot=snapshot,
        )
        certification.state = certifications.state_on(certification, today)
        return certification

    row.build = build


CHECKS = {
    "hours": _check_hours,
    "completions": _check_completion,
    "supervision": _check_supervision,
    "certifications": _check_certification,
}


def preview(kind: str, text: str, actor: User, today: date | None = None) -> HistoryPreview:
    """Check every row of a history file; stores nothing."""
    if kind not in KINDS:
        raise ValidationError(_("Choose what the file holds."), "kind")
    today = today or local_today()
    result = HistoryPreview(kind)
    rows, problems = read_rows(kind, text)
    result.errors.extend(problems)
    look = _Lookups()
    state: dict[str, Any] = {"actor": actor}
    for line, cells in rows:
        row = HistoryRow(line, cells)
        CHECKS[kind](row, look, today, state)
        result.rows.append(row)
    return result


def import_history(kind: str, text: str, actor: User, today: date | None = None) -> HistoryResult:
    """Store every new row of the file, all or nothing; rows already present are skipped.

    Raises ValidationError (field ``file``) listing each bad row; the caller commits.
    """
    checked = preview(kind, text, actor, today)
    if not checked.ok:
        raise ValidationError(
            {
                "file": checked.errors
                + [
                    _("Line %(line)s: %(message)s", line=row.line, message=message)
                    for row in checked.bad_rows
                    for message in row.errors
                ]
            }
        )
    records = []
    savepoint = db.session.begin_nested()
    for row in checked.new_rows:
        if row.build is None:
            continue
        record = row.build()
        db.session.add(record)
        if kind == "certifications":
            db.session.flush()  # each takes a free place on the status list, seen by the next
        records.append(record)
    db.session.flush()
    savepoint.commit()
    audit.record(
        actor,
        "history.imported",
        None,
        f"imported {len(records)} {kind} rows ({len(checked.duplicates)} already present)",
        after={"kind": kind, "imported": len(records), "skipped": len(checked.duplicates)},
    )
    return HistoryResult(kind, len(records), len(checked.duplicates))
