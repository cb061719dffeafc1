"""NØRD's dashboard (3,000 tickets) through gunicorn: the median time of the page for a logged-in organizer."""

import argparse
import os

from bench.harness.figures import Figure, note
from bench.harness.load import Client
from bench.harness.server import server_for
from bench.program import ROUNDS, log_in, median_ms

BUDGET_MS = 150  # issue 15, "Benchmark"


def figures(args: argparse.Namespace) -> list[Figure]:
    with server_for(args, "cockpit-dashboard") as server:
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{server.instance_dir / 'treffpunkt.db'}"
        path = dashboard_path(database)
        organizer = Client(server.url)
        log_in(organizer, *server.demo_login())
        page = organizer.get(path)
        if page.status != 200 or 'data-chart="bookings"' not in page.text:
            raise RuntimeError(f"{path} answered {page.status} without the bookings chart; is the demo seeded?")
        took = median_ms(organizer, path)
    note(f"cockpit.dashboard_ms: median of {ROUNDS} sequential requests of {path}, one client, after a warm-up")
    return [Figure("cockpit.dashboard_ms", took, "ms", budget=BUDGET_MS)]


def dashboard_path(database: str) -> str:
    from bench.booking import bench_app
    from core.extensions import db
    from events.models import Event

    app = bench_app(database)
    with app.app_context():
        event_id = db.session.scalar(db.select(Event.id).where(Event.slug == "noerd"))
        db.engine.dispose()
    return f"/manage/events/{event_id}/dashboard"
