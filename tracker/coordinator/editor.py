"""What the program editor's pages share: the error summary of nested forms, and
saving a change to a program only after its preview has been confirmed.

A change to a program that has enrolled trainees (a requirement saved or
removed, the terms, the renewal buckets) is first shown as a preview: whose
verdict it would change, from :func:`tracker.services.programs.preview`.  The
preview page carries the values that were posted, so confirming it posts them
again and the change is made only then; nothing is stored before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from wtforms import Form

from tracker.extensions import db
from tracker.models import Program
from tracker.services import programs
from tracker.services.errors import ConflictError, NotFoundError, ValidationError

# Names of the posted values that steer the preview rather than describe the change.
STEERING = frozenset({"csrf_token", "confirm", "back"})


# --- error summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One line of an error summary: the field it links to (if any), its label, the message."""

    target: str | None
    label: str
    message: str


def summary_items(*forms: Form | tuple[Form | None, str] | None) -> list[Problem]:
    """Every error of ``forms``, nested rows and sub-forms included, in page order.

    A form may come with a label that names it ("Option 2"), put before its fields' labels.
    """
    items: list[Problem] = []
    for entry in forms:
        form, context = entry if isinstance(entry, tuple) else (entry, "")
        if form is None:
            continue
        _walk(form, context, items)
        items.extend(Problem(None, "", message) for message in form.form_errors)
    return items


def _walk(form: Form, context: str, items: list[Problem]) -> None:
    for field in form:
        if field.type == "FieldList":
            for message in (e for e in field.errors if isinstance(e, str)):
                items.append(Problem(None, "", message))
            for number, entry in enumerate(field.entries, start=1):
                inner = getattr(entry, "form", None)
                row = _("%(group)s %(number)d", group=field.label.text, number=number)
                if context:
                    row = _("%(group)s, %(field)s", group=context, field=row)
                if inner is not None:
                    _walk(inner, row, items)
                else:
                    for message in entry.errors:
                        items.append(Problem(entry.id, row, message))
        elif field.type == "FormField":
            _walk(field.form, field.label.text, items)
        elif field.type == "CSRFTokenField":
            items.extend(Problem(None, "", message) for message in field.errors)
        else:
            label = field.label.text
            if context:
                label = _("%(group)s, %(field)s", group=context, field=label)
            for message in field.errors:
                items.append(Problem(field.id, label, message))


def has_errors(*forms: Form | tuple[Form | None, str] | None) -> bool:
    return bool(summary_items(*forms))


# --- preview, then save ----------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of a posted change: saved, previewed (a page to show) or refused."""

    saved: bool = False
    result: Any = None
    page: Any = None
    status: int = 200


def carried() -> list[tuple[str, str]]:
    """The values posted with the change, to post again from the preview page."""
    return [(k, v) for k, v in request.form.items(multi=True) if k not in STEERING]


def confirmed() -> bool:
    return request.form.get("confirm") == "1"


def going_back() -> bool:
    """The preview's "Back to the form": show the form again with the posted values."""
    return request.form.get("back") == "1"


def enrolled(program: Program) -> int:
    return programs.enrolled_count(program)


def attempt(
    program: Program,
    form: Form,
    change: Callable[[], Any],
    apply: Callable[[Form, ValidationError], None],
    *,
    what: str,
    confirm_label: str,
    cancel_url: str,
    can_go_back: bool = True,
) -> Outcome:
    """Make ``change`` (a service call), or first show its preview.

    With enrolled trainees and no confirmation yet, the change is previewed
    (run in a savepoint and rolled back) and the preview page returned.
    Otherwise it is made and committed.  A ValidationError goes next to the
    form's fields (with ``apply``), a ConflictError above them; either way
    nothing is stored and the outcome is refused (400).
    """
    try:
        if enrolled(program) and not confirmed():
            changes = programs.preview(program, change)
            db.session.rollback()
            page = render_template(
                "coordinator/program_preview.html",
                program=program,
                what=what,
                changes=changes,
                enrolled=enrolled(program),
                carried=carried(),
                confirm_label=confirm_label,
                cancel_url=cancel_url,
                can_go_back=can_go_back,
            )
            return Outcome(page=page)
        result = change()
    except ValidationError as exc:
        db.session.rollback()
        apply(form, exc)
        return Outcome(status=400)
    except (ConflictError, NotFoundError) as exc:
        db.session.rollback()
        form.form_errors.append(exc.message)
        return Outcome(status=400)
    db.session.commit()
    return Outcome(saved=True, result=result)
