"""The automatic scheduler: `plan` rule by rule and at NØRD size, judged by the conflict checker; the button."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta

import pytest
import requests
from sqlalchemy import select

from core.extensions import db
from core.models import AuditLog
from demo.program import DAY_PLAN, NOERD_ROOMS, SPEAKERS_PER_ROOM
from events.models import Event, Room
from events.program.models import ROOM_KINDS_FOR_FORMAT, Availability, Contribution, Speaker
from events.program.placing import timetable_conflicts
from events.program.timetable.scheduling import AutoScheduleResult, summary
from planning.timetable.conflicts import Rules, Slot, find_conflicts
from planning.timetable.solver import PlanRoom, Request, plan
from tests.factories import BERLIN, PASSWORD, csrf_from, login, make_event, make_user, submit
from tests.live_server import gunicorn_server_fixture  # noqa: F401 (the gunicorn_server fixture)

DAY = datetime(2027, 5, 27).date()
STAGE, STAGE_2, WORKSHOP, LOUNGE = (
    PlanRoom(1, "stage", 800),
    PlanRoom(2, "stage", 300),
    PlanRoom(3, "workshop", 40),
    PlanRoom(4, "lounge", 120),
)


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    return datetime.combine(DAY + timedelta(days=day), time(hour, minute), BERLIN)


def rules(days=((9, 18),), availability=None, day_count=1) -> Rules:
    return Rules(
        days=[(at(opens, day=d), at(closes, day=d)) for d in range(day_count) for opens, closes in days],
        availability=availability or {},
        room_kinds_for_format=ROOM_KINDS_FOR_FORMAT,
    )


def slots(rooms, requests, result, fixed=()) -> list[Slot]:
    """The plan's placements as the checker sees them, together with the fixed slots."""
    rooms, requests = {r.id: r for r in rooms}, {r.id: r for r in requests}
    placed = [
        Slot(
            p.contribution_id,
            p.starts_at,
            p.starts_at + timedelta(minutes=requests[p.contribution_id].minutes),
            p.room_id,
            rooms[p.room_id].kind,
            rooms[p.room_id].capacity,
            requests[p.contribution_id].format,
            requests[p.contribution_id].seats,
            requests[p.contribution_id].speaker_ids,
        )  # fmt: skip
        for p in result.placements
    ]
    return [*fixed, *placed]


def judged(rooms, the_rules, requests, fixed=()):
    """Plan, and let the checker judge the plan together with the fixed slots: (plan, placements by id, conflicts)."""
    result = plan(rooms, the_rules, requests, list(fixed))
    conflicts = find_conflicts(slots(rooms, requests, result, fixed), the_rules)
    return result, {p.contribution_id: p for p in result.placements}, conflicts


def errors(conflicts) -> list:
    return [c for c in conflicts if c.severity == "error"]


def test_each_format_goes_to_a_room_of_a_suitable_kind():
    rooms = [STAGE, WORKSHOP, LOUNGE, PlanRoom(5, "cafe", 60)]
    requests = [
        Request(1, "keynote", 45),
        Request(2, "workshop", 90, seats=20),
        Request(3, "world_cafe", 90),
        Request(4, "panel", 40),
        Request(5, "deep_dive", 45),
    ]

    result, placed, conflicts = judged(rooms, rules(), requests)

    assert conflicts == [] and result.unplaced == []
    assert placed[1].room_id == STAGE.id and placed[2].room_id == WORKSHOP.id
    assert placed[3].room_id in (5, LOUNGE.id) and placed[4].room_id in (STAGE.id, LOUNGE.id)
    assert placed[5].room_id in (WORKSHOP.id, LOUNGE.id)


def test_a_format_without_a_suitable_room_is_left_with_the_reason():
    result, placed, _ = judged([WORKSHOP], rules(), [Request(1, "keynote", 45), Request(2, "talk", 20)])

    assert [(u.contribution_id, u.reason) for u in result.unplaced] == [(1, "no_suitable_room")]
    assert placed[2].room_id == WORKSHOP.id


