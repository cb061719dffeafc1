"""Tickets that take no seat from the public quotas: speakers and booth staff.

They belong to a hidden ticket type per kind, made on first use, valid on every day of the event and drawing from no
quota; the holder gets the same mail (PDF with QR, calendar file) and ticket page as anyone who booked.
"""

from datetime import datetime

from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from events.models import Event
from ticketing.booking import mails
from ticketing.booking.bookings import cancel_ticket
from ticketing.models import Ticket, TicketType

# The hidden ticket types' names, stored in German (the event's first language) and shown on tickets and badges.
TYPE_NAMES = {"speaker": "Referent*in", "exhibitor": "Aussteller*in"}


def complimentary_type(event: Event, kind: str) -> TicketType:
    """The event's hidden ticket type for this kind of guest, made when first needed."""
    name = TYPE_NAMES[kind]
    ticket_type = db.session.scalar(
        select(TicketType).where(
            TicketType.event_id == event.id, TicketType.name == name, TicketType.is_public.is_(False)
        )
    )
    if ticket_type is None:
        ticket_type = TicketType(event=event, name=name, is_public=False, position=100)
        ticket_type.valid_days = event.days
        db.session.add(ticket_type)
    return ticket_type


def issue_ticket(
    event: Event, kind: str, *, name: str, email: str, organization: str = "", language: str = "de", now=None
) -> Ticket:
    """A valid ticket outside the quotas, mailed to its holder at once."""
    ticket = Ticket(
        event=event,
        ticket_type=complimentary_type(event, kind),
        attendee_name=name.strip(),
        attendee_email=email.strip(),
        organization=organization.strip(),
        language=language,
        state="valid",
        is_complimentary=True,
        created_at=now or utcnow(),
    )
    db.session.add(ticket)
    db.session.flush()
    if ticket.attendee_email:
        mails.ticket_mail(ticket)
    return ticket


def withdraw_ticket(ticket: Ticket, *, now: datetime) -> None:
    """Cancel a complimentary ticket (a speaker whose contributions were all withdrawn, staff taken off a booth)."""
    if ticket.state != "cancelled":
        cancel_ticket(ticket, now=now)
