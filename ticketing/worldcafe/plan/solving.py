"""Computing a café's plan with the planner (in the worker as the job "worldcafe.solve", or in process for the
demo): read the café, solve within the time budget, keep the result as the draft."""

from collections.abc import Callable

from planning.worldcafe import ProblemError, solve
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import CafePlan, WorldCafe
from ticketing.worldcafe.plan.plans import store_draft
from ticketing.worldcafe.plan.problem import cafe_problem, parsed_problem, problem_error

JOB_KIND = "worldcafe.solve"


def solve_cafe(
    cafe: WorldCafe,
    *,
    seconds: float,
    seed: int | None = None,
    from_checkins: bool = False,
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    job_id: int | None = None,
) -> CafePlan:
    """Plan the café (a re-plan from check-ins keeps held rounds and moves few) and store the draft.
    :raises WorldCafeError:"""
    if not cafe.tables:
        raise WorldCafeError("no_tables")
    problem = parsed_problem(cafe, cafe_problem(cafe, from_checkins=from_checkins))
    if not problem.participants:
        raise WorldCafeError("no_participants")
    seed = cafe.seed if seed is None else seed
    try:
        result = solve(problem, seconds=seconds, seed=seed, progress=progress, should_stop=should_stop)
    except ProblemError as error:
        raise problem_error(cafe, error) from None
    return store_draft(cafe, list(result.plan.rounds), seed=seed, job_id=job_id, from_checkins=from_checkins)
