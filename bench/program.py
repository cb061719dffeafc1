"""The NØRD-size program through gunicorn: the public schedule pages, the exports (writes schedule.xml, .json
and .ics into --out) and the organizer's timetable grid (logged in through the login form), plus the conflict check
in process."""

import argparse
import os
import re
import statistics
import time
from pathlib import Path

from bench.harness.figures import Figure, note
from bench.harness.floor import measure_floor
from bench.harness.load import Client, run_load
from bench.harness.server import server_for

PAGES = {"schedule_page_ms": "/e/noerd/schedule", "list_page_ms": "/e/noerd/schedule?view=list"}
EXPORTS = {"xml": "/e/noerd/schedule.xml", "json": "/e/noerd/schedule.json", "ics": "/e/noerd/schedule.ics"}
ROUNDS = 30
LOGIN_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def run(args: argparse.Namespace) -> list[Figure]:
    figures = []
    with server_for(args, "program") as server:
        client = Client(server.url)
        for name, path in PAGES.items():
            figures.append(Figure(f"program.{name}", median_ms(client, path), "ms", budget=50))
        for kind, path in EXPORTS.items():
            figures.append(Figure(f"program.export_{kind}_ms", median_ms(client, path), "ms", budget=100))
            if args.out:
                (Path(args.out) / f"schedule.{kind}").write_bytes(client.get(path).body)
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{server.instance_dir / 'treffpunkt.db'}"
        organizer = Client(server.url)
        log_in(organizer, *server.demo_login())
        figures.append(Figure("program.grid_page_ms", median_ms(organizer, grid_path(database)), "ms", budget=50))
        figures.append(Figure("program.conflict_check_ms", conflict_check_ms(database), "ms"))
        # 2,000 phones refreshing the schedule: the page under load, its server CPU per request.
        load = run_load(server.url, get_schedule, clients=args.clients, seconds=args.seconds, server_pid=server.pid)
    floor = measure_floor(args)
    note(f"medians of {ROUNDS} sequential requests each, one client, after one warm-up request")
    note(f"schedule under load: statuses {dict(sorted(load.statuses.items()))}, {load.errors} without answer")
    return [
        *figures,
        Figure("program.schedule_http_per_s", load.per_s, "1/s"),
        Figure("program.schedule_server_cpu_ms", load.server_cpu_ms, "ms"),
        Figure("program.server_errors", load.server_errors, "count", budget=0),
        *floor.figures(),
        floor.ratio("program.floor_ratio", load.server_cpu_ms, budget=4),
    ]


def get_schedule(client: Client) -> int:
    """One phone refreshing NØRD's schedule page."""
    return client.get(PAGES["schedule_page_ms"]).status


def median_ms(client: Client, path: str) -> float:
    response = client.get(path)
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: is the demo program published?")
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def conflict_check_ms(database: str) -> float:
    """The conflict check over NØRD's whole timetable, as the grid page would run it."""
    from bench.booking import bench_app
    from core.extensions import db
    from events.models import Event
    from events.program.placing import timetable_conflicts

    app = bench_app(database)
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == "noerd"))
        times = []
        for _ in range(10):
            started = time.perf_counter()
            timetable_conflicts(event)
            times.append((time.perf_counter() - started) * 1000)
            db.session.expire_all()
        db.engine.dispose()
    return statistics.median(times)


def log_in(client: Client, email: str, password: str) -> None:
    """The organizer logs in through the real login form (CSRF token from the page), as a browser does."""
    token = LOGIN_CSRF.search(client.get("/login").text).group(1)
    response = client.post("/login", {"csrf_token": token, "email": email, "password": password})
    if response.status != 302:
        raise RuntimeError(f"the demo organizer's login answered {response.status}")


def grid_path(database: str) -> str:
    """The organizer's timetable grid of NØRD's first day."""
    from bench.booking import bench_app
    from core.extensions import db
    from events.models import Event

    app = bench_app(database)
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == "noerd"))
        path = f"/manage/events/{event.id}/program/timetable?day={event.days[0].isoformat()}"
        db.engine.dispose()
    return path
