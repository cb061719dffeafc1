"""Personal agendas for the demo's ticket holders: most of them marked three to eight contributions on their days."""

import random

from sqlalchemy import insert, select

from core.extensions import db
from events.models import Event
from events.program.placing import scheduled_contributions
from ticketing.models import Ticket, TicketType
from ticketing.models.program import AgendaItem

SHARE_WITH_AGENDA = 0.85  # the rest never opened their agenda
CANDIDATES = 25  # contributions looked at per holder: enough to find up to eight that do not overlap


def seed_agendas(event: Event, rng: random.Random) -> int:
    """Mark contributions that do not overlap, on the days of each holder's ticket; one bulk INSERT. Returns the
    number of items made."""
    by_day: dict = {}
    for contribution in scheduled_contributions(event):
        by_day.setdefault(event.local(contribution.starts_at).date(), []).append(contribution)
    days_of_type = {
        t.id: t.valid_days for t in db.session.scalars(select(TicketType).where(TicketType.event_id == event.id))
    }
    holders = db.session.execute(
        select(Ticket.id, Ticket.ticket_type_id, Ticket.created_at)
        .where(Ticket.event_id == event.id, Ticket.state == "valid")
        .order_by(Ticket.id)
    )
    items = []
    for ticket_id, ticket_type_id, created_at in holders:
        if rng.random() >= SHARE_WITH_AGENDA:
            continue
        pool = [c for day in days_of_type[ticket_type_id] for c in by_day.get(day, [])]
        for contribution in pick_without_overlap(pool, rng.randint(3, 8), rng):
            items.append({"ticket_id": ticket_id, "contribution_id": contribution.id, "created_at": created_at})
    if items:
        db.session.execute(insert(AgendaItem), items)
    return len(items)


def pick_without_overlap(pool: list, wanted: int, rng: random.Random) -> list:
    chosen = []
    for candidate in rng.sample(pool, min(len(pool), CANDIDATES)):
        if all(candidate.ends_at <= c.starts_at or c.ends_at <= candidate.starts_at for c in chosen):
            chosen.append(candidate)
            if len(chosen) == wanted:
                break
    return chosen