def test_a_workshop_gets_a_room_with_enough_seats_and_the_smallest_that_has_them():
    rooms = [PlanRoom(1, "workshop", 60), PlanRoom(2, "workshop", 20), PlanRoom(3, "workshop", 30)]
    requests = [Request(1, "workshop", 90, seats=25), Request(2, "workshop", 90, seats=100)]

    result, placed, conflicts = judged(rooms, rules(), requests)

    assert placed[1].room_id == 3
    assert [(u.contribution_id, u.reason) for u in result.unplaced] == [(2, "room_too_small")]
    assert conflicts == []


def test_a_room_holds_one_contribution_at_a_time_packed_without_gaps():
    requests = [Request(i, "talk", 60) for i in range(1, 5)]

    result, placed, conflicts = judged([STAGE], rules(days=((9, 12),)), requests)

    assert conflicts == []
    assert sorted(p.starts_at for p in placed.values()) == [at(9), at(10), at(11)]
    assert [(u.contribution_id, u.reason) for u in result.unplaced] == [(4, "no_free_time")]


def test_everything_stays_inside_the_event_hours_of_each_day():
    the_rules = rules(days=((9, 18),), day_count=2)
    requests = [Request(i, "talk", 45) for i in range(1, 25)] + [Request(99, "talk", 10 * 60)]

    result, placed, conflicts = judged([STAGE], the_rules, requests)

    assert conflicts == [] and len(placed) == 24
    assert {p.starts_at.astimezone(BERLIN).date() for p in placed.values()} == {DAY, DAY + timedelta(days=1)}
    assert [(u.contribution_id, u.reason) for u in result.unplaced] == [(99, "longer_than_a_day")]


def test_a_speaker_is_never_in_two_places_and_keeps_time_to_change_rooms():
    # Two rooms and the speaker's three talks: side by side would be quickest, but one person cannot do that.
    requests = [Request(i, "talk", 30, speaker_ids=(7,)) for i in (1, 2, 3)] + [Request(4, "talk", 30)]

    result, placed, conflicts = judged([STAGE, STAGE_2], rules(days=((9, 11),)), requests)

    assert result.unplaced == [] and conflicts == []  # no double booking, no changeover warning either
    starts = sorted(placed[i].starts_at for i in (1, 2, 3))
    assert all(b - a >= timedelta(minutes=30) for a, b in zip(starts, starts[1:], strict=False))


def test_speakers_are_placed_inside_their_availability():
    availability = {7: [(at(14, day=1), at(15, day=1))], 8: [(at(9), at(10)), (at(16, day=1), at(18, day=1))]}
    requests = [Request(1, "talk", 45, speaker_ids=(7,)), Request(2, "panel", 40, speaker_ids=(7, 8, 9))]
    requests.append(Request(3, "talk", 60, speaker_ids=(8,)))

    result, placed, conflicts = judged([STAGE, STAGE_2], rules(availability=availability, day_count=2), requests)

    assert conflicts == []
    assert at(14, day=1) <= placed[1].starts_at <= at(14, 15, day=1)
    assert [(u.contribution_id, u.reason) for u in result.unplaced] == [(2, "speakers_not_available")]
    assert placed[3].starts_at in (at(9), at(16, day=1), at(17, day=1))


def test_fixed_placements_are_never_moved_and_nothing_collides_with_them():
    fixed = [
        Slot(50, at(9), at(10), STAGE.id, "stage", 800, "keynote", None, (7,)),
        Slot(51, at(10), at(18), STAGE_2.id, "stage", 300, "talk", None, ()),
    ]
    requests = [Request(1, "talk", 60, speaker_ids=(7,)), Request(2, "keynote", 60), Request(3, "talk", 8 * 60 + 30)]

    result, placed, conflicts = judged([STAGE, STAGE_2], rules(), requests, fixed)

    assert conflicts == []
    assert set(placed) == {1, 2} and not {50, 51} & set(placed)
    assert placed[1].room_id == STAGE.id and placed[1].starts_at >= at(10)
    assert [(u.contribution_id, u.reason) for u in result.unplaced] == [(3, "no_free_time")]


def test_seconds_in_fixed_slots_never_make_a_free_stretch_look_longer():
    fixed = [Slot(50, at(9), at(10) + timedelta(seconds=30), STAGE.id, "stage", 800, "talk")]

    _, placed, conflicts = judged([STAGE], rules(days=((9, 12),)), [Request(1, "talk", 60)], fixed)

    assert conflicts == [] and placed[1].starts_at == at(10, 5)


