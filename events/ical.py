"""iCalendar (RFC 5545) files for events, days and schedules, rendered from plain data.

icalendar is imported where a calendar is rendered: it costs every web worker some 8 MB, and most never render one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//Treffpunkt//Treffpunkt//DE"


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: aware datetimes (UTC as stored) shown in the event's IANA timezone."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    location: str
    description: str
    url: str | None = None
    sequence: int = 0

    def __post_init__(self) -> None:
        # Invariant 5: a naive datetime would be read as floating local time by every client, so refuse it here.
        if self.starts_at.utcoffset() is None or self.ends_at.utcoffset() is None:
            raise ValueError("starts_at and ends_at must be timezone-aware")
        if self.ends_at < self.starts_at:
            raise ValueError("ends_at is before starts_at")
        ZoneInfo(self.timezone)  # fail early on an unknown timezone id


def render_calendar(events: list[CalendarEvent], *, name: str, stamp: datetime | None = None) -> bytes:
    """Render a METHOD:PUBLISH calendar with one VEVENT per event and a VTIMEZONE per timezone used.

    `stamp` is the DTSTAMP of every VEVENT (the time the feed was made); passing it makes the output reproducible.
    Without it, a calendar of exactly the same content is rendered once per process and served again.
    """
    if stamp is None:
        return _render_once(tuple(events), name)
    return _render(events, name, stamp)


@lru_cache(maxsize=16)
def _render_once(events: tuple[CalendarEvent, ...], name: str) -> bytes:
    """Calendar apps and conference apps poll the same feeds all day, and icalendar needs ~0.3 ms per VEVENT: a
    schedule of 300 contributions is rendered when its content changes, not on every poll. The key is the content
    itself (frozen dataclasses), so any change of a time, room, title or speaker renders anew; DTSTAMP then tells
    when this version of the calendar was made, as METHOD:PUBLISH defines it."""
    return _render(list(events), name, datetime.now(UTC))


def _render(events: list[CalendarEvent], name: str, stamp: datetime) -> bytes:
    from icalendar import Calendar

    stamp = stamp.astimezone(UTC)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("method", "PUBLISH")
    calendar.calendar_name = name
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    if events:
        # Transitions only for the years the events span keep the VTIMEZONE short but valid for every event.
        first = min(event.starts_at.astimezone(ZoneInfo(event.timezone)).year for event in events)
        last = max(event.ends_at.astimezone(ZoneInfo(event.timezone)).year for event in events)
        calendar.add_missing_timezones(first_date=date(first, 1, 1), last_date=date(last + 1, 1, 1))
    return calendar.to_ical()


def _vevent(event: CalendarEvent, stamp: datetime) -> Event:
    """Build the VEVENT for one event, with its times converted to the event's timezone (TZID)."""
    from icalendar import Event

    zone = ZoneInfo(event.timezone)
    return Event.new(
        uid=event.uid,
        stamp=stamp,
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        summary=event.summary,
        location=event.location or None,
        description=event.description or None,
        url=event.url,
        sequence=event.sequence,
    )
