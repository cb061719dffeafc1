"""Organizer verbs for the program's parts: rooms, tracks, speakers (with availability) and contributions.

Each `save_*` creates (or, given the existing object, updates) one object of `event`, checks the program's rules and
records an audit entry. Rule violations raise `ProgramError` with the form field they belong to. No commits here.
"""

import re
from collections.abc import Sequence
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from core.extensions import db
from core.models import User
from core.services import record_action
from events.models import ROOM_KINDS, Event, Room
from events.program.models import CONTRIBUTION_STATES, FORMATS, Availability, Contribution, Speaker, Track
from events.program.placing import ProgramError
from events.program.signals import speakers_changed

LANGUAGES = ("de", "en")
MIN_DURATION, MAX_DURATION = 5, 480
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")

# To be merged into events.messages.ERROR_MESSAGES.
PROGRAM_ERROR_MESSAGES = {
    "name_required": _l("Please enter a name."),
    "room_kind_unknown": _l("This kind of room is unknown."),
    "colour_invalid": _l("Give the colour as #rrggbb, e.g. #0b4f6c."),
    "availability_ends_before_start": _l("Each availability window must end after it starts."),
    "availability_outside_event": _l("Availability windows must lie within the event's days."),
    "title_required": _l("Please enter a title."),
    "format_unknown": _l("This format is unknown."),
    "duration_out_of_range": _l("The duration must be between 5 and 480 minutes."),
    "language_unknown": _l("This language is not offered."),
    "track_of_other_event": _l("Choose a track of this event."),
    "speaker_of_other_event": _l("Choose only speakers of this event."),
    "seats_out_of_range": _l("A workshop needs at least one seat; leave the field empty for open access."),
    "seats_only_for_workshops": _l("Only workshops can have seats to sign up for."),
    "seats_below_taken": _l("More seats are already taken than this number allows."),
    "state_unknown": _l("This state is unknown."),
    "not_accepted": _l("Only accepted contributions can be placed in the timetable."),
    "room_of_other_event": _l("Choose a room of this event."),
}


def save_room(
    event: Event,
    *,
    name: str,
    kind: str,
    capacity: int,
    access_notes: str = "",
    room: Room | None = None,
    actor: User | None,
) -> Room:
    """:raises ProgramError: name_required, room_kind_unknown, capacity_negative."""
    name = name.strip()
    if not name:
        raise ProgramError("name_required", "name")
    if kind not in ROOM_KINDS:
        raise ProgramError("room_kind_unknown", "kind")
    if capacity < 0:
        raise ProgramError("capacity_negative", "capacity")
    if room is None:
        room = Room(event=event)
        db.session.add(room)
    room.name, room.kind, room.capacity, room.access_notes = name, kind, capacity, access_notes.strip()
    db.session.flush()
    record_action(actor, "room.save", f"{event.slug}/{room.id} {name}")
    return room


def save_track(event: Event, *, name: str, colour: str, track: Track | None = None, actor: User | None) -> Track:
    """:raises ProgramError: name_required, colour_invalid."""
    name = name.strip()
    if not name:
        raise ProgramError("name_required", "name")
    if not COLOUR_PATTERN.match(colour):
        raise ProgramError("colour_invalid", "colour")
    if track is None:
        track = Track(event=event)
        db.session.add(track)
    track.name, track.colour = name, colour.lower()
    db.session.flush()
    record_action(actor, "track.save", f"{event.slug}/{track.id} {name}")
    return track


def save_speaker(
    event: Event,
    *,
    name: str,
    organization: str = "",
    bio: str = "",
    email: str = "",
    availability: Sequence[tuple[datetime, datetime]] = (),
    speaker: Speaker | None = None,
    actor: User | None,
) -> Speaker:
    """Save a speaker; `availability` (aware start and end pairs) replaces their windows. None means always.

    :raises ProgramError: name_required, availability_ends_before_start, availability_outside_event.
    """
    name = name.strip()
    if not name:
        raise ProgramError("name_required", "name")
    first, last = event.days[0], event.days[-1]
    for starts_at, ends_at in availability:
        if ends_at <= starts_at:
            raise ProgramError("availability_ends_before_start", "availability")
        if event.local(starts_at).date() < first or event.local(ends_at).date() > last:
            raise ProgramError("availability_outside_event", "availability")
    if speaker is None:
        speaker = Speaker(event=event)
        db.session.add(speaker)
    speaker.name, speaker.organization = name, organization.strip()
    speaker.bio, speaker.email = bio.strip(), email.strip()
    speaker.availability = [Availability(starts_at=s, ends_at=e) for s, e in sorted(availability)]
    db.session.flush()
    record_action(actor, "speaker.save", f"{event.slug}/{speaker.id} {name}")
    return speaker


