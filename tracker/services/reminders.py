"""The daily reminders: what ``flask --app tracker send-reminders`` queues.

* To a holder: 60, 30 and 7 days before expiry (each with what is still missing for
  renewal), on entering grace (renew by the last day of grace), and on lapsing.
* To a trainee: newly eligible for a program (a current stored verdict says every
  requirement is met, and no certificate of the program is held).
* To each coordinator: one digest a day when items wait for review (counts by kind,
  the oldest one's age) or trainees became eligible; never one mail per item.

Each occasion has a key ("expiry-30:cert12:2027-01-31", "digest:2026-12-01:user3"),
unique in the outbox, so running the job twice on a day queues nothing new, and a
day the job missed is caught up on the next run (only the latest step is sent).
Decisions and issued certificates are queued by the services that make them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext, ngettext
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.i18n import written_for
from tracker.models import (
    Certification,
    CertificationState,
    CompletionStatus,
    Document,
    Enrolment,
    EnrolmentProgress,
    ExternalTraining,
    HourEntry,
    HourStatus,
    ModuleCompletion,
    OutboxStatus,
    Program,
    ReviewStatus,
    Role,
    SupervisionRecord,
    User,
    utcnow,
)
from tracker.services import certifications, mail, progress
from tracker.services.dates import local_today
from tracker.services.eligibility import evaluate_renewal

EXPIRY_STEPS = (60, 30, 7)
# A certificate that lapsed longer ago than this gets no "lapsed" mail (a first run on
# old data must not mail every certificate that ever lapsed).
LAPSED_NOTICE_DAYS = 90


@dataclass
class ReminderResult:
    holders: int = 0
    eligible: int = 0
    digests: int = 0
    newly_eligible: list[tuple[str, str]] = field(default_factory=list)


def expiry_step(days_left: int) -> int | None:
    """The reminder due with ``days_left`` days to expiry: the nearest step reached."""
    reached = [step for step in EXPIRY_STEPS if days_left <= step]
    return min(reached) if reached and days_left >= 0 else None


def _counted(message: Any) -> int:
    return 1 if message is not None and message.status != OutboxStatus.SKIPPED else 0


def queue_holder_reminders(today: date) -> int:
    queued = 0
    rows = db.session.scalars(
        select(Certification)
        .join(User, User.id == Certification.trainee_id)
        .where(
            Certification.revoked_at.is_(None),
            User.active.is_(True),
            Certification.expires_on <= today + timedelta(days=max(EXPIRY_STEPS)),
            Certification.lapses_on > today - timedelta(days=LAPSED_NOTICE_DAYS),
        )
        .order_by(Certification.id)
    ).all()
    for certification in rows:
        state = certifications.state_on(certification, today)
        with written_for(certification.trainee):
            name = certification.program.name
            common = {
                "certification": certification,
                "program": name,
                "certificates_link": mail.public_link("trainee.certifications"),
            }
            suffix = f"cert{certification.id}:{certification.expires_on.isoformat()}"
            if state in (CertificationState.VALID, CertificationState.EXPIRING):
                step = expiry_step((certification.expires_on - today).days)
                if step is None:
                    continue
                renewal = evaluate_renewal(certification, today)
                message = mail.queue(
                    "expiry_reminder",
                    certification.trainee,
                    ngettext(
                        "Your %(program)s certificate expires in %(num)d day",
                        "Your %(program)s certificate expires in %(num)d days",
                        (certification.expires_on - today).days,
                        program=name,
                    ),
                    "expiry_reminder",
                    dedupe_key=f"expiry-{step}:{suffix}",
                    days=(certification.expires_on - today).days,
                    expires_on=human_date(certification.expires_on),
                    missing=renewal.next_steps,
                    **common,
                )
            elif state == CertificationState.IN_GRACE:
                message = mail.queue(
                    "grace_started",
                    certification.trainee,
                    _(
                        "Your %(program)s certificate has expired: renew it by %(date)s",
                        program=name,
                        date=human_date(certifications.grace_ends_on(certification)),
                    ),
                    "grace_started",
                    dedupe_key=f"grace:{suffix}",
                    renew_by=human_date(certifications.grace_ends_on(certification)),
                    missing=evaluate_renewal(certification, today).next_steps,
                    **common,
                )
            elif state == CertificationState.LAPSED:
                message = mail.queue(
                    "lapsed",
                    certification.trainee,
                    _("Your %(program)s certificate has lapsed", program=name),
                    "lapsed",
                    dedupe_key=f"lapsed:{suffix}",
                    lapsed_on=human_date(certification.lapses_on),
                    **common,
                )
            else:
                continue
            queued += _counted(message)
    return queued


def queue_eligibility(today: date, result: ReminderResult) -> None:
    rows = db.session.execute(
        select(Enrolment, Program, User)
        .join(EnrolmentProgress, EnrolmentProgress.enrolment_id == Enrolment.id)
        .join(Program, Program.id == Enrolment.program_id)
        .join(User, User.id == Enrolment.trainee_id)
        .where(
            Enrolment.withdrawn_at.is_(None),
            EnrolmentProgress.eligible.is_(True),
            progress.is_current(today),
            User.active.is_(True),
            ~select(Certification.id)
            .where(
                Certification.trainee_id == Enrolment.trainee_id,
                Certification.program_id == Enrolment.program_id,
                certifications.is_held(today),
            )
            .exists(),
        )
        .order_by(Enrolment.id)
    ).all()
    for enrolment, program, trainee in rows:
        message = mail.queue(
            "eligible",
            trainee,
            _l("You meet every requirement of %(program)s", program=program.name),
            "eligible",
            dedupe_key=f"eligible:enrolment{enrolment.id}",
            program=program.name,
            link=mail.public_link("trainee.dashboard"),
        )
        if message is not None:  # a new occasion, mailed or turned off
            result.newly_eligible.append((trainee.display_name, program.name))
            result.eligible += _counted(message)


@dataclass
class Waiting:
    label: Any  # lazy: said in the language of the page or the mail it is shown in
    count: int
    oldest: datetime | None


def waiting_for_review() -> list[Waiting]:
    """What waits for a coordinator's decision, by kind, with the oldest item's time."""
    kinds = [
        (_l("Hour entries"), HourEntry, HourEntry.status == HourStatus.PENDING),
        (
            _("Module reports"),
            ModuleCompletion,
            ModuleCompletion.status == CompletionStatus.PENDING,
        ),
        (_l("Documents"), Document, Document.status == ReviewStatus.PENDING),
        (
            _("Supervision records"),
            SupervisionRecord,
            SupervisionRecord.status == ReviewStatus.PENDING,
        ),
        (_l("Outside training"), ExternalTraining, ExternalTraining.status == ReviewStatus.PENDING),
    ]
    waiting = []
    for label, model, condition in kinds:
        count, oldest = db.session.execute(
            select(func.count(), func.min(model.created_at)).where(condition)
        ).one()
        if count:
            waiting.append(Waiting(label, count, oldest))
    return waiting


def queue_digests(today: date, result: ReminderResult) -> None:
    waiting = waiting_for_review()
    if not waiting and not result.newly_eligible:
        return
    oldest = min((w.oldest for w in waiting if w.oldest is not None), default=None)
    oldest_days = (utcnow() - oldest).days if oldest is not None else None
    total = sum(w.count for w in waiting)
    coordinators = db.session.scalars(
        select(User).where(User.role == Role.COORDINATOR, User.active.is_(True)).order_by(User.id)
    ).all()
    for coordinator in coordinators:
        message = mail.queue(
            "review_digest",
            coordinator,
            lazy_ngettext(
                "%(num)d item waits for review",
                "%(num)d items wait for review",
                total,
            )
            if total
            else _l("Trainees newly eligible"),
            "review_digest",
            dedupe_key=f"digest:{today.isoformat()}:user{coordinator.id}",
            waiting=waiting,
            total=total,
            oldest_days=oldest_days,
            newly_eligible=result.newly_eligible,
            review_link=mail.public_link("coordinator.dashboard"),
        )
        result.digests += _counted(message)


def queue_due(today: date | None = None) -> ReminderResult:
    """Queue everything due today (see the module's notes); the caller commits."""
    today = today or local_today()
    result = ReminderResult()
    result.holders = queue_holder_reminders(today)
    queue_eligibility(today, result)
    queue_digests(today, result)
    return result
