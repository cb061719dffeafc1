"""Counting at the door without HTTP: + and − per 15-minute slice, never below zero (also when stewards press at
once), and the counts read back per room now and per slice over a day."""

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from cockpit.occupancy import counts
from cockpit.occupancy.models import DoorCount
from core.extensions import db
from core.models import AuditLog
from events.models import Room
from tests.factories import BERLIN, make_event


@pytest.fixture
def room(app_ctx):
    event = make_event()
    room = Room(event=event, name="Forum", kind="stage", capacity=3)
    db.session.add(room)
    db.session.commit()
    return room


def at(room, hour: int, minute: int = 0, day: int = 0) -> datetime:
    return datetime.combine(room.event.days[day], time(hour, minute), BERLIN)


def rows(room) -> list[tuple]:
    query = select(DoorCount.slice_start, DoorCount.entries, DoorCount.exits).where(DoorCount.room_id == room.id)
    return [(start.astimezone(BERLIN).strftime("%H:%M"), came, went) for start, came, went in db.session.execute(
        query.order_by(DoorCount.slice_start))]  # fmt: skip


def test_slice_start_floors_to_the_quarter_hour_in_utc():
    moment = datetime(2027, 5, 26, 9, 44, 59, 999, tzinfo=BERLIN)

    assert counts.slice_start(moment) == datetime(2027, 5, 26, 7, 30, tzinfo=UTC)
    assert counts.slice_start(datetime(2027, 5, 26, 7, 45, tzinfo=UTC)) == datetime(2027, 5, 26, 7, 45, tzinfo=UTC)


def test_entries_and_exits_add_to_the_slice_they_happen_in(room):

    counts.count_entry(room, now=at(room, 9, 1))
    counts.count_entry(room, now=at(room, 9, 14))
    counts.count_entry(room, now=at(room, 9, 15))
    after = counts.count_exit(room, now=at(room, 9, 20))
    db.session.commit()

    assert after == 2
    assert rows(room) == [("09:00", 2, 0), ("09:15", 1, 1)]
    assert counts.occupancy(room) == 2
    # Counts only: no audit row per click (its time and steward would log the arrivals the counts avoid).
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.subject_id == room.id)) == 0


def test_an_exit_from_an_empty_room_is_refused_and_changes_nothing(room):
    counts.count_entry(room, now=at(room, 10))
    counts.count_exit(room, now=at(room, 10, 5))
    db.session.commit()

    with pytest.raises(counts.OccupancyError) as refused:
        counts.count_exit(room, now=at(room, 10, 20))
    db.session.rollback()

    assert refused.value.code == "empty"
    assert rows(room) == [("10:00", 1, 1)]
    assert counts.occupancy(room) == 0


def test_stewards_pressing_minus_at_once_never_take_the_count_below_zero(app, room):
    for _ in range(3):
        counts.count_entry(room, now=at(room, 11))
    db.session.commit()
    room_id, stewards, moment = room.id, 8, at(room, 11, 5)
    db.session.commit()  # the test's own transaction must not hold SQLite's write lock while the stewards press
    start, results = threading.Barrier(stewards), []

    def steward():
        with app.app_context():
            start.wait()
            try:
                counts.count_exit(db.session.get(Room, room_id), now=moment)
                db.session.commit()
                results.append("counted")
            except counts.OccupancyError:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=steward) for _ in range(stewards)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["counted"] * 3 + ["refused"] * 5
    db.session.expire_all()
    assert counts.occupancy(room) == 0


def test_stewards_pressing_plus_at_once_in_a_new_slice_all_count_in_one_row(app, room):
    room_id, stewards, moment = room.id, 6, at(room, 12, 7)
    db.session.commit()
    start = threading.Barrier(stewards)

    def steward():
        with app.app_context():
            start.wait()
            counts.count_entry(db.session.get(Room, room_id), now=moment)
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=steward) for _ in range(stewards)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    db.session.expire_all()
    assert rows(room) == [("12:00", stewards, 0)]
    assert db.session.scalar(select(func.count()).select_from(DoorCount)) == 1


def test_rooms_now_gives_each_room_its_count_share_and_full_state(room):
    event = room.event
    hall = Room(event=event, name="Halle", kind="exhibition", capacity=0)
    cafe = Room(event=event, name="Café", kind="cafe", capacity=10)
    db.session.add_all([hall, cafe])
    for _ in range(3):
        counts.count_entry(room, now=at(room, 9))
    counts.count_entry(hall, now=at(room, 9))
    counts.count_entry(cafe, now=at(room, 9))
    db.session.commit()

    now = {r.room.name: (r.count, r.percent, r.is_full) for r in counts.rooms_now(event)}

    assert now == {"Forum": (3, 100, True), "Halle": (1, None, False), "Café": (1, 10, False)}


def test_day_slices_cover_the_opening_hours_and_carry_the_count_through_the_day(room):
    other = Room(event=room.event, name="Atelier", kind="workshop", capacity=20)
    db.session.add(other)
    for minute in (0, 5, 20):
        counts.count_entry(room, now=at(room, 9, minute))
    counts.count_exit(room, now=at(room, 10, 40))
    counts.count_entry(other, now=at(room, 18, 50))  # after closing: the window grows
    db.session.commit()

    day = counts.day_slices(room.event, room.event.days[0])

    labels = [start.astimezone(BERLIN).strftime("%H:%M") for start in day.starts]
    assert labels[0] == "09:00" and labels[-1] == "18:45" and len(labels) == 40
    forum, atelier = {r.room.name: r for r in day.rooms}["Forum"], {r.room.name: r for r in day.rooms}["Atelier"]
    assert forum.entries[:3] == [2, 1, 0] and forum.exits[6] == 1
    assert forum.occupancy[:8] == [2, 3, 3, 3, 3, 3, 2, 2] and forum.occupancy[-1] == 2
    assert atelier.occupancy[-1] == 1 and sum(atelier.occupancy) == 1


def test_the_next_day_starts_from_those_still_counted_in(room):
    counts.count_entry(room, now=at(room, 17))
    db.session.commit()

    second = counts.day_slices(room.event, room.event.days[1])

    assert second.rooms[0].occupancy[0] == 1 and second.rooms[0].entries == [0] * len(second.starts)
    assert counts.counted_days(room.event) == [room.event.days[0]]
    assert second.starts[0] - timedelta(hours=0) == datetime.combine(room.event.days[1], time(9), BERLIN)
