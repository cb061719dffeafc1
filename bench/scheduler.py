"""The automatic scheduler on NØRD's whole program (308 contributions, 15 spaces, 120 speakers, 2 days) taken out of
the timetable: time to plan it from scratch in process, and the hard conflicts the checker finds once it is applied.

The demo is seeded into a temporary SQLite database (not the bench server's: the scheduler runs in process, and
unplacing the demo program must not touch a database other benchmarks read).
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench.harness.figures import Figure, note

ROUNDS = 3


def run(args: argparse.Namespace) -> list[Figure]:
    from flask_migrate import upgrade
    from sqlalchemy import select, update

    from app import create_app
    from core.db import utcnow
    from core.extensions import db
    from demo.events import seed_demo
    from events.models import Event
    from events.program.models import Contribution
    from events.program.placing import timetable_conflicts
    from events.program.timetable.scheduling import auto_schedule, load_plan_input

    with tempfile.TemporaryDirectory(prefix="bench-scheduler-") as folder:
        database = f"sqlite:///{Path(folder) / 'scheduler.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": database, "MIGRATIONS_ENABLED": True, "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            seed_demo(utcnow(), folder)
            event = db.session.scalar(select(Event).where(Event.slug == "noerd"))
            db.session.execute(
                update(Contribution).where(Contribution.event_id == event.id).values(room_id=None, starts_at=None)
            )
            db.session.commit()
            loaded = load_plan_input(event)
            times, plans = [], []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                plans.append(loaded.plan())
                times.append(time.perf_counter() - started)
            if any(p != plans[0] for p in plans):
                raise RuntimeError("the scheduler gave different plans for the same input")
            started = time.perf_counter()
            result = auto_schedule(event, actor=None)  # load, plan and store, as the organizer's button does
            db.session.flush()
            applied = time.perf_counter() - started
            conflicts = timetable_conflicts(event)
            db.session.rollback()
            db.engine.dispose()
    hard = sum(1 for c in conflicts if c.severity == "error")
    warnings = len(conflicts) - hard
    note(f"{len(loaded.waiting)} contributions, {len(loaded.rooms)} rooms; plan median of {ROUNDS}, in process")
    return [
        Figure("program.scheduler_s", statistics.median(times), "s", budget=30),
        Figure("program.scheduler_hard_conflicts", hard, "conflicts", budget=0),
        Figure("program.scheduler_changeover_warnings", warnings, "warnings"),
        Figure("program.scheduler_placed", len(result.placed), "contributions"),
        Figure("program.scheduler_unplaced", len(result.unplaced), "contributions", budget=0),
        Figure("program.auto_schedule_s", applied, "s"),
    ]
