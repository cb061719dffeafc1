"""Organizer pages for the program: rooms, tracks, speakers, contributions, placing them, publishing."""

from datetime import datetime, time

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditLog
from events.models import Room
from events.program.models import Contribution, Speaker, Track
from tests.factories import BERLIN, login, make_event, make_user, submit

ROOM = {"name": "NØRD Forum", "kind": "stage", "capacity": "400", "access_notes": "stufenlos, Induktionsschleife"}
TRACK = {"name": "Smart City", "colour": "#aa3300"}


@pytest.fixture
def program_client(client, app_ctx):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    return client


def base(event) -> str:
    return f"/manage/events/{event.id}/program"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def make_room(client, event, **overrides) -> Room:
    response = submit(client, f"{base(event)}/rooms/new", {**ROOM, **overrides})
    assert response.status_code == 302, response.text
    return db.session.scalars(select(Room).order_by(Room.id.desc())).first()


def make_speaker(client, event, name, availability="") -> Speaker:
    response = submit(client, f"{base(event)}/speakers/new", {"name": name, "availability": availability})
    assert response.status_code == 302, response.text
    return db.session.scalars(select(Speaker).order_by(Speaker.id.desc())).first()


def contribution_data(**overrides) -> dict:
    return {
        "title": "Offene Daten für Rostock",
        "abstract": "Was die Stadt schon veröffentlicht.",
        "format": "talk",
        "duration_minutes": "30",
        "language": "de",
        "track_id": "",
        "state": "accepted",
        **overrides,
    }


def make_contribution(client, event, **overrides) -> Contribution:
    response = submit(client, f"{base(event)}/contributions/new", contribution_data(**overrides))
    assert response.status_code == 302, response.text
    return db.session.scalars(select(Contribution).order_by(Contribution.id.desc())).first()


def test_program_user_builds_rooms_tracks_speakers_and_contributions(program_client):
    event = make_event()
    day = event.days[0]

    room = make_room(program_client, event)
    assert submit(program_client, f"{base(event)}/tracks/new", TRACK).status_code == 302
    track = db.session.scalar(select(Track))
    anna = make_speaker(program_client, event, "Anna Beispiel", f"{day:%Y-%m-%d} 09:00-12:00")
    ben = make_speaker(program_client, event, "Ben Muster")
    contribution = make_contribution(
        program_client, event, track_id=str(track.id), speaker_ids=[str(anna.id), str(ben.id)]
    )
    overview = program_client.get(base(event))

    assert (room.name, room.kind, room.capacity, room.event_id) == ("NØRD Forum", "stage", 400, event.id)
    assert (track.name, track.colour, track.event_id) == ("Smart City", "#aa3300", event.id)
    assert [(w.starts_at, w.ends_at) for w in anna.availability] == [
        (datetime.combine(day, time(9), BERLIN), datetime.combine(day, time(12), BERLIN))
    ]
    assert ben.availability == []
    assert contribution.event_id == event.id and contribution.track == track
    assert sorted(s.name for s in contribution.speakers) == ["Anna Beispiel", "Ben Muster"]
    assert (contribution.format, contribution.duration_minutes, contribution.state) == ("talk", 30, "accepted")
    assert overview.status_code == 200
    for text in ("NØRD Forum", "Smart City", "Anna Beispiel", "Offene Daten für Rostock"):
        assert text in overview.text
    assert f"{base(event)}/contributions/{contribution.id}" in overview.text
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"room.save", "track.save", "speaker.save", "contribution.save"} <= actions


def test_editing_shows_the_saved_values_and_saves_changes(program_client):
    event = make_event()
    day = event.days[1]
    speaker = make_speaker(program_client, event, "Anna Beispiel", f"{day:%Y-%m-%d} 13:00-15:30")
    contribution = make_contribution(program_client, event, speaker_ids=[str(speaker.id)])
    url = f"{base(event)}/contributions/{contribution.id}"

    speaker_page = program_client.get(f"{base(event)}/speakers/{speaker.id}")
    page = program_client.get(url)
    response = submit(
        program_client,
        url,
        contribution_data(title="Offene Daten, neu gedacht", format="workshop", duration_minutes="90", seats="20"),
    )

    assert f"{day:%Y-%m-%d} 13:00-15:30" in speaker_page.text
    assert "Offene Daten für Rostock" in page.text
    assert response.status_code == 302
    assert (contribution.title, contribution.format, contribution.duration_minutes, contribution.seats) == (
        "Offene Daten, neu gedacht",
        "workshop",
        90,
        20,
    )
    assert contribution.speakers == []  # none chosen this time
    assert contribution.sequence == 1  # a new title reaches the calendars


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "x" * 301),
        ("duration_minutes", "0"),
        ("duration_minutes", "481"),
        ("format", "lecture"),
        ("language", "fr"),
        ("seats", "0"),
        ("state", "maybe"),
    ],
)
def test_bad_contribution_input_changes_nothing(program_client, field, value):
    event = make_event()
    contribution = make_contribution(program_client, event)
    before = (contribution.title, contribution.format, contribution.duration_minutes, contribution.language)

    created = submit(program_client, f"{base(event)}/contributions/new", contribution_data(**{field: value}))
    edited = submit(
        program_client, f"{base(event)}/contributions/{contribution.id}", contribution_data(**{field: value})
    )

    assert created.status_code == edited.status_code == 200
    assert f'id="{field}-error"' in edited.text
    assert count(Contribution) == 1
    assert (contribution.title, contribution.format, contribution.duration_minutes, contribution.language) == before


