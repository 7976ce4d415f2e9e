"""Each key page issues a bounded number of SQL statements, whatever the amount of data.

The pages are fetched on small data (the demo and a few bulk-seeded trainees), then
again after the trainees, their hour entries and certifications have doubled: the
number of statements must stay at most ``BUDGET`` and must not change.  A page that
loads rows one by one (an N+1 query) fails here.  Counted by the same response header
the benchmark reads (``TRACKER_QUERY_COUNT_HEADER``).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests import factories
from tracker.extensions import db
from tracker.models import Certification, HourEntry, User
from tracker.querycount import HEADER
from tracker.services import demo, scale

BUDGET = 15
TRAINEES = 16
HOURS = 12


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"QUERY_COUNT_HEADER": True}


def _pages(trainee: User, code: str) -> list[tuple[str, str, str]]:
    """(name, who is logged in, address) of every key page."""
    return [
        ("coordinator dashboard", "coordinator", "/coordinator/"),
        ("trainee list", "coordinator", "/coordinator/trainees"),
        ("trainee list by hours", "coordinator", "/coordinator/trainees?sort=hours"),
        ("trainee list, eligible", "coordinator", "/coordinator/trainees?status=eligible"),
        ("reports", "coordinator", "/coordinator/reports"),
        ("review queue", "coordinator", "/coordinator/review"),
        ("trainee detail", "coordinator", f"/coordinator/trainees/{trainee.id}"),
        ("certifications list", "coordinator", "/coordinator/certifications"),
        ("trainee dashboard", "trainee", "/dashboard"),
        ("trainee's hours", "trainee", "/hours"),
        ("verify a certificate", "nobody", f"/verify/{code}"),
    ]


def _counts(app: Any, trainee: User, coordinator: User, code: str) -> dict[str, int]:
    counts = {}
    for name, who, url in _pages(trainee, code):
        client = app.test_client()
        if who != "nobody":
            cookie = factories.login_cookie(trainee if who == "trainee" else coordinator)
            db.session.commit()
            with client.session_transaction() as session:
                session["_user_id"] = cookie
                session["_fresh"] = True
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = int(response.headers[HEADER])
    return counts


def test_key_pages_issue_few_statements_and_no_more_with_twice_the_data(app, today):
    scale.seed(TRAINEES, HOURS, password="scale password 1", today=today)
    db.session.commit()
    coordinator = db.session.scalar(select(User).where(User.email == demo.COORDINATOR_EMAIL))
    trainee = db.session.scalar(
        select(User).where(User.email.like(f"{scale.EMAIL_PREFIX}%")).order_by(User.id)
    )
    code = db.session.scalars(select(Certification.verification_code)).first()
    assert coordinator and trainee and code
    small = _counts(app, trainee, coordinator, code)

    # Twice the trainees, entries and certifications; twice the measured trainee's entries.
    scale.seed(TRAINEES, HOURS, password="scale password 1", today=today)
    entries = db.session.scalars(select(HourEntry).where(HourEntry.trainee_id == trainee.id))
    for entry in list(entries):
        factories.hour_entry(trainee, worked_on=entry.worked_on, minutes=entry.minutes)
    db.session.commit()
    large = _counts(app, trainee, coordinator, code)

    over = {name: n for name, n in large.items() if n > BUDGET}
    grew = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not over, f"pages over {BUDGET} statements: {over}"
    assert not grew, f"pages whose statements grew with the data (small, twice): {grew}"


@pytest.mark.parametrize("app_overrides", [{}])
def test_the_header_is_off_by_default(client, login_as, app_overrides):
    login_as("coordinator")
    response = client.get("/coordinator/")
    assert response.status_code == 200
    assert HEADER not in response.headers
