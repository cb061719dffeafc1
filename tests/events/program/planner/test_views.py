"""The planner's pages through HTTP: every route's happy path, roles, another event's proposal, bad input, CSRF."""

import re

import pytest
from sqlalchemy import func, select

from core.db import utcnow
from core.extensions import db
from core.jobs import Job, run_one
from events.program import placing as program
from events.program.planner.models import ContributionPlanning, ProgramSettings, TimetableProposal
from tests.events.program.planner.helpers import planner_program
from tests.factories import csrf_from, login, make_user, submit
from tests.ticketing.agenda_helpers import at


@pytest.fixture
def made(app_ctx):
    return planner_program()


@pytest.fixture
def program_client(client, app_ctx):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    client.get("/language/en")  # English texts: the German ones wait in translations/pending/ for the catalog
    return client


def base(event) -> str:
    return f"/manage/events/{event.id}/program/planner"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def start(client, made, **data):
    return submit(
        client, f"{base(made.event)}/proposals", {"day": "", "seconds": "1", **data}, form_url=base(made.event)
    )


def solved(client, made) -> TimetableProposal:
    response = start(client, made)
    assert response.status_code == 302, response.text
    job = run_one("test-worker", now=utcnow())
    assert job.state == "done", job.error
    return db.session.scalars(select(TimetableProposal).order_by(TimetableProposal.id.desc())).first()


def test_the_planner_page_offers_settings_audience_and_a_solve(program_client, made):
    page = program_client.get(base(made.event))

    assert page.status_code == 200
    assert "Compute proposal" in page.text
    assert f'href="{base(made.event)}/settings"' in page.text
    assert f'href="{base(made.event)}/audience"' in page.text


@pytest.mark.parametrize("path", ["", "/settings", "/audience"])
def test_a_checkin_user_may_not_open_the_planner(client, made, path):
    make_user("einlass@example.org", roles=("checkin",))
    login(client, "einlass@example.org")

    assert client.get(base(made.event) + path).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, made):
    response = client.get(base(made.event))

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_settings_are_saved(program_client, made):
    data = {
        "blocks_text": "10:00-12:00, 13:00-16:00",
        "time_grid_minutes": "30",
        "workshop_room_ids": [str(made.rooms["workzone"].id)],
        "attendee_conflict_weight": "2",
        "track_break_weight": "10",
        "may_move_published": "y",
    }

    response = submit(program_client, f"{base(made.event)}/settings", data)

    settings = db.session.get(ProgramSettings, made.event.id)
    assert response.status_code == 302
    assert (settings.blocks_text, settings.time_grid_minutes, settings.workshop_room_ids) == (
        "10:00-12:00, 13:00-16:00", 30, [made.rooms["workzone"].id],
    )  # fmt: skip
    assert (settings.attendee_conflict_weight, settings.track_break_weight, settings.may_move_published) == (
        2,
        10,
        True,
    )


def test_a_malformed_blocks_text_is_named_and_nothing_changes(program_client, made):
    data = {
        "blocks_text": "9 bis 12",
        "time_grid_minutes": "15",
        "attendee_conflict_weight": "1",
        "track_break_weight": "20",
    }

    response = submit(program_client, f"{base(made.event)}/settings", data)

    assert response.status_code == 200
    assert "“9 bis 12” is not a block such as 09:00-10:30." in response.text
    db.session.expire_all()
    assert db.session.get(ProgramSettings, made.event.id).blocks_text == "09:00-12:00, 13:00-17:00"


def test_a_room_of_another_event_is_refused(program_client, made):
    other = planner_program("andere")
    data = {
        "blocks_text": "", "time_grid_minutes": "15", "attendee_conflict_weight": "1", "track_break_weight": "20",
        "workshop_room_ids": [str(other.rooms["workzone"].id)],
    }  # fmt: skip

    response = submit(program_client, f"{base(made.event)}/settings", data)

    assert response.status_code == 200
    assert db.session.get(ProgramSettings, made.event.id).workshop_room_ids == [made.rooms["workzone"].id]


def test_settings_without_csrf_token_are_refused(program_client, made):
    response = program_client.post(f"{base(made.event)}/settings", data={"blocks_text": "10:00-11:00"})

    assert response.status_code == 400
    assert db.session.get(ProgramSettings, made.event.id).blocks_text == "09:00-12:00, 13:00-17:00"


def test_expected_audiences_and_pins_are_saved(program_client, made):
    talks = made.talks
    data = {f"audience_{talks['B2'].id}": "80", f"pinned_{talks['A2'].id}": "y"}

    response = submit(program_client, f"{base(made.event)}/audience", data)

    assert response.status_code == 302
    assert db.session.get(ContributionPlanning, talks["B2"].id).expected_audience == 80
    assert db.session.get(ContributionPlanning, talks["A2"].id).is_pinned is True


