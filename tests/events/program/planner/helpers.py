"""A small program for the planner's tests: one day, two stages and a workshop room, two tracks, talks that clash
for the attendees who want both, a workshop and a talk not yet placed, and ticket holders with agendas."""

from dataclasses import dataclass, field

from core.db import utcnow
from core.extensions import db
from events.models import Event, Room
from events.program import placing as program
from events.program.models import Contribution, Speaker, Track
from events.program.planner.settings import save_settings
from tests.ticketing.agenda_helpers import at, confirmed_ticket
from tests.ticketing.booking_helpers import event_on_sale
from ticketing.models import AgendaItem, Ticket, WorkshopSignup

BLOCKS = "09:00-12:00, 13:00-17:00"


@dataclass
class PlannerProgram:
    event: Event
    rooms: dict[str, Room]
    talks: dict[str, Contribution]
    tickets: list[Ticket] = field(default_factory=list)
    ticket_type: object = None


def planner_program(slug: str = "noerd", *, publish: bool = False, blocks: str = BLOCKS) -> PlannerProgram:
    """Talks A1 (track A) and B1 (track B) both at 09:00 and wanted together by three attendees; A2 at 09:30; B2
    and the workshop W not placed. Ada speaks in A1 and A2."""
    event, ticket_type = event_on_sale(seats=20, days=1, slug=slug)
    rooms = {
        "forum": Room(event=event, name="Forum", kind="stage", capacity=200),
        "saal": Room(event=event, name="Saal", kind="stage", capacity=100),
        "workzone": Room(event=event, name="Workzone", kind="workshop", capacity=30),
    }
    track_a, track_b = Track(event=event, name="Offene Daten"), Track(event=event, name="Mobilität")
    ada, ben = Speaker(event=event, name="Ada Lovelace"), Speaker(event=event, name="Ben Muster")
    db.session.add_all([*rooms.values(), track_a, track_b, ada, ben])
    talks = {}
    for key, fmt, minutes, track, speakers, room, start in [
        ("A1", "talk", 30, track_a, [ada], "forum", at(event, 9)),
        ("B1", "talk", 30, track_b, [ben], "saal", at(event, 9)),
        ("A2", "talk", 30, track_a, [ada], "forum", at(event, 9, 30)),
        ("B2", "talk", 30, track_b, [], None, None),
        ("W", "workshop", 90, None, [ben], None, None),
    ]:
        made = Contribution(
            event=event, title=f"Beitrag {key}", format=fmt, duration_minutes=minutes, state="accepted",
            track=track, speakers=speakers, seats=20 if fmt == "workshop" else None,
        )  # fmt: skip
        db.session.add(made)
        db.session.flush()
        if room is not None:
            program.schedule(made, rooms[room], start, actor=None)
        talks[key] = made
    save_settings(
        event,
        blocks_text=blocks,
        time_grid_minutes=15,
        workshop_room_ids=[rooms["workzone"].id],
        attendee_conflict_weight=1.0,
        track_break_weight=20.0,
        may_move_published=False,
        actor=None,
    )
    db.session.commit()
    made = PlannerProgram(event, rooms, talks, ticket_type=ticket_type)
    for n in range(1, 4):
        ticket = confirmed_ticket(event, ticket_type, n)
        mark(ticket, talks["A1"], talks["B1"])
        made.tickets.append(ticket)
    if publish:
        program.publish_schedule(event, now=utcnow(), actor=None)
        db.session.commit()
    return made


def mark(ticket: Ticket, *contributions: Contribution) -> None:
    for contribution in contributions:
        db.session.add(AgendaItem(ticket_id=ticket.id, contribution_id=contribution.id, created_at=utcnow()))
    db.session.commit()


def seat(ticket: Ticket, workshop: Contribution) -> None:
    db.session.add(WorkshopSignup(ticket=ticket, contribution=workshop, state="signed_up"))
    db.session.commit()
