from datetime import UTC, datetime, timedelta

from events.program.models import ROOM_KINDS_FOR_FORMAT
from planning.timetable.conflicts import Rules, Slot, find_conflicts

DAY = datetime(2027, 5, 26, 7, 0, tzinfo=UTC)  # 09:00 in Rostock
RULES = Rules(days=[(DAY, DAY + timedelta(hours=9))], room_kinds_for_format=ROOM_KINDS_FOR_FORMAT)


def slot(cid, start_min, minutes=30, room=1, kind="stage", capacity=800, format="talk", seats=None, speakers=()):
    starts = DAY + timedelta(minutes=start_min)
    return Slot(cid, starts, starts + timedelta(minutes=minutes), room, kind, capacity, format, seats, tuple(speakers))


def kinds(conflicts):
    return [(c.kind, c.contribution_ids, c.speaker_id, c.severity) for c in conflicts]


def test_a_clean_timetable_has_no_conflicts():
    slots = [slot(1, 0, speakers=[10]), slot(2, 30, speakers=[11]), slot(3, 0, room=2, speakers=[12])]

    assert find_conflicts(slots, RULES) == []


def test_two_contributions_in_one_room_at_once():
    assert kinds(find_conflicts([slot(1, 0, 45), slot(2, 30)], RULES)) == [
        ("room_double_booked", (1, 2), None, "error")
    ]


def test_a_speaker_in_two_places_at_once():
    slots = [slot(1, 0, speakers=[7]), slot(2, 15, room=2, speakers=[7])]

    assert kinds(find_conflicts(slots, RULES)) == [("speaker_double_booked", (1, 2), 7, "error")]


def test_a_speaker_outside_their_availability():
    rules = Rules(days=RULES.days, availability={7: [(DAY, DAY + timedelta(hours=1))]})

    found = find_conflicts([slot(1, 0, speakers=[7]), slot(2, 90, room=2, speakers=[7])], rules)

    assert kinds(found) == [("speaker_unavailable", (2,), 7, "error")]


def test_a_workshop_with_more_seats_than_its_room():
    found = find_conflicts([slot(1, 0, 90, kind="workshop", capacity=20, format="workshop", seats=30)], RULES)

    assert kinds(found) == [("room_too_small", (1,), None, "error")]


def test_a_contribution_that_does_not_fit_the_day():
    assert kinds(find_conflicts([slot(1, 8 * 60 + 45, 30)], RULES)) == [("outside_event_hours", (1,), None, "error")]


def test_a_room_kind_that_does_not_suit_the_format():
    found = find_conflicts([slot(1, 0, format="workshop", kind="stage")], RULES)

    assert kinds(found) == [("room_kind_unsuitable", (1,), None, "error")]


def test_too_little_time_to_change_rooms_is_only_a_warning():
    slots = [
        slot(1, 0, 30, room=1, speakers=[7]),
        slot(2, 35, room=2, speakers=[7]),
        slot(3, 120, room=3, speakers=[7]),
    ]

    assert kinds(find_conflicts(slots, RULES)) == [("speaker_changeover", (1, 2), 7, "warning")]


def test_errors_come_before_warnings():
    slots = [slot(1, 0, speakers=[7]), slot(2, 35, room=2, speakers=[7]), slot(3, 10, room=1)]

    assert [c.severity for c in find_conflicts(slots, RULES)] == ["error", "warning"]


def test_a_full_day_of_fifteen_rooms_finds_exactly_the_planted_clash():
    slots = [slot(n, (n // 15) * 40, 30, room=n % 15, speakers=[n]) for n in range(180)]  # 12 rounds, 15 rooms

    clash = slot(999, 10, 30, room=3, speakers=[500])

    assert kinds(find_conflicts([*slots, clash], RULES)) == [("room_double_booked", (3, 999), None, "error")]
