"""The format's hard rules: which rooms and starts a contribution may take at all, and `check` for a timetable.

Rules 1-6 of docs/formats/timetable.md. Room and speaker overlaps use the same half-open intervals and sorted sweeps
as `planning.timetable.conflicts.find_conflicts`, which the tests hold this module to.
"""

from collections import defaultdict
from collections.abc import Iterator

from planning.timetable.messages import Violation
from planning.timetable.model import Contribution, Placement, Problem, Room, Timetable


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def room_rules(contribution: Contribution, room: Room) -> list[str]:
    """The Violation codes of the room rules the room breaks for the contribution (capacity aside)."""
    broken = []
    if contribution.is_workshop and not room.workshop_room:
        broken.append("workshop_outside_workshop_room")
    if room.workshop_room and not contribution.is_workshop:
        broken.append("workshop_room_misused")
    if contribution.room_kinds is not None and room.kind not in contribution.room_kinds:
        broken.append("room_kind_unsuitable")
    return broken


def suitable_rooms(problem: Problem, contribution: Contribution) -> list[Room]:
    """Rooms the contribution may use by the workshop and kind rules, capacity not considered."""
    return [room for room in problem.rooms if not room_rules(contribution, room)]


def fitting_rooms(problem: Problem, contribution: Contribution) -> list[Room]:
    audience = problem.audience[contribution.id]
    return [room for room in suitable_rooms(problem, contribution) if room.capacity >= audience]


def available(problem: Problem, speaker_id: str, day: str, start: int, end: int) -> bool:
    speaker = problem.speaker.get(speaker_id)
    if speaker is None or speaker.available is None:
        return True
    return any(w.day == day and w.start <= start and end <= w.end for w in speaker.available)


def possible_times(problem: Problem, contribution: Contribution) -> Iterator[tuple[str, int, int]]:
    """(day, block index, start) on the grid inside one block while every speaker is available."""
    grid = problem.time_grid_minutes
    for day in problem.days:
        for index, (block_start, block_end) in enumerate(day.blocks):
            first = -(-block_start // grid) * grid
            for start in range(first, block_end - contribution.duration + 1, grid):
                end = start + contribution.duration
                if all(available(problem, s, day.id, start, end) for s in contribution.speakers):
                    yield day.id, index, start


def block_of(problem: Problem, day: str, start: int, end: int) -> int | None:
    """Index of the block of `day` that holds [start, end), or None."""
    blocks = problem.day[day].blocks if day in problem.day else ()
    return next((i for i, (a, b) in enumerate(blocks) if a <= start and end <= b), None)


def check(problem: Problem, timetable: Timetable) -> list[Violation]:
    """Every hard rule the timetable breaks, in a stable order; [] for a valid timetable."""
    found = [
        Violation("unplaced", {"contribution": c.id})
        for c in problem.contributions
        if c.id not in timetable.assignments
    ]
    return found + violations(problem, timetable.assignments)


def violations(problem: Problem, assignments: dict[str, Placement]) -> list[Violation]:
    """The rules broken by the given placements (a partial timetable is fine: nothing is reported as unplaced)."""
    placed = {cid: p for cid, p in assignments.items() if cid in problem.contribution}
    found = []
    for cid, placement in placed.items():
        found += _placement_violations(problem, problem.contribution[cid], placement)
    known = {cid: p for cid, p in placed.items() if p.room in problem.room and p.day in problem.day}
    found += _overlaps(problem, known)
    return found


def _placement_violations(problem: Problem, c: Contribution, p: Placement) -> list[Violation]:
    if p.room not in problem.room:
        return [Violation("unknown_room", {"where": f"assignments[{c.id!r}]", "id": p.room})]
    if p.day not in problem.day:
        return [Violation("unknown_day", {"where": f"assignments[{c.id!r}]", "id": p.day})]
    found = []
    pinned = problem.pinned.get(c.id)
    if pinned is not None and pinned != p:
        where = {"room": pinned.room, "day": pinned.day, "start": hhmm(pinned.start)}
        actual = {"actual_room": p.room, "actual_day": p.day, "actual_start": hhmm(p.start)}
        found.append(Violation("pinned_moved", {"contribution": c.id, **where, **actual}))
    end = p.start + c.duration
    if p.start % problem.time_grid_minutes:
        found.append(
            Violation("off_grid", {"contribution": c.id, "start": hhmm(p.start), "grid": problem.time_grid_minutes})
        )
    if block_of(problem, p.day, p.start, end) is None:
        found.append(
            Violation("outside_block", {"contribution": c.id, "day": p.day, "start": hhmm(p.start), "end": hhmm(end)})
        )
    for speaker in c.speakers:
        if not available(problem, speaker, p.day, p.start, end):
            found.append(Violation("speaker_unavailable", {"speaker": speaker, "contribution": c.id}))
    room = problem.room[p.room]
    for code in room_rules(c, room):
        params = {"contribution": c.id, "room": room.id}
        found.append(Violation(code, {**params, "kind": room.kind} if code == "room_kind_unsuitable" else params))
    if problem.audience[c.id] > room.capacity:
        params = {"contribution": c.id, "room": room.id, "audience": problem.audience[c.id]}
        found.append(Violation("over_capacity", {**params, "capacity": room.capacity}))
    return found


def _overlaps(problem: Problem, placed: dict[str, Placement]) -> list[Violation]:
    by_room, by_speaker = defaultdict(list), defaultdict(list)
    for cid, p in placed.items():
        interval = (p.day, p.start, p.start + problem.contribution[cid].duration, cid)
        by_room[p.room].append(interval)
        for speaker in problem.contribution[cid].speakers:
            by_speaker[speaker].append(interval)
    found = [
        Violation("room_overlap", {"room": room, "first": a, "second": b})
        for room in sorted(by_room)
        for a, b in overlapping_pairs(by_room[room])
    ]
    found += [
        Violation("speaker_overlap", {"speaker": speaker, "first": a, "second": b})
        for speaker in sorted(by_speaker)
        for a, b in overlapping_pairs(by_speaker[speaker])
    ]
    return found


def overlapping_pairs(intervals: list[tuple[str, int, int, str]]) -> Iterator[tuple[str, str]]:
    """Ids of (day, start, end, id) intervals that overlap, earlier first, by a sweep over the sorted starts."""
    active: list[tuple[str, int, int, str]] = []
    for interval in sorted(intervals):
        day, start = interval[0], interval[1]
        active = [a for a in active if a[0] == day and a[2] > start]
        for earlier in active:
            yield earlier[3], interval[3]
        active.append(interval)
