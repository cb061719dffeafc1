"""Shared set-up for booking tests: an event on sale, attendee data, and reading the outbox."""

import re
from datetime import timedelta

from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.mail.outbox import OutboxMail
from tests.factories import make_event, make_quota, make_ticket_type
from ticketing.booking import bookings as booking
from ticketing.booking.offers import offer_of
from ticketing.models import Booking

LINK = re.compile(r"https?://[^\s]+")


def event_on_sale(seats=10, days=1, **event_kwargs):
    """An event with one hall quota and a ticket type 'Tag 1'."""
    event = make_event(days=days, **event_kwargs)
    hall = make_quota(event, "Halle", seats)
    return event, make_ticket_type(event, [hall], "Tag 1")


def person(ticket_type, n=1, **overrides):
    return booking.AttendeeData(
        name=overrides.pop("name", f"Person {n}"),
        email=overrides.pop("email", f"person{n}@example.org"),
        ticket_type_id=ticket_type.id,
        organization=overrides.pop("organization", "Stadtwerke Stralsund"),
        stakeholder_group=overrides.pop("stakeholder_group", "business"),
        **overrides,
    )


def book(event, attendees, *, key=None, now=None, hold_minutes=60, consent=True):
    booking_id = booking.start_booking(
        offer_of(event),
        attendees,
        submission_key=key or f"key-{attendees[0].email}-{len(attendees)}-{utcnow().timestamp()}",
        consent_privacy=consent,
        consent_media=consent,
        language="de",
        now=now or utcnow(),
        hold_minutes=hold_minutes,
    )
    db.session.commit()
    return db.session.get(Booking, booking_id)


def outbox(reference_prefix=""):
    query = select(OutboxMail).order_by(OutboxMail.id)
    if reference_prefix:
        query = query.where(OutboxMail.reference.startswith(reference_prefix))
    return list(db.session.scalars(query))


def links_in(text: str) -> list[str]:
    return LINK.findall(text)


def later(minutes: int):
    return utcnow() + timedelta(minutes=minutes)
