"""The automatic scheduler: place accepted contributions in rooms and time without a hard conflict, on plain data.

`plan` never moves the `fixed` placements. It works in whole minutes from the first opening and places the most
constrained contributions first (fewest possible room-times: one-day speakers, panels, long workshops), each at its
cheapest free spot: no speaker changeover warning, a room's day packed from the opening without gaps, both days
about equally full, a track's talks not in parallel and spread over the days, open talks in larger rooms and
workshops in the smallest room with their seats. What does not fit then gets a bounded repair: up to two placed
contributions make room and are placed again elsewhere, or everything goes back as it was. If some are still left
for want of free time, the whole run is repeated with them first, while that places more. The same input gives the
same plan.
"""

from bisect import insort
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from planning.timetable.conflicts import CHANGEOVER, Rules, Slot

STEP = timedelta(minutes=5)
# Soft costs, in "minutes of gap" a placement is worth avoiding.
CHANGEOVER_COST = 1000  # a speaker rushing between rooms: avoided whenever another spot exists
PARALLEL_TRACK_COST = 4  # per talk of the same track at the same time elsewhere
TRACK_DAY_COST = 10  # per talk of the track already on that day beyond its lightest day
DAY_LOAD_COST = 1  # per hour of program already on that day beyond the lightest day
LATE_COST = 2  # per hour after the day's opening: rooms are used side by side rather than one until closing
SMALL_ROOM_COST = 5  # an open contribution (no seat limit) in the smallest room, against none in the largest
# The repair's bounds: spots tried per contribution left over and in all, and how many placed ones may give way.
REPAIR_SPOTS = 30
REPAIR_ATTEMPTS = 300
REPAIR_DISPLACE = 2
RETRIES = 3  # whole runs again with what was left placed first


@dataclass(frozen=True)
class PlanRoom:
    id: int
    kind: str
    capacity: int


@dataclass(frozen=True)
class Request:
    """An accepted contribution waiting for a room and a time."""

    id: int
    format: str
    minutes: int
    seats: int | None = None
    speaker_ids: tuple[int, ...] = ()
    track_id: int | None = None


@dataclass(frozen=True)
class Placement:
    contribution_id: int
    room_id: int
    starts_at: datetime


@dataclass(frozen=True)
class Unplaced:
    contribution_id: int
    reason: str  # no_suitable_room, room_too_small, longer_than_a_day, speakers_not_available, no_free_time


@dataclass(frozen=True)
class Plan:
    placements: list[Placement]
    unplaced: list[Unplaced]


@dataclass(frozen=True)
class _Busy:
    start: int
    end: int
    contribution_id: int
    room_id: int
    track_id: int | None = None
    fixed: bool = False


def plan(
    rooms: list[PlanRoom],
    rules: Rules,
    requests: list[Request],
    fixed: Iterable[Slot] = (),
    *,
    step: timedelta = STEP,
    changeover: timedelta = CHANGEOVER,
) -> Plan:
    """Rooms and starts for `requests` around the `fixed` slots, checked against `rules` (hours, availability, kinds).

    Whatever cannot be placed without a hard conflict is returned in `unplaced` with the reason.
    """
    if not rules.days:
        return Plan([], [Unplaced(r.id, "longer_than_a_day") for r in sorted(requests, key=lambda r: r.id)])
    fixed = list(fixed)
    board = _Board(rooms, rules, fixed, step, changeover)
    order = sorted(requests, key=lambda r: (board.room_minutes(r), -r.minutes, -len(r.speaker_ids), r.id))
    left = board.fill(order)
    for _ in range(RETRIES):
        # What found no free time goes first next time: it was more constrained than it looked.
        stuck = [r for r in left if board.reason(r) == "no_free_time"]
        if not stuck:
            break
        order = stuck + [r for r in order if r not in stuck]
        retry = _Board(rooms, rules, fixed, step, changeover)
        if len(retry_left := retry.fill(order)) >= len(left):
            break  # no better: more of the same will not be either
        board, left = retry, retry_left
    placements = [
        Placement(cid, busy.room_id, board.moment(busy.start))
        for cid, busy in sorted(board.placed.items())
        if not busy.fixed
    ]
    return Plan(placements, [Unplaced(r.id, board.reason(r)) for r in sorted(left, key=lambda r: r.id)])


