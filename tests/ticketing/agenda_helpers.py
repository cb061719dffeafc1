"""Shared set-up for agenda tests: an event on sale with a published program, and a confirmed ticket holder."""

from dataclasses import dataclass
from datetime import datetime, time

from core.db import utcnow
from core.extensions import db
from events.models import Event, Room
from events.program import placing as program
from events.program.models import Contribution, Speaker
from tests.factories import BERLIN
from tests.ticketing.booking_helpers import book, event_on_sale, person
from ticketing.booking import bookings as booking
from ticketing.models import Ticket


@dataclass
class Program:
    event: Event
    ticket: Ticket
    talks: dict[str, Contribution]  # by title


def at(event: Event, hour: int, minute: int = 0, day: int = 0) -> datetime:
    return datetime.combine(event.days[day], time(hour, minute), BERLIN)


def confirmed_ticket(event: Event, ticket_type, n: int = 1) -> Ticket:
    made = book(event, [person(ticket_type, n)])
    booking.confirm_booking(made, now=utcnow())
    db.session.commit()
    return made.tickets[0]


def published_program(slug: str = "noerd", *, publish: bool = True) -> Program:
    """Two days; a keynote and a workshop on day one, a talk on day two, one accepted talk left unplaced."""
    event, ticket_type = event_on_sale(seats=10, days=2, slug=slug)
    forum = Room(event=event, name="NØRD Forum", kind="stage", capacity=800)
    workzone = Room(event=event, name="NØRD Workzone", kind="workshop", capacity=24)
    ada = Speaker(event=event, name="Ada Lovelace", organization="Analytical Engines")
    db.session.add_all([forum, workzone, ada])
    talks = {}
    for title, fmt, room, start in [
        ("Eröffnung", "keynote", forum, at(event, 9)),
        ("Threat Modeling", "workshop", workzone, at(event, 10)),
        ("Tag zwei", "talk", forum, at(event, 14, day=1)),
        ("Noch ohne Platz", "talk", None, None),
    ]:
        made = Contribution(event=event, title=title, format=fmt, state="accepted", speakers=[ada])
        db.session.add(made)
        db.session.flush()
        if room is not None:
            program.schedule(made, room, start, actor=None)
        talks[title] = made
    if publish:
        program.publish_schedule(event, now=utcnow(), actor=None)
    db.session.commit()
    return Program(event, confirmed_ticket(event, ticket_type), talks)
