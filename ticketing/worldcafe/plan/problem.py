"""A café as the planner's problem (the exchange format, docs/formats/worldcafe.md): participant ids are ticket
ids and table ids are CafeTable ids, as strings. Held rounds come from the published plan, and so does `previous`
for a re-plan from who checked in."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from planning.worldcafe import Problem, ProblemError, parse_problem
from ticketing.models import Ticket
from ticketing.worldcafe.attendee.choices import choices_of
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import DEFAULT_WEIGHTS, CafeConstraint, CafePlan, WorldCafe
from ticketing.worldcafe.plan.participants import participants, present_participants


def published_plan(cafe: WorldCafe) -> CafePlan | None:
    return db.session.scalar(select(CafePlan).where(CafePlan.cafe_id == cafe.id, CafePlan.state == "published"))


def draft_plan(cafe: WorldCafe) -> CafePlan | None:
    return db.session.scalar(select(CafePlan).where(CafePlan.cafe_id == cafe.id, CafePlan.state == "draft"))


def cafe_problem(cafe: WorldCafe, *, from_checkins: bool = False, extra: CafeConstraint | None = None) -> dict:
    """The café in the exchange format; `from_checkins` plans who checked in, with the published plan as
    `previous`; `extra` is a constraint not yet stored (to validate it)."""
    people = present_participants(cafe) if from_checkins else participants(cafe)
    ids = {ticket.id for ticket in people}
    choices = choices_of(cafe)
    published = published_plan(cafe)
    data = {
        "name": cafe.title,
        "rounds": cafe.rounds,
        "participants": [_participant(ticket, choices.get(ticket.id, [])) for ticket in people],
        "tables": [_table(table) for table in cafe.tables],
        "rules": {"balance": 1, "distinct_topics": True},
        "weights": _weights(cafe, moves=from_checkins and published is not None),
    }
    constraints = constraints_of(cafe) + ([extra] if extra is not None else [])
    for kind in ("apart", "together"):
        groups = [[str(i) for i in c.ticket_ids if i in ids] for c in constraints if c.kind == kind]
        if groups := [group for group in groups if len(group) >= 2]:
            data[kind] = groups
    fixed = [c for c in constraints if c.kind == "fixed" and c.ticket_ids and c.ticket_ids[0] in ids]
    if fixed:
        data["fixed"] = [
            {"participant": str(c.ticket_ids[0]), "round": c.round, "table": str(c.table_id)} for c in fixed
        ]
    if published is not None and cafe.locked_rounds:
        data["held"] = [dict(seats) for seats in published.seats[: cafe.locked_rounds]]
    if published is not None and from_checkins:
        data["previous"] = {"rounds": [dict(seats) for seats in published.seats]}
    return data


def constraints_of(cafe: WorldCafe) -> list[CafeConstraint]:
    query = select(CafeConstraint).where(CafeConstraint.cafe_id == cafe.id).order_by(CafeConstraint.id)
    return list(db.session.scalars(query))


def parsed_problem(cafe: WorldCafe, data: dict) -> Problem:
    """The planner's Problem for format data of this café. :raises WorldCafeError: naming people and tables"""
    try:
        return parse_problem(data)
    except ProblemError as error:
        raise problem_error(cafe, error) from None


def problem_error(cafe: WorldCafe, error: ProblemError) -> WorldCafeError:
    """The planner's error as ours, its ids replaced by people's and tables' names."""
    return WorldCafeError(error.code, **named(cafe, error.params))


def named(cafe: WorldCafe, params: dict) -> dict:
    """Ids in a planner message's parameters as names: ticket ids as attendee names, table ids as table titles."""
    names = labels(cafe)
    out = {}
    for key, value in params.items():
        if key in ("participant", "first", "second", "id") and isinstance(value, str):
            out[key] = names.get(value, value)
        elif key in ("table", "actual") and isinstance(value, str):
            out[key] = names.get(f"table:{value}", value)
        elif key == "ids" and isinstance(value, str):  # "12, 15" or "12 and 15"
            out[key] = re.sub(r"\d+", lambda m: names.get(m.group(), m.group()), value)
        else:
            out[key] = value
    return out


def labels(cafe: WorldCafe) -> dict:
    """Display names: ticket id -> attendee name, "table:ID" -> "Tisch N – title"."""
    found = {
        str(t.id): t.attendee_name for t in db.session.scalars(select(Ticket).where(Ticket.event_id == cafe.event_id))
    }
    for number, table in enumerate(cafe.tables, start=1):
        found[f"table:{table.id}"] = table_label(number, table.title)
    return found


def table_label(number: int, title: str):
    """ "Tisch 3 – Bildung", translated when shown (services run without a request, e.g. in the worker)."""
    return _l("Table %(number)s – %(title)s", number=number, title=title)


def _participant(ticket: Ticket, prefs: list[str]) -> dict:
    return {"id": str(ticket.id), "group": ticket.stakeholder_group or None, "prefs": prefs}


def _table(table) -> dict:
    data = {"id": str(table.id), "topic": table.topic_key, "topic_title": table.title, "capacity": table.seats}
    if table.host_name:
        data["host"] = table.host_name
    return data


def _weights(cafe: WorldCafe, *, moves: bool) -> dict:
    weights = {**DEFAULT_WEIGHTS, **(cafe.weights or {})}
    keys = ("coincidence", "preference", "diversity") + (("moves",) if moves else ())
    return {key: float(weights[key]) for key in keys}
