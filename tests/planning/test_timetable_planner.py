"""The timetable planner's exchange format: reading a problem (each ProblemError code), checking every hard rule,
measuring a hand-made timetable exactly, and writing both back."""

import copy

import pytest

from planning.timetable.messages import MESSAGES
from planning.timetable.model import Placement, Timetable
from planning.timetable.planner import (
    ProblemError,
    check,
    measures,
    parse_problem,
    parse_timetable,
    problem_to_json,
    timetable_to_json,
)


def problem_data() -> dict:
    """One day, two blocks; two stages and a workshop room; s1 speaks twice; a5 favours only c1."""
    return {
        "name": "Hand-made",
        "days": [{"id": "d1", "blocks": [{"start": "09:00", "end": "10:30"}, {"start": 660, "end": 750}]}],
        "rooms": [
            {"id": "A", "capacity": 100, "kind": "stage"},
            {"id": "B", "capacity": 50, "kind": "stage"},
            {"id": "W", "capacity": 20, "workshop_room": True, "kind": "workshop"},
        ],
        "tracks": ["t1", "t2"],
        "contributions": [
            {"id": "c1", "kind": "talk", "duration": 30, "track": "t1", "speakers": ["s1"]},
            {"id": "c2", "kind": "talk", "duration": 30, "track": "t1", "speakers": ["s2"]},
            {"id": "c3", "kind": "talk", "duration": 30, "track": "t2", "speakers": ["s1"], "room_kinds": ["stage"]},
            {"id": "c4", "kind": "workshop", "duration": 60, "track": "t1", "speakers": ["s4"], "max_participants": 10},
        ],
        "speakers": [{"id": "s1", "available": [{"day": "d1", "from": "09:00", "to": "12:00"}]}, {"id": "s2"}],
        "attendees": [
            {"id": "a1", "favourites": ["c1", "c2", "c3"]},
            {"id": "a2", "favourites": ["c1", "c2"]},
            {"id": "a3", "favourites": ["c3", "c4"]},
            {"id": "a4", "favourites": ["c4"]},
            {"id": "a5", "favourites": ["c1"]},
        ],
        "pinned": {"c4": {"room": "W", "day": "d1", "start": "09:00"}},
    }


def timetable_data() -> dict:
    return {
        "assignments": {
            "c1": {"room": "B", "day": "d1", "start": "09:00"},
            "c2": {"room": "A", "day": "d1", "start": "09:00"},
            "c3": {"room": "A", "day": "d1", "start": "09:30"},
            "c4": {"room": "W", "day": "d1", "start": "09:00"},
        }
    }


def codes(violations) -> list[tuple[str, dict]]:
    return [(v.code, v.params) for v in violations]


def test_parse_problem_reads_times_defaults_and_audiences():
    problem = parse_problem(problem_data())

    assert problem.days[0].blocks == ((540, 630), (660, 750))
    assert problem.time_grid_minutes == 15
    assert (problem.weights.attendee_conflict, problem.weights.track_break) == (1.0, 20.0)
    assert problem.audience == {"c1": 3, "c2": 2, "c3": 2, "c4": 2}
    assert problem.pinned == {"c4": Placement("W", "d1", 540)}


def test_measures_of_a_hand_made_timetable_are_exact():
    problem = parse_problem(problem_data())

    figures = measures(problem, parse_timetable(problem, timetable_data()))

    assert figures == {
        "attendee_conflicts": 3,  # a1: c1-c2, a2: c1-c2, a3: c3-c4
        "attendees_with_conflict": 3,
        "lost_favourites": 3,  # a1, a2 and a3 each lose one even on their best route
        "track_breaks": 1,  # room A's first block holds t1 and t2
        "mean_room_fill": 0.05,  # (3/50 + 2/100 + 2/100 + 2/20) / 4
        "penalty": 23.0,
        "tie_breakers": {
            "block_fill_spread": 0.5556,  # 150 of 270 room-minutes in the first block, none in the second
            "audience_inversions": 1,  # c1 (3 people) in B (50 seats) while c2 (2 people) is in A (100 seats)
            "speaker_changeovers": 1,  # s1 goes from B at 09:30 straight to A
        },
    }


def test_measures_use_the_weights():
    data = problem_data() | {"weights": {"attendee_conflict": 2, "track_break": 5}}
    problem = parse_problem(data)

    assert measures(problem, parse_timetable(problem, timetable_data()))["penalty"] == 11.0


def test_a_valid_timetable_breaks_no_rule():
    problem = parse_problem(problem_data())

    assert check(problem, parse_timetable(problem, timetable_data())) == []


def test_check_names_every_broken_hard_rule():
    problem = parse_problem(problem_data())
    broken = Timetable(
        {
            "c1": Placement("W", "d1", 550),  # off the grid, a talk in the workshop room
            "c2": Placement("B", "d1", 615),  # crosses the coffee break
            "c3": Placement("B", "d1", 720),  # s1 not available after 12:00
            "c4": Placement("A", "d1", 540),  # pinned elsewhere, a workshop outside a workshop room
        }
    )

    assert codes(check(problem, broken)) == [
        ("off_grid", {"contribution": "c1", "start": "09:10", "grid": 15}),
        ("workshop_room_misused", {"contribution": "c1", "room": "W"}),
        ("outside_block", {"contribution": "c2", "day": "d1", "start": "10:15", "end": "10:45"}),
        ("speaker_unavailable", {"speaker": "s1", "contribution": "c3"}),
        (
            "pinned_moved",
            {
                "contribution": "c4",
                "room": "W",
                "day": "d1",
                "start": "09:00",
                "actual_room": "A",
                "actual_day": "d1",
                "actual_start": "09:00",
            },
        ),
        ("workshop_outside_workshop_room", {"contribution": "c4", "room": "A"}),
    ]


