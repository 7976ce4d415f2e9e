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
* A certification's state follows from its dates and its revocation, and from
  nothing else: ``valid``; ``expiring`` (soon) inside the renewal window before
  its expiry date; ``in_grace`` after the expiry date while the grace period
  lasts (still renewable); then ``lapsed``; ``revoked`` is final.  One function
  says it in Python (:func:`state_on`) and one expression in SQL
  (:func:`state_expression`), from the same stored dates (``expiring_from``,
  ``expires_on``, ``lapses_on``, fixed at issue and renewal), and a test holds
  them to each other day by day.  Every page, list, count, export, the PDF,
  ``/verify`` and the credential use them.  :func:`expire_due` (the daily job)
  records each change in the audit log; the state it keeps is a record of what it
  announced, never read to decide anything.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, case, func, or_, select, update

from tracker.extensions import db
from tracker.formatting import nhours
from tracker.models import (
    Certification,
    CertificationRenewal,
    CertificationState,
    Program,
    RenewalCycle,
    User,
    utcnow,
)
from tracker.services import audit, mail, program_documents, requirements, status_lists
from tracker.services.dates import add_months, local_today
from tracker.services.db_helpers import insert_with_retries
from tracker.services.eligibility import (
    Eligibility,
    describe,
    evaluate,
    evaluate_renewal,
    requirement_of,
)
from tracker.services.errors import ConflictError, ServiceError, ValidationError
from tracker.services.requirements import Refs

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # 31 symbols: no 0, 1, I, L, O
CODE_LENGTH = 20  # 20 * log2(31) = 99 bits
CODE_GROUP = 4
ISSUE_ATTEMPTS = 8
HELD_STATES = (CertificationState.VALID, CertificationState.EXPIRING, CertificationState.IN_GRACE)


class NotEligibleError(ServiceError):
    """The rules are not met and no override reason was given."""

    def __init__(self, eligibility: Eligibility) -> None:
        missing = "; ".join(rule.label for rule in eligibility.missing_rules)
        super().__init__(_("Not eligible yet. Missing: %(missing)s.", missing=missing))
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


def _renewal_terms(certification: Certification) -> dict[str, Any]:
    return (certification.program_snapshot or {}).get("renewal") or {}


def grace_days(certification: Certification) -> int:
    return int(_renewal_terms(certification).get("grace_days", 0) or 0)


def renewal_window_days(certification: Certification) -> int:
    return int(_renewal_terms(certification).get("window_days", 60) or 0)


def validity_months(certification: Certification) -> int:
    validity = (certification.program_snapshot or {}).get("validity") or {}
    return int(validity.get("months") or 24)


def lapses_on(certification: Certification) -> date:
    """The first day on which the certification is lapsed."""
    return certification.lapses_on


def grace_ends_on(certification: Certification) -> date:
    """The last day of the grace period (the day before it lapses)."""
    return certification.lapses_on - timedelta(days=1)


def dates_for(expires_on: date, window_days: int, grace: int) -> dict[str, date]:
    """The state-deciding dates of a certification expiring on ``expires_on``."""
    return {
        "expires_on": expires_on,
        "expiring_from": expires_on - timedelta(days=window_days),
        "lapses_on": expires_on + timedelta(days=grace + 1),
    }


def state_on(certification: Certification, today: date | None = None) -> CertificationState:
    """The certification's state on ``today``: from its dates and its revocation only."""
    today = today or local_today()
    if certification.revoked_at is not None:
        return CertificationState.REVOKED
    if today >= certification.lapses_on:
        return CertificationState.LAPSED
    if today > certification.expires_on:
        return CertificationState.IN_GRACE
    if today >= certification.expiring_from:
        return CertificationState.EXPIRING
    return CertificationState.VALID


