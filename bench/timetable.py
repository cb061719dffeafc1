"""The timetable planner on generated conferences of 40, 100 and 300 contributions against today's scheduler.

Each instance is seeded and built around a planted timetable that keeps every hard rule
(`planning.timetable.instances`). The planner gets 30 s per size; the baseline is `planning.timetable.solver.plan`
as the app calls it, fed the blocks as its day windows and the expected audiences as seats, and scored with the
same measures. Target: the planner's penalty at most 40 % of the baseline's.
"""

import argparse
from datetime import UTC, datetime, timedelta

from bench.harness.figures import Figure, note
from planning.timetable.conflicts import Rules, Slot
from planning.timetable.instances import generate
from planning.timetable.model import Placement, Problem, Timetable
from planning.timetable.planner import check, measures, parse_problem, solve
from planning.timetable.solver import PlanRoom, Request, plan

SIZES = ("s40", "s100", "s300")
SECONDS = 30.0
SEED = 2026
FIRST_DAY = datetime(2027, 5, 26, tzinfo=UTC)
WORKSHOP_ROOM = "workshop-room"  # the baseline knows room kinds only: workshop rooms get a kind of their own


def run(args: argparse.Namespace) -> list[Figure]:
    figures = []
    for size in SIZES:
        problem = parse_problem(generate(size, SEED).problem)
        result = solve(problem, seconds=SECONDS, seed=SEED)
        baseline, unplaced = baseline_timetable(problem)
        scored = measures(problem, baseline)
        shape = (len(problem.contributions), len(problem.rooms), len(problem.days), len(problem.attendees))
        broken = len(check(problem, baseline)) - unplaced
        note(
            "{}: {} contributions, {} rooms, {} days, {} attendees; ".format(size, *shape)
            + f"{result.iterations_done} of {result.iterations} iterations ({result.reason}); "
            + f"baseline: {broken} hard violations, {unplaced} unplaced"
        )
        name, got = f"timetable.{size}", result.figures
        ratio = got["penalty"] / scored["penalty"] if scored["penalty"] else 0.0
        figures += [
            Figure(f"{name}.hard_violations", len(check(problem, result.timetable)), "violations", budget=0),
            Figure(f"{name}.attendee_conflicts", got["attendee_conflicts"], "pairs"),
            Figure(f"{name}.track_breaks", got["track_breaks"], "breaks"),
            Figure(f"{name}.lost_favourites", got["lost_favourites"], "favourites"),
            Figure(f"{name}.penalty", got["penalty"], "points"),
            Figure(f"{name}.seconds_to_best", result.seconds_to_best, "s", budget=SECONDS),
            Figure(f"{name}.baseline_penalty", scored["penalty"], "points"),
            Figure(f"{name}.penalty_ratio", ratio, "ratio", budget=0.40),
        ]
    return figures


def baseline_timetable(problem: Problem) -> tuple[Timetable, int]:
    """Today's scheduler on the problem: blocks as its days, audiences as seats, pinned as fixed; and its unplaced."""
    rooms = [
        PlanRoom(i, WORKSHOP_ROOM if r.workshop_room else r.kind or "", r.capacity) for i, r in enumerate(problem.rooms)
    ]
    speakers = {s: i for i, s in enumerate(sorted({s for c in problem.contributions for s in c.speakers}))}
    tracks = {t: i for i, t in enumerate(problem.tracks)}
    days = {d.id: i for i, d in enumerate(problem.days)}
    rules = Rules(
        days=[(_moment(days[d.id], a), _moment(days[d.id], b)) for d in problem.days for a, b in d.blocks],
        availability={
            speakers[s.id]: [(_moment(days[w.day], w.start), _moment(days[w.day], w.end)) for w in s.available]
            for s in problem.speakers
            if s.available is not None and s.id in speakers
        },
        room_kinds_for_format=_kinds_for_format(problem),
    )
    requests, fixed = [], []
    for i, c in enumerate(problem.contributions):
        spoken = tuple(speakers[s] for s in c.speakers)
        track = tracks.get(c.track) if c.track else None
        if (pin := problem.pinned.get(c.id)) is None:
            requests.append(Request(i, c.kind, c.duration, problem.audience[c.id], spoken, track))
            continue
        room = rooms[[r.id for r in problem.rooms].index(pin.room)]
        starts = _moment(days[pin.day], pin.start)
        ends = starts + timedelta(minutes=c.duration)
        fixed.append(Slot(i, starts, ends, room.id, room.kind, room.capacity, c.kind, problem.audience[c.id], spoken))
    result = plan(rooms, rules, requests, fixed, step=timedelta(minutes=problem.time_grid_minutes))
    assignments = dict(problem.pinned)
    for placement in result.placements:
        day, minutes = divmod(int((placement.starts_at - FIRST_DAY).total_seconds() // 60), 1440)
        contribution = problem.contributions[placement.contribution_id]
        assignments[contribution.id] = Placement(problem.rooms[placement.room_id].id, problem.days[day].id, minutes)
    return Timetable(assignments), len(result.unplaced)


def _moment(day: int, minute: int) -> datetime:
    return FIRST_DAY + timedelta(days=day, minutes=minute)


def _kinds_for_format(problem: Problem) -> dict[str, tuple[str, ...]]:
    """The app's format-to-room-kind table, with workshop rooms only for workshops and workshops only there."""
    plain = {r.kind or "" for r in problem.rooms if not r.workshop_room}
    table = {}
    for c in problem.contributions:
        if c.is_workshop:
            table[c.kind] = (WORKSHOP_ROOM,)
        else:
            table[c.kind] = tuple(sorted(plain if c.room_kinds is None else plain & set(c.room_kinds)))
    return table
