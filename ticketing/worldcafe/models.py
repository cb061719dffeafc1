"""World Café tables: the café of a `world_cafe` contribution, its tables, who takes part and what they chose, the
organizers' constraints, and its plans (a draft being edited and the published one attendees see)."""

from datetime import datetime, timedelta

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from events.models import Event
from events.program.models import Contribution
from ticketing.models import Ticket

PARTICIPATION = ("all", "ticket_types", "opt_in")
CONSTRAINT_KINDS = ("apart", "together", "fixed")
PLAN_STATES = ("draft", "published")
# The format's defaults; `moves` counts only when a re-plan has a previous plan.
DEFAULT_WEIGHTS = {"coincidence": 1.0, "preference": 1.0, "diversity": 5.0, "moves": 2.0}


class WorldCafe(db.Model):
    """The café of one World Café contribution: rounds, their timing, who takes part, how the plan is weighed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"), unique=True)
    rounds: Mapped[int] = mapped_column(default=3)
    round_minutes: Mapped[int] = mapped_column(default=20)
    pause_minutes: Mapped[int] = mapped_column(default=5)
    choice_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    participation: Mapped[str] = mapped_column(String(12), default="all")
    ticket_type_ids: Mapped[list] = mapped_column(JSON, default=list)
    weights: Mapped[dict] = mapped_column(JSON, default=lambda: dict(DEFAULT_WEIGHTS))
    # Rounds already held (the first `locked_rounds`): kept as they were in every later plan.
    locked_rounds: Mapped[int] = mapped_column(default=0)
    seed: Mapped[int] = mapped_column(default=1)
    # The latest solve started from the planner (a row of core.jobs' table), for its progress bar.
    job_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    contribution: Mapped[Contribution] = relationship()
    tables: Mapped[list["CafeTable"]] = relationship(
        back_populates="cafe", order_by="(CafeTable.position, CafeTable.id)", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        return self.contribution.title

    def round_starts(self) -> list[datetime | None]:
        """When each round begins (UTC), from the contribution's start; None while it is not scheduled."""
        start = self.contribution.starts_at
        step = timedelta(minutes=self.round_minutes + self.pause_minutes)
        return [start + i * step if start else None for i in range(self.rounds)]

    def choices_open(self, now: datetime) -> bool:
        return self.choice_deadline is None or now < self.choice_deadline

    def __repr__(self) -> str:
        return f"<WorldCafe {self.id}>"


class CafeTable(db.Model):
    """A table with its topic (none: a plain mixing table), the host who stays there, and its seats."""

    __table_args__ = (UniqueConstraint("cafe_id", "topic_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("world_cafe.id", ondelete="CASCADE"), index=True)
    topic_key: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    host_name: Mapped[str] = mapped_column(String(200), default="")
    seats: Mapped[int] = mapped_column(default=10)
    notes: Mapped[str] = mapped_column(String(200), default="")  # e.g. "stufenlos erreichbar"
    position: Mapped[int] = mapped_column(default=0)

    cafe: Mapped[WorldCafe] = relationship(back_populates="tables")

    def __repr__(self) -> str:
        return f"<CafeTable {self.id} {self.topic_key}>"


class CafeChoice(db.Model):
    """A ticket holder's ranked topics (topic keys, first = most wanted) for one café."""

    __table_args__ = (UniqueConstraint("cafe_id", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("world_cafe.id", ondelete="CASCADE"), index=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship()


class CafeOptIn(db.Model):
    """A ticket holder who wants to take part in a café that asks people to opt in."""

    cafe_id: Mapped[int] = mapped_column(ForeignKey("world_cafe.id", ondelete="CASCADE"), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CafeConstraint(db.Model):
    """An organizer's hard rule: tickets kept apart, kept together, or one ticket fixed to a table in a round."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("world_cafe.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    ticket_ids: Mapped[list] = mapped_column(JSON, default=list)
    round: Mapped[int | None]
    table_id: Mapped[int | None] = mapped_column(ForeignKey("cafe_table.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    table: Mapped[CafeTable | None] = relationship()


class CafePlan(db.Model):
    """A seating: per round, ticket id (str) -> table id (str), as the exchange format has it; one draft and one
    published plan per café."""

    __table_args__ = (UniqueConstraint("cafe_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("world_cafe.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    seats: Mapped[list] = mapped_column(JSON, default=list)
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    # Who a re-plan moved: [{"ticket": id, "round": r, "from": table id, "to": table id}, …]
    moves: Mapped[list] = mapped_column(JSON, default=list)
    # A re-plan on the day seats who checked in, not everyone registered: it is judged against that problem.
    from_checkins: Mapped[bool] = mapped_column(default=False)
    seed: Mapped[int | None]
    job_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cafe: Mapped[WorldCafe] = relationship()

    def table_of(self, ticket_id: int, round_index: int) -> int | None:
        """The table id of a ticket in a round (0-based), or None when not seated."""
        seats = self.seats[round_index] if round_index < len(self.seats) else {}
        table = seats.get(str(ticket_id))
        return int(table) if table is not None else None

    def __repr__(self) -> str:
        return f"<CafePlan {self.id} {self.state}>"
