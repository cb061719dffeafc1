"""An event's program settings: reading the blocks text, saving settings, expected audiences and pins."""

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.errors import DomainError
from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import Event
from events.program.models import Contribution
from events.program.planner.models import ContributionPlanning, ProgramSettings

BLOCK = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")
DAY_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*:\s*(.*)$")
GRID_CHOICES = (5, 10, 15, 20, 30, 60)

SETTINGS_MESSAGES = {
    "block_malformed": _l("“%(part)s” is not a block such as 09:00-10:30."),
    "block_empty": _l("The block %(part)s ends before it starts."),
    "blocks_overlap": _l("The blocks %(first)s and %(second)s overlap."),
    "block_day_unknown": _l("%(day)s is not a day of the event."),
    "block_day_twice": _l("The day %(day)s has two lines."),
    "no_blocks": _l("Give at least one block, such as 09:00-12:30."),
    "room_of_other_event": _l("Choose only rooms of this event."),
    "grid_unknown": _l("Choose one of the offered time grids."),
    "contribution_of_other_event": _l("Choose only contributions of this event."),
    "proposal_running": _l("A proposal is being computed already; wait for it, or discard it."),
    "proposal_not_ready": _l("This proposal cannot be applied: it is not ready, or was applied or discarded."),
    "proposal_decided": _l("This proposal was already applied or discarded."),
    "program_changed": _l(
        "The program changed since this proposal was computed (contributions moved, changed, added or removed: "
        "%(count)s). Nothing was applied; compute a new proposal."
    ),
}


class PlannerError(DomainError):
    """A planner rule was broken: `code` names it, `params` fill its message."""

    def __init__(self, code: str, field: str | None = None, **params):
        super().__init__(code, field)
        self.params = params

    @property
    def message(self) -> str:
        return str(SETTINGS_MESSAGES[self.code]) % self.params if self.code in SETTINGS_MESSAGES else self.code


@dataclass(frozen=True)
class Settings:
    """The settings as the planner uses them (defaults filled in)."""

    blocks: dict[date, list[tuple[int, int]]]
    time_grid_minutes: int
    workshop_room_ids: frozenset[int]
    attendee_conflict_weight: float
    track_break_weight: float
    may_move_published: bool


def parse_blocks(text: str, days: list[date]) -> dict[date, list[tuple[int, int]]]:
    """The blocks of each day from lines "09:00-10:30, 11:00-12:30" (every day) and "2027-05-26: 09:00-12:30"
    (that day only); minutes after midnight, sorted. Days without a line get the common blocks; {} for no text.

    :raises PlannerError: block_malformed, block_empty, blocks_overlap, block_day_unknown, block_day_twice, no_blocks.
    """
    common: list[tuple[int, int]] | None = None
    per_day: dict[date, list[tuple[int, int]]] = {}
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        if match := DAY_PREFIX.match(line):
            day = _day(match[1], days)
            if day in per_day:
                raise PlannerError("block_day_twice", "blocks_text", day=day.isoformat())
            per_day[day] = _blocks(match[2])
        elif common is None:
            common = _blocks(line)
        else:
            common = sorted(common + _blocks(line))
            _check_overlaps(common)
    if common is None and not per_day:
        return {}
    return {day: per_day.get(day, common or []) for day in days if per_day.get(day, common)}


