"""What the day of a World Café needs from its published plan, as plain rows: who sits where in each round (for host
sheets, the facilitator's screen and the CSV/XLSX export) and each person's rotation (for the rotation cards)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from ticketing.models import Ticket
from ticketing.worldcafe.models import CafePlan, CafeTable, WorldCafe


@dataclass(frozen=True)
class Person:
    ticket_id: int
    name: str
    group: str
    organization: str


@dataclass(frozen=True)
class TableRound:
    """One table in one round: its number, the table, and who sits there (by name)."""

    number: int
    table: CafeTable
    people: list[Person]


@dataclass(frozen=True)
class RoundSeating:
    number: int
    starts_at: datetime | None
    ends_at: datetime | None
    tables: list[TableRound]


def seating(cafe: WorldCafe, plan: CafePlan) -> list[RoundSeating]:
    """Every round of the plan, every table in the café's order, its people sorted by name."""
    people = people_of(plan)
    starts = cafe.round_starts()
    rounds = []
    for index, seats in enumerate(plan.seats):
        at_table = defaultdict(list)
        for ticket_id, table_id in seats.items():
            if int(ticket_id) in people:
                at_table[int(table_id)].append(people[int(ticket_id)])
        tables = [
            TableRound(number, table, sorted(at_table[table.id], key=lambda p: p.name.casefold()))
            for number, table in enumerate(cafe.tables, start=1)
        ]
        start = starts[index] if index < len(starts) else None
        end = start + timedelta(minutes=cafe.round_minutes) if start else None
        rounds.append(RoundSeating(index + 1, start, end, tables))
    return rounds


def people_of(plan: CafePlan) -> dict[int, Person]:
    """The plan's participants in one query; anonymised or deleted tickets drop out."""
    ids = {int(ticket_id) for seats in plan.seats for ticket_id in seats}
    if not ids:
        return {}
    tickets = db.session.execute(
        select(Ticket.id, Ticket.attendee_name, Ticket.stakeholder_group, Ticket.organization).where(Ticket.id.in_(ids))
    )
    return {row.id: Person(row.id, row.attendee_name or "", row.stakeholder_group or "", row.organization or "")
            for row in tickets}  # fmt: skip


def rotations(rounds: list[RoundSeating]) -> dict[int, list[tuple[RoundSeating, TableRound]]]:
    """Per ticket id, the (round, table) of each round it sits in, in round order."""
    found = defaultdict(list)
    for seating_round in rounds:
        for table_round in seating_round.tables:
            for person in table_round.people:
                found[person.ticket_id].append((seating_round, table_round))
    return found
