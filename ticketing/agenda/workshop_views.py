"""Workshop sign-up from the private ticket page (one-button POSTs), and the organizer's sign-up lists with CSV."""

from babel.dates import format_datetime, format_time
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from core import spreadsheets as exports
from core.db import utcnow
from core.extensions import db
from core.i18n import current_language, datetime_format, formatting_locale
from core.security.guards import roles_required
from events.manage import get_child, get_event
from events.program.models import Contribution
from ticketing.agenda import workshops
from ticketing.agenda.workshops import WORKSHOP_ERROR_MESSAGES, WorkshopError
from ticketing.booking.bookings import ticket_by_token
from ticketing.models import Ticket, WorkshopSignup

bp = Blueprint("workshops", __name__)
# Sign-up lists carry names and email addresses: the door needs none of it (each workshop has its own check-in list).
ORGANIZER_ROLES = ("admin", "program")


@bp.app_template_global()
def workshop_offers(ticket: Ticket) -> list[workshops.WorkshopOffer]:
    """What the ticket page's workshop section lists (the page itself belongs to `ticketing.booking.views`)."""
    return workshops.workshops_for(ticket, utcnow()) if ticket.state == "valid" else []


def when(event, contribution: Contribution) -> str:
    """ "27.05.26, 10:40–12:10" in the event's timezone and the reader's language."""
    language = current_language()
    starts = format_datetime(
        contribution.starts_at, datetime_format("short", language), tzinfo=event.tz, locale=formatting_locale(language)
    )
    return f"{starts}–{format_time(contribution.ends_at, 'short', tzinfo=event.tz, locale=formatting_locale(language))}"


def error_text(error: WorkshopError, event) -> str:
    text = str(WORKSHOP_ERROR_MESSAGES[error.code])
    if error.other is not None:
        return text % {"title": error.other.title, "time": when(event, error.other)}
    return text


@bp.post("/t/<token>/workshops/<int:contribution_id>/<any(signup, waitlist):action>")
def take_place(token, contribution_id, action):
    """Sign up, or join the waiting list; a full workshop answers with its waiting list on the page."""
    ticket = ticket_by_token(token) or abort(404)
    contribution = workshops.workshop_for(ticket, contribution_id) or abort(404)
    title = contribution.title
    service = workshops.sign_up if action == "signup" else workshops.join_waitlist
    try:
        signup = service(ticket, contribution, now=utcnow())
    except WorkshopError as error:
        # Full: keep what the service did first, which is moving waiting tickets up to seats an organizer added.
        if error.code == "workshop_full":
            db.session.commit()
        else:
            db.session.rollback()
        flash(error_text(error, ticket.event), "error")
        return _back(token)
    position = workshops.queue_position(signup) if signup.state == "waiting" else None
    db.session.commit()
    if position is None:
        flash(_("You have a seat in “%(title)s”.", title=title), "success")
    else:
        flash(
            _(
                "You are number %(position)s on the waiting list for “%(title)s”. If a seat becomes free, it is "
                "yours automatically and we tell you by email.",
                position=position,
                title=title,
            ),
            "success",
        )
    return _back(token)


@bp.post("/t/<token>/workshops/<int:contribution_id>/leave")
def leave(token, contribution_id):
    ticket = ticket_by_token(token) or abort(404)
    signup = db.session.scalar(
        select(WorkshopSignup).where(
            WorkshopSignup.ticket_id == ticket.id, WorkshopSignup.contribution_id == contribution_id
        )
    )
    if signup is None:
        abort(404)
    title, was_waiting = signup.contribution.title, signup.state == "waiting"
    try:
        workshops.leave(signup, now=utcnow())
    except WorkshopError as error:
        db.session.rollback()
        flash(error_text(error, ticket.event), "error")
        return _back(token)
    db.session.commit()
    if was_waiting:
        flash(_("You have left the waiting list for “%(title)s”.", title=title), "success")
    else:
        flash(_("You have left “%(title)s”; your seat goes to the next person.", title=title), "success")
    return _back(token)


def _back(token: str):
    """To the top of the ticket page, where the flashed outcome shows (an anchor further down would hide it)."""
    return redirect(url_for("ticketing.ticket", token=token))


@bp.get("/manage/events/<int:event_id>/workshops")
@roles_required(*ORGANIZER_ROLES)
def overview(event_id):
    event = get_event(event_id)
    waiting = dict(
        db.session.execute(
            select(WorkshopSignup.contribution_id, func.count(WorkshopSignup.id))
            .join(Contribution, Contribution.id == WorkshopSignup.contribution_id)
            .where(Contribution.event_id == event.id, WorkshopSignup.state == "waiting")
            .group_by(WorkshopSignup.contribution_id)
        ).all()
    )
    query = (
        select(Contribution)
        .where(Contribution.event_id == event.id, Contribution.seats.is_not(None))
        .options(joinedload(Contribution.room))
        .order_by(Contribution.starts_at, Contribution.title)
    )
    return render_template(
        "agenda/workshops_overview.html", event=event, workshops=db.session.scalars(query).all(), waiting=waiting
    )


@bp.get("/manage/events/<int:event_id>/workshops/<int:contribution_id>")
@roles_required(*ORGANIZER_ROLES)
def signups(event_id, contribution_id):
    event = get_event(event_id)
    contribution = get_child(Contribution, contribution_id, event)
    return render_template(
        "agenda/workshop_signups.html", event=event, contribution=contribution, rows=_signups(contribution)
    )


@bp.get("/manage/events/<int:event_id>/workshops/<int:contribution_id>/signups.csv")
@roles_required(*ORGANIZER_ROLES)
def export(event_id, contribution_id):
    event = get_event(event_id)
    contribution = get_child(Contribution, contribution_id, event)
    states = {"signed_up": _("seat"), "waiting": _("waiting list")}
    headers = [_("Name"), _("Organization"), _("Email"), _("Ticket"), _("State"), _("Since")]
    rows = (
        [t.attendee_name, t.organization, t.attendee_email, t.ticket_type.name, states[s.state], event.local(since)]
        for s, t in _signups(contribution)
        for since in [s.promoted_at or s.created_at]
    )
    filename = f"{event.slug}-workshop-{contribution.id}.csv"
    headers_http = {"Content-Type": exports.CSV_MIMETYPE, "Content-Disposition": f'attachment; filename="{filename}"'}
    return exports.csv_bytes(headers, rows), 200, headers_http


def _signups(contribution: Contribution) -> list[tuple[WorkshopSignup, Ticket]]:
    """Seats first (by name), then the waiting list in its order."""
    query = (
        select(WorkshopSignup, Ticket)
        .join(Ticket, Ticket.id == WorkshopSignup.ticket_id)
        .options(selectinload(Ticket.ticket_type))
        .where(WorkshopSignup.contribution_id == contribution.id, WorkshopSignup.state.in_(workshops.HOLDING))
    )
    rows = db.session.execute(query).all()
    seated = sorted((r for r in rows if r[0].state == "signed_up"), key=lambda r: (r[1].attendee_name, r[1].id))
    waiting = sorted((r for r in rows if r[0].state == "waiting"), key=lambda r: (r[0].created_at, r[0].id))
    return [tuple(r) for r in seated + waiting]
