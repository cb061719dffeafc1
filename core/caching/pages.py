"""Rendered public pages kept per worker, for anonymous visitors, as long as the content version and the page's
own key (seats left, say) stay the same and its time-dependent parts (registration open, today's day) hold.

A refreshing phone then costs two or three small queries instead of loading and rendering the program. Visitors who
are logged in, or who have a message waiting (a flash), get a fresh rendering: their page differs. A cached page is
sent with a new CSP nonce each time (the old one replaced), so no two responses share one; a view's own
per-visitor values (a form's CSRF token, say) are holes, placeholders filled in the same way on every response.
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, g, request, session
from flask_login import current_user

from core.caching.versions import current_version, watch_changes
from core.db import utcnow
from core.extensions import db
from core.i18n import current_language

MAX_BYTES = 8 * 1024 * 1024  # per worker; the NØRD grid is ~150 kB a day and language
EXTENSION = "treffpunkt.page_cache"


@dataclass(frozen=True)
class Rendered:
    """What a view hands the cache: the page, and until when it is true regardless of writes (None: until one)."""

    html: str
    valid_until: datetime | None = None


@dataclass(frozen=True)
class _Entry:
    body: bytes
    nonce: bytes | None
    valid_until: datetime | None


class PageCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self._version: int | None = None
        self._bytes = 0

    def get(self, version: int, key: tuple, now: datetime) -> _Entry | None:
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version, self._bytes = version, 0
                return None
            entry = self._entries.get(key)
            if entry is None or (entry.valid_until is not None and now >= entry.valid_until):
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, version: int, key: tuple, entry: _Entry) -> None:
        with self._lock:
            if version != self._version:
                return  # the content moved on while this page rendered
            old = self._entries.pop(key, None)
            self._bytes += len(entry.body) - (len(old.body) if old else 0)
            self._entries[key] = entry
            while self._bytes > MAX_BYTES and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)


def init_page_cache(app: Flask) -> None:
    """An empty cache per app (per worker), and the content version watching Flask-SQLAlchemy's sessions."""
    app.extensions[EXTENSION] = PageCache()
    watch_changes(db.session)


def _cacheable() -> bool:
    return request.method == "GET" and not current_user.is_authenticated and not session.get("_flashes")


def cached_page(
    key: tuple, render: Callable[[], Rendered], holes: Mapping[str, Callable[[], str]] | None = None
) -> str | bytes:
    """The page for `key` (plus address, query and language) from this worker's cache, or rendered and kept.

    `render` must depend on nothing but `key`, the database's shown content and the time (bounded by
    `valid_until`); it may abort (a 404 is not kept). `holes` maps placeholders that `render` writes into the page
    to functions giving this response's value for each, called on every response, cached or not.
    """
    body = _page(key, render)
    for placeholder, value in (holes or {}).items():
        if isinstance(body, bytes):
            body = body.replace(placeholder.encode(), value().encode())
        else:
            body = body.replace(placeholder, value())
    return body


def _page(key: tuple, render: Callable[[], Rendered]) -> str | bytes:
    version = current_version() if _cacheable() else None
    if version is None:
        return render().html
    cache: PageCache = current_app.extensions[EXTENSION]
    full_key = (*key, request.full_path, current_language())
    now = utcnow()
    entry = cache.get(version, full_key, now)
    if entry is None:
        rendered = render()
        nonce = g.get("csp_nonce")
        entry = _Entry(rendered.html.encode(), nonce.encode() if nonce else None, rendered.valid_until)
        cache.put(version, full_key, entry)
        return entry.body
    if entry.nonce is None:
        return entry.body
    g.csp_nonce = secrets.token_urlsafe(16)
    return entry.body.replace(entry.nonce, g.csp_nonce.encode())
