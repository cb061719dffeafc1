"""The planner's organizer pages (roles admin and program): settings, audiences and pins, starting a solve, a
proposal with its diff and figures, applying or discarding it."""

from datetime import date
from functools import partial

from babel.dates import format_date
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.db import utcnow
from core.extensions import db
from core.i18n import formatting_locale
from core.security.guards import roles_required
from events.forms import ConfirmForm
from events.manage import get_child, get_event
from events.program.manage import ROLES
from events.program.planner import proposals as planner
from events.program.planner.forms import PlanForm, SettingsForm, audience_form
from events.program.planner.models import TimetableProposal
from events.program.planner.problem import favourites_in, scope
from events.program.planner.settings import PlannerError, planning_of, save_audience, save_settings, stored_settings
from events.program.planner.texts import problem_message
from planning.timetable.planner import ProblemError

bp = Blueprint("planner", __name__, url_prefix="/manage/events/<int:event_id>/program/planner")
FIGURES = (
    "attendee_conflicts",
    "attendees_with_conflict",
    "lost_favourites",
    "track_breaks",
    "mean_room_fill",
    "penalty",
)
FIGURE_LABELS = {
    "attendee_conflicts": _l("Clashes in attendees' agendas"),
    "attendees_with_conflict": _l("Attendees with at least one clash"),
    "lost_favourites": _l("Favourites lost even on the best personal route"),
    "track_breaks": _l("Track breaks"),
    "mean_room_fill": _l("Room fill (mean)"),
    "penalty": _l("Penalty"),
}
STATE_LABELS = {
    "queued": _l("being computed"),
    "ready": _l("ready"),
    "failed": _l("failed"),
    "applied": _l("applied"),
    "discarded": _l("discarded"),
}
SEARCH_REASONS = {
    "done": _l("The search ran to its end"),
    "time": _l("The time budget ran out"),
    "cancelled": _l("The search was stopped"),
    "trivial": _l("Nothing could be moved"),
}


@bp.get("")
@roles_required(*ROLES)
def index(event_id):
    event = get_event(event_id)
    recent = planner.proposals_of(event)
    running = next((p for p in recent if p.state == "queued"), None)
    return render_template(
        "program/planner/index.html",
        event=event,
        form=plan_form(event),
        proposals=recent,
        running=running,
        job=planner.job_of(running) if running else None,
        settings=stored_settings(event),
        state_labels=STATE_LABELS,
    )


@bp.post("/proposals")
@roles_required(*ROLES)
def start(event_id):
    """ "Vorschlag berechnen": check the program, then queue the solve; a program that cannot be planned is named."""
    event = get_event(event_id)
    form = plan_form(event)
    if not form.validate_on_submit():
        flash(_("Choose what to plan and a time budget of 1 to 600 seconds."), "error")
        return redirect(index_url(event))
    try:
        day = chosen_day(event, form.day.data)
    except ValueError:
        flash(_("Choose one of the event's days, or the whole event."), "error")
        return redirect(index_url(event))
    try:
        proposal = planner.start_proposal(event, day=day, seconds=form.seconds.data, user=current_user, now=utcnow())
    except ProblemError as error:
        db.session.rollback()
        flash(problem_message(error.code, error.params, names_of(event)), "error")
        return redirect(index_url(event))
    except PlannerError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(index_url(event))
    db.session.commit()
    return redirect(proposal_url(event, proposal))


@bp.get("/proposals/<int:proposal_id>")
@roles_required(*ROLES)
def proposal(event_id, proposal_id):
    event = get_event(event_id)
    found = get_child(TimetableProposal, proposal_id, event)
    shown = planner.diff(found) if found.timetable else None
    return render_template(
        "program/planner/proposal.html",
        event=event,
        proposal=found,
        diff=shown,
        job=planner.job_of(found),
        names=names_of(event),
        figures=FIGURES,
        stale=planner.changed_since(event, found) if found.state == "ready" else [],
        error=problem_message(found.error_code, found.error_params or {}, names_of(event)) if found.error_code else "",
        action_form=ConfirmForm(),
        state_labels=STATE_LABELS,
        figure_labels=FIGURE_LABELS,
        search_text=search_text(found),
        place=partial(place_text, names_of(event)),
    )


@bp.post("/proposals/<int:proposal_id>/apply")
@roles_required(*ROLES)
def apply(event_id, proposal_id):
    event = get_event(event_id)
    found = get_child(TimetableProposal, proposal_id, event)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        moves = planner.apply_proposal(found, actor=current_user, now=utcnow())
    except PlannerError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(proposal_url(event, found))
    db.session.commit()
    flash(_("The proposal was applied: %(count)s contributions placed or moved.", count=len(moves)), "success")
    return redirect(url_for("timetable.index", event_id=event.id))


