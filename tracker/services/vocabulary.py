"""The vocabularies a coordinator keeps: training domains, experience activities,
document types, exams and codes of ethics.

Each row has a ``code`` (lower-case letters, digits, ``_``, ``-`` and ``.``;
fixed once created: program documents, exports and stored rules name it) and a
name people read.  Rows are added, renamed and archived, never deleted: an
archived row keeps counting in history but is no longer offered for new
entries.  Every change is audited.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import (
    Activity,
    DocumentType,
    Domain,
    EthicsCode,
    Exam,
    User,
    utcnow,
)
from tracker.services import audit
from tracker.services.accounts import clean_text
from tracker.services.errors import ConflictError, ValidationError

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")


@dataclass(frozen=True)
class Vocabulary:
    """One vocabulary: its model, what it is called, and which extra fields it has."""

    slug: str
    model: type[Any]
    singular: Any
    plural: Any
    name_field: str = "name"
    archivable: bool = True


VOCABULARIES = {
    v.slug: v
    for v in (
        Vocabulary(
            "domains", Domain, lazy_gettext("training domain"), lazy_gettext("Training domains")
        ),
        Vocabulary(
            "activities", Activity, lazy_gettext("activity"), lazy_gettext("Experience activities")
        ),
        Vocabulary(
            "document-types",
            DocumentType,
            lazy_gettext("document type"),
            lazy_gettext("Document types"),
        ),
        Vocabulary("exams", Exam, lazy_gettext("exam"), lazy_gettext("Exams"), "title"),
        Vocabulary(
            "ethics-codes",
            EthicsCode,
            lazy_gettext("code of ethics"),
            lazy_gettext("Codes of ethics"),
            archivable=False,
        ),
    )
}


# What a new installation starts with (the same rows migration 0002 adds to an existing one).
DEFAULT_DOMAINS = [
    ("ethics", "Ethics"),
    ("recovery", "Recovery"),
    ("communication", "Communication"),
    ("crisis", "Crisis"),
    ("cultural_humility", "Cultural humility"),
    ("self_care", "Self-care"),
    ("group_facilitation", "Group facilitation"),
    ("other", "Other"),
]
DEFAULT_ACTIVITIES = [
    ("support_group", "Support group"),
    ("one_on_one", "One-on-one"),
    ("online_community", "Online community"),
    ("outreach", "Outreach and advocacy"),
    ("training", "Training and shadowing"),
    ("other", "Other"),
]
DEFAULT_ETHICS_CODE = ("general", "Code of ethics")


def ensure_defaults() -> None:
    """Add the starting domains, activities and code of ethics that are missing."""
    for model, rows_ in ((Domain, DEFAULT_DOMAINS), (Activity, DEFAULT_ACTIVITIES)):
        present = set(db.session.scalars(select(model.code)))
        for position, (code, name) in enumerate(rows_):
            if code not in present:
                db.session.add(model(code=code, name=name, position=position))
    if db.session.scalar(select(EthicsCode.id).limit(1)) is None:
        db.session.add(EthicsCode(code=DEFAULT_ETHICS_CODE[0], name=DEFAULT_ETHICS_CODE[1]))
    db.session.flush()


def default_ethics_code() -> EthicsCode:
    """The code of ethics programs name unless they say otherwise (the first one created)."""
    code = db.session.scalar(
        select(EthicsCode).where(EthicsCode.code == DEFAULT_ETHICS_CODE[0])
    ) or db.session.scalar(select(EthicsCode).order_by(EthicsCode.id).limit(1))
    if code is None:
        ensure_defaults()
        return default_ethics_code()
    return code


def slugify(text: str) -> str:
    """A code proposed from a name: "Recovery & wellness" -> "recovery_wellness"."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug[:40] or "item"


def rows(model: type[Any], include_archived: bool = False) -> list[Any]:
    query = select(model)
    if not include_archived and hasattr(model, "archived_at"):
        query = query.where(model.archived_at.is_(None))
    order = [model.position] if hasattr(model, "position") else []
    name = model.title if hasattr(model, "title") else model.name
    return list(db.session.scalars(query.order_by(*order, func.lower(name), model.id)))


def active_domains() -> list[Domain]:
    return rows(Domain)


def active_activities() -> list[Activity]:
    return rows(Activity)


def activity_names() -> dict[str, str]:
    """Every activity's name by code, archived ones included (history shows them)."""
    return {a.code: a.name for a in rows(Activity, include_archived=True)}


def _text(
    errors: dict[str, list[str]], field: str, value: Any, maximum: int, required: bool = True
) -> str:
    cleaned = clean_text(value if isinstance(value, str) else "")
    if required and not cleaned:
        errors.setdefault(field, []).append(_("Enter a name."))
    elif len(cleaned) > maximum:
        errors.setdefault(field, []).append(_("Use at most %(count)s characters.", count=maximum))
    return cleaned


def _optional_int(
    errors: dict[str, list[str]], field: str, value: Any, low: int, high: int
) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        errors.setdefault(field, []).append(
            _(
                "Enter a whole number from %(low)s to %(high)s, or leave it empty.",
                low=low,
                high=high,
            )
        )
        return None
    return number


