"""Form helpers shared by every blueprint."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from flask_wtf import FlaskForm
from wtforms import Form

from tracker.services.errors import ValidationError


class ActionForm(FlaskForm):
    """Only the CSRF token: for one-button actions (log out, deactivate...)."""


def apply_errors(form: Form, error: ValidationError) -> None:
    """Put a service's field errors next to the form's fields."""
    for name, messages in error.errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + list(messages)
        else:
            form.form_errors.extend(messages)


MAX_PAGE = 1_000_000


def page_arg() -> int:
    """The ``page`` query argument as a page number: 1 when absent, odd or out of range.

    ``db.paginate`` would pass a huge number straight to the database as an offset,
    which overflows its integer type (a 500).
    """
    raw = request.args.get("page", "1")
    # isascii: "²".isdigit() is true, but int("²") fails.
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site, else None (no open redirect)."""
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    if any(ord(c) < 32 for c in target):
        return None
    return target
