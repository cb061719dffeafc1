"""The printable program (A4, by day and room, with speakers) and the door signs (one A4 page per room and day).

Two steps, as for tickets: `program_print` and `door_sign_prints` turn the timetable's rows into plain, localized
text (the only step that needs Flask-Babel), and the documents (program_document, door_signs) draw that text
with reportlab. Import this module inside the view that renders: reportlab costs a server process some 12 MB.
"""

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from babel.dates import format_date, format_interval, format_time
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from core.i18n import formatting_locale
from events.models import Event, Room
from events.program.forms import FORMAT_LABELS, LANGUAGE_CHOICES
from events.program.models import FORMATS, Contribution
from events.program.printing.content import DayPrint, DoorSign, Labels, ProgramPrint, RoomPrint, SessionPrint
from events.program.printing.door_signs import render_door_signs
from events.program.printing.program_document import render_program


def program_pdf(event: Event, contributions: Iterable[Contribution], language: str) -> bytes:
    """The whole timetable as it stands (changes after publishing marked), by day and room."""
    return render_program(program_print(event, contributions, language))


def cached_program_pdf(event: Event, contributions: Iterable[Contribution], language: str) -> bytes:
    """`program_pdf`, rendered once per content and kept in instance/cache/program (only the newest per event and
    language): the public download costs a text comparison, not a rendering, until something printed changes."""
    printed = program_print(event, contributions, language)
    key = hashlib.sha256(repr(printed).encode()).hexdigest()[:32]
    folder = Path(current_app.instance_path) / "cache" / "program"
    path = folder / f"{event.id}-{language}-{key}.pdf"
    if path.exists():
        return path.read_bytes()
    data = render_program(printed)
    folder.mkdir(parents=True, exist_ok=True)
    for older in folder.glob(f"{event.id}-{language}-*.pdf"):
        older.unlink(missing_ok=True)
    temporary = path.with_suffix(f".{secrets.token_hex(8)}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)  # atomic: another worker never reads half a file
    return data


def door_sign_pdf(
    event: Event, room: Room, day: date, contributions: Iterable[Contribution], *, url: str, language: str
) -> bytes:
    """One room's sign for one day: its sessions, access notes and a QR code of `url`."""
    return door_signs_pdf(event, day, [(room, url)], contributions, language=language)


def door_signs_pdf(
    event: Event,
    day: date,
    rooms: Sequence[tuple[Room, str]],
    contributions: Iterable[Contribution],
    *,
    language: str,
) -> bytes:
    """The signs of every (room, url) given for one day, one page each, to print at once."""
    return render_door_signs(door_sign_prints(event, day, rooms, contributions, language))


def program_print(event: Event, contributions: Iterable[Contribution], language: str) -> ProgramPrint:
    """What the program shows, in `language`: the days in order, each day's rooms by name, sessions by time."""
    with force_locale(language):
        describe = _describer(event, language)
        by_day: dict[date, dict[Room, list[Contribution]]] = {}
        for c in contributions:
            by_day.setdefault(event.local(c.starts_at).date(), {}).setdefault(c.room, []).append(c)
        days = tuple(
            DayPrint(
                format_date(day, "full", locale=formatting_locale(language)),
                tuple(
                    _room_print(room, by_day[day][room], describe)
                    for room in sorted(by_day[day], key=lambda r: (r.name, r.id))
                ),
            )
            for day in sorted(by_day)
        )
        return ProgramPrint(
            event_name=event.name,
            dates=format_interval(event.days[0], event.days[-1], "yMMMMd", locale=formatting_locale(language)),
            place=", ".join(part for part in (event.venue, " ".join(event.address.split())) if part),
            days=days,
            labels=_labels(language),
        )


def door_sign_prints(
    event: Event, day: date, rooms: Sequence[tuple[Room, str]], contributions: Iterable[Contribution], language: str
) -> list[DoorSign]:
    """One sign per (room, url), each with the room's sessions on `day` in time order."""
    with force_locale(language):
        describe = _describer(event, language)
        on_day: dict[int, list[Contribution]] = {}
        for c in contributions:
            if event.local(c.starts_at).date() == day:
                on_day.setdefault(c.room_id, []).append(c)
        labels, day_label = _labels(language), format_date(day, "full", locale=formatting_locale(language))
        return [
            DoorSign(event.name, day_label, _room_print(room, on_day.get(room.id, []), describe), url, labels)
            for room, url in rooms
        ]


def _room_print(room: Room, contributions: list[Contribution], describe) -> RoomPrint:
    ordered = sorted(contributions, key=lambda c: (c.starts_at, c.id))
    return RoomPrint(room.name, room.access_notes, tuple(describe(c) for c in ordered))


def _describer(event: Event, language: str):
    """A function from a contribution to its SessionPrint; formats each distinct time once (Babel is slow)."""
    formats = {key: str(label) for key, label in zip(FORMATS, FORMAT_LABELS, strict=True)}  # translated once
    languages = {choice.value: str(choice.label) for choice in LANGUAGE_CHOICES}
    clock: dict = {}

    def time_text(moment) -> str:
        if moment not in clock:
            clock[moment] = format_time(moment, "short", tzinfo=event.tz, locale=formatting_locale(language))
        return clock[moment]

    def describe(c: Contribution) -> SessionPrint:
        details = [formats.get(c.format, c.format), languages.get(c.language, c.language)]
        if c.track is not None:
            details.append(c.track.name)
        speakers = ", ".join(f"{s.name} ({s.organization})" if s.organization else s.name for s in c.speakers)
        return SessionPrint(
            times=f"{time_text(c.starts_at)}–{time_text(c.ends_at)}",
            title=c.title,
            details=" · ".join(details),
            speakers=speakers,
            is_changed=c.is_changed,
        )

    return describe


def _labels(language: str) -> Labels:
    return Labels(
        language=language,
        program=_("Program"),
        door_sign=_("Door sign"),
        page=_("Page %(page)s of %(pages)s", page="{page}", pages="{pages}"),
        changed=_("changed"),
        legend=_("“changed”: moved or changed after the timetable was published."),
        continued=_("continued"),
        access=_("Access"),
        no_program=_("No contributions are scheduled yet."),
        no_sessions=_("No sessions in this room on this day."),
        more=_("… and %(count)s more: see the QR code.", count="{count}"),
        scan=_("This room's program, always up to date"),
        online=_("Online:"),
    )
