"""Outgoing mail, when SMTP settings are given; otherwise links are shown on screen."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

from tracker.models import User
from tracker.transactions import end_reading

log = logging.getLogger(__name__)


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_HOST"))


def send(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; False when mail is not configured or sending failed."""
    config = current_app.config
    if not mail_configured():
        return False
    # A mail server can take seconds to answer: never while holding the database's write lock.
    end_reading()
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config["MAIL_HOST"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        # The address is logged, never the link: it would let a reader set the password.
        log.warning("could not send mail to %s: %s", to, exc.__class__.__name__)
        return False
    return True


def send_invitation(user: User, link: str) -> bool:
    organisation = current_app.config["ORGANISATION_NAME"]
    days = current_app.config["INVITATION_VALID_DAYS"]
    body = (
        f"Hello {user.display_name},\n\n"
        f"You have been invited to {organisation}'s training tracker.\n"
        f"Open this link within {days} days to choose your password:\n\n{link}\n\n"
        "If you did not expect this message, you can ignore it.\n"
    )
    return send(user.email, f"Your invitation to {organisation}", body)
