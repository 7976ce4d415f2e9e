"""Mail as data: every message is a row in the outbox, written inside the caller's
transaction, so it exists exactly when the event that causes it is committed.

Nothing here talks to a mail server: ``flask --app tracker send-mail`` delivers the
rows later (tracker/services/outbox.py).  A message is rendered when it is queued,
from ``templates/mail/<name>.txt`` and ``.html``, with every string translatable;
the body may hold a one-time link, so it is never written to a log.

Each kind of message belongs to a topic a person may turn off (see ``TOPICS``),
except security mail (invitations, password resets, password changed), which is
always sent and carries no unsubscribe link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_babel import lazy_gettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from tracker.extensions import db
from tracker.i18n import written_for
from tracker.models import MailOptOut, OutboxMessage, OutboxStatus, User, utcnow


@dataclass(frozen=True)
class Topic:
    code: str
    label: Any
    hint: Any
    # Who receives it: "trainee" (trainees and holders) or "coordinator".
    audience: str


TOPICS: dict[str, Topic] = {
    topic.code: topic
    for topic in [
        Topic(
            "renewal",
            lazy_gettext("Certificate renewal reminders"),
            lazy_gettext(
                "60, 30 and 7 days before a certificate expires, when it enters grace, "
                "and when it lapses."
            ),
            "trainee",
        ),
        Topic(
            "decisions",
            lazy_gettext("Rejected entries"),
            lazy_gettext(
                "When an hour entry, module, document or supervision record is "
                "rejected, with the reason."
            ),
            "trainee",
        ),
        Topic(
            "certificates",
            lazy_gettext("Certificates issued"),
            lazy_gettext("When a certificate is issued to you."),
            "trainee",
        ),
        Topic(
            "eligibility",
            lazy_gettext("Eligibility"),
            lazy_gettext("When you meet every requirement of a program."),
            "trainee",
        ),
        Topic(
            "review_digest",
            lazy_gettext("Daily review digest"),
            lazy_gettext("Once a day, when entries wait for review or trainees became eligible."),
            "coordinator",
        ),
    ]
}

# Each kind of message and its topic; None: security mail, never turned off.
KINDS: dict[str, str | None] = {
    "invitation": None,
    "password_reset": None,
    "password_changed": None,
    "expiry_reminder": "renewal",
    "grace_started": "renewal",
    "lapsed": "renewal",
    "decision": "decisions",
    "certificate_issued": "certificates",
    "eligible": "eligibility",
    "review_digest": "review_digest",
}


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_HOST"))


def public_link(endpoint: str, **values: Any) -> str:
    """An absolute link under TRACKER_PUBLIC_URL; works with or without a request."""
    adapter = current_app.url_map.bind("localhost", script_name="/")
    path = adapter.build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def topics_for(user: User) -> list[Topic]:
    audience = "coordinator" if user.is_coordinator else "trainee"
    return [topic for topic in TOPICS.values() if topic.audience == audience]


# --- preferences ------------------------------------------------------------------------


def opted_out(user_id: int, topic: str) -> bool:
    return (
        db.session.scalar(
            select(MailOptOut.id).where(MailOptOut.user_id == user_id, MailOptOut.topic == topic)
        )
        is not None
    )


def turned_off(user: User) -> set[str]:
    return set(db.session.scalars(select(MailOptOut.topic).where(MailOptOut.user_id == user.id)))


def set_topic(user: User, topic: str, on: bool) -> bool:
    """Turn one topic on or off for ``user``; True when that changed anything."""
    if topic not in TOPICS:
        raise ValueError(f"unknown mail topic {topic!r}")
    if on:
        result = db.session.execute(
            delete(MailOptOut).where(MailOptOut.user_id == user.id, MailOptOut.topic == topic)
        )
        return bool(result.rowcount)
    if opted_out(user.id, topic):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(MailOptOut(user_id=user.id, topic=topic))
    except IntegrityError:  # turned off at the same moment elsewhere
        return False
    return True


def set_preferences(user: User, wanted: set[str]) -> None:
    """Keep exactly the topics in ``wanted`` on, of those ``user`` receives."""
    for topic in topics_for(user):
        set_topic(user, topic.code, topic.code in wanted)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="mail-unsubscribe")


def unsubscribe_token(user_id: int, topic: str) -> str:
    return _serializer().dumps([user_id, topic])


def read_unsubscribe_token(token: str) -> tuple[User, str] | None:
    """The person and topic an unsubscribe link names, or None when it is not one."""
    try:
        user_id, topic = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or topic not in TOPICS:
        return None
    return user, topic


# --- queueing ---------------------------------------------------------------------------


def queue(
    kind: str,
    user: User,
    subject: Any,
    template: str,
    dedupe_key: str | None = None,
    asked_by_them: bool = False,
    **context: Any,
) -> OutboxMessage | None:
    """Write one message for ``user`` into the outbox, in the caller's transaction.

    The message is written in ``user``'s language (tracker/i18n.py, ``language_for``),
    whoever causes it: the subject may be a lazy string, turned into words here.

    Returns None, writing nothing, when a message with the same ``dedupe_key`` exists
    already (the occasion was handled before).  When ``user`` turned this kind of mail
    off or is deactivated (security mail aside), an occasion with a ``dedupe_key`` is
    recorded as SKIPPED, with no body; one without a key writes nothing.
    """
    topic = KINDS[kind]
    if dedupe_key is not None and db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ):
        return None
    unwanted = topic is not None and (not user.active or opted_out(user.id, topic))
    if unwanted and dedupe_key is None:
        return None
    unsubscribe = (
        public_link("auth.unsubscribe", token=unsubscribe_token(user.id, topic)) if topic else None
    )
    with written_for(user, asked_by_them):
        subject = str(subject)
        context.update(
            user=user,
            organisation=current_app.config["ORGANISATION_NAME"],
            unsubscribe_url=unsubscribe,
            preferences_url=public_link("auth.mail_preferences") if topic else None,
            topic_label=str(TOPICS[topic].label) if topic else None,
            subject=subject,
        )
        body_text = "" if unwanted else render_template(f"mail/{template}.txt", **context)
        body_html = "" if unwanted else render_template(f"mail/{template}.html", **context)
    message = OutboxMessage(
        kind=kind,
        user_id=user.id,
        to_address=user.email,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        unsubscribe_url=unsubscribe,
        dedupe_key=dedupe_key,
        status=OutboxStatus.SKIPPED if unwanted else OutboxStatus.QUEUED,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    try:
        # Two runs of a daily job at once: the second insert of an occasion fails alone.
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        return None
    return message


def queue_invitation(user: User, link: str) -> OutboxMessage | None:
    organisation = current_app.config["ORGANISATION_NAME"]
    return queue(
        "invitation",
        user,
        lazy_gettext("Your invitation to %(organisation)s", organisation=organisation),
        "invitation",
        link=link,
        days=current_app.config["INVITATION_VALID_DAYS"],
    )


def queue_password_reset(user: User, link: str, minutes: int) -> OutboxMessage | None:
    return queue(
        "password_reset",
        user,
        lazy_gettext(
            "Reset your password for %(organisation)s",
            organisation=current_app.config["ORGANISATION_NAME"],
        ),
        "password_reset",
        asked_by_them=True,
        link=link,
        minutes=minutes,
    )


def queue_password_changed(user: User) -> OutboxMessage | None:
    return queue(
        "password_changed",
        user,
        lazy_gettext("Your password was changed"),
        "password_changed",
        reset_link=public_link("auth.forgot_password"),
    )


# What a rejected record is called in a trainee's mail, by kind.
RECORD_KINDS: dict[str, Any] = {
    "hours": lazy_gettext("hour entry"),
    "module": lazy_gettext("module report"),
    "document": lazy_gettext("document"),
    "supervision": lazy_gettext("supervision record"),
    "external_training": lazy_gettext("outside training"),
}
# Where the trainee sees and corrects each kind of record.
RECORD_PAGES: dict[str, str] = {
    "hours": "trainee.hours",
    "module": "trainee.training",
    "document": "trainee.evidence",
    "supervision": "trainee.evidence",
    "external_training": "trainee.evidence",
}


def queue_decision(
    record_kind: str, trainee: User, reason: str, what: str, record_id: int | None = None
) -> OutboxMessage | None:
    """Tell a trainee one of their records was rejected, and why.

    ``record_kind`` is a key of RECORD_KINDS; ``what`` names the record in the
    trainee's own words ("2.5 h on 3 Nov 2026", "ETH-101 Ethics"); ``reason`` is the
    coordinator's.  Called by the service that rejects, inside its transaction.
    """
    noun = RECORD_KINDS[record_kind]
    return queue(
        "decision",
        trainee,
        lazy_gettext("Your %(record)s was not accepted", record=noun),
        "decision",
        dedupe_key=f"decision:{record_kind}:{record_id}" if record_id is not None else None,
        record=noun,
        what=what,
        reason=reason,
        link=public_link(RECORD_PAGES.get(record_kind, "trainee.dashboard")),
    )


def queue_certificate_issued(certification: Any) -> OutboxMessage | None:
    from tracker.services.credentials import verification_url

    return queue(
        "certificate_issued",
        certification.trainee,
        lazy_gettext("Your %(program)s certificate", program=certification.program.name),
        "certificate_issued",
        dedupe_key=f"issued:cert{certification.id}",
        certification=certification,
        program=certification.program.name,
        pdf_link=public_link("trainee.certificate_pdf", certification_id=certification.id),
        certificates_link=public_link("trainee.certifications"),
        verify_link=verification_url(certification),
    )
