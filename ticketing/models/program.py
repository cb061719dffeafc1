"""A ticket holder's part in the program: workshop sign-ups (seats, waiting list) and the personal agenda."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from events.program.models import Contribution
from ticketing.models.booking import Ticket

SIGNUP_STATES = ("signed_up", "waiting", "cancelled")


class WorkshopSignup(db.Model):
    """A ticket's seat in a workshop, or its place in the workshop's waiting list.

    Seats are counted in `Contribution.seats_taken`, changed only by one conditional UPDATE (as quotas are), so
    concurrent sign-ups can never exceed the workshop's seats. One row per ticket and workshop: signing up again
    after leaving reuses it.
    """

    __table_args__ = (
        UniqueConstraint("ticket_id", "contribution_id"),
        Index("ix_workshop_signup_queue", "contribution_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12), default="signed_up")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When a waiting ticket moved up to a seat, and when the holder left.
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship()
    contribution: Mapped[Contribution] = relationship()


class AgendaItem(db.Model):
    """A contribution a ticket holder marked for their personal agenda (and its iCal feed)."""

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship()
    contribution: Mapped[Contribution] = relationship()
