"""What the planner page shows: participants with group, organization and choices; the rules; the plan being
edited as a grid of rounds × tables with its figures beside the lower bound and the rules it breaks."""

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from core.extensions import db
from ticketing.models import Ticket
from ticketing.worldcafe.attendee.choices import choices_of, topics
from ticketing.worldcafe.models import CafePlan, CafeTable, WorldCafe
from ticketing.worldcafe.plan.participants import participants
from ticketing.worldcafe.plan.plans import Assessment, assess
from ticketing.worldcafe.plan.problem import constraints_of, draft_plan, published_plan


@dataclass
class Cell:
    """One table in one round: who sits there."""

    table: CafeTable
    number: int
    people: list[Ticket] = field(default_factory=list)


@dataclass
class GridRound:
    number: int
    is_locked: bool
    cells: list[Cell]

    @property
    def sizes(self) -> list[int]:
        return [len(cell.people) for cell in self.cells]


@dataclass
class Planner:
    cafe: WorldCafe
    people: list[Ticket]
    choices: dict[int, list[str]]
    topic_titles: dict[str, str]
    constraints: list
    names: dict[int, str]
    plan: CafePlan | None
    grid: list[GridRound]
    assessment: Assessment | None
    published: CafePlan | None


def planner(cafe: WorldCafe) -> Planner:
    """Everything the planner page shows, in a handful of queries."""
    people = participants(cafe)
    draft, published = draft_plan(cafe), published_plan(cafe)
    plan = draft or published
    seated = {int(t) for seats in (plan.seats if plan else []) for t in seats}
    tickets = {t.id: t for t in people}
    missing = seated - tickets.keys()
    if missing:  # walk-ins of a re-plan, or people who left since: still shown in the grid
        tickets |= {t.id: t for t in db.session.scalars(select(Ticket).where(Ticket.id.in_(missing)))}
    constraints = constraints_of(cafe)
    named = {i for c in constraints for i in c.ticket_ids} - tickets.keys()
    names = {t.id: t.attendee_name for t in tickets.values()}
    if named:
        names |= {t.id: t.attendee_name for t in db.session.scalars(select(Ticket).where(Ticket.id.in_(named)))}
    return Planner(
        cafe=cafe,
        people=people,
        choices=choices_of(cafe),
        topic_titles=dict(topics(cafe)),
        constraints=constraints,
        names=names,
        plan=plan,
        grid=grid_of(cafe, plan, tickets) if plan else [],
        assessment=assess(cafe, plan) if plan else None,
        published=published,
    )


def grid_of(cafe: WorldCafe, plan: CafePlan, tickets: dict[int, Ticket]) -> list[GridRound]:
    """Rounds × tables with the people at each, names sorted."""
    rounds = []
    for index, seats in enumerate(plan.seats):
        cells = {table.id: Cell(table, number) for number, table in enumerate(cafe.tables, start=1)}
        for ticket_id, table_id in seats.items():
            cell, ticket = cells.get(int(table_id)), tickets.get(int(ticket_id))
            if cell is not None and ticket is not None:
                cell.people.append(ticket)
        for cell in cells.values():
            cell.people.sort(key=lambda t: t.attendee_name)
        rounds.append(GridRound(index + 1, index < cafe.locked_rounds, list(cells.values())))
    return rounds


def group_mix(cell: Cell) -> Counter:
    """How many people of each stakeholder group sit at a table."""
    return Counter(t.stakeholder_group for t in cell.people)
