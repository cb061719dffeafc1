"""NØRD's ticket opening on PostgreSQL: 1,000 bookings and 2,000 phones on the schedule in the first five minutes.

Visitors arrive on a timetable crowded at the start (bench.harness.arrivals), each on a fresh connection. A booking
is the whole flow, as bench.booking does it: the form (cookie, CSRF token, form key), the post, the confirmation
page, the link from the mail (read from the outbox) and its confirm button. A phone loads the schedule page and then
each of its static assets once. Before the opening a small "Abendempfang" ticket type is added to NØRD so that it
sells out during the run, and the halls get room for every booking; afterwards the database is asked whether any
quota holds more tickets than its limit.
"""

import argparse
import json
import os
import re
import time
from urllib.parse import urljoin, urlsplit

from bench.booking import CSRF_ANY, booking_form, confirmation_token
from bench.booking import SERVER_ENV as BOOKING_ENV
from bench.harness.arrivals import Outcome, front_loaded, run_arrivals
from bench.harness.figures import Figure, note
from bench.harness.load import Client
from bench.harness.memory import worker_rss_mb, workers_cpu_seconds
from bench.harness.postgres import bench_database, safe, sqlalchemy_url
from bench.harness.server import server_for

SLUG = "noerd"
BOOK_PATH, SCHEDULE_PATH = f"/e/{SLUG}/book", f"/e/{SLUG}/schedule"
OWN_DATABASE = "treffpunkt_bench_opening"
THREADS_PER_CLIENT = 16  # visitors one client process serves at once; more wait (and their wait is counted)
SCARCE_TYPE, SCARCE_SHARE = "Abendempfang", 10  # its quota holds one seat per 10 bookings; every 4th visitor wants it
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')
TICKET_SELECT = re.compile(r'<select[^>]*name="attendees-0-ticket_type_id"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option[^>]*value="(\d+)"')
ASSET = re.compile(r'(?:href|src)="(/static/[^"?#]+)')
MODULE_IMPORT = re.compile(r"""(?:import|from)\s*\(?\s*["'](\.{1,2}/[^"']+)["']""")
WAITLIST_LINK = re.compile(rf"/e/{SLUG}/waitlist/\d+")


def add_options(parser: argparse.ArgumentParser) -> None:
    """This benchmark's own options; the opening runs with four workers unless --workers says otherwise."""
    parser.add_argument("--bookings", type=int, default=1000, help="bookings during the opening (default 1000)")
    parser.add_argument("--phones", type=int, default=2000, help="phones loading the schedule (default 2000)")
    parser.add_argument("--minutes", type=float, default=5.0, help="the window they arrive in (default 5)")
    parser.add_argument(
        "--database", default=OWN_DATABASE, help=f"own database on 127.0.0.1 without DATABASE_URL ({OWN_DATABASE})"
    )
    parser.set_defaults(workers=4, database_kind="postgresql")


def run(args: argparse.Namespace) -> list[Figure]:
    url, env = bench_database(args.database)
    note(f"opening on PostgreSQL {safe(url)}: {args.bookings} bookings, {args.phones} phones in {args.minutes:g} min")
    with server_for(args, "opening", env={**BOOKING_ENV, **env}) as server:
        database = sqlalchemy_url(url)
        os.environ["BENCH_DATABASE"] = database  # the client processes read the confirmation mails there
        scarce_limit = prepare_opening(database, args.bookings)
        assets = schedule_assets(server.url)
        os.environ["BENCH_ASSETS"] = json.dumps(assets)
        seconds = args.minutes * 60
        visits = [("booking", n, at) for n, at in enumerate(front_loaded(args.bookings, seconds))]
        visits += [("phone", n, at) for n, at in enumerate(front_loaded(args.phones, seconds))]
        cpu_before = workers_cpu_seconds(server.pid)
        results = run_arrivals(
            server.url, visits, {"booking": book, "phone": load_schedule}, processes=args.clients,
            threads=THREADS_PER_CLIENT,
        )  # fmt: skip
        server_cpu_s = workers_cpu_seconds(server.pid) - cpu_before
        rss, peak = worker_rss_mb(server.pid), worker_rss_mb(server.pid, "VmHWM")
        oversold, quotas = oversold_tickets(database)
    bookings, phones = results["booking"], results["phone"]
    span = max(bookings.last_done_s, phones.last_done_s)
    requests = bookings.requests + phones.requests
    note(f"booking outcomes {dict(bookings.results)}; {SCARCE_TYPE} limit {scarce_limit}")
    note(f"phone outcomes {dict(phones.results)}; {len(assets)} static assets a phone: {', '.join(assets)}")
    note(f"statuses {dict(sorted((bookings.statuses + phones.statuses).items()))}")
    note("quotas (tickets/limit): " + ", ".join(quotas))
    note(f"last booking done after {bookings.last_done_s:.1f} s, last phone after {phones.last_done_s:.1f} s")
    note(f"workers used {server_cpu_s:.1f} CPU s; worker RSS MB " + ", ".join(f"{mb:.1f}" for mb in rss))
    return [
        Figure("opening.booking_p99_ms", bookings.percentile_ms(99), "ms"),
        Figure("opening.booking_p50_ms", bookings.percentile_ms(50), "ms"),
        Figure("opening.schedule_p99_ms", phones.percentile_ms(99), "ms"),
        Figure("opening.schedule_p50_ms", phones.percentile_ms(50), "ms"),
        Figure("opening.server_errors", bookings.server_errors + phones.server_errors, "count", budget=0),
        Figure("opening.no_answer", bookings.no_answer + phones.no_answer, "count", budget=0),
        Figure("opening.oversold", oversold, "count", budget=0),
        Figure("opening.confirmed", bookings.results["booked"], "count"),
        Figure("opening.sold_out", bookings.results["sold out"], "count"),
        Figure("opening.confirmed_per_s", bookings.results["booked"] / max(bookings.last_done_s, 1e-3), "1/s"),
        Figure("opening.peak_confirmed_per_s", bookings.peak_per_s("booked"), "1/s"),
        Figure("opening.peak_phones_per_s", phones.peak_per_s("loaded"), "1/s"),
        Figure("opening.http_per_s", requests / max(span, 1e-3), "1/s"),
        Figure("opening.server_cpu_ms_per_request", server_cpu_s * 1000 / max(requests, 1), "ms"),
        Figure("memory.worker_rss_mb", max(rss), "MB", budget=100),
        Figure("memory.worker_peak_rss_mb", max(peak), "MB"),
    ]


