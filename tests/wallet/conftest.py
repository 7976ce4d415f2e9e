"""The wallet verifier (``@digitalcredentials/verifier-core``, run with Node) against a
live server.

The app runs in a real HTTP server on 127.0.0.1 (a port the OS picks), on a
SQLite file migrated with the project's own migrations and filled by the demo
seed.  Its public address is ``https://tracker.test``: the verifier resolves
``did:web:tracker.test`` and fetches status lists there, and tests/wallet/verify.mjs
sends those requests to the live server and refuses every other address, so
nothing leaves the machine.

The verifier's packages are installed by ``make test`` (``npm ci`` from the
committed package-lock.json into tests/wallet/node_modules).  Without Node or
those packages these tests are skipped, unless TRACKER_REQUIRE_NODE=1 (as in
CI), where that is an error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g
from werkzeug.serving import make_server

from config import TestConfig
from tracker import create_app
from tracker.extensions import db

HERE = Path(__file__).resolve().parent
PUBLIC_URL = "https://tracker.test"
DEMO_PASSWORD = "wallet-demo-password"


def _node() -> str | None:
    return shutil.which("node")


def _verifier_installed() -> bool:
    return (HERE / "node_modules" / "@digitalcredentials" / "verifier-core").is_dir()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wallet_items = [item for item in items if Path(str(item.fspath)).parent == HERE]
    if not wallet_items or (_node() and _verifier_installed()):
        return
    missing = "Node.js (node)" if not _node() else "the verifier's npm packages (make test)"
    if os.environ.get("TRACKER_REQUIRE_NODE") == "1":
        raise pytest.UsageError(f"TRACKER_REQUIRE_NODE=1 but {missing} could not be found.")
    skip = pytest.mark.skip(reason=f"{missing} not found: the wallet verifier tests need it")
    for item in wallet_items:
        item.add_marker(skip)


@pytest.fixture(scope="module")
def wallet_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from tracker.services import demo

    folder = tmp_path_factory.mktemp("wallet")
    settings = TestConfig.as_dict()
    settings.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'tracker.sqlite3'}",
        RATELIMIT_ENABLED=False,
        PUBLIC_URL=PUBLIC_URL,
    )
    app = create_app(settings, instance_path=str(folder / "instance"))

    @app.teardown_request
    def _fresh_g_per_request(exc: BaseException | None) -> None:
        # Downloads run inside the tests' app context, which would otherwise keep the
        # first logged-in user (Flask-Login caches it in g) for the next request.
        for key in list(g):
            g.pop(key)

    with app.app_context():
        upgrade()
        demo.seed(DEMO_PASSWORD)
        db.session.commit()
        db.session.remove()
    yield app


@pytest.fixture(scope="module")
def wallet_server(wallet_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, wallet_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


class WalletVerifier:
    """One Node process running tests/wallet/verify.mjs, asked one credential at a time."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.log = (HERE / "node_modules" / ".verifier-stderr.log").open("w")
        self.process = subprocess.Popen(
            [_node() or "node", str(HERE / "verify.mjs")],
            cwd=HERE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def verify(self, credential: dict[str, Any], public_url: str = PUBLIC_URL) -> dict[str, Any]:
        request: dict[str, Any] = {"credential": credential, "routes": {public_url: self.server}}
        schema = os.environ.get("TRACKER_OB3_SCHEMA")
        if schema:
            request["files"] = {credential["credentialSchema"][0]["id"]: schema}
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the verifier stopped; see tests/wallet/node_modules/.verifier-stderr.log"
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.log.close()


@pytest.fixture(scope="module")
def wallet_verifier(wallet_server: str) -> Iterator[WalletVerifier]:
    verifier = WalletVerifier(wallet_server)
    yield verifier
    verifier.close()
