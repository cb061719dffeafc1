"""The public schedule: by day as a grid of rooms and as a list, with filters; a page per contribution and speaker."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_time
from flask import Blueprint, abort, render_template, request
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from core.caching.pages import Rendered, cached_page
from core.db import utcnow
from core.extensions import db
from core.i18n import current_language, formatting_locale
from core.templating import page_style
from events import services
from events.models import Event, Room
from events.program.models import FORMATS, Contribution, Speaker, Track

bp = Blueprint("schedule", __name__)

SLOT_MINUTES = 5  # one grid row; every start and duration in the program is a multiple of it
VIEWS = ("grid", "list")


@dataclass
class Filters:
    """What the visitor chose in the filter form; None means "all"."""

    day: date
    view: str = "grid"
    track: int | None = None
    format: str | None = None
    language: str | None = None
    room: int | None = None

    def admits(self, c: Contribution) -> bool:
        return (
            (self.track is None or c.track_id == self.track)
            and (self.format is None or c.format == self.format)
            and (self.language is None or c.language == self.language)
            and (self.room is None or c.room_id == self.room)
        )


@dataclass
class Grid:
    """One day laid out for a CSS grid: the rooms as columns, five-minute rows, and where each contribution sits."""

    rooms: list[Room]
    hours: list[tuple[datetime, int]] = field(default_factory=list)  # (full hour, its grid row)
    cells: list[tuple[Contribution, str]] = field(default_factory=list)  # (contribution, its grid-area style)


def public_schedule_event(slug: str) -> Event:
    """The event, if it is public and its timetable is published; else 404."""
    event = services.published_event(slug)
    if event is None or event.schedule_published_at is None:
        abort(404)
    return event


def public_contributions(event: Event) -> list[Contribution]:
    """Every scheduled contribution with room, track and speakers in two queries."""
    query = (
        select(Contribution)
        .where(
            Contribution.event_id == event.id, Contribution.room_id.is_not(None), Contribution.starts_at.is_not(None)
        )
        .options(joinedload(Contribution.room), joinedload(Contribution.track), selectinload(Contribution.speakers))
        .order_by(Contribution.starts_at, Contribution.room_id, Contribution.id)
    )
    return list(db.session.scalars(query).unique())


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def parse_filters(event: Event, today: date) -> Filters:
    """The query string read leniently: unknown values fall back to "all" rather than an error page. Without a day,
    an attendee at the venue sees today's program, anyone else the first day."""
    fallback = today if today in event.days else event.days[0]
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        day = fallback
    fmt, language, view = request.args.get("format"), request.args.get("language"), request.args.get("view")
    return Filters(
        day=day if day in event.days else fallback,
        view=view if view in VIEWS else "grid",
        track=_int_arg("track"),
        format=fmt if fmt in FORMATS else None,
        language=language if language in ("de", "en") else None,
        room=_int_arg("room"),
    )


def build_grid(event: Event, contributions: list[Contribution]) -> Grid:
    """Rows are five-minute steps from the first full hour of the day to the last end; row 1 holds the room names."""
    rooms = sorted({c.room for c in contributions}, key=lambda r: r.name)
    grid = Grid(rooms=rooms)
    if not contributions:
        return grid
    first = event.local(min(c.starts_at for c in contributions)).replace(minute=0, second=0, microsecond=0)
    last = event.local(max(c.ends_at for c in contributions))

    def row(moment: datetime) -> int:
        return int((event.local(moment) - first) / timedelta(minutes=SLOT_MINUTES)) + 2

    hour = first
    while hour < last:
        grid.hours.append((hour, row(hour)))
        hour += timedelta(hours=1)
    column = {room.id: index + 2 for index, room in enumerate(rooms)}
    for c in contributions:
        end = max(row(c.ends_at), row(c.starts_at) + 1)
        grid.cells.append((c, f"grid-row: {row(c.starts_at)} / {end}; grid-column: {column[c.room_id]}"))
    return grid


