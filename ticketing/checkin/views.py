"""The door: choosing a list and gate, the scanner page, its JSON API, walk-ins and badges.

The API works under the helper's session login with CSRF (token in the X-CSRFToken header) and answers every
input with JSON: a status the page can show, never a 500.
"""

import json
import uuid
from datetime import datetime
from itertools import islice

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from core.db import utcnow
from core.extensions import db
from core.security.guards import roles_required
from events.messages import message_for
from events.services import upcoming_events
from ticketing.booking.capacity import ticket_types_for
from ticketing.booking.documents.files import badge_pdf
from ticketing.checkin import offline
from ticketing.checkin import scans as checkin
from ticketing.checkin.forms import WalkInForm
from ticketing.errors import BookingError
from ticketing.models import CheckInList, Ticket, TicketType

bp = Blueprint("checkin", __name__, url_prefix="/checkin")
DOOR_ROLES = ("checkin", "admin")
MAX_BATCH = 500


@bp.get("/")
@roles_required(*DOOR_ROLES)
def index():
    events, today = door_events(utcnow())
    lists = {event.id: checkin.default_lists(event) for event in events}
    db.session.commit()  # default lists made on first use
    return render_template("checkin/index.html", events=events, lists=lists, today=today)


def door_events(now: datetime) -> tuple[list, set[int]]:
    """Events that have not ended, those running today (in their own timezone) first, and the ids of those."""
    events = upcoming_events(now)
    today = {
        event.id
        for event in events
        if event.starts_at.astimezone(event.tz).date()
        <= now.astimezone(event.tz).date()
        <= event.ends_at.astimezone(event.tz).date()
    }
    return sorted(events, key=lambda event: event.id not in today), today


@bp.get("/lists/<int:list_id>")
@roles_required(*DOOR_ROLES)
def scanner(list_id):
    check_in_list = get_list(list_id)
    gate = request.args.get("gate", "").strip()[:80]
    # The room mode counts entries and exits through the occupancy counter's JSON route (cockpit, named by endpoint).
    rooms = sorted(check_in_list.event.rooms, key=lambda room: room.name.casefold())
    room_scan = url_for("cockpit_occupancy.room_scan", event_id=check_in_list.event_id, room_id=0)
    return render_template(
        "checkin/scanner.html", check_in_list=check_in_list, gate=gate, rooms=rooms, room_scan_url=room_scan
    )


@bp.get("/sw.js")
def service_worker():
    """Served from /checkin/ so that its scope covers the scanner pages; never cached, so updates arrive."""
    response = current_app.send_static_file("js/checkin-sw.js")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/api/lists/<int:list_id>/snapshot")
@roles_required(*DOOR_ROLES)
def api_snapshot(list_id):
    """The offline copy as one JSON document, written row by row as the database yields them."""
    check_in_list = get_list(list_id)
    head = {
        "list": {"id": check_in_list.id, "name": check_in_list.name, "event": check_in_list.event.name},
        "generated_at": utcnow().isoformat(),
    }

    def document():
        yield json.dumps(head)[:-1] + ', "tickets": ['
        rows = (json.dumps(row, ensure_ascii=False) for row in offline.snapshot(check_in_list))
        first = True
        while chunk := list(islice(rows, 500)):  # one socket write per 500 tickets, not per ticket
            yield ("" if first else ",") + ",".join(chunk)
            first = False
        yield "]}"

    return Response(stream_with_context(document()), mimetype="application/json")


@bp.post("/api/lists/<int:list_id>/scans")
@roles_required(*DOOR_ROLES)
def api_scans(list_id):
    """Check in one scan or a queue of offline scans: [{client_id, code | ticket_id, scanned_at, gate, offline}]."""
    payload = request.get_json(silent=True)
    scans = payload.get("scans") if isinstance(payload, dict) else None
    first_code = _code_of(scans[0]) if isinstance(scans, list) and scans else None
    door, first_ticket = checkin.door_with_ticket(list_id, first_code)  # one statement for the usual upload
    if door is None:
        abort(404)
    if not isinstance(scans, list) or not 0 < len(scans) <= MAX_BATCH:
        return jsonify(error="bad_request"), 400
    now, results = utcnow(), []
    known = {first_code: first_ticket} if first_code is not None else {}
    for scan in scans:
        parsed = parse_scan(scan, now, known)
        if parsed is None:
            client_id = str(scan.get("client_id", ""))[:64] if isinstance(scan, dict) else ""
            results.append({"client_id": client_id, "status": "unknown", "detail": "bad_scan"})
            continue
        ticket, client_id, gate, scanned_at, offline = parsed
        result = checkin.check_in(
            door, ticket, client_id=client_id, gate=gate, scanned_at=scanned_at, now=now, user=current_user,
            offline=offline,
        )  # fmt: skip
        results.append(result.as_json())
    db.session.commit()
    return jsonify(results=results)


