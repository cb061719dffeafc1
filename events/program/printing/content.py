"""What the printed program and door signs show: plain, localized data (events.program.printing.prints fills it in
from the timetable; the documents draw it)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """The fixed words of both documents in one language; `{page}`, `{pages}` and `{count}` are filled in later."""

    language: str  # the document's language (PDF /Lang), as screen readers need it
    program: str
    door_sign: str
    page: str
    changed: str
    legend: str
    continued: str
    access: str
    no_program: str
    no_sessions: str
    more: str
    scan: str
    online: str


@dataclass(frozen=True)
class SessionPrint:
    """One contribution as printed: times in the event's timezone, labels in the document's language."""

    times: str
    title: str
    details: str  # format · language · track
    speakers: str  # names with their organization
    is_changed: bool


@dataclass(frozen=True)
class RoomPrint:
    name: str
    access_notes: str
    sessions: tuple[SessionPrint, ...]


@dataclass(frozen=True)
class DayPrint:
    label: str
    rooms: tuple[RoomPrint, ...]


@dataclass(frozen=True)
class ProgramPrint:
    event_name: str
    dates: str
    place: str
    days: tuple[DayPrint, ...]
    labels: Labels


@dataclass(frozen=True)
class DoorSign:
    event_name: str
    day: str
    room: RoomPrint
    url: str  # the room's schedule of the day online, for the QR code
    labels: Labels
