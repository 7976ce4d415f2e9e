"""Transactions behave the same on SQLite as on PostgreSQL."""

from sqlalchemy import func, select

from tracker.models import Module


def test_a_released_savepoint_is_undone_with_its_transaction(app, db, make):
    """A savepoint opened after a read nests inside the transaction: rolling the
    transaction back undoes it (SQLite's driver would otherwise commit it)."""
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(Module))
    savepoint = db.session.begin_nested()
    make.module(code="SAVEPOINT")
    savepoint.commit()
    db.session.rollback()
    after = db.session.scalar(select(func.count()).select_from(Module))
    assert after == before
    assert db.session.scalar(select(Module).where(Module.code == "SAVEPOINT")) is None
