"""Booking under real concurrency against two gunicorn workers: 32 visitors press "book" for the last 10 seats at the
same moment, and a visitor double-clicks "book".

Runs on SQLite, and on PostgreSQL when DATABASE_URL is set: the quota must hold on both, and no request may fail
with a server error (DESIGN.md, invariants 1 and 7).
"""

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from core.extensions import db
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)
from tests.ticketing.booking_helpers import event_on_sale
from ticketing.booking import capacity
from ticketing.models import Booking, Quota, Ticket

CLIENTS = 32
SEATS = 40
SEATS_LEFT = 10
ALERT = re.compile(r'<div class="error-summary" role="alert">(.*?)</div>', re.S)
HIDDEN = re.compile(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"')


def book_at_the_barrier(url: str, n: int, ticket_type_id: int, barrier: threading.Barrier) -> requests.Response:
    """One visitor: open the form (session cookie, CSRF token, form key), wait for the others, press "book"."""
    with requests.Session() as browser:
        form = browser.get(f"{url}/e/noerd/book", timeout=30)
        data = dict(HIDDEN.findall(form.text)) | {
            "attendees-0-name": f"Besucherin {n}",
            "attendees-0-email": f"besucherin{n}@example.org",
            "attendees-0-organization": "",
            "attendees-0-stakeholder_group": "civil_society",
            "attendees-0-ticket_type_id": str(ticket_type_id),
            "consent_privacy": "y",
            "submit": "1",
        }
        barrier.wait(timeout=30)
        return browser.post(f"{url}/e/noerd/book", data=data, allow_redirects=False, timeout=60)


def test_32_visitors_racing_for_the_last_10_seats_get_exactly_10_bookings_and_no_server_error(app_ctx, gunicorn_server):
    event, tag1 = event_on_sale(seats=SEATS)
    capacity.take_seats(tag1, SEATS - SEATS_LEFT)
    db.session.commit()
    ticket_type_id, quota_id = tag1.id, tag1.quotas[0].id
    db.session.commit()  # end the read: on SQLite the test's open transaction would block the server's writers
    barrier = threading.Barrier(CLIENTS)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [
            pool.submit(book_at_the_barrier, gunicorn_server.url, n, ticket_type_id, barrier) for n in range(CLIENTS)
        ]
        responses = [future.result() for future in futures]

    statuses = Counter(response.status_code for response in responses)
    sold_out = [response for response in responses if response.status_code == 200]
    assert [s for s in statuses if s >= 500] == [], gunicorn_server.log()
    assert statuses == {302: SEATS_LEFT, 200: CLIENTS - SEATS_LEFT}
    assert {r.headers["Location"] for r in responses if r.status_code == 302} == {"/e/noerd/booked"}
    for response in sold_out:
        [alert] = ALERT.findall(response.text)
        assert re.findall(r"<p>([^<]*)</p>", alert) == ["Ausgebucht."]
        assert re.findall(r'<a href="([^"]+)">', alert) == [f"/e/noerd/waitlist/{ticket_type_id}"]
    quota = db.session.get(Quota, quota_id)
    assert (quota.seats_taken, quota.capacity) == (SEATS, SEATS)
    assert db.session.scalar(select(func.count(Booking.id))) == SEATS_LEFT
    assert db.session.scalar(select(func.count(Ticket.id)).where(Ticket.state == "held")) == SEATS_LEFT


def double_click(url: str, n: int, ticket_type_id: int) -> list[int]:
    """One visitor opens the form and presses "book" twice at once: two requests, same cookie, same form."""
    with requests.Session() as first, requests.Session() as second:
        form = first.get(f"{url}/e/noerd/book", timeout=30)
        second.cookies.update(first.cookies)
        data = dict(HIDDEN.findall(form.text)) | {
            "attendees-0-name": f"Doppelklick {n}",
            "attendees-0-email": f"doppelklick{n}@example.org",
            "attendees-0-stakeholder_group": "business",
            "attendees-0-ticket_type_id": str(ticket_type_id),
            "consent_privacy": "y",
            "submit": "1",
        }
        barrier = threading.Barrier(2)

        def press(browser: requests.Session) -> int:
            barrier.wait(timeout=30)
            return browser.post(f"{url}/e/noerd/book", data=data, allow_redirects=False, timeout=60).status_code

        with ThreadPoolExecutor(max_workers=2) as pool:
            return [future.result() for future in [pool.submit(press, first), pool.submit(press, second)]]


def test_a_double_click_on_book_makes_one_booking_and_no_server_error(app_ctx, gunicorn_server):
    event, tag1 = event_on_sale(seats=SEATS)
    ticket_type_id = tag1.id
    db.session.commit()

    statuses = [double_click(gunicorn_server.url, n, ticket_type_id) for n in range(8)]

    assert statuses == [[302, 302]] * 8, gunicorn_server.log()
    assert db.session.scalar(select(func.count(Booking.id))) == 8
    assert db.session.get(Quota, tag1.quotas[0].id).seats_taken == 8


def test_a_double_click_for_the_last_seat_answers_both_clicks_as_booked(app_ctx, gunicorn_server):
    event, tag1 = event_on_sale(seats=SEATS)
    quota_id, ticket_type_id = tag1.quotas[0].id, tag1.id
    db.session.commit()

    statuses = []
    for n in range(6):
        quota = db.session.get(Quota, quota_id)
        quota.capacity = quota.seats_taken + 1  # exactly one seat left for this visitor's two clicks
        db.session.commit()
        statuses.append(double_click(gunicorn_server.url, n, ticket_type_id))

    assert statuses == [[302, 302]] * 6, gunicorn_server.log()
    assert db.session.scalar(select(func.count(Booking.id))) == 6
