"""`flask program`: export an event's program, solve it, check the plan; broken rules exit 1 and are named."""

import json

import pytest

from tests.events.program.planner.helpers import planner_program


@pytest.fixture
def made(app_ctx):
    return planner_program()


def test_export_solve_and_check_round_trip(runner, made, tmp_path):
    problem, plan = tmp_path / "problem.json", tmp_path / "plan.json"

    exported = runner.invoke(args=["program", "export-problem", "noerd", str(problem)])
    solved = runner.invoke(args=["program", "solve", str(problem), str(plan), "--seconds", "1", "--seed", "3"])
    checked = runner.invoke(args=["program", "check", str(problem), str(plan)])

    assert exported.exit_code == 0, exported.output
    data = json.loads(problem.read_text())
    assert len(data["contributions"]) == 5 and len(data["attendees"]) == 3
    assert "@" not in problem.read_text()
    assert solved.exit_code == 0, solved.output
    figures = dict(line.split(" ", 1) for line in solved.output.splitlines())
    assert figures["attendee_conflicts"] == "0"
    assert json.loads(plan.read_text())["seed"] == 3
    assert checked.exit_code == 0, checked.output
    assert "attendee_conflicts 0" in checked.output.splitlines()


def test_check_names_each_broken_rule_and_exits_1(runner, made, tmp_path):
    problem, plan = tmp_path / "problem.json", tmp_path / "plan.json"
    runner.invoke(args=["program", "export-problem", "noerd", str(problem)])
    data = json.loads(problem.read_text())
    forum = data["rooms"][0]["id"]
    day = data["days"][0]["id"]
    everything_at_nine = {c["id"]: {"room": forum, "day": day, "start": "09:00"} for c in data["contributions"]}
    plan.write_text(json.dumps({"assignments": everything_at_nine}))

    result = runner.invoke(args=["program", "check", str(problem), str(plan)])

    assert result.exit_code == 1
    assert "attendee_conflicts" in result.output
    assert "broken room_overlap" in result.output
    assert "broken workshop_outside_workshop_room" in result.output


def test_a_problem_file_with_a_missing_key_is_named(runner, app_ctx, tmp_path):
    problem = tmp_path / "problem.json"
    problem.write_text(json.dumps({"days": [], "rooms": []}))

    result = runner.invoke(args=["program", "solve", str(problem), str(tmp_path / "out.json")])

    assert result.exit_code == 1
    assert "missing_key" in result.output or "malformed" in result.output


def test_export_of_an_unknown_event_is_refused(runner, app_ctx, tmp_path):
    result = runner.invoke(args=["program", "export-problem", "gibt-es-nicht", str(tmp_path / "p.json")])

    assert result.exit_code == 1
    assert "There is no event 'gibt-es-nicht'." in result.output
