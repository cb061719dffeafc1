"""Behind a reverse proxy: trust the forwarded client address (and scheme and host) from exactly TRUSTED_PROXIES
proxies, so rate limits count each visitor, not the proxy; and give every request an id for the logs."""

import logging
import secrets

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger("treffpunkt.requests")
REQUEST_ID = "X-Request-ID"


def register_proxy_and_request_ids(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.before_request(assign_request_id)
    app.after_request(log_request)


def assign_request_id() -> None:
    """The proxy's id when it sends a sane one (to follow a request through both logs), else a new one."""
    given = request.headers.get(REQUEST_ID, "")
    g.request_id = given if 8 <= len(given) <= 64 and given.isascii() and given.isprintable() else secrets.token_hex(8)


def log_request(response):
    response.headers[REQUEST_ID] = g.get("request_id", "")
    log.info("%s %s %s %s", g.get("request_id", "-"), request.method, request.path, response.status_code)
    return response
