"""Organizer pages for an event's attendees: list and search, CSV/XLSX export, cancel (after a confirmation page, with
a mail to the holder), resend (role admin); messages to attendees are the cockpit's (cockpit/messages)."""

from collections.abc import Iterable, Iterator

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import spreadsheets as exports
from core.db import utcnow
from core.extensions import db
from core.mail.composing import MailError
from core.security.guards import roles_required, safe_next_url
from core.services import record_action
from events.manage import get_child, get_event
from events.messages import message_for
from events.models import Event
from ticketing.attendees.forms import STATE_LABELS, CancelTicketForm, TicketActionForm, attendee_filter
from ticketing.attendees.queries import attendee_page, attendees_for_export, state_counts
from ticketing.booking import mails
from ticketing.booking.bookings import cancel_ticket
from ticketing.booking.capacity import ticket_types_for
from ticketing.booking.forms import STAKEHOLDER_LABELS, YES_NO
from ticketing.errors import BookingError
from ticketing.models import Ticket

bp = Blueprint("attendees", __name__, url_prefix="/manage/events/<int:event_id>/attendees")


@bp.get("")
@roles_required("admin")
def index(event_id):
    event = get_event(event_id)
    form, filters = attendee_filter(ticket_types_for(event))
    return render_template(
        "attendees/list.html",
        event=event,
        form=form,
        filters=filters,
        filter_args=filters.as_args(),
        page=attendee_page(event, filters, request.args.get("page", 1, type=int)),
        counts=state_counts(event),
        state_labels=STATE_LABELS,
        stakeholder_labels=STAKEHOLDER_LABELS,
        action_form=TicketActionForm(next=request.full_path.rstrip("?")),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
@roles_required("admin")
def export(event_id, fmt):
    event = get_event(event_id)
    _form, filters = attendee_filter(ticket_types_for(event))
    headers, rows = attendee_table(event, attendees_for_export(event, filters))
    filename = f"{event.slug}-teilnehmende-{utcnow().astimezone(event.tz).date().isoformat()}"
    return exports.spreadsheet_download(fmt, headers, rows, title=_("Attendees"), filename=filename)


@bp.route("/<int:ticket_id>/cancel", methods=["GET", "POST"])
@roles_required("admin")
def cancel(event_id, ticket_id):
    """GET: the confirmation page (ticket, holder, optional reason); POST: cancel, tell the holder, audit."""
    event = get_event(event_id)
    ticket = get_child(Ticket, ticket_id, event)
    form = CancelTicketForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template(
            "attendees/cancel.html", event=event, ticket=ticket, form=form, **cancel_page(ticket, form)
        )
    reason = (form.reason.data or "").strip()
    was_valid = ticket.is_valid
    try:
        cancel_ticket(ticket, now=utcnow())
    except BookingError as error:
        db.session.rollback()
        flash(message_for(error.code), "error")
        return redirect(back_to_list(form, event))
    told = was_valid and tell_holder(ticket, reason)
    record_action(current_user, "ticket.cancel", cancel_audit_target(ticket, reason), subject=("ticket", ticket.id))
    db.session.commit()
    flash(_("The ticket of %(name)s is cancelled; its seat is free.", name=ticket.attendee_name), "success")
    if told:
        flash(_("%(email)s will be told by email.", email=ticket.attendee_email), "success")
    return redirect(back_to_list(form, event))


@bp.post("/<int:ticket_id>/resend")
@roles_required("admin")
def resend(event_id, ticket_id):
    event = get_event(event_id)
    ticket = get_child(Ticket, ticket_id, event)
    form = TicketActionForm()
    if form.validate_on_submit():
        if queue_ticket_mail(ticket):
            record_action(current_user, "ticket.resend", audit_target(ticket), subject=("ticket", ticket.id))
            db.session.commit()
            flash(_("The ticket will be sent again to %(email)s.", email=ticket.attendee_email), "success")
        else:
            flash(_("Only valid tickets with a working email address can be sent again."), "error")
    return redirect(back_to_list(form, event))


def cancel_page(ticket: Ticket, form: CancelTicketForm) -> dict:
    """What the confirmation page says besides the form: whether it can still be cancelled, who hears of it."""
    return {
        "already_cancelled": message_for("already_cancelled") if ticket.state == "cancelled" else None,
        "mail_to": ticket.attendee_email if ticket.is_valid else "",
        "back_url": back_to_list(form, ticket.event),
    }


def tell_holder(ticket: Ticket, reason: str) -> bool:
    """Queue the cancellation mail to a holder who had a valid ticket (a held one was never sent to them)."""
    if not ticket.attendee_email:
        return False
    try:
        mails.ticket_cancelled_mail(ticket, reason=reason)
    except MailError:
        return False
    return True


def cancel_audit_target(ticket: Ticket, reason: str) -> str:
    return f"{audit_target(ticket)} – {reason}" if reason else audit_target(ticket)


def back_to_list(form: TicketActionForm | CancelTicketForm, event: Event) -> str:
    """The list page the button was on (with its search and page), else the first page."""
    return safe_next_url(form.next.data, url_for("attendees.index", event_id=event.id))


def audit_target(ticket: Ticket) -> str:
    # Ids only: the audit log outlives a person's request to delete their data.
    return f"{ticket.event.slug}: ticket {ticket.id}, booking {ticket.booking_id}"


def queue_ticket_mail(ticket: Ticket) -> bool:
    """Put the ticket mail into the outbox again; False for a ticket that is not valid or has no usable address."""
    if not ticket.is_valid or not ticket.attendee_email:
        return False
    try:
        mails.ticket_mail(ticket)
    except MailError:
        return False
    return True


def attendee_table(event: Event, tickets: Iterable[Ticket]) -> tuple[list[str], Iterator[list]]:
    """Header and rows of the attendee export, in the reader's language; one column per question of the event."""
    questions = list(event.questions)
    headers = [
        _("Name"),
        _("Email"),
        _("Organization"),
        _("Stakeholder group"),
        _("Ticket type"),
        _("Status"),
        _("Booking number"),
        _("Booked at"),
        *(question.label for question in questions),
    ]
    yes_no = {choice.value: str(choice.label) for choice in YES_NO}

    def answer(ticket: Ticket, question) -> str:
        value = (ticket.answers or {}).get(str(question.id), "")
        return yes_no.get(value, value) if question.kind == "yesno" else str(value)

    rows = (
        [
            ticket.attendee_name,
            ticket.attendee_email,
            ticket.organization,
            str(STAKEHOLDER_LABELS.get(ticket.stakeholder_group, ticket.stakeholder_group)),
            ticket.ticket_type.name,
            str(STATE_LABELS.get(ticket.state, ticket.state)),
            ticket.booking_id,
            ticket.created_at.astimezone(event.tz).replace(tzinfo=None),  # spreadsheets know no timezones
            *(answer(ticket, question) for question in questions),
        ]
        for ticket in tickets
    )
    return headers, rows
