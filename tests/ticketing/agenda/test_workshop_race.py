"""Workshop seats under real concurrency: 32 ticket holders press "Sign up" on their ticket pages at the same moment
for the last 5 seats, against two gunicorn workers.

Runs on SQLite, and on PostgreSQL when DATABASE_URL is set: exactly 5 get a seat, the others are told the workshop is
full and offered its waiting list, and no request fails with a server error.
"""

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from core.extensions import db
from events.program.models import Contribution
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)
from tests.ticketing.agenda.test_workshops import sign_up, workshop_event
from tests.ticketing.booking.test_booking_views import PageReader
from ticketing.models import WorkshopSignup

CLIENTS = 32
SEATS = 8
SEATS_LEFT = 5
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_up_at_the_barrier(
    url: str, token: str, workshop_id: int, barrier: threading.Barrier
) -> tuple[int, PageReader]:
    """One holder: open the ticket page in English, wait for the others, press "Sign up", read the page shown then."""
    with requests.Session() as browser:
        browser.get(f"{url}/language/en", timeout=30)
        page = browser.get(f"{url}/t/{token}", timeout=30)
        [csrf_token, *_] = CSRF.findall(page.text)
        barrier.wait(timeout=30)
        pressed = browser.post(
            f"{url}/t/{token}/workshops/{workshop_id}/signup",
            data={"csrf_token": csrf_token},
            allow_redirects=False,
            timeout=60,
        )
        if pressed.status_code != 302:
            return pressed.status_code, PageReader(pressed.text)
        return pressed.status_code, PageReader(browser.get(url + pressed.headers["Location"], timeout=30).text)


def test_32_holders_racing_for_the_last_5_workshop_seats_get_exactly_5_and_no_server_error(app_ctx, gunicorn_server):
    w = workshop_event(seats=SEATS)
    for n in range(SEATS - SEATS_LEFT):
        sign_up(w.ticket(100 + n), w.a)
    tokens = [w.ticket(n).access_token for n in range(CLIENTS)]
    workshop_id, title = w.a.id, w.a.title
    db.session.commit()  # end the read: on SQLite the test's open transaction would block the server's writers
    barrier = threading.Barrier(CLIENTS)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [
            pool.submit(sign_up_at_the_barrier, gunicorn_server.url, token, workshop_id, barrier) for token in tokens
        ]
        answers = [future.result() for future in futures]

    assert [status for status, _ in answers if status >= 500] == [], gunicorn_server.log()
    assert Counter(status for status, _ in answers) == {302: CLIENTS}
    flashes = Counter(tuple(page.flashes) for _, page in answers)
    assert flashes == {
        (f"You have a seat in “{title}”.",): SEATS_LEFT,
        ("This workshop is full. You can join its waiting list.",): CLIENTS - SEATS_LEFT,
    }
    for _, page in answers:
        buttons = [b for form in page.forms for b in form["buttons"]]
        if page.flashes[0].startswith("This workshop is full"):
            assert f"Join the waiting list: {title}" in buttons
        else:
            assert f"Leave the workshop: {title}" in buttons
    assert db.session.get(Contribution, workshop_id).seats_taken == SEATS
    seats = select(func.count(WorkshopSignup.id)).where(WorkshopSignup.state == "signed_up")
    assert db.session.scalar(seats) == SEATS
