"""The timetable planner's solve: every timetable it returns keeps every hard rule, pinned placements stay, the same
seed and iterations give the same timetable, progress and cancelling work, and `check` agrees with the app's
conflict checker where their rules overlap."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from planning.timetable.conflicts import Rules, Slot, find_conflicts
from planning.timetable.instances import generate, small_size
from planning.timetable.model import Placement, Timetable
from planning.timetable.planner import ProblemError, check, measures, parse_problem, solve

PROPERTY = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def small_problems(draw):
    rooms = draw(st.integers(2, 4))
    days = draw(st.integers(1, 2))
    contributions = draw(st.integers(3, 2 * rooms * days))
    attendees = draw(st.integers(0, 40))
    seed = draw(st.integers(0, 10_000))
    try:
        instance = generate(small_size(contributions, rooms, days, attendees), seed, pin_keynotes=draw(st.booleans()))
    except ValueError:  # the drawn rooms and blocks cannot hold that many contributions
        assume(False)
    return parse_problem(instance.problem)


@PROPERTY
@given(small_problems(), st.integers(0, 1000))
def test_every_solved_timetable_keeps_every_hard_rule(problem, seed):
    result = solve(problem, seconds=30, seed=seed, iterations=3000)

    assert check(problem, result.timetable) == []
    assert result.iterations_done == 3000 or result.reason == "trivial"


@PROPERTY
@given(small_problems(), st.integers(0, 1000))
def test_pinned_placements_never_move(problem, seed):
    result = solve(problem, seconds=30, seed=seed, iterations=2000)

    assert {cid: result.timetable.assignments[cid] for cid in problem.pinned} == problem.pinned


def test_the_same_seed_and_iterations_give_the_same_timetable():
    problem = parse_problem(generate("s40", 3).problem)

    first = solve(problem, seconds=60, seed=11, iterations=20_000)
    second = solve(problem, seconds=60, seed=11, iterations=20_000)

    assert first.timetable == second.timetable
    assert first.figures == second.figures
    assert (first.reason, first.iterations_done) == ("done", 20_000)


def test_solve_improves_on_the_planted_timetable_and_reports_its_measures():
    instance = generate("s40", 5)
    problem = parse_problem(instance.problem)
    planted = Timetable(
        {
            cid: Placement(p["room"], p["day"], _minutes(p["start"]))
            for cid, p in instance.planted["assignments"].items()
        }
    )

    result = solve(problem, seconds=60, seed=1, iterations=60_000)

    assert check(problem, planted) == []
    assert result.figures == measures(problem, result.timetable)
    assert result.figures["penalty"] < measures(problem, planted)["penalty"] / 2


def test_progress_reports_fraction_and_best_penalty_and_ends_at_one():
    problem = parse_problem(generate("s40", 4).problem)
    reports = []

    result = solve(problem, seconds=60, seed=2, iterations=5000, progress=reports.append)

    assert reports[-1] == {"fraction": 1.0, "best_penalty": result.figures["penalty"]}
    assert all(set(r) == {"fraction", "best_penalty"} for r in reports)
    assert [r["best_penalty"] for r in reports] == sorted((r["best_penalty"] for r in reports), reverse=True)


def test_should_stop_cancels_and_keeps_a_valid_timetable():
    problem = parse_problem(generate("s40", 4).problem)

    result = solve(problem, seconds=60, seed=2, iterations=10**9, should_stop=lambda: True)

    assert (result.reason, result.stopped_early, result.iterations_done) == ("cancelled", True, 0)
    assert check(problem, result.timetable) == []


def test_the_clock_ends_a_long_search_with_a_valid_timetable():
    problem = parse_problem(generate("s40", 4).problem)

    result = solve(problem, seconds=0.5, seed=2, iterations=10**9)

    assert result.reason == "time"
    assert result.seconds < 1.5
    assert check(problem, result.timetable) == []


def test_a_problem_without_any_valid_timetable_raises_no_timetable_found():
    problem = parse_problem(
        {
            "days": [{"id": "d1", "blocks": [{"start": 540, "end": 630}]}],
            "rooms": [{"id": "A", "capacity": 10}],
            "contributions": [{"id": f"c{i}", "kind": "talk", "duration": 90} for i in range(2)],
        }
    )

    with pytest.raises(ProblemError) as raised:
        solve(problem, seconds=0.2, seed=1)

    assert (raised.value.code, raised.value.params) == ("no_timetable_found", {"seconds": 0.2})


@settings(max_examples=40, deadline=None)
@given(small_problems(), st.randoms(use_true_random=False))
def test_check_agrees_with_the_conflict_checker_on_shared_rules(problem, rnd):
    rooms, days = [r.id for r in problem.rooms], [d.id for d in problem.days]
    timetable = Timetable(
        {
            c.id: Placement(rnd.choice(rooms), rnd.choice(days), rnd.randrange(540, 1140, 15))
            for c in problem.contributions
        }
    )
    shared = {
        "room_overlap": "room_double_booked",
        "speaker_overlap": "speaker_double_booked",
        "speaker_unavailable": "speaker_unavailable",
        "outside_block": "outside_event_hours",
        "over_capacity": "room_too_small",
        "room_kind_unsuitable": "room_kind_unsuitable",
    }

    ours = {(shared[v.code], _ids(v.params)) for v in check(problem, timetable) if v.code in shared}
    found = find_conflicts(*_as_slots(problem, timetable))
    theirs = {(c.kind, tuple(sorted(c.contribution_ids))) for c in found if c.severity == "error"}

    assert ours == theirs


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _ids(params: dict) -> tuple[int, ...]:
    names = [params["first"], params["second"]] if "first" in params else [params["contribution"]]
    return tuple(sorted(int(name[1:]) for name in names))


def _as_slots(problem, timetable) -> tuple[list[Slot], Rules]:
    """The timetable as the app's checker sees it: days as dates, blocks as opening hours, audiences as seats."""
    first = datetime(2027, 5, 26, tzinfo=UTC)
    day = {d.id: first + timedelta(days=i) for i, d in enumerate(problem.days)}
    speakers = {s: int(s[1:]) for c in problem.contributions for s in c.speakers}
    rooms = {r.id: i for i, r in enumerate(problem.rooms)}
    slots = []
    for cid, p in timetable.assignments.items():
        c, room = problem.contribution[cid], problem.room[p.room]
        starts = day[p.day] + timedelta(minutes=p.start)
        ends = starts + timedelta(minutes=c.duration)
        spoken = tuple(speakers[s] for s in c.speakers)
        slots.append(
            Slot(
                int(cid[1:]),
                starts,
                ends,
                rooms[p.room],
                room.kind,
                room.capacity,
                c.kind,
                problem.audience[cid],
                spoken,
            )
        )
    rules = Rules(
        days=[
            (day[d.id] + timedelta(minutes=a), day[d.id] + timedelta(minutes=b))
            for d in problem.days
            for a, b in d.blocks
        ],
        availability={
            speakers[s.id]: [
                (day[w.day] + timedelta(minutes=w.start), day[w.day] + timedelta(minutes=w.end)) for w in s.available
            ]
            for s in problem.speakers
            if s.available and s.id in speakers
        },
        room_kinds_for_format={c.kind: c.room_kinds for c in problem.contributions if c.room_kinds},
    )
    return slots, rules
