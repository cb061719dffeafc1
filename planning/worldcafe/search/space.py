"""What both local searches share: the work budget and clock, the best plan so far, and who may move where.

The budget counts work (about one weighed swap a unit; costlier moves count more); the clock, cancelling and
progress reports are looked at only every `CHUNK` units. So the same problem, seed and work give the same plan on
any machine, and the clock only cuts a search short (or cools the annealing sooner) on a machine too slow for the
work the seconds were meant to buy.
"""

import time
from collections.abc import Callable

from planning.worldcafe.search.compiled import Model
from planning.worldcafe.search.state import State

CHUNK = 1024  # work between looks at the clock
REPORT_EVERY = 0.25  # seconds between progress reports


class Budget:
    """Work done against the work allowed, and why the search stopped."""

    def __init__(self, work: int, seconds: float, progress: Callable | None, should_stop: Callable | None):
        self.limit = max(1, work)
        self.done = 0
        self.started = time.perf_counter()
        self.deadline = self.started + seconds
        self.progress, self.should_stop = progress, should_stop
        self.reported = self.started
        self.next_look = CHUNK
        self.reason: str | None = None

    @property
    def fraction(self) -> float:
        return min(1.0, max(self.done / self.limit, self.elapsed() / max(1e-9, self.deadline - self.started)))

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def spend(self, work: int, best: "Best") -> bool:
        """Count the work; False when the search must stop (work done, time up, cancelled)."""
        self.done += work
        if self.reason:
            return False
        if self.done >= self.limit:
            self.reason = "done"
        elif self.done >= self.next_look:  # the clock and the caller's callbacks only now and then
            self.next_look = self.done + CHUNK
            now = time.perf_counter()
            if now > self.deadline:
                self.reason = "time"
            elif self.should_stop is not None and self.should_stop():
                self.reason = "cancelled"
            elif self.progress is not None and now - self.reported >= REPORT_EVERY:
                self.reported = now
                self.report(best)
        return self.reason is None

    def report(self, best: "Best") -> None:
        if self.progress is not None:
            self.progress({"fraction": self.fraction, "best_penalty": best.penalty, "pair_coincidences": best.coinc})

    def finish(self, reason: str) -> None:
        self.reason = self.reason or reason


class Best:
    """The best plan seen; the copy is taken lazily, just before the search leaves a best state."""

    def __init__(self, state: State, budget: Budget):
        self.state, self.budget = state, budget
        self.objective = state.objective()
        self.penalty, self.coinc, self.violations = state.penalty(), state.coinc, state.violations
        self.tab = state.snapshot()
        self.at_best = False
        self.seconds = budget.elapsed()

    def note(self) -> bool:
        """Record the current state if it is the best so far; True if it is."""
        state = self.state
        objective = state.objective()
        if objective < self.objective - 1e-9:
            self.objective, self.penalty = objective, state.penalty()
            self.coinc, self.violations = state.coinc, state.violations
            self.at_best = True
            self.seconds = self.budget.elapsed()
            return True
        return False

    def leaving(self) -> None:
        """Called before a worsening move: keep the best state before it is changed."""
        if self.at_best:
            self._take()
            self.at_best = False

    def plan(self) -> list[list[int]]:
        if self.at_best:
            self._take()
        return self.tab

    def _take(self) -> None:
        """Copy the current state as the best; moves of equal objective since `note` may have changed figures
        that weigh nothing (coincidences with weight 0), so those are read again."""
        self.tab = self.state.snapshot()
        self.penalty, self.coinc = self.state.penalty(), self.state.coinc


class Space:
    """Who may move in each planned round: free single people, free units of several, and if sizes may change."""

    def __init__(self, model: Model):
        self.model = model
        planned = range(model.held, model.rounds)
        units = model.units
        self.free = {
            r: [u[0] for i, u in enumerate(units) if len(u) == 1 and (r, i) not in model.fixed] for r in planned
        }
        self.free_set = {r: set(people) for r, people in self.free.items()}
        self.groups = {r: [i for i, u in enumerate(units) if len(u) > 1 and (r, i) not in model.fixed] for r in planned}
        # a round is searched if two movers could change places (at one table nobody can)
        movers = {r: len(self.free[r]) + len(self.groups[r]) for r in planned}
        self.rounds = [r for r in planned if movers[r] >= 2 and len(model.capacities) >= 2]
        # sizes can change only if they are not all forced: free seats somewhere and room in the balance
        self.resizable = model.n < sum(model.capacities) and model.problem.balance > 0

    def resize_ok(self, sizes: list[int], a: int, b: int, count: int = 1) -> bool:
        """Whether `count` people may go from table a to table b within capacity and balance."""
        if sizes[b] + count > self.model.capacities[b]:
            return False
        sizes[a] -= count
        sizes[b] += count
        ok = max(sizes) - min(sizes) <= self.model.problem.balance
        sizes[a] += count
        sizes[b] -= count
        return ok
