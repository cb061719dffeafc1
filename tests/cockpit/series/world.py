"""An edition with one of every kind of set-up (rooms, tracks, quotas, ticket types, questions, check-in lists, a
World Café, packages, the call, program settings, message templates) and people everywhere (bookings, tickets, the
waiting list, speakers with a talk, an organization, check-ins, café choices, a message), so a copy can be checked for
what it takes along and what it leaves behind."""

from datetime import datetime, time, timedelta

from cockpit.messages.models import Message, MessageTemplate
from core.db import utcnow
from core.extensions import db
from events import services
from events.models import Room
from events.program.models import Availability, Contribution, Speaker, Track
from events.program.planner.models import ProgramSettings
from partners.models import ContributionCall, Organization, Package
from tests.factories import make_event, make_quota, make_ticket_type
from ticketing.models import Admission, Booking, CheckIn, CheckInList, SeriesContact, Ticket, WaitlistEntry
from ticketing.worldcafe.models import CafeChoice, CafeConstraint, CafeOptIn, CafePlan, CafeTable, WorldCafe


def wall(event, day_index: int, hour: int, minute: int = 0) -> datetime:
    """A time on the event's wall clock on its n-th day."""
    return datetime.combine(event.days[0] + timedelta(days=day_index), time(hour, minute), event.tz)


def edition_world(slug="forum-2026") -> dict:
    event = make_event(slug=slug, name="Forum 2026", days=2, starts_in_days=40)
    event.media_notice = "Wir fotografieren."
    hall, cafe_room = (
        Room(event=event, name="Halle A", kind="stage", capacity=300),
        Room(event=event, name="Café", kind="cafe", capacity=60),
    )
    track = Track(event=event, name="Energie", colour="#123456")
    db.session.add_all([hall, cafe_room, track])
    food = services.save_question(event, label="Essen", kind="choice", choices_text="vegan\nFleisch")
    quota = make_quota(event, "Halle", 100)
    day1 = make_ticket_type(event, [quota], "Tag 1", days=[event.days[0]])
    day1.sale_starts_at, day1.sale_ends_at = wall(event, -20, 8), wall(event, -1, 20)
    both = make_ticket_type(event, [quota], "Beide Tage", days=event.days)
    door = CheckInList(event=event, name="Tag 1", day=event.days[0], ticket_type=day1)
    # People: a booking with its ticket, a waiting person, a speaker with a talk, a partner, a check-in.
    booking = Booking(
        event_id=event.id, submission_key=f"{slug}-b1", buyer_name="Ada Lovelace", buyer_email="ada@example.org",
        language="de", state="confirmed", consent_at=utcnow(), consent_privacy_version=1, series_consent=True,
    )  # fmt: skip
    ticket = Ticket(event=event, booking=booking, ticket_type=day1, attendee_name="Ada Lovelace",
                    attendee_email="ada@example.org", state="valid")  # fmt: skip
    waiting = WaitlistEntry(event=event, ticket_type=both, name="Wera Wald", email="wera@example.org",
                            consent_at=utcnow(), consent_privacy_version=1, state="waiting")  # fmt: skip
    speaker = Speaker(event=event, name="Sara Sprecherin", email="sara@example.org")
    speaker.availability.append(Availability(starts_at=wall(event, 0, 9), ends_at=wall(event, 0, 12)))
    talk = Contribution(event=event, title="Wärmenetze", format="talk", state="accepted", room=hall,
                        starts_at=wall(event, 0, 10), track=track, speakers=[speaker])  # fmt: skip
    partner = Organization(event=event, name="Hafenwerk eG", state="approved", contact_name="Hanna Hafen",
                           contact_email="hanna@hafenwerk.example")  # fmt: skip
    db.session.add_all([door, booking, ticket, waiting, speaker, talk, partner])
    db.session.flush()
    scan = CheckIn(ticket=ticket, check_in_list=door, scanned_at=utcnow(), gate="Nord", client_id=f"{slug}-s1")
    db.session.add(scan)
    db.session.flush()
    db.session.add(Admission(ticket_id=ticket.id, list_id=door.id, check_in_id=scan.id, scanned_at=utcnow()))
    # The World Café: its program item, two tables, round settings; a choice, an opt-in, a constraint and a plan.
    cafe_item = Contribution(event=event, title="Weltcafé Zukunft", format="world_cafe", state="accepted",
                             room=cafe_room, starts_at=wall(event, 1, 14), duration_minutes=90)  # fmt: skip
    db.session.add(cafe_item)
    db.session.flush()
    cafe = WorldCafe(event_id=event.id, contribution_id=cafe_item.id, rounds=4, round_minutes=15, pause_minutes=3,
                     choice_deadline=wall(event, 0, 20), participation="ticket_types", ticket_type_ids=[day1.id],
                     weights={"coincidence": 2.0, "preference": 1.0, "diversity": 5.0, "moves": 2.0},
                     locked_rounds=1, seed=7)  # fmt: skip
    db.session.add(cafe)
    db.session.flush()
    tables = [
        CafeTable(cafe_id=cafe.id, topic_key="wasser", title="Wasser", host_name="Hanna Host", seats=8, position=1),
        CafeTable(cafe_id=cafe.id, topic_key="wind", title="Wind", description="Offshore", seats=6, position=2),
    ]
    db.session.add_all(tables)
    db.session.flush()
    db.session.add_all([
        CafeChoice(cafe_id=cafe.id, ticket_id=ticket.id, topics=["wind", "wasser"]),
        CafeOptIn(cafe_id=cafe.id, ticket_id=ticket.id),
        CafeConstraint(cafe_id=cafe.id, kind="fixed", ticket_ids=[ticket.id], round=1, table_id=tables[0].id),
        CafePlan(cafe_id=cafe.id, state="published", seats=[[ticket.id, 1, tables[0].id]]),
    ])  # fmt: skip
    # Partners' side and the program's settings, and the team's saved texts (and a sent message, not copied).
    package = Package(event=event, name="Stand M", booth_size="3 × 3 m", staff_passes=2, includes="Strom", quantity=5)
    call = ContributionCall(event=event, opens_at=wall(event, -30, 9), deadline_at=wall(event, -10, 23, 59),
                            formats_text="talk,workshop", description="Reichen Sie ein!")  # fmt: skip
    settings = ProgramSettings(event=event, blocks_text=f"{event.days[1].isoformat()}: 09:00-12:30\n13:30-17:00",
                               time_grid_minutes=10, workshop_room_ids=[hall.id], track_break_weight=5.0)  # fmt: skip
    template = MessageTemplate(event_id=event.id, name="Anreise", subject_de="Anreise", body_de="Bus 23")
    message = Message(event_id=event.id, kind="event", segment={"audience": "tickets"}, subject_de="Hallo",
                      body_de="Text", state="done")  # fmt: skip
    db.session.add_all([package, call, settings, template, message])
    db.session.commit()
    return {"event": event, "ticket": ticket, "types": {"Tag 1": day1, "Beide Tage": both}, "food": food,
            "cafe": cafe, "rooms": {"Halle A": hall, "Café": cafe_room}}  # fmt: skip


def add_contacts(series: str, people: list[tuple[str, str, str]]) -> dict[str, SeriesContact]:
    """Series contacts by first name: (name, email, language)."""
    contacts = {}
    for n, (name, email, language) in enumerate(people):
        contact = SeriesContact(series=series, email=email, name=name, language=language, token=f"tok-{series}-{n}")
        db.session.add(contact)
        contacts[name.split()[0]] = contact
    db.session.commit()
    return contacts
