"""The solver's warm start (`solve(start=...)`) and its construction on a NØRD-sized program."""

from random import Random

from planning.timetable.instances import generate
from planning.timetable.model import Placement, Timetable
from planning.timetable.planner import check, parse_problem, parse_timetable, solve
from planning.timetable.search.construct import construct
from planning.timetable.search.state import Compiled


def test_a_start_that_keeps_every_rule_is_where_the_search_begins():
    made = generate("s40", 5)
    problem = parse_problem(made.problem)
    start = parse_timetable(problem, made.planted)

    result = solve(problem, seconds=5, seed=1, iterations=0, start=start)

    assert check(problem, result.timetable) == []
    assert result.timetable.assignments == start.assignments


def test_placements_of_the_start_that_break_a_rule_are_placed_again():
    made = generate("s40", 6)
    problem = parse_problem(made.problem)
    planted = parse_timetable(problem, made.planted)
    broken = dict(planted.assignments)
    first, second = list(broken)[:2]
    broken[first] = Placement(broken[first].room, broken[first].day, broken[first].start + 7)  # off the grid
    broken[second] = broken[first]  # on top of another one

    result = solve(problem, seconds=5, seed=1, iterations=0, start=Timetable(broken))

    assert check(problem, result.timetable) == []
    kept = {cid for cid, p in result.timetable.assignments.items() if planted.assignments[cid] == p}
    assert len(kept) >= len(broken) - 4


def test_the_search_from_a_start_keeps_every_rule_and_does_not_get_worse():
    made = generate("s100", 2)
    problem = parse_problem(made.problem)

    start = parse_timetable(problem, made.planted)
    result = solve(problem, seconds=3, seed=4, iterations=20_000, start=start)

    planted = solve(problem, seconds=3, seed=4, iterations=0, start=start)
    assert check(problem, result.timetable) == []
    assert result.figures["penalty"] <= planted.figures["penalty"]


def test_three_hundred_contributions_in_fifteen_rooms_over_two_days_are_constructed_from_scratch():
    problem = parse_problem(generate("s300", 2026).problem)
    compiled = Compiled(problem)

    built = [construct(compiled, Random(seed)) for seed in range(3)]

    assert all(state is not None for state in built)
    assert all(check(problem, state.timetable()) == [] for state in built)
