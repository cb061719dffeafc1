"""What an event offers for booking, as plain values: the event's booking rules, its public ticket types with their
quotas, and its questions.

The booking POST needs all of it, and loading it as ORM objects (event, ticket types with quotas, questions) cost
about a third of that request. It is kept per worker and event until shown content changes (the content version,
core.caching.versions): an organizer's change to the event, a ticket type or a question shows on the next booking.
Seats are not part of it; the conditional UPDATE on the quota decides those.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from core.caching.versions import current_version
from events.models import Event, choices_from_text, window_state
from events.services import published_event
from ticketing.booking.capacity import ticket_types_for
from ticketing.models import TicketType

MAX_KEPT = 256  # events per worker
EXTENSION = "treffpunkt.booking_offers"


@dataclass(frozen=True)
class OfferedQuestion:
    id: int
    label: str
    kind: str
    choices_text: str
    is_required: bool

    @property
    def choices(self) -> list[str]:
        return choices_from_text(self.choices_text)


@dataclass(frozen=True)
class OfferedTicketType:
    id: int
    name: str
    quota_ids: tuple[int, ...]
    sale_window: tuple[datetime, datetime]

    def sale_state(self, now: datetime) -> str:
        return window_state(now, *self.sale_window)


@dataclass(frozen=True)
class Offer:
    """An event as a booking sees it; the form classes and `start_booking` read it like an Event."""

    id: int
    slug: str
    name: str
    status: str
    timezone: str
    registration_window: tuple[datetime, datetime]
    max_tickets_per_booking: int
    media_notice: str
    privacy_version: int
    questions: tuple[OfferedQuestion, ...]
    ticket_types: tuple[OfferedTicketType, ...]

    def registration_state(self, now: datetime) -> str:
        return window_state(now, *self.registration_window)

    def ticket_type(self, ticket_type_id: int) -> OfferedTicketType | None:
        return next((t for t in self.ticket_types if t.id == ticket_type_id), None)

    @classmethod
    def of(cls, event: Event, public_ticket_types: list[TicketType]) -> "Offer":
        questions = tuple(
            OfferedQuestion(q.id, q.label, q.kind, q.choices_text, q.is_required) for q in event.questions
        )
        ticket_types = tuple(
            OfferedTicketType(t.id, t.name, tuple(t.quota_ids), t.sale_window()) for t in public_ticket_types
        )
        return cls(
            event.id, event.slug, event.name, event.status, event.timezone,
            (event.registration_opens_at, event.registration_closes_at), event.max_tickets_per_booking,
            event.media_notice, event.privacy_version, questions, ticket_types,
        )  # fmt: skip


def offer_of(event: Event) -> Offer:
    """The event's offer read now (tests and one-off callers; the booking view uses `booking_offer`)."""
    return Offer.of(event, ticket_types_for(event, public_only=True))


def booking_offer(slug: str) -> Offer | None:
    """The offer of the public event with this slug, from this worker's copy while the content version holds."""
    version = current_version()
    offers: dict[str, tuple[int, Offer]] = current_app.extensions.setdefault(EXTENSION, {})  # per app: its database
    kept = offers.get(slug)
    if kept is not None and version is not None and kept[0] == version:
        return kept[1]
    event = published_event(slug)
    if event is None:
        return None
    offer = offer_of(event)
    if version is not None:
        if len(offers) >= MAX_KEPT:
            offers.clear()
        offers[slug] = (version, offer)
    return offer
