"""The job queue: enqueue in the caller's transaction, cancel, and the worker's claim.

A claim is a conditional UPDATE (`state = 'queued'`) whose row count decides, committed before the job runs. On
PostgreSQL the candidate is picked with `FOR UPDATE SKIP LOCKED`, so several workers claim different jobs at once;
on SQLite every worker transaction starts with `BEGIN IMMEDIATE` (core.db), so claimants take turns. A running job's
worker writes a heartbeat; a job whose heartbeat is older than LEASE lost its worker and goes back to the queue, up
to MAX_ATTEMPTS runs, then fails.
"""

import json
import logging
from datetime import datetime, timedelta

from sqlalchemy import select, true, update

from core.db import utcnow
from core.extensions import db
from core.jobs.models import Job
from core.jobs.registry import handler_for

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 3
WORKER_LOST = "worker_lost: The worker running this job stopped."


def enqueue(kind: str, params: dict, *, user=None, event_id: int | None = None, now: datetime) -> Job:
    """Queue a job in the caller's transaction (it runs once the caller commits).

    :raises ValueError: for a kind no handler is registered for, or params that are not JSON.
    """
    if handler_for(kind) is None:
        raise ValueError(f"no job handler is registered for {kind!r}")
    try:
        params = json.loads(json.dumps(params))
    except (TypeError, ValueError) as error:
        raise ValueError(f"job params must be JSON: {error}") from error
    job = Job(
        kind=kind,
        params=params,
        state="queued",
        progress=0.0,
        created_by=user.id if user is not None else None,
        event_id=event_id,
        created_at=now,
        cancel_requested=False,
        attempts=0,
    )
    db.session.add(job)
    return job


def request_cancel(job: Job, *, now: datetime | None = None) -> bool:
    """Cancel a job in the caller's transaction: a queued job never runs; a running one stops at its handler's next
    `should_stop()` and keeps its partial result. False when the job had already finished."""
    now = now or utcnow()
    changes = (
        (Job.state == "queued", {"state": "cancelled", "cancel_requested": True, "finished_at": now}),
        (Job.state == "running", {"cancel_requested": True}),
    )
    changed = False
    for condition, values in changes:  # in this order: a job claimed meanwhile is cancelled while running
        statement = update(Job).where(Job.id == job.id, condition).values(**values)
        if db.session.execute(statement.execution_options(synchronize_session=False)).rowcount == 1:
            changed = True
            break
    db.session.expire(job, ["state", "cancel_requested", "finished_at"])
    return changed


def claim_next(worker_id: str, *, now: datetime) -> Job | None:
    """Claim the oldest queued job for `worker_id` (commits; a worker's step, never inside a request).

    Gives lost jobs back to the queue first. Returns the claimed job as a snapshot outside the session (reading
    it never starts a transaction), or None when nothing is queued.
    """
    release_lost_jobs(now=now)
    for _ in range(5):  # another worker may take the candidate between our read and our update
        candidate = db.session.scalar(
            select(Job.id)
            .where(Job.state == "queued")
            .order_by(Job.id)
            .limit(1)
            .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has no row locks (and needs none here)
        )
        if candidate is None:
            db.session.commit()
            return None
        claimed = db.session.execute(
            update(Job)
            .where(Job.id == candidate, Job.state == "queued")
            .values(
                state="running",
                claimed_by=worker_id,
                started_at=now,
                heartbeat_at=now,
                attempts=Job.attempts + 1,
                progress=0.0,
                progress_note=None,
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:
            return snapshot(candidate)
        db.session.commit()
    return None


def release_lost_jobs(*, now: datetime) -> int:
    """Jobs whose worker stopped sending heartbeats for LEASE: back to the queue, or failed after MAX_ATTEMPTS runs,
    or cancelled when that was asked for (commits). Returns how many."""
    lost = (Job.state == "running", Job.heartbeat_at < now - LEASE)
    changes = (
        (Job.cancel_requested.is_(True), {"state": "cancelled", "finished_at": now}),
        (Job.attempts >= MAX_ATTEMPTS, {"state": "failed", "finished_at": now, "error": WORKER_LOST}),
        (true(), {"state": "queued", "claimed_by": None, "started_at": None, "heartbeat_at": None}),
    )
    count = 0
    for condition, values in changes:
        count += db.session.execute(
            update(Job).where(*lost, condition).values(**values).execution_options(synchronize_session=False)
        ).rowcount
    db.session.commit()
    if count:
        log.warning("jobs: %s job(s) of stopped workers released", count)
    return count


def snapshot(job_id: int) -> Job:
    """The job as stored now, as an object outside the session: reading it never touches the database (commits)."""
    row = db.session.execute(select(Job.__table__).where(Job.id == job_id)).mappings().one()
    db.session.commit()
    return Job(**row)


def claim_is_held(job_id: int, worker_id: str, attempt: int):
    """The condition under which `worker_id` still holds its claim of the job's run number `attempt`."""
    return (Job.id == job_id, Job.state == "running", Job.claimed_by == worker_id, Job.attempts == attempt)
