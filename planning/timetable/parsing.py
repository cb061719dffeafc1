"""Reading the exchange format (docs/formats/timetable.md) into a checked Problem and Timetable.

Unknown keys are ignored; a missing or malformed key, an unknown id or a problem that cannot be planned at all (a
contribution longer than every block, no room big enough, a pinned placement that breaks a rule) raises
`ProblemError` naming the cause.
"""

import re

from planning.timetable.checking import fitting_rooms, possible_times, suitable_rooms, violations
from planning.timetable.messages import ProblemError
from planning.timetable.model import (
    Attendee,
    Contribution,
    Day,
    Placement,
    Problem,
    Room,
    Speaker,
    Timetable,
    Weights,
    Window,
)

_MISSING = object()
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_problem(data: dict) -> Problem:
    """A Problem from the format's JSON object, checked for ids and plannability.

    :raises ProblemError: see planning.timetable.messages for the codes.
    """
    _expect(isinstance(data, dict), "problem", "problem", "an object")
    days = tuple(_day(d, f"days[{i}]") for i, d in enumerate(_list(data, "days", "problem", required=True)))
    rooms = tuple(_room(r, f"rooms[{i}]") for i, r in enumerate(_list(data, "rooms", "problem", required=True)))
    has_tracks = "tracks" in data
    tracks = tuple(_str(t, "tracks", "problem") for t in _list(data, "tracks", "problem"))
    items = _list(data, "contributions", "problem", required=True)
    contributions = tuple(_contribution(c, f"contributions[{i}]") for i, c in enumerate(items))
    speakers = tuple(_speaker(s, f"speakers[{i}]") for i, s in enumerate(_list(data, "speakers", "problem")))
    attendees = tuple(_attendee(a, f"attendees[{i}]") for i, a in enumerate(_list(data, "attendees", "problem")))
    pinned = _object(data, "pinned", "problem")
    weights = _object(data, "weights", "problem")
    problem = Problem(
        days=days,
        rooms=rooms,
        contributions=contributions,
        speakers=speakers,
        attendees=attendees,
        tracks=tracks if has_tracks else tuple(dict.fromkeys(c.track for c in contributions if c.track)),
        pinned={cid: _placement(p, f"pinned[{cid!r}]") for cid, p in pinned.items()},
        weights=Weights(
            attendee_conflict=_number(weights, "attendee_conflict", "weights", 1.0),
            track_break=_number(weights, "track_break", "weights", 20.0),
        ),
        time_grid_minutes=_int(data, "time_grid_minutes", "problem", 15, low=1, high=1440),
        name=_name(data),
    )
    _check_ids(problem, has_tracks)
    _check_plannable(problem)
    return problem


def parse_timetable(problem: Problem, data: dict) -> Timetable:
    """A Timetable from the format's JSON object; every id it names must exist in `problem`.

    :raises ProblemError: missing_key, malformed, unknown_contribution, unknown_room, unknown_day.
    """
    _expect(isinstance(data, dict), "timetable", "timetable", "an object")
    raw = data.get("assignments", _MISSING)
    _require(raw is not _MISSING, "missing_key", key="assignments", where="timetable")
    _expect(isinstance(raw, dict), "assignments", "timetable", "an object")
    assignments = {cid: _placement(p, f"assignments[{cid!r}]") for cid, p in raw.items()}
    for cid, placement in assignments.items():
        _check_placement(problem, cid, placement, f"assignments[{cid!r}]")
    return Timetable(assignments)


def parse_time(value, key: str, where: str) -> int:
    """Minutes after midnight from an integer or "HH:MM"; 24:00 is the end of the day."""
    if isinstance(value, str) and (match := _HHMM.match(value)):
        hours, minutes = int(match[1]), int(match[2])
        if minutes < 60 and hours * 60 + minutes <= 1440:
            return hours * 60 + minutes
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1440:
        return value
    raise ProblemError("malformed", key=key, where=where, expected="minutes 0-1440 or HH:MM")


