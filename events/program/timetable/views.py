"""The organizer's timetable grid (roles admin and program): a day of rooms × time with the tray of contributions not
yet placed and every conflict; moves arrive as JSON from drag and drop or the keyboard (static/js/timetable.js)."""

from babel.dates import format_time
from flask import Blueprint, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from core.extensions import db
from core.i18n import current_language, formatting_locale
from core.security.guards import roles_required
from events.manage import get_event
from events.models import ROOM_KINDS
from events.program import placing as program
from events.program.conflict_texts import CONFLICT_LABELS
from events.program.forms import FORMAT_LABELS, ROOM_KIND_LABELS
from events.program.manage import ROLES
from events.program.models import FORMATS
from events.program.planner.interest import Move, announce_moves, changed
from events.program.timetable.grid import (
    Program,
    chosen_day,
    conflict_marks,
    day_grid,
    describe,
    load_program,
    move_message,
    read_move,
)

bp = Blueprint("timetable", __name__, url_prefix="/manage/events/<int:event_id>/program/timetable")


@bp.get("")
@roles_required(*ROLES)
def index(event_id):
    event = get_event(event_id)
    loaded = load_program(event)
    conflicts = loaded.conflicts()
    grid = day_grid(loaded, chosen_day(event, request.args.get("day")))
    return render_template(
        "program/timetable.html",
        event=event,
        program=loaded,
        grid=grid,
        tray=[c for c in loaded.contributions if c.room_id is None or c.starts_at is None],
        conflicts=describe(conflicts, loaded),
        marks=conflict_marks(conflicts),
        t=texts(event),
    )


@bp.post("/moves")
@roles_required(*ROLES)
def moves(event_id):
    """Place, move or unschedule one contribution; answer its new position and the conflicts as they now stand."""
    event = get_event(event_id)
    loaded = load_program(event)
    try:
        move = read_move(loaded, request.get_json(silent=True))
        before = set(loaded.conflicts())
        placed_before = Move(move.contribution.id, move.contribution.room_id, move.contribution.starts_at)
        if move.room is None:
            program.unschedule(move.contribution, actor=current_user)
        else:
            program.schedule(move.contribution, move.room, move.starts_at, actor=current_user)
        db.session.flush()  # the conflict check reads room_id, which the flush sets from the relationship
    except program.ProgramError as error:
        db.session.rollback()
        return jsonify(error=error.code, message=move_message(error.code)), 400
    conflicts = loaded.conflicts()
    after = set(conflicts)
    answer = moved(loaded, move.contribution, conflicts, new=len(after - before), solved=len(before - after))
    announce_moves(event, changed([placed_before]))  # after publishing: one mail per person who has it
    db.session.commit()
    return jsonify(answer)


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    """The grid's script reads JSON; an expired page gets a message it can announce."""
    message = _("The page has expired. Please reload it and try again.")
    return jsonify(error="csrf", message=message), 400


def moved(loaded: Program, contribution, conflicts, *, new: int, solved: int) -> dict:
    """The move's answer: where the contribution is now (rendered as a block or a tray item) and every conflict."""
    event = loaded.event
    marks = conflict_marks(conflicts)
    parts = {"event": event, "marks": marks, "conflicts": describe(conflicts, loaded), "t": texts(event)}
    answer = {
        "contribution_id": contribution.id,
        "placed": contribution.is_scheduled,
        "marks": {str(k): v for k, v in marks.items()},
        "conflicts_html": render_template("program/_timetable_move.html", part="conflicts", **parts),
        "message": move_announcement(event, contribution, new, solved),
    }
    if contribution.is_scheduled:
        day = event.local(contribution.starts_at).date()
        placement = day_grid(loaded, day).place(contribution)
        answer |= {
            "day": day.isoformat(),
            "room_id": contribution.room_id,
            "minute": placement.minute,
            "block_html": render_template("program/_timetable_move.html", part="block", placement=placement, **parts),
        }
    else:
        answer["tray_html"] = render_template("program/_timetable_move.html", part="tray_item", c=contribution, **parts)
    return answer


def move_announcement(event, contribution, new: int, solved: int) -> str:
    """What the live region says, e.g. "Moved “KI im Amt” to NØRD Forum 10:30. 1 new conflict."."""
    if contribution.is_scheduled:
        where = _(
            "Moved “%(title)s” to %(room)s %(time)s.",
            title=contribution.title,
            room=contribution.room.name,
            time=format_time(contribution.starts_at, "short", tzinfo=event.tz, locale=formatting_locale()),
        )
    else:
        where = _("Took “%(title)s” out of the timetable.", title=contribution.title)
    parts = [where, ngettext("%(num)d new conflict.", "%(num)d new conflicts.", new) if new else _("No new conflict.")]
    if solved:
        parts.append(ngettext("%(num)d conflict solved.", "%(num)d conflicts solved.", solved))
    return " ".join(parts)


def texts(event) -> dict:
    """The words and links the grid repeats for every block, made once per request rather than once per block."""
    return {
        "language": current_language(),
        "contribution_url": url_for("program_manage.index", event_id=event.id) + "/contributions/",
        "timetable_url": url_for("timetable.index", event_id=event.id),
        "formats": {key: str(label) for key, label in zip(FORMATS, FORMAT_LABELS, strict=True)},
        "kinds": {key: str(label) for key, label in zip(ROOM_KINDS, ROOM_KIND_LABELS, strict=True)},
        "conflicts": {key: str(label) for key, label in CONFLICT_LABELS.items()},
        "marks": {"error": _("Conflict"), "warning": _("Warning")},
        "minutes": _("%(num)d min").replace("%(num)d", "%d"),
        "seats": _("%(num)d seats").replace("%(num)d", "%d"),
        "move": _("Move “%(title)s”, %(room)s, %(time)s"),
        "place": _("Place “%(title)s”"),
    }
