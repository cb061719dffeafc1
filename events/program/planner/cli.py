"""`flask program`: the timetable planner on files (solve, check) and an event's program as a problem file."""

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from core.extensions import db
from events.models import Event
from events.program.planner.problem import program_problem
from planning.timetable.planner import (
    ProblemError,
    check,
    measures,
    parse_problem,
    parse_timetable,
    solve,
    timetable_to_json,
)

program_cli = AppGroup("program", help="The timetable planner: solve and check problem files, export an event's.")
SCALARS = (
    "attendee_conflicts",
    "attendees_with_conflict",
    "lost_favourites",
    "track_breaks",
    "mean_room_fill",
    "penalty",
)


def read_json(path: str, what: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.ClickException(f"{what} {path}: {error}") from None


def write_json(path: str, data: dict) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def print_measures(figures: dict) -> None:
    """`name value` lines, as the benchmark writes them."""
    for name in SCALARS:
        click.echo(f"{name} {figures[name]}")
    for name, value in figures.get("tie_breakers", {}).items():
        click.echo(f"{name} {value}")


def read_problem(path: str):
    try:
        return parse_problem(read_json(path, "problem"))
    except ProblemError as error:
        raise click.ClickException(f"{path}: {error} [{error.code}]") from None


@program_cli.command("solve")
@click.argument("problem_file", metavar="IN.json")
@click.argument("out_file", metavar="OUT.json")
@click.option("--seconds", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Time budget.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the search.")
def solve_command(problem_file, out_file, seconds, seed):
    """Plan IN.json, write the timetable with its figures to OUT.json and print the measures."""
    problem = read_problem(problem_file)
    try:
        result = solve(problem, seconds=seconds, seed=seed)
    except ProblemError as error:
        raise click.ClickException(f"{error} [{error.code}]") from None
    write_json(out_file, timetable_to_json(result.timetable, result.figures, seed))
    print_measures(result.figures)
    click.echo(f"seconds_to_best {round(result.seconds_to_best, 2)}")


@program_cli.command("check")
@click.argument("problem_file", metavar="IN.json")
@click.argument("plan_file", metavar="PLAN.json")
def check_command(problem_file, plan_file):
    """Print the measures of PLAN.json for IN.json; exit 1 naming each broken hard rule."""
    problem = read_problem(problem_file)
    try:
        timetable = parse_timetable(problem, read_json(plan_file, "timetable"))
    except ProblemError as error:
        raise click.ClickException(f"{plan_file}: {error} [{error.code}]") from None
    print_measures(measures(problem, timetable))
    broken = check(problem, timetable)
    for violation in broken:
        click.echo(f"broken {violation.code}: {violation.message}", err=True)
    if broken:
        sys.exit(1)


@program_cli.command("export-problem")
@click.argument("slug", metavar="EVENT_SLUG")
@click.argument("out_file", metavar="OUT.json")
@click.option("--day", default=None, help="Only this day (YYYY-MM-DD).")
def export_problem_command(slug, out_file, day):
    """Write the event's program as a problem file: favourites included, attendees as opaque ids."""
    from datetime import date

    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise click.ClickException(f"There is no event {slug!r}.")
    try:
        chosen = date.fromisoformat(day) if day else None
    except ValueError:
        raise click.ClickException(f"--day {day!r} is not a date YYYY-MM-DD.") from None
    if chosen is not None and chosen not in event.days:
        raise click.ClickException(f"{day} is not a day of {slug}.")
    try:
        data = program_problem(event, day=chosen)
    except ProblemError as error:
        raise click.ClickException(f"{error} [{error.code}]") from None
    write_json(out_file, data)
    click.echo(
        f"{out_file}: {len(data['contributions'])} contributions, {len(data['rooms'])} rooms, "
        f"{len(data['attendees'])} attendees with favourites"
    )
