import subprocess
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from tests.factories import login, make_user, submit
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.checkin import scans as checkin
from ticketing.checkin.figures import arrivals_per_slot, figures
from ticketing.models import Admission, Ticket


@pytest.fixture
def desk(client, app_ctx):
    event, tag1 = event_on_sale(seats=2)
    [check_in_list] = checkin.default_lists(event)
    db.session.commit()
    make_user("desk@example.org", roles=("checkin",))
    login(client, "desk@example.org")
    return event, tag1, check_in_list


def test_walk_in_gets_a_ticket_a_check_in_and_a_badge(client, desk, tmp_path):
    event, tag1, check_in_list = desk
    url = f"/checkin/lists/{check_in_list.id}/walk-in?gate=Anmeldung"

    response = submit(client, url, {"name": "Walter Spontan", "organization": "Fablab Stralsund",
                                    "ticket_type_id": tag1.id, "take_seat": "y"})  # fmt: skip
    ticket = db.session.scalar(select(Ticket).where(Ticket.attendee_name == "Walter Spontan"))
    badge = client.get(response.headers["Location"])

    assert response.headers["Location"] == f"/checkin/tickets/{ticket.id}/badge.pdf"
    assert (ticket.state, tag1.seats_left) == ("valid", 1)
    assert db.session.get(Admission, (ticket.id, check_in_list.id)).gate == "Anmeldung"
    assert badge.headers["Content-Type"] == "application/pdf"
    (tmp_path / "badge.pdf").write_bytes(badge.data)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "badge.pdf", "badge"], cwd=tmp_path, check=True)
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / "badge.png"))
    assert code.text == ticket.secret


def test_reprinting_a_badge_checks_in_nobody_twice(client, desk):
    event, tag1, check_in_list = desk
    made = book(event, [person(tag1)])
    booking.confirm_booking(made, now=utcnow())
    db.session.commit()
    ticket = made.tickets[0]

    first, second = (
        client.get(f"/checkin/tickets/{ticket.id}/badge.pdf"),
        client.get(f"/checkin/tickets/{ticket.id}/badge.pdf"),
    )

    assert (first.status_code, second.status_code) == (200, 200)
    assert db.session.get(Admission, (ticket.id, check_in_list.id)) is None


def test_walk_in_when_sold_out_is_refused_unless_it_takes_no_seat(client, desk):
    event, tag1, check_in_list = desk
    book(event, [person(tag1, 1), person(tag1, 2)])
    url = f"/checkin/lists/{check_in_list.id}/walk-in"

    refused = submit(client, url, {"name": "Zu spät", "ticket_type_id": tag1.id, "take_seat": "y"})
    admitted = submit(client, url, {"name": "Trotzdem", "ticket_type_id": tag1.id})

    assert refused.status_code == 200 and "Ausgebucht." in refused.text
    assert admitted.status_code == 302
    names = [t.attendee_name for t in db.session.scalars(select(Ticket).where(Ticket.is_complimentary))]
    assert names == ["Trotzdem"]


def test_walk_in_with_bad_input_changes_nothing(client, desk):
    _, tag1, check_in_list = desk

    response = submit(client, f"/checkin/lists/{check_in_list.id}/walk-in",
                      {"name": "x" * 201, "email": "kein-mail", "ticket_type_id": tag1.id})  # fmt: skip

    assert response.status_code == 200
    assert "Ungültige E-Mail-Adresse." in response.text
    assert db.session.scalar(select(Ticket.id)) is None


def test_arrivals_are_counted_per_quarter_hour_with_empty_slots():
    start = utcnow().replace(hour=9, minute=0, second=0, microsecond=0)
    times = [start + timedelta(minutes=m) for m in (1, 7, 14, 50)]

    slots = arrivals_per_slot(times)

    assert [count for _, count in slots] == [3, 0, 0, 1]
    assert slots[0][0] == start


def test_figures_page_shows_checked_in_against_expected(client, desk):
    event, tag1, check_in_list = desk
    made = book(event, [person(tag1, 1), person(tag1, 2)])
    booking.confirm_booking(made, now=utcnow())
    checkin.check_in(check_in_list, made.tickets[0], client_id="scan-00001", gate="Eingang Halle", scanned_at=utcnow(),
                     now=utcnow(), user=None)  # fmt: skip
    db.session.commit()

    page = client.get(f"/manage/events/{event.id}/checkin")

    result = figures(check_in_list)
    assert (result.checked_in, result.expected, result.percent) == (1, 2, 50)
    assert page.status_code == 200 and "<strong>1</strong> / 2" in page.text
    assert "Eingang Halle" in page.text and "Person 1" in page.text


def test_only_admins_add_check_in_lists(client, desk):
    event, tag1, _ = desk

    refused = submit(client, f"/manage/events/{event.id}/checkin/lists", {"name": "Workshop"},
                     form_url=f"/manage/events/{event.id}/checkin")  # fmt: skip

    assert refused.status_code == 403
