"""Ticket holders correct their own name and organization, until they are checked in.

After check-in the name is on a badge and in the door's records, so a change is refused from then on; a cancelled
(or deleted) ticket is refused as well."""

from sqlalchemy import exists, select, update
from sqlalchemy.orm.attributes import set_committed_value

from core.extensions import db
from core.services import record_action
from ticketing.models import Admission, Ticket
from ticketing.selfservice.errors import SelfServiceError

TEXT_MAX = 200  # Ticket.attendee_name and Ticket.organization
CORRECTABLE_STATES = ("held", "valid")


def is_checked_in(ticket: Ticket) -> bool:
    return db.session.scalar(select(exists().where(Admission.ticket_id == ticket.id)))


def refusal(ticket: Ticket) -> str | None:
    """Why the holder can no longer correct this ticket ("cancelled", "checked_in"), or None while they can."""
    if ticket.state not in CORRECTABLE_STATES or ticket.anonymised_at is not None:
        return "cancelled"
    if is_checked_in(ticket):
        return "checked_in"
    return None


def correct_holder(ticket: Ticket, *, name: str, organization: str) -> bool:
    """Set the holder's name and organization; False when nothing changed.

    Decided by one conditional UPDATE, so a scan at the door at the same moment either comes first (refused) or
    after (the new name stands).
    :raises SelfServiceError: name_required, too_long, cancelled, checked_in.
    """
    name, organization = " ".join(name.split()), " ".join(organization.split())
    if not name:
        raise SelfServiceError("name_required", field="name")
    for field, value in (("name", name), ("organization", organization)):
        if len(value) > TEXT_MAX:
            raise SelfServiceError("too_long", field=field)
    if (reason := refusal(ticket)) is not None:
        raise SelfServiceError(reason)
    if (name, organization) == (ticket.attendee_name, ticket.organization):
        return False
    changed = db.session.execute(
        update(Ticket)
        .where(
            Ticket.id == ticket.id,
            Ticket.state.in_(CORRECTABLE_STATES),
            Ticket.anonymised_at.is_(None),
            ~exists().where(Admission.ticket_id == ticket.id),
        )
        .values(attendee_name=name, organization=organization)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        db.session.refresh(ticket)
        raise SelfServiceError(refusal(ticket) or "checked_in")
    previous_name = ticket.attendee_name
    set_committed_value(ticket, "attendee_name", name)  # what the row now holds, without a second UPDATE
    set_committed_value(ticket, "organization", organization)
    booking = ticket.booking
    if booking is not None and booking.buyer_email == ticket.attendee_email and booking.buyer_name == previous_name:
        booking.buyer_name = name  # the person who booked corrected their own name: the booking's mails follow
    # Ids only: the audit log outlives a request to delete the person's data. No organizer acted: no user.
    record_action(
        None,
        "ticket.self_correct",
        f"{ticket.event.slug}: ticket {ticket.id}, booking {ticket.booking_id}",
        subject=("ticket", ticket.id),
    )
    return True
