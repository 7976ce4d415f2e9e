"""Accounts: passwords, invitations, activation and roles."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select, update

from tracker.extensions import db
from tracker.models import AccountToken, Role, TokenPurpose, User, utcnow
from tracker.services import audit, logins, mail
from tracker.services.db_helpers import contains_pattern, person_matches
from tracker.services.errors import ServiceError, ValidationError
from tracker.transactions import read_step

_FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
_HASHER = PasswordHasher()
# Verified against when the email is unknown, so that a miss costs as much as a hit.
_DUMMY_HASH: dict[bool, str] = {}


def _hasher() -> PasswordHasher:
    return _FAST_HASHER if current_app.config.get("PASSWORD_HASH_FAST") else _HASHER


def normalize_email(email: str) -> str:
    # Control characters go (PostgreSQL refuses NUL in a parameter: a 500 at login).
    return clean_text(unicodedata.normalize("NFKC", email or "")).lower()


def clean_text(value: str | None) -> str:
    """Strip control and bidirectional-override characters and surrounding space.

    Line breaks and tabs are kept; everything in Unicode category Cc (other than
    those) and Cf (format: right-to-left overrides, zero-width joiners...) goes.
    """
    if not value:
        return ""
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if char in "\n\t":
            kept.append(char)
        elif category in {"Cc", "Cf", "Cs", "Co"}:
            continue
        else:
            kept.append(char)
    return "".join(kept).replace("\r", "").strip()


def password_problems(password: str) -> list[str]:
    config = current_app.config
    problems = []
    if len(password) < config["PASSWORD_MIN_LENGTH"]:
        problems.append(
            _("Use at least %(count)s characters.", count=config["PASSWORD_MIN_LENGTH"])
        )
    if len(password) > config["PASSWORD_MAX_LENGTH"]:
        problems.append(_("Use at most %(count)s characters.", count=config["PASSWORD_MAX_LENGTH"]))
    if password and not password.strip():
        problems.append(_("The password cannot be only spaces."))
    return problems


def hash_password(password: str) -> str:
    problems = password_problems(password)
    if problems:
        raise ValidationError({"password": problems})
    return _hasher().hash(password)


def _verify(stored_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash: slow by design, so never inside a write."""
    hasher = _hasher()
    if stored_hash is None:
        _burn_time(hasher)
        return False
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(user: User, password: str) -> bool:
    """Check ``user``'s password (for commands); a hash made with old settings is renewed."""
    if not _verify(user.password_hash, password):
        return False
    if _hasher().check_needs_rehash(user.password_hash or ""):
        user.password_hash = _hasher().hash(password)
    return True


def _burn_time(hasher: PasswordHasher) -> None:
    fast = hasher is _FAST_HASHER
    if fast not in _DUMMY_HASH:
        _DUMMY_HASH[fast] = hasher.hash(secrets.token_hex(16))
    with contextlib.suppress(VerificationError):
        hasher.verify(_DUMMY_HASH[fast], "not the password")


def get_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


@dataclass
class LoginResult:
    user: User | None
    error: str | None


WRONG_LOGIN = _l("The email or password is not right.")
DEACTIVATED = _l("This account has been deactivated. Ask a coordinator.")


def authenticate(email: str, password: str) -> LoginResult:
    """Check an email and password.  The error never tells which of the two was wrong.

    The account is read without the write lock and the password checked with no
    transaction open (an unknown email costs the same check); only a right
    password opens a write, which records the login and nothing else.
    """
    with read_step():
        user = get_by_email(email)
        found = (user.id, user.password_hash, user.active) if user is not None else None
    if found is None:
        _burn_time(_hasher())
        return LoginResult(None, WRONG_LOGIN)
    user_id, stored_hash, active = found
    if not _verify(stored_hash, password):
        return LoginResult(None, WRONG_LOGIN)
    if not active:
        return LoginResult(None, DEACTIVATED)
    renewed = _hasher().hash(password) if _hasher().check_needs_rehash(stored_hash or "") else None

    # The write: short, and only if the account is still as it was read.
    user = db.session.get(User, user_id)
    if user is None or user.password_hash != stored_hash:
        return LoginResult(None, WRONG_LOGIN)  # the password was changed meanwhile
    if not user.active:
        return LoginResult(None, DEACTIVATED)
    user.last_login_at = utcnow()
    if renewed is not None:
        user.password_hash = renewed
    return LoginResult(user, None)


