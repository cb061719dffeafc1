"""Which tickets get a badge, in which order: valid tickets of one event, narrowed by ticket type, stakeholder group
and booking date, sorted by name or organization. Loaded in batches with only the columns a badge shows."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, func, select

from core.extensions import db
from events.models import Event
from ticketing.models import Ticket, TicketType

SORTS = ("name", "organization")
BATCH = 500


@dataclass(frozen=True, kw_only=True)
class Selection:
    """The organizer's choice; empty tuples mean "all"."""

    ticket_type_ids: tuple[int, ...] = ()
    groups: tuple[str, ...] = ()
    booked_since: date | None = None
    sort: str = "name"

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}")

    def to_params(self) -> dict:
        return {
            "ticket_type_ids": list(self.ticket_type_ids),
            "groups": list(self.groups),
            "booked_since": self.booked_since.isoformat() if self.booked_since else None,
            "sort": self.sort,
        }

    @classmethod
    def from_params(cls, params: dict) -> "Selection":
        since = params.get("booked_since")
        return cls(
            ticket_type_ids=tuple(int(i) for i in params.get("ticket_type_ids") or ()),
            groups=tuple(params.get("groups") or ()),
            booked_since=date.fromisoformat(since) if since else None,
            sort=params.get("sort", "name"),
        )


@dataclass(frozen=True)
class BadgeRow:
    """What one badge needs from its ticket."""

    id: int
    secret: str
    attendee_name: str
    organization: str
    ticket_type_id: int
    language: str


def _filtered(event: Event, selection: Selection, *columns) -> Select:
    query = select(*columns).where(Ticket.event_id == event.id, Ticket.state == "valid", Ticket.anonymised_at.is_(None))
    if selection.ticket_type_ids:
        query = query.where(Ticket.ticket_type_id.in_(selection.ticket_type_ids))
    if selection.groups:
        query = query.where(Ticket.stakeholder_group.in_(selection.groups))
    if selection.booked_since is not None:
        # The day as the organizer means it: from midnight in the event's timezone.
        since = datetime.combine(selection.booked_since, time(), tzinfo=event.tz)
        query = query.where(Ticket.created_at >= since)
    return query


def count(event: Event, selection: Selection) -> int:
    """How many badges the selection makes."""
    return db.session.scalar(_filtered(event, selection, func.count(Ticket.id)))


def ordered_ids(event: Event, selection: Selection) -> list[int]:
    """The selected tickets' ids in print order: by name (then organization), or by organization (then name); a
    missing organization sorts last. Case-insensitive, the same on SQLite (its Unicode-aware lower) and PostgreSQL."""
    name, organization = func.lower(Ticket.attendee_name), func.lower(Ticket.organization)
    no_organization = Ticket.organization == ""
    if selection.sort == "organization":
        order = (no_organization, organization, name, Ticket.id)
    else:
        order = (name, organization, Ticket.id)
    return list(db.session.scalars(_filtered(event, selection, Ticket.id).order_by(*order)))


def badge_rows(ids: list[int], batch: int = BATCH) -> Iterator[BadgeRow]:
    """The tickets of `ids` in that order, loaded `batch` at a time with only the columns a badge shows."""
    columns = (
        Ticket.id,
        Ticket.secret,
        Ticket.attendee_name,
        Ticket.organization,
        Ticket.ticket_type_id,
        Ticket.language,
    )
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        rows = {row.id: BadgeRow(*row) for row in db.session.execute(select(*columns).where(Ticket.id.in_(chunk)))}
        yield from (rows[ticket_id] for ticket_id in chunk if ticket_id in rows)  # a ticket deleted meanwhile: skipped


def ticket_type_names(event: Event) -> dict[int, str]:
    return dict(db.session.execute(select(TicketType.id, TicketType.name).where(TicketType.event_id == event.id)).all())
