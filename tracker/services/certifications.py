"""Issuing, renewing, revoking and expiring certifications.

* Numbers are human-readable and unique per program and year
  (``PSS-2026-00042``).  The next serial is proposed from the highest one, and
  the database's unique constraint decides: when two coordinators issue at the
  same moment, the loser's insert fails inside a savepoint and is retried with
  the next serial.
* Verification codes carry 100 bits from :mod:`secrets`, written in an
  alphabet without look-alike characters (no 0/O, 1/I/L) and shown in groups
  of four: ``7KQM-X3RT-...``.  They are matched without regard to case,
  spaces or dashes.
* A certification's state follows its dates: ``active``, then ``expiring``
  inside the renewal window before expiry and through the grace period,
  then ``lapsed``; ``revoked`` is final.  :func:`expire_due` moves stored
  states by date and is safe to run from cron as often as one likes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, update

from tracker.extensions import db
from tracker.formatting import hours as fmt_hours
from tracker.models import (
    Certification,
    CertificationRenewal,
    CertificationState,
    Program,
    User,
    utcnow,
)
from tracker.services import audit, status_lists
from tracker.services.dates import add_months, local_today
from tracker.services.db_helpers import insert_with_retries
from tracker.services.eligibility import (
    Eligibility,
    describe_hour_rule,
    evaluate,
    evaluate_renewal,
)
from tracker.services.errors import ConflictError, ServiceError, ValidationError

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 symbols: no 0, 1, I, L, O
CODE_LENGTH = 20  # 20 * log2(31) = 99 bits
CODE_GROUP = 4
ISSUE_ATTEMPTS = 8
HELD_STATES = (CertificationState.ACTIVE, CertificationState.EXPIRING)


class NotEligibleError(ServiceError):
    """The rules are not met and no override reason was given."""

    def __init__(self, eligibility: Eligibility) -> None:
        missing = "; ".join(rule.label for rule in eligibility.missing_rules)
        super().__init__(f"Not eligible yet. Missing: {missing}.")
        self.eligibility = eligibility


# --- verification codes ------------------------------------------------------------------


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """``ABCDEFGH...`` -> ``ABCD-EFGH-...`` for reading aloud and printing."""
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def normalize_code(raw: str | None) -> str | None:
    """The stored form of a typed or scanned code, or None when it cannot be one."""
    if not raw or len(raw) > 64:
        return None
    code = "".join(ch for ch in raw.upper() if ch not in "- \t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def find_by_code(raw: str | None) -> Certification | None:
    code = normalize_code(raw)
    if code is None:
        return None
    return db.session.scalar(select(Certification).where(Certification.verification_code == code))


# --- states ---------------------------------------------------------------------------------


def grace_days(certification: Certification) -> int:
    return int((certification.program_snapshot or {}).get("grace_days", 0) or 0)


def renewal_window_days(certification: Certification) -> int:
    return int((certification.program_snapshot or {}).get("renewal_window_days", 60) or 0)


def lapses_on(certification: Certification) -> date:
    """The first day on which the certification is lapsed."""
    return certification.expires_on + timedelta(days=grace_days(certification) + 1)


def state_on(certification: Certification, today: date | None = None) -> CertificationState:
    """The state the certification's dates give on ``today``."""
    today = today or local_today()
    if certification.state == CertificationState.REVOKED:
        return CertificationState.REVOKED
    if today >= lapses_on(certification):
        return CertificationState.LAPSED
    if today >= certification.expires_on - timedelta(days=renewal_window_days(certification)):
        return CertificationState.EXPIRING
    return CertificationState.ACTIVE


# --- issuing --------------------------------------------------------------------------------


def criteria_narrative(program: Program) -> str:
    """The program's rules in plain words (printed on credentials)."""
    lines = []
    if program.required_modules:
        total = sum(m.contact_minutes for m in program.required_modules)
        lines.append(
            f"Completed the required training modules ({fmt_hours(total)} contact hours): "
            + "; ".join(
                f"{m.title}" + (f" (pass mark {m.pass_mark})" if m.pass_mark is not None else "")
                for m in program.required_modules
            )
            + "."
        )
    for rule in program.hour_rules:
        lines.append(f"Logged {describe_hour_rule(rule)}, approved by a coordinator.")
    if program.requires_ethics:
        lines.append("Acknowledged the program's current code of ethics.")
    lines.append(f"Valid for {program.validity_months} months.")
    if program.renewal_ce_minutes:
        renewal = (
            f"Renewal requires {fmt_hours(program.renewal_ce_minutes)} continuing-education hours"
        )
        if program.renewal_category and program.renewal_category_minutes:
            renewal += (
                f", of them {fmt_hours(program.renewal_category_minutes)} in "
                f"{program.renewal_category.replace('_', ' ')}"
            )
        lines.append(renewal + " per cycle.")
    return " ".join(lines)


