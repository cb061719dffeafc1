"""Quotas and ticket types, and taking and returning seats with one conditional UPDATE per quota."""

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.util import identity_key

from core.caching.versions import execute_rows
from core.errors import DomainError
from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import Event
from ticketing.models import Booking, Quota, Ticket, TicketType, ticket_type_quota

# Quota.seat_limit in SQL: capacity plus the planned overbooking, rounded down.
SEAT_LIMIT = Quota.capacity + Quota.capacity * Quota.overbooking_percent // 100


class CapacityError(DomainError):
    """A capacity rule was broken; `code` names it and `field` the form field it belongs to."""


class SoldOut(CapacityError):
    """A quota of `ticket_type` has no seats left for what was asked."""

    def __init__(self, ticket_type: TicketType):
        super().__init__("sold_out")
        self.ticket_type = ticket_type


def save_quota(
    event: Event,
    *,
    name: str,
    capacity: int,
    overbooking_percent: int = 0,
    quota: Quota | None = None,
    actor: User | None = None,
) -> Quota:
    """Create or change a seat pool. :raises CapacityError: when the new limit is below the seats already taken."""
    if capacity < 0:
        raise CapacityError("capacity_negative", "capacity")
    if not 0 <= overbooking_percent <= 100:
        raise CapacityError("overbooking_out_of_range", "overbooking_percent")
    if quota is None:
        quota = Quota(event=event, seats_taken=0)
        db.session.add(quota)
    limit = capacity + capacity * overbooking_percent // 100
    if limit < quota.seats_taken:
        raise CapacityError("capacity_below_taken", "capacity")
    quota.name, quota.capacity, quota.overbooking_percent = name.strip(), capacity, overbooking_percent
    record_action(actor, "quota.save", f"{event.slug}: {quota.name}")
    return quota


def save_ticket_type(
    event: Event,
    *,
    name: str,
    quota_ids: list[int],
    valid_days: list[date],
    description: str = "",
    sale_starts_at: datetime | None = None,
    sale_ends_at: datetime | None = None,
    is_public: bool = True,
    ticket_type: TicketType | None = None,
    actor: User | None = None,
) -> TicketType:
    """Create or change a ticket type drawing from some of the event's quotas. :raises CapacityError:"""
    quotas = list(db.session.scalars(select(Quota).where(Quota.event_id == event.id, Quota.id.in_(quota_ids))))
    if not quotas or len(quotas) != len(set(quota_ids)):
        raise CapacityError("quota_required", "quota_ids")
    if not valid_days or not set(valid_days) <= set(event.days):
        raise CapacityError("days_outside_event", "valid_days")
    if sale_starts_at and sale_ends_at and sale_ends_at <= sale_starts_at:
        raise CapacityError("sale_ends_before_start", "sale_ends_at")
    if ticket_type is None:
        ticket_type = TicketType(event=event, position=_next_position(event))
        db.session.add(ticket_type)
    ticket_type.name, ticket_type.description = name.strip(), description.strip()
    ticket_type.quotas = quotas
    ticket_type.valid_days = valid_days
    ticket_type.sale_starts_at, ticket_type.sale_ends_at = sale_starts_at, sale_ends_at
    ticket_type.is_public = is_public
    record_action(actor, "ticket_type.save", f"{event.slug}: {ticket_type.name}")
    return ticket_type


def _next_position(event: Event) -> int:
    positions = db.session.scalars(select(TicketType.position).where(TicketType.event_id == event.id))
    return max(positions, default=-1) + 1


# Built once (the event page and the booking form run them on every request): the event's ticket types with their
# quotas, all of them or the public ones.
_TICKET_TYPES = (
    select(TicketType)
    .where(TicketType.event_id == bindparam("event_id"))
    .order_by(TicketType.position)
    .options(selectinload(TicketType.quotas))  # seats_left reads every quota: one query, not one per type
)
_PUBLIC_TICKET_TYPES = _TICKET_TYPES.where(TicketType.is_public.is_(True))


def ticket_types_for(event: Event, *, public_only: bool = False) -> list[TicketType]:
    query = _PUBLIC_TICKET_TYPES if public_only else _TICKET_TYPES
    return list(db.session.scalars(query, {"event_id": event.id}))


def on_sale(ticket_types: list[TicketType], now: datetime) -> list[TicketType]:
    return [t for t in ticket_types if t.sale_state(now) == "open"]


def next_sale_change(event: Event, ticket_types: list[TicketType], now: datetime) -> datetime | None:
    """The next moment the event's public pages change by themselves: registration or a sale opening or closing."""
    moments = [event.registration_opens_at, event.registration_closes_at]
    moments += [moment for t in ticket_types for moment in t.sale_window()]
    return min((moment for moment in moments if moment > now), default=None)


