"""Small helpers shared by the coordinator's views."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response
from wtforms import Form
from wtforms.fields.choices import SelectChoice

from tracker.coordinator.page_forms import choices
from tracker.extensions import db
from tracker.forms import ActionForm, apply_errors, safe_next
from tracker.services import catalogue, programs
from tracker.services.errors import ConflictError, ValidationError

T = TypeVar("T")


def list_args(exclude: tuple[str, ...] = ("page",)) -> dict[str, str]:
    """The current page's filters, to carry into pagination and export links."""
    return {k: v for k, v in request.args.items() if k not in exclude and v}


def as_int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def module_choices(blank: str) -> list[SelectChoice]:
    """The active modules ("CODE Title"), after an empty choice labelled ``blank``."""
    return choices(
        [("", blank)] + [(m.id, f"{m.code} {m.title}") for m in catalogue.active_modules()]
    )


def program_choices(blank: str) -> list[SelectChoice]:
    """Every program by name, after an empty choice labelled ``blank``."""
    return choices([("", blank)] + [(p.id, p.name) for p in programs.all_programs()])


def new_key() -> str:
    """A submission key for a form as it is rendered: posting it twice stores once."""
    return uuid.uuid4().hex


def csrf_ok() -> bool:
    """Check a one-button form's CSRF token; flash when it fails."""
    if ActionForm().validate_on_submit():
        return True
    flash(_("The form expired. Please try again."), "error")
    return False


ANCHOR = re.compile(r"[a-z]+(-[0-9]+)?")


def back(default_endpoint: str, **values: Any) -> Response:
    """Redirect (303) to the ``next`` field when it is a path on this site, else ``default``;
    at the ``then`` field's anchor when one is given (a queue's next entry)."""
    target = safe_next(request.form.get("next")) or url_for(default_endpoint, **values)
    then = request.form.get("then", "")
    if ANCHOR.fullmatch(then):
        target = target.split("#", 1)[0] + "#" + then
    return redirect(target, 303)


def current_path() -> str:
    """This page's path and query, for a form's ``next`` field."""
    return request.full_path.rstrip("?")


def save(
    form: Form,
    call: Callable[[], T],
    apply: Callable[[Form, ValidationError], None] = apply_errors,
) -> T | None:
    """Run the service call a posted form asks for, and commit; None when it was refused.

    A ValidationError goes next to the fields (with ``apply``), a ConflictError
    above them; the session is rolled back, so nothing is stored.
    """
    try:
        result = call()
    except ValidationError as exc:
        db.session.rollback()
        apply(form, exc)
    except ConflictError as exc:
        db.session.rollback()
        form.form_errors.append(exc.message)
    else:
        db.session.commit()
        return result
    return None


def apply_nested_errors(form: Form, error: ValidationError) -> None:
    """Put service errors next to fields, including list fields named ``rules-0-min_hours``."""
    for name, messages in error.errors.items():
        target = _find_field(form, name)
        if target is not None:
            target.errors = list(target.errors) + list(messages)
        else:
            form.form_errors.extend(messages)


def _find_field(form: Form, name: str) -> Any:
    if name in form._fields:
        field = form._fields[name]
        return field if hasattr(field, "errors") else None
    for field in form:
        if name.startswith(field.name + "-") and hasattr(field, "entries"):
            rest = name[len(field.name) + 1 :]
            index, _, sub = rest.partition("-")
            if index.isdigit() and int(index) < len(field.entries):
                entry = field.entries[int(index)]
                inner = getattr(entry, "form", None)
                if inner is not None and sub in inner._fields:
                    return inner._fields[sub]
    return None
