"""Small builders for each model.  Each adds its row and flushes, and returns it.

``program()`` also takes the rules in the short form most tests need
(``modules=[...]``, ``hour_rules=[{...}]``, ``requires_ethics=True``,
``renewal_ce_minutes`` with an optional ``renewal_category``), and turns them
into requirements and renewal buckets; ``requirements=[...]`` gives rows as
they are stored.
"""

from __future__ import annotations

import itertools
import secrets
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import (
    Activity,
    Certification,
    CertificationState,
    CompletionSource,
    CompletionStatus,
    Document,
    DocumentType,
    Domain,
    Enrolment,
    EthicsAcknowledgement,
    EthicsCode,
    EthicsVersion,
    Exam,
    ExamResult,
    ExternalTraining,
    ExternalTrainingDomain,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    ModuleDomain,
    Program,
    ProgramRequirement,
    ReviewStatus,
    Role,
    Setting,
    SupervisionRecord,
    SupervisorAssignment,
    TrainingSession,
    User,
    utcnow,
)
from tracker.services import accounts, logins
from tracker.services.certifications import program_snapshot
from tracker.services.dates import local_today
from tracker.services.vocabulary import default_ethics_code

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def _add(obj: Any) -> Any:
    db.session.add(obj)
    db.session.flush()
    return obj


def yesterday() -> date:
    return local_today() - timedelta(days=1)


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


def supervisor(trainees: list[User] | None = None, **kw: Any) -> User:
    """A supervisor, with ``trainees`` assigned to them."""
    obj = user(Role.SUPERVISOR, **kw)
    for trainee_ in trainees or []:
        _add(SupervisorAssignment(supervisor_id=obj.id, trainee_id=trainee_.id))
    return obj


def domain(code: str | None = None, **kw: Any) -> Domain:
    """The domain with ``code`` (created when missing)."""
    n = next(_seq)
    code = code or f"domain_{n}"
    existing = db.session.scalar(select(Domain).where(Domain.code == code))
    if existing is not None:
        return existing
    kw.setdefault("name", code.replace("_", " ").capitalize())
    return _add(Domain(code=code, **kw))


def activity(code: str | None = None, **kw: Any) -> Activity:
    n = next(_seq)
    code = code or f"activity_{n}"
    existing = db.session.scalar(select(Activity).where(Activity.code == code))
    if existing is not None:
        return existing
    kw.setdefault("name", code.replace("_", " ").capitalize())
    return _add(Activity(code=code, **kw))


def module(**kw: Any) -> Module:
    """A module; ``category`` (a domain code, default "recovery") gets all its contact hours,
    or ``domains={"ethics": 60, ...}`` gives minutes per domain code."""
    n = next(_seq)
    kw.setdefault("code", f"M{n:03d}")
    kw.setdefault("title", f"Module {n}")
    kw.setdefault("contact_minutes", 240)
    category = str(kw.pop("category", "recovery"))
    domains = kw.pop("domains", None)
    if domains is None:
        domains = {category: kw["contact_minutes"]}
    obj = Module(**kw)
    obj.domain_hours = [
        ModuleDomain(domain_id=domain(code).id, minutes=minutes)
        for code, minutes in domains.items()
    ]
    return _add(obj)


def experience(min_minutes: int = 600, **rule: Any) -> dict[str, Any]:
    """Stored settings of an experience-hours requirement, from the short hour-rule form."""
    settings: dict[str, Any] = {
        "minutes": min_minutes,
        "supervised": bool(rule.pop("supervised_only", False)),
    }
    activities = rule.pop("activities", None)
    if activities:
        settings["activity_ids"] = [activity(a).id for a in activities]
        settings["activity_mode"] = "include"
    settings.update(rule.pop("settings", {}))
    return settings


def requirement(
    program_: Program, kind: str, settings: dict[str, Any], **kw: Any
) -> ProgramRequirement:
    """Add a requirement row to ``program_`` (key made from the kind unless given)."""
    taken = {r.key for r in program_.requirements}
    key = kw.pop("key", None)
    if key is None:
        key, n = kind.replace("_", "-"), 1
        while key in taken:
            n += 1
            key = f"{kind.replace('_', '-')}-{n}"
    row = ProgramRequirement(
        key=key, kind=kind, settings=settings, position=len(program_.requirements), **kw
    )
    program_.requirements.append(row)
    db.session.flush()
    return row


