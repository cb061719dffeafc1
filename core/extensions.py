"""Extension objects, created without an app so that every module can import them (no circular imports)."""

from functools import wraps

from flask import Flask, current_app, jsonify, render_template, session
from flask.globals import request_ctx
from flask_babel import Babel
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from limits.errors import ConfigurationError, StorageError
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Importing it registers the treffpunkt-memory:// storage scheme.
from core.security.ratelimit_storage import MEMORY_URI, shown_uri, storage_options, storage_problem

# Named constraints, so Alembic can alter and drop them the same way on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SessionLoginManager(LoginManager):
    """Flask-Login whose session protection ("basic": a session whose address or browser changed is no longer fresh)
    looks only at sessions with somebody logged in. An anonymous visitor's session holds a CSRF token and nothing to
    protect, yet was hashed on every request and written back once with `_fresh: false` (a cookie signed again on
    the booking POST)."""

    def _session_protection_failed(self) -> bool:
        mode = current_app.config.get("SESSION_PROTECTION", self.session_protection)
        if mode == "basic" and "_user_id" not in session:
            return False
        return super()._session_protection_failed()


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = SessionLoginManager()
babel = Babel()


class CheckedLimiter(Limiter):
    """Flask-Limiter that refuses to start on a storage it cannot use (a mistyped URI, a Redis that does not answer)
    instead of failing every login later, and answers 503 if Redis goes away while serving (never a 500)."""

    def init_app(self, app: Flask) -> None:
        uri = app.config["RATELIMIT_STORAGE_URI"] = app.config.get("RATELIMIT_STORAGE_URI") or MEMORY_URI
        # Our options first, the installation's RATELIMIT_STORAGE_OPTIONS over them; wrapped errors are StorageError.
        self._storage_options = storage_options(uri) | {"wrap_exceptions": True}
        try:
            super().init_app(app)
        except (ConfigurationError, ValueError) as error:
            reason = str(error).replace(uri, shown_uri(uri))  # limits repeats the URI, password and all
            raise SystemExit(f"Treffpunkt cannot start: RATELIMIT_STORAGE_URI={shown_uri(uri)}: {reason}") from None
        problem = storage_problem(uri, self.storage)
        if problem:
            raise SystemExit(f"Treffpunkt cannot start: {problem}")
        app.register_error_handler(StorageError, storage_unavailable)
        if not (self.limit_manager.default_limits or self.limit_manager.application_limits or self._meta_limits):
            # Before every request Flask-Limiter looks for default, application-wide and meta limits. Treffpunkt has
            # none: its limits sit on the views (`limiter.limit`), whose decorators check them. The search found
            # nothing on every other request and cost as much as reading a row (tests/core/test_rate_limits.py).
            app.before_request_funcs[None].remove(self._check_request_limit)
        # After each request Flask-Limiter writes the rate-limit headers and forgets the request's limits; on a
        # request that met no limit (nearly all of them: pages, scans) both found nothing and cost a fifth of what
        # bare Flask spends on a request. They now run only where a limit was checked.
        for hooks in (app.after_request_funcs[None], app.teardown_request_funcs[None]):
            hooks[:] = [_when_limited(hook) if self._owns(hook) else hook for hook in hooks]

    def _owns(self, hook) -> bool:
        """A bound method of ours, or (the headers hook) a partial of the class's function given us."""
        return getattr(hook, "__self__", None) is self or self in getattr(hook, "args", ())


def _when_limited(hook):
    """`hook`, run only on a request whose view checked a limit (Flask-Limiter then keeps its state on the request
    context); otherwise the response goes on untouched."""

    @wraps(hook)
    def run_when_limited(*args):
        if hasattr(request_ctx._get_current_object(), "_limiter_request_context"):
            return hook(*args)
        return args[0] if args else None

    return run_when_limited


def storage_unavailable(error: StorageError):
    from core.security.guards import is_api_request

    current_app.logger.error("rate-limit storage failed: %s", error)
    message = _("Please try again in a minute.")
    if is_api_request():
        return jsonify(error="unavailable", message=message, status=503), 503
    title = _("Temporarily unavailable")
    return render_template("errors/error.html", status=503, title=title, message=message), 503


# Limits are declared per route; storage comes from RATELIMIT_STORAGE_URI (memory for one process, Redis for many).
limiter = CheckedLimiter(key_func=get_remote_address, default_limits=[])
