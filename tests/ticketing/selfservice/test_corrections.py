"""Ticket holders correct their name and organization from the ticket page until they are checked in; the ticket
page, the ticket PDF and the badges follow; a checked-in or cancelled ticket is refused with nothing changed."""

from pathlib import Path

import pytest
from sqlalchemy import select

from cockpit.badges import job as badge_job
from cockpit.badges.selection import Selection
from core.db import utcnow
from core.extensions import db
from core.jobs import run_one
from core.models import AuditLog
from tests.ticketing.booking_helpers import event_on_sale
from tests.ticketing.selfservice.helpers import confirmed_ticket, post_correction
from ticketing.booking import bookings as booking
from ticketing.booking.documents import pdf
from ticketing.booking.documents.files import cached_pdf_path
from ticketing.checkin import scans
from ticketing.models import CheckInList
from ticketing.selfservice.corrections import correct_holder
from ticketing.selfservice.errors import SelfServiceError


@pytest.fixture
def ticket(app_ctx):
    event, tag1 = event_on_sale()
    return confirmed_ticket(event, tag1, name="Sören Weis", organization="Stadtwerk Kiel")


def check_in(ticket):
    door = CheckInList(event_id=ticket.event_id, name="Alle Tickets")
    db.session.add(door)
    db.session.flush()
    outcome = scans.check_in(
        door, ticket, client_id="scan-1", gate="Nord", scanned_at=utcnow(), now=utcnow(), user=None
    )
    db.session.commit()
    assert outcome.status == "ok"


def english(client):
    client.get("/language/en")


def test_holder_corrects_name_and_organization_and_the_ticket_page_shows_them(client, ticket):
    answer = post_correction(client, ticket, "  Søren   Weiß ", "Stadtwerke Kiel")

    db.session.refresh(ticket)
    assert answer.status_code == 200 and answer.request.path == f"/t/{ticket.access_token}"
    assert (ticket.attendee_name, ticket.organization) == ("Søren Weiß", "Stadtwerke Kiel")
    assert ticket.booking.buyer_name == "Søren Weiß"  # they booked for themselves
    assert '<p class="ticket-pass-name" id="ticket-pass-name">Søren Weiß</p>' in answer.text
    assert "Sören Weis" not in answer.text


def test_corrected_name_is_printed_on_the_pdf_and_the_old_cached_pdf_is_removed(client, ticket, monkeypatch):
    first = client.get(f"/t/{ticket.access_token}/ticket.pdf")
    old_file = cached_pdf_path(ticket)
    printed = []
    render = pdf.render_ticket_pdf
    monkeypatch.setattr(
        pdf, "render_ticket_pdf", lambda ticket_print: printed.append(ticket_print) or render(ticket_print)
    )

    post_correction(client, ticket, "Søren Weiß", "Stadtwerke Kiel")
    second = client.get(f"/t/{ticket.access_token}/ticket.pdf")

    assert (first.status_code, second.status_code) == (200, 200) and first.data != second.data
    assert [(p.attendee_name, p.organization, p.secret) for p in printed] == [
        ("Søren Weiß", "Stadtwerke Kiel", ticket.secret)
    ]
    assert not Path(old_file).exists() and cached_pdf_path(ticket).exists()


def test_badges_show_the_corrected_name(client, ticket, monkeypatch):
    printed = []

    def render_badges(badges, out, sheet):
        printed.extend((badge.attendee_name, badge.organization) for badge in badges)
        out.write(b"%PDF-1.4\n")
        return len(printed)

    monkeypatch.setattr(pdf, "render_badges", render_badges)
    post_correction(client, ticket, "Søren Weiß", "Stadtwerke Kiel")
    badge_job.start(ticket.event, Selection(), {"layout": "A6", "custom": None}, user=None, now=utcnow())
    db.session.commit()

    ended = run_one("test-worker", now=utcnow())

    assert ended.state == "done"
    assert printed == [("Søren Weiß", "Stadtwerke Kiel")]


def test_ticket_page_links_the_correction_form(client, ticket):
    page = client.get(f"/t/{ticket.access_token}")
    form_page = client.get(f"/t/{ticket.access_token}/correct")

    assert f'href="/t/{ticket.access_token}/correct"' in page.text
    assert 'name="holder-name" required type="text" value="Sören Weis"' in form_page.text
    assert 'aria-required="true"' in form_page.text


def test_correction_is_audited_without_the_names(client, ticket):
    post_correction(client, ticket, "Søren Weiß")

    [row] = db.session.scalars(select(AuditLog).where(AuditLog.action == "ticket.self_correct"))
    assert (row.user_id, row.subject_kind, row.subject_id) == (None, "ticket", ticket.id)
    assert "Søren" not in row.target and "Sören" not in row.target


def test_correction_is_refused_after_check_in_and_changes_nothing(client, ticket):
    check_in(ticket)
    english(client)

    page = client.get(f"/t/{ticket.access_token}")
    form_page = client.get(f"/t/{ticket.access_token}/correct")
    answer = post_correction(client, ticket, "Søren Weiß", "Stadtwerke Kiel")

    db.session.refresh(ticket)
    assert f'href="/t/{ticket.access_token}/correct"' not in page.text
    refused = "This ticket has already been checked in; its name can no longer be changed."
    assert form_page.status_code == 200 and refused in form_page.text
    assert answer.request.path == f"/t/{ticket.access_token}" and refused in answer.text
    assert (ticket.attendee_name, ticket.organization) == ("Sören Weis", "Stadtwerk Kiel")
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "ticket.self_correct")) is None


def test_correction_of_a_cancelled_ticket_is_refused(client, ticket):
    booking.cancel_ticket(ticket, now=utcnow())
    db.session.commit()
    english(client)

    answer = post_correction(client, ticket, "Søren Weiß")

    db.session.refresh(ticket)
    assert "This ticket is cancelled; its name can no longer be changed." in answer.text
    assert ticket.attendee_name == "Sören Weis"


@pytest.mark.parametrize(
    ("name", "organization", "message"),
    [
        ("   ", "", "Please enter a name."),
        ("x" * 201, "", "Field cannot be longer than 200 characters."),
        ("Søren Weiß", "y" * 201, "Field cannot be longer than 200 characters."),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_changes_nothing(client, ticket, name, organization, message):
    english(client)

    answer = post_correction(client, ticket, name, organization, follow_redirects=False)

    db.session.refresh(ticket)
    assert answer.status_code == 200 and message in answer.text and 'aria-invalid="true"' in answer.text
    assert (ticket.attendee_name, ticket.organization) == ("Sören Weis", "Stadtwerk Kiel")


def test_bad_input_message_is_german_by_default(client, ticket):
    answer = post_correction(client, ticket, "", follow_redirects=False)

    assert answer.status_code == 200 and "Bitte einen Namen eingeben." in answer.text


def test_correction_without_csrf_token_is_refused(client, ticket):
    answer = post_correction(client, ticket, "Søren Weiß", with_token=False, follow_redirects=False)

    db.session.refresh(ticket)
    assert answer.status_code == 400 and ticket.attendee_name == "Sören Weis"


def test_unknown_ticket_link_is_not_found(client, ticket):
    assert client.get("/t/not-a-token/correct").status_code == 404


def test_service_refuses_a_checked_in_ticket(ticket):
    check_in(ticket)

    with pytest.raises(SelfServiceError) as refused:
        correct_holder(ticket, name="Søren Weiß", organization="")

    assert refused.value.code == "checked_in"


def test_service_reports_an_unchanged_ticket(ticket):
    assert correct_holder(ticket, name="Sören  Weis", organization="Stadtwerk Kiel") is False