def state_expression(today: date | None = None) -> Any:
    """SQL: the certification's state on ``today``, as :func:`state_on` gives it."""
    today = today or local_today()
    return case(
        (Certification.revoked_at.is_not(None), CertificationState.REVOKED.value),
        (Certification.lapses_on <= today, CertificationState.LAPSED.value),
        (Certification.expires_on < today, CertificationState.IN_GRACE.value),
        (Certification.expiring_from <= today, CertificationState.EXPIRING.value),
        else_=CertificationState.VALID.value,
    )


def is_held(today: date | None = None) -> Any:
    """SQL: a certification still held on ``today`` (valid, expiring soon, or in grace)."""
    today = today or local_today()
    return and_(Certification.revoked_at.is_(None), Certification.lapses_on > today)


def in_state(*states: CertificationState, today: date | None = None) -> Any:
    """SQL: the certification is in one of ``states`` on ``today``, as :func:`state_on`
    gives it.  Written as plain comparisons of the dates (each state's own test after
    the earlier ones' have failed, in :func:`state_on`'s order), which the indexes on
    the dates can serve; a test of :func:`state_expression`'s ``CASE`` would work the
    state out for every certification first."""
    today = today or local_today()
    held = and_(Certification.revoked_at.is_(None), Certification.lapses_on > today)
    tests = {
        CertificationState.REVOKED: Certification.revoked_at.is_not(None),
        CertificationState.LAPSED: and_(
            Certification.revoked_at.is_(None), Certification.lapses_on <= today
        ),
        CertificationState.IN_GRACE: and_(held, Certification.expires_on < today),
        CertificationState.EXPIRING: and_(
            held, Certification.expires_on >= today, Certification.expiring_from <= today
        ),
        CertificationState.VALID: and_(
            held, Certification.expires_on >= today, Certification.expiring_from > today
        ),
    }
    chosen = [tests[CertificationState(s)] for s in states]
    return chosen[0] if len(chosen) == 1 else or_(*chosen)


@dataclass(frozen=True)
class StateView:
    """A certification's state as every page shows it: its value (for styles and filters)
    and its words, dated where the state has a date."""

    state: CertificationState
    label: str
    # The day that goes with the state: the expiry while valid or expiring soon, the last
    # day of grace, the day it lapsed, the day it was revoked.
    day: date

    @property
    def value(self) -> str:
        return self.state.value

    @property
    def held(self) -> bool:
        return self.state in HELD_STATES


def describe_state(certification: Certification, today: date | None = None) -> StateView:
    state = state_on(certification, today)
    if state == CertificationState.IN_GRACE:
        day = grace_ends_on(certification)
    elif state == CertificationState.LAPSED:
        day = certification.lapses_on
    elif state == CertificationState.REVOKED:
        assert certification.revoked_at is not None
        day = certification.revoked_at.date()
    else:
        day = certification.expires_on
    return StateView(state, state_label(certification, today), day)


def state_label(certification: Certification, today: date | None = None) -> str:
    """The state in words, with its date where it has one: "In grace until 10 Jan 2027"."""
    from tracker.formatting import human_date

    state = state_on(certification, today)
    if state == CertificationState.VALID:
        return _("Valid")
    if state == CertificationState.EXPIRING:
        return _("Expiring soon")
    if state == CertificationState.IN_GRACE:
        return _("In grace until %(date)s", date=human_date(grace_ends_on(certification)))
    if state == CertificationState.LAPSED:
        return _("Lapsed")
    assert certification.revoked_at is not None
    return _("Revoked on %(date)s", date=human_date(certification.revoked_at.date()))


# --- issuing --------------------------------------------------------------------------------


