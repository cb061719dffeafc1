"""Two app machines behind one load balancer: two separate gunicorn servers (deploy/gunicorn.conf.py, 2 workers of 4
threads each) on two ports, sharing one PostgreSQL database, one Redis for the rate limits and one SECRET_KEY, with
TRUSTED_PROXIES=1 as behind the TLS proxy (docs/deploy.md). The login limit and the booking race must hold across
both: a visitor's requests land on either server (issue 14).

Uses a PostgreSQL database of its own (created and dropped here) and a Redis database number of its own (flushed);
skipped when PostgreSQL or Redis on 127.0.0.1 does not answer.
"""

import os
import re
import secrets
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import redis
import requests
from sqlalchemy import func, select

from app import create_app
from core.extensions import db
from tests.live_server import ROOT, GunicornServer, server_environment, stop, wait_until_ready
from tests.ticketing.booking_helpers import event_on_sale
from ticketing.booking import capacity
from ticketing.models import Booking, Quota, Ticket

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# CI runs the SQLite and the PostgreSQL suite side by side, and both run this module: each run has its own database,
# and each suite its own Redis database number (no other test uses 13 or 14; flushed before and after).
DATABASE = f"treffpunkt_two_servers_{os.getpid()}"
DATABASE_URI = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URI = f"redis://127.0.0.1:6379/{14 if os.environ.get('DATABASE_URL') else 13}"
WORKERS = 2
CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')  # WTForms' field, or post_button's
HIDDEN = re.compile(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]+)"')
ALERT = re.compile(r'<div class="error-summary" role="alert">(.*?)</div>', re.S)


