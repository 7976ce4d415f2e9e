"""``flask --app tracker expire-certifications``: record the states certifications' dates
have moved them to (expiring soon, in grace, lapsed) in the audit log."""

from __future__ import annotations

import click

from tracker.extensions import db
from tracker.services import certifications
from tracker.services.dates import local_today


@click.command("expire-certifications")
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this day (YYYY-MM-DD); for catching up or trying it out.",
)
def expire_certifications(on: object) -> None:
    """Record, in the audit log, certifications that their dates have moved to expiring soon,
    in grace or lapsed.  Safe to run from cron: running it again records nothing new."""
    today = on.date() if on is not None else local_today()  # type: ignore[attr-defined]
    result = certifications.expire_due(today)
    db.session.commit()
    if not result.changed:
        click.echo(f"Nothing to change on {today.isoformat()}.")
        return
    click.echo(
        f"On {today.isoformat()}: {result.expiring} now expiring soon, "
        f"{result.in_grace} now in grace, {result.lapsed} now lapsed"
        + (f", {result.reactivated} valid again" if result.reactivated else "")
        + "."
    )
