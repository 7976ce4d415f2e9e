"""Production settings, security headers, CSRF on every form, and no inline code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import flask
import pytest
import sqlalchemy as sa

from config import Config, TestConfig
from tests.test_access import Session, audience, routes
from tracker import ConfigurationError, create_app
from tracker.extensions import db as _db
from tracker.services import accounts, certifications

ROOT = Path(__file__).resolve().parent.parent


class Production(Config):
    """What a deployment gets, whatever this machine's environment holds."""

    DEBUG = False
    TESTING = False
    SECRET_KEY = None
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigurationError, match="TRACKER_SECRET_KEY is not set"):
        create_app(Production, instance_path=str(tmp_path))


def test_production_with_a_key_uses_safe_cookies(tmp_path):
    class WithKey(Production):
        SECRET_KEY = "k" * 64

    app = create_app(WithKey, instance_path=str(tmp_path))
    assert app.debug is False
    assert app.testing is False
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["WTF_CSRF_ENABLED"] is not False
    assert app.config.get("RATELIMIT_ENABLED", True) is True

    cookie = app.test_client().get("/login").headers.get("Set-Cookie", "")
    assert "session=" in cookie
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def _run_factory(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Build the app from the real ``config.Config`` in a clean process and environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "FLASK_"))}
    clean.update(env)
    clean["TRACKER_INSTANCE_PATH"] = str(tmp_path)
    script = (
        "from tracker import create_app\n"
        "app = create_app()\n"
        "c = app.config\n"
        "print(app.debug, c['SESSION_COOKIE_SECURE'], c['SESSION_COOKIE_HTTPONLY'],"
        " c['SESSION_COOKIE_SAMESITE'], c['REMEMBER_COOKIE_SECURE'])\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_environment_decides_and_a_missing_key_is_a_clear_error(tmp_path):
    missing = _run_factory({}, tmp_path)
    assert missing.returncode != 0
    assert "ConfigurationError" in missing.stderr
    assert "TRACKER_SECRET_KEY is not set" in missing.stderr

    ok = _run_factory({"TRACKER_SECRET_KEY": "s" * 64}, tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.split() == ["False", "True", "True", "Lax", "True"]

    debug = _run_factory({"TRACKER_DEBUG": "1"}, tmp_path)
    assert debug.returncode == 0, debug.stderr
    assert debug.stdout.split()[:2] == ["True", "False"]


# --- headers ------------------------------------------------------------------------


def test_security_headers_are_sent(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_behind_a_login_are_not_cached(client, login_as):
    login_as("coordinator")
    assert client.get("/coordinator/accounts").headers["Cache-Control"] == "no-store"


# --- CSRF on every form -------------------------------------------------------------


# The one-click unsubscribe link (RFC 8058): a mail client posts it without a session or
# token; the signed link itself is the proof, and a post with a wrong one changes nothing.
CSRF_EXEMPT = {"auth.unsubscribe"}


class TestCsrf:
    @pytest.fixture
    def app_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    def _row_counts(self) -> dict[str, int]:
        return {
            table.name: _db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in _db.metadata.sorted_tables
        }

    def test_every_post_without_a_token_is_refused_and_changes_nothing(self, app, make):
        make.trainee(display_name="Bystander", password=None)
        users = {
            "trainee": make.trainee(),
            "supervisor": make.supervisor(),
            "coordinator": make.coordinator(),
        }
        make.coordinator()
        _db.session.commit()
        anonymous = Session(app, None)
        sessions = {role: Session(app, user) for role, user in users.items()}

        failures, posted = [], []
        for route in routes(app):
            group = audience(route.endpoint)
            if group == "api" or "POST" not in route.methods:
                continue  # the API authenticates with bearer tokens, never cookies
            session = sessions.get(group or "", sessions["coordinator"])
            if group == "public":
                session = anonymous
            before = self._row_counts()
            response = session.open("POST", route.url)
            posted.append(route.endpoint)
            if route.endpoint in CSRF_EXEMPT:
                if response.status_code != 404:
                    failures.append(f"{route}: {response.status_code} with a made-up link")
            elif response.status_code != 400:
                failures.append(f"{route}: {response.status_code} without a CSRF token")
            _db.session.rollback()
            if self._row_counts() != before:
                failures.append(f"{route}: rows changed without a CSRF token")
        assert "auth.login" in posted
        assert "coordinator.deactivate" in posted
        assert failures == [], "\n".join(failures)

    def test_a_form_with_its_token_still_works(self, app, client, make):
        make.trainee(email="ana@example.org")
        _db.session.commit()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token
        response = client.post(
            "/login",
            data={
                "email": "ana@example.org",
                "password": "correct horse battery",
                "csrf_token": token.group(1),
            },
        )
        assert response.status_code == 302


# --- no inline code (the CSP would block it) ----------------------------------------

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_page_has_inline_scripts_styles_or_handlers(app, make):
    make.trainee(display_name="Bystander")
    sessions = {
        "public": Session(app, None),
        "trainee": Session(app, make.trainee()),
        "login": Session(app, make.trainee()),
        "supervisor": Session(app, make.supervisor()),
        "coordinator": Session(app, make.coordinator()),
    }
    make.coordinator()
    _db.session.commit()
    problems, pages = [], 0
    for route in routes(app):
        group = audience(route.endpoint)
        if "GET" not in route.methods or group not in sessions or route.endpoint == "static":
            continue
        try:
            response = sessions[group].open("GET", route.url)
        except Exception:  # noqa: S112  (a server error: test_access.py reports those)
            continue
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        pages += 1
        html = response.get_data(as_text=True)
        for pattern, what in INLINE:
            if pattern.search(html):
                problems.append(f"{route}: {what}")
    assert pages >= 4
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "name",
    sorted(str(p.relative_to(ROOT / "templates")) for p in (ROOT / "templates").rglob("*.html")),
)
def test_templates_have_no_inline_code(name):
    html = (ROOT / "templates" / name).read_text()
    found = [what for pattern, what in INLINE if pattern.search(html)]
    assert found == []


# --- nothing behind a login is stored by a browser or a cache -------------------------


def test_certificate_and_data_downloads_are_never_stored(app, client, login_as, make, db):
    trainee = login_as("trainee")
    program = make.program()
    certification = certifications.issue(trainee, program, None, override_reason="test")
    db.session.commit()
    own = [
        f"/certificates/{certification.id}/certificate.pdf",
        f"/certificates/{certification.id}/badge.jwt",
        f"/certificates/{certification.id}/badge.json",
        "/my-data.json",
        "/my-data.csv",
    ]
    for url in own:
        response = client.get(url)
        assert (url, response.status_code) == (url, 200)
        assert (url, response.headers["Cache-Control"]) == (url, "no-store")

    login_as("coordinator")
    coordinator_files = [
        f"/coordinator/certifications/{certification.id}/certificate.pdf",
        f"/coordinator/certifications/{certification.id}/badge.jwt",
        f"/coordinator/certifications/{certification.id}/badge.json",
        "/coordinator/reports/hours.csv",
        "/coordinator/reports/progress.csv",
        "/coordinator/reports/certifications.csv",
    ]
    for url in coordinator_files:
        response = client.get(url)
        response.get_data()
        assert (url, response.status_code) == (url, 200)
        assert (url, response.headers["Cache-Control"]) == (url, "no-store")


def test_every_answer_to_a_logged_in_user_is_no_store(app, make):
    make.trainee(display_name="Bystander")
    sessions = {
        "trainee": Session(app, make.trainee()),
        "supervisor": Session(app, make.supervisor()),
        "coordinator": Session(app, make.coordinator()),
    }
    _db.session.commit()
    stored, checked = [], 0
    for route in routes(app):
        if "GET" not in route.methods or route.endpoint == "static":
            continue
        for who, session in sessions.items():
            response = session.open("GET", route.url)
            if response.cache_control.public:
                continue  # published keys and lists: the same for everyone
            checked += 1
            if response.headers.get("Cache-Control") != "no-store":
                stored.append(f"{route} as {who}: {response.headers.get('Cache-Control')}")
    assert checked > 40
    assert stored == []


def test_a_one_time_link_page_is_never_stored(client, make, db):
    _user, raw = accounts.invite("new@example.org", "New Person", "trainee", make.coordinator())
    db.session.commit()
    assert client.get(f"/invite/{raw}").headers["Cache-Control"] == "no-store"


def test_public_pages_keep_their_own_caching(client):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    assert client.get("/.well-known/jwks.json").headers["Cache-Control"] == "public, max-age=300"


# --- HTTPS behind a proxy ---------------------------------------------------------------


class TestBehindOneProxy:
    @pytest.fixture
    def app_overrides(self):
        return {"PROXY_COUNT": "1"}

    def test_hsts_is_sent_when_the_proxy_says_https(self, client):
        secure = client.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"

    def test_never_over_plain_http(self, client):
        assert "Strict-Transport-Security" not in client.get("/login").headers
        plain = client.get("/login", headers={"X-Forwarded-Proto": "http"})
        assert "Strict-Transport-Security" not in plain.headers

    def test_the_client_address_comes_from_the_proxy(self, app):
        @app.get("/_address")
        def _address():  # type: ignore[no-untyped-def]
            return flask.request.remote_addr or ""

        answer = app.test_client().get(
            "/_address",
            headers={"X-Forwarded-For": "203.0.113.9"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
        assert answer.get_data(as_text=True) == "203.0.113.9"


def test_without_a_proxy_the_forwarded_headers_are_not_believed(app, client):
    forged = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in forged.headers
    direct = client.get("/login", base_url="https://localhost")
    assert direct.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("value", ["yes", "-1", "1.5", "99"])
def test_a_proxy_count_that_is_not_a_small_number_is_a_clear_error(tmp_path, value):
    settings = TestConfig.as_dict()
    settings["PROXY_COUNT"] = value
    with pytest.raises(ConfigurationError, match="TRACKER_PROXY_COUNT"):
        create_app(settings, instance_path=str(tmp_path))


# --- the secret key ------------------------------------------------------------------


@pytest.mark.parametrize("key", ["short", "k" * 31])
def test_a_short_secret_key_is_refused_with_a_clear_message(tmp_path, key):
    class ShortKey(Production):
        SECRET_KEY = key

    with pytest.raises(ConfigurationError, match="TRACKER_SECRET_KEY is too short"):
        create_app(ShortKey, instance_path=str(tmp_path))


def test_a_short_key_from_the_environment_stops_start_up(tmp_path):
    short = _run_factory({"TRACKER_SECRET_KEY": "short"}, tmp_path)
    assert short.returncode != 0
    assert "TRACKER_SECRET_KEY is too short (5 characters)" in short.stderr
    enough = _run_factory({"TRACKER_SECRET_KEY": "k" * 32}, tmp_path)
    assert enough.returncode == 0, enough.stderr
