"""Cancelling a ticket from the attendee list: a confirmation page first, then the cancellation with an optional
reason, a mail to the holder in their language and an audit row that keeps the reason."""

import re

import pytest
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.models import AuditLog
from tests.factories import csrf_from, login, make_user, submit
from tests.ticketing.booking_helpers import book, event_on_sale, outbox, person
from ticketing.booking import bookings as booking
from ticketing.booking.offers import offer_of
from ticketing.models import Booking


@pytest.fixture
def admin_client(client, app_ctx):
    make_user()
    login(client)
    return client


def url(event, suffix=""):
    return f"/manage/events/{event.id}/attendees{suffix}"


def cancel_url(event, ticket):
    return url(event, f"/{ticket.id}/cancel")


def confirmed_ticket(event, ticket_type, *, language="de", **details):
    result = db.session.get(
        Booking,
        booking.start_booking(
            offer_of(event),
            [person(ticket_type, **details)],
            submission_key=f"key-{details.get('email', 'x')}-{utcnow().timestamp()}",
            consent_privacy=True,
            consent_media=True,
            language=language,
            now=utcnow(),
            hold_minutes=60,
        ),
    )
    booking.confirm_booking(result, now=utcnow())
    db.session.commit()
    return result.tickets[0]


def cancel_mails(ticket):
    return outbox(f"cancelled:{ticket.id}")


def audit_rows(action="ticket.cancel"):
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_the_lists_button_opens_the_confirmation_page_with_ticket_holder_and_reason_field(admin_client):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, name="Anna Becker", email="anna@example.org", organization="Hafenamt")
    list_page = admin_client.get(url(event) + "?q=anna").text
    button = re.search(r'<form method="get" action="([^"]+)" class="inline-form">\s*<input[^>]*name="next"', list_page)

    page = admin_client.get(cancel_url(event, ticket), query_string={"next": url(event) + "?q=anna"})

    assert button is not None and button.group(1) == cancel_url(event, ticket)
    assert page.status_code == 200
    for text in ("Anna Becker", "anna@example.org", "Hafenamt", "Tag 1", "gültig"):
        assert text in page.text
    assert re.search(r'<label for="reason">', page.text)
    assert f'href="{url(event)}?q=anna"' in page.text  # "keep the ticket" goes back to the page it came from
    assert ticket.state == "valid"
    assert cancel_mails(ticket) == []


def test_posting_the_confirmation_cancels_mails_the_reason_in_german_and_audits_it(admin_client):
    event, tag1 = event_on_sale(seats=10)
    ticket = confirmed_ticket(event, tag1, name="Anna Becker", email="anna@example.org")
    hall = tag1.quotas[0]
    list_url = url(event) + "?q=anna&page=1"

    response = submit(
        admin_client,
        cancel_url(event, ticket),
        {"reason": "Doppelt gebucht über Ihre Firma.", "next": list_url},
        form_url=cancel_url(event, ticket) + "?next=" + list_url,
    )

    assert response.status_code == 302 and response.headers["Location"] == list_url
    assert ticket.state == "cancelled"
    assert hall.seats_left == 10
    [mail] = cancel_mails(ticket)
    assert mail.to_address == "anna@example.org"
    assert mail.subject == "Ihr Ticket für NØRD Test ist storniert"
    assert "Guten Tag Anna Becker," in mail.body_text
    assert "Doppelt gebucht über Ihre Firma." in mail.body_text
    [row] = audit_rows()
    assert row.subject_kind == "ticket" and row.subject_id == ticket.id
    assert row.target.endswith("Doppelt gebucht über Ihre Firma.")


def test_the_mail_is_in_the_holders_language_even_when_the_organizer_reads_german(admin_client):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, language="en", name="Jane Doe", email="jane@example.org")

    submit(admin_client, cancel_url(event, ticket), {"reason": "Booked twice."})

    [mail] = cancel_mails(ticket)
    assert mail.subject == "Your ticket for NØRD Test is cancelled"
    assert "Hello Jane Doe," in mail.body_text
    assert "Booked twice." in mail.body_text


