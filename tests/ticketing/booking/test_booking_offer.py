"""The booking POST reads what the event offers from the worker's copy (ticketing.booking.offers): an organizer's
change to the event's questions or ticket types applies to the very next booking."""

from sqlalchemy import select

from core.extensions import db
from tests.factories import login, make_quota, make_user, submit
from tests.ticketing.booking.test_booking_views import BOOK, ERIKA, JONAS, booking_form, bookings, read
from ticketing.models import Ticket


def organizer(app):
    make_user()
    client = app.test_client()
    login(client)
    return client


def test_a_required_question_added_after_a_booking_is_asked_on_the_next_one(app, app_ctx, client):
    from tests.ticketing.booking_helpers import event_on_sale

    event, tag1 = event_on_sale(seats=10)
    first = client.post(BOOK, data=booking_form(client, tag1))  # the worker now keeps the offer without questions
    added = submit(
        organizer(app),
        f"/manage/events/{event.id}/questions/new",
        {"label": "Woher kommen Sie?", "kind": "text", "is_required": "y"},
    )
    question = event.questions[0]

    unanswered = client.post(BOOK, data=booking_form(client, tag1, [JONAS]))
    answered = client.post(
        BOOK, data=booking_form(client, tag1, [JONAS]) | {f"attendees-0-q_{question.id}": "Greifswald"}
    )

    assert (first.status_code, added.status_code) == (302, 302)
    assert (unanswered.status_code, read(unanswered).errors[-1]) == (200, "Bitte beantworten Sie diese Frage.")
    assert answered.status_code == 302
    jonas = db.session.scalar(select(Ticket).where(Ticket.attendee_email == JONAS["email"]))
    assert (bookings(), jonas.answers) == (2, {str(question.id): "Greifswald"})


def test_a_ticket_type_put_into_a_second_quota_takes_a_seat_there_from_the_next_booking(app, app_ctx, client):
    from tests.ticketing.booking_helpers import event_on_sale

    event, tag1 = event_on_sale(seats=10)
    workzone = make_quota(event, "Workzone", 5)
    db.session.commit()
    client.post(BOOK, data=booking_form(client, tag1, [ERIKA]))
    edited = submit(
        organizer(app),
        f"/manage/events/{event.id}/ticket-types/{tag1.id}",
        {"name": "Tag 1", "quota_ids": [tag1.quotas[0].id, workzone.id],
         "valid_days": [d.isoformat() for d in event.days], "is_public": "y"},
    )  # fmt: skip

    booked = client.post(BOOK, data=booking_form(client, tag1, [JONAS]))

    db.session.expire_all()
    assert (edited.status_code, booked.status_code) == (302, 302)
    assert (tag1.quotas[0].seats_taken, workzone.seats_taken) == (2, 1)
