"""Who takes part in a café: valid tickets of its event by the café's rule, and on the day who checked in."""

from datetime import datetime

from sqlalchemy import delete, select

from core.extensions import db
from ticketing.models import Admission, CheckInList, Ticket
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import CafeOptIn, WorldCafe


def participants(cafe: WorldCafe) -> list[Ticket]:
    """Valid tickets that take part by the café's rule (all, chosen ticket types, or opted in), by ticket id.

    "All" leaves out complimentary tickets (speakers, booth staff): they are at the event to work.
    """
    query = select(Ticket).where(Ticket.event_id == cafe.event_id, Ticket.state == "valid")
    if cafe.participation == "ticket_types":
        query = query.where(Ticket.ticket_type_id.in_(cafe.ticket_type_ids or [-1]))
    elif cafe.participation == "opt_in":
        query = query.join(CafeOptIn, (CafeOptIn.ticket_id == Ticket.id) & (CafeOptIn.cafe_id == cafe.id))
    else:
        query = query.where(Ticket.is_complimentary.is_(False))
    return list(db.session.scalars(query.order_by(Ticket.id)))


def takes_part(cafe: WorldCafe, ticket: Ticket) -> bool:
    """Whether one ticket is a participant (without loading everyone)."""
    if ticket.event_id != cafe.event_id or ticket.state != "valid":
        return False
    if cafe.participation == "ticket_types":
        return ticket.ticket_type_id in cafe.ticket_type_ids
    if cafe.participation == "opt_in":
        return db.session.get(CafeOptIn, (cafe.id, ticket.id)) is not None
    return not ticket.is_complimentary


def checked_in_ids(cafe: WorldCafe) -> set[int]:
    """Tickets admitted at any gate of the event (workshop doors aside): who is there on the day."""
    query = (
        select(Admission.ticket_id)
        .join(CheckInList, CheckInList.id == Admission.list_id)
        .where(CheckInList.event_id == cafe.event_id, CheckInList.contribution_id.is_(None))
    )
    return set(db.session.scalars(query))


def present_participants(cafe: WorldCafe) -> list[Ticket]:
    """Participants who checked in: no-shows drop out, walk-ins registered at the door join."""
    present = checked_in_ids(cafe)
    return [ticket for ticket in participants(cafe) if ticket.id in present]


def set_opt_in(cafe: WorldCafe, ticket: Ticket, wanted: bool, *, now: datetime) -> None:
    """A ticket holder joins or leaves a café that asks people to opt in, before the deadline.
    :raises WorldCafeError:"""
    if cafe.participation != "opt_in" or ticket.event_id != cafe.event_id or ticket.state != "valid":
        raise WorldCafeError("not_participant")
    if not cafe.choices_open(now):
        raise WorldCafeError("deadline_passed")
    present = db.session.get(CafeOptIn, (cafe.id, ticket.id))
    if wanted and present is None:
        db.session.add(CafeOptIn(cafe_id=cafe.id, ticket_id=ticket.id, created_at=now))
    elif not wanted and present is not None:
        db.session.execute(delete(CafeOptIn).where(CafeOptIn.cafe_id == cafe.id, CafeOptIn.ticket_id == ticket.id))
    db.session.flush()
