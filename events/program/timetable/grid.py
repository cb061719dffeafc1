"""The organizer's timetable grid: one day as rooms × five-minute rows, the tray of accepted contributions not yet
placed, every conflict of the event in words, and reading a move that the grid sends (drag and drop or keyboard)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only, selectinload

from core.extensions import db
from events.messages import message_for
from events.models import Event, Room
from events.program.conflict_texts import conflict_text
from events.program.models import Contribution, Speaker
from events.program.placing import ProgramError, conflicts_among
from planning.timetable.conflicts import Conflict

SLOT_MINUTES = 5  # one grid row; drops snap to it
MOVE_ERROR_MESSAGES = {
    "move_malformed": _l("The move could not be read. Please reload the page and try again."),
    "contribution_unknown": _l("This contribution is not part of this event."),
    "room_unknown": _l("This room is not part of this event."),
    "time_outside_event": _l("Choose a start time on one of the event's days."),
}


def move_message(code: str) -> str:
    text = MOVE_ERROR_MESSAGES.get(code)
    return str(text) if text is not None else message_for(code)


@dataclass(frozen=True)
class Program:
    """An event's rooms and accepted contributions (with track and speakers), loaded once for a page or a move."""

    event: Event
    rooms: list[Room]
    contributions: list[Contribution]

    @property
    def placed(self) -> list[Contribution]:
        return [c for c in self.contributions if c.room_id is not None and c.starts_at is not None]

    def conflicts(self) -> list[Conflict]:
        return conflicts_among(self.event, self.placed)


# What the grid, the conflict check and a move read: not the abstract, nor the timestamps (their conversion from the
# database costs as much as the rest of a row).
GRID_COLUMNS = ("title", "format", "duration_minutes", "language", "track_id", "state", "seats", "room_id", "starts_at",
                "sequence")  # fmt: skip


def load_program(event: Event) -> Program:
    """Three queries: rooms, accepted contributions with their tracks, their speakers (the conflict check adds the
    speakers' availability)."""
    rooms = list(db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.name, Room.id)))
    query = (
        select(Contribution)
        .where(Contribution.event_id == event.id, Contribution.state == "accepted")
        .options(
            load_only(*(getattr(Contribution, name) for name in GRID_COLUMNS)),
            joinedload(Contribution.room),
            joinedload(Contribution.track),
            selectinload(Contribution.speakers).load_only(Speaker.name),
        )
        .order_by(Contribution.starts_at, Contribution.title, Contribution.id)
    )
    return Program(event, rooms, list(db.session.scalars(query).unique()))


@dataclass(frozen=True)
class ConflictItem:
    """A conflict as the page lists it: a sentence and the contributions it is about."""

    conflict: Conflict
    text: str
    contributions: list[Contribution]


def describe(conflicts: list[Conflict], program: Program) -> list[ConflictItem]:
    by_id = {c.id: c for c in program.contributions}
    titles = {c.id: c.title for c in program.contributions}
    speakers = {s.id: s.name for c in program.contributions for s in c.speakers}
    return [
        ConflictItem(conflict, conflict_text(conflict, titles, speakers), [by_id[i] for i in conflict.contribution_ids])
        for conflict in conflicts
    ]


def conflict_marks(conflicts: list[Conflict]) -> dict[int, str]:
    """Per contribution in conflict: "error", or "warning" when it has only warnings."""
    marks: dict[int, str] = {}
    for conflict in conflicts:
        for contribution_id in conflict.contribution_ids:
            if marks.get(contribution_id) != "error":
                marks[contribution_id] = conflict.severity
    return marks


@dataclass(frozen=True)
class Placement:
    """A block of the grid: its contribution, its start as minutes after local midnight, its CSS grid area."""

    contribution: Contribution
    minute: int
    area: str


