"""Codes of ethics: versions published by coordinators, acknowledged by trainees.

Several codes may exist (a program's ethics requirement names one).  Each
acknowledgement records the version and the time.  Publishing a new version
of a code asks everyone it concerns for a new acknowledgement: eligibility
looks at each code's current version only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.formatting import number
from tracker.models import (
    Enrolment,
    EthicsAcknowledgement,
    EthicsCode,
    EthicsVersion,
    ProgramRequirement,
    User,
    utcnow,
)
from tracker.services import audit
from tracker.services.accounts import clean_text
from tracker.services.db_helpers import insert_or_find, insert_with_retries, parse_id
from tracker.services.errors import ConflictError, ServiceError, ValidationError

TITLE_MAX = 200
BODY_MAX = 100_000
PUBLISH_ATTEMPTS = 5


def codes() -> list[EthicsCode]:
    return list(db.session.scalars(select(EthicsCode).order_by(func.lower(EthicsCode.name))))


def current_version(code_id: int) -> EthicsVersion | None:
    """The newest version of a code (None: nothing published yet)."""
    return db.session.scalar(
        select(EthicsVersion)
        .where(EthicsVersion.ethics_code_id == code_id)
        .order_by(EthicsVersion.version.desc())
        .limit(1)
    )


def _ethics_code_ids(settings: dict[str, Any], kind: str) -> set[int]:
    if kind == "ethics" and settings.get("ethics_code_id") is not None:
        return {int(settings["ethics_code_id"])}
    if kind == "alternatives":
        found: set[int] = set()
        for option in settings.get("options", []):
            found |= _ethics_code_ids(option.get("settings", {}), option.get("kind", ""))
        return found
    return set()


def codes_for(user_id: int) -> list[EthicsCode]:
    """The codes a trainee is asked to acknowledge: those their current programs require.

    A trainee in no program that names a code sees every published code.
    """
    rows = db.session.execute(
        select(ProgramRequirement.kind, ProgramRequirement.settings)
        .join(Enrolment, Enrolment.program_id == ProgramRequirement.program_id)
        .where(
            Enrolment.trainee_id == user_id,
            Enrolment.withdrawn_at.is_(None),
            ProgramRequirement.kind.in_(["ethics", "alternatives"]),
        )
    ).all()
    wanted: set[int] = set()
    for kind, settings in rows:
        wanted |= _ethics_code_ids(settings or {}, kind)
    published = select(EthicsVersion.ethics_code_id)
    query = select(EthicsCode).where(EthicsCode.id.in_(published))
    if wanted:
        query = select(EthicsCode).where(EthicsCode.id.in_(wanted))
    return list(db.session.scalars(query.order_by(func.lower(EthicsCode.name))))


def acknowledgement_of(user_id: int, version_id: int) -> EthicsAcknowledgement | None:
    return db.session.scalar(
        select(EthicsAcknowledgement).where(
            EthicsAcknowledgement.user_id == user_id,
            EthicsAcknowledgement.ethics_version_id == version_id,
        )
    )


def acknowledgements(user_id: int) -> list[EthicsAcknowledgement]:
    """The user's acknowledgements, newest first."""
    return list(
        db.session.scalars(
            select(EthicsAcknowledgement)
            .join(EthicsVersion, EthicsVersion.id == EthicsAcknowledgement.ethics_version_id)
            .where(EthicsAcknowledgement.user_id == user_id)
            .order_by(EthicsAcknowledgement.acknowledged_at.desc(), EthicsVersion.version.desc())
        )
    )


@dataclass(frozen=True)
class EthicsStatus:
    code: EthicsCode
    current: EthicsVersion | None
    acknowledged: EthicsAcknowledgement | None  # of the current version
    acknowledged_before: bool  # an earlier version of this code was acknowledged

    @property
    def needs_acknowledgement(self) -> bool:
        return self.current is not None and self.acknowledged is None