# Shapes


def _expect(ok: bool, key: str, where: str, expected: str) -> None:
    if not ok:
        raise ProblemError("malformed", key=key, where=where, expected=expected)


def _require(ok: bool, code: str, **params) -> None:
    if not ok:
        raise ProblemError(code, **params)


def _get(data: dict, key: str, where: str, default=_MISSING):
    value = data.get(key, default)
    if value is _MISSING:
        raise ProblemError("missing_key", key=key, where=where)
    return value


def _list(data: dict, key: str, where: str, *, required: bool = False) -> list:
    value = _get(data, key, where, _MISSING if required else [])
    _expect(isinstance(value, list) and (value or not required), key, where, "a non-empty list")
    return value


def _object(data: dict, key: str, where: str) -> dict:
    value = data.get(key, {})
    _expect(isinstance(value, dict), key, where, "an object")
    return value


def _str(value, key: str, where: str) -> str:
    _expect(isinstance(value, str) and value != "", key, where, "a non-empty string")
    return value


def _int(data: dict, key: str, where: str, default=_MISSING, *, low: int = 0, high: int | None = None) -> int:
    value = _get(data, key, where, default)
    ok = isinstance(value, int) and not isinstance(value, bool) and low <= value and (high is None or value <= high)
    _expect(ok, key, where, f"a whole number from {low}" + (f" to {high}" if high is not None else ""))
    return value


def _optional_int(data: dict, key: str, where: str) -> int | None:
    return None if data.get(key) is None else _int(data, key, where)


def _number(data: dict, key: str, where: str, default: float) -> float:
    value = data.get(key, default)
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
    _expect(ok, key, where, "a number from 0")
    return float(value)


def _name(data: dict) -> str:
    name = data.get("name", "")
    _expect(isinstance(name, str), "name", "problem", "a string")
    return name


def _obj(value, where: str) -> dict:
    _expect(isinstance(value, dict), where, where, "an object")
    return value


def _day(value, where: str) -> Day:
    data = _obj(value, where)
    blocks = []
    for i, block in enumerate(_list(data, "blocks", where, required=True)):
        block = _obj(block, f"{where}.blocks[{i}]")
        start = parse_time(_get(block, "start", f"{where}.blocks[{i}]"), "start", f"{where}.blocks[{i}]")
        end = parse_time(_get(block, "end", f"{where}.blocks[{i}]"), "end", f"{where}.blocks[{i}]")
        blocks.append((start, end))
    day_id = _str(_get(data, "id", where), "id", where)
    blocks.sort()
    for i, (start, end) in enumerate(blocks):
        if end <= start or (i and start < blocks[i - 1][1]):
            raise ProblemError("bad_block", day=day_id, start=start, end=end)
    return Day(day_id, tuple(blocks))


def _room(value, where: str) -> Room:
    data = _obj(value, where)
    workshop_room = data.get("workshop_room", False)
    _expect(isinstance(workshop_room, bool), "workshop_room", where, "true or false")
    kind = data.get("kind")
    return Room(
        id=_str(_get(data, "id", where), "id", where),
        capacity=_int(data, "capacity", where),
        workshop_room=workshop_room,
        kind=None if kind is None else _str(kind, "kind", where),
    )


def _contribution(value, where: str) -> Contribution:
    data = _obj(value, where)
    track, room_kinds = data.get("track"), data.get("room_kinds")
    speakers = _list(data, "speakers", where)
    if room_kinds is not None:
        _expect(isinstance(room_kinds, list), "room_kinds", where, "a list of room kinds")
        room_kinds = tuple(_str(k, "room_kinds", where) for k in room_kinds)
    return Contribution(
        id=_str(_get(data, "id", where), "id", where),
        kind=_str(_get(data, "kind", where), "kind", where),
        duration=_int(data, "duration", where, low=1, high=1440),
        track=None if track is None else _str(track, "track", where),
        speakers=tuple(dict.fromkeys(_str(s, "speakers", where) for s in speakers)),
        room_kinds=room_kinds,
        max_participants=_optional_int(data, "max_participants", where),
        expected_audience=_optional_int(data, "expected_audience", where),
    )


