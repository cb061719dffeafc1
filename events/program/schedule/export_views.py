"""Machine-readable program: c3voc/frab schedule XML and JSON, iCal feeds, and a read-only JSON API.

Everything here shows only events whose timetable is published (status published or archived and
`schedule_published_at` set); anything else is a 404, as for an unknown slug.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

import events.program.models  # noqa: F401 (the program tables belong to the metadata wherever the app runs)
from core.extensions import db
from core.i18n import current_language
from events.models import Event
from events.program import placing as program
from events.program.models import Contribution, Track
from events.program.schedule import exports

bp = Blueprint("program_exports", __name__)

PUBLIC_STATUSES = ("published", "archived")
ICS_TYPE = "text/calendar; charset=utf-8"


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def host() -> str:
    return urlsplit(base_url()).hostname or "treffpunkt"


def event_url(event: Event) -> str:
    return f"{base_url()}/e/{event.slug}"


def contribution_url(event: Event, contribution: Contribution) -> str:
    return f"{event_url(event)}#contribution-{contribution.id}"


def event_with_schedule(slug: str) -> Event:
    """The event with this slug if its timetable is public, else 404."""
    event = db.session.scalar(select(Event).where(Event.slug == slug, Event.status.in_(PUBLIC_STATUSES)))
    if event is None or event.schedule_published_at is None:
        abort(404)
    return event


def schedule_data(event: Event, contributions: list[Contribution]) -> exports.ScheduleData:
    """The plain data the renderers take, from the event and its scheduled contributions (rooms, speakers loaded)."""
    acronym, hostname = exports.acronym_for(event.slug), host()
    tracks = {t.id: t for t in db.session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.name))}
    schedule_events = [
        exports.ScheduleEvent(
            id=c.id,
            guid=exports.stable_guid("contribution", c.id, hostname),
            title=c.title,
            subtitle="",
            abstract=c.abstract,
            description="",
            language=c.language,
            type=c.format,
            track=tracks[c.track_id].name if c.track_id in tracks else None,
            starts_at=c.starts_at,
            duration_minutes=c.duration_minutes,
            room=c.room.name,
            slug=exports.event_slug(acronym, c.id, c.title),
            persons=tuple(
                exports.SchedulePerson(s.id, exports.stable_guid("speaker", s.id, hostname), s.name) for s in c.speakers
            ),
            url=contribution_url(event, c),
            sequence=c.sequence,
            is_changed=c.is_changed,
        )
        for c in contributions
    ]
    opening_hours = dict(zip(event.days, program.event_rules(event, []).days, strict=True))
    by_day: dict = {}
    for item in schedule_events:
        by_day.setdefault(event.local(item.starts_at).date(), []).append(item)
    days = []
    for index, day in enumerate(sorted(set(event.days) | set(by_day)), start=1):
        items = by_day.get(day, [])
        starts = [opening_hours[day][0]] if day in opening_hours else []
        ends = [opening_hours[day][1]] if day in opening_hours else []
        starts += [i.starts_at for i in items]
        ends += [i.starts_at + timedelta(minutes=i.duration_minutes) for i in items]
        rooms = tuple((room.name, tuple(i for i in items if i.room == room.name)) for room in event.rooms)
        days.append(exports.ScheduleDay(index, day, min(starts), max(ends), rooms))
    return exports.ScheduleData(
        title=event.name,
        acronym=acronym,
        start=event.days[0],
        end=event.days[-1],
        timezone=event.timezone,
        version=f"{event.local(event.schedule_published_at):%Y-%m-%d %H:%M}.{sum(c.sequence for c in contributions)}",
        base_url=base_url() + "/",
        url=event_url(event),
        venue=event.venue,
        rooms=tuple(
            exports.ScheduleRoom(
                room.name,
                exports.stable_guid("room", room.id, hostname),
                exports.slugify(room.name) or f"room-{room.id}",
                room.kind,
                room.capacity or None,
            )
            for room in event.rooms
        ),
        tracks=tuple(
            exports.ScheduleTrack(t.name, exports.slugify(t.name) or f"track-{t.id}", t.colour) for t in tracks.values()
        ),
        days=tuple(days),
    )


def published_schedule(slug: str) -> exports.ScheduleData:
    event = event_with_schedule(slug)
    return schedule_data(event, program.scheduled_contributions(event))


def feed(body: bytes, content_type: str) -> Response:
    """Apps and calendars poll these all day: an ETag lets them ask "changed?" and get a 304 without the body."""
    response = Response(body, content_type=content_type)
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/e/<slug>/schedule.xml")
def schedule_xml(slug):
    return feed(exports.render_schedule_xml(published_schedule(slug)), "application/xml")


@bp.get("/e/<slug>/schedule.json")
def schedule_json(slug):
    return feed(exports.render_schedule_json(published_schedule(slug)), "application/json")


@bp.get("/e/<slug>/schedule.ics")
def schedule_ics(slug):
    return feed(exports.schedule_calendar(published_schedule(slug), host()), ICS_TYPE)


@bp.get("/e/<slug>/contributions/<int:contribution_id>.ics")
def contribution_ics(slug, contribution_id):
    data = published_schedule(slug)
    if contribution_id not in {item.id for item in data.events}:
        abort(404)
    return feed(exports.schedule_calendar(data, host(), only=[contribution_id]), ICS_TYPE)


@bp.get("/e/<slug>/rooms/<int:room_id>.ics")
def room_ics(slug, room_id):
    """What happens in one room: for a room's door screen, or a visitor who follows one stage."""
    event = event_with_schedule(slug)
    in_room = [c for c in program.scheduled_contributions(event) if c.room_id == room_id]
    if not in_room:
        abort(404)
    data = schedule_data(event, in_room)
    return feed(exports.schedule_calendar(data, host()), ICS_TYPE)