def test_a_track_or_speaker_of_another_event_is_refused_by_the_rule(program_client):
    event, other = make_event("a"), make_event("b")
    submit(program_client, f"{base(other)}/tracks/new", TRACK)
    foreign_track = db.session.scalar(select(Track))
    foreign_speaker = make_speaker(program_client, other, "Fremd")

    by_track = submit(
        program_client, f"{base(event)}/contributions/new", contribution_data(track_id=str(foreign_track.id))
    )
    by_speaker = submit(
        program_client, f"{base(event)}/contributions/new", contribution_data(speaker_ids=[str(foreign_speaker.id)])
    )
    seats_for_a_talk = submit(program_client, f"{base(event)}/contributions/new", contribution_data(seats="10"))

    assert by_track.status_code == by_speaker.status_code == seats_for_a_talk.status_code == 200
    assert 'id="track_id-error"' in by_track.text
    assert "Bitte einen Themenstrang dieser Veranstaltung wählen." in by_track.text
    assert 'id="speaker_ids-error"' in by_speaker.text
    assert 'id="seats-error"' in seats_for_a_talk.text
    assert count(Contribution) == 0


@pytest.mark.parametrize(
    "availability",
    ["morgens", "2027-13-01 09:00-12:00", "{day} 12:00-09:00", "2001-01-01 09:00-12:00"],
)
def test_bad_availability_changes_nothing(program_client, availability):
    event = make_event()
    speaker = make_speaker(program_client, event, "Anna Beispiel", f"{event.days[0]:%Y-%m-%d} 09:00-12:00")
    windows = [(w.starts_at, w.ends_at) for w in speaker.availability]

    response = submit(
        program_client,
        f"{base(event)}/speakers/{speaker.id}",
        {"name": "Anna B.", "availability": availability.format(day=f"{event.days[0]:%Y-%m-%d}")},
    )

    assert response.status_code == 200
    assert 'id="availability-error"' in response.text
    assert speaker.name == "Anna Beispiel"
    assert [(w.starts_at, w.ends_at) for w in speaker.availability] == windows


def test_bad_room_and_track_input_changes_nothing(program_client):
    event = make_event()

    bad_room = submit(program_client, f"{base(event)}/rooms/new", {**ROOM, "kind": "ballroom"})
    negative = submit(program_client, f"{base(event)}/rooms/new", {**ROOM, "capacity": "-1"})
    bad_colour = submit(program_client, f"{base(event)}/tracks/new", {**TRACK, "colour": "red"})

    assert bad_room.status_code == negative.status_code == bad_colour.status_code == 200
    assert count(Room) == count(Track) == 0


def test_an_accepted_contribution_is_placed_and_taken_out_again(program_client):
    event = make_event()
    room = make_room(program_client, event)
    contribution = make_contribution(program_client, event)
    url = f"{base(event)}/contributions/{contribution.id}"
    day = event.days[0]

    page = program_client.get(url)
    placed = submit(
        program_client, f"{url}/schedule", {"room_id": str(room.id), "starts_at": f"{day:%Y-%m-%d}T10:30"}, form_url=url
    )
    placed_state = (contribution.room_id, contribution.starts_at, contribution.sequence)
    shown = program_client.get(url)
    submit(program_client, f"{url}/unschedule", {}, form_url=url)

    assert f'action="{url}/schedule"' in page.text and 'name="starts_at"' in page.text
    assert placed.status_code == 302 and placed.headers["Location"] == url
    assert placed_state == (room.id, datetime.combine(day, time(10, 30), BERLIN), 1)
    assert f'value="{day:%Y-%m-%d}T10:30"' in shown.text
    assert (contribution.room_id, contribution.starts_at, contribution.sequence) == (None, None, 2)
    assert contribution.state == "accepted"


