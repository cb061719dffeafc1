"""The planner's solve as a job of core.jobs ("program.plan"): run by the worker (`flask worker`), its progress (the
best penalty so far) shown on the proposal page, stoppable: a stopped solve keeps the best timetable found."""

from flask import url_for

from core.extensions import db
from core.jobs import Job, JobContext, JobError, job_handler
from events.program.planner.models import TimetableProposal
from events.program.planner.proposals import JOB_KIND, current_placements, store_failure, store_result, warm_start
from planning.timetable.planner import ProblemError, parse_problem, solve

NOTE_TEXT = "beste Strafe bisher: {penalty}"  # the progress bar's note (core/jobs: `text`), as the job texts: German


def register() -> None:
    """Connect the handler to its job kind (called from create_app's `register_job_handlers`)."""
    job_handler(JOB_KIND, result_url=proposal_url)(plan_job)


def proposal_url(job: Job) -> str | None:
    proposal = db.session.get(TimetableProposal, (job.params or {}).get("proposal_id"))
    if proposal is None:
        return None
    return url_for("planner.proposal", event_id=proposal.event_id, proposal_id=proposal.id)


def plan_job(job: Job, context: JobContext) -> dict:
    """Solve the proposal's stored problem and keep the best timetable on it.

    :raises JobError: proposal_missing, or the planner's code when no timetable keeps every rule (the proposal then
        says why, in the reader's language).
    """
    proposal_id = (job.params or {}).get("proposal_id")
    proposal = db.session.get(TimetableProposal, proposal_id)
    if proposal is None or proposal.state != "queued":
        raise JobError("proposal_missing", "Der Vorschlag wurde verworfen oder gibt es nicht mehr.")
    data, seconds, seed = proposal.problem, proposal.seconds, proposal.seed
    current = current_placements(proposal.event, proposal)
    db.session.commit()  # end the read: the solve holds no transaction while it runs

    def progress(report: dict) -> None:
        context.report(report.get("fraction", 0.0), progress_note(report.get("best_penalty")))

    try:
        problem = parse_problem(data)
        result = solve(
            problem,
            seconds=seconds,
            seed=seed,
            progress=progress,
            should_stop=context.should_stop,
            start=warm_start(problem, current),
        )
    except ProblemError as error:
        proposal = db.session.get(TimetableProposal, proposal_id)
        if proposal is not None and proposal.state == "queued":
            store_failure(proposal, error.code, error.params)
            db.session.commit()  # the reason stays on the proposal though the job fails
        raise JobError(error.code, str(error)) from None
    proposal = db.session.get(TimetableProposal, proposal_id)
    if proposal is None or proposal.state != "queued":  # discarded while it ran
        return {"proposal_id": proposal_id, "discarded": True}
    store_result(proposal, result)
    return {"proposal_id": proposal.id, "penalty": result.figures["penalty"], "reason": result.reason}


def progress_note(best_penalty: float | None) -> dict:
    """The job's note: the best penalty so far, and as a text the progress bar shows (`text`, see jobs.html)."""
    if best_penalty is None:
        return {"best_penalty": None}
    shown = f"{best_penalty:g}" if isinstance(best_penalty, float) else str(best_penalty)
    return {"best_penalty": best_penalty, "text": NOTE_TEXT.format(penalty=shown)}
