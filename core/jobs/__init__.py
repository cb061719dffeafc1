"""The job runner: long work (planner runs, bulk badges, mail to many) queued by a request and run by the worker
(`flask worker`), its state and progress kept in the `job` table so every web worker can show them. May import core
only; packages register the handlers of their job kinds (`job_handler`) from create_app's `register_job_handlers`.

Modules: `models` (the table), `registry` (kinds → handlers, JobError), `queue` (enqueue, cancel, claim, lost
workers), `runner` (JobContext, run_one), `views` (progress as JSON, cancel)."""

from core.jobs.models import FINISHED, STATES, Job
from core.jobs.queue import LEASE, MAX_ATTEMPTS, claim_next, enqueue, release_lost_jobs, request_cancel
from core.jobs.registry import JobError, handler_for, job_handler
from core.jobs.runner import JobContext, run_claimed, run_one

__all__ = [
    "FINISHED",
    "LEASE",
    "MAX_ATTEMPTS",
    "STATES",
    "Job",
    "JobContext",
    "JobError",
    "claim_next",
    "enqueue",
    "handler_for",
    "job_handler",
    "release_lost_jobs",
    "request_cancel",
    "run_claimed",
    "run_one",
]
