"""The first timetable: most constrained contribution first, each at its cheapest free option (placed snugly against
its room's neighbours or the block's edges, so a full room's time is not cut into unusable gaps); what finds no free
option takes one anyway and the movable contributions in its way are placed again (an ejection chain, with a short
tabu so two contributions do not keep pushing each other out). A warm start keeps what of a given timetable is free.
"""

from random import Random

from planning.timetable.search.state import Compiled, Option, State

TABU = 7  # steps a contribution placed by ejection is protected from being pushed out again
ROOM_SLACK_COST = 0.5  # per empty share of a room: keep the big rooms for the big audiences
GAP_COST = 50.0  # per side of a placement that leaves a gap to its neighbour (or the block's edge) in its room
STEPS_PER_CONTRIBUTION = 20  # the ejection chain's bound: past it, a restart (seeded afresh) does better


def construct(compiled: Compiled, rng: Random, start: list[Option | None] | None = None) -> State | None:
    """A timetable keeping every hard rule, or None if the ejection chain ran out of steps.

    `start` (an option or None per contribution, see `Compiled.start_options`) is a warm start: its placements
    that are still free when their turn comes are taken as they are, the rest are constructed around them (and may
    push them out like any other placement)."""
    state = State(compiled)
    for c, option in enumerate(compiled.pinned):
        if option is not None:
            state.place(c, option)
    if start is not None:
        for c in compiled.movable:
            if start[c] is not None and state.free(c, start[c]):
                state.place(c, start[c])
    todo = [c for c in compiled.movable if state.position[c] is None]
    order = sorted(todo, key=lambda c: (len(compiled.options[c]), -compiled.cells[c], rng.random()))
    waiting = list(reversed(order))  # a stack: the most constrained on top
    placed_at: dict[int, int] = {}
    for step in range(STEPS_PER_CONTRIBUTION * len(order) + 100):
        if not waiting:
            return state
        c = waiting.pop()
        option = cheapest_free(state, c, rng)
        if option is None:
            option = least_blocked(state, c, rng, placed_at, step)
            if option is None:
                return None
            for other in sorted(state.blockers(c, option)):
                state.remove(other)
                waiting.append(other)
        state.place(c, option)
        placed_at[c] = step
    return None


def cheapest_free(state: State, c: int, rng: Random) -> Option | None:
    """The free option with the fewest new attendee conflicts and track breaks; ties broken by the seed."""
    compiled = state.compiled
    by_time: dict[tuple[int, int], int] = {}
    best, best_cost = None, 0.0
    audience = compiled.audience[c]
    for option in compiled.options[c]:
        if not state.free(c, option):
            continue
        key = (option[1], option[2])
        if key not in by_time:
            by_time[key] = state.overlapping_weight(c, option)
        cost = state.w_conflict * by_time[key] + state.w_break * state.track_change(c, -1, option[3])
        capacity = compiled.capacity[option[0]]
        cost += ROOM_SLACK_COST * (capacity - audience) / max(1, capacity) + 0.01 * rng.random()
        cost += GAP_COST * gaps(state, option)
        if best is None or cost < best_cost:
            best, best_cost = option, cost
    return best


def gaps(state: State, option: Option) -> int:
    """How many sides of the option leave free cells between it and its room's neighbour or the block's edge: snug
    placements keep the free time of a room-block in one piece, so long contributions still find room (packing)."""
    room, first, end, room_block = option
    block_first, block_end = state.compiled.block_cells[room_block % state.compiled.blocks]
    cells = state.room_cells[room]
    return (first > block_first and cells[first - 1] == -1) + (end < block_end and cells[end] == -1)


def least_blocked(state: State, c: int, rng: Random, placed_at: dict[int, int], step: int) -> Option | None:
    """The option whose movable blockers are fewest and shortest, avoiding those placed a moment ago."""
    compiled = state.compiled
    best, best_score = None, 0.0
    for option in compiled.options[c]:
        blockers = state.blockers(c, option)
        if any(compiled.pinned[b] is not None for b in blockers):
            continue
        score = sum(compiled.cells[b] + (100 if step - placed_at.get(b, -TABU) < TABU else 0) for b in blockers)
        score += rng.random()
        if best is None or score < best_score:
            best, best_score = option, score
    return best