def prepare_opening(database: str, bookings: int) -> int:
    """Room in NØRD's halls for every booking, and a scarce ticket type that must sell out; returns its limit."""
    from bench.booking import bench_app
    from core.extensions import db
    from events.models import Event
    from ticketing.booking.capacity import save_quota, save_ticket_type
    from ticketing.models import Quota

    app = bench_app(database)
    with app.app_context():
        event = db.session.query(Event).filter_by(slug=SLUG).one()
        for quota in db.session.query(Quota).filter_by(event_id=event.id).all():
            if quota.seats_left < bookings:
                save_quota(
                    event, name=quota.name, capacity=quota.capacity + bookings,
                    overbooking_percent=quota.overbooking_percent, quota=quota,
                )  # fmt: skip
        limit = max(1, bookings // SCARCE_SHARE)
        scarce = save_quota(event, name=SCARCE_TYPE, capacity=limit)
        db.session.flush()
        save_ticket_type(event, name=SCARCE_TYPE, quota_ids=[scarce.id], valid_days=event.days[:1])
        db.session.commit()
        db.engine.dispose()
    return limit


def schedule_assets(base_url: str) -> list[str]:
    """The static files a phone fetches for the schedule: those the page names and the modules they import."""
    client = Client(base_url)
    page = client.get(SCHEDULE_PATH)
    if page.status != 200 or "NØRD" not in page.text:
        raise RuntimeError(f"{SCHEDULE_PATH} answered {page.status} without the demo event; is the demo seeded?")
    found, todo = [], list(dict.fromkeys(ASSET.findall(page.text)))
    while todo:
        path = todo.pop(0)
        if path in found:
            continue
        found.append(path)
        if path.endswith(".js"):
            source = client.get(path).text
            todo += [urljoin(path, module) for module in MODULE_IMPORT.findall(source)]
    client.connection.close()
    return found


def load_schedule(client: Client, number: int) -> Outcome:
    """One phone: the schedule page (its latency), then each static asset once, as a browser without a cache."""
    page = client.get(SCHEDULE_PATH)
    done_at = time.monotonic()
    statuses = [page.status] + [client.get(path).status for path in json.loads(os.environ["BENCH_ASSETS"])]
    return Outcome("loaded" if max(statuses) < 400 else "failed", statuses, done_at)


def book(client: Client, number: int) -> Outcome:
    """One visitor's booking: form, post, confirmation page, confirm link and button; every 4th-ish type differs."""
    form = client.get(BOOK_PATH)
    if form.status != 200:
        return Outcome("failed", [form.status], time.monotonic())
    options = OPTION.findall(TICKET_SELECT.search(form.text).group(1))
    fields = {
        "csrf_token": CSRF.search(form.text).group(1),
        "submission_key": KEY.search(form.text).group(1),
        "attendees-0-ticket_type_id": options[number % len(options)],
    }
    email = f"opening-{number}@example.org"
    posted = client.post(BOOK_PATH, booking_form(fields, email, form.text))
    statuses = [form.status, posted.status]
    if posted.status != 302:
        sold_out = posted.status == 200 and WAITLIST_LINK.search(posted.text)
        return Outcome("sold out" if sold_out else "failed", statuses, time.monotonic())
    statuses.append(client.get(urlsplit(posted.headers["Location"]).path).status)  # the page "check your mail"
    token = confirmation_token(email)
    page = client.get(f"/booking/{token}/confirm")
    confirmed = client.post(f"/booking/{token}/confirm", {"csrf_token": CSRF_ANY.search(page.text).group(1)})
    statuses += [page.status, confirmed.status]
    return Outcome("booked" if confirmed.status == 302 else "failed", statuses, time.monotonic())


def oversold_tickets(database: str) -> tuple[int, list[str]]:
    """Tickets above a quota's limit, counted in the database: valid and held tickets of the types drawing from it
    (and the quota's own counter), against capacity plus planned overbooking."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database)
    query = text(
        """
        SELECT q.name, q.seats_taken, q.capacity + q.capacity * q.overbooking_percent / 100 AS seat_limit,
               (SELECT count(*) FROM ticket t JOIN ticket_type_quota tq ON tq.ticket_type_id = t.ticket_type_id
                 WHERE tq.quota_id = q.id AND t.state IN ('valid', 'held')) AS tickets
          FROM quota q JOIN event e ON e.id = q.event_id WHERE e.slug = :slug ORDER BY q.id
        """
    )
    with engine.connect() as conn:
        rows = conn.execute(query, {"slug": SLUG}).all()
    engine.dispose()
    oversold = sum(max(0, tickets - limit) + max(0, taken - limit) for _, taken, limit, tickets in rows)
    return oversold, [f"{name} {tickets}/{limit}" for name, _, limit, tickets in rows]
