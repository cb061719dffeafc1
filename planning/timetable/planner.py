"""The timetable planner driven by attendees' favourites: read a problem, check and measure a timetable, solve.

The public face of the planner (docs/formats/timetable.md): `parse_problem`, `parse_timetable`, `check`, `measures`,
`solve`, `problem_to_json`, `timetable_to_json`. Plain Python on plain data; nothing of the app is imported.
"""

import time
from collections.abc import Callable
from random import Random

from planning.timetable.checking import check
from planning.timetable.exchange import problem_to_json, timetable_to_json
from planning.timetable.measures import measures
from planning.timetable.messages import MESSAGES, ProblemError, Violation
from planning.timetable.model import Problem, Result, Timetable
from planning.timetable.parsing import parse_problem, parse_timetable
from planning.timetable.search.anneal import anneal, moves_per_second, temperatures
from planning.timetable.search.construct import construct
from planning.timetable.search.state import Compiled

__all__ = [
    "MESSAGES",
    "Problem",
    "ProblemError",
    "Result",
    "Timetable",
    "Violation",
    "check",
    "measures",
    "parse_problem",
    "parse_timetable",
    "problem_to_json",
    "solve",
    "timetable_to_json",
]

CONSTRUCTION_SHARE = 0.3  # of the time budget, at most, for finding a first timetable
CALIBRATION_SHARE = 0.06  # of the time budget, at most 2 s, for timing the search on this machine
SEARCH_SHARE = 0.9  # of the time left, planned for the search: the clock must not cut off its cool end


def solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int,
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    iterations: int | None = None,
    start: Timetable | None = None,
) -> Result:
    """The best timetable found in `seconds`: a construction, then simulated annealing; pinned placements stay.

    `iterations` fixes the length of the search (else it is what this machine manages in the time left): the same
    problem, seed and iterations give the same timetable. `progress` gets {"fraction", "best_penalty"} a few times a
    second; `should_stop()` returning True ends the search, keeping the best timetable so far.

    `start` (e.g. the current timetable) is a warm start: its placements that keep every hard rule are where the
    search begins, and only the contributions it leaves out (or places against a rule) are constructed; the first
    construction then starts from it, later ones (restarts, most constrained first, seeded) from scratch.

    :raises ProblemError: no_timetable_found when no construction keeps every hard rule in the time.
    """
    started = time.perf_counter()
    deadline = started + seconds
    compiled = Compiled(problem)
    rng = Random(seed)
    state = construct(compiled, rng, compiled.start_options(start) if start is not None else None)
    while state is None:
        if time.perf_counter() - started > CONSTRUCTION_SHARE * seconds or (should_stop and should_stop()):
            raise ProblemError("no_timetable_found", seconds=round(seconds, 1))
        state = construct(compiled, rng)
    t0, t1 = temperatures(state, Random(seed + 1))
    if iterations is None:
        rate = moves_per_second(state, Random(seed + 2), min(2.0, CALIBRATION_SHARE * seconds), (t0, t1))
        iterations = int(rate * max(0.0, deadline - time.perf_counter()) * SEARCH_SHARE)
    if not compiled.movable or iterations <= 0:
        timetable = state.timetable()
        elapsed = time.perf_counter() - started
        reason = "trivial" if not compiled.movable else "time"
        return Result(timetable, measures(problem, timetable), seed, elapsed, elapsed, iterations, 0, reason)
    outcome = anneal(
        state, rng, iterations, (t0, t1), deadline=deadline, started=started, progress=progress, should_stop=should_stop
    )
    timetable = state.timetable(outcome.best)
    return Result(
        timetable=timetable,
        figures=measures(problem, timetable),
        seed=seed,
        seconds=time.perf_counter() - started,
        seconds_to_best=outcome.seconds_to_best,
        iterations=iterations,
        iterations_done=outcome.done,
        reason=outcome.reason,
    )
