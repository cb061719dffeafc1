"""The organizer's timetable grid: the page (rooms, blocks, tray, every conflict in words) and the move endpoint that
drag and drop and the keyboard path post to."""

import json
import re
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from events.models import Event, Room
from events.program import placing as program
from events.program.models import Availability, Contribution, Speaker, Track
from tests.factories import BERLIN, csrf_from, login, make_event, make_user

CSRF_IN_CONFIG = re.compile(r'"csrfToken": "([^"]+)"')


@pytest.fixture
def program_client(client, app_ctx):
    make_user("programm@example.org", roles=("program",))
    login(client, "programm@example.org")
    client.get("/language/en")  # the texts asserted below are the English msgids; German comes with the catalog
    return client


def at(event: Event, hour: int, minute: int = 0, day: int = 0) -> datetime:
    return datetime.combine(event.days[day], time(hour, minute), BERLIN)


def contribution(event, title, *, speakers=(), track=None, state="accepted", **values) -> Contribution:
    made = Contribution(event=event, title=title, state=state, track=track, speakers=list(speakers), **values)
    db.session.add(made)
    db.session.flush()
    return made


def small_program():
    """Two stages and a workshop room over two days: every kind of conflict once, one talk in the tray."""
    event = make_event()
    forum = Room(event=event, name="NØRD Forum", kind="stage", capacity=800)
    stage = Room(event=event, name="NØRD Stage 2", kind="stage", capacity=300)
    workzone = Room(event=event, name="NØRD Workzone", kind="workshop", capacity=20)
    security = Track(event=event, name="Sicherheit", colour="#ffd23f")
    ada = Speaker(event=event, name="Ada Lovelace")
    grace = Speaker(event=event, name="Grace Hopper")
    db.session.add_all([forum, stage, workzone, security, ada, grace])
    db.session.flush()
    grace.availability = [Availability(starts_at=at(event, 9), ends_at=at(event, 12))]
    talks = {
        "opening": contribution(event, "Eröffnung", speakers=[ada], track=security, format="keynote"),
        "clash": contribution(event, "Offene Daten", speakers=[ada], duration_minutes=30),
        "late": contribution(event, "Spätvortrag", speakers=[grace]),
        "workshop": contribution(event, "Threat Modeling", format="workshop", seats=30, duration_minutes=90),
        "tray": contribution(event, "Noch ohne Platz", speakers=[grace], duration_minutes=45),
        "submitted": contribution(event, "Nur eingereicht", state="submitted"),
        "day_two": contribution(event, "Zweiter Tag", format="workshop"),
    }
    program.schedule(talks["opening"], forum, at(event, 9), actor=None)
    program.schedule(talks["clash"], stage, at(event, 9, 15), actor=None)  # Ada in two places
    program.schedule(talks["late"], forum, at(event, 17, 50), actor=None)  # ends after 18:00, Grace gone by 12
    program.schedule(talks["workshop"], workzone, at(event, 10), actor=None)  # 30 seats in a room for 20
    program.schedule(talks["day_two"], forum, at(event, 10, day=1), actor=None)  # a workshop on a stage
    db.session.commit()
    return event, {"forum": forum, "stage": stage, "workzone": workzone}, talks


def grid_url(event, day=None) -> str:
    url = f"/manage/events/{event.id}/program/timetable"
    return f"{url}?day={day.isoformat()}" if day else url


def post_move(client, event, payload, *, token=None):
    if token is None:
        token = CSRF_IN_CONFIG.search(client.get(grid_url(event)).text).group(1)
    body = payload if isinstance(payload, str) else json.dumps(payload)
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(f"{grid_url(event)}/moves", data=body, content_type="application/json", headers=headers)


def local_start(event, hour, minute=0, day=0) -> str:
    return f"{event.days[day].isoformat()}T{hour:02d}:{minute:02d}"


def test_grid_shows_rooms_blocks_the_tray_and_every_conflict_with_links(program_client):
    event, rooms, talks = small_program()

    page = program_client.get(grid_url(event, event.days[0]))

    html = page.text
    assert page.status_code == 200
    for name in ("NØRD Forum", "NØRD Stage 2", "NØRD Workzone"):
        assert f"<strong>{name}</strong>" in html
    assert "Workshop room · 20 seats" in html
    blocks = re.findall(r'<li class="tt-block[^"]*" id="c-(\d+)"', html)
    assert sorted(int(i) for i in blocks) == sorted(talks[k].id for k in ("opening", "clash", "late", "workshop"))
    assert re.findall(r'id="tray-(\d+)"', html) == [str(talks["tray"].id)]
    assert "Nur eingereicht" not in html
    texts = [
        "Ada Lovelace is in two places at once: “Eröffnung” and “Offene Daten”.",
        "Grace Hopper is not available at the time of “Spätvortrag”.",
        "“Spätvortrag” lies outside the event&#39;s hours or does not fit into the day.",
        "“Threat Modeling” offers more seats than its room holds.",
        "The room of “Zweiter Tag” does not suit its format.",  # on day two, listed on day one's page too
    ]
    for text in texts:
        assert text in html
    day_two = event.days[1].isoformat()
    assert f'href="{grid_url(event)}?day={day_two}#c-{talks["day_two"].id}"' in html
    assert "5 conflicts, 0 warnings" in html
    classes = re.search(rf'<li class="([^"]*)" id="c-{talks["clash"].id}"', html).group(1)
    assert classes.split() == ["tt-block", "has-error"]
    assert f'href="/manage/events/{event.id}/program/contributions/{talks["opening"].id}"' in html


