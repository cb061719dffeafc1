"""Setting up a café: made from a World Café contribution; rounds, timing, deadline, who takes part; its tables."""

import re
from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from core.services import record_action
from events.program.models import Contribution
from ticketing.models import TicketType
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import PARTICIPATION, CafePlan, CafeTable, WorldCafe

TOPIC_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def world_cafe_contributions(event) -> list[tuple[Contribution, WorldCafe | None]]:
    """The event's World Café contributions, each with its café if one was set up."""
    rows = db.session.execute(
        select(Contribution, WorldCafe)
        .outerjoin(WorldCafe, WorldCafe.contribution_id == Contribution.id)
        .where(Contribution.event_id == event.id, Contribution.format == "world_cafe")
        .order_by(Contribution.starts_at, Contribution.id)
    ).all()
    return [(contribution, cafe) for contribution, cafe in rows]


def create_cafe(contribution: Contribution, *, actor=None) -> WorldCafe:
    """The café of a World Café contribution (made once; asking again returns it). :raises WorldCafeError:"""
    if contribution.format != "world_cafe":
        raise WorldCafeError("not_a_world_cafe")
    cafe = db.session.scalar(select(WorldCafe).where(WorldCafe.contribution_id == contribution.id))
    if cafe is None:
        cafe = WorldCafe(event_id=contribution.event_id, contribution=contribution)
        db.session.add(cafe)
        db.session.flush()
        record_action(actor, "worldcafe.create", cafe.id)
    return cafe


def save_setup(
    cafe: WorldCafe,
    *,
    rounds: int,
    round_minutes: int,
    pause_minutes: int,
    choice_deadline: datetime | None,
    participation: str,
    ticket_type_ids: list[int] = (),
    actor=None,
) -> WorldCafe:
    """Rounds and their timing, the deadline for topic choices, and who takes part. :raises WorldCafeError:"""
    if not 1 <= rounds <= 12 or rounds < cafe.locked_rounds:
        raise WorldCafeError("rounds_out_of_range", "rounds")
    if not 5 <= round_minutes <= 180:
        raise WorldCafeError("minutes_out_of_range", "round_minutes")
    if not 0 <= pause_minutes <= 60:
        raise WorldCafeError("minutes_out_of_range", "pause_minutes")
    if participation not in PARTICIPATION:
        raise WorldCafeError("participation_unknown", "participation")
    own_types = set(db.session.scalars(select(TicketType.id).where(TicketType.event_id == cafe.event_id)))
    chosen = sorted(set(ticket_type_ids))
    if participation == "ticket_types" and (not chosen or not set(chosen) <= own_types):
        raise WorldCafeError("ticket_types_required", "ticket_type_ids")
    cafe.rounds, cafe.round_minutes, cafe.pause_minutes = rounds, round_minutes, pause_minutes
    cafe.choice_deadline, cafe.participation = choice_deadline, participation
    cafe.ticket_type_ids = chosen if participation == "ticket_types" else []
    record_action(actor, "worldcafe.setup", cafe.id)
    return cafe


def save_table(
    cafe: WorldCafe,
    *,
    title: str,
    topic_key: str | None,
    seats: int,
    description: str = "",
    host_name: str = "",
    notes: str = "",
    table: CafeTable | None = None,
    actor=None,
) -> CafeTable:
    """Add a table or change one; the topic key (empty: a plain mixing table) is unique in the café.
    :raises WorldCafeError:"""
    title, key = title.strip(), (topic_key or "").strip() or None
    if not title:
        raise WorldCafeError("title_required", "title")
    if key is not None and not TOPIC_KEY.match(key):
        raise WorldCafeError("topic_key_invalid", "topic_key")
    if key is not None and any(t.topic_key == key and t is not table for t in cafe.tables):
        raise WorldCafeError("topic_key_taken", "topic_key")
    if not 1 <= seats <= 100:
        raise WorldCafeError("seats_out_of_range", "seats")
    if table is None:
        table = CafeTable(cafe=cafe, position=len(cafe.tables))
        db.session.add(table)
    table.title, table.topic_key, table.seats = title, key, seats
    table.description, table.host_name, table.notes = description.strip(), host_name.strip(), notes.strip()
    db.session.flush()
    record_action(actor, "worldcafe.table", table.id)
    return table


def delete_table(table: CafeTable, *, actor=None) -> None:
    """Remove a table no plan seats anyone at. :raises WorldCafeError:"""
    plans = db.session.scalars(select(CafePlan).where(CafePlan.cafe_id == table.cafe_id)).all()
    if any(str(table.id) in seats.values() for plan in plans for seats in plan.seats):
        raise WorldCafeError("table_in_plan")
    record_action(actor, "worldcafe.table_delete", table.id)
    table.cafe.tables.remove(table)
    db.session.flush()
