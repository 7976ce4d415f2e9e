"""Peer supporter training tracker: the application factory."""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import (
    Flask,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker.extensions import babel, csrf, db, limiter, login_manager, migrate
from tracker.routing import register_converters
from tracker.transactions import begin_statement, write_step

ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """Raised at start-up when a required setting is missing."""


def create_app(config: Any = None, instance_path: str | None = None) -> Flask:
    """Build the app from a config class or a dict of settings (tests pass a dict)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=instance_path
        or os.environ.get("TRACKER_INSTANCE_PATH")
        or str(ROOT / "instance"),
    )
    configure(app, config)
    trust_proxies(app)
    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_commands(app)
    from tracker import querycount

    querycount.install(app)
    return app


def configure(app: Flask, config: Any) -> None:
    if config is None:
        from config import Config

        config = Config
    if isinstance(config, dict):
        from config import Config

        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "tracker.sqlite3"
        )

    if not app.config.get("SECRET_KEY"):
        if app.debug or app.testing:
            app.config["SECRET_KEY"] = _development_secret(app)
        else:
            raise ConfigurationError(
                "TRACKER_SECRET_KEY is not set. Set it to a long random value, e.g. "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`, "
                "or set TRACKER_DEBUG=1 for local development."
            )
    # The key signs every session cookie: a short one can be guessed offline from one cookie.
    key_length = len(str(app.config["SECRET_KEY"]))
    if key_length < MIN_SECRET_KEY_LENGTH:
        raise ConfigurationError(
            f"TRACKER_SECRET_KEY is too short ({key_length} characters); use at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters, e.g. "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    app.config["PROXY_COUNT"] = _proxy_count(app.config.get("PROXY_COUNT"))
    _upload_limit(app)
    zone = app.config.get("TIMEZONE")
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"TRACKER_TIMEZONE={zone!r} is not a time zone; use an IANA name such as "
                "'Europe/London' or 'America/Chicago'."
            ) from None
    if app.debug:
        app.config["SESSION_COOKIE_SECURE"] = False
        app.config["REMEMBER_COOKIE_SECURE"] = False


MIN_SECRET_KEY_LENGTH = 32
# Room for a form's other fields around the largest allowed file.
FORM_OVERHEAD_BYTES = 256 * 1024


def _upload_limit(app: Flask) -> None:
    """MAX_CONTENT_LENGTH follows TRACKER_MAX_UPLOAD_MB (a whole number of megabytes)."""
    try:
        megabytes = int(app.config.get("MAX_UPLOAD_MB") or 10)
    except (TypeError, ValueError):
        raise ConfigurationError(
            "TRACKER_MAX_UPLOAD_MB must be a whole number of megabytes."
        ) from None
    if not 1 <= megabytes <= 100:
        raise ConfigurationError("TRACKER_MAX_UPLOAD_MB must be between 1 and 100.")
    app.config["MAX_UPLOAD_MB"] = megabytes
    app.config["MAX_CONTENT_LENGTH"] = megabytes * 1024 * 1024 + FORM_OVERHEAD_BYTES


def _proxy_count(value: Any) -> int:
    """TRACKER_PROXY_COUNT as a number of proxies (0 when unset)."""
    text = str(value if value is not None else "0").strip()
    if not text.isascii() or not text.isdigit() or int(text) > 10:
        raise ConfigurationError(
            f"TRACKER_PROXY_COUNT={text!r} is not a number of proxies; use 0 when the app "
            "is reached directly, 1 behind one reverse proxy (nginx, Caddy...), and so on."
        )
    return int(text)


def _development_secret(app: Flask) -> str:
    """A secret kept in the instance folder so development sessions survive restarts."""
    path = Path(app.instance_path) / "development-secret-key"
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_hex(32)
    path.touch(mode=0o600)
    path.write_text(value)
    return value


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: write-ahead log, enforced foreign keys and a busy timeout on every connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # SQLAlchemy, not the sqlite3 module, decides where transactions begin (see
    # _sqlite_begin): the module's own implicit BEGIN comes only before a write,
    # so a SAVEPOINT opened after a read would be the outermost transaction and
    # its release would commit for good.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "close")
def _sqlite_optimize(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: refresh the planner's statistics, where the queries this connection ran
    showed them missing or stale, as the connection closes (what SQLite recommends;
    usually nothing to do, and bounded by analysis_limit when there is).  The daily
    ``refresh-progress`` does it too, and ``seed-scale`` runs a full ANALYZE."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    try:
        dbapi_connection.execute("PRAGMA analysis_limit=1000")
        dbapi_connection.execute("PRAGMA optimize")
    except sqlite3.Error:
        pass  # a read-only or busy database: statistics can wait for the daily run


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    """SQLite: start every transaction explicitly, so savepoints nest inside it.

    Which kind (a plain snapshot or the write lock at once) is decided in
    tracker/transactions.py, with the reasons.
    """
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql(begin_statement())


def trust_proxies(app: Flask) -> None:
    """Behind TRACKER_PROXY_COUNT reverse proxies, take the client's address and scheme
    from the headers they set (X-Forwarded-For, X-Forwarded-Proto): the per-address
    login limit then counts each client, and HTTPS is known to be HTTPS."""
    count = app.config["PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]


def register_extensions(app: Flask) -> None:
    from tracker import models
    from tracker.services import progress  # noqa: F401  (keeps stored verdicts true on commit)

    db.init_app(app)
    from tracker import i18n

    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_locale=app.config["LANGUAGES"][0],
        default_timezone="UTC",
    )
    i18n.register(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see that page.")
    login_manager.localize_callback = str  # the lazy message in the visitor's language
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(cookie_id: str) -> models.User | None:
        from tracker.services import logins

        found = logins.find(cookie_id)
        if found is None:
            return None
        if found.due_for_touch:
            g.login_to_touch = found.login.id
        return found.user

    @app.before_request
    def load_the_user_first() -> None:
        """Load the logged-in user before the view's own transaction begins, and note
        when their session was last used (at most every few minutes) in a short
        write of its own, so that a page that only reads still records it."""
        from tracker.services import logins

        if request.path.startswith(API_PATH):
            # The API never reads the session cookie: only its bearer token says who.
            from tracker.api.framework import stay_anonymous

            stay_anonymous()
            return
        if request.endpoint == "static" or not current_user.is_authenticated:
            return
        login_id = g.pop("login_to_touch", None)
        if login_id is None:
            return
        try:
            with write_step():
                logins.touch(login_id)
        except OperationalError:
            # Only bookkeeping: a database too busy to take it must not cost the page.
            app.logger.warning("Could not note the use of login session %s", login_id)


def register_blueprints(app: Flask) -> None:
    from tracker.api import register as register_api
    from tracker.auth import bp as auth_bp
    from tracker.coordinator import bp as coordinator_bp
    from tracker.supervisor import bp as supervisor_bp
    from tracker.trainee import bp as trainee_bp
    from tracker.verify import bp as verify_bp
    from tracker.wellknown import bp as wellknown_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(trainee_bp)
    app.register_blueprint(coordinator_bp, url_prefix="/coordinator")
    app.register_blueprint(supervisor_bp, url_prefix="/supervisor")
    app.register_blueprint(verify_bp)
    app.register_blueprint(wellknown_bp)
    register_api(app)

    @app.get("/")
    def index():  # type: ignore[no-untyped-def]
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login"))
        if current_user.is_coordinator:
            return redirect(url_for("coordinator.dashboard"))
        if current_user.is_supervisor:
            return redirect(url_for("supervisor.dashboard"))
        return redirect(url_for("trainee.dashboard"))

    @app.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        try:
            db.session.execute(text("SELECT 1"))
            revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            database = {"status": "ok", "dialect": db.engine.dialect.name, "revision": revision}
            ok = True
        except Exception as exc:  # the health check reports any database failure
            db.session.rollback()
            database = {"status": "error", "error": exc.__class__.__name__}
            ok = False
        body = {"status": "ok" if ok else "error", "database": database}
        return jsonify(body), (200 if ok else 503)

    limiter.exempt(healthz)


# Everything under this path answers errors as application/problem+json, never HTML.
API_PATH = "/api/"


def register_error_handlers(app: Flask) -> None:
    from tracker.api import problems

    def wants_json() -> bool:
        return request.path == "/healthz"

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):  # type: ignore[no-untyped-def]
        if request.path.startswith(API_PATH):
            db.session.rollback()
            return problems.from_http_exception(exc)
        if wants_json():
            return jsonify(error=exc.name, message=exc.description), exc.code
        template = f"errors/{exc.code}.html"
        try:
            return render_template(template, error=exc), exc.code
        except Exception:  # no dedicated page for this status
            return render_template("errors/generic.html", error=exc), exc.code

    @app.errorhandler(500)
    def handle_500(exc: Exception):  # type: ignore[no-untyped-def]
        db.session.rollback()
        if request.path.startswith(API_PATH):
            return problems.server_error()
        if wants_json():
            return jsonify(error="Internal Server Error"), 500
        return render_template("errors/500.html"), 500


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


HSTS = "max-age=31536000"


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if request.is_secure:
            # Only over HTTPS (directly or as the proxy says): over plain http a browser
            # ignores it, and a site still reached by http must not be pinned to https.
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if _private(response):
            # Replaces what send_file and the views set (e.g. no-cache on a certificate PDF):
            # nothing seen behind a login is kept by a browser or a cache.
            response.headers["Cache-Control"] = "no-store"
        return response


def _private(response: Any) -> bool:
    """A response that belongs to a person: anything sent to a logged-in user but static
    files and documents marked public (published keys), and one-time link pages."""
    if request.endpoint == "static" or response.cache_control.public:
        return False
    return (
        request.endpoint in {"auth.accept_invitation", "auth.reset_password", "auth.unsubscribe"}
        or current_user.is_authenticated
    )


def register_template_helpers(app: Flask) -> None:
    from tracker import policies
    from tracker.formatting import register_filters
    from tracker.navigation import footer_items, nav_items

    register_filters(app)

    @app.context_processor
    def inject_policies() -> dict[str, Any]:
        return {
            "policies": policies,
            "nav_items": nav_items,
            "footer_items": footer_items,
            "organisation_name": app.config["ORGANISATION_NAME"],
        }


def register_commands(app: Flask) -> None:
    from tracker.cli import register

    register(app)
