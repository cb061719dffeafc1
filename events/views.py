"""Public pages: upcoming events and one event with its ticket types and seats left."""

from flask import Blueprint, abort, render_template

from core.caching.pages import Rendered, cached_page
from core.db import utcnow
from events import services
from ticketing.booking.capacity import next_sale_change, seats_left_now, ticket_types_for

bp = Blueprint("events", __name__)


@bp.get("/")
def index():
    return render_template("events/index.html", events=services.upcoming_events(utcnow()))


@bp.get("/e/<slug>")
def detail(slug):
    """Rendered once per change of the event's content or its seats left (the cache key), not once per visitor."""
    now = utcnow()
    seats = seats_left_now(slug, now)

    def render() -> Rendered:
        event = services.published_event(slug)
        if event is None:
            abort(404)
        ticket_types = ticket_types_for(event, public_only=True)
        shown = {t.id: seats.get(t.id, 0) for t in ticket_types}
        html = render_template("events/detail.html", event=event, ticket_types=ticket_types, seats=shown, now=now)
        return Rendered(html, next_sale_change(event, ticket_types, now))

    return cached_page(("event", slug, tuple(sorted(seats.items()))), render)
