"""Building the timetable: place, move and unschedule contributions, list the conflicts, publish and withdraw.

Every change of a contribution's room or time raises its `sequence`, so calendars update (iCal SEQUENCE) and
attendees see "geändert" once the timetable is published.
"""

from datetime import datetime, time

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from core.errors import DomainError
from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import Event, Room
from events.program.models import ROOM_KINDS_FOR_FORMAT, Availability, Contribution, Speaker
from planning.timetable.conflicts import Conflict, Rules, Slot, find_conflicts


class ProgramError(DomainError):
    """A program rule was broken; `code` names it."""


def schedule(contribution: Contribution, room: Room, starts_at: datetime, *, actor: User | None) -> Contribution:
    """Place (or move) an accepted contribution. Conflicts do not block: the grid shows them to be solved.

    :raises ProgramError: not_accepted, room_of_other_event.
    """
    if contribution.state != "accepted":
        raise ProgramError("not_accepted")
    if room.event is not contribution.event:  # objects, not ids: a new contribution has no ids before a flush
        raise ProgramError("room_of_other_event", "room_id")
    if (contribution.room, contribution.starts_at) != (room, starts_at):
        contribution.room, contribution.starts_at = room, starts_at
        contribution.mark_changed()
        record_action(actor, "contribution.schedule", f"{contribution.id} → {room.name} {starts_at.isoformat()}")
    return contribution


def unschedule(contribution: Contribution, *, actor: User | None) -> Contribution:
    """Take a contribution out of the timetable (it stays accepted)."""
    if contribution.room is not None or contribution.starts_at is not None:
        contribution.room, contribution.starts_at = None, None
        contribution.mark_changed()
        record_action(actor, "contribution.unschedule", str(contribution.id))
    return contribution


def publish_schedule(event: Event, *, now: datetime, actor: User | None) -> None:
    """Show the timetable to attendees; from now on later changes are marked "geändert"."""
    event.schedule_published_at = now
    db.session.execute(
        update(Contribution)
        .where(Contribution.event_id == event.id)
        .values(published_sequence=Contribution.sequence)
        .execution_options(synchronize_session="fetch")
    )
    record_action(actor, "schedule.publish", event.slug)


def withdraw_schedule(event: Event, *, actor: User | None) -> None:
    event.schedule_published_at = None
    record_action(actor, "schedule.withdraw", event.slug)


def scheduled_contributions(event: Event) -> list[Contribution]:
    """The event's placed contributions with rooms and speakers loaded (one query each, not one per row)."""
    query = (
        select(Contribution)
        .where(
            Contribution.event_id == event.id, Contribution.room_id.is_not(None), Contribution.starts_at.is_not(None)
        )
        .options(selectinload(Contribution.speakers), selectinload(Contribution.room))
        .order_by(Contribution.starts_at, Contribution.room_id)
    )
    return list(db.session.scalars(query))


def event_rules(event: Event, speakers: list[Speaker]) -> Rules:
    """The event's opening hours per day and the speakers' availability windows."""
    opens, closes = event.local(event.starts_at).time(), event.local(event.ends_at).time()
    days = [
        (
            datetime.combine(day, opens, event.tz),
            datetime.combine(day, closes if closes > time(0) else time.max, event.tz),
        )
        for day in event.days
    ]
    availability = {s.id: [(w.starts_at, w.ends_at) for w in s.availability] for s in speakers if s.availability}
    return Rules(days=days, availability=availability, room_kinds_for_format=ROOM_KINDS_FOR_FORMAT)


def timetable_conflicts(event: Event) -> list[Conflict]:
    """Every conflict of the event's timetable as it stands."""
    return conflicts_among(event, scheduled_contributions(event))


def conflicts_among(event: Event, contributions: list[Contribution]) -> list[Conflict]:
    """The conflicts of these placed contributions (rooms and speakers loaded), for a page that has loaded them."""
    speaker_ids = {s.id for c in contributions for s in c.speakers}
    rules = event_rules(event, [])
    # Plain rows rather than Speaker objects with their windows: a fifth of the cost on a 300-contribution grid.
    windows = select(Availability.speaker_id, Availability.starts_at, Availability.ends_at).where(
        Availability.speaker_id.in_(speaker_ids)
    )
    for speaker_id, starts_at, ends_at in db.session.execute(windows.order_by(Availability.starts_at)):
        rules.availability.setdefault(speaker_id, []).append((starts_at, ends_at))
    slots = [
        Slot(
            c.id,
            c.starts_at,
            c.ends_at,
            c.room_id,
            c.room.kind,
            c.room.capacity,
            c.format,
            c.seats,
            tuple(s.id for s in c.speakers),
        )  # fmt: skip
        for c in contributions
    ]
    return find_conflicts(slots, rules)
