"""API fixtures: one person of each role with a token, and a client that sends it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tracker.models import User
from tracker.services import api_tokens


@dataclass
class Caller:
    """A person with an API token, and a client that sends it with every request."""

    user: User
    token: str
    client: FlaskClient

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def post(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.post(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def patch(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.patch(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def delete(self, path: str, **kw: Any):  # type: ignore[no-untyped-def]
        return self.client.delete(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)


def caller(app: Flask, user: User) -> Caller:
    from tracker.extensions import db

    made = api_tokens.create(user, f"{user.role} token")
    db.session.commit()
    return Caller(user, made.raw, app.test_client())


@pytest.fixture
def api_trainee(app, make) -> Caller:  # type: ignore[no-untyped-def]
    return caller(app, make.trainee(display_name="Api Trainee"))


@pytest.fixture
def api_coordinator(app, make) -> Caller:  # type: ignore[no-untyped-def]
    return caller(app, make.coordinator(display_name="Api Coordinator"))


@pytest.fixture
def api_supervisor(app, make, api_trainee) -> Caller:  # type: ignore[no-untyped-def]
    """A supervisor with ``api_trainee`` assigned to them."""
    return caller(app, make.supervisor(trainees=[api_trainee.user], display_name="Api Supervisor"))


@pytest.fixture
def make_caller(app):  # type: ignore[no-untyped-def]
    return lambda user: caller(app, user)
