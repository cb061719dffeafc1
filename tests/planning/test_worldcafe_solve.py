"""`solve`: zero repeats where designs exist, good cafés, constraints kept, reproducible, cancellable, re-plans
that change few seats. Work budgets are given explicitly where a figure is asserted, so results do not depend on
the speed of the machine."""

from dataclasses import replace

import pytest

from planning.worldcafe import Participant, Problem, ProblemError, Seat, Table, Weights, check, measures, solve
from planning.worldcafe.instances import cafe, cafe80, replan, sgp, without_previous


@pytest.mark.parametrize(
    ("tables", "size", "rounds"),
    [(4, 4, 5), (5, 5, 6), (5, 3, 7), (6, 3, 8), (8, 4, 9), (3, 3, 4), (7, 7, 8)],
)
def test_solve_reaches_zero_repeats_on_social_golfer_sizes(tables, size, rounds):
    problem = sgp(tables, size, rounds)

    result = solve(problem, seconds=30, seed=1)

    assert result.figures["pair_coincidences"] == 0
    assert result.reason == "optimal"
    assert result.seconds < 5
    assert check(problem, result.plan) == []


@pytest.mark.parametrize(("tables", "size", "rounds"), [(5, 4, 5), (9, 4, 8), (10, 3, 12)])
def test_tabu_search_reaches_zero_repeats_where_no_design_is_built(tables, size, rounds):
    result = solve(sgp(tables, size, rounds), seconds=30, seed=1)

    assert result.figures["pair_coincidences"] == 0


def test_cafe80_plan_is_good_in_a_second_of_work():
    problem = cafe80()

    result = solve(problem, seconds=60, seed=1, work=300_000)

    assert check(problem, result.plan) == []
    assert result.figures["pref_score"] >= 0.90
    assert result.figures["diversity_deficit"] <= 2
    # distinct topics at one table per topic: a table's ten spread over seven others, so 6 * 8 * 3 = 144 at least
    assert 144 <= result.figures["pair_coincidences"] <= 160
    assert result.figures == measures(problem, result.plan)


def test_same_seed_and_work_give_the_same_plan():
    problem = cafe(7, [10, 8, 6], 6, 1, 5, 3, "small")

    first = solve(problem, seconds=60, seed=11, work=30_000)
    again = solve(problem, seconds=60, seed=11, work=30_000)
    other = solve(problem, seconds=60, seed=12, work=30_000)

    assert first.plan == again.plan
    assert first.figures == again.figures
    assert other.plan != first.plan
    assert first.seed == 11
    assert first.work == again.work >= 30_000  # counted per chunk of moves, so a little over the budget


def test_should_stop_cancels_and_keeps_a_valid_plan():
    problem = cafe80()

    result = solve(problem, seconds=60, seed=1, should_stop=lambda: True)

    assert result.reason == "cancelled"
    assert result.stopped_early
    assert check(problem, result.plan) == []


def test_progress_reports_fraction_penalty_and_coincidences_a_few_times_a_second():
    reports = []

    result = solve(cafe80(), seconds=1.0, seed=1, progress=reports.append)

    assert 1 <= len(reports) <= 4 * result.seconds + 2
    assert set(reports[-1]) == {"fraction", "best_penalty", "pair_coincidences"}
    assert all(0 <= r["fraction"] <= 1 for r in reports)
    assert reports[-1]["best_penalty"] == result.figures["penalty"]


def mixed_problem(**constraints) -> Problem:
    """Twelve people, three topic tables of four, three rounds, with the given constraints."""
    people = tuple(Participant(f"p{i:02d}", f"g{i % 3}", ("x", "y")) for i in range(12))
    tables = (Table("t0", 4, "x"), Table("t1", 4, "y"), Table("t2", 4, "z"))
    return replace(Problem(rounds=3, participants=people, tables=tables), **constraints)


def test_solve_keeps_apart_lists():
    problem = mixed_problem(apart=(("p00", "p01", "p02"), ("p03", "p04")))

    plan = solve(problem, seconds=5, seed=1, work=20_000).plan

    assert check(problem, plan) == []
    for seats in plan.rounds:
        assert len({seats["p00"], seats["p01"], seats["p02"]}) == 3
        assert seats["p03"] != seats["p04"]


def test_solve_keeps_together_groups_at_one_table():
    problem = mixed_problem(together=(("p00", "p05"), ("p05", "p07")))

    plan = solve(problem, seconds=5, seed=1, work=20_000).plan

    assert check(problem, plan) == []
    assert all(seats["p00"] == seats["p05"] == seats["p07"] for seats in plan.rounds)


def test_solve_keeps_fixed_seats():
    problem = mixed_problem(fixed=(Seat("p00", 2, "t2"), Seat("p01", 2, "t2"), Seat("p00", 3, "t0")))

    plan = solve(problem, seconds=5, seed=1, work=20_000).plan

    assert check(problem, plan) == []
    assert (plan.rounds[1]["p00"], plan.rounds[1]["p01"], plan.rounds[2]["p00"]) == ("t2", "t2", "t0")


def test_solve_copies_held_rounds_unchanged():
    held = {f"p{i:02d}": f"t{i % 3}" for i in range(11)} | {"left": "t2"}  # p11 came late, "left" left
    problem = mixed_problem(held=(held,))

    plan = solve(problem, seconds=5, seed=1, work=20_000).plan

    assert plan.rounds[0] == held
    assert check(problem, plan) == []


def test_replan_after_no_shows_and_walk_ins_changes_few_seats():
    base = cafe80()
    published = solve(base, seconds=60, seed=1, work=200_000).plan
    problem = replan(base, published, seed=1)

    result = solve(problem, seconds=60, seed=1, work=200_000)
    fresh = solve(without_previous(problem), seconds=60, seed=1, work=200_000)

    assert check(problem, result.plan) == []
    assert result.plan.rounds[0] == problem.held[0]
    assert result.figures["moved"] < len(problem.participants) * 3 / 3  # a third of the re-planned seats
    assert result.figures["pair_coincidences"] <= 1.1 * fresh.figures["pair_coincidences"]


def test_solve_refuses_a_problem_it_cannot_plan():
    problem = Problem(rounds=1, participants=(Participant("a"), Participant("b")), tables=(Table("t", 1),))

    with pytest.raises(ProblemError) as caught:
        solve(problem, seconds=1, seed=1)

    assert caught.value.code == "too_many_participants"


def test_a_single_table_needs_no_search():
    problem = Problem(rounds=2, participants=(Participant("a"), Participant("b")), tables=(Table("t", 2),))

    result = solve(problem, seconds=1, seed=1)

    assert result.plan.rounds == ({"a": "t", "b": "t"}, {"a": "t", "b": "t"})
    assert result.figures["pair_coincidences"] == 1
    assert result.reason in ("optimal", "trivial")


def test_weights_of_zero_switch_terms_off():
    problem = replace(cafe80(), weights=Weights(coincidence=1.0, preference=0.0, diversity=0.0))

    result = solve(problem, seconds=60, seed=1, work=100_000)

    assert result.figures["penalty"] == result.figures["pair_coincidences"]
