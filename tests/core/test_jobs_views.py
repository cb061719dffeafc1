"""A job's progress as JSON and its cancel button, through the test client: who may see a job, CSRF on cancel, and
the progress macro the pages include."""

import re

import pytest
from flask import render_template_string
from sqlalchemy import update

from core.db import utcnow
from core.extensions import db
from core.jobs import Job, enqueue, job_handler
from tests.factories import csrf_from, login, make_user


@job_handler("test.view", result_url=lambda job: f"/manage/results/{job.params['n']}")
def view_job(job, context):
    return {"n": job.params["n"]}


@pytest.fixture
def job_of(app_ctx):
    def make(user=None, *, event_id=42, **values):
        job = enqueue("test.view", {"n": 3}, user=user, event_id=event_id, now=utcnow())
        db.session.flush()
        if values:
            db.session.execute(update(Job).where(Job.id == job.id).values(**values))
        db.session.commit()
        return job.id

    return make


def logged_in(client, email, roles):
    make_user(email, roles=roles)
    login(client, email)
    return csrf_from(client.get("/login").text)


def test_an_organizer_of_the_program_sees_an_events_job_as_json(client, job_of):
    job_id = job_of(state="running", progress=0.25, progress_note={"best": 17})
    logged_in(client, "programm@example.org", ("program",))

    response = client.get(f"/manage/jobs/{job_id}")

    assert (response.status_code, response.headers["Cache-Control"]) == (200, "no-store")
    assert response.get_json() == {
        "id": job_id,
        "kind": "test.view",
        "state": "running",
        "progress": 0.25,
        "note": {"best": 17},
        "error": None,
        "cancel_requested": False,
        "finished": False,
    }


def test_a_done_job_names_its_result_page_and_a_failed_one_its_reason_in_the_readers_language(client, job_of):
    done = job_of(state="done", progress=1.0, result={"n": 3})
    crashed = job_of(state="failed", error="internal: The job stopped with an unexpected error. It was logged.")
    refused = job_of(state="failed", error="too_many_tables: Zu viele Tische.")
    logged_in(client, "admin@example.org", ("admin",))

    answers = {job_id: client.get(f"/manage/jobs/{job_id}").get_json() for job_id in (done, crashed, refused)}

    assert (answers[done]["result_url"], answers[done]["finished"]) == ("/manage/results/3", True)
    assert answers[crashed]["error"] == {
        "code": "internal",
        "message": "Der Auftrag wurde wegen eines unerwarteten Fehlers beendet. Der Fehler wurde protokolliert.",
    }
    assert answers[refused]["error"] == {"code": "too_many_tables", "message": "Zu viele Tische."}
    assert "result_url" not in answers[crashed]


def test_anonymous_visitors_are_sent_to_the_login_and_unknown_jobs_are_404(client, job_of):
    job_id = job_of()

    anonymous = client.get(f"/manage/jobs/{job_id}")
    logged_in(client, "admin@example.org", ("admin",))
    unknown = client.get(f"/manage/jobs/{job_id + 1000}")

    assert (anonymous.status_code, anonymous.headers["Location"]) == (302, f"/login?next=%2Fmanage%2Fjobs%2F{job_id}")
    assert unknown.status_code == 404


def test_the_checkin_role_may_not_see_an_events_job_but_its_creator_may(client, job_of):
    helper = make_user("tuer@example.org", roles=("checkin",))
    others, own = job_of(), job_of(user=helper)
    login(client, "tuer@example.org")

    assert client.get(f"/manage/jobs/{others}").status_code == 403
    assert client.get(f"/manage/jobs/{own}").status_code == 200


def test_a_job_without_an_event_is_seen_by_admins_and_its_creator_only(client, job_of):
    admin = make_user("admin@example.org", roles=("admin",))
    job_id = job_of(user=admin, event_id=None)
    logged_in(client, "programm@example.org", ("program",))

    assert client.get(f"/manage/jobs/{job_id}").status_code == 403


def test_cancel_with_the_csrf_header_answers_json_and_cancels_a_queued_job(client, job_of):
    job_id = job_of()
    token = logged_in(client, "programm@example.org", ("program",))

    response = client.post(f"/manage/jobs/{job_id}/cancel", headers={"X-CSRFToken": token})

    assert response.status_code == 200
    assert (response.get_json()["state"], response.get_json()["cancel_requested"]) == ("cancelled", True)
    assert db.session.get(Job, job_id).state == "cancelled"


