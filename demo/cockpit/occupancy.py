"""Door counts for a past edition: how full each room was per 15 minutes over its day(s), as stewards at the doors
would have counted them. People arrive before the opening and fill the stage, most leave it for the World Café and
come back for the closing, workshops fill after the keynote; rooms stay below their capacity most of the time, never
below zero, and are empty again after the end. Only numbers, as in the real counter (cockpit/occupancy)."""

import random
from datetime import datetime, time, timedelta

from cockpit.occupancy.counts import SLICE, slice_start
from cockpit.occupancy.models import DoorCount
from core.extensions import db
from events.models import Event

NOMINAL_SIZE = 50  # a room without a capacity is counted as if it held this many
EARLY = timedelta(minutes=45)  # the doors open this long before the program starts
# Share of the capacity in the room over the day: (point of the opening hours from 0 = start to 1 = end, share).
PROFILES = {
    "stage": [(-0.15, 0.0), (0.0, 0.55), (0.08, 0.8), (0.35, 0.78), (0.4, 0.2), (0.7, 0.18), (0.76, 0.72),
              (0.95, 0.6), (1.0, 0.0)],
    "cafe": [(-0.15, 0.0), (0.0, 0.05), (0.34, 0.05), (0.42, 0.82), (0.7, 0.86), (0.76, 0.1), (1.0, 0.0)],
    "workshop": [(-0.15, 0.0), (0.1, 0.2), (0.18, 0.9), (0.35, 0.85), (0.4, 0.25), (0.7, 0.3), (0.76, 0.65),
                 (0.95, 0.5), (1.0, 0.0)],
    "lounge": [(-0.15, 0.0), (0.0, 0.3), (0.1, 0.15), (0.4, 0.5), (0.7, 0.45), (0.95, 0.35), (1.0, 0.0)],
}  # fmt: skip
PROFILES["exhibition"] = PROFILES["lounge"]


def share_at(profile: list[tuple[float, float]], point: float) -> float:
    """The profile's share at `point`, interpolated linearly; 0 outside it."""
    for (x0, y0), (x1, y1) in zip(profile, profile[1:], strict=False):
        if x0 <= point <= x1:
            return y0 + (y1 - y0) * (point - x0) / (x1 - x0)
    return 0.0


def seed_room_counts(event: Event, rng: random.Random) -> int:
    """Entries and exits per room and slice on each day of `event` (rooms as they are); returns the rows added."""
    added = 0
    for day in event.days:
        opens = datetime.combine(day, event.local(event.starts_at).time(), event.tz)
        closes = datetime.combine(day, event.local(event.ends_at).time(), event.tz)
        if closes <= opens:
            opens, closes = datetime.combine(day, time(9), event.tz), datetime.combine(day, time(18), event.tz)
        for room in event.rooms:
            added += _seed_room_day(room, opens, closes, rng)
    db.session.flush()
    return added


def _seed_room_day(room, opens: datetime, closes: datetime, rng: random.Random) -> int:
    profile = PROFILES.get(room.kind, PROFILES["lounge"])
    size = room.capacity if room.capacity > 0 else NOMINAL_SIZE
    span = (closes - opens).total_seconds()
    moment, last, inside, added = slice_start(opens - EARLY), slice_start(closes) + SLICE, 0, 0
    while moment <= last:
        point = ((moment + SLICE - opens).total_seconds()) / span  # the share counted at the slice's end
        target = 0 if moment >= last else min(size, round(share_at(profile, point) * size * rng.uniform(0.88, 1.04)))
        churn = rng.randint(0, min(inside, target) // 8) if target else 0  # some go out and others in
        entries, exits = max(0, target - inside) + churn, max(0, inside - target) + churn
        if entries or exits:
            db.session.add(DoorCount(event_id=room.event_id, room_id=room.id, slice_start=moment, entries=entries,
                                     exits=exits))  # fmt: skip
            added += 1
        inside, moment = target, moment + SLICE
    return added