def test_check_finds_overlaps_capacity_unplaced_and_unsuitable_kinds():
    data = problem_data()
    data["rooms"] += [{"id": "L", "capacity": 100, "kind": "lounge"}, {"id": "T", "capacity": 2, "kind": "stage"}]
    problem = parse_problem(data)
    timetable = Timetable(
        {
            "c1": Placement("T", "d1", 540),
            "c2": Placement("T", "d1", 555),
            "c3": Placement("L", "d1", 555),
        }
    )

    assert codes(check(problem, timetable)) == [
        ("unplaced", {"contribution": "c4"}),
        ("over_capacity", {"contribution": "c1", "room": "T", "audience": 3, "capacity": 2}),
        ("room_kind_unsuitable", {"contribution": "c3", "room": "L", "kind": "lounge"}),
        ("room_overlap", {"room": "T", "first": "c1", "second": "c2"}),
        ("speaker_overlap", {"speaker": "s1", "first": "c1", "second": "c3"}),
    ]


def test_a_violation_reads_as_english():
    problem = parse_problem(problem_data())
    timetable = Timetable({**parse_timetable(problem, timetable_data()).assignments, "c2": Placement("B", "d1", 540)})

    assert [str(v) for v in check(problem, timetable)] == [
        "Contributions 'c1' and 'c2' overlap in room 'B'.",
    ]


def broken(path: str, value) -> dict:
    """The problem with the value at a dotted path replaced (None deletes the key)."""
    data = copy.deepcopy(problem_data())
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is None:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        (broken("rooms", None), "missing_key", {"key": "rooms", "where": "problem"}),
        (
            broken("rooms.0.capacity", "many"),
            "malformed",
            {"key": "capacity", "where": "rooms[0]", "expected": "a whole number from 0"},
        ),
        (broken("rooms.1.id", "A"), "duplicate_id", {"kind": "room", "id": "A"}),
        (
            broken("attendees.0.favourites", ["c9"]),
            "unknown_contribution",
            {"where": "attendees[0].favourites", "id": "c9"},
        ),
        (broken("pinned.c4.room", "Z"), "unknown_room", {"where": "pinned['c4']", "id": "Z"}),
        (broken("speakers.0.available.0.day", "d7"), "unknown_day", {"where": "speakers[0].available", "id": "d7"}),
        (broken("contributions.0.track", "t9"), "unknown_track", {"contribution": "c1", "id": "t9"}),
        (broken("days.0.blocks.1.start", "10:00"), "bad_block", {"day": "d1", "start": 600, "end": 750}),
        (broken("contributions.0.room_kinds", ["cafe"]), "no_suitable_room", {"contribution": "c1", "kind": "talk"}),
        (
            broken("contributions.1.expected_audience", 120),
            "no_room_big_enough",
            {"contribution": "c2", "audience": 120, "largest": 100},
        ),
        (
            broken("contributions.1.duration", 100),
            "longer_than_every_block",
            {"contribution": "c2", "duration": 100, "longest": 90},
        ),
        (
            broken("speakers.0.available", [{"day": "d1", "from": 540, "to": 560}]),
            "speakers_never_available",
            {"contribution": "c1", "duration": 30},
        ),
        (broken("pinned.c4.start", "09:05"), "pinned_breaks_rule", {"contribution": "c4", "rule": "off_grid"}),
    ],
)
def test_parse_problem_rejects_bad_input_naming_the_cause(data, code, params):
    with pytest.raises(ProblemError) as raised:
        parse_problem(data)

    assert (raised.value.code, raised.value.params) == (code, params)
    assert "?" not in str(raised.value)


def test_a_pinned_placement_overlapping_another_pin_names_the_rule():
    data = problem_data()
    data["pinned"]["c1"] = {"room": "A", "day": "d1", "start": 540}
    data["pinned"]["c2"] = {"room": "A", "day": "d1", "start": 555}

    with pytest.raises(ProblemError) as raised:
        parse_problem(data)

    assert (raised.value.code, raised.value.params) == (
        "pinned_breaks_rule",
        {"contribution": "c2", "rule": "room_overlap"},
    )


def test_problem_error_reads_as_english():
    error = ProblemError("no_room_big_enough", contribution="c2", audience=120, largest=100)

    assert str(error) == "Contribution 'c2' expects 120 people, but the largest room that suits it has 100 seats."


def test_every_code_has_an_english_text():
    documented = " ".join(MESSAGES)

    assert all(code in documented for code in ("no_timetable_found", "unplaced", "over_capacity"))
    assert all(text.endswith(".") for text in MESSAGES.values())


def test_parse_timetable_rejects_unknown_ids():
    problem = parse_problem(problem_data())
    data = timetable_data()
    data["assignments"]["c9"] = {"room": "A", "day": "d1", "start": "12:00"}

    with pytest.raises(ProblemError) as raised:
        parse_timetable(problem, data)

    assert (raised.value.code, raised.value.params) == (
        "unknown_contribution",
        {"where": "assignments['c9']", "id": "c9"},
    )


def test_problem_and_timetable_survive_a_json_round_trip():
    problem = parse_problem(problem_data())
    timetable = parse_timetable(problem, timetable_data())

    assert parse_problem(problem_to_json(problem)) == problem
    assert parse_timetable(problem, timetable_to_json(timetable)) == timetable


def test_timetable_to_json_writes_the_format_with_figures_and_seed():
    problem = parse_problem(problem_data())
    timetable = parse_timetable(problem, timetable_data())

    data = timetable_to_json(timetable, figures={"penalty": 23.0}, seed=7)

    assert data == {**timetable_data(), "figures": {"penalty": 23.0}, "seed": 7}
