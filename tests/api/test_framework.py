"""The API's frame: bearer tokens only, problems for every error, rate limits per
token, cursor pagination."""

from __future__ import annotations

import pytest
from flask import request
from sqlalchemy import select

from tests.api.conftest import caller
from tracker.api.framework import NoQuery
from tracker.api.paging import Order, PageQuery, decode_cursor, encode_cursor, paginate
from tracker.api.problems import ApiError
from tracker.extensions import db as _db
from tracker.models import Role, User
from tracker.services import api_tokens

PROBLEM_KEYS = {"type", "title", "status", "detail", "errors"}


def assert_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert response.status_code == status, response.text
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert set(body) == PROBLEM_KEYS
    assert body["status"] == status
    assert body["type"].startswith("/api/v1/docs#problem-")
    return body


def test_no_token_is_401_with_a_bearer_challenge(client):
    body = assert_problem(client.get("/api/v1/me"), 401)
    assert "Authorization: Bearer" in body["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer ptt_not-a-real-token",
        "Token ptt_x",
        "Bearer \u00e9\u00e9",
    ],
)
def test_a_bad_token_is_401_invalid_token(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"] or header == "Bearer"


def test_the_session_cookie_never_opens_the_api(client, login_as):
    login_as("coordinator")
    assert client.get("/account/tokens").status_code == 200  # the browser session works
    assert_problem(client.get("/api/v1/me"), 401)
    assert_problem(client.get("/api/v1/trainees/1/progress"), 401)


def test_a_token_and_a_session_of_someone_else_act_as_the_token(client, login_as, api_trainee):
    login_as("coordinator")
    response = client.get("/api/v1/me", headers=api_trainee.headers)
    assert response.json["id"] == api_trainee.user.id
    assert response.headers["Cache-Control"] == "no-store"


def test_a_deactivated_account_is_refused(api_trainee, db):
    api_trainee.user.active = False
    db.session.commit()
    assert_problem(api_trainee.get("/api/v1/me"), 401)


def test_me_says_who_the_token_acts_as(api_coordinator):
    response = api_coordinator.get("/api/v1/me")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {
        "id": api_coordinator.user.id,
        "email": api_coordinator.user.email,
        "display_name": "Api Coordinator",
        "role": "coordinator",
    }


def test_unknown_addresses_and_methods_are_problems_never_html(client, api_trainee):
    assert_problem(api_trainee.get("/api/v1/nothing-here"), 404)
    assert_problem(client.get("/api/v1/"), 404)
    response = api_trainee.post("/api/v1/me", json={})
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]
    assert_problem(client.delete("/api/v1/trainees/1/progress"), 405)


def test_unknown_or_repeated_query_parameters_are_400_with_the_field(api_trainee):
    body = assert_problem(api_trainee.get("/api/v1/me?colour=blue"), 400)
    assert list(body["errors"]) == ["query.colour"]


def test_a_server_fault_under_the_api_is_a_problem(app, api_trainee):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("broken")

    app.add_url_rule("/api/v1-test/boom", "api_test_boom", boom)
    body = assert_problem(app.test_client().get("/api/v1-test/boom"), 500)
    assert "broken" not in body["detail"]


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "API_RATELIMIT": "3 per minute"}]
)
def test_each_token_has_its_own_rate_limit(app, make, app_overrides):
    first = caller(app, make.trainee())
    second = caller(app, make.trainee())
    for _ in range(3):
        assert first.get("/api/v1/me").status_code == 200
    body = assert_problem(first.get("/api/v1/me/progress"), 429)
    assert "wait" in body["detail"]
    assert second.get("/api/v1/me").status_code == 200


def test_the_api_needs_no_csrf_token(app, make):
    app.config["WTF_CSRF_ENABLED"] = True
    api = caller(app, make.trainee())
    assert api.get("/api/v1/me").status_code == 200
    assert_problem(api.post("/api/v1/me", json={}), 405)


# --- pagination ---------------------------------------------------------------------------

