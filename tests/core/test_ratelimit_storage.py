"""The rate-limit storage stays correct when two threads count hits at once (gunicorn's threaded workers)."""

import threading
import time

import pytest
from limits.storage import storage_from_string

from core.security.ratelimit_storage import ThreadSafeMemoryStorage


def with_slow_timer_swap(storage_class):
    """The storage with a pause right after it swaps in a new expiry timer: the moment in which another thread,
    seeing a timer that has not started yet, swapped in its own, and one timer was then started twice ("threads can
    only be started once", a 500 in the booking race). limits' own MemoryStorage fails here, but starting a thread
    twice also corrupts the threading module's bookkeeping, so that half is not run in the suite."""

    class Slowed(storage_class):
        @property
        def timer(self):
            return self._timer

        @timer.setter
        def timer(self, value):
            self._timer = value
            time.sleep(0.05)

    return Slowed()


def two_hits_at_once(storage) -> list[Exception]:
    storage.timer.join()  # the expiry timer of an earlier hit has run: the next hit starts a new one
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


def test_the_app_storage_counts_both_hits():
    storage = with_slow_timer_swap(ThreadSafeMemoryStorage)
    assert two_hits_at_once(storage) == []
    assert storage.get("login/127.0.0.1") == 2


def test_the_app_uses_the_thread_safe_storage_scheme(app):
    assert isinstance(storage_from_string(app.config["RATELIMIT_STORAGE_URI"]), ThreadSafeMemoryStorage)


@pytest.fixture(autouse=True)
def no_timer_threads_left():
    yield
    time.sleep(0.05)  # the expiry timers run 10 ms after a hit
