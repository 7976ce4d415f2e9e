"""Errors raised by services, mapped by callers to form errors or API answers."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _


class ServiceError(Exception):
    """A rule refused the operation; ``message`` is fit to show the user."""

    def __init__(self, message: Any) -> None:
        # A lazy string becomes words now, in the language of the request that failed.
        message = str(message)
        super().__init__(message)
        self.message = message


class ValidationError(ServiceError):
    """Input breaks a rule; ``errors`` maps a field name to its messages."""

    def __init__(self, errors: dict[str, list[Any]] | Any, field: str = "") -> None:
        if not isinstance(errors, dict):
            errors = {field: [errors]}
        self.errors: dict[str, list[str]] = {
            name: [str(message) for message in messages] for name, messages in errors.items()
        }
        first = next(iter(self.errors.values()), [""])
        super().__init__(
            first[0] if first else _("Check what you typed: it is not in the expected form.")
        )


class ConflictError(ServiceError):
    """Somebody else changed the record first; nothing was stored."""


class NotFoundError(ServiceError):
    """The record does not exist, or is not visible to the caller."""
