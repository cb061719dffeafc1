"""The job runner's services against the real database (SQLite, or PostgreSQL with DATABASE_URL): queue, claim,
progress, the end of a job, cancelling, lost workers, and several workers claiming at once."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, text

from core.db import utcnow
from core.extensions import db
from core.jobs import (
    LEASE,
    MAX_ATTEMPTS,
    Job,
    JobError,
    claim_next,
    enqueue,
    job_handler,
    request_cancel,
    run_claimed,
    run_one,
)
from core.jobs import runner as job_runner
from core.models import AuditLog
from tests.factories import make_user

SEEN_BY_ANOTHER_CONNECTION: list[tuple[float, dict | None]] = []
RUNS: list[int] = []
RUNS_LOCK = threading.Lock()


@pytest.fixture(autouse=True)
def quick_checks(monkeypatch):
    """Handlers read the cancel flag at every should_stop() here, instead of twice a second."""
    monkeypatch.setattr(job_runner, "CHECK_EVERY", 0.0)
    SEEN_BY_ANOTHER_CONNECTION.clear()
    RUNS.clear()


@job_handler("test.count")
def count(job, context):
    """Counts to params["n"]; reports half way and what another connection sees of it."""
    for i in range(job.params["n"]):
        if i == job.params["n"] // 2:
            context.report(0.5, {"best": i})
            with db.engine.connect() as connection:  # a web worker, say
                seen = connection.execute(select(Job.progress, Job.progress_note).where(Job.id == job.id)).one()
                SEEN_BY_ANOTHER_CONNECTION.append(tuple(seen))
    with RUNS_LOCK:
        RUNS.append(job.id)
    return {"counted": job.params["n"]}


@job_handler("test.crash")
def crash(job, context):
    db.session.add(AuditLog(action="test.crash", target="written before the crash"))
    db.session.flush()
    raise RuntimeError("password=hunter2 in a traceback")


@job_handler("test.refuse")
def refuse(job, context):
    raise JobError("too_many_tables", "Zu viele Tische für diesen Raum.")


@job_handler("test.writes")
def writes(job, context):
    context.report(0.3, {"stage": "writing"})
    db.session.add(AuditLog(action="test.writes", target=f"job {job.id}"))
    context.report(0.9)  # a report after a write leaves the write to the handler's own transaction
    return {"written": 1}


@job_handler("test.until_stopped")
def until_stopped(job, context):
    """Works in small steps until told to stop (at most 20 s); returns how far it got."""
    deadline, step = time.monotonic() + 20, 0
    while time.monotonic() < deadline:
        step += 1
        context.report(min(step / 1000, 1.0), {"step": step})
        if context.should_stop():
            return {"steps": step, "complete": False}
        time.sleep(0.005)
    return {"steps": step, "complete": True}


@job_handler("test.reads_then_computes")
def reads_then_computes(job, context):
    """Reads (on SQLite in the worker that takes the write lock), then computes with progress until stopped."""
    db.session.scalar(select(func.count(AuditLog.id)))
    return until_stopped(job, context)


@job_handler("test.chatty")
def chatty(job, context):
    """Reports a thousand times as fast as it can."""
    for step in range(1000):
        context.report(step / 1000, {"step": step})
    return {}


@job_handler("test.bad_result")
def bad_result(job, context):
    return {"when": utcnow()}


def queued(kind="test.count", params=None, **kwargs) -> Job:
    job = enqueue(kind, {"n": 10} if params is None else params, now=utcnow(), **kwargs)
    db.session.commit()
    return job


def fresh(job_id: int) -> Job:
    db.session.expire_all()
    return db.session.get(Job, job_id)


def in_thread(app, target, *args):
    """Run target(*args) in a thread with its own app context (its own session and connection); returns the thread
    and a list that receives its result or exception."""
    outcome = []

    def run():
        try:
            with app.app_context():
                outcome.append(target(*args))
        except Exception as error:  # surfaced by the test's assertion
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_until(predicate, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        done = predicate()
        db.session.commit()  # end the read: on SQLite the test's transaction would block the worker's writes
        if done:
            return True
        time.sleep(0.02)
    return False


def test_enqueued_job_is_claimed_run_and_done_with_its_result_and_progress_seen_by_others(app_ctx):
    user = make_user()
    job = queued(params={"n": 10}, user=user, event_id=7)
    assert (job.state, job.progress, job.created_by, job.event_id, job.attempts) == ("queued", 0.0, user.id, 7, 0)
    now = utcnow()

    ended = run_one("worker-a", now=now)

    stored = fresh(job.id)
    assert (ended.id, ended.state) == (job.id, "done")
    assert (stored.state, stored.result, stored.progress, stored.error) == ("done", {"counted": 10}, 1.0, None)
    assert (stored.claimed_by, stored.attempts, stored.started_at) == ("worker-a", 1, now)
    assert stored.finished_at >= now and stored.progress_note == {"best": 5}
    assert SEEN_BY_ANOTHER_CONNECTION == [(0.5, {"best": 5})]


def test_nothing_queued_means_nothing_claimed(app_ctx):
    assert run_one("worker-a", now=utcnow()) is None
    assert claim_next("worker-a", now=utcnow()) is None


def test_jobs_are_claimed_oldest_first_and_the_claim_is_a_snapshot(app_ctx):
    first, second = queued(), queued()
    now = utcnow()

    claimed = claim_next("worker-a", now=now)

    assert claimed.id == first.id
    assert (claimed.state, claimed.claimed_by, claimed.attempts) == ("running", "worker-a", 1)
    assert claimed.started_at == claimed.heartbeat_at == now
    assert claimed not in db.session
    assert (fresh(first.id).state, fresh(second.id).state) == ("running", "queued")


def test_a_crashing_handler_fails_the_job_with_a_clean_error_and_its_writes_undone(app_ctx, caplog):
    job = queued("test.crash", {})

    ended = run_one("worker-a", now=utcnow())

    stored = fresh(job.id)
    assert (ended.state, stored.state) == ("failed", "failed")
    assert stored.error == "internal: The job stopped with an unexpected error. It was logged."
    assert (stored.error_code, stored.result) == ("internal", None)
    assert "hunter2" not in stored.error and "hunter2" in caplog.text  # the traceback goes to the log only
    assert db.session.scalar(select(func.count(AuditLog.id))) == 0


def test_a_handler_refusing_with_a_job_error_fails_with_its_code_and_message(app_ctx):
    job = queued("test.refuse", {})

    run_one("worker-a", now=utcnow())

    stored = fresh(job.id)
    assert (stored.state, stored.error) == ("failed", "too_many_tables: Zu viele Tische für diesen Raum.")
    assert (stored.error_code, stored.error_message) == ("too_many_tables", "Zu viele Tische für diesen Raum.")


def test_a_result_that_is_not_json_fails_the_job(app_ctx):
    job = queued("test.bad_result", {})

    run_one("worker-a", now=utcnow())

    assert (fresh(job.id).state, fresh(job.id).error_code) == ("failed", "internal")


def test_a_job_of_a_kind_this_worker_does_not_know_fails(app_ctx):
    job = queued()
    db.session.execute(text("UPDATE job SET kind = 'gone.away' WHERE id = :id"), {"id": job.id})
    db.session.commit()

    run_one("worker-a", now=utcnow())

    stored = fresh(job.id)
    assert (stored.state, stored.error_code) == ("failed", "unknown_kind")


def test_the_handlers_writes_commit_together_with_the_done_state(app_ctx):
    job = queued("test.writes", {})

    run_one("worker-a", now=utcnow())

    stored = fresh(job.id)
    assert (stored.state, stored.result, stored.progress_note) == ("done", {"written": 1}, {"stage": "writing"})
    assert db.session.scalars(select(AuditLog.target)).all() == [f"job {job.id}"]


def test_enqueue_refuses_unknown_kinds_and_params_that_are_not_json(app_ctx):
    with pytest.raises(ValueError, match="no job handler"):
        enqueue("no.such.kind", {}, now=utcnow())
    with pytest.raises(ValueError, match="JSON"):
        enqueue("test.count", {"when": utcnow()}, now=utcnow())


def test_a_second_handler_for_a_registered_kind_is_refused_and_the_same_one_again_is_harmless():
    assert job_handler("test.count")(count) is count
    with pytest.raises(ValueError, match="already registered"):
        job_handler("test.count")(crash)


def test_a_job_cancelled_while_queued_never_runs(app_ctx):
    job = queued()

    assert request_cancel(job, now=utcnow()) is True
    db.session.commit()
    ran = run_one("worker-a", now=utcnow())

    stored = fresh(job.id)
    assert ran is None and RUNS == []
    assert (stored.state, stored.cancel_requested, stored.started_at, stored.attempts) == ("cancelled", True, None, 0)
    assert request_cancel(stored, now=utcnow()) is False  # finished: nothing to cancel


def test_a_job_cancelled_while_running_stops_at_should_stop_and_keeps_its_partial_result(app, app_ctx):
    job = queued("test.until_stopped", {})
    worker, outcome = in_thread(app, lambda: run_one("worker-a", now=utcnow()))
    assert wait_until(lambda: fresh(job.id).state == "running" and fresh(job.id).progress > 0)

    assert request_cancel(fresh(job.id), now=utcnow()) is True
    db.session.commit()
    worker.join(timeout=30)

    stored = fresh(job.id)
    assert outcome[0].state == "cancelled"
    assert (stored.state, stored.cancel_requested, stored.result["complete"]) == ("cancelled", True, False)
    assert stored.result["steps"] >= 1 and stored.progress_note == {"step": stored.result["steps"]}


def test_a_handler_that_has_read_holds_no_lock_so_a_cancel_does_not_wait_for_it(app, app_ctx):
    job = queued("test.reads_then_computes", {})
    worker, outcome = in_thread(app, lambda: run_one("worker-a", now=utcnow()))
    assert wait_until(lambda: fresh(job.id).progress > 0)

    started = time.monotonic()
    request_cancel(fresh(job.id), now=utcnow())
    db.session.commit()
    waited = time.monotonic() - started
    worker.join(timeout=30)

    assert waited < 2.0  # SQLite's busy timeout is 15 s: a held write lock would show here
    assert (outcome[0].state, fresh(job.id).result["complete"]) == ("cancelled", False)


def test_a_stopping_worker_puts_its_running_job_back_in_the_queue(app, app_ctx):
    job = queued("test.until_stopped", {})
    stop = threading.Event()
    worker, outcome = in_thread(app, lambda: run_one("worker-a", now=utcnow(), stop=stop))
    assert wait_until(lambda: fresh(job.id).progress > 0)

    stop.set()
    worker.join(timeout=30)

    stored = fresh(job.id)
    assert (outcome[0].state, stored.state, stored.attempts, stored.claimed_by) == ("queued", "queued", 0, None)
    assert (stored.progress, stored.progress_note, stored.result) == (0.0, None, None)


def test_a_job_whose_worker_died_is_claimed_again_after_the_lease(app_ctx):
    job = queued()
    start = utcnow()
    claim_next("worker-dead", now=start)

    while_alive = claim_next("worker-b", now=start + LEASE - timedelta(seconds=1))
    after_lease = claim_next("worker-b", now=start + LEASE + timedelta(seconds=1))

    assert while_alive is None
    assert (after_lease.id, after_lease.claimed_by, after_lease.attempts) == (job.id, "worker-b", 2)


def test_a_job_whose_workers_keep_dying_fails_after_max_attempts(app_ctx):
    job = queued()
    now = utcnow()
    for attempt in range(MAX_ATTEMPTS):
        assert claim_next(f"worker-{attempt}", now=now).attempts == attempt + 1
        now += LEASE + timedelta(seconds=1)

    assert claim_next("worker-last", now=now) is None
    stored = fresh(job.id)
    assert (stored.state, stored.error_code, stored.finished_at) == ("failed", "worker_lost", now)


def test_a_lost_job_that_was_being_cancelled_ends_cancelled(app_ctx):
    job = queued()
    now = utcnow()
    claim_next("worker-dead", now=now)
    request_cancel(fresh(job.id), now=now)
    db.session.commit()

    assert claim_next("worker-b", now=now + LEASE + timedelta(seconds=1)) is None
    assert fresh(job.id).state == "cancelled"


def test_the_late_end_of_a_worker_that_lost_its_claim_is_dropped(app_ctx):
    job = queued()
    now = utcnow()
    presumed_dead = claim_next("worker-slow", now=now)
    taken_over = claim_next("worker-b", now=now + LEASE + timedelta(seconds=1))

    run_claimed(presumed_dead, "worker-slow")
    between = (fresh(job.id).state, fresh(job.id).claimed_by, fresh(job.id).result)
    run_claimed(taken_over, "worker-b")

    assert between == ("running", "worker-b", None)
    assert (fresh(job.id).state, fresh(job.id).claimed_by, fresh(job.id).attempts) == ("done", "worker-b", 2)


def test_four_concurrent_claimers_never_get_the_same_job(app, app_ctx):
    jobs = [queued() for _ in range(24)]
    now, barrier = utcnow(), threading.Barrier(4)

    def claim_all(name):
        barrier.wait(timeout=10)
        claimed = []
        while (job := claim_next(name, now=now)) is not None:
            claimed.append(job.id)
        return claimed

    threads = [in_thread(app, claim_all, f"worker-{n}") for n in range(4)]
    for thread, _ in threads:
        thread.join(timeout=60)

    outcomes = [outcome[0] for _, outcome in threads]
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    claimed = [job_id for ids in outcomes for job_id in ids]
    assert sorted(claimed) == [job.id for job in jobs]  # each job once, none twice
    db.session.expire_all()
    assert {(j.state, j.attempts) for j in db.session.scalars(select(Job))} == {("running", 1)}


def test_three_concurrent_workers_run_each_job_exactly_once(app, app_ctx):
    jobs = [queued(params={"n": 2}) for _ in range(12)]
    barrier = threading.Barrier(3)

    def work(name):
        barrier.wait(timeout=10)
        while run_one(name, now=utcnow()) is not None:
            pass
        return name

    threads = [in_thread(app, work, f"worker-{n}") for n in range(3)]
    for thread, _ in threads:
        thread.join(timeout=60)

    assert [outcome[0] for _, outcome in threads] == ["worker-0", "worker-1", "worker-2"]
    assert sorted(RUNS) == [job.id for job in jobs]
    db.session.expire_all()
    assert {j.state for j in db.session.scalars(select(Job))} == {"done"}


def test_progress_is_written_at_most_twice_a_second_and_the_last_report_with_the_end(app_ctx):
    job = queued("test.chatty", {})
    writes = []

    def count_progress_writes(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE job SET progress="):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", count_progress_writes)
    try:
        started = time.monotonic()
        run_one("worker-a", now=utcnow())
        seconds = time.monotonic() - started
    finally:
        event.remove(db.engine, "before_cursor_execute", count_progress_writes)

    assert 1 <= len(writes) <= 2 + 2 * seconds  # the first report, then at most twice a second
    assert (fresh(job.id).progress, fresh(job.id).progress_note) == (1.0, {"step": 999})