def test_cancel_of_a_running_job_asks_it_to_stop(client, job_of):
    job_id = job_of(state="running", claimed_by="worker-a", attempts=1)
    token = logged_in(client, "programm@example.org", ("program",))

    answer = client.post(f"/manage/jobs/{job_id}/cancel", headers={"X-CSRFToken": token}).get_json()

    assert (answer["state"], answer["cancel_requested"], answer["finished"]) == ("running", True, False)


def test_cancel_without_csrf_is_refused_and_changes_nothing(client, job_of):
    job_id = job_of()
    logged_in(client, "programm@example.org", ("program",))

    response = client.post(f"/manage/jobs/{job_id}/cancel")

    job = db.session.get(Job, job_id)
    assert response.status_code == 400
    assert (job.state, job.cancel_requested) == ("queued", False)


def test_cancel_by_a_role_that_may_not_see_the_job_is_refused(client, job_of):
    job_id = job_of()
    token = logged_in(client, "tuer@example.org", ("checkin",))

    response = client.post(f"/manage/jobs/{job_id}/cancel", headers={"X-CSRFToken": token})

    assert response.status_code == 403
    assert db.session.get(Job, job_id).state == "queued"


def test_the_cancel_button_without_the_script_returns_to_its_page(client, job_of):
    job_id = job_of(state="running", attempts=1)
    token = logged_in(client, "programm@example.org", ("program",))

    response = client.post(
        f"/manage/jobs/{job_id}/cancel", data={"csrf_token": token, "next": "/manage/events/42/program"}
    )
    elsewhere = client.post(f"/manage/jobs/{job_id}/cancel", data={"csrf_token": token, "next": "https://evil.example"})

    assert (response.status_code, response.headers["Location"]) == (302, "/manage/events/42/program")
    assert elsewhere.headers["Location"] == "/"
    assert db.session.get(Job, job_id).cancel_requested is True


def render_progress(app, job_id, done_url=None):
    with app.test_request_context("/manage/events/42/worldcafe?tab=plan"):
        job = db.session.get(Job, job_id)
        return render_template_string(
            '{% from "_macros/jobs.html" import job_progress, job_progress_script %}'
            "{{ job_progress(job, 'Plan berechnen', done_url) }}{{ job_progress_script() }}",
            job=job,
            done_url=done_url,
        )


def test_the_progress_macro_renders_an_accessible_bar_with_the_urls_and_texts_for_the_script(app, job_of):
    job_id = job_of(state="running", progress=0.426, attempts=1)

    html = render_progress(app, job_id, done_url="/manage/events/42/worldcafe/plan")

    data = dict(re.findall(r' (data-[a-z-]+)="([^"]*)"', html))
    assert data["data-poll-url"] == f"/manage/jobs/{job_id}"
    assert data["data-cancel-url"] == f"/manage/jobs/{job_id}/cancel"
    assert (data["data-done-url"], data["data-state"]) == ("/manage/events/42/worldcafe/plan", "running")
    assert data["data-text-running"] == "Läuft: {percent} % erledigt."
    assert data["data-text-done"] == "Fertig."
    assert data["data-csrf-token"]
    assert f'<label for="job-{job_id}-bar">Plan berechnen</label>' in html
    assert f'<progress id="job-{job_id}-bar" max="1" value="0.426">42 %</progress>' in html
    assert '<p class="job-status" role="status" aria-live="polite" data-job-status>Läuft: 42 % erledigt.</p>' in html
    assert 'name="next" value="/manage/events/42/worldcafe?tab=plan"' in html
    assert "Auftrag abbrechen</button>" in html and " hidden>" not in html
    assert 'src="/static/js/job-progress.js" defer' in html
    assert " style=" not in html and "<script>" not in html  # the page's Content-Security-Policy allows neither


def test_the_progress_macro_shows_how_a_job_ended_and_hides_the_cancel_button(app, job_of):
    queued_id = job_of()
    failed_id = job_of(state="failed", error="worker_lost: The worker running this job stopped.")

    queued_html, failed_html = render_progress(app, queued_id), render_progress(app, failed_id)

    assert f'<progress id="job-{queued_id}-bar" max="1">0 %</progress>' in queued_html  # indeterminate
    assert "In der Warteschlange: wartet auf einen Hintergrundprozess …</p>" in queued_html
    assert "Fehlgeschlagen. Der Hintergrundprozess dieses Auftrags wurde mehrmals beendet." in failed_html
    assert re.search(r"<form [^>]*data-job-cancel hidden>", failed_html)
