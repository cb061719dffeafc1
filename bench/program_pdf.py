"""The printable program and the door signs of NØRD's demo (308 contributions, 15 spaces), rendered in process.

`pdf_figures(database)` measures against a database that already holds the demo (bench.program can call it with
its server's database); `run(args)` makes such a database first and removes it afterwards.
"""

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.harness.figures import Figure, note
from bench.harness.server import environment, prepare_database

ROUNDS = 10


def run(args: argparse.Namespace) -> list[Figure]:
    instance_dir = Path(tempfile.mkdtemp(prefix="treffpunkt-bench-"))
    try:
        env = environment(instance_dir, None)
        prepare_database(instance_dir, env)
        database = env.get("DATABASE_URL") or env["TREFFPUNKT_SQLALCHEMY_DATABASE_URI"]
        return pdf_figures(database)
    finally:
        shutil.rmtree(instance_dir, ignore_errors=True)


def pdf_figures(database: str) -> list[Figure]:
    """Medians of rendering, each round from the database: the whole program (German), the same from the cache
    the public download uses, and the first day's door signs of every room (one page each)."""
    from bench.booking import bench_app
    from core.extensions import db
    from core.urls import external_url
    from events.models import Event
    from events.program.printing.prints import cached_program_pdf, door_signs_pdf, program_pdf
    from events.program.schedule.views import public_contributions

    app = bench_app(database)
    app.instance_path = tempfile.mkdtemp(prefix="treffpunkt-bench-cache-")
    with app.app_context():
        event = db.session.scalar(db.select(Event).where(Event.slug == "noerd"))
        day = event.days[0]

        def whole_program() -> bytes:
            return program_pdf(event, public_contributions(event), "de")

        def cached_program() -> bytes:
            return cached_program_pdf(event, public_contributions(event), "de")

        def door_signs() -> bytes:
            rooms = [
                (room, external_url("schedule.schedule", slug=event.slug, day=day.isoformat(), room=room.id))
                for room in event.rooms
            ]
            return door_signs_pdf(event, day, rooms, public_contributions(event), language="de")

        measured = {
            "program.pdf_ms": median_ms(whole_program),
            "program.pdf_cached_ms": median_ms(cached_program),
            "program.door_signs_ms": median_ms(door_signs),
        }
        note(
            f"{len(public_contributions(event))} contributions, {len(event.rooms)} door signs; "
            f"medians of {ROUNDS} rounds after one warm-up, each loading the timetable afresh; CPU ms (steadier on a "
            "busy machine): " + ", ".join(f"{name} {cpu:.1f}" for name, (_, cpu) in measured.items())
        )
        figures = [Figure(name, wall, "ms") for name, (wall, _) in measured.items()]
        db.engine.dispose()
    shutil.rmtree(app.instance_path, ignore_errors=True)
    return figures


def median_ms(render: Callable[[], bytes]) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `render`."""
    from core.extensions import db

    render()  # fonts registered, caches filled: a worker's steady state
    wall, cpu = [], []
    for _ in range(ROUNDS):
        db.session.expire_all()
        started, started_cpu = time.perf_counter(), time.process_time()
        render()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)
