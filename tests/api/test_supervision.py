"""Supervision sessions through the API: a trainee sees their own, a supervisor their
assigned trainees', a coordinator everyone's; filters and pages; 404 otherwise."""

from __future__ import annotations

import pytest

from tracker.models import ReviewStatus
from tracker.querycount import HEADER


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"QUERY_COUNT_HEADER": True}


BASE = "/api/v1/supervision"


def ids(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.json
    return [item["id"] for item in response.json["items"]]


def test_who_sees_which(make, db, api_trainee, api_supervisor, api_coordinator):
    own = make.supervision(api_trainee.user, minutes=90, format="group", notes="Case review")
    stranger = make.supervision(make.trainee())
    db.session.commit()
    assert ids(api_trainee.get(BASE)) == [own.id]
    assert ids(api_supervisor.get(BASE)) == [own.id]
    assert ids(api_coordinator.get(BASE)) == [own.id, stranger.id]
    body = api_supervisor.get(f"{BASE}/{own.id}").json
    assert body["trainee"] == {"id": api_trainee.user.id, "display_name": "Api Trainee"}
    assert (body["minutes"], body["format"], body["status"], body["notes"]) == (
        90,
        "group",
        "approved",
        "Case review",
    )
    for who in (api_trainee, api_supervisor):
        hidden = who.get(f"{BASE}/{stranger.id}")
        assert hidden.status_code == 404 and hidden.mimetype == "application/problem+json"
    assert api_coordinator.get(f"{BASE}/{stranger.id}").status_code == 200
    assert api_coordinator.get(f"{BASE}/999999").status_code == 404


def test_filters_and_pages(make, db, api_coordinator):
    alex, kai = make.trainee(), make.trainee()
    pending = make.supervision(alex, status=ReviewStatus.PENDING)
    approved = [make.supervision(alex) for _ in range(3)]
    theirs = make.supervision(kai, status=ReviewStatus.REJECTED)
    db.session.commit()
    assert ids(api_coordinator.get(f"{BASE}?status=pending")) == [pending.id]
    assert ids(api_coordinator.get(f"{BASE}?trainee={kai.id}")) == [theirs.id]
    assert ids(api_coordinator.get(f"{BASE}?trainee={alex.id}&status=approved")) == [
        r.id for r in approved
    ]
    seen, url = [], f"{BASE}?limit=2&trainee={alex.id}"
    while url:
        page = api_coordinator.get(url)
        seen += ids(page)
        url = page.json["next"]
    assert seen == [pending.id] + [r.id for r in approved]
    bad = api_coordinator.get(f"{BASE}?status=lost&limit=500")
    assert bad.status_code == 400
    assert set(bad.json["errors"]) == {"query.status", "query.limit"}


def test_a_page_costs_the_same_statements_with_ten_times_the_rows(make, db, api_coordinator):
    def statements() -> int:
        response = api_coordinator.get(f"{BASE}?limit=200&status=approved")
        assert response.status_code == 200
        return int(response.headers[HEADER])

    statements()  # the token's first use is noted once; not a cost of the list
    for _ in range(3):
        make.supervision(make.trainee())
    db.session.commit()
    few = statements()
    for _ in range(30):
        make.supervision(make.trainee())
    db.session.commit()
    assert statements() == few <= 4
