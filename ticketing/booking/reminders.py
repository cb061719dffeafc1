"""Reminders a few days before the event, each with a link to give the seat back."""

from datetime import datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from events.models import Event
from ticketing.booking import mails
from ticketing.models import Ticket


def send_reminders(now: datetime) -> int:
    """Queue one reminder per valid ticket of events starting within their reminder window; returns how many."""
    events = db.session.scalars(
        select(Event).where(Event.status == "published", Event.starts_at > now, Event.reminder_days_before > 0)
    )
    sent = 0
    for event in events:
        if now < event.starts_at - timedelta(days=event.reminder_days_before):
            continue
        due = select(Ticket).where(
            Ticket.event_id == event.id, Ticket.state == "valid", Ticket.reminder_sent_at.is_(None),
            Ticket.attendee_email != "",
        )  # fmt: skip
        for ticket in db.session.scalars(due):
            ticket.reminder_sent_at = now
            mails.reminder_mail(ticket)
            sent += 1
    return sent
