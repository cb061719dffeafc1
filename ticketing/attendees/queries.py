"""Read-only views of an event's tickets for organizers: search, filter, sort, page, count, recipients."""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, String, func, or_, select
from sqlalchemy.orm import joinedload

from core.db import Page, page_of
from core.extensions import db
from events.models import Event
from ticketing.models import Ticket

PER_PAGE = 50
SORTS = ("name", "created")
# The order organizers read them in: who comes, who has not confirmed yet, who dropped out.
STATES = ("valid", "held", "cancelled")


@dataclass(frozen=True)
class AttendeeFilter:
    """What the organizer looks for: text in name, email or organization, one ticket type, one state, an order."""

    q: str = ""
    ticket_type_id: int | None = None
    state: str | None = None
    sort: str = "name"

    def as_args(self) -> dict:
        """The filter as URL query arguments, so page, sort and export links keep it."""
        args = {"q": self.q, "ticket_type": self.ticket_type_id, "state": self.state, "sort": self.sort}
        return {name: value for name, value in args.items() if value}


def attendee_query(event: Event, filters: AttendeeFilter) -> Select:
    """The event's tickets matching `filters`, in the asked order (id breaks ties, so paging is stable)."""
    query = select(Ticket).where(Ticket.event_id == event.id)
    if filters.q.strip():
        columns = (Ticket.attendee_name, Ticket.attendee_email, Ticket.organization)
        # autoescape: a % or _ typed into the search box is looked for literally, not as a wildcard
        matches = [
            func.lower(column, type_=String).contains(filters.q.strip().lower(), autoescape=True) for column in columns
        ]
        query = query.where(or_(*matches))
    if filters.ticket_type_id is not None:
        query = query.where(Ticket.ticket_type_id == filters.ticket_type_id)
    if filters.state:
        query = query.where(Ticket.state == filters.state)
    order = Ticket.created_at if filters.sort == "created" else func.lower(Ticket.attendee_name, type_=String)
    return query.order_by(order, Ticket.id)


def attendee_page(event: Event, filters: AttendeeFilter, number: int, per_page: int = PER_PAGE) -> Page:
    """One page of the matching tickets; a page number out of range shows the nearest page that exists."""
    return page_of(attendee_query(event, filters).options(joinedload(Ticket.ticket_type)), number, per_page)


def attendees_for_export(event: Event, filters: AttendeeFilter) -> Iterator[Ticket]:
    """All matching tickets, fetched in batches so a long list never sits in memory at once."""
    query = attendee_query(event, filters).options(joinedload(Ticket.ticket_type))
    yield from db.session.scalars(query.execution_options(yield_per=500))


def state_counts(event: Event) -> dict[str, int]:
    """How many of the event's tickets are in each state (every state present, zero if none)."""
    rows = db.session.execute(
        select(Ticket.state, func.count()).where(Ticket.event_id == event.id).group_by(Ticket.state)
    ).all()
    counts = dict(rows)
    return {state: counts.get(state, 0) for state in STATES}
