"""The format's measures of a timetable, and the penalty a planner minimises; tie-breakers reported separately.

Only placed contributions count (a favourite left unplaced is lost), so a partial timetable can be measured too.
"""

from collections import defaultdict
from itertools import combinations

from planning.timetable.checking import block_of
from planning.timetable.conflicts import CHANGEOVER
from planning.timetable.model import Problem, Timetable

CHANGEOVER_MINUTES = int(CHANGEOVER.total_seconds() // 60)


def measures(problem: Problem, timetable: Timetable) -> dict:
    """The format's figures: attendee_conflicts, attendees_with_conflict, lost_favourites, track_breaks,
    mean_room_fill, penalty; and `tie_breakers`: block_fill_spread, audience_inversions, speaker_changeovers."""
    intervals = _intervals(problem, timetable)
    conflicts = with_conflict = lost = 0
    for attendee in problem.attendees:
        own = [intervals[cid] for cid in attendee.favourites if cid in intervals]
        pairs = sum(1 for a, b in combinations(own, 2) if overlap(a, b))
        conflicts += pairs
        with_conflict += pairs > 0
        lost += len(attendee.favourites) - best_route(own)
    breaks = track_breaks(problem, timetable)
    fills = [
        problem.audience[cid] / max(1, problem.room[timetable.assignments[cid].room].capacity) for cid in intervals
    ]
    weights = problem.weights
    return {
        "attendee_conflicts": conflicts,
        "attendees_with_conflict": with_conflict,
        "lost_favourites": lost,
        "track_breaks": breaks,
        "mean_room_fill": round(sum(fills) / len(fills), 4) if fills else 0.0,
        "penalty": weights.attendee_conflict * conflicts + weights.track_break * breaks,
        "tie_breakers": {
            "block_fill_spread": block_fill_spread(problem, timetable),
            "audience_inversions": audience_inversions(problem, timetable, intervals),
            "speaker_changeovers": speaker_changeovers(problem, timetable),
        },
    }


def overlap(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def best_route(intervals: list[tuple[str, int, int]]) -> int:
    """The most non-overlapping intervals one person can attend: earliest end first (interval scheduling)."""
    count, last_day, last_end = 0, None, 0
    for day, start, end in sorted(intervals, key=lambda i: (i[0], i[2], i[1])):
        if day != last_day or start >= last_end:
            count, last_day, last_end = count + 1, day, end
    return count


def track_breaks(problem: Problem, timetable: Timetable) -> int:
    """Over every room and block that holds something, distinct tracks minus one."""
    tracks = defaultdict(set)
    for cid, p in _placed(problem, timetable):
        c = problem.contribution[cid]
        key = (p.room, p.day, block_of(problem, p.day, p.start, p.start + c.duration))
        if c.track is not None:
            tracks[key].add(c.track)
    return sum(max(0, len(found) - 1) for found in tracks.values())


def block_fill_spread(problem: Problem, timetable: Timetable) -> float:
    """Per day, the fullest block's share of used room-minutes minus the emptiest one's, averaged over the days."""
    used = defaultdict(int)
    for cid, p in _placed(problem, timetable):
        c = problem.contribution[cid]
        used[(p.day, block_of(problem, p.day, p.start, p.start + c.duration))] += c.duration
    spreads = []
    for day in problem.days:
        fills = [used[(day.id, i)] / ((end - start) * len(problem.rooms)) for i, (start, end) in enumerate(day.blocks)]
        spreads.append(max(fills) - min(fills))
    return round(sum(spreads) / len(spreads), 4)


def audience_inversions(problem: Problem, timetable: Timetable, intervals: dict | None = None) -> int:
    """Pairs at the same time where the bigger audience sits in the room with fewer seats."""
    intervals = intervals if intervals is not None else _intervals(problem, timetable)
    capacity = {cid: problem.room[timetable.assignments[cid].room].capacity for cid in intervals}
    audience = problem.audience
    return sum(
        1
        for a, b in combinations(intervals, 2)
        if overlap(intervals[a], intervals[b]) and (audience[a] - audience[b]) * (capacity[a] - capacity[b]) < 0
    )


def speaker_changeovers(problem: Problem, timetable: Timetable) -> int:
    """A speaker's consecutive contributions in different rooms with less than the changeover time between them."""
    by_speaker = defaultdict(list)
    for cid, p in _placed(problem, timetable):
        for speaker in problem.contribution[cid].speakers:
            by_speaker[speaker].append((p.day, p.start, p.start + problem.contribution[cid].duration, p.room))
    count = 0
    for own in by_speaker.values():
        own.sort()
        for a, b in zip(own, own[1:], strict=False):
            count += a[0] == b[0] and a[3] != b[3] and 0 <= b[1] - a[2] < CHANGEOVER_MINUTES
    return count


def _placed(problem: Problem, timetable: Timetable):
    for cid, p in timetable.assignments.items():
        if cid in problem.contribution and p.room in problem.room and p.day in problem.day:
            yield cid, p


def _intervals(problem: Problem, timetable: Timetable) -> dict[str, tuple[str, int, int]]:
    return {
        cid: (p.day, p.start, p.start + problem.contribution[cid].duration) for cid, p in _placed(problem, timetable)
    }
