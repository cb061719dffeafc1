"""Consent to hear about a series' next edition: asked on the booking form, kept as a series contact once the booking
is confirmed, withdrawn by the unsubscribe link or by deleting one's data, and left alone by retention."""

from datetime import timedelta

from core.db import utcnow
from core.extensions import db
from tests.factories import csrf_from
from tests.ticketing.booking_helpers import book, event_on_sale, person
from tests.ticketing.contacts.helpers import Fields, book_by_form, confirm_by_link, contacts, the_booking
from ticketing.booking import bookings as booking
from ticketing.booking.offers import offer_of
from ticketing.cli import run_tick
from ticketing.contacts import services
from ticketing.models import Booking, SeriesContact


def confirmed(event, ticket_type, n=1, *, series_consent=True, **overrides):
    """A booking made and confirmed through the services."""
    made = db.session.get(
        Booking,
        booking.start_booking(
            offer_of(event),
            [person(ticket_type, n, **overrides)],
            submission_key=f"key-{event.slug}-{n}-{utcnow().timestamp()}",
            consent_privacy=True,
            consent_media=True,
            language="en",
            now=utcnow(),
            hold_minutes=60,
            series_consent=series_consent,
        ),
    )
    booking.confirm_booking(made, now=utcnow())
    db.session.commit()
    return made


def test_the_series_box_is_offered_unticked_and_is_not_required(client, app_ctx):
    event_on_sale()

    box = Fields(client.get("/e/noerd/book").text).by_name["series_consent"]

    assert (box["type"], "checked" in box, "required" in box, "aria-required" in box) == (
        "checkbox",
        False,
        False,
        False,
    )


def test_booking_with_the_box_ticked_keeps_a_contact_once_the_booking_is_confirmed(client, app_ctx):
    event, tag1 = event_on_sale()
    client.get("/language/en")  # the texts below are English

    booked = book_by_form(client, tag1, series_consent=True)
    made = the_booking()
    before_confirming = contacts()
    confirm_page = client.get(f"/booking/{made.token}/confirm")
    confirmed_response = confirm_by_link(client, made)

    assert (booked.status_code, made.series_consent, made.state) == (302, True, "confirmed")
    assert before_confirming == []  # the address is not proven before the link is used
    assert "You asked to hear about the next edition of this event series" in confirm_page.text
    assert confirmed_response.status_code == 302
    [contact] = contacts()
    assert (contact.series, contact.email, contact.name, contact.language, contact.source_event_id) == (
        "noerd",
        "erika@example.org",
        "Erika Mustermann",
        "en",
        event.id,
    )
    assert contact.consented_at == made.confirmed_at
    assert len(contact.token) >= 43  # secrets.token_urlsafe(32)


def test_booking_with_the_box_unticked_keeps_no_contact(client, app_ctx):
    event, tag1 = event_on_sale()

    book_by_form(client, tag1, series_consent=False)
    made = the_booking()
    confirm_by_link(client, made)

    assert (made.series_consent, made.state, contacts()) == (False, "confirmed", [])


def test_a_second_consent_in_the_series_refreshes_the_contact_and_keeps_its_link(app_ctx):
    first, first_type = event_on_sale(slug="noerd-2025")
    first_contact = services.record_consent(confirmed(first, first_type, name="Erika M."))
    db.session.commit()
    token = first_contact.token
    second, second_type = event_on_sale(slug="noerd-2026", starts_in_days=400)
    second.series = first.series
    db.session.commit()

    confirmed(second, second_type, name="Erika Mustermann", email="PERSON1@example.org")

    [contact] = contacts()
    assert (contact.series, contact.name, contact.token, contact.source_event_id) == (
        "noerd-2025",
        "Erika Mustermann",
        token,
        second.id,
    )
    assert services.contacts_of_series("noerd-2025") == [contact]
    assert services.contacts_of_series("noerd-2026") == []


def test_unsubscribe_page_explains_and_only_its_post_removes_the_contact(client, app_ctx):
    event, tag1 = event_on_sale()
    confirmed(event, tag1)
    [contact] = contacts()
    url = services.unsubscribe_url(contact)
    path = url.removeprefix(app_ctx.config["BASE_URL"].rstrip("/"))

    page = client.get(path)
    still_there = contacts()
    done = client.post(path, data={"csrf_token": csrf_from(page.text)})
    done_page = client.get(done.headers["Location"])
    again = client.get(path)

    assert url.startswith(app_ctx.config["BASE_URL"].rstrip("/") + "/abmelden/")
    assert (page.status_code, "person1@example.org" in page.text, still_there) == (200, True, [contact])
    assert (done.status_code, done.headers["Location"]) == (302, "/abmelden/erledigt")
    assert (done_page.status_code, contacts()) == (200, [])
    assert again.status_code == 404 and 'class="notice"' in again.text


def test_unsubscribe_without_the_csrf_token_is_refused_and_keeps_the_contact(client, app_ctx):
    event, tag1 = event_on_sale()
    confirmed(event, tag1)
    [contact] = contacts()

    response = client.post(f"/abmelden/{contact.token}")

    assert (response.status_code, [c.id for c in contacts()]) == (400, [contact.id])


def test_an_unknown_unsubscribe_link_shows_a_friendly_page(client, app_ctx):
    page = client.get("/abmelden/erledigt")  # any page: the session's CSRF token

    shown = client.get("/abmelden/no-such-token")
    pressed = client.post("/abmelden/no-such-token", data={"csrf_token": csrf_from(client.get("/login").text)})

    assert page.status_code == 200
    assert (shown.status_code, pressed.status_code) == (404, 404)
    assert 'class="notice"' in shown.text and "<h1>" in shown.text


def test_retention_anonymises_the_booking_but_leaves_the_series_contact(app_ctx):
    event, tag1 = event_on_sale()
    made = confirmed(event, tag1)

    run_tick(event.ends_at + timedelta(days=91))
    db.session.commit()

    [contact] = contacts()
    assert (made.buyer_email, made.tickets[0].attendee_email) == ("", "")
    assert (contact.email, contact.name, contact.series) == ("person1@example.org", "Person 1", "noerd")


def test_deleting_ones_data_removes_ones_contact_of_this_series_only(client, app_ctx):
    event, tag1 = event_on_sale()
    other, other_type = event_on_sale(slug="andere-reihe")
    made = confirmed(event, tag1)
    confirmed(other, other_type)  # the same person in another series
    confirmed(event, tag1, n=2)  # someone else in this series
    ticket = made.tickets[0]
    page = client.get(f"/t/{ticket.access_token}/delete")

    response = client.post(f"/t/{ticket.access_token}/delete", data={"csrf_token": csrf_from(page.text)})

    assert response.status_code == 302
    assert sorted((c.series, c.email) for c in contacts()) == [
        ("andere-reihe", "person1@example.org"),
        ("noerd", "person2@example.org"),
    ]


def test_a_booking_without_consent_or_without_an_address_makes_no_contact(app_ctx):
    event, tag1 = event_on_sale()
    without = confirmed(event, tag1, series_consent=False)
    deleted = book(event, [person(tag1, 3)])
    deleted.series_consent, deleted.buyer_email = True, ""

    assert (services.record_consent(without), services.record_consent(deleted)) == (None, None)
    assert db.session.query(SeriesContact).count() == 0