def quotas_for(event: Event) -> list[Quota]:
    return list(db.session.scalars(select(Quota).where(Quota.event_id == event.id).order_by(Quota.id)))


def take_seats(ticket_type: TicketType, count: int = 1) -> None:
    """Take `count` seats in every quota of the ticket type, or none at all. :raises CapacityError: sold_out."""
    take_seats_for({ticket_type: count})


def take_seats_for(wanted: Mapping[TicketType, int]) -> None:
    """Take seats for several ticket types (or offered ones, `offers.OfferedTicketType`), `count` each, in every
    quota they count against: all or none.

    :raises SoldOut: naming a ticket type whose quota is full (count_invalid for a count below one).

    The database decides: each quota is changed by one UPDATE whose WHERE clause checks the limit, so two
    requests can never both take the last seat. With several quotas a savepoint undoes those already taken when
    a later one is full, leaving the caller's transaction usable (to offer the waiting list, say); a single
    UPDATE that finds its quota full has changed nothing, so it needs none.
    """
    seats: dict[int, int] = {}
    first_type: dict[int, object] = {}
    for ticket_type, count in wanted.items():
        if count < 1:
            raise CapacityError("count_invalid")
        for quota_id in ticket_type.quota_ids:
            seats[quota_id] = seats.get(quota_id, 0) + count
            first_type.setdefault(quota_id, ticket_type)
    if len(seats) > 1:
        with db.session.begin_nested():
            _take(seats, first_type)
    else:
        _take(seats, first_type)
    for quota_id in seats:  # quotas this session has loaded show the new count when read next
        quota = db.session.identity_map.get(identity_key(Quota, quota_id))
        if quota is not None:
            db.session.expire(quota, ["seats_taken"])


_TAKE = (
    update(Quota)
    .where(Quota.id == bindparam("quota_id"), Quota.seats_taken + bindparam("count") <= SEAT_LIMIT)
    .values(seats_taken=Quota.seats_taken + bindparam("count"))
    .execution_options(synchronize_session=False)
)


def _take(seats: dict[int, int], first_type: dict[int, object]) -> None:
    for quota_id, count in sorted(seats.items()):  # one lock order: no deadlocks
        if execute_rows(_TAKE, {"quota_id": quota_id, "count": count}).rowcount != 1:
            raise SoldOut(first_type[quota_id])


def release_seats(ticket_type: TicketType, count: int = 1) -> None:
    """Return `count` seats to every quota of the ticket type."""
    for quota in sorted(ticket_type.quotas, key=lambda q: q.id):
        db.session.execute(
            update(Quota)
            .where(Quota.id == quota.id, Quota.seats_taken >= count)
            .values(seats_taken=Quota.seats_taken - count)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(quota, ["seats_taken"])


# The event page asks on every request (its cached rendering is keyed by the answer), so the two statements are
# built once: every quota of the event with its ticket types, and the holds that lapsed but were not released yet.
_QUOTA_SEATS = (
    select(ticket_type_quota.c.ticket_type_id, Quota.id, SEAT_LIMIT - Quota.seats_taken)
    .join(Quota, Quota.id == ticket_type_quota.c.quota_id)
    .join(Event, Event.id == Quota.event_id)
    .where(Event.slug == bindparam("slug"))
)
_LAPSED_HOLDS = (
    select(ticket_type_quota.c.quota_id, func.count(Ticket.id))
    .join(Ticket, Ticket.ticket_type_id == ticket_type_quota.c.ticket_type_id)
    .join(Booking, Booking.id == Ticket.booking_id)
    .join(Event, Event.id == Ticket.event_id)
    .where(
        Event.slug == bindparam("slug"),
        Ticket.state == "held",
        Booking.state == "pending",
        Booking.hold_expires_at <= bindparam("now"),
    )
    .group_by(ticket_type_quota.c.quota_id)
)


def seats_left_now(event_slug: str, now: datetime) -> dict[int, int]:
    """Seats left per ticket type of the event, counting lapsed holds as free even before `flask tick` has released
    them; the tightest quota decides. Ticket types without a quota have none (absent here)."""
    lapsed = dict(execute_rows(_LAPSED_HOLDS, {"slug": event_slug, "now": now}).all())
    seats: dict[int, int] = {}
    quotas = execute_rows(_QUOTA_SEATS, {"slug": event_slug})
    for ticket_type_id, quota_id, free in quotas:
        left = max(free, 0) + lapsed.get(quota_id, 0)
        seats[ticket_type_id] = min(left, seats.get(ticket_type_id, left))
    return seats
