"""Small builders for each model.  Each adds its row and flushes, and returns it."""

from __future__ import annotations

import itertools
import secrets
from datetime import timedelta
from typing import Any

from tracker.extensions import db
from tracker.models import (
    Activity,
    Certification,
    CertificationState,
    CompletionSource,
    CompletionStatus,
    Enrolment,
    EthicsAcknowledgement,
    EthicsVersion,
    HourEntry,
    HourRule,
    HourStatus,
    Module,
    ModuleCategory,
    ModuleCompletion,
    Program,
    Role,
    Setting,
    TrainingSession,
    User,
)
from tracker.services import accounts, logins
from tracker.services.dates import local_today

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def _add(obj: Any) -> Any:
    db.session.add(obj)
    db.session.flush()
    return obj


def user(role: Role | str = Role.TRAINEE, **kw: Any) -> User:
    n = next(_seq)
    password = kw.pop("password", PASSWORD)
    kw.setdefault("email", f"{role}{n}@example.org")
    kw.setdefault("display_name", f"{str(role).capitalize()} {n}")
    kw["email"] = kw["email"].lower()
    obj = User(role=str(role), active=kw.pop("active", True), **kw)
    if password is not None:
        obj.password_hash = accounts.hash_password(password)
    return _add(obj)


def login_cookie(user_: User) -> str:
    """What a browser's session cookie names after ``user_`` logs in: a new login session."""
    logins.start(user_, "Test browser")
    return user_.get_id()


def trainee(**kw: Any) -> User:
    return user(Role.TRAINEE, **kw)


def coordinator(**kw: Any) -> User:
    return user(Role.COORDINATOR, **kw)


def module(**kw: Any) -> Module:
    n = next(_seq)
    kw.setdefault("code", f"M{n:03d}")
    kw.setdefault("title", f"Module {n}")
    kw.setdefault("category", ModuleCategory.RECOVERY)
    kw.setdefault("contact_minutes", 240)
    return _add(Module(**kw))


def program(**kw: Any) -> Program:
    n = next(_seq)
    modules = kw.pop("modules", [])
    rules = kw.pop("hour_rules", [])
    kw.setdefault("code", f"P{n}")
    kw.setdefault("name", f"Program {n}")
    kw.setdefault("validity_months", 24)
    kw.setdefault("requires_ethics", False)
    obj = Program(**kw)
    obj.required_modules = list(modules)
    for position, rule in enumerate(rules):
        obj.hour_rules.append(HourRule(position=position, **rule))
    return _add(obj)


def hour_rule(program_: Program, **kw: Any) -> HourRule:
    kw.setdefault("min_minutes", 600)
    kw.setdefault("position", len(program_.hour_rules))
    return _add(HourRule(program_id=program_.id, **kw))


def hour_entry(trainee_: User, **kw: Any) -> HourEntry:
    kw.setdefault("worked_on", local_today() - timedelta(days=1))
    kw.setdefault("minutes", 120)
    kw.setdefault("activity", Activity.SUPPORT_GROUP)
    kw.setdefault("setting", Setting.IN_PERSON)
    kw.setdefault("status", HourStatus.PENDING)
    if kw.get("supervised"):
        kw.setdefault("supervisor_name", "Sam Supervisor")
    if kw["status"] == HourStatus.REJECTED:
        kw.setdefault("rejection_reason", "Not a practice activity")
    return _add(HourEntry(trainee_id=trainee_.id, **kw))


def completion(trainee_: User, module_: Module, **kw: Any) -> ModuleCompletion:
    kw.setdefault("completed_on", local_today() - timedelta(days=1))
    kw.setdefault("source", CompletionSource.COORDINATOR)
    kw.setdefault("status", CompletionStatus.VERIFIED)
    return _add(ModuleCompletion(trainee_id=trainee_.id, module_id=module_.id, **kw))


def ethics_version(**kw: Any) -> EthicsVersion:
    latest = db.session.scalar(db.select(db.func.max(EthicsVersion.version))) or 0
    kw.setdefault("version", latest + 1)
    kw.setdefault("title", f"Code of ethics, version {kw['version']}")
    kw.setdefault("body", "Respect confidentiality. Keep boundaries. Do no harm.")
    return _add(EthicsVersion(**kw))


def acknowledgement(user_: User, version: EthicsVersion, **kw: Any) -> EthicsAcknowledgement:
    return _add(EthicsAcknowledgement(user_id=user_.id, ethics_version_id=version.id, **kw))


def enrolment(trainee_: User, program_: Program, **kw: Any) -> Enrolment:
    return _add(Enrolment(trainee_id=trainee_.id, program_id=program_.id, **kw))


def training_session(module_: Module, **kw: Any) -> TrainingSession:
    kw.setdefault("held_on", local_today())
    return _add(TrainingSession(module_id=module_.id, **kw))


def certification(trainee_: User, program_: Program, **kw: Any) -> Certification:
    n = next(_seq)
    issued = kw.pop("issued_on", local_today())
    kw.setdefault("expires_on", issued + timedelta(days=730))
    kw.setdefault("issue_year", issued.year)
    kw.setdefault("serial", n)
    kw.setdefault("number", f"{program_.code}-{issued.year}-{n:05d}")
    kw.setdefault("verification_code", secrets.token_hex(10).upper())
    kw.setdefault("state", CertificationState.ACTIVE)
    return _add(
        Certification(trainee_id=trainee_.id, program_id=program_.id, issued_on=issued, **kw)
    )
