"""The organizer's table of an event's contributions: search (title, speaker), filters, paging, all in SQL."""

from dataclasses import dataclass

from sqlalchemy import Select, String, and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from core.db import Page, page_of
from events.models import Event
from events.program.models import Contribution, Speaker, contribution_speaker

PER_PAGE = 50


@dataclass(frozen=True)
class ProgramFilter:
    """What the organizer looks for: text in the title or a speaker's name, one state, format, track and room, and
    whether the contribution is in the timetable (None: either)."""

    q: str = ""
    state: str | None = None
    format: str | None = None
    track_id: int | None = None
    room_id: int | None = None
    scheduled: bool | None = None

    def as_args(self) -> dict:
        """The filter as URL query arguments, so page links keep it."""
        scheduled = {True: "yes", False: "no"}.get(self.scheduled)
        args = {
            "q": self.q,
            "state": self.state,
            "format": self.format,
            "track": self.track_id,
            "room": self.room_id,
            "scheduled": scheduled,
        }
        return {name: value for name, value in args.items() if value}

    @property
    def is_set(self) -> bool:
        return bool(self.as_args())


def _contains(column, text: str):
    # lower() on both sides (SQLite's is Unicode-aware here, see core.db); autoescape: % and _ are looked for literally
    return func.lower(column, type_=String).contains(text.lower(), autoescape=True)


def contribution_query(event: Event, filters: ProgramFilter) -> Select:
    """The event's contributions matching `filters`, by title (id breaks ties, so paging is stable)."""
    query = select(Contribution).where(Contribution.event_id == event.id)
    if text := filters.q.strip():
        by_speaker = exists().where(
            contribution_speaker.c.contribution_id == Contribution.id,
            contribution_speaker.c.speaker_id == Speaker.id,
            _contains(Speaker.name, text),
        )
        query = query.where(or_(_contains(Contribution.title, text), by_speaker))
    if filters.state:
        query = query.where(Contribution.state == filters.state)
    if filters.format:
        query = query.where(Contribution.format == filters.format)
    if filters.track_id is not None:
        query = query.where(Contribution.track_id == filters.track_id)
    if filters.room_id is not None:
        query = query.where(Contribution.room_id == filters.room_id)
    placed = and_(Contribution.room_id.is_not(None), Contribution.starts_at.is_not(None))
    if filters.scheduled is True:
        query = query.where(placed)
    elif filters.scheduled is False:
        query = query.where(~placed)
    return query.order_by(func.lower(Contribution.title, type_=String), Contribution.id)


def contribution_page(event: Event, filters: ProgramFilter, number: int, per_page: int = PER_PAGE) -> Page:
    """One page of the matching contributions with their room, track and speakers (5 queries); a page number out of
    range shows the nearest page that exists."""
    options = (
        selectinload(Contribution.room),
        selectinload(Contribution.track),
        selectinload(Contribution.speakers),
    )
    return page_of(contribution_query(event, filters).options(*options), number, per_page)
