"""The program: tracks, speakers with their availability, and contributions placed in rooms and time."""

from datetime import datetime, timedelta

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from events.models import Event, Room

FORMATS = ("keynote", "talk", "panel", "workshop", "deep_dive", "world_cafe")
CONTRIBUTION_STATES = ("submitted", "accepted", "rejected")
# Which kinds of room suit which format: a workshop on the main stage, or a keynote in the lounge, is a conflict.
ROOM_KINDS_FOR_FORMAT = {
    "keynote": ("stage",),
    "talk": ("stage", "workshop", "exhibition"),
    "panel": ("stage", "lounge"),
    "workshop": ("workshop",),
    "deep_dive": ("workshop", "lounge"),
    "world_cafe": ("cafe", "lounge"),
}

contribution_speaker = Table(
    "contribution_speaker",
    db.metadata,
    Column("contribution_id", ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True),
    Column("speaker_id", ForeignKey("speaker.id", ondelete="CASCADE"), primary_key=True),
)


class Track(db.Model):
    """A topic line through the program, with the colour the grid shows it in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    colour: Mapped[str] = mapped_column(String(7), default="#0b4f6c")

    event: Mapped[Event] = relationship()


class Speaker(db.Model):
    """A person on stage; their availability windows are what the conflict checker compares slots with."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organization: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    photo: Mapped[str] = mapped_column(String(200), default="")  # file name under instance/uploads
    # The speaker ticket (QR, badge) made when a contribution of theirs is accepted; it takes no public seat.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    availability: Mapped[list["Availability"]] = relationship(
        back_populates="speaker", order_by="Availability.starts_at", cascade="all, delete-orphan"
    )
    contributions: Mapped[list["Contribution"]] = relationship(
        secondary=contribution_speaker, back_populates="speakers", order_by="Contribution.starts_at"
    )


class Availability(db.Model):
    """A window in which a speaker can be scheduled."""

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    speaker: Mapped[Speaker] = relationship(back_populates="availability")


class Contribution(db.Model):
    """A keynote, talk, panel, workshop, deep dive or World Café; scheduled when it has a room and a start."""

    __table_args__ = (Index("ix_contribution_schedule", "event_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    abstract: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(20), default="talk")
    duration_minutes: Mapped[int] = mapped_column(default=30)
    language: Mapped[str] = mapped_column(String(5), default="de")
    track_id: Mapped[int | None] = mapped_column(ForeignKey("track.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(12), default="submitted")
    # Workshops that need sign-up have seats; None means open to all with a ticket.
    seats: Mapped[int | None]
    seats_taken: Mapped[int] = mapped_column(default=0)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised on every change of time, room or title: calendars (SEQUENCE) and "geändert" follow it.
    sequence: Mapped[int] = mapped_column(default=0)
    published_sequence: Mapped[int | None]
    # Submitted through the partner portal: the organization (partners.models declares the relationship), and the
    # organizers' answer to the submitter when they accept or reject it.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    review_message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    track: Mapped[Track | None] = relationship()
    room: Mapped[Room | None] = relationship()
    speakers: Mapped[list[Speaker]] = relationship(
        secondary=contribution_speaker, back_populates="contributions", order_by="Speaker.name"
    )

    @property
    def ends_at(self) -> datetime | None:
        return self.starts_at + timedelta(minutes=self.duration_minutes) if self.starts_at else None

    @property
    def is_scheduled(self) -> bool:
        return self.room_id is not None and self.starts_at is not None

    def mark_changed(self) -> None:
        """Raise the sequence (a new, unflushed contribution has none yet: the column default comes at insert)."""
        self.sequence = (self.sequence or 0) + 1

    @property
    def is_changed(self) -> bool:
        """Changed after the timetable was published: attendees see "geändert"."""
        return self.published_sequence is not None and self.sequence > self.published_sequence

    def __repr__(self) -> str:
        return f"<Contribution {self.id} {self.title[:30]}>"
