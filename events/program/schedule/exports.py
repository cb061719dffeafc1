"""The machine-readable program, rendered from plain data: c3voc/frab schedule XML and JSON, and iCal feeds.

Pure renderers (no Flask, no DB): the views build a `ScheduleData` and pass it in. The formats follow the schemas
in `tests/fixtures/c3voc-schedule/` (schedule.xml.xsd and schema.json from https://c3voc.de/schedule/), which apps
such as Giggity and EventFahrplan read.
"""

import json
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from events.ical import CalendarEvent, render_calendar

GENERATOR = "Treffpunkt"
# Every guid is uuid5(namespace, "<kind>-<id>@<host>"): stable across exports, distinct between installations.
GUID_NAMESPACE = uuid.UUID("6f1c3c0e-4b8a-5d2e-9a51-2f0d7c1e8b42")
# c3voc room types; the rest of ours are "other".
ROOM_TYPES = {"stage": "stage", "workshop": "workshop"}
_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ø": "o", "Ø": "o"}
)


@dataclass(frozen=True)
class SchedulePerson:
    id: int
    guid: str
    public_name: str


@dataclass(frozen=True)
class ScheduleEvent:
    """One placed contribution; `starts_at` is aware (UTC as stored), shown in the conference's timezone."""

    id: int
    guid: str
    title: str
    subtitle: str
    abstract: str
    description: str
    language: str
    type: str
    track: str | None
    starts_at: datetime
    duration_minutes: int
    room: str
    slug: str
    persons: tuple[SchedulePerson, ...]
    url: str
    sequence: int = 0
    is_changed: bool = False


@dataclass(frozen=True)
class ScheduleRoom:
    name: str
    guid: str
    slug: str
    kind: str
    capacity: int | None = None


@dataclass(frozen=True)
class ScheduleTrack:
    name: str
    slug: str
    colour: str


@dataclass(frozen=True)
class ScheduleDay:
    """One conference day; `rooms` pairs each room name with its events in start order."""

    index: int  # from 1
    date: date
    starts_at: datetime
    ends_at: datetime
    rooms: tuple[tuple[str, tuple[ScheduleEvent, ...]], ...]


@dataclass(frozen=True)
class ScheduleData:
    title: str
    acronym: str
    start: date
    end: date
    timezone: str
    version: str
    base_url: str
    url: str
    venue: str
    rooms: tuple[ScheduleRoom, ...]
    tracks: tuple[ScheduleTrack, ...]
    days: tuple[ScheduleDay, ...]
    timeslot_minutes: int = 5

    @property
    def events(self) -> list[ScheduleEvent]:
        return [event for day in self.days for _, events in day.rooms for event in events]


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by '-' ("Eröffnung & KI" → "eroeffnung-ki")."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_UMLAUTS)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def acronym_for(slug: str) -> str:
    """A c3voc acronym from an event slug: [a-z0-9_], at least 4 characters ("noerd-2027" → "noerd_2027")."""
    acronym = re.sub(r"[^a-z0-9_]+", "_", slugify(slug) or "event").strip("_") or "event"
    return acronym.ljust(4, "_")


@lru_cache(maxsize=4096)  # every export of a 300-contribution schedule asks for the same slugs and guids again
def event_slug(acronym: str, contribution_id: int, title: str) -> str:
    """The c3voc event slug "<acronym>-<id>-<title words>", valid for both the XSD and the JSON schema."""
    words = slugify(title)[:60].strip("-") or "beitrag"
    return f"{acronym}-{contribution_id}-{words}"


@lru_cache(maxsize=4096)
def stable_guid(kind: str, id: int, host: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}-{id}@{host}"))


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)


