"""Moves by hand after publishing are announced like an applied proposal's (one mail per person who has the
contribution in their agenda or a seat in it): the timetable grid's moves and the placing form; and the planner
job's progress note shown by the shared progress macro."""

import json
import re

import pytest
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from core.jobs import Job, run_one
from core.mail.outbox import OutboxMail
from events.program.planner.models import TimetableProposal
from tests.events.program.planner.helpers import planner_program
from tests.factories import login, make_user, submit
from tests.ticketing.agenda_helpers import at

CSRF_IN_CONFIG = re.compile(r'"csrfToken":\s*"([^"]+)"')


@pytest.fixture
def program_client(client, app_ctx):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    client.get("/language/en")
    return client


def moved_mails() -> list[OutboxMail]:
    query = select(OutboxMail).where(OutboxMail.reference.startswith("program_moved:")).order_by(OutboxMail.id)
    return list(db.session.scalars(query))


def grid_move(client, event, payload):
    page = client.get(f"/manage/events/{event.id}/program/timetable").text
    token = re.search(r'data-csrf-token="([^"]+)"', page) or CSRF_IN_CONFIG.search(page)
    return client.post(
        f"/manage/events/{event.id}/program/timetable/moves",
        data=json.dumps(payload),
        content_type="application/json",
        headers={"X-CSRFToken": token.group(1)},
    )


def contribution_url(event, contribution) -> str:
    return f"/manage/events/{event.id}/program/contributions/{contribution.id}"


def test_a_move_in_the_grid_after_publishing_mails_each_person_who_has_it_once(program_client):
    made = planner_program(publish=True)
    a1 = made.talks["A1"]
    payload = {"contribution_id": a1.id, "room_id": made.rooms["saal"].id, "starts_at": "10:00"}
    payload["starts_at"] = f"{made.event.days[0].isoformat()}T10:00"

    response = grid_move(program_client, made.event, payload)

    assert response.status_code == 200, response.text
    mails = moved_mails()
    assert sorted(m.to_address for m in mails) == sorted(t.attendee_email for t in made.tickets)
    assert all("Beitrag A1" in m.body_text and "Beitrag B1" not in m.body_text for m in mails)


def test_a_move_in_the_grid_before_publishing_mails_nobody(program_client):
    made = planner_program(publish=False)
    payload = {
        "contribution_id": made.talks["A1"].id,
        "room_id": made.rooms["saal"].id,
        "starts_at": f"{made.event.days[0].isoformat()}T10:00",
    }

    response = grid_move(program_client, made.event, payload)

    assert response.status_code == 200, response.text
    assert moved_mails() == []


def test_taking_a_contribution_out_in_the_grid_after_publishing_is_announced(program_client):
    made = planner_program(publish=True)

    response = grid_move(program_client, made.event, {"contribution_id": made.talks["B1"].id, "room_id": None})

    assert response.status_code == 200, response.text
    assert len(moved_mails()) == len(made.tickets)
    assert "Beitrag B1" in moved_mails()[0].body_text


def test_the_placing_form_after_publishing_mails_each_person_once(program_client):
    made = planner_program(publish=True)
    a1, event = made.talks["A1"], made.event
    url = contribution_url(event, a1)

    response = submit(
        program_client,
        f"{url}/schedule",
        {"room_id": str(made.rooms["saal"].id), "starts_at": f"{event.days[0].isoformat()}T11:00"},
        form_url=url,
    )

    assert response.status_code == 302
    db.session.refresh(a1)
    assert a1.starts_at == at(event, 11)
    mails = moved_mails()
    assert sorted(m.to_address for m in mails) == sorted(t.attendee_email for t in made.tickets)
    assert "Beitrag A1" in mails[0].body_text


def test_the_placing_form_to_the_same_place_or_before_publishing_mails_nobody(program_client):
    made = planner_program(publish=True)
    a1, event = made.talks["A1"], made.event
    url = contribution_url(event, a1)
    same = {"room_id": str(made.rooms["forum"].id), "starts_at": f"{event.days[0].isoformat()}T09:00"}

    response = submit(program_client, f"{url}/schedule", same, form_url=url)

    assert response.status_code == 302
    assert moved_mails() == []


def test_unscheduling_with_the_form_after_publishing_is_announced(program_client):
    made = planner_program(publish=True)
    url = contribution_url(made.event, made.talks["A1"])

    response = submit(program_client, f"{url}/unschedule", {}, form_url=url)

    assert response.status_code == 302
    assert len(moved_mails()) == len(made.tickets)


# The progress note


def test_the_planner_job_writes_the_best_penalty_as_a_text_the_progress_bar_shows(program_client):
    made = planner_program()
    base = f"/manage/events/{made.event.id}/program/planner"
    response = submit(program_client, f"{base}/proposals", {"day": "", "seconds": "1"}, form_url=base)
    proposal = db.session.scalar(select(TimetableProposal))
    job = db.session.get(Job, proposal.job_id)
    job.state, job.progress, job.progress_note = (
        "running",
        0.5,
        {"best_penalty": 1234.0, "text": "beste Strafe bisher: 1234"},
    )
    db.session.commit()

    running = program_client.get(response.headers["Location"])

    assert re.search(r"data-job-note>beste Strafe bisher: 1234</p>", running.text)
    job.state, job.progress_note = "queued", None
    db.session.commit()
    finished = run_one("test-worker", now=utcnow())
    assert finished.state == "done", finished.error
    note = db.session.get(Job, proposal.job_id).progress_note
    assert note["text"] == f"beste Strafe bisher: {note['best_penalty']:g}"
    status = program_client.get(f"/manage/jobs/{proposal.job_id}", headers={"Accept": "application/json"})
    assert status.json["note"]["text"].startswith("beste Strafe bisher: ")


def test_a_note_without_text_shows_nothing(program_client):
    made = planner_program()
    base = f"/manage/events/{made.event.id}/program/planner"
    response = submit(program_client, f"{base}/proposals", {"day": "", "seconds": "1"}, form_url=base)
    job = db.session.get(Job, db.session.scalar(select(TimetableProposal.job_id)))
    job.state, job.progress_note = "running", {"best_penalty": 3}
    db.session.commit()

    page = program_client.get(response.headers["Location"])

    assert re.search(r'<p class="job-note hint" hidden data-job-note></p>', page.text)
