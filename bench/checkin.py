"""Check-in with 10,000 tickets: the service in process, scans through gunicorn (session login, CSRF), manual
search, and the download of the scanner's offline copy."""

import argparse
import json
import os
import random
import re
import statistics
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from bench.harness.figures import Figure, note
from bench.harness.floor import measure_floor
from bench.harness.load import Client, run_load
from bench.harness.memory import worker_rss_mb
from bench.harness.server import server_for

TICKETS = 10_000
CSRF_PAGE = re.compile(r'"csrfToken":\s*"([^"]+)"')  # the scanner page hands its token to static/js/scanner/
LOGIN_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
FIRST_NAMES = ["Anna", "Ben", "Clara", "Deniz", "Emil", "Frieda", "Georg", "Hanna", "Ilse", "Jonas", "Karla", "Lars"]
LAST_NAMES = ["Becker", "Schulz", "Özdemir", "Nowak", "Hansen", "Petersen", "Krüger", "Wolff", "Brandt", "Lange"]
ORGANIZATIONS = ["Stadtwerke Stralsund", "Hansestadt Rostock", "IHK zu Rostock", "Fraunhofer IGD", "MakerPort"]


def run(args: argparse.Namespace) -> list[Figure]:
    with server_for(args, "checkin") as server:
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{server.instance_dir / 'treffpunkt.db'}"
        list_id, codes = make_tickets(database)
        codes_file = server.instance_dir / "codes.json"
        codes_file.write_text(json.dumps(codes))
        email, password = server.demo_login()
        os.environ.update(BENCH_LIST=str(list_id), BENCH_CODES=str(codes_file), BENCH_LOGIN=f"{email}\n{password}")
        inproc = service_p99_ms(database, list_id, codes[:2000])
        result = run_load(
            server.url, scan, clients=args.clients, seconds=args.seconds, setup=log_in, server_pid=server.pid
        )
        search, download = search_and_download_ms(server.url, list_id)
        rss = worker_rss_mb(server.pid)
    floor = measure_floor(args)
    note(f"scan statuses {dict(sorted(result.statuses.items()))}, {result.errors} without answer")
    return [
        Figure("checkin.p99_ms_inproc", inproc, "ms", budget=10),
        Figure("checkin.http_scans_per_s", result.per_s, "1/s", budget=1000, limit="min"),
        Figure("checkin.http_p99_ms", result.percentile_ms(99), "ms"),
        Figure("checkin.server_cpu_ms", result.server_cpu_ms, "ms"),
        Figure("checkin.server_errors", result.server_errors, "count", budget=0),
        *floor.figures(),
        floor.ratio("checkin.floor_ratio", result.server_cpu_ms, budget=2.5),  # one scan is one request
        Figure("checkin.search_ms", search, "ms"),
        Figure("checkin.list_download_ms", download, "ms"),
        Figure("memory.worker_rss_mb", max(rss), "MB", budget=100),
    ]


def make_tickets(database: str) -> tuple[int, list[str]]:
    """A published event with 10,000 confirmed tickets (bulk insert: set-up, not measured)."""
    from sqlalchemy import insert

    from bench.booking import bench_app, make_event
    from core.db import utcnow
    from core.extensions import db
    from events.models import Event
    from ticketing.checkin import scans as checkin
    from ticketing.models import Ticket, TicketType
    from ticketing.models.booking import new_secret, new_token

    make_event(database, "bench-checkin", seats=TICKETS)
    app = bench_app(database)
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == "bench-checkin"))
        ticket_type = db.session.scalar(db.select(TicketType).where(TicketType.event_id == event.id))
        rng, now = random.Random(7), utcnow()
        rows = [
            {
                "event_id": event.id, "ticket_type_id": ticket_type.id,
                "secret": new_secret(), "access_token": new_token(),
                "attendee_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}",
                "attendee_email": f"gast{n}@example.org", "organization": rng.choice(ORGANIZATIONS),
                "stakeholder_group": "business", "answers": {}, "language": "de", "state": "valid",
                "is_complimentary": False, "created_at": now - timedelta(minutes=n % 600),
            }
            for n in range(TICKETS)
        ]  # fmt: skip
        db.session.execute(insert(Ticket), rows)
        [check_in_list] = checkin.default_lists(event)
        db.session.commit()
        list_id = check_in_list.id
        db.engine.dispose()
    return list_id, [row["secret"] for row in rows]


def service_p99_ms(database: str, list_id: int, codes: list[str]) -> float:
    """The check-in service as a request runs it: read the list and the ticket, check it in, commit."""
    from bench.booking import bench_app
    from core.db import utcnow
    from core.extensions import db
    from ticketing.checkin import scans as checkin

    app = bench_app(database)
    times = []
    with app.app_context():
        for code in codes:
            started = time.perf_counter()
            door, ticket = checkin.door_with_ticket(list_id, code)
            now = utcnow()
            checkin.check_in(door, ticket, client_id=str(uuid.uuid4()),
                             gate="Bench", scanned_at=now, now=now, user=None)  # fmt: skip
            db.session.commit()
            times.append((time.perf_counter() - started) * 1000)
        db.engine.dispose()
    return statistics.quantiles(times, n=100)[98]


def log_in(client: Client) -> None:
    """A check-in helper logs in and opens the scanner page, which carries the CSRF token for the API."""
    email, password = os.environ["BENCH_LOGIN"].split("\n")
    token = LOGIN_CSRF.search(client.get("/login").text).group(1)
    client.post("/login", {"csrf_token": token, "email": email, "password": password})
    page = client.get(f"/checkin/lists/{os.environ['BENCH_LIST']}?gate=Bench").text
    client.csrf = CSRF_PAGE.search(page).group(1)
    client.codes = json.loads(Path(os.environ["BENCH_CODES"]).read_text())


def scan(client: Client) -> int:
    """One QR code held up to the camera: one upload of one scan."""
    body = {"scans": [{"client_id": str(uuid.uuid4()), "code": random.choice(client.codes), "gate": "Bench",
                       "scanned_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())}]}  # fmt: skip
    headers = {"Content-Type": "application/json", "X-CSRFToken": client.csrf}
    response = client.request("POST", f"/checkin/api/lists/{os.environ['BENCH_LIST']}/scans", json.dumps(body).encode(),
                              headers)  # fmt: skip
    return response.status


def search_and_download_ms(url: str, list_id: int) -> tuple[float, float]:
    """p99 of 200 manual searches, and the median of 10 downloads of the offline copy, for one logged-in helper."""
    client = Client(url)
    log_in(client)
    rng, searches = random.Random(3), []
    for _ in range(200):
        needle = rng.choice(LAST_NAMES + ORGANIZATIONS)[: rng.randint(3, 6)]
        started = time.perf_counter()
        assert client.get(f"/checkin/api/lists/{list_id}/search?{urlencode({'q': needle})}").status == 200
        searches.append((time.perf_counter() - started) * 1000)
    downloads = []
    for _ in range(10):
        started = time.perf_counter()
        response = client.get(f"/checkin/api/lists/{list_id}/snapshot")
        assert response.status == 200 and len(json.loads(response.body)["tickets"]) == TICKETS
        downloads.append((time.perf_counter() - started) * 1000)
    return statistics.quantiles(searches, n=100)[98], statistics.median(downloads)
