"""The organizer's bulk badges (roles admin and checkin, as the badges printed at the door): the order form with
its count, the job page with its progress bar, and the download, for a day."""

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from cockpit.badges import files
from cockpit.badges import job as badge_job
from cockpit.badges.forms import badge_form
from cockpit.badges.selection import Selection, count
from core.db import utcnow
from core.extensions import db
from core.jobs import Job
from core.jobs.views import job_error_text
from core.security.guards import roles_required
from events.manage import get_event
from ticketing.models import TicketType

bp = Blueprint("cockpit_badges", __name__, url_prefix="/manage/events/<int:event_id>/badges")
ROLES = ("admin", "checkin")
RECENT_JOBS = 10
STATE_LABELS = {
    "queued": _l("waiting"),
    "running": _l("running"),
    "done": _l("done"),
    "failed": _l("failed"),
    "cancelled": _l("cancelled"),
}
FAILURES = {
    "no_tickets": _l("No valid ticket matches the selection any more."),
    "event_missing": _l("The event no longer exists."),
    "layout": _l("The label layout does not fit the badges."),
}


@bp.route("", methods=["GET", "POST"])
@roles_required(*ROLES)
def index(event_id):
    event = get_event(event_id)
    files.purge_expired(utcnow())
    types = db.session.scalars(
        select(TicketType).where(TicketType.event_id == event.id).order_by(TicketType.position, TicketType.id)
    ).all()
    form = badge_form(types)
    selected = count(event, Selection()) if not form.is_submitted() else None
    if form.validate_on_submit() and (order := form.read()) is not None:
        selection, layout = order
        selected = count(event, selection)
        if form.start.data and selected == 0:
            form.form_errors.append(_("No valid ticket matches this selection: there is no badge to print."))
        elif form.start.data:
            job = badge_job.start(event, selection, layout, user=current_user, now=utcnow())
            db.session.commit()
            return redirect(url_for("cockpit_badges.job_page", event_id=event.id, job_id=job.id))
    return render_template(
        "cockpit/badges/index.html",
        event=event,
        form=form,
        selected=selected,
        jobs=recent_jobs(event.id),
        state_labels=STATE_LABELS,
    )


@bp.get("/jobs/<int:job_id>")
@roles_required(*ROLES)
def job_page(event_id, job_id):
    event = get_event(event_id)
    job = badge_job_of(event.id, job_id)
    failure = FAILURES.get(job.error_code) or job_error_text(job) if job.state == "failed" else ""
    return render_template("cockpit/badges/job.html", event=event, job=job, download=downloadable(job), failure=failure)


@bp.get("/jobs/<int:job_id>/badges.pdf")
@roles_required(*ROLES)
def download(event_id, job_id):
    event = get_event(event_id)
    job = badge_job_of(event.id, job_id)
    path = downloadable(job)
    if path is None:
        flash(_("This badge file is no longer available: files are kept for one day. Please print again."), "error")
        return redirect(url_for("cockpit_badges.index", event_id=event.id))
    response = send_file(
        path, mimetype="application/pdf", as_attachment=True, download_name=f"badges-{event.slug}-{job.id}.pdf"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def badge_job_of(event_id: int, job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.kind != badge_job.JOB_KIND or job.event_id != event_id:
        abort(404)
    return job


def downloadable(job: Job):
    """The finished job's file while it is kept, else None."""
    if job.state != "done" or not job.result or job.finished_at is None:
        return None
    if files.expires_at(job.finished_at) <= utcnow():
        return None
    return files.result_path(job.result.get("file", ""))


def recent_jobs(event_id: int) -> list[Job]:
    return db.session.scalars(
        select(Job)
        .where(Job.kind == badge_job.JOB_KIND, Job.event_id == event_id)
        .order_by(Job.id.desc())
        .limit(RECENT_JOBS)
    ).all()


@bp.app_template_global()
def badge_file_of(job: Job):
    return downloadable(job)


@bp.app_template_filter()
def badge_expiry(job: Job):
    return files.expires_at(job.finished_at) if job.finished_at else None
