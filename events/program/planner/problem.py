"""An event's program as a planner problem (docs/formats/timetable.md): rooms, days with their blocks, accepted
contributions with speakers and expected audience, favourites of attendees under opaque ids, pinned placements.

Ids in the problem: rooms "r<id>", contributions "c<id>", speakers "s<id>", tracks "t<id>", days "YYYY-MM-DD",
attendees "a1", "a2", … (numbered afresh each time: they say nothing about who it is).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from events.models import Event, Room
from events.program.models import ROOM_KINDS_FOR_FORMAT, Contribution, Speaker
from events.program.planner.interest import favourites
from events.program.planner.settings import Settings, format_minutes, planning_of, settings_of
from planning.timetable.planner import Problem, ProblemError, parse_problem


@dataclass
class BuiltProblem:
    """The problem's JSON, and what the app keeps beside it: the placements it was built from (`basis`: problem id →
    [room id, start ISO, sequence, duration]), the current placements in the format, and display names by id."""

    data: dict
    basis: dict[str, list] = field(default_factory=dict)
    current: dict[str, dict] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def program_problem(event: Event, *, day: date | None = None) -> dict:
    """The event's program (or one day of it) in the exchange format."""
    return build_problem(event, day=day).data


def checked_problem(event: Event, *, day: date | None = None) -> tuple[BuiltProblem, Problem]:
    """The built problem and the planner's reading of it.

    :raises ProblemError: the cause, e.g. longer_than_every_block, no_room_big_enough, pinned_breaks_rule.
    """
    built = build_problem(event, day=day)
    return built, parse_problem(built.data)


def build_problem(event: Event, *, day: date | None = None) -> BuiltProblem:
    """Load the event's program in a few queries and write it as a problem.

    :raises ProblemError: bad_block (a day without blocks was asked for), pinned_breaks_rule (a pinned placement
        on a day without blocks).
    """
    settings = settings_of(event)
    days = [d for d in event.days if d in settings.blocks and (day is None or d == day)]
    if day is not None and not days:
        raise ProblemError("bad_block", day=day.isoformat(), start="–", end="–")
    contributions = scope(event, day)
    rooms = list(event.rooms)
    chosen = favourites_in(event, {c.id for c in contributions})
    built = BuiltProblem(data={})
    built.names |= {f"r{r.id}": r.name for r in rooms} | {f"c{c.id}": c.title for c in contributions}
    day_ids = {d.isoformat() for d in days}
    pinned = {}
    planning = planning_of(event)
    for c in contributions:
        cid = f"c{c.id}"
        built.basis[cid] = basis_of(c)
        placement = placement_of(event, c)
        if placement is not None and placement["day"] in day_ids:
            built.current[cid] = placement
        if placement is not None and is_pinned(event, c, settings, planning.get(c.id)):
            if placement["day"] not in day_ids:
                raise ProblemError("pinned_breaks_rule", contribution=cid, rule="outside_block")
            pinned[cid] = placement
    speakers = {s.id: s for c in contributions for s in c.speakers}
    built.names |= {f"s{s.id}": s.name for s in speakers.values()}
    built.data = {
        "name": event.name,
        "time_grid_minutes": settings.time_grid_minutes,
        "days": [
            {
                "id": d.isoformat(),
                "blocks": [{"start": format_minutes(a), "end": format_minutes(b)} for a, b in settings.blocks[d]],
            }
            for d in days
        ],
        "rooms": [room_json(r, settings) for r in rooms],
        "tracks": sorted({f"t{c.track_id}" for c in contributions if c.track_id is not None}),
        "contributions": [
            contribution_json(c, audience, settings, rooms)
            for c, audience in zip(
                contributions, audiences(contributions, chosen, planning, settings, rooms), strict=True
            )
        ],
        "speakers": [speaker_json(event, s, days) for s in sorted(speakers.values(), key=lambda s: s.id)],
        "attendees": [
            {"id": f"a{n}", "favourites": [f"c{i}" for i in sorted(ids)]} for n, ids in enumerate(chosen, start=1)
        ],
        "pinned": pinned,
        "weights": {
            "attendee_conflict": settings.attendee_conflict_weight,
            "track_break": settings.track_break_weight,
        },
    }
    return built


def scope(event: Event, day: date | None) -> list[Contribution]:
    """The accepted contributions to plan: all of them, or those placed on `day`."""
    query = (
        select(Contribution)
        .where(Contribution.event_id == event.id, Contribution.state == "accepted")
        .options(selectinload(Contribution.speakers).selectinload(Speaker.availability))
        .order_by(Contribution.id)
    )
    found = list(db.session.scalars(query))
    if day is None:
        return found
    return [c for c in found if c.is_scheduled and event.local(c.starts_at).date() == day]


def favourites_in(event: Event, ids: set[int]) -> list[set[int]]:
    """Each attendee's favourites among `ids`, attendees without one left out, in a stable order."""
    chosen = [own & ids for _, own in sorted(favourites(event).items())]
    return [own for own in chosen if own]


