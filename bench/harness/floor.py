"""Measure the floor (bench/harness/floor_app.py) in the same run as a hot path, and express costs as ratios to it.

The machines are shared and noisy and the load client shares the cores, so absolute CPU per request moves from
run to run; the ratio to bare Flask measured minutes apart on the same machine moves far less.
"""

import argparse
import os
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.harness.figures import Figure
from bench.harness.load import Client, run_load
from bench.harness.server import gunicorn_serving

FLOOR_SECONDS_MAX = 5.0  # enough for thousands of requests; the floor is a yardstick, not the subject


@dataclass(frozen=True)
class Floor:
    hello_cpu_ms: float
    select_cpu_ms: float

    def figures(self) -> list[Figure]:
        return [
            Figure("floor.hello_cpu_ms", self.hello_cpu_ms, "ms"),
            Figure("floor.select_cpu_ms", self.select_cpu_ms, "ms"),
        ]

    def ratio(self, name: str, cpu_ms_per_request: float, budget: float) -> Figure:
        """`name` = CPU per request over the floor's primary-key read."""
        value = cpu_ms_per_request / self.select_cpu_ms if self.select_cpu_ms else 0.0
        return Figure(name, value, "x", budget=budget)


def get_hello(client: Client) -> int:
    return client.get("/").status


def get_row(client: Client) -> int:
    return client.get(f"/row/{random.randint(1, 1000)}").status


def measure_floor(args: argparse.Namespace) -> Floor:
    """Serve the bare app with the benchmark's gunicorn settings and load it with the same client."""
    from bench.harness.floor_app import fill

    seconds = min(args.seconds, FLOOR_SECONDS_MAX)
    with tempfile.TemporaryDirectory(prefix="treffpunkt-floor-") as folder:
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'floor.db'}"
        fill(database)
        env = {**os.environ, "BENCH_FLOOR_DATABASE": database}
        log_path = (args.out / "floor-gunicorn.log") if getattr(args, "out", None) else Path(folder) / "gunicorn.log"
        with gunicorn_serving("bench.harness.floor_app:create_app()", env, args.workers, args.threads, log_path) as (
            url,
            pid,
            _,
        ):
            hello = run_load(url, get_hello, clients=args.clients, seconds=seconds, server_pid=pid)
            select = run_load(url, get_row, clients=args.clients, seconds=seconds, server_pid=pid)
    if hello.server_errors or select.server_errors or select.statuses.get(404):
        raise RuntimeError(f"the floor app failed: {dict(hello.statuses)} {dict(select.statuses)}")
    return Floor(hello.server_cpu_ms, select.server_cpu_ms)