def unreachable() -> str | None:
    """Why the shared services cannot be used here, or None."""
    try:
        psycopg.connect(POSTGRES_ADMIN, connect_timeout=3).close()
    except psycopg.Error as error:
        return f"PostgreSQL at 127.0.0.1:5432 does not answer ({error})"
    try:
        redis.Redis.from_url(REDIS_URI, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis at 127.0.0.1:6379 does not answer ({error})"
    return None


def recreate_database(*, create: bool) -> None:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if create:
            admin.execute(f"CREATE DATABASE {DATABASE}")


@pytest.fixture(scope="module")
def shared_redis() -> Iterator[redis.Redis]:
    reason = unreachable()
    if reason:
        pytest.skip(f"two app servers need PostgreSQL and Redis: {reason}")
    client = redis.Redis.from_url(REDIS_URI)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def shared_database(shared_redis) -> Iterator[str]:
    """A fresh database migrated the way an operator does it: `flask db upgrade`."""
    recreate_database(create=True)
    env = server_environment(DATABASE_URI, {"FLASK_APP": "app", "DATABASE_URL": DATABASE_URI})
    env.pop("TREFFPUNKT_SQLALCHEMY_DATABASE_URI")  # DATABASE_URL alone, as in deploy/treffpunkt.env.example
    migrated = subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    try:
        yield DATABASE_URI
    finally:
        recreate_database(create=False)


@pytest.fixture(scope="module")
def servers(shared_database, tmp_path_factory) -> Iterator[list[GunicornServer]]:
    """Both servers, started side by side: what one machine's worker counts, the other's must see."""
    env = {
        "TREFFPUNKT_SECRET_KEY": "two-servers-" + secrets.token_hex(16),  # one key: sessions work on either
        "RATELIMIT_STORAGE_URI": REDIS_URI,
        "TREFFPUNKT_TRUSTED_PROXIES": "1",  # the load balancer's X-Forwarded-For names the visitor
    }
    command = [
        sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
        "--bind", "127.0.0.1:0", "--workers", str(WORKERS), "--graceful-timeout", "3",  # a quick stop at the end
    ]  # fmt: skip
    logs = [tmp_path_factory.mktemp(f"server{n}") / "gunicorn.log" for n in range(2)]
    processes = []
    try:
        for log_path in logs:
            with log_path.open("wb") as log:
                processes.append(
                    subprocess.Popen(
                        command,
                        cwd=ROOT,
                        env=server_environment(shared_database, env),
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
        urls = [wait_until_ready(process, log_path, WORKERS) for process, log_path in zip(processes, logs, strict=True)]
        assert urls[0] != urls[1]
        yield [GunicornServer(url=url, log_path=log_path) for url, log_path in zip(urls, logs, strict=True)]
    finally:
        for process in processes:  # both stop at once
            process.send_signal(signal.SIGTERM)
        for process in processes:
            stop(process)


@pytest.fixture
def app_ctx(shared_database):
    """The test's own view of the shared database (to set up an event and count what the servers wrote)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": shared_database, "SECRET_KEY": "test"})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def server_logs(servers: list[GunicornServer]) -> str:
    return "\n".join(server.log() for server in servers)


def failed_login(browser: requests.Session, url: str, csrf_token: str, visitor: str) -> requests.Response:
    data = {"csrf_token": csrf_token, "email": "orga@example.org", "password": "wrong password"}
    return browser.post(f"{url}/login", data=data, headers={"X-Forwarded-For": visitor}, timeout=30)


def test_the_login_limit_counts_failed_logins_on_both_servers_together(servers, shared_redis):
    first, second = (server.url for server in servers)
    with requests.Session() as attacker:
        csrf_token = CSRF.search(attacker.get(f"{first}/login", timeout=30).text).group(1)
        # Ten failed logins (the default LOGIN_RATE_LIMIT), taking turns between the servers.
        tries = [failed_login(attacker, (first, second)[n % 2], csrf_token, "203.0.113.7") for n in range(10)]
        assert [response.status_code for response in tries] == [200] * 10, server_logs(servers)
        assert all("Email or password is wrong." in r.text or "E-Mail oder Passwort" in r.text for r in tries)
        # One count for both: what is left drops by one per try, whichever server answered.
        assert [int(r.headers["X-RateLimit-Remaining"]) for r in tries] == list(range(9, -1, -1))

        over = [failed_login(attacker, url, csrf_token, "203.0.113.7") for url in (first, second)]
        other_visitor = failed_login(attacker, second, csrf_token, "198.51.100.2")

    assert [response.status_code for response in over] == [429, 429]
    assert other_visitor.status_code == 200  # behind the proxy, each visitor has their own count
    assert any(b"203.0.113.7" in key for key in shared_redis.scan_iter()), "the count must live in Redis"
    assert " POST /login 429" in server_logs(servers)  # deploy/gunicorn.conf.py logs the app's request lines


def book_through_both(servers: list[GunicornServer], n: int, ticket_type_id: int, barrier: threading.Barrier):
    """One visitor: opens the form on one server, and their "book" lands on the other (same session cookie)."""
    form_url, book_url = servers[n % 2].url, servers[(n + 1) % 2].url
    headers = {"X-Forwarded-For": f"198.51.100.{n + 1}"}
    with requests.Session() as browser:
        form = browser.get(f"{form_url}/e/noerd/book", headers=headers, timeout=30)
        data = dict(HIDDEN.findall(form.text)) | {
            "attendees-0-name": f"Besucherin {n}",
            "attendees-0-email": f"besucherin{n}@example.org",
            "attendees-0-organization": "",
            "attendees-0-stakeholder_group": "civil_society",
            "attendees-0-ticket_type_id": str(ticket_type_id),
            "consent_privacy": "y",
            "submit": "1",
        }
        barrier.wait(timeout=30)
        return browser.post(f"{book_url}/e/noerd/book", data=data, headers=headers, allow_redirects=False, timeout=60)


def confirm(url: str, token: str) -> int:
    with requests.Session() as browser:
        page = browser.get(f"{url}/booking/{token}/confirm", timeout=30)
        data = {"csrf_token": CSRF.search(page.text).group(1)}
        return browser.post(f"{url}/booking/{token}/confirm", data=data, allow_redirects=False, timeout=30).status_code


CLIENTS = 24
SEATS = 30
SEATS_LEFT = 6


def test_visitors_racing_through_both_servers_for_the_last_seats_never_overbook(app_ctx, servers):
    event, tag1 = event_on_sale(seats=SEATS)
    capacity.take_seats(tag1, SEATS - SEATS_LEFT)
    db.session.commit()
    ticket_type_id, quota_id = tag1.id, tag1.quotas[0].id
    db.session.commit()
    barrier = threading.Barrier(CLIENTS)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(book_through_both, servers, n, ticket_type_id, barrier) for n in range(CLIENTS)]
        responses = [future.result() for future in futures]

    statuses = Counter(response.status_code for response in responses)
    assert [status for status in statuses if status >= 500] == [], server_logs(servers)
    assert statuses == {302: SEATS_LEFT, 200: CLIENTS - SEATS_LEFT}
    for response in responses:
        if response.status_code == 200:  # the losers read "sold out" and the link to the waiting list
            [alert] = ALERT.findall(response.text)
            assert re.findall(r"<p>([^<]*)</p>", alert) == ["Ausgebucht."]
    quota = db.session.get(Quota, quota_id)
    assert (quota.seats_taken, quota.capacity) == (SEATS, SEATS)

    # Each winner confirms by the mail's link, half of them on each server.
    tokens = list(db.session.scalars(select(Booking.token).order_by(Booking.id)))
    assert len(tokens) == SEATS_LEFT
    assert [confirm(servers[n % 2].url, token) for n, token in enumerate(tokens)] == [302] * SEATS_LEFT
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Booking.id)).where(Booking.state == "confirmed")) == SEATS_LEFT
    assert db.session.scalar(select(func.count(Ticket.id)).where(Ticket.state == "valid")) == SEATS_LEFT
