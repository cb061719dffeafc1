"""Running a claimed job: its handler gets the job (a snapshot: reading it never touches the database) and a
JobContext to report progress and to learn whether to stop.

Progress, heartbeats and the cancel check go through their own short transactions, so every web worker sees them
at once. Before each of them the handler's own transaction is ended if it only read (nothing written, nothing
pending; its objects load again when next touched): in the worker every SQLite transaction holds the write lock
(`BEGIN IMMEDIATE`), and a read kept open through minutes of solving would make every request wait. A transaction
that wrote is left to the handler; on SQLite the progress then goes through it and shows when it commits. The
handler's writes commit together with the job's final state, or not at all when it fails.
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine

from core.db import utcnow
from core.errors import DomainError
from core.extensions import db
from core.jobs.models import Job
from core.jobs.queue import claim_is_held, claim_next, snapshot
from core.jobs.registry import JobError, handler_for

log = logging.getLogger(__name__)

REPORT_EVERY = 0.5  # seconds: at most two progress writes a second
CHECK_EVERY = 0.5  # seconds: the cancel flag is read at most twice a second
HEARTBEAT_EVERY = 10.0  # seconds, well inside queue.LEASE
INTERNAL = "internal: The job stopped with an unexpected error. It was logged."


def json_value(value):
    """`value` as it comes back from a JSON column; non-finite numbers (an infinite best penalty) become None, as
    JSON has none and PostgreSQL refuses them. :raises TypeError: for values JSON cannot hold."""
    return json.loads(json.dumps(value), parse_constant=lambda _: None)


class JobContext:
    """What a handler may do besides its work: `report(progress, note)` and `should_stop()`."""

    def __init__(self, job: Job, worker_id: str, *, engine: Engine, clock: Callable[[], datetime] = utcnow, stop=None):
        self.job_id, self.kind, self.worker_id, self.attempt = job.id, job.kind, worker_id, job.attempts
        self.progress: float = 0.0
        self.note: dict | None = None
        self.cancelled = False  # a cancel was asked for: the job ends "cancelled", its result kept
        self.interrupted = False  # the worker is stopping: the job goes back to the queue
        self.lost = False  # another worker took the job over (this one missed its lease)
        self.session_wrote = False  # kept up to date by run_claimed's session listeners
        self._engine, self._clock, self._worker_stop = engine, clock, stop
        self._last_write = self._last_check = float("-inf")
        self._warned = False

    def report(self, progress: float, note: dict | None = None) -> None:
        """Record progress (0–1) and, if given, a note (JSON: e.g. the best penalty so far; None keeps the last one).
        Written at most twice a second; the latest values are always written with the job's final state."""
        self.progress = min(1.0, max(0.0, float(progress)))
        if note is not None:
            self.note = json_value(note)
        if time.monotonic() - self._last_write >= REPORT_EVERY:
            self._last_write = time.monotonic()
            values = {"progress": self.progress, "progress_note": self.note, "heartbeat_at": self._clock()}
            if self._execute(update(Job).where(*self._claim).values(**values)) == 0:
                self.lost = True

    def should_stop(self) -> bool:
        """True once a cancel was asked for, the worker is stopping, or the job was taken over: return what you have
        (a cancelled job keeps it as its result). Reads the database at most twice a second."""
        if self._worker_stop is not None and self._worker_stop.is_set():
            self.interrupted = True
        if not self.stopping and time.monotonic() - self._last_check >= CHECK_EVERY:
            self._last_check = time.monotonic()
            requested = self._execute(select(Job.cancel_requested).where(*self._claim))
            if requested is None:
                self.lost = True
            elif requested:
                self.cancelled = True
        return self.stopping

    @property
    def stopping(self) -> bool:
        return self.cancelled or self.interrupted or self.lost

    @property
    def _claim(self):
        return claim_is_held(self.job_id, self.worker_id, self.attempt)

    def _execute(self, statement):
        """Run one statement in its own transaction (after ending the handler's read); the row count of an UPDATE,
        the value of a SELECT."""
        session = db.session()
        if session.in_transaction() and not (self.session_wrote or session.new or session.dirty or session.deleted):
            session.commit()  # the handler only read: end it, so it holds no lock through the long work
        if session.in_transaction() and self._engine.dialect.name == "sqlite":
            if not self._warned:
                self._warned = True
                log.warning("job %s: the handler holds a write transaction while reporting (SQLite waits)", self.job_id)
            if statement.is_select:
                return session.execute(statement).scalar()
            return session.execute(statement.execution_options(synchronize_session=False)).rowcount
        with self._engine.begin() as connection:
            result = connection.execute(statement)
            return result.scalar() if statement.is_select else result.rowcount

    def heartbeat(self) -> None:
        """Tell the other workers this job's worker is alive (called every HEARTBEAT_EVERY by a thread)."""
        with self._engine.begin() as connection:
            if connection.execute(update(Job).where(*self._claim).values(heartbeat_at=self._clock())).rowcount == 0:
                self.lost = True


