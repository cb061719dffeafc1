"""Bulk badges: 5,000 A6 badges rendered by the badge job (`cockpit.badges`), run by `run_one` as `flask worker`
would, in a process of its own (spawned, not forked) so that its peak RSS is the job's own.

Set-up (not measured): a fresh SQLite database in a temporary folder with one event and 5,000 valid tickets, and
the job queued as the badge page queues it. The figures are the wall time of the worker's step and the worker
process's peak RSS."""

import argparse
import multiprocessing
import resource
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.harness.figures import Figure, note

TICKETS = 5000
BUDGET_S, BUDGET_MB = 30, 300  # issue 15, "Benchmark"


def figures(args: argparse.Namespace) -> list[Figure]:
    folder = Path(tempfile.mkdtemp(prefix="treffpunkt-bench-badges-"))
    try:
        database = f"sqlite:///{folder / 'badges.db'}"
        prepare(database, str(folder))
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            seconds, rss_mb, result = pool.apply(run_job, (database, str(folder)))
        size_mb = (folder / "cockpit" / "badges" / result["file"]).stat().st_size / 1e6
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    note(f"cockpit.badges_5000: {result['count']} A6 badges on {result['pages']} pages, {size_mb:.1f} MB of PDF")
    return [
        Figure("cockpit.badges_5000_seconds", round(seconds, 2), "s", budget=BUDGET_S),
        Figure("cockpit.badges_5000_rss_mb", round(rss_mb, 1), "MB", budget=BUDGET_MB),
    ]


def bench_app(database: str, instance: str, **config):
    from app import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "bench-badges", "SERVER_NAME": "bench"} | config
    )
    app.instance_path = instance
    return app


def prepare(database: str, instance: str) -> None:
    """The schema, an event with TICKETS valid tickets in varied names and organizations, the job queued."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from cockpit.badges import job as badge_job
    from cockpit.badges.selection import Selection
    from core.db import utcnow
    from core.extensions import db
    from events.services import EventDetails, create_event, set_event_status
    from ticketing.booking.capacity import save_quota, save_ticket_type
    from ticketing.models import Ticket

    app = bench_app(database, instance, MIGRATIONS_ENABLED=True)
    with app.app_context():
        upgrade()
        now = utcnow()
        details = EventDetails(
            name="NØRD 2027 – Bench", slug="badges", venue="HanseMesse Rostock", address="", timezone="Europe/Berlin",
            starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30, hours=8),
            registration_opens_at=now - timedelta(days=60), registration_closes_at=now + timedelta(days=29),
            privacy_text="Bench",
        )  # fmt: skip
        event = create_event(details, actor=None)
        set_event_status(event, "published", actor=None)
        quota = save_quota(event, name="Halle", capacity=TICKETS, overbooking_percent=0)
        db.session.flush()
        ticket_type = save_ticket_type(event, name="Beide Tage", quota_ids=[quota.id], valid_days=event.days)
        db.session.flush()
        rows = [
            {"event_id": event.id, "ticket_type_id": ticket_type.id, "attendee_name": f"Teilnehmerin Nr. {i} Jørgensen",
             "organization": f"Stadtwerke Beispielstadt {i % 300} GmbH", "stakeholder_group": "business",
             "state": "valid", "created_at": now - timedelta(minutes=i)}
            for i in range(TICKETS)
        ]  # fmt: skip
        db.session.execute(insert(Ticket), rows)
        badge_job.start(event, Selection(), {"layout": "A6", "custom": None}, user=None, now=now)
        db.session.commit()
        db.engine.dispose()


def run_job(database: str, instance: str) -> tuple[float, float, dict]:
    """Runs in the child: the worker's step on the queued job; its wall time, the peak RSS (MB) and the result."""
    from core.db import utcnow
    from core.extensions import db
    from core.jobs import run_one

    app = bench_app(database, instance)
    with app.app_context():
        started = time.perf_counter()
        job = run_one("bench-badges", now=utcnow())
        seconds = time.perf_counter() - started
        db.engine.dispose()
    if job is None or job.state != "done":
        raise RuntimeError(f"the badge job did not finish: {job and job.state} {job and job.error}")
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, job.result
