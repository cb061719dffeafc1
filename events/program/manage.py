"""Organizer pages for an event's program: rooms, tracks, speakers, contributions, placing them, publishing
(roles admin and program)."""

import re
from datetime import date
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.db import utcnow
from core.extensions import db
from core.i18n import current_language
from core.security.guards import roles_required
from core.urls import external_url
from events.forms import ConfirmForm
from events.manage import get_child, get_event
from events.messages import message_for, save_form
from events.models import Event, Room
from events.program import placing as program
from events.program import services as program_services
from events.program.forms import (
    ContributionForm,
    RoomForm,
    ScheduleForm,
    SpeakerForm,
    TrackForm,
    format_windows,
    program_filter,
)
from events.program.listing import contribution_page
from events.program.models import Contribution, Speaker, Track
from events.program.planner.interest import Move, announce_moves, changed
from events.program.schedule.exports import slugify
from events.program.timetable import scheduling
from events.services import local_to_utc, utc_to_local

bp = Blueprint("program_manage", __name__, url_prefix="/manage/events/<int:event_id>/program")
ROLES = ("admin", "program")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@bp.get("")
@roles_required(*ROLES)
def index(event_id):
    event = get_event(event_id)
    choices = program_services.program_choices(event)
    form, filters = program_filter(request.args, choices["tracks"], choices["rooms"])
    page = contribution_page(event, filters, request.args.get("page", 1, type=int))
    return render_template(
        "program/index.html",
        event=event,
        action_form=ConfirmForm(),
        filter_form=form,
        filters=filters,
        filter_args=filters.as_args(),
        page=page,
        **choices,
    )


