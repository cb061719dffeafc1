"""The timetable planner's plain data: a problem, a timetable and a solver result (docs/formats/timetable.md).

Times are minutes after midnight of their day; intervals are half-open.
"""

from dataclasses import dataclass, field
from functools import cached_property

WORKSHOP = "workshop"


@dataclass(frozen=True)
class Day:
    """A day of the event with its blocks (start, end) between breaks, sorted and not overlapping."""

    id: str
    blocks: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int
    workshop_room: bool = False
    kind: str | None = None


@dataclass(frozen=True)
class Contribution:
    """Something to place; `room_kinds` None allows any kind, `expected_audience` None counts the favourites."""

    id: str
    kind: str
    duration: int
    track: str | None = None
    speakers: tuple[str, ...] = ()
    room_kinds: tuple[str, ...] | None = None
    max_participants: int | None = None
    expected_audience: int | None = None

    @property
    def is_workshop(self) -> bool:
        return self.kind == WORKSHOP


@dataclass(frozen=True)
class Window:
    """A stretch of a day in which a speaker is available."""

    day: str
    start: int
    end: int


@dataclass(frozen=True)
class Speaker:
    """A speaker; `available` None means the whole event."""

    id: str
    available: tuple[Window, ...] | None = None


@dataclass(frozen=True)
class Attendee:
    id: str
    favourites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Placement:
    room: str
    day: str
    start: int


@dataclass(frozen=True)
class Weights:
    attendee_conflict: float = 1.0
    track_break: float = 20.0


@dataclass(frozen=True)
class Problem:
    """A program to plan. Build it with `parse_problem`, which checks that every id it names exists."""

    days: tuple[Day, ...]
    rooms: tuple[Room, ...]
    contributions: tuple[Contribution, ...]
    speakers: tuple[Speaker, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    tracks: tuple[str, ...] = ()
    pinned: dict[str, Placement] = field(default_factory=dict)
    weights: Weights = field(default_factory=Weights)
    time_grid_minutes: int = 15
    name: str = ""

    @cached_property
    def contribution(self) -> dict[str, Contribution]:
        return {c.id: c for c in self.contributions}

    @cached_property
    def room(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def day(self) -> dict[str, Day]:
        return {d.id: d for d in self.days}

    @cached_property
    def speaker(self) -> dict[str, Speaker]:
        return {s.id: s for s in self.speakers}

    @cached_property
    def audience(self) -> dict[str, int]:
        """Expected audience per contribution: the estimate, else its favourites (capped by a workshop's limit)."""
        counts = dict.fromkeys(self.contribution, 0)
        for attendee in self.attendees:
            for cid in attendee.favourites:
                if cid in counts:
                    counts[cid] += 1
        for c in self.contributions:
            if c.expected_audience is not None:
                counts[c.id] = c.expected_audience
            elif c.max_participants is not None:
                counts[c.id] = min(counts[c.id], c.max_participants)
        return counts


@dataclass(frozen=True)
class Timetable:
    """Contribution id -> placement."""

    assignments: dict[str, Placement]


@dataclass(frozen=True)
class Result:
    """What `solve` found: the best timetable, its measures, and how the search went.

    `iterations` is the planned length of the local search, `iterations_done` how many moves were tried; the same
    problem, seed and `iterations` give the same timetable when the clock does not stop the search first.
    `reason` is "done" (all iterations), "time" (the clock ran out first), "cancelled" (`should_stop` said so) or
    "trivial" (nothing to move).
    """

    timetable: Timetable
    figures: dict
    seed: int
    seconds: float
    seconds_to_best: float
    iterations: int
    iterations_done: int
    reason: str

    @property
    def stopped_early(self) -> bool:
        return self.reason in ("time", "cancelled")