@bp.get("/e/<slug>/program.pdf")
def program_pdf(slug):
    """The printable program, as the timetable stands now (changes after publishing marked)."""
    event = event_with_schedule(slug)
    from events.program.printing.prints import cached_program_pdf  # reportlab loads on first use, not in every worker
    from events.program.schedule.views import public_contributions

    data = cached_program_pdf(event, public_contributions(event), current_language())
    filename = f"{event.slug}-{exports.slugify(_('Program'))}.pdf"
    return data, 200, {"Content-Type": "application/pdf", "Content-Disposition": f'inline; filename="{filename}"'}


# Read-only JSON API -------------------------------------------------------------------------------------------------


def _iso(event: Event, moment: datetime | None) -> str | None:
    return event.local(moment).isoformat() if moment else None


@bp.get("/api/events")
def api_events():
    found = db.session.scalars(select(Event).where(Event.status.in_(PUBLIC_STATUSES)).order_by(Event.starts_at))
    return jsonify(
        [
            {
                "slug": e.slug,
                "name": e.name,
                "venue": e.venue,
                "address": e.address,
                "timezone": e.timezone,
                "starts_at": _iso(e, e.starts_at),
                "ends_at": _iso(e, e.ends_at),
                "url": event_url(e),
                "schedule_published": e.schedule_published_at is not None,
            }
            for e in found
        ]
    )


@bp.get("/api/events/<slug>/rooms")
def api_rooms(slug):
    event = event_with_schedule(slug)
    return jsonify(
        [
            {"id": r.id, "name": r.name, "kind": r.kind, "capacity": r.capacity, "access_notes": r.access_notes}
            for r in event.rooms
        ]
    )


@bp.get("/api/events/<slug>/contributions")
def api_contributions(slug):
    event = event_with_schedule(slug)
    tracks = {t.id: t.name for t in db.session.scalars(select(Track).where(Track.event_id == event.id))}
    return jsonify(
        [
            {
                "id": c.id,
                "title": c.title,
                "abstract": c.abstract,
                "format": c.format,
                "language": c.language,
                "track": tracks.get(c.track_id),
                "room": {"id": c.room.id, "name": c.room.name},
                "starts_at": _iso(event, c.starts_at),
                "ends_at": _iso(event, c.ends_at),
                "duration_minutes": c.duration_minutes,
                "seats": c.seats,
                "speakers": [{"id": s.id, "name": s.name, "organization": s.organization} for s in c.speakers],
                "changed": c.is_changed,
                "sequence": c.sequence,
            }
            for c in program.scheduled_contributions(event)
        ]
    )


@bp.get("/api/events/<slug>/speakers")
def api_speakers(slug):
    event = event_with_schedule(slug)
    speakers: dict = {}
    for c in program.scheduled_contributions(event):
        for s in c.speakers:
            speakers.setdefault(s.id, (s, []))[1].append(c.id)
    return jsonify(
        [
            {"id": s.id, "name": s.name, "organization": s.organization, "bio": s.bio, "contributions": ids}
            for s, ids in sorted(speakers.values(), key=lambda pair: pair[0].name)
        ]
    )
