"""Events, the questions they ask attendees, and their rooms."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db

EVENT_STATUSES = ("draft", "published", "archived")
QUESTION_KINDS = ("text", "choice", "yesno")
ROOM_KINDS = ("stage", "workshop", "lounge", "exhibition", "cafe")


class Event(db.Model):
    """A conference or workshop day: where, when, and when people may register."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(60), default="Europe/Berlin")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registration_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    description: Mapped[str] = mapped_column(Text, default="")
    privacy_text: Mapped[str] = mapped_column(Text, default="")
    # Raised whenever the privacy text changes, so a booking's consent names the exact text it agreed to.
    privacy_version: Mapped[int] = mapped_column(default=1)
    # Shown with a required checkbox when booking: the event is photographed and filmed.
    media_notice: Mapped[str] = mapped_column(Text, default="")
    max_tickets_per_booking: Mapped[int] = mapped_column(default=5)
    reminder_days_before: Mapped[int] = mapped_column(default=3)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Editions of one series share this key (a copy keeps it): the series contacts of one edition hear of the next.
    series: Mapped[str] = mapped_column(String(80), default="", index=True)
    # When the timetable was last published; None while it is being built (the public schedule shows nothing then).
    schedule_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    questions: Mapped[list["Question"]] = relationship(
        back_populates="event", order_by="Question.position", cascade="all, delete-orphan"
    )
    rooms: Mapped[list["Room"]] = relationship(
        back_populates="event", order_by="Room.name", cascade="all, delete-orphan"
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, moment: datetime) -> datetime:
        """A stored UTC time in the event's timezone, for display."""
        return moment.astimezone(self.tz)

    @property
    def days(self) -> list[date]:
        """Every calendar day the event touches, in its own timezone."""
        first, last = self.local(self.starts_at).date(), self.local(self.ends_at).date()
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def registration_state(self, now: datetime) -> str:
        """'not_yet', 'open' or 'closed' at `now`."""
        return window_state(now, self.registration_opens_at, self.registration_closes_at)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Question(db.Model):
    """A question the event asks each attendee when booking (text, choice or yes/no)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10), default="text")
    # One choice per line; used only by kind "choice".
    choices_text: Mapped[str] = mapped_column(Text, default="")
    is_required: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship(back_populates="questions")

    @property
    def choices(self) -> list[str]:
        return choices_from_text(self.choices_text)


def choices_from_text(text: str) -> list[str]:
    """A choice question's answers, one per line as the organizers typed them."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def window_state(now: datetime, starts: datetime, ends: datetime) -> str:
    """'not_yet', 'open' or 'closed' at `now` for a window such as registration or a ticket type's sale."""
    if now < starts:
        return "not_yet"
    return "open" if now < ends else "closed"


class Room(db.Model):
    """A space at the venue: a stage, a workshop room, a lounge, an exhibition area or a café."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="stage")
    capacity: Mapped[int] = mapped_column(default=0)
    access_notes: Mapped[str] = mapped_column(String(300), default="")

    event: Mapped[Event] = relationship(back_populates="rooms")
