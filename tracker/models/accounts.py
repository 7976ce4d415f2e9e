"""People and their credentials: accounts, one-time links, API tokens."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import UTCDateTime, in_values, utcnow


class Role(enum.StrEnum):
    TRAINEE = "trainee"
    SUPERVISOR = "supervisor"
    COORDINATOR = "coordinator"


class TokenPurpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # noqa: S105  (a purpose, not a password)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("length(email) >= 3", name="email_not_empty"),
        CheckConstraint("length(display_name) >= 1", name="display_name_not_empty"),
        CheckConstraint(in_values("role", Role), name="role_valid"),
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
    # The language the person chose for pages, mail and certificates (a code of
    # LANGUAGES); None follows their browser.
    language: Mapped[str | None] = mapped_column(String(16))

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
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

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
    __table_args__ = (CheckConstraint(in_values("purpose", TokenPurpose), name="purpose_valid"),)

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
    # None: the token never expires (until revoked).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class IdempotencyRecord(db.Model):
    """The answer to a create sent with an ``Idempotency-Key`` header.

    A retry with the same key and the same request gets the stored answer and
    stores nothing new; the same key with another request is refused.  Keys are
    per user: two people's keys never meet.
    """

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    # SHA-256 of the method, the path and the body, as sent.
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class SupervisorAssignment(db.Model):
    """A trainee assigned to a supervisor by a coordinator.

    The supervisor sees that trainee's progress and signs off their supervised
    hours and supervision sessions; a trainee may have several supervisors.
    """

    __tablename__ = "supervisor_assignments"

    supervisor_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id])
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
