"""`flask worldcafe solve` and `flask worldcafe check` on exchange-format files: the round trip, and a broken plan
named rule by rule with exit code 1."""

import json

from tests.ticketing.worldcafe.helpers import make_cafe
from ticketing.worldcafe.plan.problem import cafe_problem


def write(path, data) -> str:
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_solve_then_check_round_trip(runner, app_ctx, tmp_path):
    problem = write(tmp_path / "in.json", cafe_problem(make_cafe().cafe))
    plan = str(tmp_path / "out.json")

    solved = runner.invoke(args=["worldcafe", "solve", problem, plan, "--seconds", "1", "--seed", "3"])
    checked = runner.invoke(args=["worldcafe", "check", problem, plan])

    assert solved.exit_code == 0, solved.output
    assert "pair_coincidences " in solved.output
    assert json.loads((tmp_path / "out.json").read_text())["seed"] == 3
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines()[0].startswith("pair_coincidences ")


def test_check_of_a_broken_plan_exits_1_naming_each_rule(runner, tmp_path):
    problem = {
        "rounds": 1,
        "participants": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
        "tables": [{"id": "t1", "capacity": 2}, {"id": "t2", "capacity": 2}],
        "apart": [["a", "b"]],
    }
    plan = {"rounds": [{"a": "t1", "b": "t1", "c": "t1"}]}

    checked = runner.invoke(args=["worldcafe", "check", write(tmp_path / "p.json", problem),
                                  write(tmp_path / "plan.json", plan)])  # fmt: skip

    assert checked.exit_code == 1
    broken = [line.split(":")[0] for line in checked.output.splitlines() if line.startswith("broken ")]
    assert broken == ["broken over_capacity", "broken unbalanced", "broken apart_broken"]


def test_solve_of_a_malformed_problem_names_the_cause(runner, tmp_path):
    solved = runner.invoke(args=["worldcafe", "solve", write(tmp_path / "p.json", {"rounds": 2}), str(tmp_path / "o")])

    assert solved.exit_code == 1
    assert "The required key 'participants' is missing in the problem." in solved.output
