"""Certification programs and their requirements; enrolling and withdrawing trainees.

Every rule is data a coordinator sets: a program's terms (validity, counted
from the issue date or from a requirement's date such as the exam; renewal
window and grace period; continuing-education buckets per cycle, rolling or
following the calendar year) and its requirements, each of a kind from
:mod:`tracker.services.requirements`.

A program is edited in small steps (its terms, one requirement, the renewal
buckets), each a conditional update on the program's ``updated_at``: when two
coordinators edit at once, the second is told instead of silently undoing the
first.  :func:`preview` shows, before a change is saved, whose verdict it
would change.  Whole programs are exported and imported as documents
(:mod:`tracker.services.program_documents`).

Editing a program never alters a certification already issued: each one
holds a copy of the program as it stood when it was issued
(``Certification.program_snapshot``), and renewal and expiry read that copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from jsonschema import Draft202012Validator
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from tracker.extensions import db
from tracker.models import (
    Certification,
    Enrolment,
    Program,
    ProgramRequirement,
    RenewalCycle,
    Role,
    User,
    utcnow,
)
from tracker.services import audit, certifications, program_documents, requirements
from tracker.services.accounts import clean_text
from tracker.services.db_helpers import set_archived
from tracker.services.eligibility import evaluate_many
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError
from tracker.services.requirements import Refs

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")


def _int(
    errors: dict[str, list[str]], name: str, value: Any, low: int, high: int, message: str
) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.setdefault(name, []).append(message)
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(message)
        return None
    if not low <= number <= high:
        errors.setdefault(name, []).append(message)
        return None
    return number


def _validate(
    *,
    code: Any,
    name: Any,
    description: Any = "",
    source: Any = "",
    validity_months: Any = 24,
    validity_from: Any = None,
    renewal_cycle: Any = RenewalCycle.ROLLING,
    renewal_window_days: Any = 60,
    grace_days: Any = 0,
    current: Program | None = None,
) -> dict[str, Any]:
    """A program's terms, checked; every problem at once, each next to its field."""
    errors: dict[str, list[str]] = {}
    code_clean = clean_text(code if isinstance(code, str) else "").upper()
    if not CODE_PATTERN.match(code_clean):
        errors["code"] = [
            _("Use 2 to 10 capital letters and digits, starting with a letter (e.g. PSS).")
        ]
    name_clean = clean_text(name if isinstance(name, str) else "")
    if not name_clean:
        errors["name"] = [_("Enter the program's name.")]
    elif len(name_clean) > 200:
        errors["name"] = [_("Use at most 200 characters.")]
    description_clean = clean_text(description if isinstance(description, str) else "")
    if len(description_clean) > 5000:
        errors["description"] = [_("Use at most 5000 characters.")]
    source_clean = clean_text(source if isinstance(source, str) else "")
    if len(source_clean) > 2000:
        errors["source"] = [_("Use at most 2000 characters.")]
    validity = _int(
        errors,
        "validity_months",
        validity_months,
        1,
        240,
        _("Enter a number of months from 1 to 240."),
    )
    window = _int(
        errors,
        "renewal_window_days",
        renewal_window_days,
        0,
        3650,
        _("Enter a number of days from 0 to 3650."),
    )
    grace = _int(
        errors, "grace_days", grace_days, 0, 3650, _("Enter a number of days from 0 to 3650.")
    )
    cycle = str(renewal_cycle or RenewalCycle.ROLLING)
    if cycle not in {c.value for c in RenewalCycle}:
        errors["renewal_cycle"] = [_("Choose how renewal cycles run.")]
    start = clean_text(validity_from if isinstance(validity_from, str) else "") or None
    if start == "issue":
        start = None
    if start is not None:
        keys = {r.key: r.kind for r in current.requirements} if current is not None else {}
        if start not in keys:
            errors["validity_from"] = [_("Choose a requirement of this program.")]
        elif keys[start] not in program_documents.DATED_KINDS:
            errors["validity_from"] = [
                _(
                    "The validity can start from an exam, modules, documents, training hours, "
                    "the code of ethics or another certification."
                )
            ]
    if "code" not in errors:
        clash = select(Program.id).where(Program.code == code_clean)
        if current is not None:
            clash = clash.where(Program.id != current.id)
        if db.session.scalar(clash) is not None:
            errors["code"] = [_("Another program already uses this code.")]
    if "name" not in errors:
        clash = select(Program.id).where(func.lower(Program.name) == name_clean.lower())
        if current is not None:
            clash = clash.where(Program.id != current.id)
        if db.session.scalar(clash) is not None:
            errors["name"] = [_("Another program already has this name.")]
    if errors:
        raise ValidationError(errors)
    return {
        "code": code_clean,
        "name": name_clean,
        "description": description_clean,
        "source": source_clean,
        "validity_months": validity,
        "validity_from": start,
        "renewal_cycle": cycle,
        "renewal_window_days": window,
        "grace_days": grace,
    }


