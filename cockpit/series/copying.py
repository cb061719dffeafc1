"""Copy an edition of a series to a new first day: the set-up comes along, people do not.

Copied: the event's texts (description, privacy text, media notice) and settings, booking questions, rooms, tracks,
quotas and ticket types (with their links), check-in lists (not a workshop's door), the World Café (its contribution
as a program item without speakers, its tables and round settings; no participants, choices, constraints or plans),
partner packages, the call for contributions, the program settings and saved message templates. Every time and
day moves by the difference between the first days, on the event's wall clock (09:00 stays 09:00 across a change to
summer time). Not copied: bookings, tickets, waiting list, speakers, submitted contributions, organizations,
check-ins, messages. The copy is a draft of the same series."""

import copy
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, select

from cockpit.messages.models import MessageTemplate
from cockpit.series.errors import SeriesError
from core.db import utcnow
from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import Event, Question, Room
from events.program.models import Track
from events.program.planner.models import ProgramSettings
from events.services import EventDetails, EventError, create_event
from partners.models import ContributionCall, Package
from ticketing.models import CheckInList, Quota, TicketType
from ticketing.worldcafe.models import CafeTable, WorldCafe

ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
NOT_COPIED = {"created_at", "updated_at"}  # the copy's own


class Shift:
    """Moves times and days by whole days on the event's wall clock."""

    def __init__(self, tz: ZoneInfo, days: int):
        self.tz, self.delta = tz, timedelta(days=days)

    def time(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        wall = moment.astimezone(self.tz).replace(tzinfo=None) + self.delta
        return wall.replace(tzinfo=self.tz).astimezone(UTC)

    def day(self, day: date | None) -> date | None:
        return day + self.delta if day is not None else None

    def days_in(self, text: str) -> str:
        """Every ISO date in `text` moved (ticket types' valid days, program blocks of one day)."""
        return ISO_DAY.sub(lambda m: (date.fromisoformat(m.group(1)) + self.delta).isoformat(), text)


def copy_edition(
    source: Event | None, *, slug: str, name: str, first_day: date, actor: User | None, now: datetime | None = None
) -> Event:
    """A draft copy of `source` starting on `first_day`, in the same series, without people.
    :raises SeriesError: source missing, first day not after today, empty name, invalid or taken short name."""
    if source is None or db.session.get(Event, source.id) is None:
        raise SeriesError("source_missing")
    if first_day <= (now or utcnow()).astimezone(source.tz).date():
        raise SeriesError("day_not_future", "first_day")
    if not name.strip():
        raise SeriesError("name_empty", "name")
    shift = Shift(source.tz, (first_day - source.local(source.starts_at).date()).days)
    if not source.series:
        source.series = source.slug  # an edition from before series existed starts its series
    try:
        event = create_event(_details(source, shift, slug.strip(), name.strip()), actor=actor, series=source.series)
    except EventError as error:
        raise SeriesError(error.code, error.field) from None
    rooms = {r.id: _clone(r, event_id=event.id) for r in _rows(Room, source)}
    tracks = {t.id: _clone(t, event_id=event.id) for t in _rows(Track, source)}
    for question in _rows(Question, source):
        _clone(question, event_id=event.id)
    ticket_types = _copy_capacity(source, event, shift)
    db.session.flush()
    _copy_world_cafes(source, event, shift, rooms, tracks, ticket_types)
    _copy_settings(source, event, shift, rooms)
    db.session.flush()
    record_action(actor, "series.copy", f"{source.slug} → {event.slug}", subject=("event", event.id))
    return event


def _details(source: Event, shift: Shift, slug: str, name: str) -> EventDetails:
    return EventDetails(
        name=name,
        slug=slug,
        venue=source.venue,
        address=source.address,
        timezone=source.timezone,
        starts_at=shift.time(source.starts_at),
        ends_at=shift.time(source.ends_at),
        registration_opens_at=shift.time(source.registration_opens_at),
        registration_closes_at=shift.time(source.registration_closes_at),
        description=source.description,
        privacy_text=source.privacy_text,
        media_notice=source.media_notice,
        max_tickets_per_booking=source.max_tickets_per_booking,
        reminder_days_before=source.reminder_days_before,
    )


def _copy_capacity(source: Event, event: Event, shift: Shift) -> dict[int, TicketType]:
    """Quotas (no seat taken), ticket types drawing from the copied quotas, and check-in lists; old id → new type."""
    quotas = {q.id: _clone(q, event_id=event.id, seats_taken=0) for q in _rows(Quota, source)}
    ticket_types = {}
    for old in _rows(TicketType, source):
        new = _clone(
            old,
            event_id=event.id,
            sale_starts_at=shift.time(old.sale_starts_at),
            sale_ends_at=shift.time(old.sale_ends_at),
            valid_days_text=shift.days_in(old.valid_days_text),
        )
        new.quotas = [quotas[q.id] for q in old.quotas]
        ticket_types[old.id] = new
    db.session.flush()
    for door in _rows(CheckInList, source):
        if door.contribution_id is None:  # a workshop's door belongs to a contribution that is not copied
            new_type = ticket_types.get(door.ticket_type_id)
            _clone(door, event_id=event.id, day=shift.day(door.day), ticket_type_id=new_type and new_type.id)
    return ticket_types


def _copy_world_cafes(source, event, shift, rooms, tracks, ticket_types) -> None:
    """Each café with its program item (time moved, no speakers or partner), tables without hosts, round settings."""
    for cafe in _rows(WorldCafe, source):
        item = cafe.contribution
        room, track = rooms.get(item.room_id), tracks.get(item.track_id)
        new_item = _clone(
            item,
            event_id=event.id,
            room_id=room and room.id,
            track_id=track and track.id,
            starts_at=shift.time(item.starts_at),
            organization_id=None,
            review_message="",
            seats_taken=0,
            sequence=0,
            published_sequence=None,
        )
        db.session.flush()
        new_cafe = _clone(
            cafe,
            event_id=event.id,
            contribution_id=new_item.id,
            choice_deadline=shift.time(cafe.choice_deadline),
            ticket_type_ids=[ticket_types[i].id for i in cafe.ticket_type_ids if i in ticket_types],
            locked_rounds=0,
            job_id=None,
        )
        db.session.flush()
        for table in db.session.scalars(select(CafeTable).where(CafeTable.cafe_id == cafe.id)):
            _clone(table, cafe_id=new_cafe.id, host_name="")  # hosts are people: named again for the new edition


def _copy_settings(source: Event, event: Event, shift: Shift, rooms: dict[int, Room]) -> None:
    """Partner packages, the call for contributions, program settings and saved message templates."""
    for package in _rows(Package, source):
        _clone(package, event_id=event.id)
    for call in _rows(ContributionCall, source):
        _clone(call, event_id=event.id, opens_at=shift.time(call.opens_at), deadline_at=shift.time(call.deadline_at))
    for settings in _rows(ProgramSettings, source):
        room_ids = settings.workshop_room_ids
        _clone(
            settings,
            event_id=event.id,
            blocks_text=shift.days_in(settings.blocks_text),
            workshop_room_ids=None if room_ids is None else [rooms[i].id for i in room_ids if i in rooms],
        )
    for template in _rows(MessageTemplate, source):
        _clone(template, event_id=event.id)


def _rows(model, source: Event) -> list:
    return list(db.session.scalars(select(model).where(model.event_id == source.id).order_by(*_key(model))))


def _key(model):
    return inspect(model).primary_key


def _clone(row, **values):
    """A new row of the same model with `row`'s column values (JSON values copied), except its primary key, its
    own timestamps and `values`."""
    mapper = inspect(type(row))
    data = {
        attribute.key: copy.deepcopy(getattr(row, attribute.key))
        for attribute in mapper.column_attrs
        if attribute.key not in NOT_COPIED and not any(column.primary_key for column in attribute.columns)
    }
    clone = type(row)(**(data | values))
    db.session.add(clone)
    return clone
