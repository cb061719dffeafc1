"""Public pages: upcoming events and one event with its ticket types and seats left."""

from flask import Blueprint, abort, render_template

from core.db import utcnow
from events import services
from ticketing.booking.capacity import seats_left_now, ticket_types_for

bp = Blueprint("events", __name__)


@bp.get("/")
def index():
    return render_template("events/index.html", events=services.upcoming_events(utcnow()))


@bp.get("/e/<slug>")
def detail(slug):
    event = services.published_event(slug)
    if event is None:
        abort(404)
    ticket_types = ticket_types_for(event, public_only=True)
    now = utcnow()
    seats = seats_left_now(ticket_types, now)
    return render_template("events/detail.html", event=event, ticket_types=ticket_types, seats=seats, now=now)
