"""Database idioms shared by the services.

* Inserting a row that a unique constraint may refuse: inside a savepoint, so
  that a refusal rolls back that row alone and the rest of the transaction
  stands.  :func:`insert_or_find` is for a form posted twice (the row stored
  first is returned instead, see :func:`find_submitted`);
  :func:`insert_with_retries` is for a number allocated from the highest one
  so far (a clash is retried with a new row).
* Archiving a module or a program (they are never deleted), audited.
* Select fragments written once: a literal ``LIKE`` search for typed words,
  a person matched by name or e-mail, and "currently enrolled in a program".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import Enrolment, User, utcnow
from tracker.services import audit

T = TypeVar("T")

# --- ids typed or posted ---------------------------------------------------------------------

MAX_ID = 2**31 - 1  # the largest id every supported database's integer column holds


def parse_id(value: Any) -> int | None:
    """A posted or typed record id, or None when it cannot be one.

    Out-of-range numbers are None too: PostgreSQL refuses a parameter larger than
    its integer type (an error, not an empty result), and no row has such an id.
    """
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


# --- inserting inside a savepoint -----------------------------------------------------------


def insert_in_savepoint(row: object) -> None:
    """Add ``row`` and flush it in a savepoint.

    Raises :class:`IntegrityError` when a constraint refuses it, after rolling
    back the savepoint (the row is gone; the transaction goes on).
    """
    savepoint = db.session.begin_nested()
    db.session.add(row)
    try:
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        raise


def insert_or_find(row: T, find: Callable[[], T | None]) -> tuple[T, bool]:
    """Insert ``row``; when a constraint refuses it, return what ``find`` gives instead.

    Returns ``(row, True)`` when stored, ``(earlier, False)`` when an earlier row
    stood in its way.  When ``find`` finds nothing the IntegrityError is raised.
    """
    try:
        insert_in_savepoint(row)
    except IntegrityError:
        earlier = find()
        if earlier is None:
            raise
        return earlier, False
    return row, True


def find_submitted(model: type[T], trainee: User, key: str | None) -> T | None:
    """The trainee's ``model`` row stored with this submission key (the form posted before)."""
    if not key:
        return None
    return db.session.scalar(
        select(model).where(
            model.trainee_id == trainee.id,  # type: ignore[attr-defined]
            model.submission_key == key,  # type: ignore[attr-defined]
        )
    )


def insert_with_retries(build: Callable[[], T], attempts: int) -> T | None:
    """Insert the row ``build`` makes, building a new one after each refusal.

    Returns the stored row, or None when every attempt was refused.
    """
    for _attempt in range(attempts):
        row = build()
        try:
            insert_in_savepoint(row)
        except IntegrityError:
            continue
        return row
    return None


# --- archiving ------------------------------------------------------------------------------


def set_archived(record: Any, actor: User, kind: str, archived: bool) -> bool:
    """Archive (or restore) a module or a program; False when it already was.

    Audited as ``<kind>.archived`` or ``<kind>.restored``.
    """
    if record.is_archived == archived:
        return False
    record.archived_at = utcnow() if archived else None
    verb = "archived" if archived else "restored"
    audit.record(
        actor,
        f"{kind}.{verb}",
        record,
        f"{kind} {record.code} {verb}",
        {"archived": not archived},
        {"archived": archived},
    )
    return True


# --- select fragments -----------------------------------------------------------------------


def escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards (and the escape character) escaped with ``\\``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_pattern(q: str) -> str:
    """A LIKE pattern matching the typed words literally, anywhere, in lower case."""
    # A NUL can be typed into a URL but not sent to PostgreSQL: it matches nothing anyway.
    return f"%{escape_like(q.replace(chr(0), '').strip().lower())}%"


def person_matches(pattern: str) -> ColumnElement[bool]:
    """``User`` whose display name or e-mail address matches ``pattern``."""
    return func.lower(User.display_name).like(pattern, escape="\\") | User.email.like(
        pattern, escape="\\"
    )


def enrolled_in(program_id: int) -> ColumnElement[bool]:
    """EXISTS: the outer query's ``User`` is currently enrolled in the program."""
    return (
        select(Enrolment.id)
        .where(
            Enrolment.trainee_id == User.id,
            Enrolment.program_id == program_id,
            Enrolment.withdrawn_at.is_(None),
        )
        .exists()
    )
