"""Slow work never runs inside a database transaction.

Argon2 takes about a tenth of a second by design.  Run inside a request's
write transaction (on SQLite, BEGIN IMMEDIATE: the one write lock) it makes
every other writer queue; under load some wait past the busy timeout and fail.
Here every password check and hash of a request notes whether the session had
a transaction open at that moment: the hashing is real, only observed.
"""

from __future__ import annotations

import socketserver
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from tests.factories import PASSWORD
from tracker.extensions import db as _db
from tracker.models import LoginSession, User
from tracker.services import accounts
from tracker.transactions import begin_statement, read_step, write_step


class ObservedHasher(PasswordHasher):
    """Argon2 as the app uses it, noting for each call whether a transaction was open."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.calls: list[tuple[str, bool]] = []

    def hash(self, password, *, salt=None):  # type: ignore[no-untyped-def, override]
        self.calls.append(("hash", _db.session().in_transaction()))
        return super().hash(password, salt=salt)

    def verify(self, hash, password):  # type: ignore[no-untyped-def, override]
        self.calls.append(("verify", _db.session().in_transaction()))
        return super().verify(hash, password)


@pytest.fixture
def hasher(app, monkeypatch):  # type: ignore[no-untyped-def]
    observed = ObservedHasher()
    monkeypatch.setattr(accounts, "_FAST_HASHER", observed)
    monkeypatch.setitem(accounts._DUMMY_HASH, True, observed.hash("a dummy"))
    observed.calls.clear()
    return observed


def inside(hasher: ObservedHasher) -> list[str]:
    return [kind for kind, in_transaction in hasher.calls if in_transaction]


@pytest.mark.parametrize(
    ("email", "password", "status"),
    [
        ("ana@example.org", PASSWORD, 302),
        ("ana@example.org", "not the password", 401),
        ("nobody@example.org", PASSWORD, 401),
    ],
    ids=["right", "wrong-password", "unknown-email"],
)
def test_a_login_checks_the_password_outside_any_transaction(
    client, make, db, hasher, email, password, status
):
    make.trainee(email="ana@example.org")
    db.session.commit()
    hasher.calls.clear()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == status
    # One check, whether or not the account exists (the same cost either way).
    assert [kind for kind, _ in hasher.calls] == ["verify"]
    assert inside(hasher) == []


def test_a_login_writes_only_the_login(client, make, db):
    user = make.trainee(email="ana@example.org")
    db.session.commit()
    before = (user.password_hash, user.display_name, user.email)
    assert client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.password_hash, user.display_name, user.email) == before
    assert user.last_login_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 1


def test_a_hash_made_with_old_settings_is_renewed_at_login(client, make, db):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, hash_len=16)
    user = make.trainee(email="ana@example.org")
    user.password_hash = weak.hash(PASSWORD)
    db.session.commit()
    old = user.password_hash
    assert client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
    db.session.expire_all()
    renewed = db.session.get(User, user.id).password_hash
    assert renewed != old
    assert accounts._hasher().verify(renewed, PASSWORD)


def test_changing_a_password_hashes_outside_any_transaction(client, login_as, hasher):
    login_as("trainee")
    hasher.calls.clear()
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new password",
            "confirm": "a brand new password",
        },
    )
    assert response.status_code == 302
    assert [kind for kind, _ in hasher.calls] == ["verify", "hash"]
    assert inside(hasher) == []


def test_setting_a_password_from_a_link_hashes_outside_any_transaction(client, make, db, hasher):
    user, raw = accounts.invite("new@example.org", "New Person", "trainee", make.coordinator())
    db.session.commit()
    hasher.calls.clear()
    data = {"password": "a new long password", "confirm": "a new long password"}
    assert client.post(f"/invite/{raw}", data=data).status_code == 302
    assert [kind for kind, _ in hasher.calls] == ["hash"]
    assert inside(hasher) == []
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash is not None


def test_a_link_used_while_its_password_was_hashed_is_used_once(make, db):
    """The write claims the link only if it is still unused when the hash is done."""
    _user, raw = accounts.invite("new@example.org", "New Person", "trainee", make.coordinator())
    db.session.commit()
    accounts.set_password_with_token(raw, "a new long password")
    db.session.commit()
    with pytest.raises(accounts.TokenProblem) as problem:
        accounts.set_password_with_token(raw, "another long password")
    assert problem.value.kind == "used"


class TestTheSteps:
    def test_a_read_step_reads_without_the_write_lock(self, app):
        with app.test_request_context("/login", method="POST"):
            assert begin_statement() == "BEGIN IMMEDIATE"
            with read_step():
                assert begin_statement() == "BEGIN"
            assert begin_statement() == "BEGIN IMMEDIATE"
            assert not _db.session().in_transaction()

    def test_a_write_step_takes_the_write_lock_even_in_a_page_that_reads(self, app, make, db):
        user = make.trainee()
        db.session.commit()
        with app.test_request_context("/dashboard"):
            assert begin_statement() == "BEGIN"
            with write_step():
                assert begin_statement() == "BEGIN IMMEDIATE"
                db.session.get(User, user.id).display_name = "Renamed"
            assert begin_statement() == "BEGIN"
        db.session.expire_all()
        assert db.session.get(User, user.id).display_name == "Renamed"

    def test_a_step_refuses_to_drop_unsaved_changes(self, app, make, db):
        user = make.trainee()
        db.session.commit()
        user.display_name = "Not saved yet"
        with pytest.raises(RuntimeError, match="unsaved"), read_step():
            pass

    def test_a_step_refuses_to_drop_flushed_changes(self, app, make, db):
        make.trainee()  # flushed, not committed
        with pytest.raises(RuntimeError, match="unsaved"), read_step():
            pass
        db.session.commit()
        with read_step():
            pass


# --- mail: a slow server never holds up other writers -----------------------------------


class _SmtpStub(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take a message.  When a message arrives, it tries to take
    SQLite's write lock on the app's database without waiting, as another request would."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, database: Path) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpSession)
        self.database = database
        self.lock_free_during_send: list[bool] = []

    def probe(self) -> None:
        other = sqlite3.connect(self.database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            self.lock_free_during_send.append(True)
        except sqlite3.OperationalError:
            self.lock_free_during_send.append(False)
        finally:
            other.close()


class _SmtpSession(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        self.wfile.write(b"220 stub ready\r\n")
        in_data = False
        for line in self.rfile:
            if in_data:
                if line == b".\r\n":
                    in_data = False
                    self.server.probe()  # type: ignore[attr-defined]
                    self.wfile.write(b"250 queued\r\n")
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go ahead\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class TestMailOutsideTheWriteLock:
    @pytest.fixture
    def smtp(self, tmp_path):  # type: ignore[no-untyped-def]
        server = _SmtpStub(tmp_path / "mail-test.sqlite3")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    @pytest.fixture
    def app_overrides(self, smtp):  # type: ignore[no-untyped-def]
        return {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{smtp.database}",
            "MAIL_HOST": "127.0.0.1",
            "MAIL_PORT": smtp.server_address[1],
            "MAIL_USE_TLS": False,
        }

    @pytest.fixture(autouse=True)
    def _on_sqlite_only(self, database):  # type: ignore[no-untyped-def]
        if database[0] != "sqlite":
            pytest.skip("SQLite's single write lock; these tests use a SQLite file")

    def test_an_invitation_is_queued_by_the_request_and_mailed_with_no_write_lock_held(
        self, client, login_as, smtp
    ):
        from tracker.services import outbox

        login_as("coordinator")
        response = client.post(
            "/coordinator/accounts/invite",
            data={"email": "new@example.org", "display_name": "New Person", "role": "trainee"},
        )
        assert response.status_code == 200
        assert "on its way by email" in response.get_data(as_text=True)
        # The request only wrote the outbox row: the server heard nothing from it.
        assert smtp.lock_free_during_send == []
        assert len(outbox.send_all().sent) == 1
        assert smtp.lock_free_during_send == [True]

    def test_an_import_queues_each_invitation_and_the_sender_holds_no_write_lock(
        self, client, login_as, make, db, smtp
    ):
        from tracker.services import outbox

        login_as("coordinator")
        make.program(code="PSS", name="Peer Support")
        db.session.commit()
        rows = "Ana Lima,ana@example.org,PSS\nBen Ode,ben@example.org,PSS\n"
        response = client.post("/coordinator/trainees/import/confirm", data={"text": rows})
        assert response.status_code == 200
        assert smtp.lock_free_during_send == []
        assert len(outbox.send_all().sent) == 2
        assert smtp.lock_free_during_send == [True, True]
