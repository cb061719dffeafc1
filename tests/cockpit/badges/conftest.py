"""An event with two ticket types and tickets of several groups, booked on several days; an organizer client."""

from datetime import datetime, time, timedelta

import pytest

from core.extensions import db
from tests.factories import BERLIN, login, make_event, make_quota, make_ticket_type, make_user
from ticketing.models import Ticket

# name, organization, group, ticket type (0 or 1), booked on (days before today, Berlin), state
PEOPLE = [
    ("Hanna Berg", "Stadtwerke Kiel", "business", 0, 10, "valid"),
    ("anton Adler", "", "civil_society", 1, 5, "valid"),
    ("Carla Vogt", "Amt für Digitales", "administration", 0, 2, "valid"),
    ("Bernd Ziegler", "Stadtwerke Kiel", "business", 1, 1, "valid"),
    ("Dora Engel", "Zukunftsrat", "politics", 0, 0, "valid"),
    ("Emil Held", "Verein A", "other", 0, 0, "held"),
    ("Frida Storno", "Verein B", "other", 0, 3, "cancelled"),
]


@pytest.fixture
def world(app_ctx):
    event = make_event()
    other = make_event("andere")
    quota = make_quota(event, seats=100)
    types = [make_ticket_type(event, [quota], name="Tag 1"), make_ticket_type(event, [quota], name="Beide Tage")]
    today = datetime.now(BERLIN).date()
    tickets = {}
    for name, organization, group, type_index, days_ago, state in PEOPLE:
        ticket = Ticket(
            event_id=event.id,
            ticket_type_id=types[type_index].id,
            attendee_name=name,
            organization=organization,
            stakeholder_group=group,
            state=state,
            created_at=datetime.combine(today - timedelta(days=days_ago), time(0, 30), BERLIN),
        )
        db.session.add(ticket)
        tickets[name] = ticket
    other_type = make_ticket_type(other, [make_quota(other)], name="Tag 1")
    db.session.add(Ticket(event_id=other.id, ticket_type_id=other_type.id, attendee_name="Fremd", state="valid"))
    db.session.commit()
    return {"event": event, "types": types, "tickets": tickets, "today": today}


@pytest.fixture
def organizer(client, world):
    make_user("tuer@example.org", roles=("checkin",))
    login(client, "tuer@example.org")
    return client
