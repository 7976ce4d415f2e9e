"""Login sessions: one record per login, so that ending a session ends it everywhere.

A browser's session cookie is signed, not stored: clearing it at logout leaves
any copy of it (a saved cookie, a stolen one) as good as before.  So each login
gets a ``LoginSession`` row and the cookie names it by a random key; a cookie
whose row has ended is treated as anonymous.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from tracker.extensions import db
from tracker.models import LoginSession, User, utcnow
from tracker.services import audit

# last_seen_at is written at most this often per session: a page view writes nothing else.
TOUCH_INTERVAL = timedelta(minutes=5)
LABEL_LENGTH = 120


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _idle_limit() -> timedelta:
    return current_app.config["LOGIN_IDLE_TIMEOUT"]


# Most specific first: Edge and Opera say "Chrome" too, Chrome says "Safari" too.
_BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
]


def device_label(user_agent: str | None) -> str:
    """A short name for the browser a login came from, e.g. "Firefox on Windows"."""
    agent = "".join(c for c in (user_agent or "") if c.isprintable()).strip()
    browser = next((name for marker, name in _BROWSERS if marker in agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in agent), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or system or ""
    # Something else (a script, a rare browser): the start of what it calls itself.
    return re.sub(r"\s+", " ", agent)[:LABEL_LENGTH]


def start(user: User, user_agent: str | None = None, now: datetime | None = None) -> str:
    """Record a new login of ``user``; returns the key the browser keeps.

    Also sets ``user.login_key``, so that ``user.get_id()`` names this session.
    """
    now = now or utcnow()
    key = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            user_id=user.id,
            key_hash=_digest(key),
            label=device_label(user_agent),
            created_at=now,
            last_seen_at=now,
        )
    )
    db.session.flush()
    user.login_key = key
    return key


@dataclass
class Found:
    user: User
    login: LoginSession
    # The session's last_seen_at is old enough to be written again.
    due_for_touch: bool


def find(cookie_id: str, now: datetime | None = None) -> Found | None:
    """The live login named by a session cookie's ``"user id:key"``, or None.

    None when the key is unknown, its session has ended or been idle too long,
    the id is not the session's user, or the account is deactivated.
    """
    ident, _, key = cookie_id.partition(":")
    if not key or len(key) > 100:
        return None
    row = db.session.execute(
        select(LoginSession, User)
        .join(User, User.id == LoginSession.user_id)
        .where(LoginSession.key_hash == _digest(key), LoginSession.ended_at.is_(None))
    ).first()
    if row is None:
        return None
    login, user = row
    now = now or utcnow()
    idle = now - login.last_seen_at
    if str(user.id) != ident or not user.active or idle > _idle_limit():
        return None
    user.login_key = key
    return Found(user, login, due_for_touch=idle >= TOUCH_INTERVAL)


def touch(login_id: int, now: datetime | None = None) -> None:
    """Note that the session was used now (the caller decides when, and commits)."""
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.id == login_id)
        .values(last_seen_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


def end(key: str | None, now: datetime | None = None) -> None:
    """End the session with this key (logging out); nothing when there is none."""
    if not key:
        return
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.key_hash == _digest(key), LoginSession.ended_at.is_(None))
        .values(ended_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


def end_all(user: User, keep_key: str | None = None, now: datetime | None = None) -> int:
    """End every session of ``user`` (but the one with ``keep_key``); returns how many."""
    query = update(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
    )
    if keep_key:
        query = query.where(LoginSession.key_hash != _digest(keep_key))
    result = db.session.execute(
        query.values(ended_at=now or utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def end_others(user: User, now: datetime | None = None) -> int:
    """Log out of every other session: all but the one ``user`` is using now.  Audited."""
    ended = end_all(user, keep_key=user.login_key, now=now)
    audit.record(user, "account.sessions_ended", user, "logged out of every other session")
    return ended


@dataclass
class LiveSession:
    label: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def live_sessions(user: User, now: datetime | None = None) -> list[LiveSession]:
    """The person's sessions that still work, the current one first, then by last use."""
    now = now or utcnow()
    rows = db.session.scalars(
        select(LoginSession)
        .where(
            LoginSession.user_id == user.id,
            LoginSession.ended_at.is_(None),
            LoginSession.last_seen_at >= now - _idle_limit(),
        )
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
    ).all()
    current = _digest(user.login_key) if user.login_key else None
    sessions = [
        LiveSession(row.label, row.created_at, row.last_seen_at, row.key_hash == current)
        for row in rows
    ]
    return sorted(sessions, key=lambda s: not s.current)
