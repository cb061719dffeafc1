from datetime import timedelta

import pytest

from core.db import utcnow
from core.extensions import db
from tests.ticketing.booking_helpers import book, event_on_sale, later, outbox, person
from ticketing.booking import bookings as booking
from ticketing.booking import reminders, waitlist
from ticketing.cli import run_tick
from ticketing.errors import BookingError


def join(ticket_type, n, now=None):
    entry = waitlist.join_waitlist(
        ticket_type, name=f"Wartend {n}", email=f"wait{n}@example.org", organization="", stakeholder_group="science",
        answers={}, consent_privacy=True, consent_media=True, language="de", now=now or utcnow(),
    )  # fmt: skip
    db.session.commit()
    return entry


def full_event():
    event, tag1 = event_on_sale(seats=1)
    holder = book(event, [person(tag1, 1)])
    booking.confirm_booking(holder, now=utcnow())
    db.session.commit()
    return event, tag1, holder.tickets[0]


def test_joining_a_full_waiting_list_mails_the_position(app_ctx):
    event, tag1, _ = full_event()

    first, second = join(tag1, 1), join(tag1, 2)

    assert (first.state, second.state) == ("waiting", "waiting")
    assert "Platz 2" in outbox(f"waitlist:{second.id}")[0].body_text
    with pytest.raises(BookingError) as twice:
        join(tag1, 1)
    assert twice.value.code == "already_waiting"


def test_a_cancelled_seat_is_held_for_the_next_person_who_claims_it(app_ctx):
    event, tag1, ticket = full_event()
    first, second = join(tag1, 1), join(tag1, 2)

    booking.cancel_ticket(ticket, now=utcnow())
    db.session.commit()
    claimed = waitlist.claim_offer(first, now=utcnow())
    db.session.commit()

    assert (first.state, second.state) == ("claimed", "waiting")
    assert len(outbox(f"offer:{first.id}")) == 1
    assert (claimed.state, claimed.attendee_email, claimed.booking.state) == ("valid", "wait1@example.org", "confirmed")
    assert tag1.seats_left == 0
    assert len(outbox(f"ticket:{claimed.id}")) == 1


def test_a_lapsed_offer_goes_to_the_next_person(app_ctx):
    event, tag1, ticket = full_event()
    first, second = join(tag1, 1), join(tag1, 2)
    booking.cancel_ticket(ticket, now=utcnow())
    db.session.commit()

    run_tick(later(25 * 60))
    db.session.commit()
    with pytest.raises(BookingError) as too_late:
        waitlist.claim_offer(first, now=later(25 * 60))

    assert too_late.value.code == "offer_lapsed"
    assert (first.state, second.state) == ("lapsed", "offered")
    assert tag1.seats_left == 0  # held for the second person


def test_leaving_with_an_offer_hands_the_seat_on(app_ctx):
    event, tag1, ticket = full_event()
    first, second = join(tag1, 1), join(tag1, 2)
    booking.cancel_ticket(ticket, now=utcnow())

    waitlist.leave_waitlist(first, now=utcnow())
    db.session.commit()

    assert (first.state, second.state) == ("left", "offered")


def test_an_expired_hold_promotes_the_waiting_list(app_ctx):
    event, tag1 = event_on_sale(seats=1)
    book(event, [person(tag1, 1)], hold_minutes=30)
    entry = join(tag1, 9)

    counts = run_tick(later(31))
    db.session.commit()

    assert counts["expired_holds"] == 1 and entry.state == "offered"


def test_reminders_go_once_to_valid_tickets_within_the_window(app_ctx):
    event, tag1 = event_on_sale(seats=5)
    confirmed = book(event, [person(tag1, 1), person(tag1, 2)])
    booking.confirm_booking(confirmed, now=utcnow())
    booking.cancel_ticket(confirmed.tickets[1], now=utcnow())
    db.session.commit()
    window = event.starts_at - timedelta(days=event.reminder_days_before)

    early = reminders.send_reminders(window - timedelta(hours=1))
    due = reminders.send_reminders(window + timedelta(hours=1))
    again = reminders.send_reminders(window + timedelta(hours=2))
    db.session.commit()

    [mail] = outbox("reminder:")
    assert (early, due, again) == (0, 1, 0)
    assert f"/t/{confirmed.tickets[0].access_token}/release" in mail.body_text
    assert "Ich kann nicht kommen" in mail.body_text


def test_tick_command_runs_and_sends_due_mail(runner, app_ctx):
    app_ctx.config.update(MAIL_BACKEND="console")
    event, tag1 = event_on_sale()
    book(event, [person(tag1)])

    result = runner.invoke(args=["tick"])

    assert result.exit_code == 0, result.output
    assert "expired_holds 0" in result.output and "mail:" in result.output
    assert outbox()[0].status == "sent"