def test_the_repair_moves_placed_contributions_to_make_room():
    # First fit puts both hour-long talks side by side at nine; the speaker's three half hours then need both rooms.
    requests = [
        Request(1, "talk", 30, speaker_ids=(3, 2)),
        Request(2, "talk", 30, speaker_ids=(3,)),
        Request(3, "talk", 30, speaker_ids=(3,)),
        Request(4, "talk", 60),
        Request(5, "talk", 60),
    ]

    result, placed, conflicts = judged([STAGE, STAGE_2], rules(days=((9, 11),)), requests)

    assert result.unplaced == [] and len(placed) == 5
    assert errors(conflicts) == []


def test_the_same_input_gives_the_same_plan_in_any_order():
    requests = noerd_requests(random.Random(3))[0][:80]
    rooms = noerd_rooms()
    shuffled = requests[:]
    random.Random(5).shuffle(shuffled)

    first = plan(rooms, rules(day_count=2), requests)

    assert plan(rooms, rules(day_count=2), requests) == first
    assert plan(list(reversed(rooms)), rules(day_count=2), shuffled) == first


def test_a_track_is_spread_rather_than_run_in_parallel():
    requests = [Request(i, "talk", 30, track_id=1) for i in range(1, 5)] + [Request(9, "talk", 30, track_id=2)]

    _, placed, conflicts = judged([STAGE, STAGE_2], rules(days=((9, 11),)), requests)

    assert conflicts == []
    track_starts = [placed[i].starts_at for i in range(1, 5)]
    assert len(set(track_starts)) == 4


def test_nothing_to_place_and_no_days_give_empty_or_explained_plans():
    assert plan([STAGE], rules(), []).placements == []
    no_days = plan([STAGE], Rules(days=[]), [Request(1, "talk", 30)])
    assert [(u.contribution_id, u.reason) for u in no_days.unplaced] == [(1, "longer_than_a_day")]


def noerd_rooms() -> list[PlanRoom]:
    return [PlanRoom(i, kind, seats) for i, (_, kind, seats) in enumerate(NOERD_ROOMS, start=1)]


def noerd_requests(rng: random.Random) -> tuple[list[Request], int]:
    """NØRD's program as the demo builds it (the rooms' day plans, speakers from each room's pool), none placed."""
    requests, pools, speaker_count = [], {}, 0
    for room in noerd_rooms():
        pools[room.id] = list(range(speaker_count + 1, speaker_count + 1 + SPEAKERS_PER_ROOM[room.kind]))
        speaker_count += SPEAKERS_PER_ROOM[room.kind]
    for _day in range(2):
        for room in noerd_rooms():
            for format_, minutes in (item for block in DAY_PLAN[room.kind] for item in block):
                people = [pools[room.id].pop(0) for _ in range(3 if format_ == "panel" else 1)]
                pools[room.id].extend(people)
                seats = min(room.capacity, 25) if format_ == "workshop" else None
                requests.append(Request(len(requests) + 1, format_, minutes, seats, tuple(people), rng.randrange(5)))
    return requests, speaker_count


def first_day_or_afternoons(speaker_count: int) -> dict:
    """Every fifth speaker can come on the first day only, every seventh only in the afternoons."""
    availability = {s: [(at(9), at(18))] for s in range(5, speaker_count + 1, 5)}
    return availability | {
        s: [(at(13), at(18)), (at(13, day=1), at(18, day=1))] for s in range(7, speaker_count + 1, 7)
    }


