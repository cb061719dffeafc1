"""Public event page /e/noerd through gunicorn: throughput, latency, and worker memory afterwards."""

import argparse
import os

from bench.harness.figures import Figure, note
from bench.harness.floor import measure_floor
from bench.harness.load import Client, run_load
from bench.harness.memory import worker_rss_mb
from bench.harness.server import server_for

EVENT_PATH = "/e/noerd"
WORKER_RSS_BUDGET_MB = 100  # DESIGN.md, "Budgets": memory per gunicorn worker with the full NØRD demo


def get_event_page(client: Client) -> int:
    """One visitor opening the event page."""
    return client.get(EVENT_PATH).status


def run(args: argparse.Namespace) -> list[Figure]:
    """Load the event page from `args.clients` processes, then read the workers' memory."""
    with server_for(args, "pages") as server:
        check_demo(server.url)
        result = run_load(server.url, get_event_page, clients=args.clients, seconds=args.seconds, server_pid=server.pid)
        rss, peak = worker_rss_mb(server.pid), worker_rss_mb(server.pid, "VmHWM")
    floor = measure_floor(args)
    note(f"statuses {dict(sorted(result.statuses.items()))}, {result.errors} without answer")
    note(f"load generator used {result.client_cpu_s / result.seconds:.2f} of the machine's {os.cpu_count()} CPU cores")
    note("worker RSS MB " + ", ".join(f"{mb:.1f}" for mb in rss))
    return [
        Figure("pages.event_http_per_s", result.per_s, "1/s"),
        Figure("pages.event_p50_ms", result.percentile_ms(50), "ms"),
        Figure("pages.event_p99_ms", result.percentile_ms(99), "ms"),
        Figure("pages.event_server_cpu_ms", result.server_cpu_ms, "ms"),
        Figure("pages.server_errors", result.server_errors, "count"),
        Figure("pages.no_answer", result.errors, "count"),
        *floor.figures(),
        floor.ratio("pages.floor_ratio", result.server_cpu_ms, budget=3),
        Figure("memory.worker_rss_mb", max(rss), "MB", budget=WORKER_RSS_BUDGET_MB),
        # The high-water mark since the worker started, boot included: what the machine must have room for.
        Figure("memory.worker_peak_rss_mb", max(peak), "MB"),
    ]


def check_demo(url: str) -> None:
    """Refuse to measure a page that is not the demo event: a fast 404 would make a fine-looking lie."""
    response = Client(url).get(EVENT_PATH)
    if response.status != 200 or "NØRD" not in response.text:
        raise RuntimeError(f"{EVENT_PATH} answered {response.status} without the demo event; is the demo seeded?")