class _Board:
    """The timetable under construction: busy intervals per room, speaker and track, in minutes from `origin`."""

    def __init__(self, rooms, rules: Rules, fixed, step: timedelta, changeover: timedelta):
        self.rooms = sorted(rooms, key=lambda room: room.id)
        self.rules = rules
        self.origin = min(opens for opens, _ in rules.days).astimezone(UTC)
        self.step = max(1, int(step.total_seconds() // 60))
        self.changeover = int(changeover.total_seconds() // 60)
        self.days = sorted((self.minute(opens, up=True), self.minute(closes)) for opens, closes in rules.days)
        self.availability = {
            speaker: [(self.minute(a, up=True), self.minute(b)) for a, b in windows]
            for speaker, windows in rules.availability.items()
            if windows
        }
        self.by_room: dict[int, list[_Busy]] = defaultdict(list)
        self.by_speaker: dict[int, list[_Busy]] = defaultdict(list)
        self.by_track: dict[int, list[_Busy]] = defaultdict(list)
        self.day_minutes = [0] * len(self.days)
        self.track_days: dict[int, list[int]] = defaultdict(lambda: [0] * len(self.days))  # contributions per day
        self.largest: dict[str, int] = {}  # the largest suitable room per format
        self.placed: dict[int, _Busy] = {}
        self.repairs_left = REPAIR_ATTEMPTS
        self.requests: dict[int, Request] = {}
        for slot in fixed:
            start, end = self.minute(slot.starts_at), self.minute(slot.ends_at, up=True)
            request = Request(slot.contribution_id, slot.format, end - start, slot.seats, slot.speaker_ids)
            self._add(request, _Busy(start, end, slot.contribution_id, slot.room_id, fixed=True))

    def minute(self, moment: datetime, *, up: bool = False) -> int:
        """Whole minutes from the origin, rounded so that seconds never make a free stretch look longer."""
        seconds = (moment - self.origin).total_seconds()
        return -int(-seconds // 60) if up else int(seconds // 60)

    def moment(self, minute: int) -> datetime:
        return self.origin + timedelta(minutes=minute)

    # What a request may use at all

    def suitable_rooms(self, request: Request) -> list[PlanRoom]:
        kinds = self.rules.room_kinds_for_format.get(request.format)
        if request.format not in self.largest:
            fitting = [room.capacity for room in self.rooms if not kinds or room.kind in kinds]
            self.largest[request.format] = max(fitting, default=0) or 1
        return [
            room
            for room in self.rooms
            if (not kinds or room.kind in kinds) and (request.seats is None or room.capacity >= request.seats)
        ]

    def windows(self, request: Request) -> list[tuple[int, int]]:
        """Stretches inside one day and one availability window of every speaker, long enough for the request."""
        windows = self.days
        for speaker in request.speaker_ids:
            if own := self.availability.get(speaker):
                windows = [(max(a, c), min(b, d)) for a, b in windows for c, d in own if max(a, c) < min(b, d)]
        return [(a, b) for a, b in windows if b - a >= request.minutes]

    def room_minutes(self, request: Request) -> int:
        """How much room-time could take the request on an empty board: the smaller, the earlier it is placed."""
        return len(self.suitable_rooms(request)) * sum(b - a - request.minutes + 1 for a, b in self.windows(request))

    def reason(self, request: Request) -> str:
        kinds = self.rules.room_kinds_for_format.get(request.format)
        if not any(not kinds or room.kind in kinds for room in self.rooms):
            return "no_suitable_room"
        if not self.suitable_rooms(request):
            return "room_too_small"
        if not any(b - a >= request.minutes for a, b in self.days):
            return "longer_than_a_day"
        if not self.windows(request):
            return "speakers_not_available"
        return "no_free_time"

    # Placing

    def fill(self, order: list[Request]) -> list[Request]:
        """Place the requests in this order, then repair what is left; returns what is still left."""
        left = [r for r in order if not self.place_best(r)]
        return [r for r in left if not self.repair(r)]

    def place_best(self, request: Request) -> bool:
        """Put the request at its cheapest free spot; False if there is none."""
        best = None
        for room in self.suitable_rooms(request):
            for window in self.windows(request):
                for start, cost in self._candidates(request, room, window):
                    if best is None or (cost, start, room.id) < best[0]:
                        best = ((cost, start, room.id), room.id, start)
        if best is None:
            return False
        self._add(request, _Busy(best[2], best[2] + request.minutes, request.id, best[1], request.track_id))
        return True

    def _candidates(self, request: Request, room: PlanRoom, window: tuple[int, int]):
        """Starts at both ends of every free stretch, first keeping speakers' changeover time, else without it."""
        for buffer in (self.changeover, 0):
            found = False
            for free_start, free_end in self._free(request, room.id, window, buffer):
                first = -(-free_start // self.step) * self.step
                last = (free_end - request.minutes) // self.step * self.step
                for start in {first, last} if first <= last else ():
                    found = True
                    yield start, self._cost(request, room, start)
            if found:
                return

    def _free(self, request: Request, room_id: int, window: tuple[int, int], buffer: int) -> list[tuple[int, int]]:
        blocked = [(b.start, b.end) for b in self.by_room[room_id]]
        for speaker in request.speaker_ids:
            for b in self.by_speaker[speaker]:
                margin = buffer if b.room_id != room_id else 0
                blocked.append((b.start - margin, b.end + margin))
        free, cursor = [], window[0]
        for start, end in sorted(blocked):
            if start > cursor:
                free.append((cursor, min(start, window[1])))
            cursor = max(cursor, end)
            if cursor >= window[1]:
                break
        if cursor < window[1]:
            free.append((cursor, window[1]))
        return [(a, b) for a, b in free if b - a >= request.minutes]

    def _cost(self, request: Request, room: PlanRoom, start: int) -> float:
        end = start + request.minutes
        day = self._day(start)
        day_start, day_end = self.days[day]
        before = max([b.end for b in self.by_room[room.id] if day_start <= b.end <= start], default=day_start)
        # Snug against the room's next contribution counts as packed; against the closing time it does not, or
        # contributions would gather at both ends of a day with a hole in between.
        after = min([b.start - end for b in self.by_room[room.id] if end <= b.start <= day_end], default=start - before)
        cost = min(start - before, after)
        cost += self._changeovers(request, room.id, start, end) * CHANGEOVER_COST
        cost += DAY_LOAD_COST * (self.day_minutes[day] - min(self.day_minutes)) / 60
        cost += LATE_COST * (start - day_start) / 60
        if request.seats:
            cost += 10 * (room.capacity - request.seats) / room.capacity  # keep big rooms for big workshops
        else:
            cost += SMALL_ROOM_COST * (1 - room.capacity / self.largest[request.format])
        if request.track_id is not None:
            same_track = self.by_track[request.track_id]
            cost += PARALLEL_TRACK_COST * sum(1 for b in same_track if b.start < end and start < b.end)
            per_day = self.track_days[request.track_id]
            cost += TRACK_DAY_COST * (per_day[day] - min(per_day))
        return cost

    def _changeovers(self, request: Request, room_id: int, start: int, end: int) -> int:
        return sum(
            1
            for speaker in request.speaker_ids
            for b in self.by_speaker[speaker]
            if b.room_id != room_id and (0 <= start - b.end < self.changeover or 0 <= b.start - end < self.changeover)
        )

    def _day(self, minute: int) -> int | None:
        return next((i for i, (opens, closes) in enumerate(self.days) if opens <= minute < closes), None)

    def _add(self, request: Request, busy: _Busy) -> None:
        self.requests[request.id] = request
        self.placed[request.id] = busy
        insort(self.by_room[busy.room_id], busy, key=lambda b: b.start)
        for speaker in request.speaker_ids:
            self.by_speaker[speaker].append(busy)
        if (day := self._day(busy.start)) is not None:
            self.day_minutes[day] += busy.end - busy.start
            if busy.track_id is not None:
                self.track_days[busy.track_id][day] += 1
        if busy.track_id is not None:
            self.by_track[busy.track_id].append(busy)

    def _remove(self, contribution_id: int) -> _Busy:
        busy = self.placed.pop(contribution_id)
        request = self.requests[contribution_id]
        day = self._day(busy.start)  # only placed ones move, and they are inside a day
        self.day_minutes[day] -= busy.end - busy.start
        self.by_room[busy.room_id].remove(busy)
        for speaker in request.speaker_ids:
            self.by_speaker[speaker].remove(busy)
        if busy.track_id is not None:
            self.by_track[busy.track_id].remove(busy)
            self.track_days[busy.track_id][day] -= 1
        return busy

    # Repair

    def repair(self, request: Request) -> bool:
        """Make room for a request by moving up to REPAIR_DISPLACE placed (never fixed) contributions elsewhere."""
        if self.repairs_left <= 0:
            return False
        for room_id, start, blockers in self._displacements(request)[: min(REPAIR_SPOTS, self.repairs_left)]:
            self.repairs_left -= 1
            moved = {cid: self._remove(cid) for cid in blockers}
            self._add(request, _Busy(start, start + request.minutes, request.id, room_id, request.track_id))
            others = sorted((self.requests[cid] for cid in moved), key=lambda r: (self.room_minutes(r), r.id))
            if all(self.place_best(other) for other in others):
                return True
            for other in others:
                if other.id in self.placed:
                    self._remove(other.id)
            self._remove(request.id)
            for cid, busy in moved.items():
                self._add(self.requests[cid], busy)
        return False

    def _displacements(self, request: Request) -> list[tuple[int, int, tuple[int, ...]]]:
        """Spots the request would fit if a few movable contributions gave way, fewest and shortest first."""
        spots = []
        for room in self.suitable_rooms(request):
            for window_start, window_end in self.windows(request):
                first = -(-window_start // self.step) * self.step
                for start in range(first, window_end - request.minutes + 1, self.step):
                    end = start + request.minutes
                    overlapping = [b for b in self.by_room[room.id] if b.start < end and start < b.end]
                    for speaker in request.speaker_ids:
                        overlapping += [b for b in self.by_speaker[speaker] if b.start < end and start < b.end]
                    blockers = {b.contribution_id: b for b in overlapping}
                    if 0 < len(blockers) <= REPAIR_DISPLACE and not any(b.fixed for b in blockers.values()):
                        weight = sum(b.end - b.start for b in blockers.values())
                        spots.append(((len(blockers), weight, start, room.id), room.id, start, tuple(sorted(blockers))))
        spots.sort()
        return [(room_id, start, blockers) for _, room_id, start, blockers in spots]
