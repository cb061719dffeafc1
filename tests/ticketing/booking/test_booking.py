from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.mail.outbox import OutboxMail
from tests.factories import make_quota, make_ticket_type
from tests.ticketing.booking_helpers import book, event_on_sale, later, links_in, outbox, person
from ticketing.booking import bookings as booking
from ticketing.booking import capacity
from ticketing.errors import BookingError
from ticketing.models import Booking, Ticket


def test_booking_holds_seats_and_mails_a_confirmation_link(app_ctx):
    event, tag1 = event_on_sale(seats=10)

    result = book(event, [person(tag1, 1), person(tag1, 2)])

    [mail] = outbox()
    assert (result.state, [t.state for t in result.tickets]) == ("pending", ["held", "held"])
    assert tag1.seats_left == 8
    assert mail.to_address == "person1@example.org" and event.name in mail.subject
    assert f"http://127.0.0.1:5000/booking/{result.token}/confirm" in links_in(mail.body_text)


def test_confirming_makes_tickets_valid_and_mails_each_holder_their_ticket(app_ctx):
    event, tag1 = event_on_sale()
    pending = book(event, [person(tag1, 1), person(tag1, 2)])

    booking.confirm_booking(pending, now=utcnow())
    db.session.commit()

    tickets = outbox("ticket:")
    assert pending.state == "confirmed" and all(t.state == "valid" for t in pending.tickets)
    assert sorted(m.to_address for m in tickets) == ["person1@example.org", "person2@example.org"]
    assert [a["render"] for a in tickets[0].attachments] == ["ticket_pdf", "ticket_ics"]
    assert f"/t/{pending.tickets[0].access_token}" in tickets[0].body_text


def test_a_second_confirmation_changes_nothing(app_ctx):
    event, tag1 = event_on_sale()
    pending = book(event, [person(tag1)])
    booking.confirm_booking(pending, now=utcnow())
    db.session.commit()

    with pytest.raises(BookingError) as error:
        booking.confirm_booking(pending, now=utcnow())

    assert error.value.code == "already_confirmed"
    assert len(outbox("ticket:")) == 1


def test_sold_out_takes_no_seat_and_makes_no_booking(app_ctx):
    event, tag1 = event_on_sale(seats=1)

    with pytest.raises(BookingError) as error:
        book(event, [person(tag1, 1), person(tag1, 2)])
    db.session.rollback()

    assert (error.value.code, error.value.ticket_type.id) == ("sold_out", tag1.id)
    assert tag1.seats_left == 1
    assert db.session.scalar(select(func.count(Booking.id))) == 0


def test_a_booking_of_two_ticket_types_is_all_or_nothing(app_ctx):
    event, tag1 = event_on_sale(seats=5, days=2)
    day2 = make_quota(event, "Tag 2", 1)
    tag2 = make_ticket_type(event, [day2], "Tag 2", days=event.days[1:])

    with pytest.raises(BookingError):
        book(event, [person(tag1, 1), person(tag2, 2), person(tag2, 3)])
    db.session.rollback()

    assert (tag1.seats_left, tag2.seats_left) == (5, 1)


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [(1, 2, "registration_not_open"), (-2, -1, "registration_closed")],
)
def test_booking_outside_the_window_is_refused(app_ctx, opens, closes, code):
    event, tag1 = event_on_sale(
        registration_opens_at=utcnow() + timedelta(days=opens), registration_closes_at=utcnow() + timedelta(days=closes)
    )

    with pytest.raises(BookingError) as error:
        book(event, [person(tag1)])

    assert error.value.code == code


def test_more_tickets_than_allowed_hidden_types_and_missing_consent_are_refused(app_ctx):
    event, tag1 = event_on_sale()
    hidden = make_ticket_type(event, tag1.quotas, "Speaker", is_public=False)

    codes = []
    for attendees, consent in (
        ([person(tag1, n) for n in range(6)], True),
        ([person(hidden)], True),
        ([person(tag1)], False),
    ):
        with pytest.raises(BookingError) as error:
            book(event, attendees, consent=consent)
        codes.append(error.value.code)

    assert codes == ["too_many_tickets", "ticket_type_unavailable", "consent_required"]
    assert tag1.seats_left == 10


def test_required_answers_and_valid_choices_are_checked(app_ctx):
    from events.services import save_question

    event, tag1 = event_on_sale()
    question = save_question(
        event, label="Bereich?", kind="choice", choices_text="Politik\nWirtschaft", is_required=True
    )
    db.session.commit()

    with pytest.raises(BookingError) as missing:
        book(event, [person(tag1)])
    with pytest.raises(BookingError) as invalid:
        book(event, [person(tag1, answers={str(question.id): "Mars"})])
    ok = book(event, [person(tag1, answers={str(question.id): "Politik"})])

    assert (missing.value.code, invalid.value.code) == ("answer_required", "answer_invalid")
    assert ok.tickets[0].answers == {str(question.id): "Politik"}