def _bucket(label: str, minutes: int, domain_codes: list[str]) -> dict[str, Any]:
    return {
        "label": label,
        "minutes": minutes,
        "domain_ids": [domain(code).id for code in domain_codes],
    }


def program(**kw: Any) -> Program:
    n = next(_seq)
    modules = kw.pop("modules", [])
    rules = kw.pop("hour_rules", [])
    requires_ethics = kw.pop("requires_ethics", False)
    ce_total = int(kw.pop("renewal_ce_minutes", 0) or 0)
    ce_category = kw.pop("renewal_category", None)
    ce_category_minutes = int(kw.pop("renewal_category_minutes", 0) or 0)
    requirements = kw.pop("requirements", [])
    kw.setdefault("code", f"P{n}")
    kw.setdefault("name", f"Program {n}")
    kw.setdefault("validity_months", 24)
    buckets = kw.pop("renewal_buckets", None)
    if buckets is None:
        buckets = []
        if ce_category and ce_category_minutes:
            buckets.append(_bucket(f"{ce_category} hours", ce_category_minutes, [str(ce_category)]))
            if ce_total > ce_category_minutes:
                buckets.append(_bucket("Any domain", ce_total - ce_category_minutes, []))
        elif ce_total:
            buckets.append(_bucket("Continuing education", ce_total, []))
    obj = _add(Program(renewal_buckets=buckets, **kw))
    if modules:
        requirement(obj, "modules", {"module_ids": [m.id for m in modules]}, key="modules")
    for index, rule in enumerate(rules, start=1):
        rule = dict(rule)
        label = rule.pop("label", "")
        window = rule.pop("window_months", None)
        requirement(
            obj,
            "experience_hours",
            experience(**rule),
            key=f"hours-{index}",
            label=label,
            window_months=window,
        )
    for item in requirements:
        item = dict(item)
        requirement(obj, item.pop("kind"), item.pop("settings"), **item)
    if requires_ethics:
        requirement(obj, "ethics", {"ethics_code_id": default_ethics_code().id}, key="ethics")
    return obj


def hour_rule(program_: Program, **kw: Any) -> ProgramRequirement:
    """An experience-hours requirement from the short form (``min_minutes``, ``activities``...)."""
    kw.setdefault("min_minutes", 600)
    label = kw.pop("label", "")
    window = kw.pop("window_months", None)
    return requirement(
        program_, "experience_hours", experience(**kw), label=label, window_months=window
    )


def hour_entry(trainee_: User, **kw: Any) -> HourEntry:
    kw.setdefault("worked_on", yesterday())
    kw.setdefault("minutes", 120)
    kw.setdefault("activity", "support_group")
    kw.setdefault("setting", Setting.IN_PERSON)
    kw.setdefault("status", HourStatus.PENDING)
    activity(str(kw["activity"]))
    if kw.get("supervised"):
        kw.setdefault("supervisor_name", "Sam Supervisor")
    if kw["status"] == HourStatus.REJECTED:
        kw.setdefault("rejection_reason", "Not a practice activity")
    return _add(HourEntry(trainee_id=trainee_.id, **kw))


def completion(trainee_: User, module_: Module, **kw: Any) -> ModuleCompletion:
    kw.setdefault("completed_on", yesterday())
    kw.setdefault("source", CompletionSource.COORDINATOR)
    kw.setdefault("status", CompletionStatus.VERIFIED)
    return _add(ModuleCompletion(trainee_id=trainee_.id, module_id=module_.id, **kw))


def ethics_code(code: str | None = None, **kw: Any) -> EthicsCode:
    if code is None:
        return default_ethics_code()
    existing = db.session.scalar(select(EthicsCode).where(EthicsCode.code == code))
    if existing is not None:
        return existing
    kw.setdefault("name", f"Code {code}")
    return _add(EthicsCode(code=code, **kw))


def ethics_version(code: EthicsCode | None = None, **kw: Any) -> EthicsVersion:
    code = code or default_ethics_code()
    latest = (
        db.session.scalar(
            select(db.func.max(EthicsVersion.version)).where(
                EthicsVersion.ethics_code_id == code.id
            )
        )
        or 0
    )
    kw.setdefault("version", latest + 1)
    kw.setdefault("title", f"Code of ethics, version {kw['version']}")
    kw.setdefault("body", "Respect confidentiality. Keep boundaries. Do no harm.")
    return _add(EthicsVersion(ethics_code_id=code.id, **kw))