def test_the_audience_page_shows_what_agendas_count(program_client, made):
    page = program_client.get(f"{base(made.event)}/audience")

    row = re.search(r"Beitrag A1</th>\s*<td>(\d+)</td>", page.text)
    assert row is not None and row.group(1) == "3"


def test_a_negative_audience_is_refused(program_client, made):
    response = submit(program_client, f"{base(made.event)}/audience", {f"audience_{made.talks['B2'].id}": "-5"})

    assert response.status_code == 200
    assert count(ContributionPlanning) == 0


def test_computing_a_proposal_shows_its_progress_then_its_diff(program_client, made):
    response = start(program_client, made)
    proposal = db.session.scalar(select(TimetableProposal))
    running = program_client.get(response.headers["Location"])
    run_one("test-worker", now=utcnow())
    ready = program_client.get(response.headers["Location"])

    assert response.status_code == 302
    assert proposal.job_id == db.session.scalar(select(Job.id))
    assert "data-job-progress" in running.text
    assert "job-progress.js" in running.text
    assert ready.status_code == 200
    assert 'id="planner-diff"' in ready.text
    assert "2 newly placed" in ready.text
    assert "Apply proposal" in ready.text


def test_a_program_that_cannot_be_planned_is_named_and_nothing_is_queued(program_client, made):
    made.talks["B2"].duration_minutes = 300
    db.session.commit()

    response = start(program_client, made)
    page = program_client.get(response.headers["Location"])

    assert response.status_code == 302
    assert "“Beitrag B2” lasts 300 minutes, longer than every block (the longest has 240 minutes)." in page.text
    assert (count(TimetableProposal), count(Job)) == (0, 0)


def test_a_bad_time_budget_or_day_is_refused(program_client, made):
    too_long = start(program_client, made, seconds="5000")
    bad_day = start(program_client, made, day="1999-01-01")

    assert (too_long.status_code, bad_day.status_code) == (302, 302)
    assert count(TimetableProposal) == 0


def test_applying_a_proposal_places_the_contributions(program_client, made):
    proposal = solved(program_client, made)
    page = f"{base(made.event)}/proposals/{proposal.id}"

    response = submit(program_client, f"{page}/apply", {}, form_url=page)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{made.event.id}/program/timetable")
    assert db.session.get(TimetableProposal, proposal.id).state == "applied"
    assert all(c.is_scheduled for c in made.talks.values())


def test_applying_a_stale_proposal_is_refused_with_a_message(program_client, made):
    proposal = solved(program_client, made)
    program.schedule(made.talks["A2"], made.rooms["saal"], at(made.event, 11), actor=None)
    db.session.commit()
    page = f"{base(made.event)}/proposals/{proposal.id}"

    response = submit(program_client, f"{page}/apply", {}, form_url=page, follow_redirects=True)

    assert response.status_code == 200
    assert (
        "The program changed since this proposal was computed (contributions moved, changed, added or removed: 1)"
        in response.text
    )
    assert db.session.get(TimetableProposal, proposal.id).state == "ready"
    assert made.talks["B2"].starts_at is None


def test_discarding_a_proposal(program_client, made):
    proposal = solved(program_client, made)
    page = f"{base(made.event)}/proposals/{proposal.id}"

    response = submit(program_client, f"{page}/discard", {}, form_url=page)

    assert response.status_code == 302
    assert db.session.get(TimetableProposal, proposal.id).state == "discarded"
    assert made.talks["B2"].starts_at is None


def test_apply_without_csrf_token_is_refused(program_client, made):
    proposal = solved(program_client, made)

    response = program_client.post(f"{base(made.event)}/proposals/{proposal.id}/apply")

    assert response.status_code == 400
    assert db.session.get(TimetableProposal, proposal.id).state == "ready"


@pytest.mark.parametrize("action", ["", "/apply", "/discard"])
def test_a_proposal_of_another_event_is_not_found(program_client, made, action):
    proposal = solved(program_client, made)
    other = planner_program("andere")
    page = program_client.get(f"{base(made.event)}/proposals/{proposal.id}")
    url = f"{base(other.event)}/proposals/{proposal.id}{action}"

    response = (
        program_client.get(url) if not action else program_client.post(url, data={"csrf_token": csrf_from(page.text)})
    )

    assert response.status_code == 404
    assert db.session.get(TimetableProposal, proposal.id).state == "ready"


def test_a_checkin_user_may_not_apply(client, made):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    proposal = solved(client, made)
    client.post("/logout", data={"csrf_token": csrf_from(client.get(base(made.event)).text)})
    make_user("einlass@example.org", roles=("checkin",))
    login(client, "einlass@example.org")
    token = csrf_from(client.get("/manage/").text)

    response = client.post(f"{base(made.event)}/proposals/{proposal.id}/apply", data={"csrf_token": token})

    assert response.status_code == 403
    assert db.session.get(TimetableProposal, proposal.id).state == "ready"