def test_grid_of_an_empty_event_and_an_unknown_day_falls_back_to_the_first_day(program_client):
    event = make_event()

    page = program_client.get(f"{grid_url(event)}?day=1999-01-01")

    assert page.status_code == 200
    assert "No conflicts." in page.text
    assert re.search(r"Not placed yet \(<span[^>]*>0</span>\)", page.text)


def test_the_program_overview_links_the_grid(program_client):
    event = make_event()

    page = program_client.get(f"/manage/events/{event.id}/program")

    assert f'href="{grid_url(event)}"' in page.text


def test_moving_onto_a_taken_slot_reports_the_new_conflict_and_raises_the_sequence(program_client):
    event, rooms, talks = small_program()
    clash = talks["clash"]
    sequence = clash.sequence

    response = post_move(
        program_client,
        event,
        {"contribution_id": clash.id, "room_id": rooms["forum"].id, "starts_at": local_start(event, 9, 15)},
    )

    answer = response.get_json()
    assert response.status_code == 200
    assert (clash.room_id, clash.starts_at, clash.sequence) == (rooms["forum"].id, at(event, 9, 15), sequence + 1)
    assert answer["placed"] is True and answer["minute"] == 9 * 60 + 15 and answer["room_id"] == rooms["forum"].id
    assert answer["message"] == "Moved “Offene Daten” to NØRD Forum 09:15. 1 new conflict."
    assert "“Eröffnung” and “Offene Daten” are in the same room at the same time." in answer["conflicts_html"]
    assert answer["marks"][str(clash.id)] == "error" and answer["marks"][str(talks["opening"].id)] == "error"
    assert f'id="c-{clash.id}"' in answer["block_html"]


def test_moving_away_solves_the_conflict(program_client):
    event, rooms, talks = small_program()
    clash = talks["clash"]

    response = post_move(
        program_client,
        event,
        {"contribution_id": clash.id, "room_id": rooms["stage"].id, "starts_at": local_start(event, 11)},
    )

    answer = response.get_json()
    assert response.status_code == 200
    assert "in two places at once" not in answer["conflicts_html"]
    assert str(clash.id) not in answer["marks"]
    assert answer["message"] == "Moved “Offene Daten” to NØRD Stage 2 11:00. No new conflict. 1 conflict solved."


def test_a_start_is_snapped_to_five_minutes_and_a_changeover_is_a_warning(program_client):
    event, rooms, talks = small_program()
    clash = talks["clash"]  # Ada's keynote in the Forum ends at 9:30

    response = post_move(
        program_client,
        event,
        {"contribution_id": clash.id, "room_id": rooms["stage"].id, "starts_at": local_start(event, 9, 34)},
    )

    answer = response.get_json()
    assert clash.starts_at == at(event, 9, 30)
    assert "Ada Lovelace has less than 10 minutes to change rooms" in answer["conflicts_html"]
    assert answer["marks"][str(clash.id)] == "warning"


def test_dropping_on_the_tray_unschedules_and_placing_from_the_tray_schedules(program_client):
    event, rooms, talks = small_program()
    late, waiting = talks["late"], talks["tray"]
    sequence = late.sequence

    out = post_move(program_client, event, {"contribution_id": late.id, "room_id": None})
    placed = post_move(
        program_client,
        event,
        {"contribution_id": waiting.id, "room_id": rooms["stage"].id, "starts_at": local_start(event, 10)},
    )

    assert out.status_code == 200 and placed.status_code == 200
    assert (late.room_id, late.starts_at, late.sequence) == (None, None, sequence + 1)
    assert out.get_json()["placed"] is False and f'id="tray-{late.id}"' in out.get_json()["tray_html"]
    assert out.get_json()["message"] == "Took “Spätvortrag” out of the timetable. No new conflict. 2 conflicts solved."
    assert "Grace Hopper is not available" not in out.get_json()["conflicts_html"]
    assert (waiting.room_id, waiting.starts_at) == (rooms["stage"].id, at(event, 10))