def basis_of(c: Contribution) -> list:
    """What must not have changed for a proposal to apply: room, start (UTC), sequence, length."""
    start = c.starts_at.astimezone(UTC).isoformat() if c.starts_at else None
    room_id = c.room.id if c.room is not None else None
    return [room_id, start, c.sequence, c.duration_minutes]


def placement_of(event: Event, c: Contribution) -> dict | None:
    """The contribution's placement in the format, or None when it has none."""
    if not c.is_scheduled:
        return None
    local = event.local(c.starts_at)
    return {
        "room": f"r{c.room_id}",
        "day": local.date().isoformat(),
        "start": format_minutes(local.hour * 60 + local.minute),
    }


def starts_at_of(event: Event, placement: dict) -> datetime:
    """The aware start time of a placement in the format."""
    hours, minutes = (int(part) for part in placement["start"].split(":"))
    day = date.fromisoformat(placement["day"])
    return datetime.combine(day, time(0), event.tz) + timedelta(hours=hours, minutes=minutes)


def is_pinned(event: Event, c: Contribution, settings: Settings, planning) -> bool:
    """Pinned by hand, or part of a published timetable that the team does not allow to move."""
    if planning is not None and planning.is_pinned:
        return True
    return event.schedule_published_at is not None and not settings.may_move_published


def room_json(room: Room, settings: Settings) -> dict:
    return {
        "id": f"r{room.id}",
        "capacity": room.capacity,
        "workshop_room": room.id in settings.workshop_room_ids,
        "kind": room.kind,
    }


def contribution_json(c: Contribution, audience: int | None, settings: Settings, rooms: list[Room]) -> dict:
    data = {
        "id": f"c{c.id}",
        "kind": c.format,
        "duration": c.duration_minutes,
        "speakers": [f"s{s.id}" for s in c.speakers],
    }
    if c.track_id is not None:
        data["track"] = f"t{c.track_id}"
    if c.format in ROOM_KINDS_FOR_FORMAT:
        data["room_kinds"] = list(ROOM_KINDS_FOR_FORMAT[c.format])
    if c.format == "workshop" and c.seats is not None:
        data["max_participants"] = c.seats
    if audience is not None:
        data["expected_audience"] = audience
    return data


def audiences(contributions, chosen: list[set[int]], planning: dict, settings: Settings, rooms) -> list[int | None]:
    """Each contribution's expected audience for the problem: a workshop's seats (at least; its room must hold
    them), the team's number; None where favourites count (the planner counts them); else an estimate from
    contributions of its track, or else of its format, that were chosen (at most its largest suitable room, and a
    workshop's seats)."""
    counts = Counter(cid for own in chosen for cid in own)
    by_track, by_format = {}, {}
    for c in contributions:
        if counts[c.id]:
            by_track.setdefault(c.track_id, []).append(counts[c.id])
            by_format.setdefault(c.format, []).append(counts[c.id])
    found = []
    for c in contributions:
        row = planning.get(c.id)
        if c.format == "workshop" and c.seats is not None:  # its room must hold its seats (the conflict checker's rule)
            found.append(max(c.seats, row.expected_audience or 0) if row is not None else c.seats)
        elif row is not None and row.expected_audience is not None:
            found.append(row.expected_audience)
        elif counts[c.id]:
            found.append(None)
        else:
            found.append(estimate(c, by_track, by_format, settings, rooms))
    return found


def estimate(c: Contribution, by_track: dict, by_format: dict, settings: Settings, rooms) -> int | None:
    """The mean count of the chosen contributions of its track (else format), capped by its largest suitable room."""
    sample = (by_track.get(c.track_id) if c.track_id is not None else None) or by_format.get(c.format)
    if not sample:
        return None
    guess = round(sum(sample) / len(sample))
    kinds = ROOM_KINDS_FOR_FORMAT.get(c.format)
    suitable = [
        r.capacity
        for r in rooms
        if (r.id in settings.workshop_room_ids) == (c.format == "workshop") and (kinds is None or r.kind in kinds)
    ]
    limits = [max(suitable)] if suitable else []
    if c.format == "workshop" and c.seats is not None:
        limits.append(c.seats)
    return min([guess, *limits]) or None


def speaker_json(event: Event, speaker: Speaker, days: list[date]) -> dict:
    """A speaker by id with their windows on the problem's days (none kept: never available then)."""
    if not speaker.availability:
        return {"id": f"s{speaker.id}"}
    wanted = set(days)
    windows = []
    for w in speaker.availability:
        start, end = event.local(w.starts_at), event.local(w.ends_at)
        current = start.date()
        while current <= end.date():
            first = start.hour * 60 + start.minute if current == start.date() else 0
            last = end.hour * 60 + end.minute if current == end.date() else 1440
            if current in wanted and last > first:
                windows.append({"day": current.isoformat(), "from": format_minutes(first), "to": format_minutes(last)})
            current += timedelta(days=1)
    return {"id": f"s{speaker.id}", "available": windows}