def test_a_double_submit_returns_the_first_booking(app_ctx):
    event, tag1 = event_on_sale()

    first = book(event, [person(tag1)], key="same-form")
    second = book(event, [person(tag1)], key="same-form")

    assert first.id == second.id and tag1.seats_left == 9


def test_lapsed_holds_count_as_free_at_once_and_are_released_by_tick(app_ctx):
    event, tag1 = event_on_sale(seats=2)
    pending = book(event, [person(tag1, 1), person(tag1, 2)], hold_minutes=30)

    shown = capacity.seats_left_now(event.slug, later(31))[tag1.id]
    expired = booking.expire_holds(later(31))
    db.session.commit()

    assert (shown, expired, pending.state, tag1.seats_left) == (2, 1, "expired", 2)
    assert all(t.state == "cancelled" for t in pending.tickets)


def test_late_confirmation_succeeds_while_seats_are_free_and_fails_once_taken(app_ctx):
    event, tag1 = event_on_sale(seats=1)
    lucky = book(event, [person(tag1, 1)], hold_minutes=30)
    booking.confirm_booking(lucky, now=later(45))
    db.session.commit()
    booking.cancel_ticket(lucky.tickets[0], now=later(46))
    late = book(event, [person(tag1, 2)], hold_minutes=30, now=later(47))
    book(event, [person(tag1, 3)], now=later(80))  # takes the seat the late one let lapse

    with pytest.raises(BookingError) as error:
        booking.confirm_booking(late, now=later(81))

    assert lucky.state == "cancelled"
    assert error.value.code == "hold_expired_sold_out"


def test_a_ticket_cancelled_before_the_confirmation_stays_cancelled_and_gets_no_ticket_mail(app_ctx):
    event, tag1 = event_on_sale(seats=10)
    made = book(event, [person(tag1, 1), person(tag1, 2)])
    booking.cancel_ticket(made.tickets[1], now=later(1))
    db.session.commit()

    booking.confirm_booking(made, now=later(2))
    db.session.commit()

    ticket_mails = db.session.scalars(select(OutboxMail.to_address).where(OutboxMail.reference.like("ticket:%")))
    assert (made.state, [t.state for t in made.tickets], tag1.seats_left) == ("confirmed", ["valid", "cancelled"], 9)
    assert list(ticket_mails) == [made.tickets[0].attendee_email]


def test_cancelling_returns_the_seat(app_ctx):
    event, tag1 = event_on_sale(seats=3)
    confirmed = book(event, [person(tag1, 1), person(tag1, 2)])
    booking.confirm_booking(confirmed, now=utcnow())

    booking.cancel_ticket(confirmed.tickets[0], now=utcnow())
    with pytest.raises(BookingError) as twice:
        booking.cancel_ticket(confirmed.tickets[0], now=utcnow())

    assert tag1.seats_left == 2 and twice.value.code == "already_cancelled"
    assert confirmed.state == "confirmed"  # one ticket is still valid


def test_deleting_data_anonymises_the_person_and_keeps_the_counts(app_ctx):
    event, tag1 = event_on_sale()
    confirmed = book(event, [person(tag1, 1, name="Erika Mustermann"), person(tag1, 2)])
    booking.confirm_booking(confirmed, now=utcnow())
    ticket = confirmed.tickets[0]

    booking.delete_attendee_data(ticket, now=utcnow())
    db.session.commit()

    assert (ticket.attendee_name, ticket.attendee_email, ticket.organization, ticket.answers) == ("—", "", "", {})
    assert (confirmed.buyer_name, confirmed.buyer_email) == ("—", "")
    assert ticket.stakeholder_group == "business" and ticket.anonymised_at is not None
    assert db.session.scalar(select(func.count(Ticket.id))) == 2
    assert tag1.seats_left == 9
    assert [m.to_address for m in outbox()] == ["person2@example.org"]  # nothing queued to the deleted person


@pytest.mark.parametrize("lapsed_by", ["tick", "the late click"])
def test_a_late_click_takes_back_only_the_tickets_the_lapse_cancelled(app_ctx, lapsed_by):
    event, tag1 = event_on_sale(seats=10)
    made = book(event, [person(tag1, 1), person(tag1, 2)], hold_minutes=30)
    booking.delete_attendee_data(made.tickets[1], now=later(5))  # the second holder wants out, data and all
    db.session.commit()
    if lapsed_by == "tick":
        booking.expire_holds(later(31))
        db.session.commit()

    booking.confirm_booking(made, now=later(45))
    db.session.commit()

    kept, withdrawn = made.tickets
    assert (made.state, kept.state, withdrawn.state) == ("confirmed", "valid", "cancelled")
    assert withdrawn.attendee_name == "—" and withdrawn.cancelled_at < made.confirmed_at
    assert tag1.seats_left == 9
    assert [m.to_address for m in outbox("ticket:")] == ["person1@example.org"]
