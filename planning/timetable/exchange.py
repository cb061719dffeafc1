"""Writing a Problem and a Timetable in the exchange format's shapes (docs/formats/timetable.md); times as "HH:MM"."""

from planning.timetable.checking import hhmm
from planning.timetable.model import Placement, Problem, Timetable


def problem_to_json(problem: Problem) -> dict:
    """The problem as the format's JSON object; `parse_problem` reads it back to an equal Problem."""
    return {
        "name": problem.name,
        "time_grid_minutes": problem.time_grid_minutes,
        "days": [
            {"id": d.id, "blocks": [{"start": hhmm(a), "end": hhmm(b)} for a, b in d.blocks]} for d in problem.days
        ],
        "rooms": [_drop_none(vars(room)) for room in problem.rooms],
        "tracks": list(problem.tracks),
        "contributions": [_contribution(c) for c in problem.contributions],
        "speakers": [_speaker(s) for s in problem.speakers],
        "attendees": [{"id": a.id, "favourites": list(a.favourites)} for a in problem.attendees],
        "pinned": {cid: placement_to_json(p) for cid, p in problem.pinned.items()},
        "weights": {"attendee_conflict": problem.weights.attendee_conflict, "track_break": problem.weights.track_break},
    }


def timetable_to_json(timetable: Timetable, figures: dict | None = None, seed: int | None = None) -> dict:
    """{"assignments": {...}} sorted by contribution id, with "figures" and "seed" when given."""
    data: dict = {
        "assignments": {cid: placement_to_json(timetable.assignments[cid]) for cid in sorted(timetable.assignments)}
    }
    if figures is not None:
        data["figures"] = figures
    if seed is not None:
        data["seed"] = seed
    return data


def placement_to_json(placement: Placement) -> dict:
    return {"room": placement.room, "day": placement.day, "start": hhmm(placement.start)}


def _contribution(c) -> dict:
    data = {"id": c.id, "kind": c.kind, "duration": c.duration, "track": c.track, "speakers": list(c.speakers)}
    data["room_kinds"] = None if c.room_kinds is None else list(c.room_kinds)
    data |= {"max_participants": c.max_participants, "expected_audience": c.expected_audience}
    return _drop_none(data)


def _speaker(s) -> dict:
    if s.available is None:
        return {"id": s.id}
    return {"id": s.id, "available": [{"day": w.day, "from": hhmm(w.start), "to": hhmm(w.end)} for w in s.available]}


def _drop_none(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}