def _values(vocabulary: Vocabulary, fields: dict[str, Any], creating: bool) -> dict[str, Any]:
    """Check a form's (or a document's) values for one vocabulary row."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    name_field = vocabulary.name_field
    values[name_field] = _text(
        errors, name_field, fields.get(name_field), 200 if name_field == "title" else 120
    )
    if creating:
        code = clean_text(str(fields.get("code") or "")).lower() or slugify(values[name_field])
        if not CODE_PATTERN.match(code):
            errors.setdefault("code", []).append(
                _("Use lower-case letters, digits, dashes and underscores (at most 40).")
            )
        elif (
            db.session.scalar(
                select(vocabulary.model.id).where(func.lower(vocabulary.model.code) == code)
            )
            is not None
        ):
            errors.setdefault("code", []).append(_("This code is already used."))
        values["code"] = code
    model = vocabulary.model
    if model in (DocumentType, Exam):
        values["description"] = _text(
            errors, "description", fields.get("description", ""), 2000, required=False
        )
    if model is DocumentType:
        values["valid_months"] = _optional_int(
            errors, "valid_months", fields.get("valid_months"), 1, 240
        )
        values["accepts_attestation"] = bool(fields.get("accepts_attestation"))
    if model is Exam:
        values["pass_mark"] = _optional_int(errors, "pass_mark", fields.get("pass_mark"), 0, 100)
        values["max_attempts"] = _optional_int(
            errors, "max_attempts", fields.get("max_attempts"), 1, 100
        )
        values["attempt_period_months"] = _optional_int(
            errors, "attempt_period_months", fields.get("attempt_period_months"), 1, 240
        )
        if values["attempt_period_months"] and not values["max_attempts"]:
            errors.setdefault("max_attempts", []).append(
                _("Give the number of attempts allowed in that period.")
            )
    if errors:
        raise ValidationError(errors)
    return values


def _state(row: Any) -> dict[str, Any]:
    state = {"code": row.code}
    for name in (
        "name",
        "title",
        "description",
        "valid_months",
        "accepts_attestation",
        "pass_mark",
        "max_attempts",
        "attempt_period_months",
    ):
        if hasattr(row, name):
            state[name] = getattr(row, name)
    if hasattr(row, "archived_at"):
        state["archived"] = row.archived_at is not None
    return state


def create(vocabulary: Vocabulary, actor: User | None, **fields: Any) -> Any:
    values = _values(vocabulary, fields, creating=True)
    model = vocabulary.model
    if hasattr(model, "position"):
        values["position"] = (db.session.scalar(select(func.max(model.position))) or 0) + 1
    row = model(**values)
    savepoint = db.session.begin_nested()
    db.session.add(row)
    try:
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        raise ValidationError(_("This code is already used."), "code") from None
    audit.record(
        actor,
        f"{model.__tablename__}.created",
        row,
        f"{vocabulary.slug} {row.code} created",
        after=_state(row),
    )
    return row


def fingerprint(row: Any) -> str:
    """A short digest of a row's state: a form carries the one it was loaded with."""
    text = json.dumps(_state(row), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _lock(row: Any) -> None:
    """Read the row again, locked until the transaction ends (PostgreSQL; SQLite's
    writing requests hold the database's write lock already), so that two
    coordinators changing it at once are served one after the other."""
    db.session.flush()  # a refresh would drop changes not yet written
    db.session.refresh(row, with_for_update=True)


def update(
    vocabulary: Vocabulary,
    row: Any,
    actor: User | None,
    *,
    expected: str | None = None,
    **fields: Any,
) -> Any:
    """Rename (and, for exams and document types, change their terms).  The code stays.

    ``expected`` is the :func:`fingerprint` the form was loaded with: when the
    row changed since, nothing is stored and ConflictError says so.
    """
    values = _values(vocabulary, fields, creating=False)
    _lock(row)
    if expected is not None and fingerprint(row) != expected:
        raise ConflictError(
            _(
                "Another coordinator changed this entry while you were editing it. "
                "Reload the page to see their change, then make yours again."
            )
        )
    before = _state(row)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    after = _state(row)
    if after != before:
        audit.record(
            actor,
            f"{row.__tablename__}.updated",
            row,
            f"{vocabulary.slug} {row.code} changed",
            before,
            after,
        )
    return row


def set_archived(vocabulary: Vocabulary, row: Any, actor: User | None, archived: bool) -> bool:
    if not vocabulary.archivable:
        return False
    _lock(row)
    if (row.archived_at is not None) == archived:
        return False
    row.archived_at = utcnow() if archived else None
    verb = "archived" if archived else "restored"
    audit.record(
        actor,
        f"{row.__tablename__}.{verb}",
        row,
        f"{vocabulary.slug} {row.code} {verb}",
        {"archived": not archived},
        {"archived": archived},
    )
    return True


def ensure(vocabulary: Vocabulary, actor: User | None, fields: dict[str, Any]) -> tuple[Any, bool]:
    """The row with ``fields["code"]``, created from ``fields`` when there is none.

    Returns the row and whether it was created.  An existing row is left as it
    is (its name may differ from the document's: the installation's wins).
    """
    code = str(fields.get("code") or "").lower()
    existing = db.session.scalar(
        select(vocabulary.model).where(func.lower(vocabulary.model.code) == code)
    )
    if existing is not None:
        return existing, False
    return create(vocabulary, actor, **fields), True
