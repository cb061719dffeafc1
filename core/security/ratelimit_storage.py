"""Where the rate limits count: limits' memory storage made cheap and safe for threaded workers (one process), or
Redis (`RATELIMIT_STORAGE_URI=redis://host:6379/N`) when several processes or machines serve and must share one count.

limits' MemoryStorage (5.8) sweeps expired counts with a timer thread that it starts anew on a hit whenever the last
one has finished, 10 ms after it began: below a hundred hits a second nearly every booking started a thread, which
cost more CPU than the rest of the limit check, and two threads hitting at once could start one timer twice ("threads
can only be started once", alisaifee/limits#352). This subclass sweeps inline instead, at most once a second, in the
request that comes due; counts themselves expire on read as before, so only memory waits for the sweep. Everything
else is limits' own code.
"""

import threading
import time
from urllib.parse import urlsplit, urlunsplit

from limits.storage import MemoryStorage, Storage

MEMORY_URI = "treffpunkt-memory://"
# A Redis that does not answer must not hang a worker's start or a login for the client's default of forever.
REDIS_TIMEOUT_S = 2.0
REDIS_SCHEMES = ("redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster", "valkey", "valkeys")


SWEEP_EVERY_S = 1.0


class ThreadSafeMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["treffpunkt-memory"]  # limits registers storages by scheme when the class is defined

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        self._sweep_lock = threading.Lock()
        self._next_sweep = 0.0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # the parent's private method, as Python names it
        now = time.monotonic()
        if now < self._next_sweep or not self._sweep_lock.acquire(blocking=False):
            return  # swept lately, or another thread sweeps right now
        try:
            self._next_sweep = now + SWEEP_EVERY_S
            self._MemoryStorage__expire_events()
        finally:
            self._sweep_lock.release()


def storage_options(uri: str) -> dict:
    """Client options for the storage of `uri`: short socket timeouts for Redis, nothing for memory."""
    if urlsplit(uri).scheme in REDIS_SCHEMES:
        return {"socket_connect_timeout": REDIS_TIMEOUT_S, "socket_timeout": REDIS_TIMEOUT_S}
    return {}


def storage_problem(uri: str, storage: Storage) -> str | None:
    """Why the configured storage cannot count hits (None when it can): a shared storage must answer at start,
    otherwise every login and booking would fail later, far from the cause."""
    if isinstance(storage, MemoryStorage) or storage.check():
        return None
    return (
        f"RATELIMIT_STORAGE_URI={shown_uri(uri)} does not answer within {REDIS_TIMEOUT_S:g} s. "
        "Start Redis there or correct the address (docs/deploy.md)."
    )


def shown_uri(uri: str) -> str:
    """The URI as it may appear in a log: a password in it is replaced by ***."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