def _code_of(scan) -> str | None:
    return scan["code"] if isinstance(scan, dict) and isinstance(scan.get("code"), str) else None


def parse_scan(scan, now: datetime, known: dict | None = None):
    """(the door's view of the ticket or None, client id, gate, time, offline) from one scan of the upload, or None
    when malformed. `known` holds tickets already read, by the code scanned."""
    if (
        not isinstance(scan, dict)
        or not isinstance(scan.get("client_id"), str)
        or not 8 <= len(scan["client_id"]) <= 64
    ):
        return None
    try:
        scanned_at = datetime.fromisoformat(scan["scanned_at"]) if scan.get("scanned_at") else now
    except (TypeError, ValueError):
        return None
    if scanned_at.tzinfo is None:
        return None
    if isinstance(scan.get("ticket_id"), int) and 0 < scan["ticket_id"] < 2**31:
        ticket = checkin.ticket_by_id(scan["ticket_id"])
    elif isinstance(scan.get("code"), str):
        code = scan["code"]
        ticket = known[code] if known and code in known else checkin.ticket_for_code(code)
    else:
        return None
    gate = scan.get("gate") if isinstance(scan.get("gate"), str) else ""
    return ticket, scan["client_id"], gate.strip()[:80], scanned_at, scan.get("offline") is True


@bp.get("/api/lists/<int:list_id>/search")
@roles_required(*DOOR_ROLES)
def api_search(list_id):
    check_in_list = get_list(list_id)
    found = checkin.search(check_in_list, request.args.get("q", "")[:100])
    return jsonify(results=[search_row(check_in_list, ticket) for ticket in found])


def search_row(check_in_list: CheckInList, ticket: Ticket) -> dict:
    admission = checkin.admission_for(check_in_list, ticket)
    return {
        "ticket_id": ticket.id,
        "name": ticket.attendee_name,
        "organization": ticket.organization,
        "email": ticket.attendee_email,
        "ticket_type": ticket.ticket_type.name,
        "state": ticket.state,
        "on_list": checkin.on_list(check_in_list, checkin.DoorTicket.of(ticket)),
        "first_checked_in_at": admission.scanned_at.isoformat() if admission else None,
        "first_gate": admission.gate if admission else "",
    }


@bp.route("/lists/<int:list_id>/walk-in", methods=["GET", "POST"])
@roles_required(*DOOR_ROLES)
def walk_in(list_id):
    check_in_list = get_list(list_id)
    form = WalkInForm()
    if not form.is_submitted():
        form.gate.data = request.args.get("gate", "").strip()[:80]  # the scanner's gate, as its link carries it
    form.ticket_type_id.choices = [SelectChoice(t.id, t.name) for t in ticket_types_for(check_in_list.event)]
    if form.validate_on_submit():
        try:
            result = checkin.register_walk_in(
                check_in_list, name=form.name.data.strip(), organization=(form.organization.data or "").strip(),
                email=(form.email.data or "").strip().lower(),
                ticket_type=db.session.get_one(TicketType, form.ticket_type_id.data),
                take_seat=form.take_seat.data, client_id=f"walk-in-{uuid.uuid4()}",
                gate=walk_in_gate(form), now=utcnow(), user=current_user,
            )  # fmt: skip
        except BookingError as error:
            db.session.rollback()
            form.form_errors.append(message_for(error.code))
        else:
            db.session.commit()
            flash(message_for("walk_in_checked_in"), "success")
            return redirect(url_for("checkin.badge", ticket_id=result.ticket.id))
    return render_template("checkin/walk_in.html", form=form, check_in_list=check_in_list)


def walk_in_gate(form: WalkInForm) -> str:
    """The gate typed into the form, else the scanner's (from the link), else the desk itself: never empty."""
    gate = (form.gate.data or "").strip() or request.args.get("gate", "").strip()
    return gate[:80] or _("Registration desk")


@bp.get("/tickets/<int:ticket_id>/badge.pdf")
@roles_required(*DOOR_ROLES)
def badge(ticket_id):
    """The A6 badge, for printing at the desk; opening it again reprints without a second check-in."""
    ticket = db.session.get(Ticket, ticket_id) or abort(404)
    if ticket.state != "valid":
        abort(404)
    disposition = f'inline; filename="badge-{ticket.id}.pdf"'
    return badge_pdf([ticket]), 200, {"Content-Type": "application/pdf", "Content-Disposition": disposition}


# Built once: every scan loads its list (building the query cost more than running it).
LIST_WITH_EVENT = select(CheckInList).where(CheckInList.id == bindparam("id")).options(joinedload(CheckInList.event))


def get_list(list_id: int) -> CheckInList:
    check_in_list = db.session.scalar(LIST_WITH_EVENT, {"id": list_id})
    if check_in_list is None or check_in_list.event.status == "draft":
        abort(404)
    return check_in_list
