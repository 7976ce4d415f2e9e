"""Two coordinators deciding one piece of evidence at the same moment, in two database
sessions: one decision stands, the other coordinator is told, one audit event.

On SQLite the app uses a database file, so that the two sessions are really two
connections, as under gunicorn."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from tracker.models import (
    AuditEvent,
    Document,
    ExternalTraining,
    ReviewStatus,
    SupervisionRecord,
    User,
)
from tracker.services import evidence_review
from tracker.services.errors import ConflictError


@pytest.fixture
def app_overrides(database, tmp_path):
    if database[0] == "sqlite":
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'evidence.sqlite3'}"}
    return {}


def _race(app, model, coordinator_ids, record_id, decide):
    from tracker.extensions import db

    barrier = threading.Barrier(len(coordinator_ids))
    outcomes: dict[int, str] = {}

    def run(coordinator_id: int) -> None:
        with app.app_context():
            try:
                actor = db.session.get(User, coordinator_id)
                assert db.session.get(model, record_id).status == ReviewStatus.PENDING
                db.session.commit()
                barrier.wait(timeout=10)
                decide(record_id, actor)
                db.session.commit()
                outcomes[coordinator_id] = "won"
            except ConflictError:
                db.session.rollback()
                outcomes[coordinator_id] = "told"
            except Exception as exc:  # reported by the assertion below
                db.session.rollback()
                outcomes[coordinator_id] = f"error: {exc!r}"

    threads = [threading.Thread(target=run, args=(cid,)) for cid in coordinator_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


CASES = {
    "supervision": (
        SupervisionRecord,
        lambda make, trainee: make.supervision(trainee, status=ReviewStatus.PENDING),
        evidence_review.approve_supervision,
        lambda ident, actor: evidence_review.reject_supervision(ident, actor, "Not a session"),
    ),
    "document": (
        Document,
        lambda make, trainee: make.document(
            trainee, make.document_type(), status=ReviewStatus.PENDING
        ),
        evidence_review.accept_document,
        lambda ident, actor: evidence_review.reject_document(ident, actor, "Unreadable"),
    ),
    "training": (
        ExternalTraining,
        lambda make, trainee: make.external_training(trainee, status=ReviewStatus.PENDING),
        evidence_review.verify_training,
        lambda ident, actor: evidence_review.reject_training(ident, actor, "No certificate"),
    ),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_two_coordinators_at_once_one_decision_stands(app, db, make, kind):
    model, build, accept, reject = CASES[kind]
    coordinators = [make.coordinator(), make.coordinator()]
    record = build(make, make.trainee())
    db.session.commit()
    ids = [c.id for c in coordinators]
    record_id = record.id
    decisions = dict(zip(ids, (accept, reject), strict=True))
    db.session.commit()

    outcomes = _race(
        app, model, ids, record_id, lambda ident, actor: decisions[actor.id](ident, actor)
    )

    assert sorted(outcomes.values()) == ["told", "won"], outcomes
    winner = next(cid for cid, outcome in outcomes.items() if outcome == "won")
    db.session.expire_all()
    stored = db.session.get(model, record_id)
    assert stored.decided_by_id == winner
    expected = ReviewStatus.APPROVED if decisions[winner] is accept else ReviewStatus.REJECTED
    assert stored.status == expected
    events = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.entity_type == model.__tablename__, AuditEvent.entity_id == record_id
        )
    ).all()
    assert [e.actor_id for e in events] == [winner]
