"""The fuzzed world: the access test's world (an event with ticket types, quotas, questions, program, partners,
World Café) plus what the remaining private links need (a booking, a waiting-list entry, check-in lists, a job),
and the values that fill every kind of path part."""

from core.db import utcnow
from core.extensions import db
from core.jobs.models import Job
from core.services import legal_page
from events.models import Event
from tests.partners.test_access import ACCOUNTS, build_world
from ticketing.booking import bookings, waitlist
from ticketing.booking.offers import offer_of
from ticketing.checkin.scans import default_lists
from ticketing.models import Booking, Ticket, TicketType
from ticketing.worldcafe.attendee.rotation import rotation_token

ROLES = ("anonymous", "member", "owner", "checkin", "program", "admin")
__all__ = ["ACCOUNTS", "ROLES", "build_fuzz_world"]


def build_fuzz_world() -> dict:
    world = build_world()
    event = db.session.get(Event, world["event"])
    ticket_type = db.session.get(TicketType, world["ticket_type"])
    now = utcnow()
    booking = db.session.get(
        Booking,
        bookings.start_booking(
            offer_of(event),
            [bookings.AttendeeData("Bea Bucher", "bea@example.org", ticket_type.id)],
            submission_key="fuzz-booking",
            consent_privacy=True,
            consent_media=True,
            language="de",
            now=now,
            hold_minutes=60 * 24 * 365,
        ),
    )
    entry = waitlist.join_waitlist(
        ticket_type, name="Wim Warter", email="wim@example.org", organization="", stakeholder_group="other",
        answers={}, consent_privacy=True, consent_media=True, language="de", now=now,
    )  # fmt: skip
    lists = default_lists(event)  # made on first use otherwise: a GET of the check-in pages would add them
    for slug in ("impressum", "datenschutz"):
        legal_page(slug, create=True)
    job = Job(kind="fuzz", params={}, state="queued", event_id=event.id, created_at=now)
    db.session.add(job)
    db.session.flush()
    ticket = db.session.get(Ticket, world["ticket"])
    ticket.state = "valid"
    db.session.commit()
    held = booking.tickets[0]
    return world | {
        "booking_token": booking.token,
        "booking_ticket": held.id,
        "ticket_token": ticket.access_token,
        "ticket_secret": ticket.secret,
        "feed_token": ticket.feed_token,
        "rotation_token": rotation_token(ticket),
        "waitlist_token": entry.token,
        "list": lists[0].id,
        "job": job.id,
        "legal_slug": "impressum",
    }
