"""`python -m bench opening` end to end, tiny: a real gunicorn on PostgreSQL, the demo, bookings racing for a ticket
type that sells out and phones on the schedule; the figures are printed, nothing failed and nothing was oversold."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from bench.harness.postgres import LOCAL_SERVER

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ("opening.booking_p99_ms", "opening.schedule_p99_ms", "opening.server_errors", "opening.oversold")


def own_database() -> str:
    """A database of this test's own, beside the session's when that is PostgreSQL (test_h5 → test_h5_opening)."""
    url = os.environ.get("DATABASE_URL", "")
    name = conninfo_to_dict(url).get("dbname") if url.startswith("postgres") else None
    return f"{name or 'treffpunkt_test'}_opening"


def run_bench(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Never the session's DATABASE_URL: the bench empties the database it uses.
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    return subprocess.run(
        [sys.executable, "-m", "bench", "opening", *args], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


def figures(stdout: str) -> dict[str, tuple[float, str]]:
    rows = [line.split() for line in stdout.splitlines() if line and not line.startswith("#")]
    return {name: (float(value), unit) for name, value, unit in rows}


def test_a_tiny_opening_prints_its_figures_without_server_errors_or_oversold_seats():
    try:
        psycopg.connect(f"{LOCAL_SERVER}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is unreachable on 127.0.0.1:5432")

    result = run_bench(
        "--bookings", "30", "--phones", "60", "--minutes", "0.1", "--clients", "2", "--database", own_database()
    )

    assert result.returncode == 0, result.stderr
    found = figures(result.stdout)
    assert set(FIGURES) <= found.keys()
    assert found["opening.server_errors"] == (0.0, "count")
    assert found["opening.oversold"] == (0.0, "count")
    assert found["opening.no_answer"] == (0.0, "count")
    assert found["opening.booking_p99_ms"][0] > 0 and found["opening.schedule_p99_ms"][0] > 0
    # The scarce ticket type (one seat per ten bookings, every 4th visitor wants it) did sell out.
    assert found["opening.sold_out"][0] > 0
    assert found["opening.confirmed"][0] + found["opening.sold_out"][0] == 30
    assert "4 sync workers" in result.stdout


def test_an_unreachable_postgresql_is_one_clear_line():
    result = run_bench("--bookings", "1", "--phones", "1", DATABASE_URL="postgresql://postgres@127.0.0.1:1/nowhere")

    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("bench: PostgreSQL is unreachable at 127.0.0.1:1/nowhere: ")
