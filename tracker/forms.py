"""Form helpers shared by every blueprint."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import request
from flask_babel import get_translations, gettext
from flask_wtf import FlaskForm
from wtforms import Field, Form, FormField, RadioField, SelectField, SelectMultipleField
from wtforms.fields import FieldList

from tracker.services.errors import ValidationError

# WTForms' own messages, said the way the hours form speaks: what to do, in plain words.
# The plain words are marked for extraction here and translated when WTForms asks.
REQUIRED = "This field is required."


def gettext_noop(string: str) -> str:
    """Marks a string for the catalogue; it is translated later, where it is used."""
    return string


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural pair for the catalogue; translated later with ngettext."""
    return singular, plural


PLAIN_MESSAGES = {
    "Not a valid date value.": gettext_noop("Enter a date, for example 23 Oct 2026."),
    "Not a valid datetime value.": gettext_noop("Enter a date and a time."),
    "Not a valid time value.": gettext_noop("Enter a time, for example 14:30."),
    "Not a valid integer value.": gettext_noop("Enter a whole number, for example 12."),
    "Not a valid decimal value.": gettext_noop("Enter a number, for example 1.5."),
    "Not a valid float value.": gettext_noop("Enter a number, for example 1.5."),
    "Invalid email address.": gettext_noop("Enter an email address, for example name@example.org."),
    "Not a valid choice.": gettext_noop("Choose one of the options."),
    "Invalid Choice: could not coerce.": gettext_noop("Choose one of the options."),
    "Invalid input.": gettext_noop("Check what you typed: it is not in the expected form."),
    "Field must be between %(min)d and %(max)d characters long.": gettext_noop(
        "Use between %(min)d and %(max)d characters."
    ),
    "Number must be at least %(min)s.": gettext_noop("Enter %(min)s or more."),
    "Number must be at most %(max)s.": gettext_noop("Enter %(max)s or less."),
    "Number must be between %(min)s and %(max)s.": gettext_noop(
        "Enter a number from %(min)s to %(max)s."
    ),
    "Field must be equal to %(other_name)s.": gettext_noop("The two entries differ."),
    "The CSRF token is missing.": gettext_noop("The form expired. Please try again."),
    "The CSRF token is invalid.": gettext_noop("The form expired. Please try again."),
    "The CSRF token has expired.": gettext_noop("The form expired. Please try again."),
    "The CSRF session token is missing.": gettext_noop("The form expired. Please try again."),
}
# WTForms' plural messages, by their singular, and their plain words.
PLAIN_PLURALS = {
    "'%(value)s' is not a valid choice for this field.": ngettext_noop(
        "Choose from the options offered.", "Choose from the options offered."
    ),
    "Field must be at least %(min)d character long.": ngettext_noop(
        "Use at least %(min)d character.", "Use at least %(min)d characters."
    ),
    "Field must be at most %(max)d character long.": ngettext_noop(
        "Use at most %(max)d character.", "Use at most %(max)d characters."
    ),
}


class PlainMessages:
    """The translations WTForms asks for its default messages: each in plain words."""

    def gettext(self, string: str) -> str:
        return gettext(PLAIN_MESSAGES.get(string, string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # WTForms fills the placeholders itself (%(value)s, %(min)d...): the catalogue's
        # form is returned as it is, not interpolated with Babel's own ``num``.
        singular, plural = PLAIN_PLURALS.get(singular, (singular, plural))
        return get_translations().ngettext(singular, plural, n)


PLAIN = PlainMessages()


def required_message(field: Field) -> str:
    """What to do about an empty field, naming it: "Enter the title.", "Choose a program."."""
    what = str(field.label.text).strip().rstrip(":").replace(" (optional)", "")
    what = what[:1].lower() + what[1:] if what[1:2].islower() or len(what) == 1 else what
    if isinstance(field, SelectField | RadioField | SelectMultipleField):
        return gettext("Choose the %(what)s.", what=what)
    return gettext("Enter the %(what)s.", what=what)


def _plain_required(field: Any) -> None:
    if isinstance(field, FormField):
        for sub in field.form:
            _plain_required(sub)
    elif isinstance(field, FieldList):
        for entry in field.entries:
            _plain_required(entry)
    elif isinstance(field.errors, list | tuple):
        field.errors = [required_message(field) if e == REQUIRED else e for e in field.errors]


class PlainForm(FlaskForm):
    """The base of every form: WTForms' messages in plain words, and an empty field's
    message naming what to enter ("Enter the title.", not "This field is required.")."""

    class Meta:
        def get_translations(self, form: Any) -> PlainMessages:
            return PLAIN

        def render_field(self, field: Any, render_kw: dict[str, Any]) -> Any:
            # Pages hold several forms: their CSRF fields must not share an id.
            if field.short_name == "csrf_token":
                render_kw = {**render_kw, "id": False}
            return super().render_field(field, render_kw)  # type: ignore[misc]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            _plain_required(field)
        return valid


class ActionForm(PlainForm):
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
