"""Public booking pages: book, confirm, the booking and ticket pages, the waiting list.

Links in emails open a page with one button; only the POST acts (mail gateways open links to scan them).
"""

import re
import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.caching.pages import Rendered, cached_page
from core.db import utcnow
from core.extensions import db, limiter
from core.i18n import current_language
from events.messages import message_for
from events.services import published_event
from ticketing.booking import bookings as booking_service
from ticketing.booking import waitlist
from ticketing.booking.capacity import next_sale_change, on_sale, ticket_types_for
from ticketing.booking.documents.files import event_calendar, ticket_pdf
from ticketing.booking.forms import answers_of, booking_form_class, waitlist_form_class
from ticketing.booking.offers import booking_offer
from ticketing.errors import BookingError
from ticketing.models import Booking, TicketType

bp = Blueprint("ticketing", __name__)
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what we issue, and what fits Booking.submission_key
CSRF_HOLE, KEY_HOLE = "csrf-token-hole", "submission-key-hole"  # in the cached blank form, filled per response


def _booking_limit() -> str:
    return current_app.config["BOOKING_RATE_LIMIT"]


@bp.get("/e/<slug>/book")
def book(slug):
    # The blank form is the same for every visitor but for its CSRF token and form key, which are filled in.
    holes = {CSRF_HOLE: generate_csrf, KEY_HOLE: new_submission_key}
    return cached_page(("book", slug), lambda: blank_booking_form(slug), holes)


@bp.post("/e/<slug>/book")
@limiter.limit(_booking_limit)  # on the POST only: opening the form is not limited, and costs no limiter check
def book_submit(slug):
    offer = booking_offer(slug) or abort(404)
    form = booking_form_class(offer, on_sale(offer.ticket_types, utcnow()))()
    sold_out = None
    if not SUBMISSION_KEY.fullmatch(form.submission_key.data or ""):
        form.submission_key.data = new_submission_key()
    if form.add_attendee.data and len(form.attendees) < offer.max_tickets_per_booking:
        form.attendees.append_entry()
    elif form.remove_attendee.data and len(form.attendees) > 1:
        form.attendees.pop_entry()
    elif form.submit.data and form.validate_on_submit():
        try:
            booking_service.start_booking(
                offer,
                [attendee_data(entry.data) for entry in form.attendees],
                submission_key=form.submission_key.data,
                consent_privacy=form.consent_privacy.data,
                consent_media=getattr(form, "consent_media", None) is not None and form.consent_media.data,
                language=current_language(),
                now=utcnow(),
                hold_minutes=current_app.config["BOOKING_HOLD_MINUTES"],
                series_consent=form.series_consent.data,
            )
        except BookingError as error:
            db.session.rollback()
            if error.code == "sold_out" and _submitted(form.submission_key.data):
                # A double click: the other request of this very form holds the last seat; answer as it did.
                return redirect(url_for("ticketing.booked", slug=slug))
            sold_out = error.ticket_type if error.code == "sold_out" else None
            form.form_errors.append(message_for(error.code))
        except IntegrityError:
            # A double click sent the form twice at once; the other request holds the key and made the booking.
            db.session.rollback()
            if not _submitted(form.submission_key.data):
                raise
            return redirect(url_for("ticketing.booked", slug=slug))  # not event.slug: that would reload the event
        else:
            db.session.commit()
            return redirect(url_for("ticketing.booked", slug=slug))  # not event.slug: that would reload the event
    # The form again, with what it says is wrong: the page shows the event as it is now (seats and all).
    event, now = published_event(slug) or abort(404), utcnow()
    ticket_types = on_sale(ticket_types_for(event, public_only=True), now)
    return render_template(
        "booking/book.html", event=event, form=form, ticket_types=ticket_types, sold_out=sold_out, now=now
    )


def blank_booking_form(slug: str) -> Rendered:
    event = published_event(slug) or abort(404)
    now = utcnow()
    public = ticket_types_for(event, public_only=True)
    ticket_types = on_sale(public, now)
    form = booking_form_class(event, ticket_types)()
    form.csrf_token.current_token, form.submission_key.data = CSRF_HOLE, KEY_HOLE
    html = render_template("booking/book.html", event=event, form=form, ticket_types=ticket_types, now=now)
    return Rendered(html, next_sale_change(event, public, now))


def new_submission_key() -> str:
    """The form's key: a double click or a resent form finds the booking it made (Booking.submission_key)."""
    return secrets.token_urlsafe(16)


def _submitted(submission_key: str) -> bool:
    return db.session.scalar(select(Booking.id).where(Booking.submission_key == submission_key)) is not None


def attendee_data(data: dict) -> booking_service.AttendeeData:
    return booking_service.AttendeeData(
        name=data["name"].strip(),
        email=data["email"].strip().lower(),
        ticket_type_id=int(data["ticket_type_id"]),  # one of the form's choices: digits
        organization=(data["organization"] or "").strip(),
        stakeholder_group=data["stakeholder_group"],
        answers=answers_of(data),
    )


@bp.get("/e/<slug>/booked")
def booked(slug):
    event = published_event(slug) or abort(404)
    return render_template("booking/booked.html", event=event)