def _speaker(value, where: str) -> Speaker:
    data = _obj(value, where)
    windows = data.get("available")
    if windows is not None:
        _expect(isinstance(windows, list), "available", where, "a list of windows")
        windows = tuple(_window(w, f"{where}.available[{i}]") for i, w in enumerate(windows))
    return Speaker(_str(_get(data, "id", where), "id", where), windows)


def _window(value, where: str) -> Window:
    data = _obj(value, where)
    day = _str(_get(data, "day", where), "day", where)
    return Window(
        day, parse_time(_get(data, "from", where), "from", where), parse_time(_get(data, "to", where), "to", where)
    )


def _attendee(value, where: str) -> Attendee:
    data = _obj(value, where)
    favourites = tuple(dict.fromkeys(_str(f, "favourites", where) for f in _list(data, "favourites", where)))
    return Attendee(_str(_get(data, "id", where), "id", where), favourites)


def _placement(value, where: str) -> Placement:
    data = _obj(value, where)
    return Placement(
        room=_str(_get(data, "room", where), "room", where),
        day=_str(_get(data, "day", where), "day", where),
        start=parse_time(_get(data, "start", where), "start", where),
    )


# Ids and plannability


def _check_ids(problem: Problem, has_tracks: bool) -> None:
    for kind, ids in (
        ("day", [d.id for d in problem.days]),
        ("room", [r.id for r in problem.rooms]),
        ("contribution", [c.id for c in problem.contributions]),
        ("speaker", [s.id for s in problem.speakers]),
        ("attendee", [a.id for a in problem.attendees]),
    ):
        seen = set()
        for item in ids:
            _require(item not in seen, "duplicate_id", kind=kind, id=item)
            seen.add(item)
    for c in problem.contributions:
        _require(
            not has_tracks or c.track is None or c.track in problem.tracks,
            "unknown_track",
            contribution=c.id,
            id=c.track,
        )
    for i, speaker in enumerate(problem.speakers):
        for window in speaker.available or ():
            _require(window.day in problem.day, "unknown_day", where=f"speakers[{i}].available", id=window.day)
    for i, attendee in enumerate(problem.attendees):
        for cid in attendee.favourites:
            _require(cid in problem.contribution, "unknown_contribution", where=f"attendees[{i}].favourites", id=cid)
    for cid, placement in problem.pinned.items():
        _check_placement(problem, cid, placement, f"pinned[{cid!r}]")


def _check_placement(problem: Problem, cid: str, placement: Placement, where: str) -> None:
    _require(cid in problem.contribution, "unknown_contribution", where=where, id=cid)
    _require(placement.room in problem.room, "unknown_room", where=where, id=placement.room)
    _require(placement.day in problem.day, "unknown_day", where=where, id=placement.day)


def _check_plannable(problem: Problem) -> None:
    longest = max(end - start for day in problem.days for start, end in day.blocks)
    for c in problem.contributions:
        if c.duration > longest:
            raise ProblemError("longer_than_every_block", contribution=c.id, duration=c.duration, longest=longest)
        suitable = suitable_rooms(problem, c)
        if not suitable:
            raise ProblemError("no_suitable_room", contribution=c.id, kind=c.kind)
        if not fitting_rooms(problem, c):
            largest = max(room.capacity for room in suitable)
            raise ProblemError(
                "no_room_big_enough", contribution=c.id, audience=problem.audience[c.id], largest=largest
            )
        if c.id not in problem.pinned and next(possible_times(problem, c), None) is None:
            raise ProblemError("speakers_never_available", contribution=c.id, duration=c.duration)
    for violation in violations(problem, problem.pinned):
        contribution = violation.params.get("contribution") or violation.params.get("second")
        raise ProblemError("pinned_breaks_rule", contribution=contribution, rule=violation.code)