def _validate_identity(email: str, display_name: str) -> tuple[str, str]:
    email = normalize_email(email)
    name = clean_text(display_name)
    errors: dict[str, list[str]] = {}
    if "@" not in email or len(email) < 3 or len(email) > 254:
        errors["email"] = [_("Enter a valid email address.")]
    elif get_by_email(email) is not None:
        errors["email"] = [_("An account with this email already exists.")]
    if not name:
        errors["display_name"] = [_("Enter a name.")]
    elif len(name) > 120:
        errors["display_name"] = [_("Use at most 120 characters.")]
    if errors:
        raise ValidationError(errors)
    return email, name


def create_user(
    email: str,
    display_name: str,
    role: str = Role.TRAINEE,
    password: str | None = None,
    actor: User | None = None,
) -> User:
    if role not in set(Role):
        raise ValidationError(_("Choose a role."), "role")
    # Hashed before the first query, so a caller that opens no transaction before
    # this call holds no write lock while Argon2 works.
    password_hash = hash_password(password) if password is not None else None
    email, name = _validate_identity(email, display_name)
    user = User(email=email, display_name=name, role=role, active=True)
    user.password_hash = password_hash
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "account.created", user, f"{role} account {email}", after={"role": role})
    return user


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(
    user: User,
    purpose: str,
    actor: User | None,
    now: datetime | None = None,
    valid_for: timedelta | None = None,
) -> str:
    """Make a one-time link token; returns the raw token (only its hash is stored)."""
    now = now or utcnow()
    raw = secrets.token_urlsafe(32)
    valid_for = valid_for or timedelta(days=current_app.config["INVITATION_VALID_DAYS"])
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=_token_hash(raw),
            created_by_id=actor.id if actor else None,
            created_at=now,
            expires_at=now + valid_for,
        )
    )
    return raw


def invite(email: str, display_name: str, role: str, actor: User) -> tuple[User, str]:
    """Create an account without a password and a 7-day link to set one."""
    user = create_user(email, display_name, role, actor=actor)
    raw = issue_token(user, TokenPurpose.INVITATION, actor)
    mail.queue_invitation(user, mail.public_link("auth.accept_invitation", token=raw))
    audit.record(actor, "account.invited", user, f"invited {user.email} as {role}")
    return user, raw


def reinvite(user: User, actor: User) -> str:
    if user.has_password:
        raise ServiceError(_("This person has already set a password."))
    if not user.active:
        raise ServiceError(_("This account is deactivated; reactivate it first."))
    raw = issue_token(user, TokenPurpose.INVITATION, actor)
    mail.queue_invitation(user, mail.public_link("auth.accept_invitation", token=raw))
    audit.record(actor, "account.reinvited", user, f"new invitation link for {user.email}")
    return raw


RESET_VALID_FOR = timedelta(hours=1)
# A second request this soon after the first (a double click) mails nothing more.
RESET_REPEAT_WINDOW = timedelta(minutes=1)


