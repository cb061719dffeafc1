"""Room occupancy pages: the steward's door counter for one room (+ and − as POST forms; JSON for
static/js/occupancy.js), the scanner's room mode (a ticket's code counts one entry or exit, JSON for
static/js/scanner/room.js), and the overview of every room now and over a day, with its charts, table and CSV.
Roles: admin and checkin count; program may look."""

from datetime import date

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from cockpit.dashboard import charts
from cockpit.occupancy import counts, report, rooms_scan
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


def figures(now: counts.RoomNow) -> dict:
    return {"count": now.count, "capacity": now.capacity, "percent": now.percent, "full": now.is_full}


def state(now: counts.RoomNow, message: str) -> dict:
    """What the door page shows, for the script that updates it in place."""
    return {
        **figures(now),
        "message": message or _("%(count)s in the room.", count=now.count),
        "ok": not message,
    }


@bp.post("/rooms/<int:room_id>/scan")
@roles_required(*COUNTERS)
def room_scan(event_id, room_id):
    """The scanner's room mode: `{code, direction}` counts one entry or exit of the room; the ticket is checked, not
    recorded. 409 with the reason when refused, 400 when the request is malformed; nothing changes then."""
    event = get_event(event_id)
    room = get_child(Room, room_id, event)
    payload = request.get_json(silent=True)
    code = payload.get("code") if isinstance(payload, dict) else None
    direction = payload.get("direction") if isinstance(payload, dict) else None
    if not isinstance(code, str) or not isinstance(direction, str) or direction not in rooms_scan.DIRECTIONS:
        return jsonify(scan_state(counts.room_now(room), "", "bad_request")), 400
    try:
        now = rooms_scan.count_scan(event, room, code, direction, now=utcnow())
        db.session.commit()
    except counts.OccupancyError as error:
        db.session.rollback()
        return jsonify(scan_state(counts.room_now(room), direction, error.code)), 409
    return jsonify(scan_state(now, direction, "")), 200


def scan_state(now: counts.RoomNow, direction: str, refusal: str) -> dict:
    """The scanner's answer: the room's figures, a title, and why nothing was counted, in the user's language."""
    room = now.room
    if refusal:
        title = _("Not counted")
        message = {
            "unknown": _("This code is not a ticket of this event."),
            "other_event": _("This ticket is for another event."),
            "cancelled": _("This ticket was cancelled."),
            "empty": _("Nobody is counted in %(room)s: an exit cannot be counted.", room=room.name),
        }.get(refusal, _("The code could not be read. Please try again or type it."))
    else:
        title = _("Entry counted") if direction == "entry" else _("Exit counted")
        message = _("Full: let nobody else in until someone leaves.") if now.is_full else ""
    if now.capacity:
        figure = _("%(room)s: %(count)s / %(capacity)s", room=room.name, count=now.count, capacity=now.capacity)
    else:
        figure = _("%(room)s: %(count)s", room=room.name, count=now.count)
    return {
        "ok": not refusal,
        "refusal": refusal,
        "direction": direction,
        "room": room.id,
        **figures(now),
        "title": title,
        "figure": figure,
        "message": message,
    }
