"""The demo's door counts: plausible over a past day, never below zero, mostly below capacity, empty at the end."""

import random
from datetime import timedelta

from cockpit.occupancy import counts
from core.db import utcnow
from core.extensions import db
from demo.cockpit.occupancy import seed_room_counts
from events.models import Room
from tests.factories import make_event


def test_seeded_counts_fill_the_rooms_over_the_day_and_empty_them_at_the_end(app_ctx):
    event = make_event("vergangen", days=1, starts_in_days=-21, registration_opens_at=utcnow() - timedelta(days=60))
    stage = Room(event=event, name="Löwenscher Saal", kind="stage", capacity=90)
    cafe = Room(event=event, name="World Café", kind="cafe", capacity=80)
    lab = Room(event=event, name="Fablab", kind="workshop", capacity=20)
    db.session.add_all([stage, cafe, lab])
    db.session.flush()

    added = seed_room_counts(event, random.Random(7))
    db.session.commit()

    assert added > 30
    day = counts.day_slices(event, event.days[0])
    levels = {r.room.name: r.occupancy for r in day.rooms}
    for room in day.rooms:
        assert min(room.occupancy) >= 0 and room.occupancy[-1] == 0
        below = sum(level < room.room.capacity for level in room.occupancy)
        assert below >= 0.9 * len(room.occupancy)
        assert max(room.occupancy) <= room.room.capacity
    # People come in at the start and leave the stage for the World Café.
    peak_stage = max(levels["Löwenscher Saal"])
    cafe_peak_at = levels["World Café"].index(max(levels["World Café"]))
    assert peak_stage >= 60 and max(levels["World Café"]) >= 50
    assert levels["Löwenscher Saal"][cafe_peak_at] < peak_stage / 2
    assert {r.count for r in counts.rooms_now(event)} == {0}