def program_state(program: Program) -> dict[str, Any]:
    """The program as a plain dict (the audit's before/after): its document."""
    document = program_documents.export(program)
    document.pop("catalogue", None)
    return document


def _flush() -> None:
    try:
        db.session.flush()
    except IntegrityError:
        raise ConflictError(
            _("Another program with this code or name was saved at the same moment.")
        ) from None


def _claim(program: Program, expected_updated_at: datetime | None) -> None:
    """Take the program for this change, or tell that someone else saved it since the form loaded.

    A conditional update: when two coordinators save at once, one matches and
    the other is told, whatever the timing.
    """
    if expected_updated_at is None:
        program.updated_at = utcnow()
        return
    claimed = db.session.execute(
        update(Program)
        .where(Program.id == program.id, Program.updated_at == expected_updated_at)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise ConflictError(
            _(
                "Another coordinator saved this program while you were editing it. "
                "Reload the page to see their changes, then make yours again."
            )
        )
    db.session.refresh(program, ["updated_at"])


def _audited(program: Program, actor: User | None, before: dict[str, Any], summary: str) -> None:
    db.session.flush()
    db.session.expire(program, ["requirements"])
    after = program_state(program)
    if after != before:
        audit.record(actor, "program.updated", program, summary, before, after)


def create_program(actor: User, **fields: Any) -> Program:
    values = _validate(**fields)
    program = Program(**values, renewal_buckets=[])
    db.session.add(program)
    _flush()
    audit.record(
        actor,
        "program.created",
        program,
        f"program {program.code} created",
        after=program_state(program),
    )
    return program


def update_program(
    program: Program, actor: User, *, expected_updated_at: datetime | None = None, **fields: Any
) -> Program:
    """Change a program's terms.  Certifications already issued keep theirs."""
    _claim(program, expected_updated_at)
    values = _validate(current=program, **fields)
    before = program_state(program)
    for name, value in values.items():
        setattr(program, name, value)
    _flush()
    _audited(program, actor, before, f"program {program.code} edited")
    return program


# --- requirements --------------------------------------------------------------------------


def _single(error: ValidationError) -> ValidationError:
    """Errors about a one-requirement document, named ``requirement.<member>``."""
    renamed: dict[str, list[str]] = {}
    for name, messages in error.errors.items():
        if name.startswith("requirements["):
            name = "requirement" + name[name.index("]") + 1 :]
        renamed.setdefault(name, []).extend(messages)
    return ValidationError(renamed)


def _requirement_values(
    program: Program, item: dict[str, Any], editing: str | None
) -> dict[str, Any]:
    """One requirement in document form, checked against the schema and the catalogue.

    Errors name the requirement's members: ``requirement.hours``,
    ``requirement.limits[0].max_hours``...
    """
    document = {**program_documents.export(program), "requirements": [item]}
    document.pop("catalogue", None)
    try:
        program_documents.validate(document)
        values = program_documents.parse_requirement(item, Refs(), "requirement")
        others = [{"key": r.key, "kind": r.kind} for r in program.requirements if r.key != editing]
        if not values["key"]:
            if editing is not None:
                values["key"] = editing  # an edit without a key keeps the requirement's own
            else:
                program_documents.assign_keys([*others, values])
        keys = {other["key"] for other in others}
        if values["key"] in keys:
            raise ValidationError(
                {
                    "requirement.key": [
                        _("Another requirement already has the key %(key)s.", key=values["key"])
                    ]
                }
            )
    except ValidationError as exc:
        raise _single(exc) from None
    if (
        editing is not None
        and editing == program.validity_from
        and values["kind"] not in program_documents.DATED_KINDS
    ):
        raise ValidationError(
            {
                "requirement": [
                    _("The validity is counted from this requirement; change that first.")
                ]
            }
        )
    return values


def propose_key(program: Program, kind: str) -> str:
    """A key for a new requirement of ``kind`` that the program does not use yet
    ("exam", then "exam-2"...), as a document without keys would get."""
    items: list[dict[str, Any]] = [{"key": r.key, "kind": r.kind} for r in program.requirements]
    items.append({"key": "", "kind": kind})
    program_documents.assign_keys(items)
    return str(items[-1]["key"])


def check_option(item: dict[str, Any], path: str = "option") -> None:
    """Check one option of an alternatives requirement (document form) on its own.

    The same checks as when the whole requirement is saved (the option's JSON
    Schema, then its kind's), so the editor can take options one at a time.
    Raises :class:`ValidationError` with names under ``path``.
    """
    full = program_documents.schema()
    validator = Draft202012Validator(
        {"$schema": full["$schema"], "$defs": full["$defs"], "$ref": "#/$defs/option"}
    )
    errors: dict[str, list[str]] = {}
    for error in sorted(validator.iter_errors(item), key=lambda e: list(e.absolute_path)):
        name = path + "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
        )
        text = program_documents.message(error)
        if text not in errors.setdefault(name, []):
            errors[name].append(text)
    if errors:
        raise ValidationError(errors)
    kind = requirements.get(item.get("kind"))
    if kind is None or not kind.may_be_option:
        raise ValidationError({f"{path}.kind": [_("Choose another kind of requirement.")]})
    kind.parse(item, Refs(), path)


