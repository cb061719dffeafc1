"""A job's progress as JSON for the progress bar (`static/js/job-progress.js`), and its cancel button.

Organizers see a job of an event with the roles admin or program, and any job they started; admins see all."""

from flask import Blueprint, abort, jsonify, redirect, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.db import utcnow
from core.extensions import db
from core.jobs.models import Job
from core.jobs.queue import request_cancel
from core.jobs.registry import result_url_for
from core.models import ROLES
from core.security.guards import roles_required, safe_next_url

bp = Blueprint("jobs", __name__, url_prefix="/manage/jobs")
EVENT_ROLES = ("admin", "program")
# Texts for the failures core itself records; a package's own codes are explained on its own page.
ERROR_TEXTS = {
    "internal": _l("The job stopped with an unexpected error. It was logged."),
    "worker_lost": _l("The worker running this job stopped several times. Please start the job again."),
    "unknown_kind": _l("No worker can run this kind of job. Please tell the administrator."),
    "result_invalid": _l("The job stopped with an unexpected error. It was logged."),
}


def visible_job(job_id: int) -> Job:
    """The job, if the logged-in organizer may see it: 404 for an unknown id, 403 for another's job."""
    job = db.session.get(Job, job_id)
    if job is None:
        abort(404)
    if not (
        current_user.has_role("admin")
        or job.created_by == current_user.id
        or (job.event_id is not None and current_user.has_role(*EVENT_ROLES))
    ):
        abort(403)
    return job


def job_status(job: Job) -> dict:
    """What the progress bar shows."""
    error = {"code": job.error_code, "message": job_error_text(job)} if job.error else None
    status = {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "progress": job.progress,
        "note": job.progress_note,
        "error": error,
        "cancel_requested": job.cancel_requested,
        "finished": job.is_finished,
    }
    url = result_url_for(job) if job.state == "done" else None
    return status | ({"result_url": url} if url else {})


@bp.get("/<int:job_id>")
@roles_required(*ROLES)
def status(job_id: int):
    response = jsonify(job_status(visible_job(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:job_id>/cancel")
@roles_required(*ROLES)
def cancel(job_id: int):
    """JSON for the script (CSRF token in `X-CSRFToken`); the button without the script posts a form with `next`,
    the page to return to."""
    job = visible_job(job_id)
    request_cancel(job, now=utcnow())
    db.session.commit()
    if "next" in request.form:
        return redirect(safe_next_url(request.form["next"], "/"))
    return jsonify(job_status(db.session.get(Job, job_id)))


@bp.app_template_global()
def job_error_text(job: Job) -> str:
    """Why a job failed, for people: core's own codes in the reader's language, a handler's message as it gave it."""
    code = job.error_code
    if code is None:
        return ""
    return str(ERROR_TEXTS[code]) if code in ERROR_TEXTS else job.error_message