def criteria_narrative(program: Program) -> str:
    """The program's requirements and terms in plain words (printed on credentials)."""
    refs = Refs()
    lines = [_criterion(row, refs) + "." for row in program.requirements]
    lines.append(
        ngettext("Valid for %(num)d month.", "Valid for %(num)d months.", program.validity_months)
    )
    if program.renewal_buckets:
        parts = [
            nhours(
                "%(hours)s hour (%(bucket)s)",
                "%(hours)s hours (%(bucket)s)",
                int(b["minutes"]),
                bucket=b["label"],
            )
            for b in program.renewal_buckets
        ]
        lines.append(
            nhours(
                "Renewal requires %(hours)s continuing-education hour per cycle: %(buckets)s.",
                "Renewal requires %(hours)s continuing-education hours per cycle: %(buckets)s.",
                program.renewal_minutes,
                buckets="; ".join(parts),
            )
        )
    return " ".join(lines)


def _criterion(row: Any, refs: Refs) -> str:
    kind = requirements.get(row.kind)
    if kind is None:
        return describe(row, refs)
    return kind.criteria(requirement_of(row), refs)


def program_snapshot(program: Program) -> dict[str, Any]:
    """The program as it stands now (its document), copied onto a certification at issue time."""
    snapshot = program_documents.export(program)
    snapshot.pop("catalogue", None)
    snapshot["criteria"] = criteria_narrative(program)
    return snapshot


def expiry_for(program: Program, start: date) -> date:
    """The expiry of a first cycle starting on ``start``.

    Rolling cycles last the validity; calendar cycles end on 31 December of the
    year in which the validity runs out.
    """
    rolling = add_months(start, program.validity_months)
    if program.renewal_cycle == RenewalCycle.CALENDAR:
        last_day = rolling - timedelta(days=1)
        return date(last_day.year, 12, 31)
    return rolling


def held(trainee: User, program: Program, today: date | None = None) -> Certification | None:
    """The trainee's certification in ``program`` still held on ``today`` (valid, expiring
    soon or in grace), if any."""
    return db.session.scalar(
        select(Certification)
        .where(
            Certification.trainee_id == trainee.id,
            Certification.program_id == program.id,
            is_held(today),
        )
        .order_by(Certification.expires_on.desc())
        .limit(1)
    )


def held_by_program(trainee_id: int, today: date | None = None) -> dict[int, Certification]:
    """The trainee's certifications still held on ``today``, by program (as :func:`held`
    finds them, the latest-expiring one per program), in one query."""
    found: dict[int, Certification] = {}
    for certification in db.session.scalars(
        select(Certification)
        .where(Certification.trainee_id == trainee_id, is_held(today))
        .order_by(Certification.expires_on)
    ):
        found[certification.program_id] = certification
    return found


def _clean_reason(reason: str | None) -> str | None:
    from tracker.services.accounts import clean_text

    cleaned = clean_text(reason)
    return cleaned or None


@dataclass(frozen=True)
class IssuePlan:
    """What issuing would do today: the verdict, the override reason (None when every
    rule is met) and the dates of the first cycle.  Worked out without changing anything."""

    eligibility: Eligibility
    override_reason: str | None
    issued_on: date
    starts_on: date
    dates: dict[str, date]

    @property
    def expires_on(self) -> date:
        return self.dates["expires_on"]


