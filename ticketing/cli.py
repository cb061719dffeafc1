"""`flask tick`: the timed work, for cron or a systemd timer every minute. Correctness never waits for it."""

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from core.cli.mail import tick_mail
from core.db import utcnow
from core.extensions import db
from ticketing.attendees import retention
from ticketing.booking import bookings as booking
from ticketing.booking import reminders, waitlist


def run_tick(now) -> dict[str, int]:
    """Expire lapsed holds, hand freed seats and lapsed offers to the waiting list, queue reminders, and anonymise
    the people of events past the retention period (a cheap no-op on most minutes)."""
    expired = booking.expire_holds(now)
    offers = sum(waitlist.promote(event, now=now) for event in waitlist.events_with_waiting_people())
    reminded = reminders.send_reminders(now)
    kept_for = timedelta(days=current_app.config["RETENTION_DAYS"])
    return {
        "expired_holds": expired,
        "waitlist_offers": offers,
        "reminders": reminded,
        **retention.anonymise_ended_events(now, retention=kept_for),
    }


@click.command("tick")
@with_appcontext
def tick_command():
    """Run the timed work once, then send due mail."""
    now = utcnow()
    counts = run_tick(now)
    db.session.commit()
    report = tick_mail(now)
    click.echo(", ".join(f"{name} {count}" for name, count in counts.items()) + f"; mail: {report}")
