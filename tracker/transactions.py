"""Where a database transaction begins, and how slow work stays out of the write lock.

SQLite has one writer at a time.  A request that may write (POST and the like),
a command or a job starts its transaction with ``BEGIN IMMEDIATE`` and so holds
the write lock from its first query to its commit (see ``begin_statement``).
That is right for ordinary work, which takes milliseconds; it is wrong for work
that is slow by design, such as checking or hashing a password with Argon2
(about a tenth of a second): every other writer queues behind it, and under load
some wait past the busy timeout and fail with "database is locked".

:func:`read_step` lets such a request read what the slow work needs in a plain
snapshot (no write lock), ends that transaction, and leaves the slow work to run
with no transaction open at all; the write that follows is a new, short
transaction.  :func:`write_step` is the converse: a short write of its own in a
request that otherwise only reads.  On PostgreSQL neither changes the kind of
transaction; both still keep slow work outside any transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from tracker.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# "read" or "write" inside read_step / write_step; None: decided by the request's method.
_MODE: ContextVar[str | None] = ContextVar("tracker_transaction_mode", default=None)


def begin_statement() -> str:
    """The statement that opens the next SQLite transaction.

    A request that may write, a command or a job takes the write lock at once
    (BEGIN IMMEDIATE, as Rails and Django advise for SQLite web apps): a
    transaction that read first and wrote later would otherwise fail at once
    with "database is locked" when another connection wrote in between, since
    SQLite cannot wait there without risking a deadlock.  Pages that only read
    (GET) take a plain snapshot, so a long export never holds up anyone's writes.
    """
    mode = _MODE.get()
    if mode is None:
        mode = "read" if has_request_context() and request.method in SAFE_METHODS else "write"
    return "BEGIN" if mode == "read" else "BEGIN IMMEDIATE"


_FLUSHED = "tracker_flushed_uncommitted"


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, flush_context: Any) -> None:
    session.info[_FLUSHED] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_flush(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a savepoint in it
        session.info.pop(_FLUSHED, None)


def holds_unsaved_work() -> bool:
    """Whether the session's transaction holds changes not yet committed (flushed or not)."""
    session = db.session()
    return bool(session.new or session.dirty or session.deleted or session.info.get(_FLUSHED))


def _end_transaction() -> None:
    """End the session's transaction, which must hold nothing unsaved."""
    if holds_unsaved_work():
        raise RuntimeError("A step would end a transaction holding unsaved changes.")
    db.session.rollback()


def end_reading() -> bool:
    """Before slow work (sending mail, say): end the session's transaction when it only
    read, so no lock or connection is held meanwhile.  Returns False, ending nothing,
    when it holds unsaved changes: the caller's commit must come first."""
    if holds_unsaved_work():
        return False
    db.session.rollback()
    return True


@contextmanager
def read_step() -> Iterator[None]:
    """Read without the write lock; the transaction ends when the block does.

    For a request that writes after slow work: read inside the block and keep
    plain values (rows read here are expired when it ends), do the slow work
    after the block, with no transaction open, then write as usual.  Call it
    before the request has written anything: the session's transaction, if any,
    is ended on the way in.
    """
    _end_transaction()
    token = _MODE.set("read")
    try:
        yield
    finally:
        _MODE.reset(token)
        db.session.rollback()


@contextmanager
def write_step() -> Iterator[None]:
    """A short write transaction of its own, committed when the block ends.

    Takes the write lock at its start (BEGIN IMMEDIATE on SQLite) even inside a
    request that only reads, so that it waits its turn instead of failing.  The
    session's transaction, if any, is ended on the way in; on an error the
    write is rolled back and the error raised.
    """
    _end_transaction()
    token = _MODE.set("write")
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _MODE.reset(token)