@bp.route("/rooms/new", methods=["GET", "POST"])
@bp.route("/rooms/<int:room_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def room(event_id, room_id=None):
    event = get_event(event_id)
    existing = get_child(Room, room_id, event) if room_id else None
    form = RoomForm(obj=existing)
    if form.validate_on_submit():
        save = partial(
            program_services.save_room,
            event,
            name=form.name.data,
            kind=form.kind.data,
            capacity=form.capacity.data,
            access_notes=form.access_notes.data or "",
            room=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=overview_url(event)):
            return saved
    return render_template("program/form_page.html", form=form, event=event, title=_("Room"))


@bp.route("/tracks/new", methods=["GET", "POST"])
@bp.route("/tracks/<int:track_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def track(event_id, track_id=None):
    event = get_event(event_id)
    existing = get_child(Track, track_id, event) if track_id else None
    form = TrackForm(obj=existing)
    if form.validate_on_submit():
        save = partial(
            program_services.save_track,
            event,
            name=form.name.data,
            colour=form.colour.data,
            track=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=overview_url(event)):
            return saved
    return render_template("program/form_page.html", form=form, event=event, title=_("Track"))


@bp.route("/speakers/new", methods=["GET", "POST"])
@bp.route("/speakers/<int:speaker_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def speaker(event_id, speaker_id=None):
    event = get_event(event_id)
    existing = get_child(Speaker, speaker_id, event) if speaker_id else None
    form = SpeakerForm(data=speaker_values(existing, event) if existing else None)
    form.tz = event.tz
    if form.validate_on_submit():
        save = partial(
            program_services.save_speaker,
            event,
            name=form.name.data,
            organization=form.organization.data or "",
            bio=form.bio.data or "",
            email=form.email.data or "",
            availability=form.windows,
            speaker=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=overview_url(event)):
            return saved
    return render_template("program/form_page.html", form=form, event=event, title=_("Speaker"))


@bp.route("/contributions/new", methods=["GET", "POST"])
@bp.route("/contributions/<int:contribution_id>", methods=["GET", "POST"])
@roles_required(*ROLES)
def contribution(event_id, contribution_id=None):
    event = get_event(event_id)
    existing = get_child(Contribution, contribution_id, event) if contribution_id else None
    choices = program_services.program_choices(event)  # not the overview: no need to load every contribution
    form = ContributionForm(obj=existing, data={"speaker_ids": [s.id for s in existing.speakers]} if existing else None)
    form.track_id.choices = [SelectChoice("", _("No track"))] + [SelectChoice(t.id, t.name) for t in choices["tracks"]]
    form.speaker_ids.choices = [SelectChoice(s.id, s.name) for s in choices["speakers"]]
    if form.validate_on_submit():
        save = partial(
            program_services.save_contribution,
            event,
            title=form.title.data,
            abstract=form.abstract.data or "",
            format=form.format.data,
            duration_minutes=form.duration_minutes.data,
            language=form.language.data,
            track_id=form.track_id.data,
            speaker_ids=form.speaker_ids.data or [],
            seats=form.seats.data,
            state=form.state.data,
            contribution=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=overview_url(event)):
            return saved
    schedule_form = schedule_form_for(event, existing, choices["rooms"]) if existing else None
    return render_template(
        "program/contribution.html",
        form=form,
        event=event,
        contribution=existing,
        schedule_form=schedule_form,
        action_form=ConfirmForm(),
    )


@bp.post("/contributions/<int:contribution_id>/schedule")
@roles_required(*ROLES)
def schedule(event_id, contribution_id):
    event = get_event(event_id)
    contribution = get_child(Contribution, contribution_id, event)
    form = ScheduleForm()
    if not form.validate_on_submit():
        flash(_("Choose a room and a start time."), "error")
    else:
        room = get_child(Room, form.room_id.data, event)
        before = Move(contribution.id, contribution.room_id, contribution.starts_at)
        try:
            program.schedule(contribution, room, local_to_utc(form.starts_at.data, event.timezone), actor=current_user)
        except program.ProgramError as error:
            db.session.rollback()
            flash(message_for(error.code), "error")
        else:
            announce_moves(event, changed([before]))  # after publishing: one mail per person who has it
            db.session.commit()
            flash(_("The contribution was placed in the timetable."), "success")
    return redirect(contribution_url(event, contribution))


@bp.post("/contributions/<int:contribution_id>/unschedule")
@roles_required(*ROLES)
def unschedule(event_id, contribution_id):
    event = get_event(event_id)
    contribution = get_child(Contribution, contribution_id, event)
    if ConfirmForm().validate_on_submit():
        before = Move(contribution.id, contribution.room_id, contribution.starts_at)
        program.unschedule(contribution, actor=current_user)
        announce_moves(event, changed([before]))
        db.session.commit()
        flash(_("The contribution was taken out of the timetable."), "success")
    return redirect(contribution_url(event, contribution))


@bp.post("/publish")
@roles_required(*ROLES)
def publish(event_id):
    event = get_event(event_id)
    if ConfirmForm().validate_on_submit():
        program.publish_schedule(event, now=utcnow(), actor=current_user)
        db.session.commit()
        flash(_("The timetable is published."), "success")
    return redirect(overview_url(event))


@bp.post("/auto-schedule")
@roles_required(*ROLES)
def auto_schedule(event_id):
    event = get_event(event_id)
    if ConfirmForm().validate_on_submit():
        result = scheduling.auto_schedule(event, actor=current_user)
        db.session.commit()
        flash(scheduling.summary(result), "error" if result.unplaced else "success")
    return redirect(overview_url(event))


@bp.post("/withdraw")
@roles_required(*ROLES)
def withdraw(event_id):
    event = get_event(event_id)
    if ConfirmForm().validate_on_submit():
        program.withdraw_schedule(event, actor=current_user)
        db.session.commit()
        flash(_("The timetable is withdrawn."), "success")
    return redirect(overview_url(event))


@bp.get("/door-signs.pdf")
@roles_required(*ROLES)
def door_signs(event_id):
    """A door sign per room (or for `room` only) for `day`, with each room's sessions and a QR code of them online."""
    event = get_event(event_id)
    day = event_day(event, request.args.get("day", ""))
    if day is None:
        return bad_request(_("Choose one of the event's days (YYYY-MM-DD)."))
    rooms = event.rooms
    if room_arg := request.args.get("room", ""):
        if not (room_arg.isascii() and room_arg.isdigit()):
            return bad_request(_("Choose one of the event's rooms."))
        rooms = [room for room in event.rooms if room.id == int(room_arg)] or abort(404)
    if not rooms:
        return bad_request(_("The event has no rooms yet."))
    from events.program.printing.prints import door_signs_pdf  # reportlab loads on first use, not in every worker
    from events.program.schedule.views import public_contributions

    links = [(room, room_schedule_url(event, room, day)) for room in rooms]
    data = door_signs_pdf(event, day, links, public_contributions(event), language=current_language())
    which = [slugify(rooms[0].name) or f"room-{rooms[0].id}"] if room_arg else []
    filename = "-".join([event.slug, slugify(_("Door signs")), *which, day.isoformat()]) + ".pdf"
    return data, 200, {"Content-Type": "application/pdf", "Content-Disposition": f'inline; filename="{filename}"'}


def event_day(event: Event, text: str) -> date | None:
    """The day from the query string if it is written YYYY-MM-DD and is one of the event's days."""
    if not ISO_DAY.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day in event.days else None


def room_schedule_url(event: Event, room: Room, day: date) -> str:
    """The public schedule of one room and day: what a door sign's QR code opens."""
    return external_url("schedule.schedule", slug=event.slug, day=day.isoformat(), room=room.id)


def bad_request(message: str):
    return render_template("errors/error.html", status=400, title=_("Bad request"), message=message), 400


def schedule_form_for(event, contribution: Contribution, rooms: list[Room]) -> ScheduleForm:
    """The keyboard path for placing a contribution: a room and a local start time, prefilled where it is now."""
    data = {"room_id": contribution.room_id, "starts_at": utc_to_local(contribution.starts_at, event.timezone)}
    form = ScheduleForm(formdata=None, data=data)
    form.room_id.choices = [SelectChoice(r.id, f"{r.name} ({r.capacity})") for r in rooms]
    return form


def speaker_values(speaker: Speaker, event) -> dict:
    """The speaker as the form shows them: availability windows as lines in the event's timezone."""
    values = {name: getattr(speaker, name) for name in ("name", "organization", "email", "bio")}
    values["availability"] = format_windows(((w.starts_at, w.ends_at) for w in speaker.availability), event.tz)
    return values


def overview_url(event) -> str:
    return url_for("program_manage.index", event_id=event.id)


def contribution_url(event, contribution) -> str:
    return url_for("program_manage.contribution", event_id=event.id, contribution_id=contribution.id)
