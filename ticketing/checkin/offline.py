"""The offline copy of a check-in list: what a scanner keeps to answer at the gate while the network is away.

It holds a hash of each ticket's secret, never the secret: a stolen phone must not be able to print tickets.
"""

import hashlib
from collections.abc import Iterator

from sqlalchemy import select

from core.extensions import db
from ticketing.checkin.scans import refusal_detail
from ticketing.models import Admission, CheckInList, Ticket, TicketType, WorkshopSignup


def secret_hash(secret: str) -> str:
    """What the offline copy holds instead of the secret: a stolen phone must not be able to print tickets."""
    return hashlib.sha256(secret.encode("ascii", "replace")).hexdigest()


def snapshot(check_in_list: CheckInList) -> Iterator[dict]:
    """The offline copy, ticket by ticket: only a hash of the secret and what the green screen shows.

    Plain columns read in batches, not ORM objects in one list: the worker's memory stays flat for any list size.
    """
    from ticketing.checkin.figures import admitted_type_ids

    on_list = set(admitted_type_ids(check_in_list))
    seated = seated_ticket_ids(check_in_list)
    refusal = refusal_detail(check_in_list)
    rows = db.session.execute(
        select(
            Ticket.id,
            Ticket.secret,
            Ticket.attendee_name,
            Ticket.organization,
            Ticket.state,
            Ticket.ticket_type_id,
            TicketType.name,
            Admission.scanned_at,
            Admission.gate,
        )
        .join(TicketType, TicketType.id == Ticket.ticket_type_id)
        .outerjoin(Admission, (Admission.ticket_id == Ticket.id) & (Admission.list_id == check_in_list.id))
        .where(Ticket.event_id == check_in_list.event_id, Ticket.state.in_(("valid", "cancelled")))
        .order_by(Ticket.id)
        .execution_options(yield_per=1000)
    )

    def row(ticket_id, secret, name, organization, state, type_id, type_name, first_at, gate) -> dict:
        admitted = type_id in on_list and (seated is None or ticket_id in seated)
        return {
            "ticket_id": ticket_id,
            "h": secret_hash(secret),
            "name": name,
            "organization": organization,
            "ticket_type": type_name,
            "state": state,
            "on_list": admitted,
            "detail": "" if admitted else refusal,
            "first_checked_in_at": first_at.isoformat() if first_at else None,
            "first_gate": gate or "",
        }

    return (row(*columns) for columns in rows)


def seated_ticket_ids(check_in_list: CheckInList) -> set[int] | None:
    """For a workshop's list, the tickets with a seat in it; None for other lists (every type decides alone)."""
    if check_in_list.contribution_id is None:
        return None
    seats = select(WorkshopSignup.ticket_id).where(
        WorkshopSignup.contribution_id == check_in_list.contribution_id, WorkshopSignup.state == "signed_up"
    )
    return set(db.session.scalars(seats))