def test_a_move_without_the_csrf_token_is_refused_and_changes_nothing(program_client):
    event, rooms, talks = small_program()
    clash = talks["clash"]

    response = post_move(
        program_client,
        event,
        {"contribution_id": clash.id, "room_id": rooms["forum"].id, "starts_at": local_start(event, 12)},
        token="",
    )

    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"
    assert (clash.room_id, clash.starts_at) == (rooms["stage"].id, at(event, 9, 15))


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("{not json", "move_malformed"),
        ("[1, 2]", "move_malformed"),
        ({"room_id": 1}, "move_malformed"),
        ({"contribution_id": "12", "room_id": None}, "move_malformed"),
        ({"contribution_id": True, "room_id": None}, "move_malformed"),
        ({"contribution_id": 2**40, "room_id": None}, "move_malformed"),
        ({"contribution_id": "clash", "room_id": "forum", "starts_at": "morgen"}, "move_malformed"),
        ({"contribution_id": "clash", "room_id": "forum", "starts_at": 930}, "move_malformed"),
        ({"contribution_id": "clash", "room_id": "forum", "starts_at": "2001-01-01T09:30"}, "time_outside_event"),
        ({"contribution_id": "clash", "room_id": 2**31 - 1, "starts_at": "day0T10:00"}, "room_unknown"),
        ({"contribution_id": "other", "room_id": "forum", "starts_at": "day0T10:00"}, "contribution_unknown"),
        ({"contribution_id": "clash", "room_id": "other_room", "starts_at": "day0T10:00"}, "room_unknown"),
        ({"contribution_id": "submitted", "room_id": "forum", "starts_at": "day0T10:00"}, "not_accepted"),
        ({"contribution_id": "submitted", "room_id": None}, "not_accepted"),
    ],
)
def test_bad_moves_answer_400_with_a_message_and_change_nothing(program_client, payload, code):
    event, rooms, talks = small_program()
    other_event = make_event("andere")
    talks["other"] = contribution(other_event, "Fremder Vortrag")
    rooms["other_room"] = Room(event=other_event, name="Fremder Saal", kind="stage", capacity=10)
    db.session.add(rooms["other_room"])
    db.session.commit()
    if isinstance(payload, dict):  # names stand for the ids made above; "day0" for the event's first day
        named = {**{k: v.id for k, v in talks.items()}, **{k: v.id for k, v in rooms.items()}}
        payload = {key: named.get(value, value) if isinstance(value, str) else value for key, value in payload.items()}
        if isinstance(payload.get("starts_at"), str):
            payload["starts_at"] = payload["starts_at"].replace("day0", event.days[0].isoformat())
    before = {c.id: (c.room_id, c.starts_at, c.sequence) for c in db.session.scalars(select(Contribution))}

    response = post_move(program_client, event, payload)

    db.session.expire_all()
    assert response.status_code == 400
    assert response.get_json()["error"] == code
    assert response.get_json()["message"] and response.get_json()["message"] != code
    assert {c.id: (c.room_id, c.starts_at, c.sequence) for c in db.session.scalars(select(Contribution))} == before


def test_anonymous_visitors_are_sent_to_login(client, app_ctx):
    event = make_event()
    token = csrf_from(client.get("/login").text)

    page = client.get(grid_url(event))
    move = client.post(
        f"{grid_url(event)}/moves", json={"contribution_id": 1, "room_id": None}, headers={"X-CSRFToken": token}
    )

    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    assert move.status_code == 302 and move.headers["Location"].startswith("/login")


def test_a_checkin_helper_may_not_open_or_change_the_grid(client, app_ctx):
    event, rooms, talks = small_program()
    make_user("tuer@example.org", roles=("checkin",))
    login(client, "tuer@example.org")
    token = csrf_from(client.get("/").text)  # the header's logout form

    page = client.get(grid_url(event))
    move = client.post(
        f"{grid_url(event)}/moves",
        json={"contribution_id": talks["late"].id, "room_id": None},
        headers={"X-CSRFToken": token},
    )

    assert page.status_code == 403
    assert move.status_code == 403
    assert talks["late"].room_id == rooms["forum"].id


def test_the_noerd_demo_grid_lists_a_conflict_after_a_move(runner, program_client):
    runner.invoke(args=["demo", "seed"])
    noerd = db.session.scalar(select(Event).where(Event.slug == "noerd"))
    first_day = noerd.days[0]
    day_start = datetime.combine(first_day, time(0), noerd.tz)
    placed = [c for c in program.scheduled_contributions(noerd) if day_start <= c.starts_at < day_start + timedelta(1)]
    mover, target = placed[0], next(c for c in placed[1:] if c.room_id != placed[0].room_id)
    local = target.starts_at.astimezone(noerd.tz)

    moved = post_move(
        program_client,
        noerd,
        {"contribution_id": mover.id, "room_id": target.room_id, "starts_at": f"{local:%Y-%m-%dT%H:%M}"},
    )
    page = program_client.get(grid_url(noerd, first_day))

    assert moved.status_code == 200
    assert page.status_code == 200
    assert len(re.findall(r'<li class="tt-block', page.text)) == len(placed)
    assert "are in the same room at the same time" in page.text
    assert f'#c-{target.id}"' in page.text
