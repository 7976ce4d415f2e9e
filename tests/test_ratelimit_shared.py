"""With Redis storage, several worker processes share one login limit.

Each gunicorn worker builds its own app; in-memory counters would multiply the
limit by the number of workers.  Two apps on one Redis stand in for two workers.
Skipped when no Redis answers on 127.0.0.1:6379 (CI runs one).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests import factories
from tests.conftest import make_app
from tracker.extensions import db

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")


# The second worker: a separate Python process with the same settings, posting once.
SECOND_WORKER = """
import json, sys
from config import TestConfig
from tracker import create_app
settings = TestConfig.as_dict()
settings.update(json.loads(sys.argv[1]))
app = create_app(settings, instance_path=sys.argv[2])
form = {"email": "ana@example.org", "password": "wrong password here"}
print(app.test_client().post("/login", data=form).status_code)
"""


def test_two_workers_share_one_login_limit(tmp_path):
    settings = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        # A fresh key prefix per run, so that counts left by an earlier run don't matter.
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "LOGIN_RATELIMIT": "4 per minute",
        # One database file both workers open, as two processes would.
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "WTF_CSRF_ENABLED": False,
    }
    first = make_app(("sqlite", None), str(tmp_path / "w1"), **settings)
    with first.app_context():
        db.create_all()
        factories.trainee(email="ana@example.org")
        db.session.commit()
        db.session.remove()
    form = {"email": "ana@example.org", "password": "wrong password here"}
    client = first.test_client()
    assert [client.post("/login", data=form).status_code for _ in range(4)] == [401] * 4

    second = subprocess.run(
        [sys.executable, "-c", SECOND_WORKER, json.dumps(settings), str(tmp_path / "w2")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )

    assert second.stdout.strip().splitlines()[-1] == "429", second.stderr
