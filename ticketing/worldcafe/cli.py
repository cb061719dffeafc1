"""`flask worldcafe solve IN.json OUT.json` and `flask worldcafe check IN.json PLAN.json`: the planner on files in
the exchange format, outside the app's database."""

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from planning.worldcafe import ProblemError, check, measures, parse_plan, parse_problem, plan_to_json, solve

worldcafe_cli = AppGroup("worldcafe", help="World Café planner on exchange-format files.")


def read(path: str, what: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise click.ClickException(f"{path}: not a readable JSON {what} ({error})") from None


def print_measures(figures: dict) -> None:
    """One line per measure, `name value`, as the benchmarks print them."""
    for name, value in figures.items():
        click.echo(f"{name} {'-' if value is None else round(value, 4) if isinstance(value, float) else value}")


@worldcafe_cli.command("solve")
@click.argument("problem_file", metavar="IN.json")
@click.argument("plan_file", metavar="OUT.json")
@click.option("--seconds", type=float, default=10.0, show_default=True, help="Time budget.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same input and seed give the same plan.")
def solve_command(problem_file, plan_file, seconds, seed):
    """Plan a café and write the plan (with its figures); print the measures."""
    try:
        problem = parse_problem(read(problem_file, "problem"))
        result = solve(problem, seconds=seconds, seed=seed)
    except ProblemError as error:
        raise click.ClickException(str(error)) from None
    data = plan_to_json(result.plan, figures=result.figures, seed=seed)
    Path(plan_file).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print_measures(result.figures)
    click.echo(f"seconds_to_best {round(result.seconds_to_best, 3)}")


@worldcafe_cli.command("check")
@click.argument("problem_file", metavar="IN.json")
@click.argument("plan_file", metavar="PLAN.json")
def check_command(problem_file, plan_file):
    """Print a plan's measures; exit 1 naming each hard rule it breaks."""
    try:
        problem = parse_problem(read(problem_file, "problem"))
        plan = parse_plan(problem, read(plan_file, "plan"))
    except ProblemError as error:
        raise click.ClickException(str(error)) from None
    print_measures(measures(problem, plan))
    broken = check(problem, plan)
    for violation in broken:
        click.echo(f"broken {violation.code}: {violation.message}", err=True)
    sys.exit(1 if broken else 0)
