"""Room occupancy pages: the steward's door counter for one room (+ and − as POST forms; JSON for
static/js/occupancy.js), and the overview of every room now and over a day, with its charts, table and CSV.
Roles: admin and checkin count; program may look."""

from datetime import date

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cockpit.dashboard import charts
from cockpit.occupancy import counts, report
from core.db import utcnow
from core.extensions import db
from core.forms import Form
from core.security.guards import roles_required
from core.spreadsheets import spreadsheet_download
from events.manage import get_child, get_event
from events.models import Event, Room

bp = Blueprint("cockpit_occupancy", __name__, url_prefix="/manage/events/<int:event_id>/occupancy")
COUNTERS = ("admin", "checkin")
VIEWERS = ("admin", "checkin", "program")


class CountForm(Form):
    """A + or − button: nothing but the CSRF token."""


def chosen_day(event: Event) -> date:
    """The day asked for (`?day=`), else today during the event, else the last day with counts, else the first."""
    asked = request.args.get("day", "")
    for day in event.days:
        if day.isoformat() == asked:
            return day
    today = event.local(utcnow()).date()
    if today in event.days:
        return today
    counted = counts.counted_days(event)
    return counted[-1] if counted else event.days[0]


@bp.get("/")
@roles_required(*VIEWERS)
def index(event_id):
    event = get_event(event_id)
    day = chosen_day(event)
    slices = counts.day_slices(event, day)
    return render_template(
        "cockpit/occupancy/index.html",
        event=event,
        rooms=counts.rooms_now(event),
        day=day,
        day_label=report.day_label,
        charts=report.room_charts(event, slices),
        table=report.table(event, slices),
        render=charts.render,
    )


@bp.get("/slices.csv")
@roles_required(*VIEWERS)
def slices_csv(event_id):
    event = get_event(event_id)
    day = chosen_day(event)
    headers, rows = report.csv_table(event, counts.day_slices(event, day))
    title = _("Room occupancy")
    return spreadsheet_download("csv", headers, rows, title=title, filename=f"{event.slug}-occupancy-{day}")


@bp.get("/rooms/<int:room_id>")
@roles_required(*VIEWERS)
def door(event_id, room_id):
    event = get_event(event_id)
    room = get_child(Room, room_id, event)
    return render_template(
        "cockpit/occupancy/door.html",
        event=event,
        room=room,
        now=counts.room_now(room),
        form=CountForm(),
        may_count=current_user.has_role(*COUNTERS),
    )


@bp.post("/rooms/<int:room_id>/entry")
@roles_required(*COUNTERS)
def entry(event_id, room_id):
    return count(event_id, room_id, counts.count_entry)


@bp.post("/rooms/<int:room_id>/exit")
@roles_required(*COUNTERS)
def exit_(event_id, room_id):
    return count(event_id, room_id, counts.count_exit)


def count(event_id: int, room_id: int, step):
    event = get_event(event_id)
    room = get_child(Room, room_id, event)
    message, ok = "", True
    try:
        step(room, now=utcnow())
        db.session.commit()
    except counts.OccupancyError:
        db.session.rollback()
        message, ok = _("Nobody is counted in %(room)s: an exit cannot be counted.", room=room.name), False
    if wants_json():
        return jsonify(state(counts.room_now(room), message)), 200 if ok else 409
    if not ok:
        flash(message, "error")
    return redirect(url_for("cockpit_occupancy.door", event_id=event.id, room_id=room.id))


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def state(now: counts.RoomNow, message: str) -> dict:
    """What the door page shows, for the script that updates it in place."""
    return {
        "count": now.count,
        "capacity": now.capacity,
        "percent": now.percent,
        "full": now.is_full,
        "message": message or _("%(count)s in the room.", count=now.count),
        "ok": not message,
    }