def five_hours(speaker_count: int) -> dict:
    """Every third speaker has five hours on one day, the morning or the afternoon (what the first run left over)."""
    return {
        s: [(at(9 + 4 * (s // 6 % 2), day=s // 3 % 2), at(14 + 4 * (s // 6 % 2), day=s // 3 % 2))]
        for s in range(3, speaker_count + 1, 3)
    }


@pytest.mark.parametrize("windows", [first_day_or_afternoons, five_hours])
def test_a_noerd_size_program_is_placed_completely_without_a_hard_conflict(windows):
    requests, speaker_count = noerd_requests(random.Random(1))
    the_rules = rules(availability=windows(speaker_count), day_count=2)

    result, placed, conflicts = judged(noerd_rooms(), the_rules, requests)

    assert len(requests) >= 300 and speaker_count == 120
    assert result.unplaced == [] and len(placed) == len(requests)
    assert errors(conflicts) == []


def test_an_impossible_program_reports_what_is_left_instead_of_a_conflict():
    # One stage for an hour, three half-hour talks: the third cannot be placed, and nothing overlaps.
    requests = [Request(i, "talk", 30, speaker_ids=(i,)) for i in (1, 2, 3)]

    result, placed, conflicts = judged([STAGE], rules(days=((9, 10),)), requests)

    assert conflicts == [] and len(placed) == 2
    assert [u.reason for u in result.unplaced] == ["no_free_time"]


# The organizer button


def test_the_summary_names_a_few_left_over_and_counts_the_rest(app_ctx):
    left = [(Contribution(title=f"Vortrag {i}"), "no_free_time") for i in range(1, 8)]

    with app_ctx.test_request_context():
        text = summary(AutoScheduleResult(placed=[], unplaced=left))
        nothing = summary(AutoScheduleResult([], []))

    assert text.startswith("0 ")
    assert "Vortrag 5" in text and "Vortrag 6" not in text and " 2 " in text
    assert nothing != text and "Vortrag" not in nothing


@pytest.fixture
def event_with_program(app_ctx):
    """An event with a stage and a workshop room, one talk already placed and three accepted ones waiting."""
    event = make_event()
    first, second = event.days
    stage = Room(event=event, name="NØRD Forum", kind="stage", capacity=400)
    workzone = Room(event=event, name="Workzone", kind="workshop", capacity=30)
    anna = Speaker(event=event, name="Anna Beispiel")
    ben = Speaker(event=event, name="Ben Muster")
    ben.availability = [
        Availability(
            starts_at=datetime.combine(second, time(13), BERLIN), ends_at=datetime.combine(second, time(15), BERLIN)
        )
    ]
    placed = Contribution(event=event, title="Begrüßung", format="keynote", duration_minutes=30, state="accepted")
    placed.speakers = [anna]
    placed.room, placed.starts_at = stage, datetime.combine(first, time(9), BERLIN)
    waiting = [
        Contribution(event=event, title="Offene Daten", format="talk", duration_minutes=30, state="accepted"),
        Contribution(event=event, title="Löten", format="workshop", duration_minutes=90, seats=20, state="accepted"),
        Contribution(event=event, title="Podium", format="panel", duration_minutes=40, state="accepted"),
        Contribution(event=event, title="Eingereicht", format="talk", duration_minutes=30, state="submitted"),
    ]
    waiting[0].speakers, waiting[2].speakers = [anna], [anna, ben]
    db.session.add_all([stage, workzone, placed, *waiting])
    db.session.commit()
    return event


def base(event) -> str:
    return f"/manage/events/{event.id}/program"


@pytest.mark.parametrize("roles", [("program",), ("admin",)])
def test_the_button_places_the_waiting_contributions(client, event_with_program, roles):
    event = event_with_program
    make_user(roles=roles)
    login(client)
    welcome = db.session.scalar(select(Contribution).where(Contribution.title == "Begrüßung"))
    before = (welcome.room_id, welcome.starts_at, welcome.sequence)

    page = client.get(base(event))
    response = submit(client, f"{base(event)}/auto-schedule", {}, form_url=base(event), follow_redirects=True)

    db.session.expire_all()
    contributions = {c.title: c for c in db.session.scalars(select(Contribution))}
    assert f'action="{base(event)}/auto-schedule"' in page.text
    assert response.status_code == 200
    assert all(contributions[t].is_scheduled for t in ("Offene Daten", "Löten", "Podium"))
    assert contributions["Löten"].room.name == "Workzone"
    assert contributions["Podium"].starts_at.astimezone(BERLIN).hour in (13, 14)
    assert not contributions["Eingereicht"].is_scheduled
    assert (welcome.room_id, welcome.starts_at, welcome.sequence) == before
    assert all(contributions[t].sequence == 1 for t in ("Offene Daten", "Löten", "Podium"))
    assert [c for c in timetable_conflicts(event) if c.severity == "error"] == []
    assert 'class="flash flash-success">3 ' in response.text
    actions = list(db.session.scalars(select(AuditLog.action)))
    assert actions.count("contribution.schedule") == 3 and "schedule.auto" in actions


def test_what_cannot_be_placed_is_named_with_its_reason(client, event_with_program):
    event = event_with_program
    db.session.add(
        Contribution(event=event, title="Riesenworkshop", format="workshop", duration_minutes=60, seats=500,
                     state="accepted")
    )  # fmt: skip
    db.session.commit()
    make_user(roles=("program",))
    login(client)

    response = submit(client, f"{base(event)}/auto-schedule", {}, form_url=base(event), follow_redirects=True)

    giant = db.session.scalar(select(Contribution).where(Contribution.title == "Riesenworkshop"))
    assert 'class="flash flash-error"' in response.text
    assert "Riesenworkshop" in response.text
    assert not giant.is_scheduled


def test_a_second_run_has_nothing_left_to_place(client, event_with_program):
    event = event_with_program
    make_user(roles=("program",))
    login(client)
    submit(client, f"{base(event)}/auto-schedule", {}, form_url=base(event))
    placed = {c.id: (c.room_id, c.starts_at) for c in db.session.scalars(select(Contribution))}

    again = submit(client, f"{base(event)}/auto-schedule", {}, form_url=base(event), follow_redirects=True)

    db.session.expire_all()
    assert {c.id: (c.room_id, c.starts_at) for c in db.session.scalars(select(Contribution))} == placed
    assert 'class="flash flash-success"' in again.text


def test_the_button_needs_the_csrf_token(client, event_with_program):
    event = event_with_program
    make_user(roles=("program",))
    login(client)

    response = client.post(f"{base(event)}/auto-schedule", data={})

    assert response.status_code in (302, 400)
    assert not any(c.is_scheduled for c in db.session.scalars(select(Contribution)) if c.title != "Begrüßung")


def test_checkin_staff_and_visitors_cannot_place(client, event_with_program):
    event = event_with_program
    anonymous = client.post(f"{base(event)}/auto-schedule", data={})
    make_user("einlass@example.org", roles=("checkin",))
    login(client, "einlass@example.org")

    refused = submit(client, f"{base(event)}/auto-schedule", {}, form_url="/manage/")

    assert anonymous.status_code in (302, 400) and refused.status_code == 403
    assert not any(c.is_scheduled for c in db.session.scalars(select(Contribution)) if c.title != "Begrüßung")


def press_at_the_barrier(url: str, email: str, event_id: int, barrier: threading.Barrier) -> requests.Response:
    """One organizer: log in, open the program page, wait for the other, press the button."""
    with requests.Session() as browser:
        page = browser.get(f"{url}/login", timeout=30)
        login_data = {"csrf_token": csrf_from(page.text), "email": email, "password": PASSWORD}
        assert browser.post(f"{url}/login", data=login_data, allow_redirects=False, timeout=30).status_code == 302
        page = browser.get(f"{url}/manage/events/{event_id}/program", timeout=30)
        barrier.wait(timeout=30)
        return browser.post(
            f"{url}/manage/events/{event_id}/program/auto-schedule",
            data={"csrf_token": csrf_from(page.text)},
            allow_redirects=False,
            timeout=60,
        )


def test_two_organizers_pressing_at_once_place_each_contribution_once(event_with_program, gunicorn_server):
    event = event_with_program
    make_user("a@example.org", roles=("program",))
    make_user("b@example.org", roles=("admin",))
    event_id = event.id
    db.session.commit()  # end the read: on SQLite the test's open transaction would block the server's writers
    barrier = threading.Barrier(2)

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(press_at_the_barrier, gunicorn_server.url, email, event_id, barrier)
            for email in ("a@example.org", "b@example.org")
        ]
        responses = [future.result() for future in futures]

    db.session.expire_all()
    assert [r.status_code for r in responses] == [302, 302], gunicorn_server.log()
    actions = list(db.session.scalars(select(AuditLog.action)))
    assert actions.count("contribution.schedule") == 3  # the second found nothing left to place
    placed = [c for c in db.session.scalars(select(Contribution)) if c.title in ("Offene Daten", "Löten", "Podium")]
    assert all(c.is_scheduled and c.sequence == 1 for c in placed)
    assert [c for c in timetable_conflicts(db.session.get(Event, event_id)) if c.severity == "error"] == []
