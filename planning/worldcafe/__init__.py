"""The World Café planner on plain data: read a problem, check and measure a plan, solve, write the plan.

Nothing of the app is imported (no Flask, no SQLAlchemy); the exchange format is docs/formats/worldcafe.md.
"""

from planning.worldcafe.exchange import plan_to_json, problem_to_json
from planning.worldcafe.measures import lower_bound, measures
from planning.worldcafe.messages import MESSAGES, ProblemError, Violation
from planning.worldcafe.model import Participant, Plan, Problem, Result, Seat, Table, Weights
from planning.worldcafe.parsing import parse_plan, parse_problem
from planning.worldcafe.rules import check
from planning.worldcafe.solver import solve

__all__ = [
    "MESSAGES",
    "Participant",
    "Plan",
    "Problem",
    "ProblemError",
    "Result",
    "Seat",
    "Table",
    "Violation",
    "Weights",
    "check",
    "lower_bound",
    "measures",
    "parse_plan",
    "parse_problem",
    "plan_to_json",
    "problem_to_json",
    "solve",
]