def plan_issue(
    trainee: User,
    program: Program,
    override_reason: str | None = None,
    today: date | None = None,
) -> IssuePlan:
    """Check that ``trainee`` can be issued ``program``'s certification today and work out
    its dates; raise the error issuing would raise.  Changes nothing."""
    today = today or local_today()
    reason = _clean_reason(override_reason)
    if reason is not None and len(reason) > 2000:
        raise ValidationError(_("Use at most 2000 characters."), "override_reason")
    if not trainee.is_trainee or not trainee.active:
        raise ServiceError(_("Certifications are issued to active trainees only."))
    if program.is_archived:
        raise ServiceError(_("This program is archived."))
    if held(trainee, program) is not None:
        # A conflict: most often a second request for the same decision (a double
        # submission, another coordinator) that finds the first one's certificate.
        raise ConflictError(
            _(
                "%(name)s already holds a current %(program)s certification; renew it instead.",
                name=trainee.display_name,
                program=program.name,
            )
        )
    eligibility = evaluate(trainee, program, today)
    if not eligibility.eligible and reason is None:
        raise NotEligibleError(eligibility)
    start = today
    if program.validity_from:
        counted_from = eligibility.rule(program.validity_from)
        if counted_from is not None and counted_from.met_on is not None:
            start = counted_from.met_on
    expires = expiry_for(program, start)
    if expires <= today:
        raise ValidationError(
            _(
                "The validity counted from %(date)s (%(requirement)s) ended on %(end)s: the "
                "certificate would be expired when issued.",
                date=start.isoformat(),
                requirement=program.validity_from,
                end=expires.isoformat(),
            ),
            "override_reason",
        )
    return IssuePlan(
        eligibility=eligibility,
        override_reason=None if eligibility.eligible else reason,
        issued_on=today,
        starts_on=start,
        dates=dates_for(expires, program.renewal_window_days, program.grace_days),
    )


def issue(
    trainee: User,
    program: Program,
    actor: User | None,
    override_reason: str | None = None,
    today: date | None = None,
) -> Certification:
    """Issue a certification when the rules are met, or with a written override reason."""
    today = today or local_today()
    plan = plan_issue(trainee, program, override_reason, today)
    eligibility = plan.eligibility
    expires = plan.expires_on
    snapshot = program_snapshot(program)
    if not eligibility.eligible:
        snapshot["override"] = {"missing": [r.label for r in eligibility.missing_rules]}

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
            **plan.dates,
            issued_by_id=actor.id if actor else None,
            override_reason=plan.override_reason,
            status_index=status_index,
            program_snapshot=snapshot,
        )
        certification.state = state_on(certification, today)
        return certification

    certification = insert_with_retries(next_certification, ISSUE_ATTEMPTS)
    if certification is None:
        raise ConflictError(_("Could not allocate a certification number; please try again."))

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
    mail.queue_certificate_issued(certification)
    return certification


@dataclass(frozen=True)
class RenewPlan:
    """What renewing would do today: the renewal verdict, the override reason (None when
    the renewal rules are met) and the new cycle's dates.  Worked out without changing
    anything."""

    eligibility: Eligibility
    override_reason: str | None
    previous_expires_on: date
    dates: dict[str, date]

    @property
    def expires_on(self) -> date:
        return self.dates["expires_on"]


def plan_renew(
    certification: Certification, override_reason: str | None = None, today: date | None = None
) -> RenewPlan:
    """Check that ``certification`` can be renewed today and work out the new cycle's
    dates; raise the error renewing would raise.  Changes nothing."""
    today = today or local_today()
    reason = _clean_reason(override_reason)
    if reason is not None and len(reason) > 2000:
        raise ValidationError(_("Use at most 2000 characters."), "override_reason")
    current = state_on(certification, today)
    if current in (CertificationState.REVOKED, CertificationState.LAPSED):
        raise ServiceError(
            _("A revoked certification cannot be renewed; issue a new one.")
            if current == CertificationState.REVOKED
            else _("A lapsed certification cannot be renewed; issue a new one.")
        )
    eligibility = evaluate_renewal(certification, today)
    if not eligibility.eligible and reason is None:
        raise NotEligibleError(eligibility)
    new_expiry = add_months(certification.expires_on, validity_months(certification))
    return RenewPlan(
        eligibility=eligibility,
        override_reason=None if eligibility.eligible else reason,
        previous_expires_on=certification.expires_on,
        dates=dates_for(new_expiry, renewal_window_days(certification), grace_days(certification)),
    )


