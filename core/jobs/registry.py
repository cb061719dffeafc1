"""Which function runs which kind of job. Packages register their own handlers (from create_app's
`register_job_handlers`); this module imports none of them."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.errors import DomainError

if TYPE_CHECKING:
    from core.jobs.models import Job
    from core.jobs.runner import JobContext

Handler = Callable[["Job", "JobContext"], dict[str, Any] | None]
ResultUrl = Callable[["Job"], str | None]
_handlers: dict[str, Handler] = {}
_result_urls: dict[str, ResultUrl] = {}


class JobError(DomainError):
    """Raised by a handler to fail its job with a message safe for users; `code` names the reason."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(code)
        self.message = message


def job_handler(kind: str, *, result_url: ResultUrl | None = None) -> Callable[[Handler], Handler]:
    """Decorator: `fn(job, context) -> dict` runs the jobs of `kind` and returns their result (JSON-serialisable).
    `result_url(job) -> str | None`, called in a request, names the page that shows a finished job's result.

    Registering the same function again is harmless (every create_app registers); another function for a kind
    already taken is a mistake and raises ValueError.
    """
    if not kind or len(kind) > 60:
        raise ValueError(f"a job kind has 1 to 60 characters, not {kind!r}")

    def register(fn: Handler) -> Handler:
        if _handlers.get(kind, fn) is not fn:
            raise ValueError(f"another handler is already registered for job kind {kind!r}")
        _handlers[kind] = fn
        if result_url is not None:
            _result_urls[kind] = result_url
        return fn

    return register


def handler_for(kind: str) -> Handler | None:
    """The handler registered for `kind` in this process, if any."""
    return _handlers.get(kind)


def result_url_for(job: "Job") -> str | None:
    """The page showing the finished job's result, if its kind names one."""
    url = _result_urls.get(job.kind)
    return url(job) if url is not None else None


def registered_kinds() -> frozenset[str]:
    return frozenset(_handlers)
