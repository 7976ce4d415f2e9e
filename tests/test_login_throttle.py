"""Failed logins are limited per account as well as per address.

The per-address limit alone let anyone with a few addresses guess on: 40 wrong
passwords from 4 addresses (10 each) left the account open to the next try from
a fifth.  Failures now count per typed email too, whether or not an account has
it (the answer must not tell), and while the limit holds even the right
password is refused, with a message that tells the real person what to do.
Run with in-memory storage and, when one answers, with Redis (as several
gunicorn workers would share it).
"""

from __future__ import annotations

import socket
import uuid

import pytest

from tests.factories import PASSWORD
from tracker.auth.routes import ACCOUNT_PAUSED
from tracker.extensions import limiter

REDIS_URL = "redis://127.0.0.1:6379/15"
WRONG = "The email or password is not right."


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


STORAGES = [
    "memory://",
    pytest.param(
        REDIS_URL, marks=pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
    ),
]
PREFIX = f"test-throttle-{uuid.uuid4().hex}"


@pytest.fixture(params=STORAGES, ids=["memory", "redis"])
def storage(request):  # type: ignore[no-untyped-def]
    # Flask-Limiter keeps the first key prefix it is given for every later app in the
    # process; put back what was there, so later tests get their own.
    kept = limiter._key_prefix
    yield request.param
    limiter._key_prefix = kept
    if request.param.startswith("redis"):
        import redis

        # Only this run's keys: the Redis is shared, so never a flush.
        client = redis.Redis.from_url(request.param)
        for key in client.scan_iter(f"*{PREFIX}*"):
            client.delete(key)
        client.close()


@pytest.fixture
def app_overrides(storage):  # type: ignore[no-untyped-def]
    return {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage,
        "RATELIMIT_KEY_PREFIX": f"{PREFIX}-{uuid.uuid4().hex}",
        "LOGIN_RATELIMIT": "10 per minute",
        "LOGIN_ACCOUNT_RATELIMIT": "20 per hour",
    }


def attempt(client, email, password, address):  # type: ignore[no-untyped-def]
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def guess_from_four_addresses(client, email, network="198.51.100"):  # type: ignore[no-untyped-def]
    """Ten wrong passwords from each of four addresses; the statuses, in order."""
    return [
        attempt(client, email, f"guess number {n}", f"{network}.{address}").status_code
        for address in range(1, 5)
        for n in range(10)
    ]


def test_forty_guesses_from_four_addresses_close_the_account_to_a_fifth(app, make, db):
    make.trainee(email="ana@example.org")
    db.session.commit()
    client = app.test_client()

    assert guess_from_four_addresses(client, "ana@example.org") == [401] * 20 + [429] * 20

    # The right password, from an address that has never tried: refused, and told why.
    paused = attempt(client, "ana@example.org", PASSWORD, "203.0.113.5")
    assert paused.status_code == 429
    assert str(ACCOUNT_PAUSED) in paused.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "_user_id" not in session

    # The same account however the email is typed; other accounts are not affected.
    assert attempt(client, "  ANA@Example.ORG ", PASSWORD, "203.0.113.6").status_code == 429
    make.trainee(email="ben@example.org")
    db.session.commit()
    assert attempt(client, "ben@example.org", PASSWORD, "203.0.113.5").status_code == 302


def test_an_unknown_email_gets_the_same_answers(app, make, db):
    make.trainee(email="ana@example.org")
    db.session.commit()
    known, unknown = app.test_client(), app.test_client()
    assert guess_from_four_addresses(unknown, "nobody@example.org") == [401] * 20 + [429] * 20
    assert guess_from_four_addresses(known, "ana@example.org", "192.0.2") == [401] * 20 + [429] * 20

    answers = [
        attempt(client, email, PASSWORD, "203.0.113.7")
        for client, email in ((known, "ana@example.org"), (unknown, "nobody@example.org"))
    ]
    assert [a.status_code for a in answers] == [429, 429]
    assert answers[0].get_data() == answers[1].get_data()


def test_successful_logins_do_not_count(app, make, db):
    make.trainee(email="ana@example.org")
    db.session.commit()
    statuses = []
    for n in range(25):
        client = app.test_client()
        statuses.append(attempt(client, "ana@example.org", PASSWORD, f"192.0.2.{n}").status_code)
    assert statuses == [302] * 25


def test_a_wrong_password_says_the_usual_thing_below_the_limit(app, make, db):
    make.trainee(email="ana@example.org")
    db.session.commit()
    response = attempt(app.test_client(), "ana@example.org", "not it at all", "192.0.2.1")
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)
