"""Free booking through gunicorn: confirmed bookings per second, races for the last seats, PDF time, memory.

A step is what a visitor does: open the form (cookie, CSRF token, form key), post one ticket, open the link from
the confirmation mail (read from the outbox, the test stand's mailbox) and press the confirm button.
"""

import argparse
import os
import re
import statistics
import threading
import time
from collections import Counter
from datetime import timedelta

from bench.harness.figures import Figure, note
from bench.harness.floor import measure_floor
from bench.harness.load import Client, run_load
from bench.harness.memory import worker_rss_mb
from bench.harness.server import server_for

BOOK_PATH = "/e/{slug}/book"
REQUESTS_PER_BOOKING = 4  # form, submit, the confirmation link, confirm
RACES, RACE_CLIENTS, RACE_SEATS = 20, 32, 10
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')
TICKET_TYPE = re.compile(r'name="attendees-0-ticket_type_id"[^>]*>\s*<option[^>]*value="(\d+)"')
CONFIRM = re.compile(r"/booking/([\w-]+)/confirm")
SERVER_ENV = {"TREFFPUNKT_BOOKING_RATE_LIMIT": "1000000 per minute", "TREFFPUNKT_MAIL_BACKEND": "console"}


def run(args: argparse.Namespace) -> list[Figure]:
    with server_for(args, "booking", env=SERVER_ENV) as server:
        database = server_database(server)
        os.environ["BENCH_DATABASE"] = database  # the client processes read their confirmation mail there
        make_event(database, "bench-booking", seats=1_000_000)
        result = run_load(
            server.url, book_and_confirm, clients=args.clients, seconds=args.seconds, server_pid=server.pid
        )
        oversold, server_errors, outcomes = run_races(server.url, database)
        rss = worker_rss_mb(server.pid)
    floor = measure_floor(args)
    note(f"booking statuses {dict(sorted(result.statuses.items()))}, {result.errors} without answer")
    note(f"race outcomes over {RACES} races: {dict(outcomes)}")
    return [
        Figure("booking.http_confirmed_per_s", result.per_s, "1/s", budget=300, limit="min"),
        Figure("booking.confirmed_p99_ms", result.percentile_ms(99), "ms"),
        # CPU the workers spent per whole booking (four requests): steadier than throughput on a shared machine.
        Figure("booking.server_cpu_ms", result.server_cpu_ms, "ms"),
        Figure("booking.server_errors", result.server_errors, "count"),
        *floor.figures(),
        floor.ratio("booking.floor_ratio", result.server_cpu_ms / REQUESTS_PER_BOOKING, budget=3),
        Figure("booking.race_oversold", oversold, "count", budget=0),
        Figure("booking.race_server_errors", server_errors, "count", budget=0),
        Figure("booking.pdf_ms", pdf_ms(), "ms", budget=10),
        Figure("memory.worker_rss_mb", max(rss), "MB", budget=100),
    ]


def server_database(server) -> str:
    """The database URL the server uses, so the bench can set up events and read the outbox (the mailbox)."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{server.instance_dir / 'treffpunkt.db'}"


def bench_app(database: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "bench-setup"})


def make_event(database: str, slug: str, *, seats: int) -> None:
    """A published one-day event open for booking with one quota of `seats` (set-up, not measured)."""
    from core.db import utcnow
    from core.extensions import db
    from events.services import EventDetails, create_event, set_event_status
    from ticketing.booking.capacity import save_quota, save_ticket_type

    app = bench_app(database)
    with app.app_context():
        now = utcnow()
        # 9:00–17:00 in Rostock a month ahead: one day, whatever the hour the bench runs.
        starts_at = (now + timedelta(days=30)).replace(hour=7, minute=0, second=0, microsecond=0)  # UTC
        details = EventDetails(
            name=f"Bench {slug}", slug=slug, venue="HanseMesse Rostock", address="", timezone="Europe/Berlin",
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=8),
            registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=29),
            privacy_text="Bench",
        )  # fmt: skip
        event = create_event(details, actor=None)
        set_event_status(event, "published", actor=None)
        quota = save_quota(event, name="Saal", capacity=seats)
        db.session.flush()
        save_ticket_type(event, name="Teilnahme", quota_ids=[quota.id], valid_days=event.days)
        db.session.commit()
        db.engine.dispose()


def open_form(client: Client, slug: str) -> dict[str, str]:
    page = client.get(BOOK_PATH.format(slug=slug)).text
    return {
        "csrf_token": CSRF.search(page).group(1),
        "submission_key": KEY.search(page).group(1),
        "attendees-0-ticket_type_id": TICKET_TYPE.search(page).group(1),
    }


REQUIRED_SELECT = re.compile(r'<select[^>]*name="(attendees-0-q_\d+)"[^>]*\srequired[^>]*>(.*?)</select>', re.S)
ANSWER_OPTION = re.compile(r'<option[^>]*value="([^"]+)"')
REQUIRED_RADIO = re.compile(r'<input[^>]*name="(attendees-0-q_\d+)"[^>]*>')
RADIO_VALUE = re.compile(r'value="([^"]+)"')


def required_answers(form_html: str) -> dict[str, str]:
    """An answer to each required question of the form, as a visitor picks one: the first choice offered."""
    answers = {name: ANSWER_OPTION.findall(options)[0] for name, options in REQUIRED_SELECT.findall(form_html)}
    for tag in REQUIRED_RADIO.finditer(form_html):
        if 'type="radio"' in tag.group(0) and " required" in tag.group(0):
            answers.setdefault(tag.group(1), RADIO_VALUE.search(tag.group(0)).group(1))
    return answers


def booking_form(fields: dict[str, str], email: str, form_html: str = "") -> dict[str, str]:
    return {
        **fields,
        **required_answers(form_html),
        "attendees-0-name": "Bench Besucherin",
        "attendees-0-email": email,
        "attendees-0-organization": "Hansestadt Rostock",
        "attendees-0-stakeholder_group": "administration",
        "consent_privacy": "y",
        "submit": "1",
    }


_outbox = {}


def confirmation_token(email: str) -> str:
    """The confirm link's token from the mail to `email`, read from the outbox as a mailbox would show it."""
    from sqlalchemy import create_engine, text

    url = os.environ["BENCH_DATABASE"]
    engine = _outbox.get(url) or _outbox.setdefault(
        url, create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    )
    with engine.connect() as conn:
        body = conn.execute(text("SELECT body_text FROM outbox_mail WHERE to_address = :to"), {"to": email}).scalar()
    return CONFIRM.search(body).group(1)


