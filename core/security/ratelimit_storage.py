"""The in-memory rate-limit storage, safe for threaded workers.

limits' MemoryStorage (5.8) can start its expiry timer twice when two threads count a hit at the same moment, and the
request then fails with "threads can only be started once" (fixed upstream in alisaifee/limits#352, not yet released).
Our race tests with gunicorn's threaded workers met it. This subclass serialises that one step; everything else is
limits' own code. Remove it once a limits release with the fix is the minimum.
"""

import threading

from limits.storage import MemoryStorage


class ThreadSafeMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["treffpunkt-memory"]  # limits registers storages by scheme when the class is defined

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        self._expiry_lock = threading.Lock()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # the parent's private method, as Python names it
        with self._expiry_lock:
            super()._MemoryStorage__schedule_expiry()
