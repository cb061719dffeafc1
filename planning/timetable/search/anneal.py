"""Simulated annealing over feasible timetables: relocate one contribution to a free option, or swap two.

A move is only proposed where it keeps every hard rule (its options are precomputed, overlaps checked by cell), and
its cost change touches only the moved contributions' neighbours (`State.conflict_delta`). The temperature falls
geometrically over a fixed number of iterations, so the same start, seed and `iterations` give the same result; the
clock and `should_stop` only end the search early.
"""

import math
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

from planning.timetable.search.state import Option, State

SWAP_SHARE = 0.5  # of the moves proposed, the rest relocate one contribution
SAME_LENGTH_SHARE = 0.7  # of the swaps, with a contribution of the same length (far more often feasible)
CHECK_EVERY = 256  # iterations between looks at the clock, the temperature and the callbacks
PROGRESS_EVERY = 0.25  # seconds between progress callbacks
START_ACCEPTANCE = 0.25  # an average worsening move is accepted this often at the start
END_TEMPERATURE = 0.2  # a worsening by one conflict is then accepted 0.7 % of the time


@dataclass
class Outcome:
    best: list[Option | None]
    best_cost: float
    seconds_to_best: float
    done: int
    reason: str


class Moves:
    """Proposes a feasible move and its cost change; `apply` makes it."""

    def __init__(self, state: State, rng: Random):
        self.state, self.rng = state, rng
        compiled = state.compiled
        self.movable = compiled.movable
        groups = defaultdict(list)
        for c in self.movable:
            groups[compiled.cells[c]].append(c)
        self.same_length = {c: groups[compiled.cells[c]] for c in self.movable}

    def propose(self) -> tuple[float, list[tuple[int, Option]], int, int] | None:
        """(cost change, moves, conflict change, track break change), or None if the drawn move is not feasible."""
        rng, state = self.rng, self.state
        c = self.movable[int(rng.random() * len(self.movable))]
        if rng.random() < SWAP_SHARE:
            group = self.same_length[c] if rng.random() < SAME_LENGTH_SHARE else self.movable
            return self._swap(c, group[int(rng.random() * len(group))])
        options = state.compiled.options[c]
        option, current = options[int(rng.random() * len(options))], state.position[c]
        if option == current or not state.free(c, option):
            return None
        conflicts = state.conflict_delta(c, option)
        breaks = state.track_change(c, current[3], option[3])
        return state.w_conflict * conflicts + state.w_break * breaks, [(c, option)], conflicts, breaks

    def _swap(self, a: int, b: int):
        state = self.state
        pa, pb = state.position[a], state.position[b]
        if a == b or pa[0:2] == pb[0:2]:
            return None
        compiled = state.compiled
        new_a, new_b = compiled.option_at[a].get(pb[0:2]), compiled.option_at[b].get(pa[0:2])
        if new_a is None or new_b is None or not state.free(a, new_a, b) or not state.free(b, new_b, a):
            return None
        overlap_now = new_a[1] < new_b[2] and new_b[1] < new_a[2]
        if overlap_now and (new_a[0] == new_b[0] or set(compiled.speakers[a]) & set(compiled.speakers[b])):
            return None
        conflicts = state.conflict_delta(a, new_a, b) + state.conflict_delta(b, new_b, a)
        overlap_before = pa[1] < pb[2] and pb[1] < pa[2]
        conflicts += compiled.pair_weight[a].get(b, 0) * (overlap_now - overlap_before)
        breaks = state.swap_track_change(a, new_a[3], b, new_b[3])
        return state.w_conflict * conflicts + state.w_break * breaks, [(a, new_a), (b, new_b)], conflicts, breaks


def start_temperature(state: State, rng: Random, samples: int = 400) -> float:
    """A temperature at which an average worsening move, from a sample of feasible ones, is sometimes accepted."""
    moves, worse = Moves(state, rng), []
    for _ in range(samples * 20):
        proposed = moves.propose()
        if proposed is not None and proposed[0] > 0:
            worse.append(proposed[0])
            if len(worse) == samples:
                break
    mean = sum(worse) / len(worse) if worse else 1.0
    return max(END_TEMPERATURE * 2, -mean / math.log(START_ACCEPTANCE))


def temperatures(state: State, rng: Random) -> tuple[float, float]:
    """The search's start and end temperature for this state."""
    t0 = start_temperature(state, rng)
    return t0, min(END_TEMPERATURE, t0)


def moves_per_second(state: State, rng: Random, seconds: float, temperatures: tuple[float, float]) -> float:
    """Iterations per second of short whole searches (hot to cold) on copies of the state, longer until one takes
    a quarter of `seconds`: accepted moves cost the most, so only the whole range of temperatures tells the rate."""
    iterations, spent = 5000, 0.0
    while True:
        started = time.perf_counter()
        outcome = anneal(state.copy(), rng, iterations, temperatures, deadline=started + seconds, started=started)
        elapsed = time.perf_counter() - started
        spent += elapsed
        if elapsed >= seconds / 4 or spent >= seconds / 2:
            return outcome.done / max(elapsed, 1e-9)
        iterations *= 2


def anneal(
    state: State,
    rng: Random,
    iterations: int,
    temperatures: tuple[float, float],
    *,
    deadline: float,
    started: float,
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Outcome:
    """Search from the state for `iterations` moves, or until the deadline (perf_counter) or should_stop()."""
    moves = Moves(state, rng)
    t0, t1 = temperatures
    best, best_cost, best_at = list(state.position), state.cost, time.perf_counter()
    temperature, reported, reason, done = t0, 0.0, "done", 0
    for done in range(iterations):
        if done % CHECK_EVERY == 0:
            temperature = t0 * (t1 / t0) ** (done / iterations)
            now = time.perf_counter()
            if now >= deadline:
                reason = "time"
                break
            if should_stop is not None and should_stop():
                reason = "cancelled"
                break
            if progress is not None and now - reported >= PROGRESS_EVERY:
                progress({"fraction": round(done / iterations, 4), "best_penalty": best_cost})
                reported = now
        proposed = moves.propose()
        if proposed is None:
            continue
        delta, changes, conflicts, breaks = proposed
        if delta <= 0 or rng.random() < math.exp(-delta / temperature):
            state.shift(changes, conflicts, breaks)
            if state.cost < best_cost - 1e-9:
                best, best_cost, best_at = list(state.position), state.cost, time.perf_counter()
    else:
        done = iterations
    if progress is not None:
        progress({"fraction": 1.0, "best_penalty": best_cost})
    return Outcome(best, best_cost, best_at - started, done, reason)
