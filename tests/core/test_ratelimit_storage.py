"""The rate-limit storage stays correct when two threads count hits at once (gunicorn's threaded workers), starts no
thread per hit, and still forgets expired counts."""

import re
import threading
import time

import pytest
import redis
from limits.storage import storage_from_string

from app import create_app
from core.extensions import db, limiter
from core.security import ratelimit_storage
from core.security.ratelimit_storage import ThreadSafeMemoryStorage


def two_hits_at_once(storage) -> list[Exception]:
    errors, barrier = [], threading.Barrier(2)

    def hit():
        barrier.wait()
        try:
            storage.incr("login/127.0.0.1", expiry=60)
        except Exception as error:  # noqa: BLE001 - any failure counts
            errors.append(error)

    threads = [threading.Thread(target=hit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_threads_hitting_at_once_are_both_counted():
    storage = ThreadSafeMemoryStorage()
    assert two_hits_at_once(storage) == []
    assert storage.get("login/127.0.0.1") == 2


def test_hits_start_no_threads_and_expired_counts_are_swept_inline(monkeypatch):
    storage = ThreadSafeMemoryStorage()
    storage.timer.join()  # the one timer limits starts with the storage
    storage.incr("booking/10.0.0.1", expiry=0.01)
    threads = threading.active_count()

    time.sleep(0.02)
    monkeypatch.setattr(ratelimit_storage, "SWEEP_EVERY_S", 0.0)
    storage._next_sweep = 0.0  # the sweep is due
    counts = [storage.incr("booking/10.0.0.2", expiry=60) for _ in range(50)]

    assert threading.active_count() == threads
    assert counts == list(range(1, 51))
    assert "booking/10.0.0.1" not in storage.storage  # swept, though nobody asked for it again


def test_the_app_uses_the_thread_safe_storage_scheme(app):
    assert isinstance(storage_from_string(app.config["RATELIMIT_STORAGE_URI"]), ThreadSafeMemoryStorage)


# Redis, for several processes (docs/deploy.md); tests/core/test_two_servers.py shows two servers sharing it.
REDIS_URI = "redis://127.0.0.1:6379/14"  # a number of its own, flushed


@pytest.fixture
def redis_app(database_uri):
    """Makes apps counting in `uri` (Redis by default) and closes their database connections afterwards."""
    made = []

    def make(uri=REDIS_URI):
        made.append(
            create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_uri, "RATELIMIT_STORAGE_URI": uri})
        )
        made[-1].config["WTF_CSRF_ENABLED"] = False
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(REDIS_URI, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as error:
        pytest.skip(f"Redis at 127.0.0.1:6379 does not answer ({error})")
    yield client
    client.flushdb()
    client.close()


def failed_login(client):
    return client.post("/login", data={"email": "orga@example.org", "password": "wrong"})


def test_with_a_redis_uri_the_login_limit_counts_in_redis(redis_app, shared_redis):
    client = redis_app().test_client()

    assert [failed_login(client).status_code for _ in range(11)] == [200] * 10 + [429]
    assert [key for key in shared_redis.scan_iter() if b"login" in key], "the count must live in Redis, not memory"


def test_a_redis_that_does_not_answer_stops_the_start_with_a_message_naming_the_setting(redis_app):
    with pytest.raises(SystemExit) as stopped:
        redis_app("redis://orga:geheim@127.0.0.1:1/0")
    assert str(stopped.value) == (
        "Treffpunkt cannot start: RATELIMIT_STORAGE_URI=redis://orga:***@127.0.0.1:1/0 does not answer within 2 s. "
        "Start Redis there or correct the address (docs/deploy.md)."
    )


@pytest.mark.parametrize("uri", ["redis:/127.0.0.1", "memcache-typo://127.0.0.1"])
def test_a_mistyped_storage_uri_stops_the_start_with_a_message_naming_the_setting(redis_app, uri):
    with pytest.raises(SystemExit, match=f"^Treffpunkt cannot start: RATELIMIT_STORAGE_URI={re.escape(uri)}: "):
        redis_app(uri)


def test_when_redis_goes_away_while_serving_a_limited_page_answers_503_not_500(redis_app, shared_redis):
    client = redis_app().test_client()
    assert failed_login(client).status_code == 200
    pool = limiter.storage.storage.connection_pool
    pool.connection_kwargs["port"] = 1  # Redis "stops": the next connection is refused
    pool.reset()  # forget the open connections too

    response = failed_login(client)

    assert response.status_code == 503
    assert "Bitte versuchen Sie es in einer Minute erneut." in response.text or "try again" in response.text
    assert client.get("/login").status_code == 200  # pages without a limit do not need Redis
