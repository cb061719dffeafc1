"""Organizer pages for an event's capacity: quotas and ticket types (role admin); speakers' badges (admin, program)."""

from datetime import date
from functools import partial

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.security.guards import roles_required
from events.manage import get_child, get_event
from events.messages import save_form
from events.services import local_to_utc, utc_to_local
from ticketing import speaker_tickets
from ticketing.booking import capacity
from ticketing.booking.documents.files import badge_pdf
from ticketing.booking.manage_forms import QuotaForm, TicketTypeForm
from ticketing.models import Quota, TicketType

bp = Blueprint("ticketing_manage", __name__, url_prefix="/manage/events/<int:event_id>")


@bp.route("/quotas/new", methods=["GET", "POST"])
@bp.route("/quotas/<int:quota_id>", methods=["GET", "POST"])
@roles_required("admin")
def quota(event_id, quota_id=None):
    event = get_event(event_id)
    existing = get_child(Quota, quota_id, event) if quota_id else None
    form = QuotaForm(obj=existing)
    if form.validate_on_submit():
        save = partial(
            capacity.save_quota,
            event,
            name=form.name.data,
            capacity=form.capacity.data,
            overbooking_percent=form.overbooking_percent.data,
            quota=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=url_for("manage.event", event_id=event.id)):
            return saved
    return render_template("manage/form_page.html", form=form, event=event, title=_("Quota"))


@bp.route("/ticket-types/new", methods=["GET", "POST"])
@bp.route("/ticket-types/<int:ticket_type_id>", methods=["GET", "POST"])
@roles_required("admin")
def ticket_type(event_id, ticket_type_id=None):
    event = get_event(event_id)
    existing = get_child(TicketType, ticket_type_id, event) if ticket_type_id else None
    form = TicketTypeForm(data=ticket_type_values(existing) if existing else None)
    form.quota_ids.choices = [SelectChoice(q.id, f"{q.name} ({q.seat_limit})") for q in capacity.quotas_for(event)]
    form.valid_days.choices = [SelectChoice(d.isoformat(), format_date(d, "full")) for d in event.days]
    if form.validate_on_submit():
        save = partial(
            capacity.save_ticket_type,
            event,
            name=form.name.data,
            description=form.description.data or "",
            quota_ids=form.quota_ids.data,
            valid_days=[date.fromisoformat(d) for d in form.valid_days.data],
            sale_starts_at=form.sale_starts_at.data and local_to_utc(form.sale_starts_at.data, event.timezone),
            sale_ends_at=form.sale_ends_at.data and local_to_utc(form.sale_ends_at.data, event.timezone),
            is_public=form.is_public.data,
            ticket_type=existing,
            actor=current_user,
        )
        if saved := save_form(form, save, done=url_for("manage.event", event_id=event.id)):
            return saved
    return render_template("manage/form_page.html", form=form, event=event, title=_("Ticket type"))


def ticket_type_values(ticket_type: TicketType) -> dict:
    tz = ticket_type.event.timezone
    return {
        "name": ticket_type.name,
        "description": ticket_type.description,
        "quota_ids": [q.id for q in ticket_type.quotas],
        "valid_days": [d.isoformat() for d in ticket_type.valid_days],
        "sale_starts_at": utc_to_local(ticket_type.sale_starts_at, tz),
        "sale_ends_at": utc_to_local(ticket_type.sale_ends_at, tz),
        "is_public": ticket_type.is_public,
    }


@bp.get("/speaker-badges.pdf")
@roles_required("admin", "program")
def speaker_badges(event_id):
    """The badges of every speaker holding a speaker ticket (or of one, `?speaker=<id>`), to print before the day."""
    event = get_event(event_id)
    speaker_id = request.args.get("speaker", type=int)
    tickets = speaker_tickets.valid_speaker_tickets(event, speaker_id=speaker_id)
    if not tickets:
        abort(404)
    disposition = f'inline; filename="{event.slug}-speaker-badges.pdf"'
    return badge_pdf(tickets), 200, {"Content-Type": "application/pdf", "Content-Disposition": disposition}
