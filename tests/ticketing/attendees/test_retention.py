"""Invariant 6: the people of events past the retention period are anonymised; counts and check-ins stay."""

from datetime import timedelta

from sqlalchemy import func, select

from core.extensions import db
from core.mail.outbox import OutboxMail
from tests.ticketing.booking_helpers import book, event_on_sale, outbox, person
from ticketing.booking import bookings as booking
from ticketing.booking import waitlist
from ticketing.cli import run_tick
from ticketing.models import Booking, Ticket, WaitlistEntry


def confirmed(event, ticket_type, n):
    result = book(event, [person(ticket_type, n)])
    booking.confirm_booking(result, now=result.created_at)
    db.session.commit()
    return result


def test_people_are_anonymised_after_the_retention_period_and_counts_stay(app_ctx):
    past, past_type = event_on_sale(seats=1)
    later_event, later_type = event_on_sale(seats=5, slug="spaeter", starts_in_days=400)
    old_booking = confirmed(past, past_type, 1)
    waitlist.join_waitlist(
        past_type, name="Wartende Person", email="wartend@example.org", organization="Hochschule Wismar",
        stakeholder_group="science", answers={}, consent_privacy=True, consent_media=True, language="de",
        now=old_booking.created_at,
    )  # fmt: skip
    kept = confirmed(later_event, later_type, 2)
    for mail in outbox():
        mail.status = "sent"
    db.session.commit()

    after_retention = past.ends_at + timedelta(days=91)
    counts = run_tick(after_retention)
    db.session.commit()

    [ticket] = db.session.get(Booking, old_booking.id).tickets
    assert (ticket.attendee_name, ticket.attendee_email, ticket.organization, ticket.answers) == ("—", "", "", {})
    assert (ticket.state, ticket.anonymised_at) == ("valid", after_retention)  # still counted as a ticket
    assert db.session.get(Booking, old_booking.id).buyer_email == ""
    assert db.session.scalar(select(WaitlistEntry.email)) == ""
    assert db.session.get(Booking, kept.id).tickets[0].attendee_email == "person2@example.org"
    assert (counts["anonymised_tickets"], counts["anonymised_waiting"]) == (1, 1)
    assert counts["purged_mails"] >= 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0  # all sent long before

    assert run_tick(after_retention)["anonymised_tickets"] == 0  # nothing twice
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 2


def test_before_the_period_ends_nothing_is_touched(app_ctx):
    past, past_type = event_on_sale(seats=1)
    old_booking = confirmed(past, past_type, 1)
    counts = run_tick(past.ends_at + timedelta(days=89))
    db.session.commit()
    assert counts["anonymised_tickets"] == 0
    assert db.session.get(Booking, old_booking.id).tickets[0].attendee_name == "Person 1"
    assert [m.status for m in outbox()] == ["pending"] * len(outbox())  # unsent mail is never purged