# Apps poll the same schedule all day: the same content (frozen dataclasses, so the content is the key) is rendered
# once per process; any change of the data renders anew.
@lru_cache(maxsize=8)
def render_schedule_xml(data: ScheduleData) -> bytes:
    """The frab/c3voc schedule.xml: <schedule><version/><conference/><day><room><event/>…"""
    zone = ZoneInfo(data.timezone)
    root = ElementTree.Element("schedule")
    ElementTree.SubElement(root, "generator", name=GENERATOR)
    _text(root, "version", data.version)
    conference = ElementTree.SubElement(root, "conference")
    for tag, value in (
        ("title", data.title),
        ("acronym", data.acronym),
        ("start", data.start.isoformat()),
        ("end", data.end.isoformat()),
        ("days", str(len(data.days))),
        ("timeslot_duration", _hhmm(data.timeslot_minutes)),
        ("base_url", data.base_url),
        ("url", data.url),
        ("time_zone_name", data.timezone),
    ):
        _text(conference, tag, value)
    for track in data.tracks:
        ElementTree.SubElement(
            conference, "track", name=track.name, color=track.colour, slug=track.slug
        ).text = track.name
    room_guids = {room.name: room.guid for room in data.rooms}
    for day in data.days:
        day_element = ElementTree.SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=_local(day.starts_at, zone).isoformat(),
            end=_local(day.ends_at, zone).isoformat(),
        )
        for room_name, events in day.rooms:
            attributes = {"name": room_name}
            if room_name in room_guids:
                attributes["guid"] = room_guids[room_name]
            room_element = ElementTree.SubElement(day_element, "room", attributes)
            for event in events:
                _xml_event(room_element, event, zone)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _xml_event(parent: ElementTree.Element, event: ScheduleEvent, zone: ZoneInfo) -> None:
    element = ElementTree.SubElement(parent, "event", guid=event.guid, id=str(event.id))
    for tag, value in (
        ("room", event.room),
        ("title", event.title),
        ("subtitle", event.subtitle),
        ("type", event.type),
        ("date", _local(event.starts_at, zone).isoformat()),
        ("start", _local(event.starts_at, zone).strftime("%H:%M")),
        ("duration", _hhmm(event.duration_minutes)),
        ("abstract", event.abstract),
        ("slug", event.slug),
        ("track", event.track or ""),
        ("language", event.language),
        ("description", event.description),
        ("url", event.url),
    ):
        _text(element, tag, value)
    persons = ElementTree.SubElement(element, "persons")
    for person in event.persons:
        _text(persons, "person", person.public_name).attrib.update(id=str(person.id), guid=person.guid)
    ElementTree.SubElement(element, "links")
    ElementTree.SubElement(element, "attachments")


def _text(parent: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag)
    element.text = text
    return element


def schedule_json(data: ScheduleData) -> dict:
    """The c3voc schedule.json as a dict (see `render_schedule_json`)."""
    zone = ZoneInfo(data.timezone)
    conference = {
        "acronym": data.acronym,
        "title": data.title,
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
        "daysCount": len(data.days),
        "timeslot_duration": _hhmm(data.timeslot_minutes),
        "time_zone_name": data.timezone,
        "url": data.url,
        "tracks": [{"name": t.name, "slug": t.slug, "color": t.colour} for t in data.tracks],
        "rooms": [
            {
                "name": room.name,
                "slug": room.slug,
                "guid": room.guid,
                "type": ROOM_TYPES.get(room.kind, "other"),
                "capacity": room.capacity,
            }
            for room in data.rooms
        ],
        "days": [
            {
                "index": day.index,
                "date": day.date.isoformat(),
                "day_start": _local(day.starts_at, zone).isoformat(),
                "day_end": _local(day.ends_at, zone).isoformat(),
                "rooms": {name: [_json_event(event, zone) for event in events] for name, events in day.rooms},
            }
            for day in data.days
        ],
    }
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": GENERATOR},
        "schedule": {"version": data.version, "base_url": data.base_url, "conference": conference},
    }


def _json_event(event: ScheduleEvent, zone: ZoneInfo) -> dict:
    starts_at = _local(event.starts_at, zone)
    return {
        "guid": event.guid,
        "id": event.id,
        "date": starts_at.isoformat(),
        "start": starts_at.strftime("%H:%M"),
        "end": _local(event.starts_at + timedelta(minutes=event.duration_minutes), zone).isoformat(),
        "duration": _hhmm(event.duration_minutes),
        "room": event.room,
        "slug": event.slug,
        "url": event.url,
        "title": event.title,
        "subtitle": event.subtitle,
        "track": event.track,
        "type": event.type,
        "language": event.language,
        "abstract": event.abstract,
        "description": event.description,
        # FrabPerson (id, public_name): a "name" too would also match PretalxPerson, which the schema's oneOf forbids.
        "persons": [{"id": p.id, "guid": p.guid, "public_name": p.public_name} for p in event.persons],
        "links": [],
        "attachments": [],
    }


@lru_cache(maxsize=8)
def render_schedule_json(data: ScheduleData) -> str:
    return json.dumps(schedule_json(data), ensure_ascii=False, indent=2)


def calendar_events(data: ScheduleData, host: str, *, only: Iterable[int] | None = None) -> list[CalendarEvent]:
    """One CalendarEvent per scheduled contribution (or those in `only`); UID stable per contribution."""
    wanted = set(only) if only is not None else None
    return [
        CalendarEvent(
            uid=f"contribution-{event.id}@{host}",
            summary=event.title,
            starts_at=event.starts_at,
            ends_at=event.starts_at + timedelta(minutes=event.duration_minutes),
            timezone=data.timezone,
            location=", ".join(part for part in (event.room, data.venue) if part),
            description="\n\n".join(
                part for part in (", ".join(p.public_name for p in event.persons), event.abstract) if part
            ),
            url=event.url,
            sequence=event.sequence,
        )
        for event in data.events
        if wanted is None or event.id in wanted
    ]


def schedule_calendar(
    data: ScheduleData, host: str, *, only: Iterable[int] | None = None, stamp: datetime | None = None
) -> bytes:
    """The schedule (or the contributions in `only`) as an iCalendar file, reusing `events.ical.render_calendar`."""
    return render_calendar(calendar_events(data, host, only=only), name=data.title, stamp=stamp)
