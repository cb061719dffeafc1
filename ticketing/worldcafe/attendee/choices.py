"""Attendees rank a café's topics before its deadline."""

from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from ticketing.models import Ticket
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import CafeChoice, WorldCafe
from ticketing.worldcafe.plan.participants import takes_part


def topics(cafe: WorldCafe) -> list[tuple[str, str]]:
    """(topic key, title) of the café's topic tables, in table order; a topic on two tables counts once."""
    seen: dict[str, str] = {}
    for table in cafe.tables:
        if table.topic_key is not None:
            seen.setdefault(table.topic_key, table.title)
    return list(seen.items())


def choice_of(cafe: WorldCafe, ticket: Ticket) -> list[str]:
    """The ticket's ranked topic keys (first = most wanted), only topics the café still has."""
    choice = db.session.scalar(
        select(CafeChoice).where(CafeChoice.cafe_id == cafe.id, CafeChoice.ticket_id == ticket.id)
    )
    keys = {key for key, _title in topics(cafe)}
    return [key for key in (choice.topics if choice else []) if key in keys]


def choices_of(cafe: WorldCafe) -> dict[int, list[str]]:
    """Every ticket's ranked topic keys in this café, by ticket id (topics the café no longer has left out)."""
    keys = {key for key, _title in topics(cafe)}
    rows = db.session.scalars(select(CafeChoice).where(CafeChoice.cafe_id == cafe.id))
    return {row.ticket_id: [key for key in row.topics if key in keys] for row in rows}


def rank_topics(cafe: WorldCafe, ticket: Ticket, ranked: list[str], *, now: datetime) -> CafeChoice:
    """Store a participant's ranking (empty entries skipped), before the deadline only. :raises WorldCafeError:"""
    if not takes_part(cafe, ticket):
        raise WorldCafeError("not_participant")
    if not cafe.choices_open(now):
        raise WorldCafeError("deadline_passed")
    chosen = [key for key in ranked if key]
    if not set(chosen) <= {key for key, _title in topics(cafe)}:
        raise WorldCafeError("topic_unknown")
    if len(set(chosen)) != len(chosen):
        raise WorldCafeError("topic_twice")
    choice = db.session.scalar(
        select(CafeChoice).where(CafeChoice.cafe_id == cafe.id, CafeChoice.ticket_id == ticket.id)
    )
    if choice is None:
        choice = CafeChoice(cafe_id=cafe.id, ticket_id=ticket.id)
        db.session.add(choice)
    choice.topics, choice.updated_at = chosen, now
    db.session.flush()
    return choice
