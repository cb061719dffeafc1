"""Workshop sign-ups for the demo: most workshops partly booked, a few full with a waiting list.

Rows are written directly (as demo/tickets.py writes tickets), keeping the rules sign-up keeps: a ticket valid on the
workshop's day, no two overlapping places per ticket, `seats_taken` equal to the seats given.
"""

import random
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.extensions import db
from events.program.models import Contribution
from ticketing.models import Ticket, WorkshopSignup

FULL_EVERY = 6  # one workshop in six is full and has people waiting
WAITING = 3


def seed_workshop_signups(rng: random.Random) -> int:
    """Sign demo ticket holders up for every scheduled workshop with seats; returns the sign-ups made."""
    workshops = db.session.scalars(
        select(Contribution)
        .where(Contribution.seats.is_not(None), Contribution.starts_at.is_not(None))
        .order_by(Contribution.event_id, Contribution.starts_at, Contribution.id)
    ).all()
    by_event: dict[int, list[Ticket]] = {}
    held: dict[int, list[Contribution]] = defaultdict(list)
    made = 0
    for n, workshop in enumerate(workshops):
        if workshop.event_id not in by_event:
            by_event[workshop.event_id] = list(
                db.session.scalars(
                    select(Ticket)
                    .where(Ticket.event_id == workshop.event_id, Ticket.state == "valid")
                    .options(selectinload(Ticket.ticket_type))
                )
            )
        day = workshop.event.local(workshop.starts_at).date()
        tickets = by_event[workshop.event_id]
        free = [t for t in tickets if day in t.ticket_type.valid_days and _free(held[t.id], workshop)]
        full = n % FULL_EVERY == 0
        seated = workshop.seats if full else rng.randint(workshop.seats // 3, workshop.seats - 1)
        chosen = rng.sample(free, min(len(free), seated + (WAITING if full else 0)))
        for position, ticket in enumerate(chosen):
            state = "signed_up" if position < seated else "waiting"
            created = workshop.event.registration_opens_at + timedelta(hours=2 + position)
            db.session.add(WorkshopSignup(ticket=ticket, contribution=workshop, state=state, created_at=created))
            held[ticket.id].append(workshop)
        workshop.seats_taken = min(seated, len(chosen))
        made += len(chosen)
    return made


def _free(places: list[Contribution], workshop: Contribution) -> bool:
    return all(not (p.starts_at < workshop.ends_at and workshop.starts_at < p.ends_at) for p in places)
