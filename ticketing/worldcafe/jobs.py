"""The café's solve as a job of core.jobs: started from the planner, run by the worker (`flask worker`), its
progress shown on the planner page."""

from datetime import datetime

from flask import current_app, url_for
from flask_babel import force_locale

from core.extensions import db
from core.jobs import Job, JobContext, JobError, enqueue, job_handler
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import WorldCafe
from ticketing.worldcafe.plan.problem import published_plan
from ticketing.worldcafe.plan.solving import JOB_KIND, solve_cafe


def register() -> None:
    """Connect the handler to the job kind (called from create_app's `register_job_handlers`)."""
    job_handler(JOB_KIND, result_url=planner_url)(solve_job)


def planner_url(job: Job) -> str | None:
    cafe = db.session.get(WorldCafe, (job.params or {}).get("cafe_id"))
    return url_for("worldcafe.planner_page", event_id=cafe.event_id, cafe_id=cafe.id) if cafe else None


def solve_job(job: Job, context: JobContext) -> dict:
    """The worker's handler: `job.params` = {"cafe_id", "from_checkins", "seconds"}; stores the draft.
    :raises JobError: a café that cannot be planned, with the reason in German (the worker has no reader)."""
    params = job.params or {}
    cafe = db.session.get(WorldCafe, params.get("cafe_id"))
    if cafe is None:
        raise JobError("cafe_missing", "Das World Café gibt es nicht mehr.")
    try:
        draft = solve_cafe(
            cafe,
            seconds=float(params.get("seconds", 10)),
            from_checkins=bool(params.get("from_checkins")),
            progress=lambda data: context.report(data.get("fraction", 0.0), data),
            should_stop=context.should_stop,
            job_id=job.id,
        )
    except WorldCafeError as error:
        with force_locale("de"):
            raise JobError(error.code, str(error)) from None
    return {"plan_id": draft.id, "figures": draft.figures}


def start_solve(cafe: WorldCafe, *, from_checkins: bool, user, now: datetime) -> Job:
    """Queue a solve of the café (a re-plan from check-ins needs a published plan). :raises WorldCafeError:"""
    if not cafe.tables:
        raise WorldCafeError("no_tables")
    if from_checkins and published_plan(cafe) is None:
        raise WorldCafeError("no_published_plan")
    params = {
        "cafe_id": cafe.id,
        "from_checkins": from_checkins,
        "seconds": current_app.config.get("WORLDCAFE_SOLVE_SECONDS", 10),
    }
    job = enqueue(JOB_KIND, params, user=user, event_id=cafe.event_id, now=now)
    db.session.flush()
    cafe.job_id = job.id
    return job


def current_job(cafe: WorldCafe) -> Job | None:
    """The latest solve started for this café, for the progress bar."""
    return db.session.get(Job, cafe.job_id) if cafe.job_id else None
