"""Personal access tokens for the JSON API.

A token is a random string shown once, when it is made; only its SHA-256 is
stored, so a copy of the database holds nothing that opens the API.  A token
belongs to one person, may expire on a chosen day, and can be revoked; an
inactive account's tokens open nothing.  ``last_used_at`` is written at most
once a minute per token, so a busy script costs one small write a minute.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from tracker.extensions import db
from tracker.models import ApiToken, User, utcnow
from tracker.services import audit
from tracker.services.errors import NotFoundError, ValidationError

# Every token starts with this, so a leaked one is recognised (secret scanners, logs).
PREFIX = "ptt_"
NAME_LENGTH = 120
MAX_EXPIRY_DAYS = 3650
TOUCH_INTERVAL = timedelta(minutes=1)


def digest(raw: str) -> str:
    """The stored form of a token (and its rate-limit key): SHA-256, hex."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    # The token itself: shown once, never stored.
    raw: str


def create(
    user: User,
    name: str,
    expires_days: int | None = None,
    now: datetime | None = None,
) -> NewToken:
    """A new token for ``user``, named ``name``, expiring after ``expires_days`` days
    (None: never).  The caller commits."""
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name, such as the tool that will use it.")]
    elif len(name) > NAME_LENGTH:
        errors["name"] = [_("Use at most %(count)s characters.", count=NAME_LENGTH)]
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        errors["expires_days"] = [
            _("Choose between 1 and %(count)s days, or no expiry.", count=MAX_EXPIRY_DAYS)
        ]
    if not user.active:
        errors["user"] = [_("This account is deactivated.")]
    if errors:
        raise ValidationError(errors)
    now = now or utcnow()
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=digest(raw),
        created_at=now,
        expires_at=now + timedelta(days=expires_days) if expires_days else None,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(user, "api_token.created", token, f"API token {name!r} created")
    return NewToken(token, raw)


@dataclass(frozen=True)
class Authenticated:
    user: User
    token: ApiToken
    # last_used_at is old enough to be written again.
    due_for_touch: bool


def authenticate(raw: str, now: datetime | None = None) -> Authenticated | None:
    """The live token ``raw`` names and its user, or None (unknown, revoked, expired,
    or the account is deactivated)."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    row = db.session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest(raw))
    ).first()
    if row is None:
        return None
    token, user = row
    now = now or utcnow()
    if not is_live(token, now) or not user.active:
        return None
    due = token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL
    return Authenticated(user, token, due_for_touch=due)


def is_live(token: ApiToken, now: datetime | None = None) -> bool:
    now = now or utcnow()
    if token.revoked_at is not None:
        return False
    return token.expires_at is None or token.expires_at > now


def touch(token_id: int, now: datetime | None = None) -> None:
    """Note that the token was used now (the caller decides when, and commits)."""
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id)
        .values(last_used_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens that still open the API or were revoked or expired, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke(user: User, token_id: int, now: datetime | None = None) -> bool:
    """Revoke one of the user's own tokens.  False when it was revoked already;
    NotFoundError when the user has no such token.  The caller commits."""
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    if token is None:
        raise NotFoundError(_("This token does not exist."))
    if token.revoked_at is not None:
        return False
    changed = db.session.execute(
        update(ApiToken)
        .where(ApiToken.id == token.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        return False
    db.session.refresh(token)
    audit.record(user, "api_token.revoked", token, f"API token {token.name!r} revoked")
    return True