@dataclass
class DayGrid:
    """One day: the first row's time (local), the number of five-minute rows, each room's column, the 15-minute lines
    and the blocks."""

    day: date
    starts: datetime
    rows: int
    columns: dict[int, int]  # room id → grid column; column 1 holds the times
    lines: list[tuple[datetime, int]] = field(default_factory=list)  # (time of the line, its grid row)
    blocks: list[Placement] = field(default_factory=list)

    @property
    def first_minute(self) -> int:
        return self.starts.hour * 60 + self.starts.minute

    def row(self, moment: datetime) -> int:
        """The grid row of a time; row 1 holds the room names."""
        return int((moment.astimezone(self.starts.tzinfo) - self.starts) / timedelta(minutes=SLOT_MINUTES)) + 2

    def place(self, contribution: Contribution) -> Placement:
        local = contribution.starts_at.astimezone(self.starts.tzinfo)
        span = max(1, contribution.duration_minutes // SLOT_MINUTES)
        area = f"grid-row: {self.row(local)} / span {span}; grid-column: {self.columns[contribution.room_id]}"
        return Placement(contribution, local.hour * 60 + local.minute, area)


def day_grid(program: Program, day: date) -> DayGrid:
    """The event's hours on `day`, widened to whole hours around anything placed earlier or later."""
    event = program.event
    opens = datetime.combine(day, event.local(event.starts_at).time(), event.tz)
    closes_at = event.local(event.ends_at).time()
    closes = datetime.combine(day, closes_at, event.tz) if closes_at > time(0) else opens.replace(hour=23, minute=55)
    day_start = datetime.combine(day, time(0), event.tz)
    placed = [c for c in program.placed if day_start <= c.starts_at < day_start + timedelta(days=1)]
    first = min([opens, *(event.local(c.starts_at) for c in placed)]).replace(minute=0)
    last = max([closes, *(event.local(c.ends_at) for c in placed)])
    last = min(last, day_start + timedelta(days=1))  # a block running past midnight is cut at the grid's end
    rows = max(1, int((last - first) / timedelta(minutes=SLOT_MINUTES)))
    grid = DayGrid(day, first, rows, columns={room.id: index + 2 for index, room in enumerate(program.rooms)})
    grid.blocks = [grid.place(c) for c in placed]
    line = first
    while line < last:
        grid.lines.append((line, grid.row(line)))
        line += timedelta(minutes=15)
    return grid


def chosen_day(event: Event, value: str | None) -> date:
    """The day asked for in the query string; the first day when it is missing or not a day of the event."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return event.days[0]
    return day if day in event.days else event.days[0]


@dataclass(frozen=True)
class Move:
    """A move read from the grid: `room` and `starts_at` are None when the contribution goes back to the tray."""

    contribution: Contribution
    room: Room | None
    starts_at: datetime | None


def read_move(program: Program, payload) -> Move:
    """A move as JSON: {"contribution_id": 12, "room_id": 3, "starts_at": "2026-05-27T10:30"} with the start as
    wall-clock time in the event's timezone (snapped down to five minutes), or {"contribution_id": 12, "room_id": null}
    for the tray. Only the event's own contributions and rooms, and only times on the event's days.

    :raises ProgramError: move_malformed, contribution_unknown, room_unknown, time_outside_event, not_accepted.
    """
    if not isinstance(payload, dict):
        raise ProgramError("move_malformed")
    contribution_id, room_id = payload.get("contribution_id"), payload.get("room_id")
    if not _is_id(contribution_id) or not (room_id is None or _is_id(room_id)):
        raise ProgramError("move_malformed")
    contribution = next((c for c in program.contributions if c.id == contribution_id), None)
    if contribution is None:
        owned = db.session.get(Contribution, contribution_id)
        raise ProgramError("not_accepted" if owned and owned.event_id == program.event.id else "contribution_unknown")
    if room_id is None:
        return Move(contribution, None, None)
    room = next((r for r in program.rooms if r.id == room_id), None)
    if room is None:
        raise ProgramError("room_unknown")
    return Move(contribution, room, _start_time(program.event, payload.get("starts_at")))


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def _start_time(event: Event, value) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise ProgramError("move_malformed")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ProgramError("move_malformed") from None
    local = event.local(moment) if moment.tzinfo else moment.replace(tzinfo=event.tz)
    if local.date() not in event.days:
        raise ProgramError("time_outside_event")
    local = local.replace(minute=local.minute - local.minute % SLOT_MINUTES, second=0, microsecond=0)
    return local.astimezone(UTC)
