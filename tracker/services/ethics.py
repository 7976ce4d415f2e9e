"""The code of ethics: versions published by coordinators, acknowledged by trainees.

Each acknowledgement records the version and the time.  Publishing a new
version asks everyone for a new acknowledgement: eligibility looks at the
current version only (:func:`tracker.services.eligibility.has_acknowledged_current`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import EthicsAcknowledgement, EthicsVersion, User, utcnow
from tracker.services import audit
from tracker.services.accounts import clean_text
from tracker.services.db_helpers import insert_or_find, insert_with_retries
from tracker.services.eligibility import current_ethics_version
from tracker.services.errors import ConflictError, ServiceError, ValidationError

TITLE_MAX = 200
BODY_MAX = 100_000
PUBLISH_ATTEMPTS = 5


def acknowledgement_of(user_id: int, version_id: int) -> EthicsAcknowledgement | None:
    return db.session.scalar(
        select(EthicsAcknowledgement).where(
            EthicsAcknowledgement.user_id == user_id,
            EthicsAcknowledgement.ethics_version_id == version_id,
        )
    )


def acknowledgements(user_id: int) -> list[EthicsAcknowledgement]:
    """The user's acknowledgements, newest version first."""
    return list(
        db.session.scalars(
            select(EthicsAcknowledgement)
            .join(EthicsVersion, EthicsVersion.id == EthicsAcknowledgement.ethics_version_id)
            .where(EthicsAcknowledgement.user_id == user_id)
            .order_by(EthicsVersion.version.desc())
        )
    )


@dataclass(frozen=True)
class EthicsStatus:
    current: EthicsVersion | None
    acknowledged: EthicsAcknowledgement | None  # of the current version
    acknowledged_before: bool  # an earlier version was acknowledged

    @property
    def needs_acknowledgement(self) -> bool:
        return self.current is not None and self.acknowledged is None


def status_for(user_id: int) -> EthicsStatus:
    current = current_ethics_version()
    if current is None:
        return EthicsStatus(None, None, False)
    mine = acknowledgement_of(user_id, current.id)
    before = False
    if mine is None:
        before = (
            db.session.scalar(
                select(EthicsAcknowledgement.id)
                .where(EthicsAcknowledgement.user_id == user_id)
                .limit(1)
            )
            is not None
        )
    return EthicsStatus(current, mine, before)


@dataclass(frozen=True)
class Acknowledged:
    acknowledgement: EthicsAcknowledgement
    created: bool


def acknowledge(user: User, version_id: Any = None) -> Acknowledged:
    """Acknowledge the current version.

    ``version_id`` is the version the user read (the form carries it): when a
    newer one was published meanwhile, nothing is stored and the user is asked
    to read the new one.  Acknowledging twice stores once.
    """
    if not user.is_trainee or not user.active:
        raise ServiceError("Only active trainees acknowledge the code of ethics.")
    current = current_ethics_version()
    if current is None:
        raise ServiceError("No code of ethics has been published yet.")
    if version_id not in (None, "") and str(version_id).strip() != str(current.id):
        raise ConflictError(
            f"A newer version of the code of ethics (version {current.version}) has been "
            "published. Please read it before you acknowledge it."
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
        f"acknowledged the code of ethics, version {current.version}",
        after={
            "version": current.version,
            "acknowledged_at": acknowledgement.acknowledged_at.isoformat(),
        },
    )
    return Acknowledged(acknowledgement, True)


def publish_version(actor: User | None, title: str, body: str) -> EthicsVersion:
    """Publish a new version of the code (numbered one past the highest).

    Everyone's earlier acknowledgement stays in the history, and each trainee
    is asked to acknowledge the new version.
    """
    clean_title = clean_text(title)
    clean_body = clean_text(body)
    errors: dict[str, list[str]] = {}
    if not clean_title:
        errors["title"] = ["Give the version a title."]
    elif len(clean_title) > TITLE_MAX:
        errors["title"] = [f"Use at most {TITLE_MAX} characters."]
    if not clean_body:
        errors["body"] = ["Write the text of the code of ethics."]
    elif len(clean_body) > BODY_MAX:
        errors["body"] = [f"Use at most {BODY_MAX:,} characters."]
    if errors:
        raise ValidationError(errors)

    def next_version() -> EthicsVersion:
        number = (db.session.scalar(select(func.max(EthicsVersion.version))) or 0) + 1
        return EthicsVersion(
            version=number,
            title=clean_title,
            body=clean_body,
            published_at=utcnow(),
            published_by_id=actor.id if actor else None,
        )

    version = insert_with_retries(next_version, PUBLISH_ATTEMPTS)
    if version is None:
        raise ConflictError("Someone else published a version at the same moment; try again.")
    audit.record(
        actor,
        "ethics.published",
        version,
        f"published the code of ethics, version {version.version}",
        after={"version": version.version, "title": version.title},
    )
    return version