# A program's terms, in the order they are written into a snapshot and an audit event.
PROGRAM_TERMS = (
    "requires_ethics",
    "validity_months",
    "renewal_window_days",
    "renewal_ce_minutes",
    "renewal_category",
    "renewal_category_minutes",
    "grace_days",
)


def program_terms(program: Program) -> dict[str, Any]:
    """The program's ethics, validity and renewal terms as a plain dict."""
    return {name: getattr(program, name) for name in PROGRAM_TERMS}


def hour_rule_terms(program: Program) -> list[dict[str, Any]]:
    """The program's hour rules as plain dicts, in the program's order."""
    return [
        {
            "label": r.label,
            "min_minutes": r.min_minutes,
            "supervised_only": r.supervised_only,
            "window_months": r.window_months,
            "activities": list(r.activities or []),
        }
        for r in program.hour_rules
    ]


def program_snapshot(program: Program) -> dict[str, Any]:
    """The rules as they stand now, copied onto a certification at issue time."""
    return {
        "code": program.code,
        "name": program.name,
        "description": program.description,
        "criteria": criteria_narrative(program),
        **program_terms(program),
        "modules": [
            {"code": m.code, "title": m.title, "pass_mark": m.pass_mark}
            for m in program.required_modules
        ],
        "hour_rules": hour_rule_terms(program),
    }


def held(trainee: User, program: Program) -> Certification | None:
    """The trainee's current (active or expiring) certification in ``program``, if any."""
    return db.session.scalar(
        select(Certification).where(
            Certification.trainee_id == trainee.id,
            Certification.program_id == program.id,
            Certification.state.in_(HELD_STATES),
        )
    )


def _clean_reason(reason: str | None) -> str | None:
    from tracker.services.accounts import clean_text

    cleaned = clean_text(reason)
    return cleaned or None


def issue(
    trainee: User,
    program: Program,
    actor: User | None,
    override_reason: str | None = None,
    today: date | None = None,
) -> Certification:
    """Issue a certification when the rules are met, or with a written override reason."""
    today = today or local_today()
    reason = _clean_reason(override_reason)
    if reason is not None and len(reason) > 2000:
        raise ValidationError("Use at most 2000 characters.", "override_reason")
    if not trainee.is_trainee or not trainee.active:
        raise ServiceError("Certifications are issued to active trainees only.")
    if program.is_archived:
        raise ServiceError("This program is archived.")
    if held(trainee, program) is not None:
        raise ServiceError(
            f"{trainee.display_name} already holds a current {program.name} certification; "
            "renew it instead."
        )
    eligibility = evaluate(trainee, program, today)
    if not eligibility.eligible and reason is None:
        raise NotEligibleError(eligibility)

    snapshot = program_snapshot(program)
    if not eligibility.eligible:
        snapshot["override"] = {"missing": [r.label for r in eligibility.missing_rules]}
    expires = add_months(today, program.validity_months)

    def next_certification() -> Certification:
        serial = (
            db.session.scalar(
                select(func.max(Certification.serial)).where(
                    Certification.program_id == program.id,
                    Certification.issue_year == today.year,
                )
            )
            or 0
        ) + 1
        status_index = status_lists.new_index()
        certification = Certification(
            trainee_id=trainee.id,
            program_id=program.id,
            number=f"{program.code}-{today.year}-{serial:05d}",
            issue_year=today.year,
            serial=serial,
            verification_code=new_verification_code(),
            issued_on=today,
            expires_on=expires,
            issued_by_id=actor.id if actor else None,
            override_reason=reason if not eligibility.eligible else None,
            status_index=status_index,
            program_snapshot=snapshot,
        )
        certification.state = state_on(certification, today)
        return certification

    certification = insert_with_retries(next_certification, ISSUE_ATTEMPTS)
    if certification is None:
        raise ConflictError("Could not allocate a certification number; please try again.")

    after = {
        "number": certification.number,
        "issued_on": today.isoformat(),
        "expires_on": expires.isoformat(),
    }
    if certification.override_reason:
        after["override_reason"] = certification.override_reason
        after["missing"] = snapshot["override"]["missing"]
        audit.record(
            actor,
            "certification.override",
            certification,
            f"issued {certification.number} without meeting every rule",
            after=after,
        )
    audit.record(
        actor,
        "certification.issued",
        certification,
        f"issued {certification.number} to {trainee.display_name}",
        after=after,
    )
    return certification


