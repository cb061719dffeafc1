"""The Regionalkonferenz's previous edition, held three to four weeks before the demo is made (well within the
retention period, so its people are still there): Stralsund town hall, 13:00–18:00, about 80 bookings made between
the opening of registration and its deadline, the same program and World Café (plan published before the day), and
the door on the day: arrivals checked in through `check_in` at two gates between 12:15 and 13:30 (a few late), about
one in eight never came. Its dashboard shows arrivals per gate and the no-shows.

The event itself (rooms, seats, ticket type) is made by demo/events.py like the coming edition, in the same series.
"""

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from core.extensions import db
from core.models import User
from demo.program import seed_smart_city_program
from demo.tickets import seed_ticket_holders
from demo.worldcafe import seed_smart_city_cafe
from events.models import Event
from events.program.models import Speaker
from ticketing.checkin.scans import check_in, default_lists
from ticketing.models import Ticket
from ticketing.speaker_tickets import sync_speaker_tickets

PAST_SMART_CITY_SLUG = "regionalkonferenz-smart-city-auftakt"
PAST_SMART_CITY_NAME = "Regionalkonferenz Smart City Vorpommern-Rügen – Auftakt"
WEEKS_AGO = 3
HOLDERS = 80
GATES = ("Haupteingang", "Seiteneingang")
SIDE_GATE_SHARE = 0.35
NO_SHOW_SHARE = 0.12
LATE_SHARE = 0.06  # came after 13:30, during the first talks


def past_day(today: date) -> date:
    """The Wednesday three to four weeks before `today`."""
    day = today - timedelta(weeks=WEEKS_AGO)
    return day - timedelta(days=(day.weekday() - 2) % 7)


def seed_past_edition(event: Event, actor: User | None, rng: random.Random) -> None:
    """Bookings, program, World Café and the door of the past edition (its event, rooms and seats exist)."""
    opens, closes = event.registration_opens_at, event.registration_closes_at
    seed_ticket_holders(event, HOLDERS, rng, until=closes)
    program_at = opens + timedelta(days=7, hours=1)
    seed_smart_city_program(event, published_at=program_at)
    speakers = db.session.scalars(select(Speaker).where(Speaker.event_id == event.id)).all()
    sync_speaker_tickets(event, speakers, now=program_at)
    db.session.execute(  # tickets a signal may have issued while the program was placed: issued back then too
        update(Ticket)
        .where(Ticket.event_id == event.id, Ticket.is_complimentary.is_(True))
        .values(created_at=program_at)
        .execution_options(synchronize_session=False)
    )
    seed_smart_city_cafe(event, seconds=0.5, at=closes - timedelta(days=3))
    check_in_arrivals(event, actor, rng)


def check_in_arrivals(event: Event, actor: User | None, rng: random.Random) -> None:
    """Everyone but the no-shows checked in on "Alle Tickets" at one of the two gates, as the scanner would have:
    speakers from 12:00, guests 12:15–13:30 (most around 12:45), a few late."""
    door = default_lists(event)[0]
    day = event.days[0]
    tickets = db.session.scalars(
        select(Ticket).where(Ticket.event_id == event.id, Ticket.state == "valid").order_by(Ticket.id)
    ).all()
    guests = [ticket for ticket in tickets if not ticket.is_complimentary]
    absent = set(rng.sample(guests, round(len(guests) * NO_SHOW_SHARE)))
    late = set(rng.sample([t for t in guests if t not in absent], round(len(guests) * LATE_SHARE)))
    arrivals = []
    for ticket in tickets:
        if ticket in absent:
            continue
        if ticket.is_complimentary:
            at = time_on(event, day, time(12), rng.uniform(0, 45))
        elif ticket in late:
            at = time_on(event, day, time(13, 30), rng.uniform(1, 60))
        else:
            at = time_on(event, day, time(12, 15), rng.triangular(0, 75, 30))
        gate = GATES[1] if rng.random() < SIDE_GATE_SHARE else GATES[0]
        arrivals.append((at, gate, ticket))
    for n, (at, gate, ticket) in enumerate(sorted(arrivals, key=lambda a: (a[0], a[2].id))):
        check_in(door, ticket, client_id=f"demo-{event.slug}-{n}", gate=gate, scanned_at=at, now=at, user=actor)


def time_on(event: Event, day: date, start: time, minutes: float) -> datetime:
    return datetime.combine(day, start, event.tz) + timedelta(seconds=round(minutes * 60))
