"""The personal agenda: the ticket holder's page and secret iCal feed; a visitor's saved list (kept in the browser)
and its feed built from contribution ids alone."""

from itertools import groupby

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from core.db import utcnow
from core.extensions import db
from core.forms import Form
from events.program.schedule.export_views import ICS_TYPE, base_url
from events.program.schedule.views import public_schedule_event
from ticketing.agenda import personal as agenda_service
from ticketing.agenda.personal import AgendaError, agenda_message
from ticketing.booking.bookings import ticket_by_token

bp = Blueprint("agenda", __name__)


class AgendaForm(Form):
    """One form around a list of buttons, each sending its contribution's id: one CSRF token for the whole list."""

    contribution_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])


def ticket_or_404(token: str):
    """The ticket behind a private link; a holder who deleted their data has none any more."""
    ticket = ticket_by_token(token) or abort(404)
    if ticket.anonymised_at is not None:
        abort(404)
    return ticket


def by_day(event, items):
    """[(local date, [item, …]), …] for contributions or agenda entries in order of time."""
    return [(day, list(group)) for day, group in groupby(items, key=lambda item: event.local(item.starts_at).date())]


def feed_urls(ticket) -> dict:
    if not ticket.feed_token:
        return {}
    address = base_url() + url_for("agenda.feed", feed_token=ticket.feed_token)
    return {"address": address, "webcal": "webcal://" + address.split("://", 1)[1]}


@bp.get("/t/<token>/agenda")
def page(token):
    ticket = ticket_or_404(token)
    event = ticket.event
    published = ticket.is_valid and agenda_service.program_is_public(event)
    entries = agenda_service.agenda(ticket)
    return render_template(
        "agenda/agenda.html",
        ticket=ticket,
        event=event,
        published=published,
        entries=by_day(event, entries),
        marked={e.contribution.id for e in entries if e.marked},
        unscheduled=agenda_service.unscheduled_marks(ticket) if ticket.is_valid else [],
        program=by_day(event, agenda_service.program(event)) if published else [],
        feed=feed_urls(ticket),
    )


@bp.post("/t/<token>/agenda/<any(add, remove):action>")
def change(token, action):
    ticket = ticket_or_404(token)
    form = AgendaForm()
    if not form.validate():
        flash(_("Please choose a contribution."), "error")
        return redirect(url_for("agenda.page", token=token))
    contribution_id = form.contribution_id.data
    try:
        if action == "add":
            contribution = agenda_service.add_to_agenda(ticket, contribution_id, now=utcnow())
            message = _("Added to your agenda: %(title)s", title=contribution.title)
        else:
            agenda_service.remove_from_agenda(ticket, contribution_id)
            message = _("Removed from your agenda.")
    except AgendaError as error:
        db.session.rollback()
        flash(agenda_message(error.code), "error")
        return redirect(url_for("agenda.page", token=token))
    db.session.commit()
    flash(message, "success")
    anchor = f"program-{contribution_id}" if action == "add" else "my-agenda"
    return redirect(url_for("agenda.page", token=token, _anchor=anchor))


@bp.post("/t/<token>/agenda/feed")
def rotate_feed(token):
    ticket = ticket_or_404(token)
    if not ticket.is_valid:
        flash(agenda_message("ticket_not_valid"), "error")
        return redirect(url_for("agenda.page", token=token))
    agenda_service.rotate_feed_token(ticket)
    db.session.commit()
    flash(_("Your agenda has a new feed address; the old one no longer works. Subscribe again with it."), "success")
    return redirect(url_for("agenda.page", token=token, _anchor="feed"))


@bp.get("/agenda/<feed_token>.ics")
def feed(feed_token):
    ticket = agenda_service.ticket_by_feed_token(feed_token)
    if ticket is None or not ticket.is_valid:
        abort(404)
    headers = {"Content-Type": ICS_TYPE, "Cache-Control": "private, no-cache"}
    return agenda_service.feed_calendar(ticket), 200, headers


@bp.get("/e/<slug>/agenda")
def saved(slug):
    event = public_schedule_event(slug)
    feed_url = base_url() + url_for("agenda.saved_feed", slug=event.slug)
    return render_template("schedule/agenda.html", event=event, feed_url=feed_url)


@bp.get("/e/<slug>/agenda.ics")
def saved_feed(slug):
    event = public_schedule_event(slug)
    try:
        ids = agenda_service.parse_saved_ids(request.args.get("c", ""))
    except AgendaError as error:
        return Response(agenda_message(error.code) + "\n", 400, mimetype="text/plain")
    return agenda_service.saved_calendar(event, ids), 200, {"Content-Type": ICS_TYPE}