class _Heartbeat:
    """A thread that keeps the claim alive while a handler computes without reporting."""

    def __init__(self, context: JobContext):
        self.context, self.done = context, threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{context.job_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        while not self.done.wait(HEARTBEAT_EVERY) and not self.context.lost:
            try:
                self.context.heartbeat()
            except Exception:  # the database busy or restarting: try again at the next beat
                log.warning("job %s: heartbeat failed", self.context.job_id, exc_info=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.done.set()
        self.thread.join()


def run_one(worker_id: str, *, now: datetime, clock: Callable[[], datetime] = utcnow, stop=None) -> Job | None:
    """Claim the oldest queued job and run it (commits; a worker's step, never inside a request). Returns a snapshot
    of the job as it ended, or None when nothing was queued. `clock` times heartbeats and the end; `stop` (a
    threading.Event) set by a stopping worker makes `should_stop()` true and puts the job back in the queue."""
    job = claim_next(worker_id, now=now)
    if job is None:
        return None
    run_claimed(job, worker_id, clock=clock, stop=stop)
    return snapshot(job.id)


def run_claimed(job: Job, worker_id: str, *, clock: Callable[[], datetime] = utcnow, stop=None) -> None:
    """Run a job claimed by `worker_id` and record how it ended; an exception fails the job, it never escapes."""
    context = JobContext(job, worker_id, engine=db.engine, clock=clock, stop=stop)
    handler = handler_for(job.kind)
    if handler is None:
        _finish(context, state="failed", error=f"unknown_kind: No worker knows jobs of kind {job.kind}.")
        return
    with _Heartbeat(context), _tracking_writes(context):
        try:
            result = handler(job, context)
            if result is not None and not isinstance(result, dict):
                raise JobError("result_invalid", "The job's result is not a mapping.")
            result = json_value(result)
        except Exception as error:
            db.session.rollback()
            _ended_by_error(context, error)
            return
    if context.lost:
        db.session.rollback()
        log.warning("job %s: taken over by another worker; this run's outcome is dropped", job.id)
    elif context.interrupted and not context.cancelled:
        db.session.rollback()
        _requeue(context)
    elif context.cancelled:
        _finish(context, state="cancelled", result=result)
    else:
        context.progress = 1.0
        _finish(context, state="done", result=result)


def _ended_by_error(context: JobContext, error: Exception) -> None:
    if context.lost:
        log.warning("job %s: failed after another worker took it over: %r", context.job_id, error)
    elif context.interrupted and not context.cancelled:
        _requeue(context)
    elif context.cancelled:
        _finish(context, state="cancelled")
    elif isinstance(error, JobError):
        _finish(context, state="failed", error=f"{error.code}: {error.message}" if error.message else error.code)
    elif isinstance(error, DomainError):  # a package's rule said no; its code names why
        _finish(context, state="failed", error=error.code)
    else:
        log.error("job %s (%s) failed", context.job_id, context.kind, exc_info=error)
        _finish(context, state="failed", error=INTERNAL)


def _finish(context: JobContext, **values) -> None:
    """Record the end in the handler's transaction (its writes commit with it), if the claim is still ours."""
    ended = db.session.execute(
        update(Job)
        .where(*context._claim)
        .values(finished_at=context._clock(), progress=context.progress, progress_note=context.note, **values)
        .execution_options(synchronize_session=False)
    )
    if ended.rowcount == 1:
        db.session.commit()
    else:
        db.session.rollback()
        log.warning("job %s: taken over by another worker; this run's outcome is dropped", context.job_id)


def _requeue(context: JobContext) -> None:
    """The worker is stopping: the job goes back to the queue, and this run does not count as an attempt."""
    db.session.execute(
        update(Job)
        .where(*context._claim)
        .values(
            state="queued",
            claimed_by=None,
            started_at=None,
            heartbeat_at=None,
            attempts=Job.attempts - 1,
            progress=0.0,
            progress_note=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    log.info("job %s: back in the queue, the worker is stopping", context.job_id)


class _tracking_writes:
    """Keeps `context.session_wrote` true while the handler's current transaction has written (a flush, an UPDATE,
    a SELECT … FOR UPDATE), so a report never ends a transaction that changed something."""

    def __init__(self, context: JobContext):
        self.context, self.session = context, db.session()

    def _flushed(self, *_):
        self.context.session_wrote = True

    def _executed(self, state):
        if not state.is_select or getattr(state.statement, "_for_update_arg", None) is not None:
            self.context.session_wrote = True

    def _ended(self, _session, transaction):
        if transaction.parent is None:
            self.context.session_wrote = False

    def __enter__(self):
        event.listen(self.session, "after_flush", self._flushed)
        event.listen(self.session, "do_orm_execute", self._executed)
        event.listen(self.session, "after_transaction_end", self._ended)
        return self

    def __exit__(self, *_):
        event.remove(self.session, "after_flush", self._flushed)
        event.remove(self.session, "do_orm_execute", self._executed)
        event.remove(self.session, "after_transaction_end", self._ended)
