"""`solve`: a constructive start (a design, topics chosen first, the previous plan, or greedy; see `construct`),
then tabu search for plain Social Golfer cafés and simulated annealing for everything else, returning the best
plan found with its measures.

The search is reproducible: it counts its work against `work` (by default the seconds times RATE, about what a
current laptop core does) and reads the clock only as an upper limit; see `search.Budget`.
"""

import random
from collections.abc import Callable

from planning.worldcafe.construction.construct import initial_plan
from planning.worldcafe.measures import measures
from planning.worldcafe.messages import ProblemError
from planning.worldcafe.model import Plan, Problem, Result
from planning.worldcafe.search.anneal import anneal
from planning.worldcafe.search.compiled import Model, compile_problem
from planning.worldcafe.search.space import Best, Budget, Space
from planning.worldcafe.search.state import State
from planning.worldcafe.search.tabu import coincidences_only, tabu
from planning.worldcafe.validation import validate

RATE = 300_000  # work units (about one weighed swap each) per second the default work assumes
WARM_START = 0.1  # starting temperature of the annealing after the topic start, relative to a cold start


def solve(
    problem: Problem,
    *,
    seconds: float,
    seed: int,
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    work: int | None = None,
) -> Result:
    """The best plan found within `work` units of search (default `seconds` * RATE) and at most `seconds`.

    Raises ProblemError if the problem cannot be planned, or no plan keeping every hard rule was found.
    """
    validate(problem)
    model = compile_problem(problem)
    rng = random.Random(seed)
    budget = Budget(work if work is not None else int(seconds * RATE), seconds, progress, should_stop)
    plain = coincidences_only(model)
    tabs, start = initial_plan(model, rng)
    state = State(model, tabs, sums=plain)  # the tabu search weighs many moves per step
    best = Best(state, budget)
    space = Space(model)
    if not space.rounds:
        budget.finish("trivial")
    elif plain:
        tabu(state, space, budget, best, rng)
    else:
        # a start with well chosen topics is to be refined, not melted down
        anneal(state, space, budget, best, rng, warmth=WARM_START if start in ("topics", "previous") else 1.0)
    tabs = best.plan()
    budget.report(best)
    if best.violations:
        raise ProblemError("no_plan_found", seconds=round(budget.elapsed(), 1))
    plan = to_plan(model, tabs)
    return Result(
        plan=plan,
        figures=measures(problem, plan),
        seed=seed,
        seconds=budget.elapsed(),
        seconds_to_best=best.seconds,
        work=budget.done,
        reason=budget.reason or "done",
    )


def to_plan(model: Model, tabs: list[list[int]]) -> Plan:
    """Held rounds exactly as given (people who left included), planned rounds from the table indices."""
    rounds = [dict(seats) for seats in model.problem.held]
    for row in tabs[model.held :]:
        rounds.append({pid: model.table_ids[t] for pid, t in zip(model.ids, row, strict=True)})
    return Plan(tuple(rounds))
