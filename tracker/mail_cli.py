"""``send-mail`` (drains the outbox) and ``send-reminders`` (queues the day's reminders)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from tracker.extensions import db


@click.command("send-mail")
@with_appcontext
@click.option("--batch", default=50, show_default=True, help="Messages claimed at a time.")
def send_mail(batch: int) -> None:
    """Deliver the messages waiting in the outbox.  Safe to run every minute, and from
    several machines at once on PostgreSQL: each message is sent once."""
    from tracker.services import mail, outbox

    if not mail.mail_configured():
        click.echo(
            "No SMTP host is set (TRACKER_SMTP_HOST): messages stay in the outbox, "
            "where coordinators see them."
        )
        return
    result = outbox.send_all(limit=max(1, min(batch, 500)))
    db.session.commit()
    click.echo(
        f"Sent {len(result.sent)}, to retry {len(result.retrying)}, failed {len(result.failed)}."
    )
    if result.interrupted:
        click.echo(f"{result.interrupted} interrupted by an earlier run marked failed.")


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Queue today's reminders, decisions digests and eligibility mail.  Daily from cron;
    running it again the same day queues nothing new."""
    from tracker.services import reminders

    result = reminders.queue_due()
    db.session.commit()
    click.echo(
        f"Queued {result.holders} certificate reminders, {result.eligible} eligibility "
        f"messages and {result.digests} coordinator digests."
    )
