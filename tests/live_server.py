"""A real gunicorn serving Treffpunkt against the tests' own database: the `gunicorn_server` fixture.

Concurrency is decided by the database only when several processes write at once, which the test client and a
threaded werkzeug server cannot show. Use it in a test module with
`from tests.live_server import gunicorn_server_fixture  # noqa: F401`; the server serves the database of the
`database_uri` fixture (SQLite file, or PostgreSQL when DATABASE_URL is set), so rows a test commits are what the
server sees, and what the server writes the test can count.
"""

import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 30
LISTENING = re.compile(r"Listening at: (http://127\.0\.0\.1:\d+)")


@dataclass(frozen=True)
class GunicornServer:
    """A running gunicorn: its base URL and its log (shown when a test fails)."""

    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def gunicorn_command(workers: int, threads: int) -> list[str]:
    """Port 0: the kernel picks a free port when gunicorn binds, so two test runs never race for one."""
    command = [
        sys.executable, "-m", "gunicorn", "app:create_app()", "--bind", "127.0.0.1:0",
        "--workers", str(workers), "--worker-class", "gthread" if threads > 1 else "sync", "--threads", str(threads),
        "--graceful-timeout", "5",
    ]  # fmt: skip
    if int(version("gunicorn").split(".")[0]) >= 27:
        command.append("--no-control-socket")  # one fixed path in ~/.gunicorn, which parallel servers would share
    return command


def server_environment(database_uri: str, extra: dict[str, str]) -> dict[str, str]:
    """The app reads TREFFPUNKT_* settings (parsed as JSON where they are JSON); one secret key for all workers."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TREFFPUNKT_")}
    return env | {
        "TREFFPUNKT_SQLALCHEMY_DATABASE_URI": database_uri,
        "TREFFPUNKT_SECRET_KEY": "test-" + secrets.token_hex(16),  # not all digits: JSON would make it a number
        "TREFFPUNKT_BOOKING_RATE_LIMIT": "10000 per minute",  # every client of a race comes from 127.0.0.1
        "TREFFPUNKT_MAIL_BACKEND": "console",  # requests only queue mail; nothing is sent from the server
        **extra,
    }


@contextmanager
def running_gunicorn(
    database_uri: str, log_path: Path, *, workers: int = 2, threads: int = 4, env: dict[str, str] | None = None
) -> Iterator[GunicornServer]:
    """Start gunicorn, wait until every worker has booted and the server answers, and stop it on exit."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            gunicorn_command(workers, threads),
            cwd=ROOT,
            env=server_environment(database_uri, env or {}),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield GunicornServer(url=wait_until_ready(process, log_path, workers), log_path=log_path)
    finally:
        stop(process)


def wait_until_ready(process: subprocess.Popen, log_path: Path, workers: int) -> str:
    """The server's URL once all workers have booted and one answers. :raises RuntimeError: with the log."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}")
        log = log_path.read_text(errors="replace")
        listening = LISTENING.search(log)
        if listening and log.count("Booting worker with pid") >= workers and answers(listening.group(1)):
            return listening.group(1)
        time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT_S} s:\n{log_path.read_text()}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/", timeout=5) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        error.close()
        return error.code < 500
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    """Ask gunicorn to stop gracefully, then make sure it is gone."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(name="gunicorn_server", scope="module")
def gunicorn_server_fixture(database_uri, tmp_path_factory) -> Iterator[GunicornServer]:
    """gunicorn with 2 workers of 4 threads each on a free loopback port, serving the test database."""
    with running_gunicorn(database_uri, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log") as server:
        yield server
