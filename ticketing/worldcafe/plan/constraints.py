"""The organizers' hard rules for a café: people kept apart, kept together, or fixed to a table in a round.

A new rule is checked by the planner's own reader (`parse_problem`) on the café with the rule added, so the planner
never gets a rule it would refuse; a problem the café already has without the rule is not blamed on it."""

from sqlalchemy import select

from core.extensions import db
from core.services import record_action
from planning.worldcafe import ProblemError, parse_problem
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import CONSTRAINT_KINDS, CafeConstraint, CafeTable, WorldCafe
from ticketing.worldcafe.plan.participants import participants
from ticketing.worldcafe.plan.problem import cafe_problem, problem_error


def add_constraint(
    cafe: WorldCafe,
    kind: str,
    ticket_ids: list[int],
    *,
    round_number: int | None = None,
    table_id: int | None = None,
    note: str = "",
    actor=None,
) -> CafeConstraint:
    """Add one rule after checking it against the café. :raises WorldCafeError:"""
    if kind not in CONSTRAINT_KINDS:
        raise WorldCafeError("constraint_kind_unknown", "kind")
    ids = list(dict.fromkeys(ticket_ids))
    if kind == "fixed":
        table = db.session.get(CafeTable, table_id) if table_id is not None else None
        if len(ids) != 1 or round_number is None or table_id is None:
            raise WorldCafeError("constraint_needs_one", "ticket_ids")
        if not 1 <= round_number <= cafe.rounds:
            raise WorldCafeError("round_out_of_range", "round")
        if table is None or table.cafe_id != cafe.id:
            raise WorldCafeError("table_unknown", "table_id")
    elif len(ids) < 2:
        raise WorldCafeError("constraint_needs_two", "ticket_ids")
    if not set(ids) <= {ticket.id for ticket in participants(cafe)}:
        raise WorldCafeError("ticket_unknown", "ticket_ids")
    constraint = CafeConstraint(
        cafe_id=cafe.id,
        kind=kind,
        ticket_ids=ids,
        round=round_number if kind == "fixed" else None,
        table_id=table_id if kind == "fixed" else None,
        note=note.strip()[:200],
    )
    _check_with_planner(cafe, constraint)
    db.session.add(constraint)
    db.session.flush()
    record_action(actor, "worldcafe.constraint", constraint.id)
    return constraint


def _check_with_planner(cafe: WorldCafe, constraint: CafeConstraint) -> None:
    try:
        parse_problem(cafe_problem(cafe, extra=constraint))
    except ProblemError as error:
        try:
            parse_problem(cafe_problem(cafe))
        except ProblemError as without:
            if without.code == error.code:
                return  # the café has this problem anyway: the planner page shows it
        raise problem_error(cafe, error) from None


def remove_constraint(constraint: CafeConstraint, *, actor=None) -> None:
    """Drop one rule."""
    record_action(actor, "worldcafe.constraint_remove", constraint.id)
    db.session.delete(constraint)
    db.session.flush()


def constraint_of(cafe: WorldCafe, constraint_id: int) -> CafeConstraint | None:
    """A rule of this café (None for another café's)."""
    query = select(CafeConstraint).where(CafeConstraint.id == constraint_id, CafeConstraint.cafe_id == cafe.id)
    return db.session.scalar(query)