@lru_cache(maxsize=256)
def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with the track colour (WCAG relative luminance)."""
    try:
        red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except (ValueError, IndexError):
        return "#ffffff"

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def filter_choices(contributions: list[Contribution]) -> dict:
    """The options the filter form offers: only what the published schedule actually contains."""
    return {
        "tracks": sorted({c.track for c in contributions if c.track}, key=lambda t: t.name),
        "formats": [f for f in FORMATS if any(c.format == f for c in contributions)],
        "languages": sorted({c.language for c in contributions}),
        "rooms": sorted({c.room for c in contributions}, key=lambda r: r.name),
    }


@bp.app_template_filter("clock")
@pass_context
def clock(context, moment: datetime, tz: ZoneInfo) -> str:
    """Wall-clock time like the `time_in_tz` filter, formatted once per distinct time: a day has hundreds of slots
    but few distinct start times, and Babel's formatting is the page's largest cost."""
    return _clock(moment, tz, context.get("current_language") or current_language())


@lru_cache(maxsize=4096)
def _clock(moment: datetime, tz: ZoneInfo, language: str) -> str:
    return format_time(moment, "short", tzinfo=tz, locale=formatting_locale(language))


@bp.app_template_global()
@pass_context
def time_range(context, contribution: Contribution, tz: ZoneInfo) -> Markup:
    """ "10:30–11:15" with machine-readable times; a function rather than a macro, because grids and lists call it
    for every contribution and a Jinja macro call costs several times as much."""
    language = context.get("current_language") or current_language()
    return _time_range(contribution.starts_at, contribution.ends_at, tz, language)


@lru_cache(maxsize=4096)
def _time_range(starts_at: datetime, ends_at: datetime, tz: ZoneInfo, language: str) -> Markup:
    return Markup('<time datetime="{}">{}</time>–<time datetime="{}">{}</time>').format(
        starts_at.isoformat(), _clock(starts_at, tz, language), ends_at.isoformat(), _clock(ends_at, tz, language)
    )


@bp.app_template_filter("track_class")
def track_class(track: Track | None) -> str:
    """The track's class; its colours go into the page's one `<style>` element (no style attributes under the CSP)."""
    if track is None:
        return ""
    page_style(f".track-{track.id}", f"--track: {track.colour}; --track-ink: {text_colour(track.colour)}")
    return f"track-{track.id}"


@bp.get("/e/<slug>/schedule")
def schedule(slug):
    """Rendered once per change of the program (and per day, filter and language), not once per refreshing phone."""
    return cached_page(("schedule", slug), lambda: render_schedule(slug))


def render_schedule(slug: str) -> Rendered:
    event = public_schedule_event(slug)
    contributions = public_contributions(event)
    now = event.local(utcnow())
    filters = parse_filters(event, now.date())
    day_start = datetime.combine(filters.day, time(0), event.tz)
    day_end = day_start + timedelta(days=1)
    shown = [c for c in contributions if day_start <= c.starts_at < day_end and filters.admits(c)]
    html = render_template(
        "schedule/index.html",
        event=event,
        filters=filters,
        choices=filter_choices(contributions),
        contributions=shown,
        grid=build_grid(event, shown) if filters.view == "grid" else None,
    )
    # Without a chosen day the page shows today's at the venue: true until the event's next midnight.
    midnight = datetime.combine(now.date() + timedelta(days=1), time(0), event.tz)
    return Rendered(html, midnight.astimezone(UTC))


@bp.get("/e/<slug>/contributions/<int:contribution_id>")
def contribution(slug, contribution_id):
    event = public_schedule_event(slug)
    found = db.session.get(Contribution, contribution_id)
    if found is None or found.event_id != event.id or not found.is_scheduled:
        abort(404)
    return render_template("schedule/contribution.html", event=event, contribution=found)


@bp.get("/e/<slug>/speakers/<int:speaker_id>")
def speaker(slug, speaker_id):
    event = public_schedule_event(slug)
    found = db.session.get(Speaker, speaker_id)
    scheduled = [c for c in found.contributions if c.is_scheduled] if found and found.event_id == event.id else []
    if not scheduled:
        abort(404)
    return render_template("schedule/speaker.html", event=event, speaker=found, contributions=scheduled)