def requirement_by_key(program: Program, key: str) -> ProgramRequirement:
    row = next((r for r in program.requirements if r.key == key), None)
    if row is None:
        raise NotFoundError(_("This program has no such requirement."))
    return row


def save_requirement(
    program: Program,
    actor: User,
    item: dict[str, Any],
    *,
    key: str | None = None,
    expected_updated_at: datetime | None = None,
) -> ProgramRequirement:
    """Add a requirement (``key`` None) or replace the one with ``key``, from its document form."""
    _claim(program, expected_updated_at)
    values = _requirement_values(program, item, key)
    if key is not None:
        row = requirement_by_key(program, key)
    before = program_state(program)
    if key is None:
        row = ProgramRequirement(position=len(program.requirements), **values)
        program.requirements.append(row)
        summary = f"requirement {values['key']} added to {program.code}"
    else:
        for name, value in values.items():
            setattr(row, name, value)
        if program.validity_from == key and values["key"] != key:
            program.validity_from = values["key"]
        summary = f"requirement {key} of {program.code} changed"
    _flush()
    _audited(program, actor, before, summary)
    return row


def remove_requirement(
    program: Program, actor: User, key: str, *, expected_updated_at: datetime | None = None
) -> None:
    row = requirement_by_key(program, key)
    if program.validity_from == key:
        raise ValidationError(
            {
                "requirement": [
                    _("The validity is counted from this requirement; change that first.")
                ]
            }
        )
    _claim(program, expected_updated_at)
    before = program_state(program)
    program.requirements.remove(row)
    for position, other in enumerate(program.requirements):
        other.position = position
    _flush()
    _audited(program, actor, before, f"requirement {key} removed from {program.code}")