def renew(
    certification: Certification,
    actor: User | None,
    override_reason: str | None = None,
    today: date | None = None,
) -> CertificationRenewal:
    """Start a new cycle: the expiry moves on by the validity; the old dates stay in history."""
    today = today or local_today()
    reason = _clean_reason(override_reason)
    current = state_on(certification, today)
    if current in (CertificationState.REVOKED, CertificationState.LAPSED):
        raise ServiceError(f"A {current.value} certification cannot be renewed; issue a new one.")
    eligibility = evaluate_renewal(certification, today)
    if not eligibility.eligible and reason is None:
        raise NotEligibleError(eligibility)
    months = int(certification.program_snapshot.get("validity_months") or 24)
    previous = certification.expires_on
    new_expiry = add_months(previous, months)
    # Conditional update: two coordinators renewing at once cannot both extend it.
    moved = db.session.execute(
        update(Certification)
        .where(
            Certification.id == certification.id,
            Certification.expires_on == previous,
            Certification.state.in_(HELD_STATES),
        )
        .values(expires_on=new_expiry, state=CertificationState.ACTIVE, state_changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise ConflictError("Someone else changed this certification first; reload the page.")
    db.session.refresh(certification)
    renewal = CertificationRenewal(
        certification_id=certification.id,
        previous_expires_on=previous,
        new_expires_on=new_expiry,
        renewed_by_id=actor.id if actor else None,
        override_reason=reason if not eligibility.eligible else None,
    )
    db.session.add(renewal)
    db.session.flush()
    certification.state = state_on(certification, today)
    audit.record(
        actor,
        "certification.renewed",
        certification,
        f"renewed {certification.number} until {new_expiry.isoformat()}",
        before={"expires_on": previous.isoformat()},
        after={"expires_on": new_expiry.isoformat(), "override_reason": renewal.override_reason},
    )
    return renewal


def revoke(certification: Certification, actor: User | None, reason: str) -> Certification:
    """Revoke for good, with a reason.  Revoking twice at once: one wins, the other is told."""
    cleaned = _clean_reason(reason)
    if not cleaned:
        raise ValidationError("Give the reason for revoking.", "reason")
    if len(cleaned) > 500:
        raise ValidationError("Use at most 500 characters.", "reason")
    before = certification.state
    now = utcnow()
    changed = db.session.execute(
        update(Certification)
        .where(
            Certification.id == certification.id, Certification.state != CertificationState.REVOKED
        )
        .values(
            state=CertificationState.REVOKED,
            state_changed_at=now,
            revoked_at=now,
            revoked_by_id=actor.id if actor else None,
            revocation_reason=cleaned,
        )
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        raise ConflictError("This certification has already been revoked.")
    db.session.refresh(certification)
    audit.record(
        actor,
        "certification.revoked",
        certification,
        f"revoked {certification.number}",
        before={"state": str(before)},
        after={"state": "revoked", "reason": cleaned},
    )
    return certification


@dataclass
class ExpiryResult:
    expiring: int = 0
    lapsed: int = 0
    reactivated: int = 0

    @property
    def changed(self) -> int:
        return self.expiring + self.lapsed + self.reactivated


def expire_due(today: date | None = None) -> ExpiryResult:
    """Move stored states to what the dates say.  Idempotent; each change is audited."""
    today = today or local_today()
    result = ExpiryResult()
    candidates = db.session.scalars(
        select(Certification).where(Certification.state.in_(HELD_STATES)).order_by(Certification.id)
    ).all()
    for certification in candidates:
        target = state_on(certification, today)
        if target == certification.state:
            continue
        before = certification.state
        moved = db.session.execute(
            update(Certification)
            .where(Certification.id == certification.id, Certification.state == before)
            .values(state=target, state_changed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:
            continue
        if target == CertificationState.LAPSED:
            result.lapsed += 1
        elif target == CertificationState.EXPIRING:
            result.expiring += 1
        else:
            result.reactivated += 1
        audit.record(
            None,
            f"certification.{target.value}",
            certification,
            f"{certification.number} is now {target.value}",
            before={"state": str(before)},
            after={"state": target.value},
        )
    db.session.expire_all()
    return result
