"""No number in a URL's path can cause a server error.

Every route with an ``<int:...>`` part is walked from ``app.url_map``, with each
such part set to numbers no row can have: zero, negative, just past PostgreSQL's
INTEGER, past SQLite's 64-bit integer, and far past both.  Whoever asks (nobody,
a trainee, a coordinator) and however (every method the route takes), the answer
is 404 or 405, never a 500.  A route added later is walked the same way.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing.converters import IntegerConverter

from tests.test_access import Session
from tracker.routing import MAX_ID, RowIdConverter

BAD_IDS = ["0", "-1", str(2**31), str(2**63), str(10**20), "0" + str(2**31), "9" * 5000]
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def id_rules(app):  # type: ignore[no-untyped-def]
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    ]


def with_ids(rule, value: str) -> str:  # type: ignore[no-untyped-def]
    """The rule's path with every integer part set to ``value`` (other parts: "x")."""
    path = rule.rule
    for name, converter in rule._converters.items():
        filler = value if isinstance(converter, IntegerConverter) else "x"
        path = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>", filler, path)
    return path


def test_every_integer_part_of_every_route_uses_the_bounded_converter(app):
    rules = id_rules(app)
    assert len(rules) >= 30  # the walk below really covers the app's id routes
    loose = [
        rule.rule
        for rule in rules
        for converter in rule._converters.values()
        if isinstance(converter, IntegerConverter) and not isinstance(converter, RowIdConverter)
    ]
    assert loose == []


def test_a_route_added_later_is_bounded_too(app):
    app.add_url_rule("/later/<int:thing_id>", "later", lambda thing_id: str(thing_id))
    client = app.test_client()
    assert client.get(f"/later/{MAX_ID}").get_data(as_text=True) == str(MAX_ID)
    assert client.get(f"/later/{MAX_ID + 1}").status_code == 404
    assert client.get("/later/0").status_code == 404


@pytest.fixture
def visitors(app, make, db):  # type: ignore[no-untyped-def]
    trainee, coordinator = make.trainee(), make.coordinator()
    supervisor = make.supervisor(trainees=[trainee])
    db.session.commit()
    return {
        "anonymous": Session(app, None),
        "trainee": Session(app, trainee),
        "supervisor": Session(app, supervisor),
        "coordinator": Session(app, coordinator),
    }


def test_ids_no_row_can_have_answer_404_to_everyone(app, visitors):
    failures, asked = [], 0
    for rule in id_rules(app):
        methods = [m for m in METHODS if m in (rule.methods or ())]
        for value in BAD_IDS:
            url = with_ids(rule, value)
            for method in methods:
                for who, session in visitors.items():
                    try:
                        status = session.open(method, url).status_code
                    except Exception as exc:  # the app is in testing mode: errors propagate
                        failures.append(f"{method} {rule.rule} = {value[:25]} as {who}: {exc!r}")
                        continue
                    asked += 1
                    if status not in (404, 405):
                        failures.append(f"{method} {rule.rule} = {value[:25]} as {who}: {status}")
    assert asked > 500
    assert failures == [], "\n".join(failures[:40])


def test_the_bound_is_the_databases_not_lower(app):
    """Every id a row can have still matches its route; one more matches none."""
    urls = app.url_map.bind("tracker.test")
    endpoint, args = urls.match(f"/coordinator/trainees/{MAX_ID}")
    assert (endpoint, args) == ("coordinator.trainee_detail", {"user_id": MAX_ID})
    assert urls.match("/hours/1") == ("trainee.hour_entry", {"entry_id": 1})
    with pytest.raises(NotFound):
        urls.match(f"/coordinator/trainees/{MAX_ID + 1}")
