"""The unsubscribe link from a series mail: GET explains and shows one button, only the POST removes the contact
(mail gateways open links to scan them)."""

from flask import Blueprint, redirect, render_template, request, url_for

from core.extensions import db
from events.models import Event
from ticketing.contacts import services

bp = Blueprint("contacts", __name__)


@bp.route("/abmelden/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    contact = services.contact_by_token(token)
    if contact is None:
        return render_template("contacts/unknown.html"), 404
    if request.method == "POST":
        services.unsubscribe(token)
        db.session.commit()
        return redirect(url_for("contacts.unsubscribed"))
    source = db.session.get(Event, contact.source_event_id) if contact.source_event_id else None
    return render_template("contacts/unsubscribe.html", contact=contact, source=source)


@bp.get("/abmelden/erledigt")
def unsubscribed():
    return render_template("contacts/unsubscribed.html")