ORDER = [Order(User.display_name, kind=str), Order(User.id)]


def _page(params: PageQuery):  # type: ignore[no-untyped-def]
    from tracker.api.schemas import PersonRef

    return paginate(
        select(User).where(User.role == Role.TRAINEE),
        ORDER,
        params,
        lambda u: PersonRef(id=u.id, display_name=u.display_name),
        lambda u: (u.display_name, u.id),
    )


def test_pages_cover_every_row_once_in_a_stable_order(app, make, db):
    names = ["Bo", "Al", "Al", "Cy", "Al", "Di", "Bo"]
    for name in names:
        make.trainee(display_name=name)
    db.session.commit()
    seen, cursor, pages = [], None, 0
    while True:
        with app.test_request_context("/api/v1/people", query_string={"limit": 3}):
            page = _page(PageQuery(limit=3, cursor=cursor))
        seen += [(p.display_name, p.id) for p in page.items]
        pages += 1
        if page.next is None:
            break
        assert "limit=3" in page.next
        cursor = page.next.split("cursor=")[1].split("&")[0]
    assert pages == 3
    assert seen == sorted(seen)
    assert len(set(seen)) == len(names)


def test_descending_keys_page_the_same_way(app, make, db):
    for n in range(5):
        make.trainee(display_name=f"T{n % 2}")
    db.session.commit()
    order = [Order(User.display_name, descending=True, kind=str), Order(User.id, descending=True)]
    got, cursor = [], None
    while True:
        with app.test_request_context("/x"):
            page = paginate(
                select(User).where(User.role == Role.TRAINEE),
                order,
                PageQuery(limit=2, cursor=cursor),
                lambda u: u,
                lambda u: (u.display_name, u.id),
            )
        got += [(u.display_name, u.id) for u in page.items]
        if page.next is None:
            break
        cursor = page.next.split("cursor=")[1]
    assert got == sorted(got, reverse=True) and len(got) == 5


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "!!!",
        "bm90IGpzb24",
        encode_cursor([1]),
        encode_cursor(["a", "b"]),
        encode_cursor([1, 2]),
        encode_cursor(["a", 2**70]),
        encode_cursor(["a", True]),
    ],
)
def test_a_cursor_not_made_for_the_list_is_a_422(app, cursor):
    with app.test_request_context("/x"), pytest.raises(ApiError) as caught:
        decode_cursor(cursor, ORDER)
    assert caught.value.status == 422
    assert "query.cursor" in caught.value.errors


def test_the_page_query_is_keyset_not_offset(app, make, db):
    make.trainee(display_name="A")
    db.session.commit()
    statements: list[tuple[str, object]] = []
    from sqlalchemy import event

    def remember(conn, cursor, statement, parameters, *args):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(_db.engine, "before_cursor_execute", remember)
    try:
        with app.test_request_context("/x"):
            _page(PageQuery(limit=5, cursor=encode_cursor(["A", 0])))
    finally:
        event.remove(_db.engine, "before_cursor_execute", remember)
    query, parameters = [s for s in statements if "FROM users" in s[0]][-1]
    # The keyset condition, and no rows skipped by offset (SQLite writes "OFFSET 0").
    assert "users.display_name >" in query and "users.id >" in query
    assert "LIMIT" in query.upper()
    if "OFFSET" in query.upper():
        assert list(parameters)[-1] == 0  # type: ignore[call-overload]


def test_limit_is_between_1_and_200(app):
    for bad in ("0", "201", "x", "-1"):
        with app.test_request_context("/x", query_string={"limit": bad}):
            from tracker.api.framework import parse_query

            with pytest.raises(ApiError) as caught:
                parse_query(PageQuery)
            assert "query.limit" in caught.value.errors
    with app.test_request_context("/x", query_string={"limit": "200"}):
        from tracker.api.framework import parse_query

        assert parse_query(PageQuery).limit == 200  # type: ignore[attr-defined]
    assert request is not None
    assert NoQuery.model_fields == {}
    assert api_tokens.PREFIX == "ptt_"
