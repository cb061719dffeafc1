"""A small event whose segments have known members: two ticket types, a choice question, bookings with and without
consent, an English booking, admissions, a workshop seat, the waiting list and partners in two states."""

from datetime import timedelta

from core.db import utcnow
from core.extensions import db
from events import services
from events.program.models import Contribution
from partners.models import Organization, Package
from tests.factories import make_event, make_quota, make_ticket_type
from ticketing.models import Admission, Booking, CheckIn, CheckInList, Ticket, WaitlistEntry, WorkshopSignup

# name, ticket type, food answer, group, consent, language, checked in, workshop seat, state
PEOPLE = [
    ("Ada Lovelace", "Tag 1", "vegan", "science", True, "de", True, True, "valid"),
    ("Bea Berg", "Tag 1", "vegan", "business", False, "de", False, False, "valid"),
    ("Carl Clausen", "Tag 1", "Fleisch", "science", True, "en", False, True, "valid"),
    ("Dora Dahl", "Beide Tage", "vegan", "politics", False, "de", False, False, "valid"),
    ("Emil Ehlers", "Beide Tage", "", "science", True, "de", True, False, "valid"),
    ("Frida Falk", "Tag 1", "vegan", "science", True, "de", False, False, "cancelled"),
]


def message_world(slug="noerd") -> dict:
    """The event, its objects and the tickets by first name."""
    event = make_event(slug=slug, days=2)
    quota = make_quota(event, "Halle", 50)
    types = {"Tag 1": make_ticket_type(event, [quota], "Tag 1")}
    types["Beide Tage"] = make_ticket_type(event, [quota], "Beide Tage", days=event.days)
    food = services.save_question(event, label="Essen", kind="choice", choices_text="vegan\nFleisch")
    workshop = Contribution(event=event, title="Löten", format="workshop", state="accepted", seats=5, seats_taken=2)
    package = Package(event=event, name="Stand M", quantity=5)
    door = CheckInList(event=event, name="Alle Tickets")
    db.session.add_all([workshop, package, door])
    db.session.flush()
    now = utcnow()
    tickets = {}
    for n, (name, type_name, answer, group, consent, language, came, seat, state) in enumerate(PEOPLE):
        booking = Booking(
            event_id=event.id, submission_key=f"{slug}-{n}", buyer_name=name, buyer_email=f"p{n}@example.org",
            language=language, state="confirmed", consent_at=now, consent_privacy_version=1, series_consent=consent,
        )  # fmt: skip
        ticket = Ticket(
            event=event, booking=booking, ticket_type=types[type_name], attendee_name=name,
            attendee_email=f"{name.split()[0].lower()}@example.org", stakeholder_group=group,
            answers={str(food.id): answer} if answer else {}, language=language, state=state,
            organization="Hafen eG" if n == 0 else "",
        )  # fmt: skip
        db.session.add_all([booking, ticket])
        db.session.flush()
        tickets[name.split()[0]] = ticket
        if came:
            scan = CheckIn(ticket=ticket, check_in_list=door, scanned_at=now, gate="Nord", client_id=f"{slug}-s{n}")
            db.session.add(scan)
            db.session.flush()
            db.session.add(Admission(ticket_id=ticket.id, list_id=door.id, check_in_id=scan.id, scanned_at=now))
        if seat:
            db.session.add(WorkshopSignup(ticket=ticket, contribution=workshop, state="signed_up"))
    # Bea waits for a seat in the workshop: no seat, so not in that segment.
    db.session.add(WorkshopSignup(ticket=tickets["Bea"], contribution=workshop, state="waiting"))
    waiting = [
        WaitlistEntry(
            event=event, ticket_type=types["Tag 1"], name=name, email=email, consent_at=now, consent_privacy_version=1,
            state=state, answers={str(food.id): "vegan"}, created_at=now - timedelta(hours=1),
        )
        for name, email, state in (("Wera Wald", "wera@example.org", "waiting"), ("Olaf Ort", "olaf@example.org",
                                   "offered"), ("Lea Los", "lea@example.org", "left"))
    ]  # fmt: skip
    partners = [
        Organization(event=event, name="Hafenwerk eG", state="approved", contact_name="Hanna Hafen",
                     contact_email="hanna@hafenwerk.example", package_id=package.id),
        Organization(event=event, name="Nordnetz GmbH", state="approved", contact_name="Nils Nord",
                     contact_email="nils@nordnetz.example"),
        Organization(event=event, name="Ostsee AG", state="submitted", contact_name="",
                     contact_email="info@ostsee.example"),
    ]  # fmt: skip
    db.session.add_all([*waiting, *partners])
    db.session.commit()
    return {"event": event, "types": types, "food": food, "workshop": workshop, "package": package,
            "tickets": tickets}  # fmt: skip
