"""Bookings with their tickets, and the waiting list."""

import base64
import secrets
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from events.models import Event
from ticketing.models.capacity import TicketType

STAKEHOLDER_GROUPS = ("civil_society", "administration", "politics", "business", "science", "other")
BOOKING_STATES = ("pending", "confirmed", "cancelled", "expired")
TICKET_STATES = ("held", "valid", "cancelled")
WAITLIST_STATES = ("waiting", "offered", "claimed", "lapsed", "left")


def new_secret() -> str:
    """The QR content: 160 random bits as 32 upper-case base32 characters, nothing personal in it.

    Base32 fits the QR code's alphanumeric mode: a smaller code with bigger modules that scanners read faster.
    """
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def new_token() -> str:
    """A private link's key: 160 random bits, URL-safe."""
    return secrets.token_urlsafe(20)


class Booking(db.Model):
    """One booking of one or more tickets; pending (seats held) until the buyer confirms their email."""

    __table_args__ = (Index("ix_booking_pending_hold", "state", "hold_expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    # The form's one-time key: a double submit finds the booking it already made instead of making a second.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5), default="de")
    state: Mapped[str] = mapped_column(String(12), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_privacy_version: Mapped[int]
    consent_media: Mapped[bool] = mapped_column(default=False)
    # Agreed (a checkbox, off by default) to hear about the next edition of the series; optional messages need it.
    series_consent: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    event: Mapped[Event] = relationship()
    tickets: Mapped[list["Ticket"]] = relationship(back_populates="booking", order_by="Ticket.id")

    def hold_expired(self, now: datetime) -> bool:
        return self.state == "pending" and self.hold_expires_at is not None and self.hold_expires_at <= now

    def __repr__(self) -> str:
        return f"<Booking {self.id} {self.state}>"


class Ticket(db.Model):
    """One person's admission; its secret is the only content of the QR code."""

    __table_args__ = (Index("ix_ticket_event_state", "event_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    ticket_type_id: Mapped[int] = mapped_column(ForeignKey("ticket_type.id", ondelete="RESTRICT"), index=True)
    secret: Mapped[str] = mapped_column(String(64), unique=True, default=new_secret)
    # The private link to the ticket page; separate from the QR secret, so a photo of the QR cannot cancel the ticket.
    access_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    # The personal agenda's iCal feed: a third secret, read-only, because calendar apps store and share the URL.
    feed_token: Mapped[str | None] = mapped_column(String(64), unique=True, default=new_token)
    attendee_name: Mapped[str] = mapped_column(String(200))
    attendee_email: Mapped[str] = mapped_column(String(254), default="")
    organization: Mapped[str] = mapped_column(String(200), default="")
    stakeholder_group: Mapped[str] = mapped_column(String(20), default="other")
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(5), default="de")
    state: Mapped[str] = mapped_column(String(12), default="held")
    # Takes no seat from the public quotas (speakers, booth staff).
    is_complimentary: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    booking: Mapped[Booking | None] = relationship(back_populates="tickets")
    event: Mapped[Event] = relationship()
    ticket_type: Mapped[TicketType] = relationship()

    @property
    def is_valid(self) -> bool:
        return self.state == "valid"

    def __repr__(self) -> str:
        return f"<Ticket {self.id} {self.state}>"


class WaitlistEntry(db.Model):
    """A person waiting for a seat of a sold-out ticket type; offered a held seat when one frees up."""

    __table_args__ = (Index("ix_waitlist_queue", "ticket_type_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    ticket_type_id: Mapped[int] = mapped_column(ForeignKey("ticket_type.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    organization: Mapped[str] = mapped_column(String(200), default="")
    stakeholder_group: Mapped[str] = mapped_column(String(20), default="other")
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(5), default="de")
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_privacy_version: Mapped[int]
    consent_media: Mapped[bool] = mapped_column(default=False)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    ticket_type: Mapped[TicketType] = relationship()

    def offer_lapsed(self, now: datetime) -> bool:
        return self.state == "offered" and self.offer_expires_at is not None and self.offer_expires_at <= now