def status_of(user_id: int, code: EthicsCode) -> EthicsStatus:
    current = current_version(code.id)
    if current is None:
        return EthicsStatus(code, None, None, False)
    mine = acknowledgement_of(user_id, current.id)
    before = False
    if mine is None:
        before = (
            db.session.scalar(
                select(EthicsAcknowledgement.id)
                .join(EthicsVersion, EthicsVersion.id == EthicsAcknowledgement.ethics_version_id)
                .where(
                    EthicsAcknowledgement.user_id == user_id,
                    EthicsVersion.ethics_code_id == code.id,
                )
                .limit(1)
            )
            is not None
        )
    return EthicsStatus(code, current, mine, before)


def statuses_for(user_id: int) -> list[EthicsStatus]:
    """The trainee's standing on each code they are asked to acknowledge."""
    return [status_of(user_id, code) for code in codes_for(user_id)]


@dataclass(frozen=True)
class Acknowledged:
    acknowledgement: EthicsAcknowledgement
    created: bool


def acknowledge(user: User, version_id: Any) -> Acknowledged:
    """Acknowledge the version of a code the user read (the form carries its id).

    When a newer version of that code was published meanwhile, nothing is
    stored and the user is asked to read the new one.  Acknowledging twice
    stores once.
    """
    if not user.is_trainee or not user.active:
        raise ServiceError(_("Only active trainees acknowledge a code of ethics."))
    ident = parse_id(version_id)
    read = db.session.get(EthicsVersion, ident) if ident is not None else None
    if read is None:
        raise ServiceError(_("This version of the code of ethics does not exist."))
    current = current_version(read.ethics_code_id)
    assert current is not None
    if current.id != read.id:
        raise ConflictError(
            _(
                "A newer version of the code (version %(version)s) has been published. "
                "Please read it before you acknowledge it.",
                version=current.version,
            )
        )
    existing = acknowledgement_of(user.id, current.id)
    if existing is not None:
        return Acknowledged(existing, False)
    acknowledgement = EthicsAcknowledgement(
        user_id=user.id, ethics_version_id=current.id, acknowledged_at=utcnow()
    )
    stored, created = insert_or_find(
        acknowledgement, lambda: acknowledgement_of(user.id, current.id)
    )
    if not created:
        return Acknowledged(stored, False)
    audit.record(
        user,
        "ethics.acknowledged",
        acknowledgement,
        f"acknowledged {current.code.code}, version {current.version}",
        after={
            "code": current.code.code,
            "version": current.version,
            "acknowledged_at": acknowledgement.acknowledged_at.isoformat(),
        },
    )
    return Acknowledged(acknowledgement, True)


def publish_version(actor: User | None, code: EthicsCode, title: str, body: str) -> EthicsVersion:
    """Publish a new version of a code (numbered one past its highest).

    Everyone's earlier acknowledgement stays in the history, and each trainee
    is asked to acknowledge the new version.
    """
    clean_title = clean_text(title)
    clean_body = clean_text(body)
    errors: dict[str, list[str]] = {}
    if not clean_title:
        errors["title"] = [_("Give the version a title.")]
    elif len(clean_title) > TITLE_MAX:
        errors["title"] = [_("Use at most %(title_max)s characters.", title_max=TITLE_MAX)]
    if not clean_body:
        errors["body"] = [_("Write the text of the code of ethics.")]
    elif len(clean_body) > BODY_MAX:
        errors["body"] = [_("Use at most %(body_max)s characters.", body_max=number(BODY_MAX))]
    if errors:
        raise ValidationError(errors)

    def next_version() -> EthicsVersion:
        number = (
            db.session.scalar(
                select(func.max(EthicsVersion.version)).where(
                    EthicsVersion.ethics_code_id == code.id
                )
            )
            or 0
        ) + 1
        return EthicsVersion(
            ethics_code_id=code.id,
            version=number,
            title=clean_title,
            body=clean_body,
            published_at=utcnow(),
            published_by_id=actor.id if actor else None,
        )

    version = insert_with_retries(next_version, PUBLISH_ATTEMPTS)
    if version is None:
        raise ConflictError(_("Someone else published a version at the same moment; try again."))
    audit.record(
        actor,
        "ethics.published",
        version,
        f"published {code.code}, version {version.version}",
        after={"code": code.code, "version": version.version, "title": version.title},
    )
    return version
