"""Capacity: quotas (seat pools) and the ticket types that draw from them."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime
from core.extensions import db
from events.models import Event, window_state

ticket_type_quota = Table(
    "ticket_type_quota",
    db.metadata,
    Column("ticket_type_id", ForeignKey("ticket_type.id", ondelete="CASCADE"), primary_key=True),
    Column("quota_id", ForeignKey("quota.id", ondelete="CASCADE"), primary_key=True),
)


class Quota(db.Model):
    """A pool of seats (the hall on day 1, a workshop room); every ticket drawing from it takes one seat."""

    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("seats_taken >= 0", name="seats_taken_not_negative"),
        CheckConstraint("overbooking_percent >= 0 AND overbooking_percent <= 100", name="overbooking_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int]
    # Planned overbooking: free events lose a share of seats to no-shows, so organizers may hand out more.
    overbooking_percent: Mapped[int] = mapped_column(default=0)
    # Changed only by one conditional UPDATE (ticketing.booking.capacity), so concurrent bookings never exceed it.
    seats_taken: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship()

    @property
    def seat_limit(self) -> int:
        """Seats that may be handed out: capacity plus the planned overbooking (rounded down)."""
        return self.capacity + self.capacity * self.overbooking_percent // 100

    @property
    def seats_left(self) -> int:
        return max(self.seat_limit - self.seats_taken, 0)

    def __repr__(self) -> str:
        return f"<Quota {self.name} {self.seats_taken}/{self.seat_limit}>"


def days_from_text(text: str) -> list[date]:
    """The days of a ticket type's stored `valid_days` ("2026-05-27,2026-05-28")."""
    return [date.fromisoformat(d) for d in text.split(",") if d]


class TicketType(db.Model):
    """What an attendee books ("Tag 1", "Beide Tage"); it takes one seat in each of its quotas."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # ISO dates separated by commas: the event days this ticket admits to.
    valid_days_text: Mapped[str] = mapped_column("valid_days", String(400), default="")
    # Without own times the ticket type is on sale during the event's registration window.
    sale_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sale_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Hidden types (speakers, booth staff) are never offered on the public page.
    is_public: Mapped[bool] = mapped_column(default=True)

    event: Mapped[Event] = relationship()
    quotas: Mapped[list[Quota]] = relationship(secondary=ticket_type_quota, order_by="Quota.id")

    @property
    def valid_days(self) -> list[date]:
        return days_from_text(self.valid_days_text)

    @valid_days.setter
    def valid_days(self, days) -> None:
        self.valid_days_text = ",".join(sorted(d.isoformat() for d in days))

    @property
    def seats_left(self) -> int:
        """Seats still bookable: the tightest of its quotas decides."""
        return min((q.seats_left for q in self.quotas), default=0)

    def sale_window(self) -> tuple[datetime, datetime]:
        return (
            self.sale_starts_at or self.event.registration_opens_at,
            self.sale_ends_at or self.event.registration_closes_at,
        )

    def sale_state(self, now: datetime) -> str:
        """'not_yet', 'open' or 'closed' at `now`."""
        return window_state(now, *self.sale_window())

    @property
    def quota_ids(self) -> list[int]:
        return [quota.id for quota in self.quotas]

    def __repr__(self) -> str:
        return f"<TicketType {self.name}>"