def test_placing_refuses_submitted_contributions_and_foreign_rooms(program_client):
    event, other = make_event("a"), make_event("b")
    foreign_room = make_room(program_client, other)
    room = make_room(program_client, event)
    submitted = make_contribution(program_client, event, state="submitted")
    accepted = make_contribution(program_client, event, title="Angenommen")
    start = f"{event.days[0]:%Y-%m-%d}T10:00"

    refused = submit(
        program_client,
        f"{base(event)}/contributions/{submitted.id}/schedule",
        {"room_id": str(room.id), "starts_at": start},
        form_url=f"{base(event)}/contributions/{submitted.id}",
    )
    foreign = submit(
        program_client,
        f"{base(event)}/contributions/{accepted.id}/schedule",
        {"room_id": str(foreign_room.id), "starts_at": start},
        form_url=f"{base(event)}/contributions/{accepted.id}",
    )
    no_time = submit(
        program_client,
        f"{base(event)}/contributions/{accepted.id}/schedule",
        {"room_id": str(room.id), "starts_at": "bald"},
        form_url=f"{base(event)}/contributions/{accepted.id}",
    )

    assert refused.status_code == 302 and submitted.room_id is None
    assert foreign.status_code == 404
    assert no_time.status_code == 302 and accepted.room_id is None


def test_rejecting_a_placed_contribution_takes_it_out_of_the_timetable(program_client):
    event = make_event()
    room = make_room(program_client, event)
    contribution = make_contribution(program_client, event)
    url = f"{base(event)}/contributions/{contribution.id}"
    submit(
        program_client,
        f"{url}/schedule",
        {"room_id": str(room.id), "starts_at": f"{event.days[0]:%Y-%m-%d}T10:00"},
        form_url=url,
    )

    submit(program_client, url, contribution_data(state="rejected"))

    assert (contribution.state, contribution.room_id, contribution.starts_at) == ("rejected", None, None)


def test_publish_and_withdraw_the_timetable(program_client):
    event = make_event()
    contribution = make_contribution(program_client, event)

    published = submit(program_client, f"{base(event)}/publish", {}, form_url=base(event))
    published_at = event.schedule_published_at
    published_sequence = contribution.published_sequence
    withdrawn = submit(program_client, f"{base(event)}/withdraw", {}, form_url=base(event))

    assert published.status_code == withdrawn.status_code == 302
    assert published_at is not None and published_sequence == contribution.sequence
    assert event.schedule_published_at is None
    assert {"schedule.publish", "schedule.withdraw"} <= set(db.session.scalars(select(AuditLog.action)))


def test_anonymous_visitors_are_sent_to_login(client, app_ctx):
    event = make_event()

    response = client.get(base(event))

    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["", "/rooms/new", "/tracks/new", "/speakers/new", "/contributions/new"])
def test_checkin_staff_are_refused(client, app_ctx, path):
    event = make_event()
    make_user("einlass@example.org", roles=("checkin",))
    login(client, "einlass@example.org")

    assert client.get(base(event) + path).status_code == 403
    assert submit(client, f"{base(event)}/publish", {}, form_url="/manage/").status_code == 403
    assert event.schedule_published_at is None


@pytest.mark.parametrize("roles", [("admin",), ("program",)])
def test_admin_and_program_may_open_every_page(client, app_ctx, roles):
    event = make_event()
    make_user(roles=roles)
    login(client)

    for path in ("", "/rooms/new", "/tracks/new", "/speakers/new", "/contributions/new"):
        assert client.get(base(event) + path).status_code == 200, path


def test_objects_of_another_event_are_not_reachable(program_client):
    event, other = make_event("a"), make_event("b")
    room = make_room(program_client, other)
    speaker = make_speaker(program_client, other, "Fremd")
    contribution = make_contribution(program_client, other)

    for path in (f"/rooms/{room.id}", f"/speakers/{speaker.id}", f"/contributions/{contribution.id}"):
        assert program_client.get(base(event) + path).status_code == 404, path
    renamed = submit(
        program_client,
        f"{base(other)}/rooms/{room.id}",
        {**ROOM, "name": "Umbenannt"},
        form_url=f"{base(other)}/rooms/{room.id}",
    )
    assert renamed.status_code == 302
    assert program_client.post(f"{base(event)}/rooms/{room.id}", data=ROOM).status_code in (400, 404)
