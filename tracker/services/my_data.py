"""Everything the tracker holds about one person, for them to download.

The same sections feed both formats: JSON (one object, a list per section)
and CSV (one file, each section a titled table, cells neutralised against
spreadsheet formulas by :mod:`tracker.services.csv_safe`).  Secrets are never
exported: no password hash, session or token values.  Rows are read in
batches, so a long history streams rather than sitting in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    Certification,
    CertificationRenewal,
    Enrolment,
    EthicsAcknowledgement,
    EthicsVersion,
    HourEntry,
    Module,
    ModuleCompletion,
    Program,
    SessionAttendance,
    TrainingSession,
    User,
    utcnow,
)
from tracker.services.certifications import format_code, state_on
from tracker.services.csv_safe import BOM, csv_line, csv_rows
from tracker.services.dates import local_today

BATCH = 500


@dataclass(frozen=True)
class Section:
    key: str  # the JSON key
    title: str  # the CSV section title
    header: list[str]
    rows: Callable[[], Iterable[tuple[Any, ...]]]


def _stream(query: Any) -> Iterator[Any]:
    return iter(db.session.execute(query.execution_options(yield_per=BATCH)))


def sections(user: User) -> list[Section]:
    uid = user.id

    def account() -> Iterable[tuple[Any, ...]]:
        yield (
            user.id,
            user.email,
            user.display_name,
            user.role,
            user.active,
            user.created_at,
            user.last_login_at,
        )

    def enrolments() -> Iterator[tuple[Any, ...]]:
        yield from _stream(
            select(Program.code, Program.name, Enrolment.enrolled_at, Enrolment.withdrawn_at)
            .join(Program, Program.id == Enrolment.program_id)
            .where(Enrolment.trainee_id == uid)
            .order_by(Enrolment.enrolled_at, Enrolment.id)
        )

    def hour_entries() -> Iterator[tuple[Any, ...]]:
        for row in _stream(
            select(
                HourEntry.id,
                HourEntry.worked_on,
                HourEntry.minutes,
                HourEntry.activity,
                HourEntry.setting,
                HourEntry.is_paid,
                HourEntry.supervised,
                HourEntry.supervisor_name,
                HourEntry.notes,
                HourEntry.status,
                HourEntry.rejection_reason,
                HourEntry.decided_at,
                HourEntry.corrects_id,
                HourEntry.created_at,
                HourEntry.updated_at,
            )
            .where(HourEntry.trainee_id == uid)
            .order_by(HourEntry.worked_on, HourEntry.id)
        ):
            values = list(row)
            values[2] = values[2] / 60  # minutes -> hours
            yield tuple(values)

    def completions() -> Iterator[tuple[Any, ...]]:
        yield from _stream(
            select(
                ModuleCompletion.id,
                Module.code,
                Module.title,
                ModuleCompletion.completed_on,
                ModuleCompletion.score,
                ModuleCompletion.source,
                ModuleCompletion.status,
                ModuleCompletion.rejection_reason,
                ModuleCompletion.decided_at,
                ModuleCompletion.created_at,
            )
            .join(Module, Module.id == ModuleCompletion.module_id)
            .where(ModuleCompletion.trainee_id == uid)
            .order_by(ModuleCompletion.completed_on, ModuleCompletion.id)
        )

    def attendance() -> Iterator[tuple[Any, ...]]:
        yield from _stream(
            select(TrainingSession.held_on, Module.code, Module.title, SessionAttendance.attended)
            .join(TrainingSession, TrainingSession.id == SessionAttendance.session_id)
            .join(Module, Module.id == TrainingSession.module_id)
            .where(SessionAttendance.trainee_id == uid)
            .order_by(TrainingSession.held_on, SessionAttendance.id)
        )

    def acknowledgements() -> Iterator[tuple[Any, ...]]:
        yield from _stream(
            select(
                EthicsVersion.version, EthicsVersion.title, EthicsAcknowledgement.acknowledged_at
            )
            .join(EthicsVersion, EthicsVersion.id == EthicsAcknowledgement.ethics_version_id)
            .where(EthicsAcknowledgement.user_id == uid)
            .order_by(EthicsVersion.version)
        )

    def certifications() -> Iterator[tuple[Any, ...]]:
        today = local_today()
        for certification in db.session.scalars(
            select(Certification)
            .where(Certification.trainee_id == uid)
            .order_by(Certification.issued_on, Certification.id)
        ):
            yield (
                certification.number,
                certification.program.name,
                certification.issued_on,
                certification.expires_on,
                state_on(certification, today).value,
                format_code(certification.verification_code),
                certification.revoked_at,
                certification.revocation_reason,
            )

    def renewals() -> Iterator[tuple[Any, ...]]:
        yield from _stream(
            select(
                Certification.number,
                CertificationRenewal.renewed_at,
                CertificationRenewal.previous_expires_on,
                CertificationRenewal.new_expires_on,
            )
            .join(Certification, Certification.id == CertificationRenewal.certification_id)
            .where(Certification.trainee_id == uid)
            .order_by(CertificationRenewal.renewed_at, CertificationRenewal.id)
        )

    def activity_log() -> Iterator[tuple[Any, ...]]:
        yield from _stream(
            select(
                AuditEvent.occurred_at,
                AuditEvent.action,
                AuditEvent.entity_type,
                AuditEvent.entity_id,
                AuditEvent.summary,
            )
            .where(
                or_(
                    AuditEvent.actor_id == uid,
                    (AuditEvent.entity_type == "users") & (AuditEvent.entity_id == uid),
                )
            )
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )

    return [
        Section(
            "account",
            _("Account"),
            ["id", "email", "name", "role", "active", "created_at", "last_login_at"],
            account,
        ),
        Section(
            "enrolments",
            _("Program enrolments"),
            ["program_code", "program", "enrolled_at", "withdrawn_at"],
            enrolments,
        ),
        Section(
            "hour_entries",
            _("Hour entries"),
            [
                "id",
                "date",
                "hours",
                "activity",
                "setting",
                "paid",
                "supervised",
                "supervisor_name",
                "notes",
                "status",
                "rejection_reason",
                "decided_at",
                "corrects_entry_id",
                "created_at",
                "updated_at",
            ],
            hour_entries,
        ),
        Section(
            "module_completions",
            _("Training modules"),
            [
                "id",
                "module_code",
                "module",
                "completed_on",
                "score",
                "recorded_as",
                "status",
                "rejection_reason",
                "decided_at",
                "created_at",
            ],
            completions,
        ),
        Section(
            "session_attendance",
            _("Training sessions attended"),
            ["held_on", "module_code", "module", "attended"],
            attendance,
        ),
        Section(
            "ethics_acknowledgements",
            _("Code of ethics acknowledgements"),
            ["version", "title", "acknowledged_at"],
            acknowledgements,
        ),
        Section(
            "certifications",
            _("Certifications"),
            [
                "number",
                "program",
                "issued_on",
                "expires_on",
                "state",
                "verification_code",
                "revoked_at",
                "revocation_reason",
            ],
            certifications,
        ),
        Section(
            "certification_renewals",
            _("Certification renewals"),
            ["number", "renewed_at", "previous_expires_on", "new_expires_on"],
            renewals,
        ),
        Section(
            "activity_log",
            _("Actions you took in the tracker"),
            ["occurred_at", "action", "record_type", "record_id", "summary"],
            activity_log,
        ),
    ]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value, str):  # str enums
        return str(value.value)
    return value


def export_json(user: User) -> dict[str, Any]:
    """Everything about ``user`` as one JSON-ready object."""
    data: dict[str, Any] = {
        "exported_at": utcnow().isoformat(),
        "format": "peer-tracker personal data export, version 1",
    }
    for section in sections(user):
        rows = [
            {name: _json_value(value) for name, value in zip(section.header, row, strict=True)}
            for row in section.rows()
        ]
        data[section.key] = rows[0] if section.key == "account" else rows
    return data


def export_csv(user: User) -> Iterator[bytes]:
    """Everything about ``user`` as one CSV file: a titled table per section."""
    yield BOM.encode("utf-8")
    for index, section in enumerate(sections(user)):
        if index:
            yield b"\r\n"
        yield csv_line([section.title]).encode("utf-8")
        yield from csv_rows(section.header, section.rows(), bom=False)