def acknowledgement(user_: User, version: EthicsVersion, **kw: Any) -> EthicsAcknowledgement:
    return _add(EthicsAcknowledgement(user_id=user_.id, ethics_version_id=version.id, **kw))


def enrolment(trainee_: User, program_: Program, **kw: Any) -> Enrolment:
    return _add(Enrolment(trainee_id=trainee_.id, program_id=program_.id, **kw))


def training_session(module_: Module, **kw: Any) -> TrainingSession:
    kw.setdefault("held_on", local_today())
    return _add(TrainingSession(module_id=module_.id, **kw))


def exam(**kw: Any) -> Exam:
    n = next(_seq)
    kw.setdefault("code", f"exam-{n}")
    kw.setdefault("title", f"Exam {n}")
    return _add(Exam(**kw))


def exam_result(trainee_: User, exam_: Exam, **kw: Any) -> ExamResult:
    kw.setdefault("taken_on", yesterday())
    if "passed" not in kw:
        score = kw.get("score")
        kw["passed"] = exam_.pass_mark is None or (score is not None and score >= exam_.pass_mark)
    return _add(ExamResult(trainee_id=trainee_.id, exam_id=exam_.id, **kw))


def supervision(trainee_: User, **kw: Any) -> SupervisionRecord:
    kw.setdefault("held_on", yesterday())
    kw.setdefault("minutes", 60)
    kw.setdefault("supervisor_name", "Sam Supervisor")
    kw.setdefault("status", ReviewStatus.APPROVED)
    if kw["status"] == ReviewStatus.REJECTED:
        kw.setdefault("rejection_reason", "Not a supervision session")
    return _add(SupervisionRecord(trainee_id=trainee_.id, **kw))


def document_type(**kw: Any) -> DocumentType:
    n = next(_seq)
    kw.setdefault("code", f"doc-{n}")
    kw.setdefault("name", f"Document {n}")
    return _add(DocumentType(**kw))


def document(trainee_: User, type_: DocumentType, **kw: Any) -> Document:
    kw.setdefault("dated_on", yesterday())
    kw.setdefault("statement", "Signed and attached.")
    kw.setdefault("status", ReviewStatus.APPROVED)
    if kw["status"] == ReviewStatus.REJECTED:
        kw.setdefault("rejection_reason", "Not legible")
    return _add(Document(trainee_id=trainee_.id, document_type_id=type_.id, **kw))


def external_training(trainee_: User, **kw: Any) -> ExternalTraining:
    """Outside training; ``domains={"ethics": 120}`` gives minutes per domain code."""
    kw.setdefault("provider", "County training center")
    kw.setdefault("title", "Peer support refresher")
    kw.setdefault("completed_on", yesterday())
    kw.setdefault("minutes", 240)
    kw.setdefault("status", ReviewStatus.APPROVED)
    domains = kw.pop("domains", {})
    obj = ExternalTraining(trainee_id=trainee_.id, **kw)
    obj.domain_hours = [
        ExternalTrainingDomain(domain_id=domain(code).id, minutes=minutes)
        for code, minutes in domains.items()
    ]
    return _add(obj)


def certification(trainee_: User, program_: Program, **kw: Any) -> Certification:
    """A certification; its state follows from ``expires_on`` (and ``revoked_at``), its
    renewal window and grace period from its snapshot (default: the program's)."""
    from tracker.services.certifications import dates_for

    n = next(_seq)
    issued = kw.pop("issued_on", local_today())
    kw.setdefault("expires_on", issued + timedelta(days=730))
    kw.setdefault("issue_year", issued.year)
    kw.setdefault("serial", n)
    kw.setdefault("number", f"{program_.code}-{issued.year}-{n:05d}")
    kw.setdefault("verification_code", secrets.token_hex(10).upper())
    kw.setdefault("state", CertificationState.VALID)
    kw.setdefault("program_snapshot", program_snapshot(program_))
    renewal = (kw["program_snapshot"] or {}).get("renewal") or {}
    dates = dates_for(
        kw["expires_on"],
        int(renewal.get("window_days", program_.renewal_window_days) or 0),
        int(renewal.get("grace_days", program_.grace_days) or 0),
    )
    for name, value in dates.items():
        kw.setdefault(name, value)
    if kw["state"] == CertificationState.REVOKED:
        kw.setdefault("revoked_at", utcnow())
        kw.setdefault("revocation_reason", "Revoked in a test")
    return _add(
        Certification(trainee_id=trainee_.id, program_id=program_.id, issued_on=issued, **kw)
    )