def format_minutes(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _day(text: str, days: list[date]) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day not in days:
        raise PlannerError("block_day_unknown", "blocks_text", day=text)
    return day


def _blocks(text: str) -> list[tuple[int, int]]:
    blocks = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        match = BLOCK.match(part)
        if not match:
            raise PlannerError("block_malformed", "blocks_text", part=part)
        start_h, start_m, end_h, end_m = (int(g) for g in match.groups())
        if start_m > 59 or end_m > 59 or start_h * 60 + start_m > 1440 or end_h * 60 + end_m > 1440:
            raise PlannerError("block_malformed", "blocks_text", part=part)
        start, end = start_h * 60 + start_m, end_h * 60 + end_m
        if end <= start:
            raise PlannerError("block_empty", "blocks_text", part=part)
        blocks.append((start, end))
    if not blocks:
        raise PlannerError("no_blocks", "blocks_text")
    blocks.sort()
    _check_overlaps(blocks)
    return blocks


def _check_overlaps(blocks: list[tuple[int, int]]) -> None:
    for (a_start, a_end), (b_start, b_end) in zip(blocks, blocks[1:], strict=False):
        if b_start < a_end:
            first, second = (
                f"{format_minutes(s)}-{format_minutes(e)}" for s, e in ((a_start, a_end), (b_start, b_end))
            )
            raise PlannerError("blocks_overlap", "blocks_text", first=first, second=second)


def stored_settings(event: Event) -> ProgramSettings | None:
    return db.session.get(ProgramSettings, event.id)


def settings_of(event: Event) -> Settings:
    """The event's settings with defaults: one block a day from opening to closing, the workshop-kind rooms."""
    stored = stored_settings(event)
    blocks = parse_blocks(stored.blocks_text, event.days) if stored else {}
    if not blocks:
        opens, closes = event.local(event.starts_at), event.local(event.ends_at)
        start, end = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute or 1440
        blocks = {day: [(start, end)] for day in event.days} if end > start else {}
    if stored is not None and stored.workshop_room_ids is not None:
        workshop_rooms = frozenset(stored.workshop_room_ids)
    else:
        workshop_rooms = frozenset(room.id for room in event.rooms if room.kind == "workshop")
    return Settings(
        blocks=blocks,
        time_grid_minutes=stored.time_grid_minutes if stored else 15,
        workshop_room_ids=workshop_rooms,
        attendee_conflict_weight=stored.attendee_conflict_weight if stored else 1.0,
        track_break_weight=stored.track_break_weight if stored else 20.0,
        may_move_published=stored.may_move_published if stored else False,
    )


def save_settings(
    event: Event,
    *,
    blocks_text: str,
    time_grid_minutes: int,
    workshop_room_ids: list[int],
    attendee_conflict_weight: float,
    track_break_weight: float,
    may_move_published: bool,
    actor: User | None,
) -> ProgramSettings:
    """Store the event's program settings.

    :raises PlannerError: a blocks text that cannot be read (see parse_blocks), room_of_other_event, grid_unknown.
    """
    parse_blocks(blocks_text, event.days)
    if time_grid_minutes not in GRID_CHOICES:
        raise PlannerError("grid_unknown", "time_grid_minutes")
    own_rooms = {room.id for room in event.rooms}
    if not set(workshop_room_ids) <= own_rooms:
        raise PlannerError("room_of_other_event", "workshop_room_ids")
    stored = stored_settings(event) or ProgramSettings(event_id=event.id)
    stored.blocks_text = "\n".join(line.strip() for line in blocks_text.strip().splitlines() if line.strip())
    stored.time_grid_minutes = time_grid_minutes
    stored.workshop_room_ids = sorted(set(workshop_room_ids))
    stored.attendee_conflict_weight = float(attendee_conflict_weight)
    stored.track_break_weight = float(track_break_weight)
    stored.may_move_published = may_move_published
    db.session.add(stored)
    record_action(actor, "program.planner_settings", event.slug)
    return stored


def planning_of(event: Event) -> dict[int, ContributionPlanning]:
    """The event's planning rows by contribution id."""
    query = select(ContributionPlanning).join(Contribution).where(Contribution.event_id == event.id)
    return {row.contribution_id: row for row in db.session.scalars(query)}


def save_audience(event: Event, values: dict[int, tuple[int | None, bool]], *, actor: User | None) -> None:
    """Store each contribution's expected audience (None: counted from agendas or estimated) and pin.

    :raises PlannerError: contribution_of_other_event.
    """
    own = set(db.session.scalars(select(Contribution.id).where(Contribution.event_id == event.id)))
    if not set(values) <= own:
        raise PlannerError("contribution_of_other_event")
    rows = planning_of(event)
    for contribution_id, (audience, pinned) in values.items():
        row = rows.get(contribution_id)
        if row is None:
            if audience is None and not pinned:
                continue
            row = ContributionPlanning(contribution_id=contribution_id)
            db.session.add(row)
        row.expected_audience, row.is_pinned = audience, pinned
    record_action(actor, "program.planner_audience", event.slug)
