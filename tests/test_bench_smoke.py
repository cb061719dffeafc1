"""The benchmark harness runs end to end: a real gunicorn, the demo, a second of load, and parseable figures."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ("pages.event_http_per_s", "pages.event_p99_ms", "memory.worker_rss_mb", "pages.floor_ratio")


def run_bench(*args: str) -> subprocess.CompletedProcess:
    # Always SQLite: on PostgreSQL the bench drops the schema of the database the running test session uses.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "bench", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def figures(stdout: str) -> dict[str, tuple[float, str]]:
    """`name value unit` lines by name; `#` lines are comments."""
    rows = [line.split() for line in stdout.splitlines() if line and not line.startswith("#")]
    return {name: (float(value), unit) for name, value, unit in rows}


def test_pages_bench_prints_figures_without_server_errors():
    result = run_bench("pages", "--seconds", "1", "--clients", "2")

    assert result.returncode == 0, result.stderr
    found = figures(result.stdout)
    assert set(EXPECTED) <= found.keys()
    assert found["pages.event_http_per_s"][0] > 0
    assert found["memory.worker_rss_mb"][1] == "MB"
    assert found["pages.server_errors"] == (0.0, "count")
    assert found["pages.no_answer"] == (0.0, "count")
    # The ratio is the page's CPU per request over the floor's, both measured in this run.
    ratio, per_request = found["pages.floor_ratio"][0], found["pages.event_server_cpu_ms"][0]
    assert abs(ratio - per_request / found["floor.select_cpu_ms"][0]) < 0.05 * ratio


def test_floor_bench_serves_a_bare_flask_app_and_prints_its_cpu_per_request():
    result = run_bench("floor", "--seconds", "1", "--clients", "1")

    assert result.returncode == 0, result.stderr
    found = figures(result.stdout)
    assert found["floor.hello_cpu_ms"][0] > 0 and found["floor.hello_cpu_ms"][1] == "ms"
    assert found["floor.select_cpu_ms"][0] > 0


def test_unknown_bench_exits_2_and_names_the_available_ones():
    result = run_bench("no-such-bench")

    assert result.returncode == 2
    assert "pages" in result.stderr
