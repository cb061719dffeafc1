"""The solver's working timetable: contributions as numbers, time as grid cells, cost kept up to date by deltas.

Every possible spot of a contribution is precomputed as an option `(room, first cell, end cell, room-block)`, with
cells counted over all days (day * cells_per_day + minute // grid), so two placements overlap exactly when their
cell ranges do (starts lie on the grid). Rooms and speakers hold, per cell, the contribution there or -1.
`pair_weight[c]` maps each neighbour to how many attendees favour both: moving c changes the attendee conflicts
only with those neighbours.
"""

from collections import defaultdict
from itertools import combinations

from planning.timetable.checking import fitting_rooms, possible_times
from planning.timetable.model import Placement, Problem, Timetable

Option = tuple[int, int, int, int]  # room, first cell, end cell (exclusive), room-block


class Compiled:
    """The problem as numbers; built once per solve."""

    def __init__(self, problem: Problem):
        self.problem = problem
        grid = problem.time_grid_minutes
        self.grid = grid
        self.cells_per_day = -(-1440 // grid)
        self.ids = [c.id for c in problem.contributions]
        index = {cid: i for i, cid in enumerate(self.ids)}
        self.room_ids = [r.id for r in problem.rooms]
        self.day_ids = [d.id for d in problem.days]
        room_index = {rid: i for i, rid in enumerate(self.room_ids)}
        day_index = {did: i for i, did in enumerate(self.day_ids)}
        self.block_index = {}  # (day index, block index in the day) -> global block number
        for d, day in enumerate(problem.days):
            for b in range(len(day.blocks)):
                self.block_index[(d, b)] = len(self.block_index)
        self.blocks = len(self.block_index)
        self.block_cells = [  # per global block: its first cell and its end cell (exclusive, rounded up)
            (d * self.cells_per_day + a // grid, d * self.cells_per_day - (-b // grid))
            for d, day in enumerate(problem.days)
            for a, b in day.blocks
        ]
        speakers = sorted({s for c in problem.contributions for s in c.speakers})
        speaker_index = {s: i for i, s in enumerate(speakers)}
        self.speaker_count = len(speakers)
        self.speakers = [tuple(speaker_index[s] for s in c.speakers) for c in problem.contributions]
        tracks = {t: i for i, t in enumerate(dict.fromkeys(c.track for c in problem.contributions if c.track))}
        self.track = [tracks[c.track] if c.track else -1 for c in problem.contributions]
        self.cells = [-(-c.duration // grid) for c in problem.contributions]
        self.audience = [problem.audience[cid] for cid in self.ids]
        self.capacity = [r.capacity for r in problem.rooms]
        self.pinned = [None] * len(self.ids)
        for cid, p in problem.pinned.items():
            c, d = index[cid], day_index[p.day]
            block = next(i for i, (a, b) in enumerate(problem.days[d].blocks) if a <= p.start < b)
            self.pinned[c] = self._option(c, room_index[p.room], d, block, p.start)
        self.options: list[list[Option]] = []
        for c, contribution in enumerate(problem.contributions):
            rooms = [room_index[r.id] for r in fitting_rooms(problem, contribution)]
            times = [(day_index[d], b, start) for d, b, start in possible_times(problem, contribution)]
            self.options.append([self._option(c, r, d, b, s) for d, b, s in times for r in rooms])
        self.option_at = [{(o[0], o[1]): o for o in options} for options in self.options]
        self.movable = [c for c in range(len(self.ids)) if self.pinned[c] is None]
        self.pair_weight = _pair_weights(problem, index)

    def _option(self, c: int, room: int, day: int, block: int, start: int) -> Option:
        first = day * self.cells_per_day + start // self.grid
        return (room, first, first + self.cells[c], room * self.blocks + self.block_index[(day, block)])

    def start_options(self, timetable: Timetable) -> list[Option | None]:
        """Per contribution, its placement in `timetable` as an option when that placement keeps the contribution's
        own hard rules (grid, block, room, speakers' windows), else None; pinned contributions get None."""
        room_index = {rid: i for i, rid in enumerate(self.room_ids)}
        day_index = {did: i for i, did in enumerate(self.day_ids)}
        found: list[Option | None] = [None] * len(self.ids)
        for c in self.movable:
            p = timetable.assignments.get(self.ids[c])
            if p is None or p.room not in room_index or p.day not in day_index or p.start % self.grid:
                continue
            first = day_index[p.day] * self.cells_per_day + p.start // self.grid
            found[c] = self.option_at[c].get((room_index[p.room], first))
        return found

    def placement(self, option: Option) -> Placement:
        day, cell = divmod(option[1], self.cells_per_day)
        return Placement(self.room_ids[option[0]], self.day_ids[day], cell * self.grid)


def _pair_weights(problem: Problem, index: dict[str, int]) -> list[dict[int, int]]:
    weights: list[dict[int, int]] = [defaultdict(int) for _ in index]
    for attendee in problem.attendees:
        for a, b in combinations(sorted(index[cid] for cid in attendee.favourites), 2):
            weights[a][b] += 1
            weights[b][a] += 1
    return [dict(sorted(w.items())) for w in weights]


class State:
    """Placements with occupancy per room and speaker cell, tracks per room-block, and the two penalty counts.

    For the attendee conflicts, `starting[c][t]` and `ending[c][t]` sum the pair weights of c's placed neighbours
    whose cells start (end) at cell t, so the weight c would clash with on cells [first, end) is
    sum(starting[c][:end]) - sum(ending[c][:first + 1]): two slices summed in C instead of a loop over neighbours.
    A neighbour that moves updates these arrays; proposals, far more frequent than moves, only read them.
    """

    def __init__(self, compiled: Compiled):
        self.compiled = compiled
        cells = len(compiled.day_ids) * compiled.cells_per_day
        self.room_cells = [[-1] * cells for _ in compiled.room_ids]
        self.speaker_cells = [[-1] * cells for _ in range(compiled.speaker_count)]
        self.starting = [[0] * (cells + 1) for _ in compiled.ids]
        self.ending = [[0] * (cells + 1) for _ in compiled.ids]
        self.position: list[Option | None] = [None] * len(compiled.ids)
        self.tracks: list[dict[int, int]] = [{} for _ in range(len(compiled.room_ids) * compiled.blocks)]
        self.conflicts = 0
        self.breaks = 0
        weights = compiled.problem.weights
        self.w_conflict, self.w_break = weights.attendee_conflict, weights.track_break

    @property
    def cost(self) -> float:
        return self.w_conflict * self.conflicts + self.w_break * self.breaks

    def copy(self) -> "State":
        """An independent copy sharing only the compiled problem."""
        twin = State.__new__(State)
        twin.__dict__.update(self.__dict__)
        for name in ("room_cells", "speaker_cells", "starting", "ending", "tracks"):
            setattr(twin, name, [row.copy() for row in getattr(self, name)])
        twin.position = list(self.position)
        return twin

    def timetable(self, position: list[Option | None] | None = None) -> Timetable:
        position = self.position if position is None else position
        ids, placement = self.compiled.ids, self.compiled.placement
        return Timetable({ids[c]: placement(o) for c, o in enumerate(position) if o is not None})

    # Occupancy

    def free(self, c: int, option: Option, other: int = -1) -> bool:
        """Whether c fits at the option, its own cells and `other`'s counting as free."""
        room, first, end, _ = option
        cells = self.room_cells[room]
        for t in range(first, end):
            v = cells[t]
            if v != -1 and v != c and v != other:
                return False
        for s in self.compiled.speakers[c]:
            cells = self.speaker_cells[s]
            for t in range(first, end):
                v = cells[t]
                if v != -1 and v != c and v != other:
                    return False
        return True

    def blockers(self, c: int, option: Option) -> set[int]:
        room, first, end, _ = option
        found = {v for v in self.room_cells[room][first:end] if v != -1}
        for s in self.compiled.speakers[c]:
            found.update(v for v in self.speaker_cells[s][first:end] if v != -1)
        found.discard(c)
        return found

    def place(self, c: int, option: Option) -> None:
        """Put c at the option (it must be free) and update both penalty counts."""
        self.conflicts += self.overlapping_weight(c, option)
        self.breaks += self.track_change(c, -1, option[3])
        self._write(c, option, c)
        self._track_count(c, option[3], 1)
        self._announce(c, None, option)
        self.position[c] = option

    def remove(self, c: int) -> None:
        option = self.position[c]
        self._write(c, option, -1)
        self.position[c] = None
        self._announce(c, option, None)
        self.conflicts -= self.overlapping_weight(c, option)
        self.breaks += self.track_change(c, option[3], -1)
        self._track_count(c, option[3], -1)

    def shift(self, moves: list[tuple[int, Option]], conflict_delta: int, break_delta: int) -> None:
        """Move placed contributions to new options whose cost change the caller has computed already."""
        for c, _ in moves:
            self._write(c, self.position[c], -1)
            self._track_count(c, self.position[c][3], -1)
        for c, option in moves:
            self._write(c, option, c)
            self._track_count(c, option[3], 1)
            self._announce(c, self.position[c], option)
            self.position[c] = option
        self.conflicts += conflict_delta
        self.breaks += break_delta

    def _write(self, c: int, option: Option, value: int) -> None:
        room, first, end, _ = option
        self.room_cells[room][first:end] = [value] * (end - first)
        for s in self.compiled.speakers[c]:
            self.speaker_cells[s][first:end] = [value] * (end - first)

    def _announce(self, c: int, old: Option | None, new: Option | None) -> None:
        """Tell c's neighbours that its cells moved from `old` to `new` (None: not placed)."""
        if old is not None and new is not None and old[1] == new[1] and old[2] == new[2]:
            return
        starting, ending = self.starting, self.ending
        for other, weight in self.compiled.pair_weight[c].items():
            if old is not None:
                starting[other][old[1]] -= weight
                ending[other][old[2]] -= weight
            if new is not None:
                starting[other][new[1]] += weight
                ending[other][new[2]] += weight

    def _track_count(self, c: int, block: int, change: int) -> None:
        if (track := self.compiled.track[c]) >= 0:
            self._count(block, track, change)

    # Deltas

    def overlapping_weight(self, c: int, option: Option, skip: int = -1) -> int:
        """Attendees' conflicts c would have at the option with its placed neighbours (`skip` left out)."""
        first, end = option[1], option[2]
        total = sum(self.starting[c][:end]) - sum(self.ending[c][: first + 1])
        if skip >= 0 and (p := self.position[skip]) is not None and p[1] < end and first < p[2]:
            total -= self.compiled.pair_weight[c].get(skip, 0)
        return total

    def conflict_delta(self, c: int, new: Option, skip: int = -1) -> int:
        """Change of the attendee conflicts if c (placed) moved to `new`, `skip` left out."""
        old = self.position[c]
        if new[1] == old[1] and new[2] == old[2]:
            return 0
        return self.overlapping_weight(c, new, skip) - self.overlapping_weight(c, old, skip)

    def track_change(self, c: int, old_block: int, new_block: int) -> int:
        """Change of the track breaks if c left room-block `old_block` for `new_block` (-1: none)."""
        track = self.compiled.track[c]
        if track < 0 or old_block == new_block:
            return 0
        delta = 0
        if old_block >= 0:
            counts = self.tracks[old_block]
            delta -= counts.get(track) == 1 and len(counts) >= 2
        if new_block >= 0:
            counts = self.tracks[new_block]
            delta += track not in counts and len(counts) >= 1
        return delta

    def swap_track_change(self, a: int, new_a: int, b: int, new_b: int) -> int:
        """Change of the track breaks if a and b moved to room-blocks new_a and new_b together."""
        old_a, old_b = self.position[a][3], self.position[b][3]
        track = self.compiled.track
        if track[a] == track[b] and {old_a, old_b} == {new_a, new_b}:
            return 0
        blocks = {old_a, old_b, new_a, new_b}
        before = sum(max(0, len(self.tracks[k]) - 1) for k in blocks)
        changes = [(k, t, n) for k, t, n in ((old_a, track[a], -1), (old_b, track[b], -1)) if t >= 0]
        changes += [(k, t, n) for k, t, n in ((new_a, track[a], 1), (new_b, track[b], 1)) if t >= 0]
        for k, t, n in changes:
            self._count(k, t, n)
        after = sum(max(0, len(self.tracks[k]) - 1) for k in blocks)
        for k, t, n in changes:
            self._count(k, t, -n)
        return after - before

    def _count(self, block: int, track: int, change: int) -> None:
        counts = self.tracks[block]
        counts[track] = counts.get(track, 0) + change
        if not counts[track]:
            del counts[track]
