"""Access rows of bulk badges (roles admin and checkin, as badges at the door); `world()` adds a finished badge job
(its file long gone) to the world of tests/partners/test_access.py."""

from datetime import timedelta

from cockpit.badges.job import JOB_KIND
from core.db import utcnow
from core.extensions import db
from core.jobs import Job
from tests.partners.access_matrix import organizer_row

ROLES = ("admin", "checkin")
BADGES = "/manage/events/<int:event_id>/badges"
JOB = "/manage/events/{event}/badges/jobs/{badge_job}"

ROWS = [
    organizer_row(BADGES, ROLES),
    organizer_row(f"{BADGES}/jobs/<int:job_id>", ROLES, path=JOB),
    organizer_row(f"{BADGES}/jobs/<int:job_id>/badges.pdf", ROLES, 302, path=f"{JOB}/badges.pdf"),
]


def world(event) -> dict:
    finished = utcnow() - timedelta(days=2)
    job = Job(
        kind=JOB_KIND, params={"selection": {}, "layout": "A6"}, state="done", progress=1.0, event_id=event.id,
        created_at=finished, finished_at=finished, result={"file": "job-0-gone.pdf", "count": 1, "pages": 1},
    )  # fmt: skip
    db.session.add(job)
    db.session.flush()
    return {"badge_job": job.id}
