"""Certification programs and their rules; enrolling and withdrawing trainees.

Every rule is data a coordinator sets: required modules, hour rules (a
minimum of approved hours, optionally limited to some activities, to
supervised hours and to a window of months), the code of ethics, validity,
renewal hours and their category, grace days and the renewal window.

Editing a program never alters a certification already issued: each one
holds a copy of the rules as they stood when it was issued
(``Certification.program_snapshot``), and renewal and expiry read that copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.models import (
    Activity,
    Certification,
    Enrolment,
    HourRule,
    Module,
    ModuleCategory,
    Program,
    Role,
    User,
    utcnow,
)
from tracker.services import audit, certifications
from tracker.services.accounts import clean_text
from tracker.services.catalogue import hours_to_minutes
from tracker.services.db_helpers import set_archived
from tracker.services.errors import ConflictError, NotFoundError, ServiceError, ValidationError

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
MAX_HOUR_RULES = 12


@dataclass
class HourRuleInput:
    """One hour rule as typed in the form.  ``id`` is set for a rule being edited."""

    min_hours: Any = None
    label: Any = ""
    activities: list[str] | None = None
    supervised_only: bool = False
    window_months: Any = None
    id: int | None = None

    @property
    def blank(self) -> bool:
        return (self.min_hours is None or str(self.min_hours).strip() == "") and not (
            (clean_text(self.label) if isinstance(self.label, str) else "")
            or self.activities
            or self.supervised_only
            or (self.window_months not in (None, ""))
        )


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
    requires_ethics: bool = True,
    validity_months: Any = 24,
    renewal_window_days: Any = 60,
    renewal_ce_hours: Any = "0",
    renewal_category: Any = None,
    renewal_category_hours: Any = "0",
    grace_days: Any = 0,
    module_ids: list[Any] | None = None,
    hour_rules: list[HourRuleInput] | None = None,
    current: Program | None = None,
) -> tuple[dict[str, Any], list[Module], list[tuple[HourRuleInput, dict[str, Any]]]]:
    errors: dict[str, list[str]] = {}
    code_clean = clean_text(code if isinstance(code, str) else "").upper()
    if not CODE_PATTERN.match(code_clean):
        errors["code"] = [
            "Use 2 to 10 capital letters and digits, starting with a letter (e.g. PSS)."
        ]
    name_clean = clean_text(name if isinstance(name, str) else "")
    if not name_clean:
        errors["name"] = ["Enter the program's name."]
    elif len(name_clean) > 200:
        errors["name"] = ["Use at most 200 characters."]
    description_clean = clean_text(description if isinstance(description, str) else "")
    if len(description_clean) > 5000:
        errors["description"] = ["Use at most 5000 characters."]
    validity = _int(
        errors,
        "validity_months",
        validity_months,
        1,
        240,
        "Enter a number of months from 1 to 240.",
    )
    window = _int(
        errors,
        "renewal_window_days",
        renewal_window_days,
        0,
        3650,
        "Enter a number of days from 0 to 3650.",
    )
    grace = _int(
        errors, "grace_days", grace_days, 0, 3650, "Enter a number of days from 0 to 3650."
    )
    ce_minutes = category_minutes = 0
    try:
        ce_minutes = hours_to_minutes(renewal_ce_hours or "0", allow_zero=True)
    except ValueError as exc:
        errors["renewal_ce_hours"] = [str(exc)]
    try:
        category_minutes = hours_to_minutes(renewal_category_hours or "0", allow_zero=True)
    except ValueError as exc:
        errors["renewal_category_hours"] = [str(exc)]
    category = renewal_category or None
    if category is not None and category not in {c.value for c in ModuleCategory}:
        errors["renewal_category"] = ["Choose a category."]
    if category_minutes and category is None and "renewal_category" not in errors:
        errors["renewal_category"] = ["Choose the category these hours must be in."]
    if category is not None and not category_minutes and "renewal_category_hours" not in errors:
        errors["renewal_category_hours"] = ["Enter how many of the renewal hours are in it."]
    if category_minutes > ce_minutes and not errors.get("renewal_category_hours"):
        errors["renewal_category_hours"] = ["This cannot be more than the renewal hours in all."]
    if not category_minutes:
        category = None

    # Required modules: active ones, or ones the program already required.
    wanted_ids: set[int] = set()
    for raw in module_ids or []:
        try:
            number = int(raw)
            if not 0 < number < 2**31:  # no row has it, and the database cannot even hold it
                raise ValueError(raw)
            wanted_ids.add(number)
        except (TypeError, ValueError):
            errors["module_ids"] = ["Choose modules from the list."]
    modules = (
        list(db.session.scalars(select(Module).where(Module.id.in_(wanted_ids))).all())
        if wanted_ids
        else []
    )
    kept = {m.id for m in current.required_modules} if current is not None else set()
    if len(modules) != len(wanted_ids):
        errors["module_ids"] = ["Choose modules from the list."]
    elif any(m.is_archived and m.id not in kept for m in modules):
        errors["module_ids"] = ["An archived module cannot be added; restore it first."]

    rules: list[tuple[HourRuleInput, dict[str, Any]]] = []
    existing_rule_ids = {r.id for r in current.hour_rules} if current is not None else set()
    activity_values = {a.value for a in Activity}
    for index, rule in enumerate(hour_rules or []):
        if rule.blank:
            continue
        prefix = f"hour_rules-{index}-"
        values: dict[str, Any] = {}
        try:
            values["min_minutes"] = hours_to_minutes(rule.min_hours)
        except ValueError as exc:
            errors[prefix + "min_hours"] = [str(exc)]
        label = clean_text(rule.label if isinstance(rule.label, str) else "")
        if len(label) > 200:
            errors[prefix + "label"] = ["Use at most 200 characters."]
        values["label"] = label
        activities = list(dict.fromkeys(rule.activities or []))
        if any(a not in activity_values for a in activities):
            errors[prefix + "activities"] = ["Choose activities from the list."]
        values["activities"] = [a for a in Activity if a.value in activities]
        values["activities"] = [a.value for a in values["activities"]]
        values["supervised_only"] = bool(rule.supervised_only)
        if rule.window_months in (None, "") or str(rule.window_months).strip() == "":
            values["window_months"] = None
        else:
            values["window_months"] = _int(
                errors,
                prefix + "window_months",
                rule.window_months,
                1,
                240,
                "Enter a number of months from 1 to 240, or leave it empty for no window.",
            )
        if rule.id is not None and rule.id not in existing_rule_ids:
            errors["hour_rules"] = ["A rule in the form does not belong to this program."]
        rules.append((rule, values))
    if len(rules) > MAX_HOUR_RULES:
        errors["hour_rules"] = [f"Use at most {MAX_HOUR_RULES} hour rules."]

    if "code" not in errors:
        clash = select(Program.id).where(Program.code == code_clean)
        if current is not None:
            clash = clash.where(Program.id != current.id)
        if db.session.scalar(clash) is not None:
            errors["code"] = ["Another program already uses this code."]
    if "name" not in errors:
        clash = select(Program.id).where(func.lower(Program.name) == name_clean.lower())
        if current is not None:
            clash = clash.where(Program.id != current.id)
        if db.session.scalar(clash) is not None:
            errors["name"] = ["Another program already has this name."]
    if errors:
        raise ValidationError(errors)
    fields = {
        "code": code_clean,
        "name": name_clean,
        "description": description_clean,
        "requires_ethics": bool(requires_ethics),
        "validity_months": validity,
        "renewal_window_days": window,
        "renewal_ce_minutes": ce_minutes,
        "renewal_category": category,
        "renewal_category_minutes": category_minutes,
        "grace_days": grace,
    }
    modules.sort(key=lambda m: m.code)
    return fields, modules, rules


def program_state(program: Program) -> dict[str, Any]:
    """The program's rules as a plain dict (the audit's before/after)."""
    return {
        "code": program.code,
        "name": program.name,
        **certifications.program_terms(program),
        "modules": [m.code for m in program.required_modules],
        "hour_rules": certifications.hour_rule_terms(program),
    }


def _apply_rules(program: Program, rules: list[tuple[HourRuleInput, dict[str, Any]]]) -> None:
    by_id = {r.id: r for r in program.hour_rules}
    keep: list[HourRule] = []
    for position, (given, values) in enumerate(rules):
        rule = by_id.get(given.id) if given.id is not None else None
        if rule is None:
            rule = HourRule(**values)
        else:
            for name, value in values.items():
                setattr(rule, name, value)
        rule.position = position
        keep.append(rule)
    # Rules left out of the form are removed (delete-orphan); issued
    # certifications keep their own copy of them.
    program.hour_rules = keep


def _flush() -> None:
    try:
        db.session.flush()
    except IntegrityError:
        raise ConflictError(
            "Another program with this code or name was saved at the same moment."
        ) from None


def create_program(actor: User, **fields: Any) -> Program:
    values, modules, rules = _validate(**fields)
    program = Program(**values)
    program.required_modules = modules
    _apply_rules(program, rules)
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
    """Change a program's rules.  Certifications already issued keep theirs.

    ``expected_updated_at`` is the program's ``updated_at`` when the form was
    loaded: if another coordinator saved since, a ConflictError says so instead of
    silently overwriting their change (a conditional update, safe when both save at once).
    """
    values, modules, rules = _validate(current=program, **fields)
    if expected_updated_at is not None:
        claimed = db.session.execute(
            update(Program)
            .where(Program.id == program.id, Program.updated_at == expected_updated_at)
            .values(updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:
            raise ConflictError(
                "Another coordinator saved this program while you were editing it. "
                "Reload the page to see their changes, then make yours again."
            )
    before = program_state(program)
    for name, value in values.items():
        setattr(program, name, value)
    program.required_modules = modules
    _apply_rules(program, rules)
    program.updated_at = utcnow()  # also when only the rules or modules changed
    _flush()
    db.session.refresh(program)
    after = program_state(program)
    if after != before:
        audit.record(
            actor, "program.updated", program, f"program {program.code} edited", before, after
        )
    return program


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
        .where(Certification.state.in_(certifications.HELD_STATES))
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
    return list(
        db.session.scalars(
            select(Enrolment)
            .join(Program, Program.id == Enrolment.program_id)
            .where(Enrolment.trainee_id == trainee.id, Enrolment.withdrawn_at.is_(None))
            .order_by(Program.name)
        ).all()
    )


def enrol(trainee: User, program: Program, actor: User | None) -> tuple[Enrolment, bool]:
    """Enrol (or re-enrol after a withdrawal).  Returns the enrolment and whether it changed."""
    if trainee.role != Role.TRAINEE:
        raise ServiceError("Only trainees can be enrolled in a program.")
    if not trainee.active:
        raise ServiceError("This account is deactivated; reactivate it first.")
    if program.is_archived:
        raise ServiceError("This program is archived.")
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
            f"{trainee.display_name} was enrolled in {program.name} at the same moment."
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
        raise NotFoundError("This trainee is not enrolled in that program.")
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
        raise ServiceError(f"{trainee.display_name} is not enrolled in {program.name}.")
    return certifications.issue(trainee, program, actor, override_reason=override_reason)
