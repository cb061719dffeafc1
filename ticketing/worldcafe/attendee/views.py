"""The attendee's side: ranking topics and opting in on the private ticket page (plain forms, one POST each), the
rotation shown there, and the rotation page behind the card's QR code."""

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.db import utcnow
from core.extensions import db
from events.forms import ConfirmForm
from ticketing.booking.bookings import ticket_by_token
from ticketing.models import Ticket
from ticketing.worldcafe.attendee import choices
from ticketing.worldcafe.attendee.rotation import Rotation, rotation_of, ticket_by_rotation_token
from ticketing.worldcafe.errors import WorldCafeError
from ticketing.worldcafe.models import WorldCafe
from ticketing.worldcafe.plan import participants

bp = Blueprint("worldcafe_attendee", __name__)


@dataclass
class CafeSection:
    """One café on the ticket page: the topics to rank (while open), the ranking so far, or the rotation."""

    cafe: WorldCafe
    takes_part: bool
    can_opt_in: bool
    is_open: bool
    topics: list[tuple[str, str]]
    ranked: list[str]
    rotation: Rotation | None


@bp.app_template_global()
def worldcafe_sections(ticket: Ticket) -> list[CafeSection]:
    """What the ticket page's World Café section shows (the page itself belongs to `ticketing.booking.views`)."""
    if ticket.state != "valid":
        return []
    cafes = db.session.scalars(select(WorldCafe).where(WorldCafe.event_id == ticket.event_id).order_by(WorldCafe.id))
    rotations = {rotation.cafe.id: rotation for rotation in rotation_of(ticket)}
    now, sections = utcnow(), []
    for cafe in cafes:
        offered = choices.topics(cafe)
        takes_part = participants.takes_part(cafe, ticket)
        can_opt_in = cafe.participation == "opt_in" and not takes_part and cafe.choices_open(now)
        if not offered or not (takes_part or can_opt_in or cafe.id in rotations):
            continue
        ranked = choices.choice_of(cafe, ticket) if takes_part else []
        sections.append(CafeSection(cafe, takes_part, can_opt_in, cafe.choices_open(now), offered, ranked,
                                    rotations.get(cafe.id)))  # fmt: skip
    return sections


def cafe_of(ticket: Ticket, cafe_id: int) -> WorldCafe:
    cafe = db.session.get(WorldCafe, cafe_id)
    if cafe is None or cafe.event_id != ticket.event_id:
        abort(404)
    return cafe


def back(ticket: Ticket):
    return redirect(url_for("ticketing.ticket", token=ticket.access_token) + "#worldcafe")


@bp.post("/t/<token>/worldcafe/<int:cafe_id>/choices")
def rank(token, cafe_id):
    """The ranking from one select per rank (no script needed); empty ranks are left out."""
    ticket = ticket_by_token(token) or abort(404)
    cafe = cafe_of(ticket, cafe_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ranked = [request.form.get(f"rank_{i}", "") for i in range(1, len(cafe.tables) + 1)]
    try:
        choices.rank_topics(cafe, ticket, ranked, now=utcnow())
    except WorldCafeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Your topic choices are saved."), "success")
    return back(ticket)


@bp.post("/t/<token>/worldcafe/<int:cafe_id>/<any(join, leave):action>")
def opt_in(token, cafe_id, action):
    ticket = ticket_by_token(token) or abort(404)
    cafe = cafe_of(ticket, cafe_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        participants.set_opt_in(cafe, ticket, action == "join", now=utcnow())
    except WorldCafeError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("You take part in the World Café.") if action == "join" else _("You no longer take part."), "success")
    return back(ticket)


@bp.get("/rotation/<token>")
def rotation(token):
    """The rotation card's page: rounds, times, tables; nothing else of the ticket."""
    ticket = ticket_by_rotation_token(token) or abort(404)
    return render_template("worldcafe/rotation.html", ticket=ticket, rotations=rotation_of(ticket))
