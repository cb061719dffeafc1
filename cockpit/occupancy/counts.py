"""Counting at the door and reading the counts back: one + or − adds to the current 15-minute slice of a room; the
occupancy is every entry minus every exit, and it never goes below zero."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from cockpit.occupancy.models import DoorCount
from core.errors import DomainError
from core.extensions import db
from events.models import Event, Room

SLICE = timedelta(minutes=15)


class OccupancyError(DomainError):
    """A count the door cannot take: "empty" (an exit from a room nobody is in)."""


@dataclass(frozen=True)
class RoomNow:
    room: Room
    count: int

    @property
    def capacity(self) -> int:
        return self.room.capacity

    @property
    def percent(self) -> int | None:
        """The share of the capacity taken, rounded down; None for a room without a capacity."""
        return self.count * 100 // self.capacity if self.capacity > 0 else None

    @property
    def is_full(self) -> bool:
        return self.capacity > 0 and self.count >= self.capacity


@dataclass(frozen=True)
class RoomSlices:
    room: Room
    entries: list[int]
    exits: list[int]
    occupancy: list[int]  # at the end of each slice


@dataclass(frozen=True)
class DaySlices:
    starts: list[datetime]  # UTC, one per 15-minute slice of the day's window
    rooms: list[RoomSlices]


def slice_start(moment: datetime) -> datetime:
    """The start of the 15-minute slice `moment` lies in (UTC, aware)."""
    floored = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return floored - timedelta(minutes=floored.minute % 15)


def count_entry(room: Room, *, now: datetime) -> int:
    """One person went in: the room's current slice gains an entry. Returns the occupancy afterwards.

    Not audited: a click per person with its time and steward would be the log of arrivals the counts avoid."""
    _add(room, "entries", now)
    return occupancy(room)


def count_exit(room: Room, *, now: datetime) -> int:
    """One person went out: the current slice gains an exit. Returns the occupancy afterwards.

    :raises OccupancyError: "empty" when nobody is counted in the room (nothing changes).
    """
    # Exits of one room are serialised on the room's row, so two stewards pressing − at 1 cannot both pass the check
    # (SQLite serialises all writers anyway). An entry meanwhile only raises the number: it needs no lock.
    db.session.execute(select(Room.id).where(Room.id == room.id).with_for_update(key_share=True))
    if occupancy(room) <= 0:
        raise OccupancyError("empty")
    _add(room, "exits", now)
    return occupancy(room)


def _add(room: Room, column: str, now: datetime) -> None:
    """Add one to `column` of the room's slice at `now`: a conditional UPDATE, and an INSERT when the slice has no row
    yet; a parallel request that inserted it first makes the INSERT fail, and the UPDATE then finds its row."""
    start = slice_start(now)
    where = (DoorCount.room_id == room.id, DoorCount.slice_start == start)
    for _attempt in range(3):
        changed = db.session.execute(
            update(DoorCount).where(*where).values({column: getattr(DoorCount, column) + 1}),
            execution_options={"synchronize_session": False},
        )
        if changed.rowcount == 1:
            return
        values = {"entries": 0, "exits": 0} | {column: 1}
        try:
            with db.session.begin_nested():
                db.session.execute(
                    insert(DoorCount).values(event_id=room.event_id, room_id=room.id, slice_start=start, **values)
                )
            return
        except IntegrityError:
            continue
    raise RuntimeError("door count: the slice's row neither updates nor inserts")


def occupancy(room: Room) -> int:
    """How many are in the room now: all entries minus all exits."""
    total = select(func.coalesce(func.sum(DoorCount.entries - DoorCount.exits), 0)).where(DoorCount.room_id == room.id)
    return db.session.scalar(total)


def rooms_now(event: Event) -> list[RoomNow]:
    """Every room of the event with how many are in it now, by name."""
    totals = dict(
        db.session.execute(
            select(DoorCount.room_id, func.sum(DoorCount.entries - DoorCount.exits))
            .where(DoorCount.event_id == event.id)
            .group_by(DoorCount.room_id)
        ).all()
    )
    return [RoomNow(room, int(totals.get(room.id) or 0)) for room in event.rooms]


def room_now(room: Room) -> RoomNow:
    return RoomNow(room, occupancy(room))


def counted_days(event: Event) -> list[date]:
    """The event's days that have counts, in order."""
    starts = db.session.scalars(select(DoorCount.slice_start).where(DoorCount.event_id == event.id).distinct())
    days = {event.local(start).date() for start in starts}
    return [day for day in event.days if day in days]


def day_window(event: Event, day: date) -> tuple[datetime, datetime]:
    """The slices shown for `day`: the event's opening hours that day, widened to every slice counted that day."""
    tz = event.tz
    midnight = datetime.combine(day, time(0), tz)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tz)
    opens = datetime.combine(day, event.local(event.starts_at).time(), tz)
    closes = datetime.combine(day, event.local(event.ends_at).time(), tz)
    if closes <= opens:
        opens, closes = midnight, next_midnight
    counted = db.session.execute(
        select(func.min(DoorCount.slice_start), func.max(DoorCount.slice_start)).where(
            DoorCount.event_id == event.id, DoorCount.slice_start >= midnight, DoorCount.slice_start < next_midnight
        )
    ).one()
    first, last = counted
    if first is not None:
        opens, closes = min(opens, first), max(closes, last + SLICE)
    return slice_start(opens), closes


def day_slices(event: Event, day: date) -> DaySlices:
    """Entries, exits and occupancy per room and 15-minute slice over `day` (occupancy carried from before)."""
    opens, closes = day_window(event, day)
    starts = []
    moment = opens
    while moment < closes:
        starts.append(moment)
        moment += SLICE
    index = {start: i for i, start in enumerate(starts)}
    rooms = event.rooms
    entries = {room.id: [0] * len(starts) for room in rooms}
    exits = {room.id: [0] * len(starts) for room in rooms}
    rows = db.session.execute(
        select(DoorCount.room_id, DoorCount.slice_start, DoorCount.entries, DoorCount.exits).where(
            DoorCount.event_id == event.id, DoorCount.slice_start >= opens, DoorCount.slice_start < closes
        )
    )
    for room_id, start, came, went in rows:
        if room_id in entries and start in index:
            entries[room_id][index[start]] += came
            exits[room_id][index[start]] += went
    before = dict(
        db.session.execute(
            select(DoorCount.room_id, func.sum(DoorCount.entries - DoorCount.exits))
            .where(DoorCount.event_id == event.id, DoorCount.slice_start < opens)
            .group_by(DoorCount.room_id)
        ).all()
    )
    result = []
    for room in rooms:
        level, levels = int(before.get(room.id) or 0), []
        for came, went in zip(entries[room.id], exits[room.id], strict=True):
            level += came - went
            levels.append(level)
        result.append(RoomSlices(room, entries[room.id], exits[room.id], levels))
    return DaySlices(starts, result)
