"""Invariant 6: some time after an event, its ticket holders' personal data is anonymised.

Rows stay (tickets, check-ins, sign-ups), so the figures of past events remain right; names, addresses,
organizations and answers go, as they do when someone deletes their own data. Sent mails older than the period go too.
"""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from core.extensions import db
from core.mail.outbox import purge_mail
from core.services import blank_audit_subjects
from events.models import Event
from ticketing.models import Booking, Ticket, WaitlistEntry

ANONYMOUS = "—"


def anonymise_ended_events(now: datetime, *, retention: timedelta) -> dict[str, int]:
    """Anonymise the people of every event that ended more than `retention` ago; return what changed."""
    cutoff = now - retention
    ended = select(Event.id).where(Event.ends_at < cutoff).scalar_subquery()
    tickets = db.session.execute(
        update(Ticket)
        .where(Ticket.event_id.in_(ended), Ticket.anonymised_at.is_(None))
        .values(attendee_name=ANONYMOUS, attendee_email="", organization="", answers={}, anonymised_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        update(Booking)
        .where(Booking.event_id.in_(ended), Booking.buyer_email != "")
        .values(buyer_name=ANONYMOUS, buyer_email="")
        .execution_options(synchronize_session=False)
    )
    waiting = db.session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.event_id.in_(ended), WaitlistEntry.email != "")
        .values(name=ANONYMOUS, email="", organization="", answers={})
        .execution_options(synchronize_session=False)
    ).rowcount
    blank_audit_subjects("ticket", select(Ticket.id).where(Ticket.event_id.in_(ended)))
    blank_audit_subjects("booking", select(Booking.id).where(Booking.event_id.in_(ended)))
    return {"anonymised_tickets": tickets, "anonymised_waiting": waiting, "purged_mails": purge_mail(cutoff)}
