"""A real gunicorn serving Treffpunkt on a free loopback port, on a fresh database holding the demo.

SQLite: the database lives in a temporary instance folder. PostgreSQL (when DATABASE_URL is set): the schema is
dropped and recreated first, which is only allowed on the database named `test` or with BENCH_RESET_POSTGRES=1,
so a benchmark can never wipe real data by accident.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

ROOT = Path(__file__).resolve().parents[2]  # the repository: from bench/, bench/cockpit would hide the cockpit package
# Limits the benchmarks would otherwise hit: many logins a minute from one address are the point of a load test.
BENCH_ENV = {"TREFFPUNKT_LOGIN_RATE_LIMIT": "100000 per minute"}
START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Server:
    """A running server: where to reach it, the master's pid (its children are the workers), its files."""

    url: str
    pid: int
    instance_dir: Path
    log_path: Path

    def demo_login(self) -> tuple[str, str]:
        """The demo organizer's email and password, written by bench.harness.prepare into the instance folder."""
        email, password = (self.instance_dir / "bench-login.txt").read_text().split()
        return email, password


def server_for(
    args: argparse.Namespace, name: str, env: dict[str, str] | None = None
) -> AbstractContextManager[Server]:
    """The server that a benchmark's command-line options ask for; its log is kept in --out when given."""
    log_path = args.out / f"{name}-gunicorn.log" if args.out else None
    return running_server(workers=args.workers, threads=args.threads, env=env, log_path=log_path)


@contextmanager
def running_server(
    workers: int = 2,
    threads: int = 1,
    env: dict[str, str] | None = None,
    instance_dir: Path | None = None,
    log_path: Path | None = None,
) -> Iterator[Server]:
    """Seed a fresh database, start gunicorn (sync workers, or gthread when threads > 1), stop it on exit.

    `env` adds to or overrides the server's environment (BENCH_ENV's raised limits, say). `instance_dir` keeps the
    database, demo login and log in a folder of the caller's, not deleted afterwards (and reused if it exists);
    without it a temporary folder is made and removed.
    """
    made_dir = instance_dir is None
    instance_dir = Path(tempfile.mkdtemp(prefix="treffpunkt-bench-")) if made_dir else Path(instance_dir)
    server_env = environment(instance_dir, env)
    try:
        prepare_database(instance_dir, server_env)
        with gunicorn_serving(
            "app:create_app()", server_env, workers, threads, log_path or instance_dir / "gunicorn.log"
        ) as (url, pid, log_path):
            yield Server(url=url, pid=pid, instance_dir=instance_dir, log_path=log_path)
    finally:
        if made_dir:
            shutil.rmtree(instance_dir, ignore_errors=True)


@contextmanager
def gunicorn_serving(
    app_spec: str, env: dict[str, str], workers: int, threads: int, log_path: Path
) -> Iterator[tuple[str, int, Path]]:
    """Gunicorn serving `app_spec` on a free loopback port until the block ends: (url, master pid, log path)."""
    process = None
    try:
        port = free_port()
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                gunicorn_command(port, workers, threads, app_spec), cwd=ROOT, env=env, stdout=log, stderr=log
            )
        url = f"http://127.0.0.1:{port}"
        wait_until_ready(url, process, log_path, workers)
        yield url, process.pid, log_path
    finally:
        if process is not None:
            stop(process)


def environment(instance_dir: Path, extra: dict[str, str] | None) -> dict[str, str]:
    """The server's environment: ours, the bench limits, one secret key for all workers, the caller's, the database."""
    extra = extra or {}
    # A fixed key shared by every worker (a session cookie made by one must be read by the other), and set here
    # so the app does not write a secret_key file into the developer's instance/ folder.
    env = {**os.environ, **BENCH_ENV, "TREFFPUNKT_SECRET_KEY": "bench-" + secrets.token_hex(32), **extra}
    if env.get("DATABASE_URL"):
        env.pop("TREFFPUNKT_SQLALCHEMY_DATABASE_URI", None)  # the app reads DATABASE_URL itself
    elif "TREFFPUNKT_SQLALCHEMY_DATABASE_URI" not in extra:
        env["TREFFPUNKT_SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance_dir / 'treffpunkt.db'}"
    return env


def prepare_database(instance_dir: Path, env: dict[str, str]) -> None:
    """Empty PostgreSQL if that is the database, then migrate and seed the demo in a separate process."""
    if env.get("DATABASE_URL"):
        reset_postgres(env["DATABASE_URL"], allowed=env.get("BENCH_RESET_POSTGRES") == "1")
    result = subprocess.run(
        [sys.executable, "-m", "bench.harness.prepare", str(instance_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"preparing the bench database failed:\n{result.stdout}{result.stderr}")


def reset_postgres(url: str, *, allowed: bool) -> None:
    """Drop and recreate the public schema, so every run starts from the same demo. Refuses on other databases."""
    name = conninfo_to_dict(url).get("dbname")
    if name != "test" and not allowed:
        raise SystemExit(
            f"bench: refusing to wipe PostgreSQL database {name!r}; the benchmark empties the database it uses. "
            "Point DATABASE_URL at the `test` database, or set BENCH_RESET_POSTGRES=1 if this one may be wiped."
        )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def free_port() -> int:
    """A port nobody listens on now; the tiny gap until gunicorn binds it does not matter on a bench machine."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int, workers: int, threads: int, app_spec: str = "app:create_app()") -> list[str]:
    worker_class = "gthread" if threads > 1 else "sync"
    command = [
        sys.executable, "-m", "gunicorn", app_spec,
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", worker_class, "--threads", str(threads),
    ]  # fmt: skip
    if int(version("gunicorn").split(".")[0]) >= 27:
        # Gunicorn 27 opens a control socket at one fixed path in ~/.gunicorn; servers started side by side (tests,
        # other benchmarks) would take it from each other, and the benchmark does not use it.
        command.append("--no-control-socket")
    return command


def wait_until_ready(url: str, process: subprocess.Popen, log_path: Path, workers: int) -> None:
    """Poll until every worker has booted and one answers; fail early with the log if gunicorn dies.

    A worker loads the app only after it has booted, so the others may still be importing when the first answers:
    the load generator's warm-up gives them that time before anything is measured.
    """
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()}")
        if answers(url) and booted_workers(log_path) >= workers:
            return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT_S:.0f} s:\n{log_path.read_text()}")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/", timeout=5) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def booted_workers(log_path: Path) -> int:
    """Workers that gunicorn has logged as booted."""
    return log_path.read_text(errors="replace").count("Booting worker with pid")


def stop(process: subprocess.Popen) -> None:
    """Ask gunicorn to shut down gracefully, then make sure it is gone."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
