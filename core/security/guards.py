"""Password hashing, role checks and safe redirects."""

from functools import cache, wraps
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, request, session
from flask_login import current_user, login_user

# One of OWASP's equally strong Argon2id settings (7 MiB, 5 passes): a worker keeps the memory of its largest hash
# after a login, so the library default of 64 MiB (or OWASP's 19 MiB variant) would add that much to every worker.
# Hashes made with other settings still verify; they carry their parameters.
_hasher = PasswordHasher(memory_cost=7 * 1024, time_cost=5, parallelism=1)


@cache
def _dummy_hash() -> str:
    """Verified against when the account does not exist: login takes as long for unknown emails as for known ones."""
    return _hasher.hash("treffpunkt-timing-equaliser")


def hash_password(password: str) -> str:
    """Argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if the password matches; spends the same time when there is no account."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def roles_required(*roles: str):
    """Organizer view decorator: anonymous users go to login, users without one of `roles` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if is_api_request():
                    abort(401)
                from core.extensions import login_manager

                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def safe_next_url(target: str | None, default: str) -> str:
    """Only follow redirect targets on this site (no open redirects to other hosts)."""
    if not target:
        return default
    # A CR or LF would split the Location header; browsers read a backslash as a slash ("/\\evil.example").
    if any(ch < " " or ch == "\\" for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def is_api_request() -> bool:
    """JSON endpoints (the scanner's API) live under an /api/ path segment and answer errors in JSON."""
    return "/api/" in request.path


FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_nul_bytes() -> None:
    """A NUL byte in form or query input is never legitimate, and PostgreSQL refuses it: answer 400, not 500."""
    values = [*request.args.values(), request.path]
    if request.mimetype in FORM_MIMETYPES:  # anything else leaves request.form empty: no need to build it here
        values += request.form.values()
    if any("\x00" in value for value in values):
        abort(400)


def log_in(user) -> None:
    """Start a fresh session for `user`: nothing from before carries over (no session fixation), except the language
    the reader chose."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