def test_without_a_reason_the_mail_says_none_and_the_audit_keeps_only_ids(admin_client):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, language="en", email="jane@example.org")

    submit(admin_client, cancel_url(event, ticket), {"reason": "   "})

    [mail] = cancel_mails(ticket)
    assert "Their reason" not in mail.body_text
    assert audit_rows()[0].target == f"{event.slug}: ticket {ticket.id}, booking {ticket.booking_id}"


def test_an_unconfirmed_ticket_is_cancelled_without_a_mail(admin_client):
    event, tag1 = event_on_sale()
    ticket = book(event, [person(tag1, email="ben@example.org")]).tickets[0]

    page = admin_client.get(cancel_url(event, ticket))
    submit(admin_client, cancel_url(event, ticket), {})

    assert "Es wird keine E-Mail verschickt" in page.text
    assert ticket.state == "cancelled"
    assert cancel_mails(ticket) == []


def test_english_confirmation_page(admin_client):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, name="Anna Becker", email="anna@example.org")
    admin_client.get("/language/en")

    page = admin_client.get(cancel_url(event, ticket))

    assert page.status_code == 200
    assert "<h1>Cancel ticket</h1>" in page.text
    assert "anna@example.org is told by email, with your reason if you give one." in page.text
    assert "Reason (optional)" in page.text


def test_cancelling_an_already_cancelled_ticket_says_so_and_does_nothing(admin_client):
    event, tag1 = event_on_sale(seats=10)
    ticket = confirmed_ticket(event, tag1, email="anna@example.org")
    other = confirmed_ticket(event, tag1, email="carl@example.org")
    hall = tag1.quotas[0]
    form_page = admin_client.get(cancel_url(event, ticket)).text  # opened before someone else cancelled it
    submit(admin_client, cancel_url(event, ticket), {})

    again = admin_client.post(
        cancel_url(event, ticket),
        data={"csrf_token": csrf_from(form_page), "reason": "Noch mal"},
        follow_redirects=True,
    )
    page = admin_client.get(cancel_url(event, ticket))

    assert again.status_code == 200
    assert "Dieses Ticket ist bereits storniert." in again.text
    assert "Dieses Ticket ist bereits storniert." in page.text
    assert 'name="reason"' not in page.text  # no form to cancel again
    assert hall.seats_left == 9
    assert other.state == "valid"
    assert len(cancel_mails(ticket)) == 1
    assert len(audit_rows()) == 1


def test_a_too_long_reason_is_shown_at_its_field_and_nothing_changes(admin_client):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, email="anna@example.org")

    response = submit(admin_client, cancel_url(event, ticket), {"reason": "x" * 151})

    assert response.status_code == 200
    assert 'id="reason-error"' in response.text
    assert ticket.state == "valid"
    assert cancel_mails(ticket) == [] and audit_rows() == []


def test_a_post_without_csrf_token_is_refused(admin_client):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, email="anna@example.org")

    response = admin_client.post(cancel_url(event, ticket), data={"reason": "ohne Token"})

    assert response.status_code == 400
    assert ticket.state == "valid"
    assert cancel_mails(ticket) == []


@pytest.mark.parametrize("role", ["checkin", "program"])
def test_other_roles_may_neither_open_nor_post_the_confirmation(client, app_ctx, role):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, email="anna@example.org")
    make_user("helfer@example.org", roles=(role,))
    login(client, "helfer@example.org")

    page = client.get(cancel_url(event, ticket))
    posted = submit(client, cancel_url(event, ticket), {}, form_url="/manage/")

    assert (page.status_code, posted.status_code) == (403, 403)
    assert ticket.state == "valid"


def test_anonymous_visitors_go_to_login(client, app_ctx):
    event, tag1 = event_on_sale()
    ticket = confirmed_ticket(event, tag1, email="anna@example.org")

    page = client.get(cancel_url(event, ticket))

    assert page.status_code == 302 and page.headers["Location"].startswith("/login")


def test_a_ticket_of_another_event_is_not_found(admin_client):
    event, _tag1 = event_on_sale()
    other, other_type = event_on_sale(slug="andere")
    foreign = confirmed_ticket(other, other_type, email="anna@example.org")

    assert admin_client.get(cancel_url(event, foreign)).status_code == 404
    assert foreign.state == "valid"
