"""Bulk badges through HTTP: the form with its count, the job, its page, the download for a day, bad input that
changes nothing, a restart in the middle, and who may do it."""

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from cockpit.badges import files
from core.db import utcnow
from core.extensions import db
from core.jobs import Job, release_lost_jobs, run_one
from tests.factories import csrf_from, login, make_user
from tests.ticketing.booking.test_pdf import decode, pdf_text, rasterize


def page_url(world) -> str:
    return f"/manage/events/{world['event'].id}/badges"


def post(client, world, data: dict, **kwargs):
    token = csrf_from(client.get(page_url(world)).text)
    return client.post(page_url(world), data={"csrf_token": token, **data}, **kwargs)


def says(page, english: str, german: str) -> bool:
    """The page says it in either language (German until the catalog has the text, then English msgid)."""
    return english in page.text or german in page.text


def jobs() -> int:
    return db.session.scalar(select(func.count(Job.id)))


def test_the_page_counts_all_badges_and_a_selection(organizer, world):
    both = world["types"][1]

    page = organizer.get(page_url(world))
    counted = post(organizer, world, {"ticket_type_ids": str(both.id), "layout": "A6", "sort": "name", "count": "1"})

    assert page.status_code == 200 and says(page, "5 badges match", "5 Namensschilder passen")
    assert says(counted, "2 badges match", "2 Namensschilder passen")
    assert jobs() == 0


def test_form_to_job_to_download_of_a6_badges(organizer, world, tmp_path):
    started = post(
        organizer, world, {"groups": ["business", "politics"], "sort": "organization", "layout": "A6", "start": "1"}
    )
    job = db.session.scalar(select(Job))
    job_page = organizer.get(started.headers["Location"])

    assert started.status_code == 302 and started.headers["Location"].endswith(f"/badges/jobs/{job.id}")
    assert job.params["selection"]["groups"] == ["business", "politics"] and job.event_id == world["event"].id
    assert f'data-poll-url="/manage/jobs/{job.id}"' in job_page.text and "<progress" in job_page.text

    ended = run_one("test-worker", now=utcnow())
    done_page = organizer.get(started.headers["Location"])
    pdf = organizer.get(f"{started.headers['Location']}/badges.pdf")

    assert ended.state == "done" and ended.result["count"] == 3
    assert "badges.pdf" in done_page.text
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    texts = pdf_text(pdf.data, tmp_path)
    assert [text.split("NØRD Test ")[1].split(" ")[0] for text in texts] == ["Bernd", "Hanna", "Dora"]
    tickets = world["tickets"]
    expected = [tickets[name].secret for name in ("Bernd Ziegler", "Hanna Berg", "Dora Engel")]
    assert [decode(page) for page in rasterize(pdf.data, tmp_path)] == [[secret] for secret in expected]


def test_a_label_sheet_job_reports_progress_and_its_file_expires_after_a_day(organizer, world, app):
    post(organizer, world, {"layout": "L7165", "sort": "name", "start": "1"})
    job_id = db.session.scalar(select(Job.id))
    download = f"{page_url(world)}/jobs/{job_id}/badges.pdf"

    ended = run_one("test-worker", now=utcnow())
    kept = organizer.get(download)

    assert ended.progress == 1.0 and ended.progress_note["done"] == ended.progress_note["total"] == 5
    assert ended.result["pages"] == 1
    assert kept.status_code == 200 and kept.data.count(b"/Type /Page\n") + kept.data.count(b"/Type /Page ") >= 1

    assert files.purge_expired(utcnow()) == 0
    assert files.purge_expired(utcnow() + timedelta(hours=25)) == 1
    gone = organizer.get(download, follow_redirects=True)
    assert list(files.folder().iterdir()) == []
    assert gone.status_code == 200 and says(gone, "no longer available", "nicht mehr verfügbar")