def move_requirement(
    program: Program,
    actor: User,
    key: str,
    offset: int,
    *,
    expected_updated_at: datetime | None = None,
) -> None:
    """Move a requirement up (``offset`` -1) or down (+1) in the program's order."""
    _claim(program, expected_updated_at)
    rows = list(program.requirements)
    row = requirement_by_key(program, key)
    index = rows.index(row)
    target = index + offset
    if not 0 <= target < len(rows):
        return
    before = program_state(program)
    rows[index], rows[target] = rows[target], rows[index]
    for position, other in enumerate(rows):
        other.position = position
    _flush()
    _audited(program, actor, before, f"requirement {key} of {program.code} moved")


def set_renewal_buckets(
    program: Program,
    actor: User,
    buckets: list[dict[str, Any]],
    *,
    expected_updated_at: datetime | None = None,
) -> None:
    """Replace the continuing-education buckets (document form: label, hours, domains)."""
    _claim(program, expected_updated_at)
    document = {**program_documents.export(program), "requirements": []}
    document.pop("catalogue", None)
    document["renewal"]["buckets"] = buckets
    program_documents.validate(document)
    parsed = program_documents.parse_buckets(buckets, Refs(), "renewal.buckets")
    before = program_state(program)
    program.renewal_buckets = parsed
    _flush()
    _audited(program, actor, before, f"renewal of {program.code} changed")


# --- documents -----------------------------------------------------------------------------


def import_document(
    document: dict[str, Any], actor: User | None, *, replace: bool = False
) -> tuple[Program, bool]:
    """Create a program from a document (or, with ``replace``, redefine the one with its code).

    Returns the program and whether it was created.  Raises ValidationError
    naming the member that is wrong; the caller rolls back, so nothing is stored.
    """
    parsed = program_documents.parse(document, actor)
    existing = db.session.scalar(select(Program).where(Program.code == parsed.fields["code"]))
    if existing is not None and not replace:
        raise ValidationError(
            {
                "code": [
                    _(
                        "A program with the code %(code)s exists already; replace it, or "
                        "change the document's code.",
                        code=parsed.fields["code"],
                    )
                ]
            }
        )
    fields = {k: v for k, v in parsed.fields.items() if k != "validity_from"}
    values = _validate(current=existing, **fields)
    if existing is None:
        program = Program(**values, renewal_buckets=parsed.buckets)
        db.session.add(program)
        before = None
    else:
        program = existing
        before = program_state(program)
        _claim(program, None)
        for name, value in values.items():
            setattr(program, name, value)
        program.renewal_buckets = parsed.buckets
    _replace_requirements(program, parsed.requirements)
    program.validity_from = parsed.fields["validity_from"]
    _flush()
    db.session.expire(program, ["requirements"])
    after = program_state(program)
    if before is None:
        audit.record(
            actor, "program.imported", program, f"program {program.code} imported", after=after
        )
    elif before != after:
        audit.record(
            actor,
            "program.updated",
            program,
            f"program {program.code} replaced from a document",
            before,
            after,
        )
    return program, existing is None


def _replace_requirements(program: Program, items: list[dict[str, Any]]) -> None:
    """The program's requirements become ``items``; rows keep their id where the key stays."""
    by_key = {row.key: row for row in program.requirements}
    kept = []
    for position, values in enumerate(items):
        row = by_key.pop(values["key"], None)
        if row is None:
            row = ProgramRequirement(**values)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        row.position = position
        kept.append(row)
    program.requirements = kept


# --- preview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictChange:
    trainee_id: int
    name: str
    was_eligible: bool
    now_eligible: bool
    was_met: int
    now_met: int
    total_before: int
    total_after: int


