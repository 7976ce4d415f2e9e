"""The domain model: typed SQLAlchemy 2.0 models.

Rules that belong to the data are enforced by the database itself (unique,
check and foreign-key constraints), so that no code path, present or future,
can store a row that breaks them.  Timestamps are stored as UTC and read back
as timezone-aware datetimes on every database.

History is never deleted: modules and programs are archived, users are
deactivated, and foreign keys from historical rows RESTRICT deletion.
"""

from __future__ import annotations

import enum
import secrets
from datetime import UTC, date, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A datetime stored as naive UTC and returned timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use tracker.models.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _in(column: str, values: type[enum.StrEnum]) -> str:
    quoted = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({quoted})"


class Role(enum.StrEnum):
    TRAINEE = "trainee"
    COORDINATOR = "coordinator"


class ModuleCategory(enum.StrEnum):
    ETHICS = "ethics"
    RECOVERY = "recovery"
    COMMUNICATION = "communication"
    CRISIS = "crisis"
    CULTURAL_HUMILITY = "cultural_humility"
    SELF_CARE = "self_care"
    GROUP_FACILITATION = "group_facilitation"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Activity(enum.StrEnum):
    SUPPORT_GROUP = "support_group"
    ONE_ON_ONE = "one_on_one"
    ONLINE_COMMUNITY = "online_community"
    OUTREACH = "outreach"
    TRAINING = "training"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "support_group": "Support group",
            "one_on_one": "One-on-one",
            "online_community": "Online community",
            "outreach": "Outreach and advocacy",
            "training": "Training and shadowing",
            "other": "Other",
        }[self.value]


class Setting(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "online": "Online", "phone": "Phone"}[self.value]


class HourStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class CompletionSource(enum.StrEnum):
    SELF_REPORTED = "self_reported"
    COORDINATOR = "coordinator"
    ATTENDANCE = "attendance"


class CompletionStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class CertificationState(enum.StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    LAPSED = "lapsed"
    REVOKED = "revoked"


class TokenPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105  (a purpose, not a password)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("length(email) >= 3", name="email_not_empty"),
        CheckConstraint("length(display_name) >= 1", name="display_name_not_empty"),
        CheckConstraint(_in("role", Role), name="role_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased (a check constraint guarantees it), so the unique
    # constraint makes addresses unique without regard to case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return bool(self.active)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_trainee(self) -> bool:
        return self.role == Role.TRAINEE

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    # The key of the login session this object was loaded for (not a column: set
    # at login and by the user loader).  The session cookie holds "id:key", so a
    # cookie is worth only as long as its LoginSession lives.
    login_key = None

    def get_id(self) -> str:  # Flask-Login
        return f"{self.id}:{self.login_key or ''}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class AccountToken(db.Model):
    """A one-time link to set a password (invitation or reset).

    Only a hash of the token is stored; the link itself is shown once.
    """

    __tablename__ = "account_tokens"
    __table_args__ = (CheckConstraint(_in("purpose", TokenPurpose), name="purpose_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class LoginSession(db.Model):
    """One login from one browser, until it is ended.

    Logging out ends it; a password change, a new password set from a link and
    deactivation end all of the person's; "log out of every other session" ends
    all but the current one; one idle for longer than LOGIN_IDLE_TIMEOUT counts
    as ended.  The browser's cookie holds a random key; only its SHA-256 is
    stored, so a copy of the database lets nobody into a live session.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A short description of the browser ("Firefox on Windows"), to tell sessions apart.
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (
        CheckConstraint(_in("category", ModuleCategory), name="category_valid"),
        CheckConstraint(
            "contact_minutes >= 0 AND contact_minutes <= 100000", name="contact_minutes_range"
        ),
        CheckConstraint(
            "pass_mark IS NULL OR (pass_mark >= 0 AND pass_mark <= 100)", name="pass_mark_range"
        ),
        CheckConstraint("length(code) >= 1", name="code_not_empty"),
        CheckConstraint("length(title) >= 1", name="title_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(30), index=True)
    contact_minutes: Mapped[int] = mapped_column(Integer)
    pass_mark: Mapped[int | None] = mapped_column(Integer)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def contact_hours(self) -> float:
        return self.contact_minutes / 60

    def __repr__(self) -> str:
        return f"<Module {self.code}>"


class TrainingSession(db.Model):
    """A dated delivery of a module to a cohort."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="RESTRICT"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date, index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    module: Mapped[Module] = relationship()
    attendance: Mapped[list[SessionAttendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class SessionAttendance(db.Model):
    __tablename__ = "session_attendance"
    __table_args__ = (UniqueConstraint("session_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    attended: Mapped[bool] = mapped_column(Boolean, default=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[TrainingSession] = relationship(back_populates="attendance")
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])


class ModuleCompletion(db.Model):
    __tablename__ = "module_completions"
    __table_args__ = (
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        CheckConstraint(_in("source", CompletionSource), name="source_valid"),
        CheckConstraint(_in("status", CompletionStatus), name="status_valid"),
        UniqueConstraint("trainee_id", "submission_key"),
        Index("ix_module_completions_status_created", "status", "created_at"),
        Index("ix_module_completions_trainee_module", "trainee_id", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="RESTRICT"), index=True
    )
    completed_on: Mapped[date] = mapped_column(Date)
    score: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=CompletionStatus.PENDING)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_sessions.id", ondelete="SET NULL"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    # A key carried by the form, so that a form posted twice stores once.
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    module: Mapped[Module] = relationship()
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])


class HourEntry(db.Model):
    """Volunteer or practice time logged by a trainee, in whole quarter hours."""

    __tablename__ = "hour_entries"
    __table_args__ = (
        CheckConstraint(
            "minutes > 0 AND minutes <= 1440 AND minutes % 15 = 0", name="minutes_quarter_hours"
        ),
        CheckConstraint(_in("activity", Activity), name="activity_valid"),
        CheckConstraint(_in("setting", Setting), name="setting_valid"),
        CheckConstraint(_in("status", HourStatus), name="status_valid"),
        CheckConstraint(
            "(NOT supervised) OR (supervisor_name IS NOT NULL AND length(supervisor_name) > 0)",
            name="supervisor_named",
        ),
        CheckConstraint("length(notes) <= 500", name="notes_length"),
        CheckConstraint(
            "status <> 'rejected' OR rejection_reason IS NOT NULL", name="rejection_has_reason"
        ),
        UniqueConstraint("trainee_id", "submission_key"),
        Index("ix_hour_entries_trainee_worked", "trainee_id", "worked_on"),
        Index("ix_hour_entries_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    worked_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    activity: Mapped[str] = mapped_column(String(30), index=True)
    setting: Mapped[str] = mapped_column(String(20))
    is_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    supervised: Mapped[bool] = mapped_column(Boolean, default=False)
    supervisor_name: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=HourStatus.PENDING)
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("hour_entries.id", ondelete="SET NULL")
    )
    submission_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def hours(self) -> float:
        return self.minutes / 60


class Program(db.Model):
    """A certification program and its rules: all of them data, none constant."""

    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint("validity_months > 0 AND validity_months <= 240", name="validity_range"),
        CheckConstraint("renewal_window_days >= 0", name="renewal_window_nonnegative"),
        CheckConstraint("grace_days >= 0", name="grace_nonnegative"),
        CheckConstraint("renewal_ce_minutes >= 0", name="renewal_ce_nonnegative"),
        CheckConstraint("renewal_category_minutes >= 0", name="renewal_category_nonnegative"),
        CheckConstraint(
            "renewal_category IS NULL OR " + _in("renewal_category", ModuleCategory),
            name="renewal_category_valid",
        ),
        CheckConstraint("length(code) >= 2 AND code = upper(code)", name="code_upper"),
        CheckConstraint("length(name) >= 1", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The prefix of certification numbers, e.g. PSS in PSS-2026-00042.
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    requires_ethics: Mapped[bool] = mapped_column(Boolean, default=True)
    validity_months: Mapped[int] = mapped_column(Integer, default=24)
    # A certification is "expiring" this many days before its expiry date.
    renewal_window_days: Mapped[int] = mapped_column(Integer, default=60)
    renewal_ce_minutes: Mapped[int] = mapped_column(Integer, default=0)
    renewal_category: Mapped[str | None] = mapped_column(String(30))
    renewal_category_minutes: Mapped[int] = mapped_column(Integer, default=0)
    grace_days: Mapped[int] = mapped_column(Integer, default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    required_modules: Mapped[list[Module]] = relationship(
        secondary="program_modules", order_by="Module.code"
    )
    hour_rules: Mapped[list[HourRule]] = relationship(
        back_populates="program", cascade="all, delete-orphan", order_by="HourRule.position"
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ProgramModule(db.Model):
    __tablename__ = "program_modules"

    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="RESTRICT"), primary_key=True, index=True
    )


class HourRule(db.Model):
    """A minimum of approved hours, optionally limited by activity, supervision and window."""

    __tablename__ = "hour_rules"
    __table_args__ = (
        CheckConstraint("min_minutes > 0", name="min_minutes_positive"),
        CheckConstraint(
            "window_months IS NULL OR (window_months > 0 AND window_months <= 240)",
            name="window_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(200), default="")
    min_minutes: Mapped[int] = mapped_column(Integer)
    supervised_only: Mapped[bool] = mapped_column(Boolean, default=False)
    window_months: Mapped[int | None] = mapped_column(Integer)
    # Activity values this rule counts; an empty list counts every activity.
    activities: Mapped[list[str]] = mapped_column(JSON, default=list)

    program: Mapped[Program] = relationship(back_populates="hour_rules")


class EthicsVersion(db.Model):
    __tablename__ = "ethics_versions"
    __table_args__ = (CheckConstraint("version > 0", name="version_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class EthicsAcknowledgement(db.Model):
    __tablename__ = "ethics_acknowledgements"
    __table_args__ = (UniqueConstraint("user_id", "ethics_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    ethics_version_id: Mapped[int] = mapped_column(
        ForeignKey("ethics_versions.id", ondelete="RESTRICT"), index=True
    )
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    version: Mapped[EthicsVersion] = relationship()


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("trainee_id", "program_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="RESTRICT"), index=True
    )
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    program: Mapped[Program] = relationship()

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


class Certification(db.Model):
    """An issued credential.  Its program's rules are copied at issue time,
    so that editing the program never alters a certification already issued."""

    __tablename__ = "certifications"
    __table_args__ = (
        CheckConstraint(_in("state", CertificationState), name="state_valid"),
        CheckConstraint("expires_on > issued_on", name="expires_after_issue"),
        CheckConstraint(
            "state <> 'revoked' OR (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL)",
            name="revocation_recorded",
        ),
        CheckConstraint("serial > 0", name="serial_positive"),
        UniqueConstraint("program_id", "issue_year", "serial"),
        Index("ix_certifications_state_expires", "state", "expires_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    program_id: Mapped[int] = mapped_column(
        ForeignKey("programs.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[str] = mapped_column(String(40), unique=True)
    issue_year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    # Stored without dashes, upper case; shown grouped (e.g. ABCD-EFGH-...).
    verification_code: Mapped[str] = mapped_column(String(32), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default=CertificationState.ACTIVE)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revocation_reason: Mapped[str | None] = mapped_column(String(500))
    override_reason: Mapped[str | None] = mapped_column(Text)
    # Position of this credential in the published revocation status list.
    status_index: Mapped[int | None] = mapped_column(Integer, unique=True)
    # Salt for the hashed holder identifier in signed credentials.
    subject_salt: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    program_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    program: Mapped[Program] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    renewals: Mapped[list[CertificationRenewal]] = relationship(
        back_populates="certification", order_by="CertificationRenewal.renewed_at"
    )


class CertificationRenewal(db.Model):
    """One renewal: a new cycle.  The previous cycle's dates stay here."""

    __tablename__ = "certification_renewals"
    __table_args__ = (
        CheckConstraint("new_expires_on > previous_expires_on", name="extends_expiry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certification_id: Mapped[int] = mapped_column(
        ForeignKey("certifications.id", ondelete="RESTRICT"), index=True
    )
    previous_expires_on: Mapped[date] = mapped_column(Date)
    new_expires_on: Mapped[date] = mapped_column(Date)
    renewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    renewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    override_reason: Mapped[str | None] = mapped_column(Text)

    certification: Mapped[Certification] = relationship(back_populates="renewals")


class AuditEvent(db.Model):
    """Who did what to which record, when.  Written by services, never edited."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()