def save_contribution(
    event: Event,
    *,
    title: str,
    abstract: str = "",
    format: str,  # noqa: A002 - the model's name for it
    duration_minutes: int,
    language: str,
    track_id: int | None = None,
    speaker_ids: Sequence[int] = (),
    seats: int | None = None,
    state: str = "submitted",
    contribution: Contribution | None = None,
    actor: User | None,
) -> Contribution:
    """Save a contribution. One that is no longer accepted leaves the timetable; a new title raises `sequence`.

    :raises ProgramError: title_required, format_unknown, duration_out_of_range, language_unknown,
        track_of_other_event, speaker_of_other_event, seats_out_of_range, seats_only_for_workshops, seats_below_taken,
        state_unknown.
    """
    title = title.strip()
    if not title:
        raise ProgramError("title_required", "title")
    if format not in FORMATS:
        raise ProgramError("format_unknown", "format")
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        raise ProgramError("duration_out_of_range", "duration_minutes")
    if language not in LANGUAGES:
        raise ProgramError("language_unknown", "language")
    track = db.session.get(Track, track_id) if track_id is not None else None
    if track_id is not None and (track is None or track.event_id != event.id):
        raise ProgramError("track_of_other_event", "track_id")
    speakers = _speakers_of(event, speaker_ids)
    if seats is not None:
        if seats < 1:
            raise ProgramError("seats_out_of_range", "seats")
        if format != "workshop":
            raise ProgramError("seats_only_for_workshops", "seats")
    if state not in CONTRIBUTION_STATES:
        raise ProgramError("state_unknown", "state")
    if contribution is not None and seats is not None and not _seats_fit(contribution, seats):
        raise ProgramError("seats_below_taken", "seats")

    speakers_before = set(contribution.speakers) if contribution is not None else set()
    if contribution is None:
        contribution = Contribution(event=event, sequence=0, seats_taken=0)
        db.session.add(contribution)
    elif contribution.title != title:
        contribution.sequence += 1
    contribution.title, contribution.abstract = title, abstract.strip()
    contribution.format, contribution.duration_minutes, contribution.language = format, duration_minutes, language
    contribution.track, contribution.speakers, contribution.seats, contribution.state = track, speakers, seats, state
    if state != "accepted" and (contribution.room_id is not None or contribution.starts_at is not None):
        contribution.room, contribution.starts_at = None, None
        contribution.sequence += 1
    db.session.flush()
    speakers_changed.send(event, speakers=speakers_before | set(speakers))
    record_action(actor, "contribution.save", f"{event.slug}/{contribution.id} {title}")
    return contribution


def _seats_fit(contribution: Contribution, seats: int) -> bool:
    """Set the seats by one conditional UPDATE: a sign-up that another request commits meanwhile is counted too."""
    result = db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution.id, Contribution.seats_taken <= seats)
        .values(seats=seats)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _speakers_of(event: Event, speaker_ids: Sequence[int]) -> list[Speaker]:
    wanted = set(speaker_ids)
    if not wanted:
        return []
    speakers = list(db.session.scalars(select(Speaker).where(Speaker.id.in_(wanted), Speaker.event_id == event.id)))
    if len(speakers) != len(wanted):
        raise ProgramError("speaker_of_other_event", "speaker_ids")
    return speakers


def _of(event: Event, model, *order, options=()) -> list:
    query = select(model).where(model.event_id == event.id).order_by(*order).options(*options)
    return list(db.session.scalars(query))


def program_choices(event: Event) -> dict[str, list]:
    """Rooms, tracks and speakers of `event`: what a contribution's form offers, one query each."""
    return {
        "rooms": _of(event, Room, Room.name),
        "tracks": _of(event, Track, Track.name),
        "speakers": _of(event, Speaker, Speaker.name),
    }
