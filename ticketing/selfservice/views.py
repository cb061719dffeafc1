"""Self-service pages behind the ticket's and the booking's secret links: the QR code, the correction form and the
data download. GET never changes anything; the correction is a POST with CSRF."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from core.extensions import db
from ticketing.booking.bookings import booking_by_token, ticket_by_token
from ticketing.booking.documents.files import cached_pdf_path
from ticketing.models import Ticket
from ticketing.selfservice import labels  # noqa: F401  (registers the data page's labels)
from ticketing.selfservice.corrections import correct_holder, refusal
from ticketing.selfservice.errors import SelfServiceError, message_for
from ticketing.selfservice.forms import CorrectionForm
from ticketing.selfservice.personal_data import as_json, personal_data
from ticketing.selfservice.qr_svg import qr_svg

bp = Blueprint("selfservice", __name__)
PREFIX = "holder"  # field ids unique on the ticket page, which has other forms


@bp.app_template_global()
def ticket_qr(ticket: Ticket) -> Markup:
    """The ticket's QR code as inline SVG (the PDF's code), for the ticket page."""
    label = _(
        "QR code of the ticket of %(name)s, %(ticket_type)s",
        name=ticket.attendee_name,
        ticket_type=ticket.ticket_type.name,
    )
    return Markup(qr_svg(ticket.secret, label=label))


@bp.app_template_global()
def can_correct(ticket: Ticket) -> bool:
    """Whether the ticket page offers the correction form (until check-in, not for a cancelled ticket)."""
    return refusal(ticket) is None


@bp.route("/t/<token>/correct", methods=["GET", "POST"])
def correct(token):
    ticket = ticket_by_token(token) or abort(404)
    if (reason := refusal(ticket)) is not None:
        if request.method == "POST":
            flash(message_for(SelfServiceError(reason)), "error")
            return redirect(url_for("ticketing.ticket", token=token))
        return render_template(
            "selfservice/correct.html", ticket=ticket, form=None, refusal=message_for(SelfServiceError(reason))
        )
    form = CorrectionForm(prefix=PREFIX, data={"name": ticket.attendee_name, "organization": ticket.organization})
    if form.validate_on_submit():
        stale_pdf = cached_pdf_path(ticket)
        try:
            changed = correct_holder(ticket, name=form.name.data or "", organization=form.organization.data or "")
        except SelfServiceError as error:
            db.session.rollback()
            if error.field is None:  # checked in or cancelled a moment ago
                flash(message_for(error), "error")
                return redirect(url_for("ticketing.ticket", token=token))
            getattr(form, error.field).errors.append(message_for(error))
        else:
            db.session.commit()
            if changed:
                stale_pdf.unlink(missing_ok=True)  # the former name must not stay on disk
                flash(_("Thank you: your ticket now shows the corrected name and organization."), "success")
            return redirect(url_for("ticketing.ticket", token=token))
    return render_template("selfservice/correct.html", ticket=ticket, form=form, refusal=None)


@bp.get("/t/<token>/data")
def ticket_data(token):
    ticket = ticket_by_token(token) or abort(404)
    links = {
        "json_url": url_for("selfservice.ticket_data_json", token=token),
        "back": url_for("ticketing.ticket", token=token),
    }
    return _data_page(personal_data(ticket.booking, ticket=ticket), ticket.event, links)


@bp.get("/t/<token>/data.json")
def ticket_data_json(token):
    ticket = ticket_by_token(token) or abort(404)
    return _json_download(personal_data(ticket.booking, ticket=ticket), ticket.event)


@bp.get("/booking/<token>/data")
def booking_data(token):
    booking = booking_by_token(token) or abort(404)
    links = {
        "json_url": url_for("selfservice.booking_data_json", token=token),
        "back": url_for("ticketing.booking", token=token),
    }
    return _data_page(personal_data(booking), booking.event, links)


@bp.get("/booking/<token>/data.json")
def booking_data_json(token):
    booking = booking_by_token(token) or abort(404)
    return _json_download(personal_data(booking), booking.event)


def _data_page(data: dict, event, links: dict):
    return render_template("selfservice/data.html", data=data, tz=event.tz, **links)


def _json_download(data: dict, event):
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": f'attachment; filename="my-data-{event.slug}.json"',
    }
    return as_json(data), 200, headers
