"""A small event with known figures for the dashboard's tests: bookings on known days, a cancellation, people
waiting, admissions at two gates, a workshop, partners and contributions."""

from datetime import datetime, time, timedelta

from core.extensions import db
from events.program.models import Contribution
from partners.models import Organization
from tests.factories import BERLIN, make_event, make_quota, make_ticket_type
from ticketing.models import Admission, CheckIn, CheckInList, Ticket, WaitlistEntry, WorkshopSignup

# (days after registration opened, ticket type, stakeholder group, organization, state)
TICKETS = [
    (0, "Tag 1", "science", "Universität Rostock", "valid"),
    (0, "Tag 1", "science", "Universität Rostock", "valid"),
    (1, "Beide Tage", "business", "Nordic Data GmbH", "valid"),
    (3, "Tag 1", "administration", "Hansestadt Stralsund", "cancelled"),
    (3, "Beide Tage", "business", "", "valid"),
    (5, "Tag 1", "science", "Hochschule Stralsund", "valid"),
]


def dashboard_world() -> dict:
    """The event and the numbers its figures must show."""
    opens = datetime(2026, 11, 2, 10, 0, tzinfo=BERLIN)
    event = make_event(days=2, registration_opens_at=opens)
    hall1, hall2 = make_quota(event, "Halle Tag 1", 5), make_quota(event, "Halle Tag 2", 4)
    day1 = make_ticket_type(event, [hall1], "Tag 1")
    both = make_ticket_type(event, [hall1, hall2], "Beide Tage", days=event.days)
    types = {"Tag 1": day1, "Beide Tage": both}
    tickets = []
    for n, (days, type_name, group, organization, state) in enumerate(TICKETS):
        created = opens + timedelta(days=days, hours=1)
        tickets.append(
            Ticket(
                event=event, ticket_type=types[type_name], attendee_name=f"Gast {n}", stakeholder_group=group,
                organization=organization, state=state, created_at=created,
                cancelled_at=created if state == "cancelled" else None,
            )
        )  # fmt: skip
    speaker = Ticket(event=event, ticket_type=day1, attendee_name="Rednerin", state="valid", is_complimentary=True)
    hall1.seats_taken, hall2.seats_taken = 5, 2
    waiting = [
        WaitlistEntry(
            event=event, ticket_type=day1 if n < 2 else both, name=f"Wartend {n}", email=f"w{n}@example.org",
            consent_at=opens, consent_privacy_version=1, state=state,
        )
        for n, state in enumerate(("waiting", "offered", "waiting", "left"))
    ]  # fmt: skip
    workshop = Contribution(event=event, title="Löten", format="workshop", state="accepted", seats=3, seats_taken=2)
    contributions = [
        workshop,
        Contribution(event=event, title="Glasfaser", state="accepted"),
        Contribution(event=event, title="KI im Amt", state="submitted"),
        Contribution(event=event, title="Blockchain", state="rejected"),
        Contribution(event=event, title="Open Data", state="submitted"),
    ]
    organizations = [
        Organization(event=event, name=name, state=state)
        for name, state in (("Hafenwerk", "approved"), ("Nordnetz", "submitted"), ("Ostsee AG", "submitted"))
    ]
    db.session.add_all([*tickets, speaker, *waiting, *contributions, *organizations])
    db.session.flush()
    db.session.add_all(
        [WorkshopSignup(ticket=tickets[i], contribution=workshop, state=s) for i, s in ((0, "signed_up"),
         (1, "signed_up"), (2, "waiting"))]
    )  # fmt: skip
    door = CheckInList(event=event, name="Alle Tickets")
    db.session.add(door)
    db.session.flush()
    first_day = event.days[0]
    # Tickets 0 and 1 at the north gate at 8:50 and 9:05, ticket 2 at the south gate at 9:20 (Berlin time).
    for n, (ticket, gate, at) in enumerate(
        ((tickets[0], "Nord", time(8, 50)), (tickets[1], "Nord", time(9, 5)), (tickets[2], "Süd", time(9, 20)))
    ):
        scanned = datetime.combine(first_day, at, BERLIN)
        scan = CheckIn(ticket=ticket, check_in_list=door, scanned_at=scanned, gate=gate, client_id=f"scan-{n}")
        db.session.add(scan)
        db.session.flush()
        db.session.add(Admission(ticket_id=ticket.id, list_id=door.id, check_in_id=scan.id, scanned_at=scanned,
                                 gate=gate))  # fmt: skip
    db.session.commit()
    return {"event": event, "opens": opens.date(), "first_day": first_day}