def test_a_download_after_a_day_is_refused_even_before_the_file_is_removed(organizer, world):
    post(organizer, world, {"layout": "A6", "sort": "name", "start": "1"})
    ended = run_one("test-worker", now=utcnow())
    db.session.execute(update(Job).values(finished_at=utcnow() - timedelta(days=1, minutes=1)))
    db.session.commit()

    answer = organizer.get(f"{page_url(world)}/jobs/{ended.id}/badges.pdf")

    assert answer.status_code == 302 and answer.headers["Location"].endswith("/badges")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"groups": "science"}, ("No valid ticket matches", "Kein gültiges Ticket")),
        ({"booked_since": "20.11.2026"}, ("year-month-day", "Jahr-Monat-Tag")),
        ({"booked_since": "2026-02-30"}, ("year-month-day", "Jahr-Monat-Tag")),
        ({"layout": "custom", "columns": "4", "rows": "10", "width": "48", "height": "25"}, ("too small", "zu klein")),
        ({"layout": "custom", "columns": "3", "rows": "8", "width": "80", "height": "35"}, ("A4", "A4")),
        ({"layout": "custom", "columns": "3"}, ("enter this measure", "Maß")),
        ({"layout": "L0000"}, ("Not a valid choice", "Keine gültige Auswahl")),
    ],
)
def test_bad_input_gets_a_message_and_starts_nothing(organizer, world, data, message):
    answer = post(organizer, world, {"layout": "A6", "sort": "name", **data, "start": "1"})

    assert answer.status_code == 200
    assert says(answer, *message), answer.text
    assert jobs() == 0


def test_a_job_stopped_by_a_worker_restart_runs_again_from_its_params(organizer, world):
    post(organizer, world, {"layout": "3422", "sort": "name", "start": "1"})
    stopping = threading.Event()
    stopping.set()

    interrupted = run_one("worker-a", now=utcnow(), stop=stopping)
    finished = run_one("worker-b", now=utcnow())

    assert interrupted.state == "queued" and interrupted.attempts == 0
    assert finished.state == "done" and finished.result["count"] == 5
    assert [p.name for p in files.folder().iterdir()] == [finished.result["file"]]  # no half-written file is left


def test_a_job_whose_worker_died_is_taken_up_again(organizer, world):
    post(organizer, world, {"layout": "L4785", "sort": "name", "start": "1"})
    long_ago = utcnow() - timedelta(minutes=5)
    db.session.execute(
        update(Job).values(state="running", claimed_by="dead", attempts=1, started_at=long_ago, heartbeat_at=long_ago)
    )
    db.session.commit()

    assert release_lost_jobs(now=utcnow()) == 1
    assert run_one("worker-b", now=utcnow()).state == "done"


def test_another_events_job_is_not_found_and_other_roles_are_refused(client, world):
    make_user("programm@example.org", roles=("program",))
    make_user("admin@example.org", roles=("admin",))
    login(client, "admin@example.org")
    post(client, world, {"layout": "A6", "sort": "name", "start": "1"})
    job_id = db.session.scalar(select(Job.id))
    other = world["event"].id + 1

    assert client.get(f"/manage/events/{other}/badges/jobs/{job_id}").status_code == 404
    client.get("/logout")
    login(client, "programm@example.org")
    assert client.get(page_url(world)).status_code == 403


def test_the_worker_and_the_page_remove_files_older_than_a_day(organizer, world):
    folder = files.folder()
    stale, fresh = folder / "job-1-old.pdf", folder / "job-2-new.pdf"
    for path in (stale, fresh):
        path.write_bytes(b"%PDF-")
    day_and_more = (utcnow() - timedelta(hours=25)).timestamp()
    os.utime(stale, (day_and_more, day_and_more))

    post(organizer, world, {"layout": "A6", "sort": "name", "start": "1"})
    assert not stale.exists() and fresh.exists()  # the page removed the stale one while showing the form

    os.utime(fresh, (day_and_more, day_and_more))
    ended = run_one("test-worker", now=utcnow())

    assert not fresh.exists()  # the worker removed it before rendering
    assert [p.name for p in folder.iterdir()] == [ended.result["file"]]


def test_a_job_whose_tickets_went_away_fails_with_a_message_on_its_page(organizer, world):
    started = post(organizer, world, {"groups": "politics", "layout": "A6", "sort": "name", "start": "1"})
    world["tickets"]["Dora Engel"].state = "cancelled"
    db.session.commit()

    ended = run_one("test-worker", now=utcnow())
    page = organizer.get(started.headers["Location"])

    assert ended.state == "failed" and ended.error_code == "no_tickets"
    assert says(page, "No valid ticket matches the selection any more", "Kein gültiges Ticket passt mehr")
    assert list(files.folder().iterdir()) == []