def request_password_reset(email: str, now: datetime | None = None) -> bool:
    """Queue a one-use link, valid for an hour, to choose a new password.

    Whether or not an account has this address, the caller answers the same; the
    return value (a link was queued) is for tests and the audit log only.  A
    deactivated account gets no link.
    """
    now = now or utcnow()
    user = get_by_email(email)
    if user is None or not user.active:
        return False
    recent = db.session.scalar(
        select(AccountToken.id).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == TokenPurpose.PASSWORD_RESET,
            AccountToken.used_at.is_(None),
            AccountToken.created_at > now - RESET_REPEAT_WINDOW,
        )
    )
    if recent is not None:
        return False  # a double click: the link just mailed stands
    raw = issue_token(user, TokenPurpose.PASSWORD_RESET, None, now, valid_for=RESET_VALID_FOR)
    mail.queue_password_reset(
        user,
        mail.public_link("auth.reset_password", token=raw),
        int(RESET_VALID_FOR.total_seconds() // 60),
    )
    audit.record(None, "account.password_reset_requested", user, "password reset link mailed")
    return True


class TokenProblem(ServiceError):
    """The link is unknown, expired or already used; ``kind`` says which."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def find_token(raw: str, now: datetime | None = None) -> AccountToken:
    now = now or utcnow()
    token = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == _token_hash(raw))
    )
    if token is None:
        raise TokenProblem("unknown", _("This link is not valid. Ask a coordinator for a new one."))
    if token.used_at is not None:
        raise TokenProblem(
            "used", _("This link has already been used. Log in, or ask for a new link.")
        )
    if token.expires_at <= now:
        raise TokenProblem("expired", _("This link has expired. Ask a coordinator for a new one."))
    if not token.user.active:
        raise TokenProblem("inactive", _("This account is deactivated. Ask a coordinator."))
    return token


def set_password_with_token(raw: str, password: str, now: datetime | None = None) -> User:
    """Use a one-time link.  Two uses at once: one wins, the other is told it was used.

    The link is checked and the password hashed before the write begins; the
    write then claims the link only if it is still unused.
    """
    now = now or utcnow()
    with read_step():
        token = find_token(raw, now)
        token_id, user_id, purpose = token.id, token.user_id, token.purpose
    new_hash = hash_password(password)
    claimed = db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == token_id, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise TokenProblem(
            "used", _("This link has already been used. Log in, or ask for a new link.")
        )
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise TokenProblem("inactive", _("This account is deactivated. Ask a coordinator."))
    # The account's other open links (an earlier invitation, say) die with this one:
    # an old email must not let anyone set the password again.
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user_id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    user.password_hash = new_hash
    # Whoever was logged in as this person (before a reset, say) is logged out.
    logins.end_all(user, now=now)
    if purpose == TokenPurpose.PASSWORD_RESET:
        mail.queue_password_changed(user)
    audit.record(user, f"account.{purpose}_accepted", user, "password set from a link")
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Check the current password and set the new one; every session of ``user`` ends.

    Both Argon2 steps run with no transaction open; the caller logs this browser
    in again.
    """
    with read_step():
        stored_hash = user.password_hash
    if not _verify(stored_hash, current):
        raise ValidationError(_("Your current password is not right."), "current_password")
    if current == new:
        raise ValidationError(
            _("Choose a password different from the current one."), "new_password"
        )
    problems = password_problems(new)
    if problems:
        raise ValidationError({"new_password": problems})
    new_hash = hash_password(new)
    if user.password_hash != stored_hash:
        # Changed in another browser while this one was checking: that change stands.
        raise ValidationError(_("Your current password is not right."), "current_password")
    user.password_hash = new_hash
    logins.end_all(user)
    mail.queue_password_changed(user)
    audit.record(user, "account.password_changed", user, "password changed")


def active_coordinator_count() -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.role == Role.COORDINATOR, User.active.is_(True))
        )
        or 0
    )


def set_active(actor: User, target: User, active: bool) -> None:
    """Deactivate or reactivate an account.  The last active coordinator stays active."""
    if target.active == active:
        return
    if actor.id == target.id:
        raise ServiceError(_("You cannot change your own account's status."))
    if not active and target.is_coordinator:
        # Lock the coordinators' rows where the database can (PostgreSQL), so two
        # coordinators deactivating each other at once cannot both succeed.
        db.session.execute(
            select(User.id)
            .where(User.role == Role.COORDINATOR, User.active.is_(True))
            .with_for_update()
        ).all()
        if active_coordinator_count() <= 1:
            raise ServiceError(_("The last active coordinator cannot be deactivated."))
    before = {"active": target.active}
    target.active = active
    target.deactivated_at = None if active else utcnow()
    logins.end_all(target)
    action = "account.reactivated" if active else "account.deactivated"
    audit.record(
        actor, action, target, f"{action.split('.')[1]} {target.email}", before, {"active": active}
    )


def search_users(q: str = "", role: str = "", status: str = "") -> Select[tuple[User]]:
    """Accounts matching a search, for the coordinator's list (newest last-name order)."""
    query = select(User)
    if q:
        # The search words are matched literally: LIKE's wildcards in them are escaped.
        query = query.where(person_matches(contains_pattern(q)))
    if role in set(Role):
        query = query.where(User.role == role)
    if status == "active":
        query = query.where(User.active.is_(True))
    elif status == "inactive":
        query = query.where(User.active.is_(False))
    elif status == "invited":
        query = query.where(User.password_hash.is_(None))
    return query.order_by(func.lower(User.display_name), User.id)


def set_language(user: User, language: str | None) -> None:
    """Keep the language ``user`` reads pages, mail and certificates in (a code of
    LANGUAGES), or None to follow their browser."""
    offered = current_app.config["LANGUAGES"]
    if language is not None and language not in offered:
        raise ValidationError({"language": [_("Choose one of the languages offered.")]})
    user.language = language