_counter = iter(range(10**9))


def book_and_confirm(client: Client) -> int:
    """One visitor's whole booking: form, post, confirmation page, confirm.

    Each booking is another person: the cookies of the last one (whose "booking confirmed" message would still wait
    in the session, as the bench does not follow the redirect to the booking page) are not sent.
    """
    client.cookies.clear()
    email = f"bench-{os.getpid()}-{next(_counter)}@example.org"
    booked = client.post(
        BOOK_PATH.format(slug="bench-booking"), booking_form(open_form(client, "bench-booking"), email)
    )
    if booked.status != 302:
        return booked.status
    token = confirmation_token(email)
    page = client.get(f"/booking/{token}/confirm").text
    return client.post(f"/booking/{token}/confirm", {"csrf_token": CSRF_ANY.search(page).group(1)}).status


CSRF_ANY = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def run_races(url: str, database: str) -> tuple[int, int, Counter]:
    """RACES times: 32 clients post at once for the last 10 seats of a fresh event; count oversold and 5xx."""
    oversold = server_errors = 0
    outcomes: Counter = Counter()
    for race in range(RACES):
        slug = f"bench-race-{race}-{time.monotonic_ns()}"
        make_event(database, slug, seats=RACE_SEATS)
        statuses = race_once(url, slug)
        outcomes.update("booked" if s == 302 else "sold out" if s == 200 else str(s) for s in statuses)
        server_errors += sum(1 for s in statuses if s >= 500)
        oversold += max(0, seats_taken(database, slug) - RACE_SEATS) + max(0, statuses.count(302) - RACE_SEATS)
    return oversold, server_errors, outcomes


def race_once(url: str, slug: str) -> list[int]:
    barrier = threading.Barrier(RACE_CLIENTS)
    statuses: list[int] = []

    def visitor(n: int) -> None:
        client = Client(url)
        form = booking_form(open_form(client, slug), f"race-{slug}-{n}@example.org")
        barrier.wait(30)
        statuses.append(client.post(BOOK_PATH.format(slug=slug), form).status)
        client.connection.close()

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(RACE_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def seats_taken(database: str, slug: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(database.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        taken = conn.execute(
            text("SELECT q.seats_taken FROM quota q JOIN event e ON e.id = q.event_id WHERE e.slug = :slug"),
            {"slug": slug},
        ).scalar()
    engine.dispose()
    return taken


def pdf_ms() -> float:
    """The median time to render one ticket PDF, in process (the mail worker's and the download's cost)."""
    from ticketing.booking.documents.pdf import TicketPrint, render_ticket_pdf
    from ticketing.models.booking import new_secret

    ticket = TicketPrint(
        secret=new_secret(), event_name="NØRD – Digital Convention MV", venue="HanseMesse Rostock",
        address="Zur HanseMesse 1–2, 18106 Rostock", attendee_name="Erika Mustermann",
        organization="Stadtwerke Stralsund", ticket_type="Beide Tage",
        days=["Mittwoch, 26. Mai 2027", "Donnerstag, 27. Mai 2027"], times_text="09:00–18:00",
    )  # fmt: skip
    times = []
    for _ in range(200):
        started = time.perf_counter()
        render_ticket_pdf(ticket)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
