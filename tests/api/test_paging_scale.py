"""Lists stay fast at 10,000 trainees: every page is a keyset query of the same cost.

10,000 trainees with one entry each are inserted in bulk; a coordinator then walks
``/api/v1/hours`` 200 at a time to the end.  Every page issues the same statements
(none reads and drops the rows before it, as OFFSET would), the walk sees every
entry once in order, and the last page takes about as long as the first.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import event, insert

from tracker.extensions import db as _db
from tracker.models import HourEntry, Role, User, utcnow

TRAINEES = 10_000


def test_walking_10000_entries_costs_the_same_per_page(app, api_coordinator, make, today):
    make.activity("support_group")
    now = utcnow()
    first_id = api_coordinator.user.id + 1
    _db.session.execute(
        insert(User),
        [
            {
                "email": f"scale{n}@example.org",
                "display_name": f"Scale {n}",
                "role": Role.TRAINEE.value,
                "active": True,
                "created_at": now,
            }
            for n in range(TRAINEES)
        ],
    )
    _db.session.execute(
        insert(HourEntry),
        [
            {
                "trainee_id": first_id + n,
                "worked_on": today - timedelta(days=n % 700),
                "minutes": 60,
                "activity": "support_group",
                "setting": "in_person",
                "status": "approved",
                "notes": "",
                "created_at": now,
                "updated_at": now,
            }
            for n in range(TRAINEES)
        ],
    )
    _db.session.commit()

    statements: list[str] = []

    def remember(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", remember)
    seen: list[tuple[str, int]] = []
    per_page: list[int] = []
    timings: list[float] = []
    url = "/api/v1/hours?limit=200"
    try:
        while url:
            before = len(statements)
            started = time.perf_counter()
            response = api_coordinator.get(url)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
            per_page.append(len(statements) - before)
            body = response.json
            seen += [(e["worked_on"], e["id"]) for e in body["items"]]
            url = body["next"]
    finally:
        event.remove(_db.engine, "before_cursor_execute", remember)

    assert len(timings) == TRAINEES // 200
    assert len({i for _d, i in seen}) == TRAINEES
    assert seen == sorted(seen, reverse=True)
    assert len(set(per_page[1:])) == 1, per_page  # the same statements on every page
    pages = [s for s in statements if "FROM hour_entries" in s]
    assert all(" OFFSET " not in s.upper() or "OFFSET ?" in s.upper() for s in pages)
    # The last page costs what the first one does (a generous bound for a busy machine).
    late, early = sorted(timings[-5:])[2], sorted(timings[1:6])[2]
    assert late < early * 4 + 0.05, (early, late)


def test_a_late_page_is_an_index_search_not_a_sort(app, database):
    """SQLite's plan for a page after a cursor: an index search in list order, with no
    sort of the rows first (PostgreSQL plans by its statistics; the walk above times it)."""
    if database[0] != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's follows its statistics")
    from datetime import date

    from sqlalchemy import select, text

    from tracker.api.hours import ORDER
    from tracker.api.paging import after

    page = (
        select(HourEntry)
        .where(after(ORDER, [date(2025, 1, 1), 500]))
        .order_by(HourEntry.worked_on.desc(), HourEntry.id.desc())
        .limit(201)
    )
    sql = str(page.compile(_db.engine, compile_kwargs={"literal_binds": True}))
    plan = " ".join(row[-1] for row in _db.session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "USING INDEX" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
