"""Configuration, read from environment variables.

``Config`` is what ``make run`` and production use; ``TestConfig`` is what the
test suite builds its apps from.  Every setting a deployment may change is a
``TRACKER_*`` environment variable documented in README.md.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import ClassVar


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def _env_bool(name: str, default: bool = False) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings for a running deployment (development or production)."""

    TESTING = False
    DEBUG = _env_bool("TRACKER_DEBUG") or _env_bool("FLASK_DEBUG")

    # None means "a SQLite file in the instance folder"; create_app fills it in.
    SQLALCHEMY_DATABASE_URI = _env("TRACKER_DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}

    SECRET_KEY = _env("TRACKER_SECRET_KEY")

    RATELIMIT_STORAGE_URI = _env("TRACKER_RATELIMIT_STORAGE_URL", "memory://")
    # Said outright: Flask-Limiter otherwise inherits the previous app's setting.
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATELIMIT = _env("TRACKER_LOGIN_RATELIMIT", "10 per minute")
    # Failed logins per account, whichever addresses they come from.
    LOGIN_ACCOUNT_RATELIMIT = _env("TRACKER_LOGIN_ACCOUNT_RATELIMIT", "20 per hour")
    VERIFY_RATELIMIT = _env("TRACKER_VERIFY_RATELIMIT", "30 per minute")
    # Requests per API token (per address for requests without one), over the whole API.
    API_RATELIMIT = _env("TRACKER_API_RATELIMIT", "300 per minute")
    # "Forgot your password?": requests per client address, and per typed email address.
    RESET_RATELIMIT = _env("TRACKER_RESET_RATELIMIT", "5 per minute")
    RESET_ACCOUNT_RATELIMIT = _env("TRACKER_RESET_ACCOUNT_RATELIMIT", "3 per hour")
    # The reset request's answer takes at least this long, with or without an account.
    RESET_ANSWER_SECONDS = 0.3

    # How many reverse proxies stand in front (0: none); see README, "Security".
    PROXY_COUNT = _env("TRACKER_PROXY_COUNT", "0")

    SIGNING_KEY_FILE = _env("TRACKER_SIGNING_KEY_FILE")
    PUBLIC_URL = _env("TRACKER_PUBLIC_URL", "http://127.0.0.1:5000")

    # Mail is optional: without a host, invitation links are shown on screen.
    MAIL_HOST = _env("TRACKER_SMTP_HOST")
    MAIL_PORT = int(_env("TRACKER_SMTP_PORT", "587") or 587)
    MAIL_USERNAME = _env("TRACKER_SMTP_USERNAME")
    MAIL_PASSWORD = _env("TRACKER_SMTP_PASSWORD")
    MAIL_USE_TLS = _env_bool("TRACKER_SMTP_STARTTLS", True)
    MAIL_SENDER = _env("TRACKER_SMTP_SENDER", "tracker@localhost")

    ORGANISATION_NAME = _env("TRACKER_ORGANISATION_NAME", "Peer Support Training Program")
    # The program's time zone (an IANA name such as "America/New_York"): it decides
    # which calendar day "today" is.  Unset: the server's own day.
    TIMEZONE = _env("TRACKER_TIMEZONE")
    # A fixed "today" (a date) instead of the clock; the test suite sets it per app.
    TODAY = None

    # The languages pages, mail and certificates are offered in (the first is the default):
    # each one but English has a catalogue in tracker/translations (see README, Languages).
    LANGUAGES: ClassVar[tuple[str, ...]] = ("en", "es")

    INVITATION_VALID_DAYS = 7
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_MAX_LENGTH = 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = not DEBUG
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = not DEBUG
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # A login not used for this long is over, whatever the browser kept.
    LOGIN_IDLE_TIMEOUT = timedelta(days=14)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    # The largest file a trainee may upload (a document, a certificate), in megabytes.
    # A request may be a little larger (the form's other fields); create_app sets
    # MAX_CONTENT_LENGTH from it, and a larger request is answered 413.
    MAX_UPLOAD_MB = _env("TRACKER_MAX_UPLOAD_MB", "10")

    ITEMS_PER_PAGE = 25

    # For measuring only (the benchmark): each response says how many SQL statements it
    # issued, in an X-Query-Count header.  Never set it in production.
    QUERY_COUNT_HEADER = _env_bool("TRACKER_QUERY_COUNT_HEADER")

    @classmethod
    def as_dict(cls) -> dict[str, object]:
        """Every setting of this class, for ``create_app`` to take with overrides."""
        return {key: getattr(cls, key) for key in dir(cls) if key.isupper()}


class TestConfig(Config):
    """Settings for the test suite: a throwaway database, fast hashing."""

    TESTING = True
    DEBUG = False
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = _env("TRACKER_TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = False
    PUBLIC_URL = "http://tracker.test"
    MAIL_HOST = None
    RESET_ANSWER_SECONDS = 0.0
    # Argon2 at its cheapest settings keeps the suite quick; production uses
    # the library's recommended parameters.
    PASSWORD_HASH_FAST = True
