"""Check-in lists (a gate's scope: all tickets, one day, one ticket type) and the scans made against them."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from events.models import Event
from ticketing.models.booking import Ticket
from ticketing.models.capacity import TicketType


class CheckInList(db.Model):
    """What a gate admits: every valid ticket of the event, or only those valid on one day or of one type."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    day: Mapped[date | None] = mapped_column(Date)
    ticket_type_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_type.id", ondelete="CASCADE"))
    # A workshop's door: only the tickets signed up for that workshop.
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"))

    event: Mapped[Event] = relationship()
    ticket_type: Mapped[TicketType | None] = relationship()

    def __repr__(self) -> str:
        return f"<CheckInList {self.name}>"


class CheckIn(db.Model):
    """One accepted scan. Several may exist for a ticket and list (two gates offline); the earliest admits."""

    __table_args__ = (Index("ix_check_in_list_time", "list_id", "scanned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("check_in_list.id", ondelete="CASCADE"))
    # When the helper scanned (the device's clock, for offline scans) and when the server heard of it.
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    gate: Mapped[str] = mapped_column(String(80), default="")
    # The scanner's own id for the scan: an upload repeated after a lost answer is recognised, not counted twice.
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    ticket: Mapped[Ticket] = relationship()
    check_in_list: Mapped[CheckInList] = relationship()


class Admission(db.Model):
    """The first check-in of a ticket on a list: the primary key makes "one admission per ticket and list" a fact
    the database keeps, whichever gate or worker scans."""

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("check_in_list.id", ondelete="CASCADE"), primary_key=True)
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_in.id", ondelete="CASCADE"))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    gate: Mapped[str] = mapped_column(String(80), default="")
    # Made by a scan queued offline: its time is the device's, and only another offline scan may take it over.
    offline: Mapped[bool] = mapped_column(default=False, server_default=false())
