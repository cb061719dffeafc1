"""`flask tick`: the timed work, for cron or a systemd timer every minute. Correctness never waits for it."""

import click
from flask.cli import with_appcontext

from core.db import utcnow
from core.extensions import db
from core.mail_cli import tick_mail
from ticketing import booking, reminders, waitlist


def run_tick(now) -> dict[str, int]:
    """Expire lapsed holds, hand freed seats and lapsed offers to the waiting list, queue reminders."""
    expired = booking.expire_holds(now)
    offers = sum(waitlist.promote(event, now=now) for event in waitlist.events_with_waiting_people())
    reminded = reminders.send_reminders(now)
    return {"expired_holds": expired, "waitlist_offers": offers, "reminders": reminded}


@click.command("tick")
@with_appcontext
def tick_command():
    """Run the timed work once, then send due mail."""
    now = utcnow()
    counts = run_tick(now)
    db.session.commit()
    report = tick_mail(now)
    click.echo(", ".join(f"{name} {count}" for name, count in counts.items()) + f"; mail: {report}")