@bp.post("/proposals/<int:proposal_id>/discard")
@roles_required(*ROLES)
def discard(event_id, proposal_id):
    event = get_event(event_id)
    found = get_child(TimetableProposal, proposal_id, event)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        planner.discard_proposal(found, actor=current_user, now=utcnow())
    except PlannerError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(proposal_url(event, found))
    db.session.commit()
    flash(_("The proposal was discarded."), "success")
    return redirect(index_url(event))


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(*ROLES)
def settings(event_id):
    event = get_event(event_id)
    stored = stored_settings(event)
    form = SettingsForm(obj=stored)
    form.workshop_room_ids.choices = [SelectChoice(r.id, f"{r.name} ({r.capacity})") for r in event.rooms]
    if stored is None and not form.is_submitted():
        form.workshop_room_ids.data = [r.id for r in event.rooms if r.kind == "workshop"]
    if form.validate_on_submit():
        try:
            save_settings(
                event,
                blocks_text=form.blocks_text.data or "",
                time_grid_minutes=form.time_grid_minutes.data,
                workshop_room_ids=form.workshop_room_ids.data or [],
                attendee_conflict_weight=form.attendee_conflict_weight.data,
                track_break_weight=form.track_break_weight.data,
                may_move_published=form.may_move_published.data,
                actor=current_user,
            )
        except PlannerError as error:
            db.session.rollback()
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(index_url(event))
    return render_template("program/planner/settings.html", event=event, form=form)


@bp.route("/audience", methods=["GET", "POST"])
@roles_required(*ROLES)
def audience(event_id):
    """Each contribution's counted favourites, the team's expected audience, and pins."""
    event = get_event(event_id)
    contributions = scope(event, None)
    form = audience_form(contributions, planning_of(event))
    if form.validate_on_submit():
        values = {c.id: (form[f"audience_{c.id}"].data, bool(form[f"pinned_{c.id}"].data)) for c in contributions}
        try:
            save_audience(event, values, actor=current_user)
        except PlannerError as error:
            db.session.rollback()
            attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("planner.audience", event_id=event.id))
    chosen = favourites_in(event, {c.id for c in contributions})
    counts = {c.id: sum(c.id in own for own in chosen) for c in contributions}
    rows = [(c, counts[c.id], form[f"audience_{c.id}"], form[f"pinned_{c.id}"]) for c in contributions]
    return render_template("program/planner/audience.html", event=event, form=form, rows=rows)


def attach(form, error: PlannerError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def plan_form(event) -> PlanForm:
    form = PlanForm()
    form.day.choices = [SelectChoice("", _("The whole event"))] + [
        SelectChoice(d.isoformat(), _("Only %(day)s", day=d.strftime("%d.%m.%Y"))) for d in event.days
    ]
    return form


def chosen_day(event, text: str | None) -> date | None:
    """The day chosen in the form, or None for the whole event. :raises ValueError: not one of the event's days."""
    if not text:
        return None
    day = date.fromisoformat(text)
    if day not in event.days:
        raise ValueError(text)
    return day


def names_of(event) -> dict[str, str]:
    """Problem ids → names people know, for messages: rooms, contributions, speakers."""
    from events.program.models import Contribution, Speaker

    names = {f"r{r.id}": r.name for r in event.rooms}
    rows = db.session.execute(db.select(Contribution.id, Contribution.title).where(Contribution.event_id == event.id))
    names |= {f"c{cid}": title for cid, title in rows}
    rows = db.session.execute(db.select(Speaker.id, Speaker.name).where(Speaker.event_id == event.id))
    names |= {f"s{sid}": name for sid, name in rows}
    return names


def place_text(names: dict[str, str], placement: dict) -> str:
    """A placement as people read it: room, day, start."""
    day = format_date(date.fromisoformat(placement["day"]), "EEE d. MMM", locale=formatting_locale())
    return f"{names.get(placement['room'], placement['room'])}, {day}, {placement['start']}"


def search_text(proposal: TimetableProposal) -> str:
    search = proposal.search or {}
    if not search:
        return ""
    reason = SEARCH_REASONS.get(search.get("reason"), search.get("reason"))
    best = _("best found after %(seconds)s s", seconds=search.get("seconds_to_best"))
    return f"{reason}; {best}."


def index_url(event) -> str:
    return url_for("planner.index", event_id=event.id)


def proposal_url(event, proposal) -> str:
    return url_for("planner.proposal", event_id=event.id, proposal_id=proposal.id)
