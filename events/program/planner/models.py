"""The planner's tables: an event's program settings, a contribution's planning data, and the proposals."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from events.models import Event
from events.program.models import Contribution

PROPOSAL_STATES = ("queued", "ready", "failed", "applied", "discarded")


class ProgramSettings(db.Model):
    """How an event's days are planned: blocks between breaks, the time grid, workshop rooms and the weights."""

    __tablename__ = "program_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    # Lines "09:00-10:30, 11:00-12:30" (every day) or "2027-05-26: 09:00-12:30, 13:30-17:00" (that day); empty: the
    # event's opening hours as one block a day.
    blocks_text: Mapped[str] = mapped_column(Text, default="")
    time_grid_minutes: Mapped[int] = mapped_column(default=15)
    # Room ids; None until chosen, which means the rooms of the kind "workshop".
    workshop_room_ids: Mapped[list | None] = mapped_column(JSON)
    attendee_conflict_weight: Mapped[float] = mapped_column(default=1.0)
    track_break_weight: Mapped[float] = mapped_column(default=20.0)
    # Placements of a published timetable stay where they are unless the team allows moving them.
    may_move_published: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()


class ContributionPlanning(db.Model):
    """The program team's word on one contribution: its expected audience (None: counted or estimated) and whether
    its placement is pinned by hand."""

    __tablename__ = "contribution_planning"
    __table_args__ = (CheckConstraint("expected_audience IS NULL OR expected_audience >= 0", name="audience"),)

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contribution.id", ondelete="CASCADE"), primary_key=True)
    expected_audience: Mapped[int | None]
    is_pinned: Mapped[bool] = mapped_column(default=False)

    contribution: Mapped[Contribution] = relationship()


class TimetableProposal(db.Model):
    """A timetable the planner proposes for an event (or one day of it), with the program it was computed from
    (`problem`, `basis`: each contribution's room, start and sequence then) and its figures before and after."""

    __tablename__ = "timetable_proposal"
    __table_args__ = (CheckConstraint(f"state IN {PROPOSAL_STATES!r}", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    day: Mapped[date | None] = mapped_column(Date)
    seconds: Mapped[int] = mapped_column(default=30)
    seed: Mapped[int] = mapped_column(default=0)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    problem: Mapped[dict] = mapped_column(JSON)
    basis: Mapped[dict] = mapped_column(JSON)
    timetable: Mapped[dict | None] = mapped_column(JSON)
    figures_before: Mapped[dict | None] = mapped_column(JSON)
    figures_after: Mapped[dict | None] = mapped_column(JSON)
    # How the search went: reason ("done", "time", "cancelled", "trivial"), seconds_to_best, iterations_done.
    search: Mapped[dict | None] = mapped_column(JSON)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_params: Mapped[dict | None] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()

    @property
    def is_open(self) -> bool:
        """Still to be decided: computing, or ready to apply or discard."""
        return self.state in ("queued", "ready")

    def __repr__(self) -> str:
        return f"<TimetableProposal {self.id} {self.state}>"