def preview(
    program: Program, change: Callable[[], Any], today: date | None = None
) -> list[VerdictChange]:
    """Whose verdict ``change`` would alter, without keeping the change.

    Evaluates every enrolled trainee, makes the change inside a savepoint,
    evaluates again, and rolls the savepoint back.  ``change`` raises as it
    would when saving (a ValidationError goes back to the form).
    """
    enrolled = db.session.execute(
        select(User.id, User.display_name)
        .join(Enrolment, Enrolment.trainee_id == User.id)
        .where(Enrolment.program_id == program.id, Enrolment.withdrawn_at.is_(None))
        .order_by(func.lower(User.display_name), User.id)
    ).all()
    ids = [row.id for row in enrolled]
    before = evaluate_many(ids, program, today) if ids else {}
    savepoint = db.session.begin_nested()
    try:
        change()
        db.session.flush()
        db.session.expire(program, ["requirements"])
        after = evaluate_many(ids, program, today) if ids else {}
    finally:
        savepoint.rollback()
        db.session.expire(program)
    changes = []
    for trainee_id, name in enrolled:
        old, new = before[trainee_id], after[trainee_id]
        if (old.eligible, old.met_count, len(old.rules)) != (
            new.eligible,
            new.met_count,
            len(new.rules),
        ):
            changes.append(
                VerdictChange(
                    trainee_id,
                    name,
                    old.eligible,
                    new.eligible,
                    old.met_count,
                    new.met_count,
                    len(old.rules),
                    len(new.rules),
                )
            )
    return changes


def enrolled_count(program: Program) -> int:
    """How many trainees are enrolled in ``program`` now (withdrawn ones left out)."""
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .where(Enrolment.program_id == program.id, Enrolment.withdrawn_at.is_(None))
        )
        or 0
    )


def archive_program(program: Program, actor: User) -> bool:
    return set_archived(program, actor, "program", True)


def restore_program(program: Program, actor: User) -> bool:
    return set_archived(program, actor, "program", False)


def programs_query(include_archived: bool = False):  # type: ignore[no-untyped-def]
    query = select(Program)
    if not include_archived:
        query = query.where(Program.archived_at.is_(None))
    return query.order_by(Program.name)


def all_programs() -> list[Program]:
    return list(db.session.scalars(select(Program).order_by(Program.name)).all())


def program_counts() -> dict[int, dict[str, int]]:
    """Current enrolments and held certifications per program, two grouped queries."""
    enrolled = db.session.execute(
        select(Enrolment.program_id, func.count())
        .where(Enrolment.withdrawn_at.is_(None))
        .group_by(Enrolment.program_id)
    ).all()
    held = db.session.execute(
        select(Certification.program_id, func.count())
        .where(certifications.is_held())
        .group_by(Certification.program_id)
    ).all()
    counts: dict[int, dict[str, int]] = {}
    for program_id, n in enrolled:
        counts.setdefault(program_id, {"enrolled": 0, "certified": 0})["enrolled"] = n
    for program_id, n in held:
        counts.setdefault(program_id, {"enrolled": 0, "certified": 0})["certified"] = n
    return counts


# --- enrolment ------------------------------------------------------------------------


def current_enrolments(trainee: User) -> list[Enrolment]:
    return [e for e in enrolments_of(trainee) if e.withdrawn_at is None]


def enrolments_of(trainee: User) -> list[Enrolment]:
    """Every enrolment of the trainee, current or withdrawn, with its program, by program
    name (one query)."""
    return list(
        db.session.scalars(
            select(Enrolment)
            .join(Program, Program.id == Enrolment.program_id)
            .options(contains_eager(Enrolment.program))
            .where(Enrolment.trainee_id == trainee.id)
            .order_by(Program.name)
        ).all()
    )