def renew(
    certification: Certification,
    actor: User | None,
    override_reason: str | None = None,
    today: date | None = None,
) -> CertificationRenewal:
    """Start a new cycle: the expiry moves on by the validity; the old dates stay in history."""
    today = today or local_today()
    plan = plan_renew(certification, override_reason, today)
    previous = plan.previous_expires_on
    new_expiry = plan.expires_on
    # Conditional update: two coordinators renewing at once cannot both extend it.
    moved = db.session.execute(
        update(Certification)
        .where(
            Certification.id == certification.id,
            Certification.expires_on == previous,
            is_held(today),
        )
        .values(
            **plan.dates,
            state=state_on_dates(new_expiry, certification, today),
            state_changed_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise ConflictError(_("Someone else changed this certification first; reload the page."))
    db.session.refresh(certification)
    renewal = CertificationRenewal(
        certification_id=certification.id,
        previous_expires_on=previous,
        new_expires_on=new_expiry,
        renewed_by_id=actor.id if actor else None,
        override_reason=plan.override_reason,
    )
    db.session.add(renewal)
    db.session.flush()
    audit.record(
        actor,
        "certification.renewed",
        certification,
        f"renewed {certification.number} until {new_expiry.isoformat()}",
        before={"expires_on": previous.isoformat()},
        after={"expires_on": new_expiry.isoformat(), "override_reason": renewal.override_reason},
    )
    return renewal


def plan_revoke(certification: Certification, reason: str | None) -> str:
    """The cleaned reason for revoking ``certification``; raise the error revoking would
    raise.  Changes nothing."""
    cleaned = _clean_reason(reason)
    if not cleaned:
        raise ValidationError(_("Give the reason for revoking."), "reason")
    if len(cleaned) > 500:
        raise ValidationError(_("Use at most 500 characters."), "reason")
    if certification.revoked_at is not None:
        raise ConflictError(_("This certification has already been revoked."))
    return cleaned


def revoke(certification: Certification, actor: User | None, reason: str) -> Certification:
    """Revoke for good, with a reason.  Revoking twice at once: one wins, the other is told."""
    cleaned = plan_revoke(certification, reason)
    before = certification.state
    now = utcnow()
    changed = db.session.execute(
        update(Certification)
        .where(Certification.id == certification.id, Certification.revoked_at.is_(None))
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
        raise ConflictError(_("This certification has already been revoked."))
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


def state_on_dates(expires_on: date, certification: Certification, today: date) -> str:
    """The state a certification would have on ``today`` if it expired on ``expires_on``."""
    dates = dates_for(expires_on, renewal_window_days(certification), grace_days(certification))
    if today >= dates["lapses_on"]:
        return CertificationState.LAPSED.value
    if today > expires_on:
        return CertificationState.IN_GRACE.value
    if today >= dates["expiring_from"]:
        return CertificationState.EXPIRING.value
    return CertificationState.VALID.value


@dataclass
class ExpiryResult:
    expiring: int = 0
    in_grace: int = 0
    lapsed: int = 0
    reactivated: int = 0

    @property
    def changed(self) -> int:
        return self.expiring + self.in_grace + self.lapsed + self.reactivated


def expire_due(today: date | None = None) -> ExpiryResult:
    """Record in the audit log each certification whose state its dates have moved on
    since the last run (the daily job).  Idempotent: a change is recorded once.

    What is recorded is only a record: every page, list and count works the state
    out from the dates themselves (:func:`state_on`, :func:`state_expression`).
    """
    today = today or local_today()
    result = ExpiryResult()
    derived = state_expression(today)
    candidates = db.session.execute(
        select(Certification, derived)
        .where(Certification.revoked_at.is_(None), Certification.state != derived)
        .order_by(Certification.id)
    ).all()
    for certification, target in candidates:
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
        elif target == CertificationState.IN_GRACE:
            result.in_grace += 1
        elif target == CertificationState.EXPIRING:
            result.expiring += 1
        else:
            result.reactivated += 1
        audit.record(
            None,
            f"certification.{target}",
            certification,
            f"{certification.number} is now {target}",
            before={"state": str(before)},
            after={"state": target},
        )
    db.session.expire_all()
    return result
