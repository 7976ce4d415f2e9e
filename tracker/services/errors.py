"""Errors raised by services, mapped by callers to form errors or API answers."""

from __future__ import annotations


class ServiceError(Exception):
    """A rule refused the operation; ``message`` is fit to show the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(ServiceError):
    """Input breaks a rule; ``errors`` maps a field name to its messages."""

    def __init__(self, errors: dict[str, list[str]] | str, field: str = "") -> None:
        if isinstance(errors, str):
            errors = {field: [errors]}
        self.errors = errors
        first = next(iter(errors.values()), [""])
        super().__init__(first[0] if first else "Invalid input.")


class ConflictError(ServiceError):
    """Somebody else changed the record first; nothing was stored."""


class NotFoundError(ServiceError):
    """The record does not exist, or is not visible to the caller."""