@bp.route("/booking/<token>/confirm", methods=["GET", "POST"])
def confirm(token):
    if request.method == "GET":
        confirmation = booking_service.confirmation(token) or abort(404)
        return render_template("booking/confirm.html", confirmation=confirmation)
    try:
        if not booking_service.confirm_by_token(token, now=utcnow()):
            abort(404)
    except BookingError as error:
        db.session.rollback()
        flash(message_for(error.code), "error")
    else:
        db.session.commit()
        flash(_("Thank you! Your booking is confirmed; every ticket holder gets their ticket by email."), "success")
    return redirect(url_for("ticketing.booking", token=token))


@bp.get("/booking/<token>")
def booking(token):
    booking = booking_service.booking_by_token(token) or abort(404)
    return render_template("booking/booking.html", booking=booking, now=utcnow())


@bp.post("/booking/<token>/tickets/<int:ticket_id>/cancel")
def cancel_from_booking(token, ticket_id):
    booking = booking_service.booking_by_token(token) or abort(404)
    ticket = next((t for t in booking.tickets if t.id == ticket_id), None) or abort(404)
    _act(booking_service.cancel_ticket, ticket, _("The ticket is cancelled and its seat released."))
    return redirect(url_for("ticketing.booking", token=token))


@bp.get("/t/<token>")
def ticket(token):
    ticket = booking_service.ticket_by_token(token) or abort(404)
    return render_template("booking/ticket.html", ticket=ticket)


@bp.get("/t/<token>/ticket.pdf")
def ticket_download(token):
    ticket = booking_service.ticket_by_token(token) or abort(404)
    if not ticket.is_valid:
        abort(404)
    headers = {"Content-Disposition": f'attachment; filename="ticket-{ticket.event.slug}.pdf"'}
    return ticket_pdf(ticket), 200, {"Content-Type": "application/pdf", **headers}


@bp.get("/t/<token>/event.ics")
def ticket_calendar(token):
    ticket = booking_service.ticket_by_token(token) or abort(404)
    body = event_calendar(ticket.event, ticket.ticket_type.valid_days)
    disposition = f'attachment; filename="{ticket.event.slug}.ics"'
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": disposition}


@bp.route("/t/<token>/<any(cancel, release):action>", methods=["GET", "POST"])
def release(token, action="release"):
    """Cancel from the ticket page, or "I cannot come – release my seat" from the reminder: the same act."""
    ticket = booking_service.ticket_by_token(token) or abort(404)
    if request.method == "POST":
        _act(booking_service.cancel_ticket, ticket, _("Thank you: your seat is released for someone else."))
        return redirect(url_for("ticketing.ticket", token=token))
    return render_template("booking/release.html", ticket=ticket)


@bp.route("/t/<token>/delete", methods=["GET", "POST"])
def delete_data(token):
    ticket = booking_service.ticket_by_token(token) or abort(404)
    if request.method == "POST":
        _act(booking_service.delete_attendee_data, ticket, _("Your data is deleted."))
        return redirect(url_for("events.detail", slug=ticket.event.slug))
    return render_template("booking/delete.html", ticket=ticket)


def _act(service, obj, success: str) -> bool:
    """Run a one-button service on `obj`, commit, and flash its outcome."""
    try:
        service(obj, now=utcnow())
    except BookingError as error:
        db.session.rollback()
        flash(message_for(error.code), "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.route("/e/<slug>/waitlist/<int:ticket_type_id>", methods=["GET", "POST"])
@limiter.limit(_booking_limit, methods=["POST"])
def waitlist_join(slug, ticket_type_id):
    event = published_event(slug) or abort(404)
    ticket_type = db.session.get(TicketType, ticket_type_id)
    if ticket_type is None or ticket_type.event_id != event.id or not ticket_type.is_public:
        abort(404)
    form = waitlist_form_class(event, ticket_type)()
    if form.validate_on_submit():
        person = attendee_data(form.person.data)
        try:
            waitlist.join_waitlist(
                ticket_type,
                name=person.name,
                email=person.email,
                organization=person.organization,
                stakeholder_group=person.stakeholder_group,
                answers=booking_service.check_answers(event, person.answers),
                consent_privacy=form.consent_privacy.data,
                consent_media=getattr(form, "consent_media", None) is not None and form.consent_media.data,
                language=current_language(),
                now=utcnow(),
            )
        except BookingError as error:
            db.session.rollback()
            form.form_errors.append(message_for(error.code))
        else:
            db.session.commit()
            flash(_("You are on the waiting list. We have sent you an email."), "success")
            return redirect(url_for("events.detail", slug=slug))
    return render_template("booking/waitlist_join.html", event=event, ticket_type=ticket_type, form=form)


@bp.route("/waitlist/<token>/<any(claim, leave):action>", methods=["GET", "POST"])
def waitlist_entry(token, action):
    entry = waitlist.entry_by_token(token) or abort(404)
    if request.method == "POST":
        if action == "leave":
            _act(waitlist.leave_waitlist, entry, _("You have left the waiting list."))
            return redirect(url_for("events.detail", slug=entry.event.slug))
        try:
            ticket = waitlist.claim_offer(entry, now=utcnow())
        except BookingError as error:
            db.session.commit()  # a lapsed offer was handed on to the next person: keep that
            flash(message_for(error.code), "error")
            return redirect(url_for("events.detail", slug=entry.event.slug))
        db.session.commit()
        flash(_("The seat is yours. Your ticket is on its way by email."), "success")
        return redirect(url_for("ticketing.ticket", token=ticket.access_token))
    return render_template("booking/waitlist_entry.html", entry=entry, action=action, now=utcnow())