def enrol(trainee: User, program: Program, actor: User | None) -> tuple[Enrolment, bool]:
    """Enrol (or re-enrol after a withdrawal).  Returns the enrolment and whether it changed."""
    if trainee.role != Role.TRAINEE:
        raise ServiceError(_("Only trainees can be enrolled in a program."))
    if not trainee.active:
        raise ServiceError(_("This account is deactivated; reactivate it first."))
    if program.is_archived:
        raise ServiceError(_("This program is archived."))
    enrolment = db.session.scalar(
        select(Enrolment).where(
            Enrolment.trainee_id == trainee.id, Enrolment.program_id == program.id
        )
    )
    if enrolment is not None:
        if enrolment.withdrawn_at is None:
            return enrolment, False
        resumed = db.session.execute(
            update(Enrolment)
            .where(Enrolment.id == enrolment.id, Enrolment.withdrawn_at.is_not(None))
            .values(withdrawn_at=None, enrolled_at=utcnow(), enrolled_by_id=_id(actor))
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(enrolment)
        if resumed.rowcount != 1:
            return enrolment, False
        audit.record(
            actor,
            "enrolment.resumed",
            enrolment,
            f"{trainee.display_name} enrolled again in {program.code}",
            {"withdrawn": True},
            {"withdrawn": False},
        )
        return enrolment, True
    enrolment = Enrolment(trainee_id=trainee.id, program_id=program.id, enrolled_by_id=_id(actor))
    db.session.add(enrolment)
    try:
        db.session.flush()
    except IntegrityError:
        raise ConflictError(
            _(
                "%(name)s was enrolled in %(program)s at the same moment.",
                name=trainee.display_name,
                program=program.name,
            )
        ) from None
    audit.record(
        actor,
        "enrolment.created",
        enrolment,
        f"{trainee.display_name} enrolled in {program.code}",
        after={"program": program.code},
    )
    return enrolment, True


def withdraw(trainee: User, program: Program, actor: User | None) -> bool:
    """Withdraw from a program.  Hours, completions and certifications stay."""
    enrolment = db.session.scalar(
        select(Enrolment).where(
            Enrolment.trainee_id == trainee.id, Enrolment.program_id == program.id
        )
    )
    if enrolment is None:
        raise NotFoundError(_("This trainee is not enrolled in that program."))
    changed = db.session.execute(
        update(Enrolment)
        .where(Enrolment.id == enrolment.id, Enrolment.withdrawn_at.is_(None))
        .values(withdrawn_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(enrolment)
    if changed.rowcount != 1:
        return False
    audit.record(
        actor,
        "enrolment.withdrawn",
        enrolment,
        f"{trainee.display_name} withdrawn from {program.code}",
        {"withdrawn": False},
        {"withdrawn": True},
    )
    return True


def _id(user: User | None) -> int | None:
    return user.id if user is not None else None


def issue_to_enrolled(
    trainee: User, program: Program, actor: User, override_reason: str | None = None
) -> Certification:
    """Issue a certification to a trainee enrolled in ``program``.

    The enrolment row is written to first (a no-op update), which makes a
    second request for the same trainee and program wait until the first has
    committed (a row lock on PostgreSQL, the write lock on SQLite); it then
    finds the certification already held and is refused.  So a double
    submission, or two coordinators at once, issue one certification.
    The rules themselves are :func:`tracker.services.certifications.issue`'s.
    """
    locked = db.session.execute(
        update(Enrolment)
        .where(
            Enrolment.trainee_id == trainee.id,
            Enrolment.program_id == program.id,
            Enrolment.withdrawn_at.is_(None),
        )
        .values(enrolled_at=Enrolment.enrolled_at)
        .execution_options(synchronize_session=False)
    )
    if locked.rowcount != 1:
        raise ServiceError(
            _(
                "%(name)s is not enrolled in %(program)s.",
                name=trainee.display_name,
                program=program.name,
            )
        )
    return certifications.issue(trainee, program, actor, override_reason=override_reason)
